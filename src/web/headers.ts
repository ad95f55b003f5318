/**
 * Response headers for twofold's pages. The pages hold forms with CSRF
 * tokens and sign-in state, so they are never cached (`no-store`), never
 * framed (clickjacking), and run under a CSP that allows only twofold's own
 * script file (`/twofold.js`: copy buttons, countdowns; never inline code).
 *
 * `Referrer-Policy` is `same-origin`, not `no-referrer`: with `no-referrer`
 * browsers send `Origin: null` on form posts, which the CSRF check refuses.
 */
import { constantHeaderPairs, textResponse, type HeaderPairs } from './response-body.js';

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

/** The header lists of HTML pages, by their options (a configuration has one or two): checked once, copied lazily. */
const htmlHeaderLists = new Map<string, HeaderPairs>();
const HTML_HEADER_LISTS = 32;

function htmlHeaders(options: SecurityHeaderOptions): HeaderPairs {
  const policy = options.contentSecurityPolicy;
  const key = `${options.noStore === false ? 'store' : 'no-store'} ${policy === undefined ? 'default' : policy === null ? 'none' : `policy ${policy}`}`;
  const known = htmlHeaderLists.get(key);
  if (known !== undefined) return known;
  const pairs = securityPairs(options);
  pairs.push(['Content-Type', 'text/html; charset=utf-8']);
  // Past a handful of options (a policy made per request, with a nonce), each page gets its own list as before.
  if (htmlHeaderLists.size >= HTML_HEADER_LISTS) return pairs;
  const list = constantHeaderPairs(pairs);
  htmlHeaderLists.set(key, list);
  return list;
}

/** An HTML response with {@link securityHeaders}. */
export function htmlResponse(body: string, status: number, options: SecurityHeaderOptions = {}): Response {
  return textResponse(body, { status, headers: htmlHeaders(options) as [string, string][] });
}

/** A redirect (303 after a form post, so the browser follows with GET) with {@link securityHeaders}. */
export function redirectResponse(location: string, status: 302 | 303 = 303): Response {
  const headers = securityPairs({ contentSecurityPolicy: null });
  headers.push(['Location', location]);
  return new Response(null, { status, headers });
}

// The same for every JSON answer: one checked list serves all (see constantHeaderPairs).
const JSON_HEADERS: HeaderPairs = constantHeaderPairs([...securityPairs({ contentSecurityPolicy: null }), ['Content-Type', 'application/json; charset=utf-8']]);

/** A JSON response that is never cached. */
export function jsonResponse(data: unknown, status: number): Response {
  return textResponse(JSON.stringify(data), { status, headers: JSON_HEADERS as [string, string][] });
}
