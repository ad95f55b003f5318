/**
 * Response headers for twofold's pages. The pages hold forms with CSRF
 * tokens and sign-in state, so they are never cached (`no-store`), never
 * framed (clickjacking), and run under a CSP that allows only twofold's own
 * script file (`/twofold.js`: copy buttons, countdowns; never inline code).
 *
 * `Referrer-Policy` is `same-origin`, not `no-referrer`: with `no-referrer`
 * browsers send `Origin: null` on form posts, which the CSRF check refuses.
 */
import { textResponse } from './response-body.js';

/** twofold's default Content-Security-Policy: scripts, styles and images from the app itself only (no inline script), forms only to the app. */
export const DEFAULT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Options of {@link securityHeaders}. */
export interface SecurityHeaderOptions {
  /** Adds `Cache-Control: no-store` (default true). */
  readonly noStore?: boolean;
  /** The Content-Security-Policy, or null for none (default {@link DEFAULT_CONTENT_SECURITY_POLICY}). */
  readonly contentSecurityPolicy?: string | null;
}

type HeaderPairs = readonly (readonly [string, string])[];

const ALWAYS: HeaderPairs = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'same-origin'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
];

function securityPairs(options: SecurityHeaderOptions): [string, string][] {
  const pairs: [string, string][] = ALWAYS.map(([name, value]) => [name, value]);
  const policy = options.contentSecurityPolicy === undefined ? DEFAULT_CONTENT_SECURITY_POLICY : options.contentSecurityPolicy;
  if (policy !== null) pairs.push(['Content-Security-Policy', policy]);
  if (options.noStore !== false) pairs.push(['Cache-Control', 'no-store']);
  return pairs;
}

/** Security headers for one of twofold's responses. */
export function securityHeaders(options: SecurityHeaderOptions = {}): Headers {
  return new Headers(securityPairs(options));
}

/** An HTML response with {@link securityHeaders}. */
export function htmlResponse(body: string, status: number, options: SecurityHeaderOptions = {}): Response {
  const headers = securityPairs(options);
  headers.push(['Content-Type', 'text/html; charset=utf-8']);
  return textResponse(body, { status, headers });
}

/** A redirect (303 after a form post, so the browser follows with GET) with {@link securityHeaders}. */
export function redirectResponse(location: string, status: 302 | 303 = 303): Response {
  const headers = securityPairs({ contentSecurityPolicy: null });
  headers.push(['Location', location]);
  return new Response(null, { status, headers });
}

// The same for every JSON answer: the response copies them into its own `Headers`, so one list serves all.
const JSON_HEADERS: HeaderPairs = [...securityPairs({ contentSecurityPolicy: null }), ['Content-Type', 'application/json; charset=utf-8']];

/** A JSON response that is never cached. */
export function jsonResponse(data: unknown, status: number): Response {
  return textResponse(JSON.stringify(data), { status, headers: JSON_HEADERS as [string, string][] });
}
