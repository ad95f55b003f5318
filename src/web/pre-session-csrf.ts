/**
 * CSRF tokens for visitors who have no session worth storing yet.
 *
 * The sign-in page needs a CSRF token, but storing one in the session would
 * store a session for every anonymous `GET /login` (a fuzzer or a crawler
 * leaves thousands behind). So until the session holds something of its own
 * (a sign-in in progress, twofold's verified state, or the host's signed-in
 * user), the token is kept in a cookie instead and checked by double submit:
 * the form's token must equal the cookie's, compared in constant time, on
 * top of the `Sec-Fetch-Site` / `Origin` check that every POST passes.
 * Another site can neither read the cookie nor set it: it is `HttpOnly`,
 * `SameSite=Strict` and, over HTTPS, named `__Host-` (no subdomain can plant
 * it).
 *
 * Once the session holds something, tokens are the session's own again
 * (the cookie's token is never copied into it), and a rotation of the
 * session id clears the cookie, so that a token seen before a sign-in or a
 * sign-out is useless after it.
 */
import { isWellFormedCsrfToken } from './csrf.js';
import { requestCookies } from './cookies.js';
import type { SessionKeys, TwofoldSession } from './session.js';

/** The session to give the pages, and what to add to their response. */
export interface PreSessionCsrf {
  /** The host's session, whose CSRF key is read from and written to the cookie while the session holds nothing. */
  readonly session: TwofoldSession;
  /** Adds the cookie (a new token, or its removal) to `response` when needed. */
  finish(response: Response): Response;
}

/** Whether the request came over HTTPS: a `Request`'s URL is absolute and normalized (lower-case scheme), no need to parse it. */
function isHttps(request: Request): boolean {
  return request.url.startsWith('https:');
}

/** The name of the pre-session CSRF cookie for `request`: `__Host-twofold_csrf` over HTTPS, `twofold_csrf` over HTTP. */
export function preSessionCookieName(request: Request, keys: SessionKeys): string {
  return isHttps(request) ? `__Host-${keys.state}_csrf` : `${keys.state}_csrf`;
}

function cookieHeader(request: Request, name: string, value: string, clear: boolean): string {
  const secure = isHttps(request) ? '; Secure' : '';
  const lifetime = clear ? '; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT' : '';
  // No Max-Age: a browser-session cookie, gone when the browser closes.
  return `${name}=${value}${lifetime}; Path=/; HttpOnly; SameSite=Strict${secure}`;
}

/**
 * Wraps the session of one request. `signedIn` says whether the host has a
 * signed-in user at the start of the request (its session is stored anyway).
 */
export function preSessionCsrf(request: Request, session: TwofoldSession, keys: SessionKeys, signedIn: boolean): PreSessionCsrf {
  const name = preSessionCookieName(request, keys);
  const fromCookie = requestCookies(request).get(name);
  const incoming = isWellFormedCsrfToken(fromCookie) ? fromCookie : null;
  let minted: string | null = null;
  let rotated = false;
  let hostUser = signedIn;

  // Whether the session has something to keep, so that it is stored whatever twofold does.
  const holds = (): boolean => hostUser || session.get(keys.state) !== undefined || session.get(keys.pending) !== undefined;

  const wrapped: TwofoldSession = {
    get(key) {
      if (key !== keys.csrf) return session.get(key);
      const own = session.get(key);
      if (own !== undefined || holds()) return own;
      return minted ?? (rotated ? undefined : incoming) ?? undefined;
    },
    set(key, value) {
      if (key === keys.csrf && !holds()) minted = typeof value === 'string' ? value : null;
      else session.set(key, value);
    },
    delete(key) {
      if (key === keys.csrf) minted = null;
      session.delete(key);
    },
    async regenerate(keep) {
      await session.regenerate(keep);
      rotated = true;
      minted = null;
      // Only the listed keys moved: the host's login went with the old session unless it signs in again.
      if (keep !== 'all') hostUser = false;
    },
  };

  return {
    session: wrapped,
    finish(response) {
      if (minted !== null) {
        // A token handed out before the session came to hold something belongs to the session now.
        if (holds()) session.set(keys.csrf, minted);
        else response.headers.append('Set-Cookie', cookieHeader(request, name, minted, false));
      } else if (rotated && incoming !== null) {
        response.headers.append('Set-Cookie', cookieHeader(request, name, '', true));
      }
      return response;
    },
  };
}
