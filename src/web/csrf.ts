/**
 * Cross-site request forgery protection for twofold's forms.
 *
 * Two independent checks, both required on every POST:
 *
 * 1. A synchronizer token: 256 random bits kept in the session and echoed in
 *    a hidden form field, compared in constant time. Another session's token,
 *    or no token, fails. The token is dropped whenever twofold rotates the
 *    session id, so a token seen before a login is useless after it. Before
 *    there is a session worth storing (an anonymous visitor of the sign-in
 *    page), the token lives in a cookie instead: see `pre-session-csrf.ts`.
 * 2. The browser's own view of where the request comes from: a
 *    `Sec-Fetch-Site` other than `same-origin` (or `none`, a user-initiated
 *    navigation) is refused, and so is an `Origin` header naming another
 *    host, for browsers that do not send `Sec-Fetch-Site`.
 */
import { randomFillSync, timingSafeEqual } from 'node:crypto';

/** The hidden form field that carries the token. */
export const CSRF_FIELD = '_csrf';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Minimal session access for CSRF tokens. */
interface TokenSession {
  get(key: string): unknown;
  set(key: string, value: string): void;
}

/** Whether `value` has the shape of a token twofold issues (43 base64url characters). */
export function isWellFormedCsrfToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

const TOKEN_BYTES = 32;

/**
 * Random bytes for tokens, drawn from the CSPRNG a batch at a time: one
 * `randomBytes(32)` call costs about ten times the 32 bytes' share of a
 * batch (Node's own `randomUUID` batches the same way). Every byte is handed
 * out once and zeroed as it is, so the pool never holds a token already issued.
 */
const pool = Buffer.alloc(TOKEN_BYTES * 64);
let poolOffset = pool.length;

function newToken(): string {
  if (poolOffset + TOKEN_BYTES > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const end = poolOffset + TOKEN_BYTES;
  const token = pool.toString('base64url', poolOffset, end);
  pool.fill(0, poolOffset, end);
  poolOffset = end;
  return token;
}

/** The session's CSRF token, created (and stored under `key`) on first use. */
export function csrfToken(session: TokenSession, key: string): string {
  const existing = session.get(key);
  if (typeof existing === 'string' && TOKEN_PATTERN.test(existing)) return existing;
  const token = newToken();
  session.set(key, token);
  return token;
}

/** Whether `submitted` equals the session's token, compared in constant time. False when the session has none. */
export function isValidCsrfToken(session: Pick<TokenSession, 'get'>, key: string, submitted: unknown): boolean {
  const expected = session.get(key);
  if (typeof expected !== 'string' || !TOKEN_PATTERN.test(expected) || typeof submitted !== 'string') return false;
  // Only a value of the token's shape can match: anything else is refused from its own shape, which tells the
  // sender nothing about the token. Both are then 43 ASCII characters, compared in constant time.
  if (!TOKEN_PATTERN.test(submitted)) return false;
  return timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(submitted, 'latin1'));
}

/**
 * Whether the browser says this request comes from another site: a
 * `Sec-Fetch-Site` other than `same-origin` or `none`, or, without it, an
 * `Origin` whose host differs from the request's (including `Origin: null`).
 * Requests without either header (old browsers, scripts) pass this check
 * and rely on the token alone.
 */
export function isCrossSiteRequest(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true;
  }
  // Hosts, not full origins: behind a TLS-terminating proxy the app may see http while the browser says https.
  return host === '' || host !== new URL(request.url).host;
}

/** Both checks: not cross-site, and a valid token. */
export function checkCsrf(request: Request, session: Pick<TokenSession, 'get'>, key: string, submitted: unknown): boolean {
  const tokenValid = isValidCsrfToken(session, key, submitted);
  return !isCrossSiteRequest(request) && tokenValid;
}

/**
 * Why a form was refused: `cross-site` (the browser says another site sent
 * it), `cookies` (a same-site form with no cookie at all: this browser keeps
 * none, and reloading never helps), or `stale` (a same-site form whose token
 * is out of date: the session moved on in another tab, was rotated by a
 * sign-in or sign-out, or ran out).
 */
export function csrfRefusal(request: Request): 'cross-site' | 'cookies' | 'stale' {
  if (isCrossSiteRequest(request)) return 'cross-site';
  const cookies = request.headers.get('cookie');
  return cookies === null || cookies.trim() === '' ? 'cookies' : 'stale';
}

/**
 * The message of a refused form: a browser that sent no cookie at all with a
 * same-site form keeps no cookies, and reloading never helps it, so it is
 * told that cookies are needed; anything else "expired or sent from another
 * site".
 */
export function csrfRefusalMessage(request: Request): 'error.csrf' | 'error.cookiesRequired' {
  return csrfRefusal(request) === 'cookies' ? 'error.cookiesRequired' : 'error.csrf';
}
