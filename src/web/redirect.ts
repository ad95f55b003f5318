/**
 * Redirect targets taken from requests (`?next=`) are attacker-controlled:
 * only same-origin relative paths are followed. Anything that a browser might
 * read as another host (`//evil`, `/\evil`, `https:evil`, encoded slashes,
 * control characters that browsers strip) falls back to a configured default.
 */

/** Longest redirect target accepted. */
export const MAX_REDIRECT_LENGTH = 2048;

// Control characters, whitespace (browsers strip tabs and newlines inside URLs) and backslashes
// (which browsers treat as slashes in http(s) URLs).
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\\\s]/u;
const BASE = 'http://twofold.invalid';

function looksSafe(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !FORBIDDEN.test(path);
}

/**
 * Whether `target` is a same-origin relative path that is safe to redirect
 * to: it starts with a single `/`, contains no backslash, whitespace or
 * control character, and its percent-decoded form passes the same test (so
 * that a later decoding step cannot turn it into `//evil`).
 */
export function isSafeRedirect(target: unknown): target is string {
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_REDIRECT_LENGTH) return false;
  if (!looksSafe(target)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return false;
  }
  if (!looksSafe(decoded)) return false;
  try {
    return new URL(target, BASE).origin === BASE;
  } catch {
    return false;
  }
}

/** `target` when {@link isSafeRedirect}, otherwise `fallback`. */
export function safeRedirect(target: unknown, fallback: string): string {
  return isSafeRedirect(target) ? target : fallback;
}

/**
 * The URL of a login page with the page to come back to, e.g.
 * `/login?next=%2Fsecret`. `loginUrl` may already carry a query.
 */
export function loginRedirectUrl(loginUrl: string, redirectField: string, next: string): string {
  const separator = loginUrl.includes('?') ? '&' : '?';
  return `${loginUrl}${separator}${encodeURIComponent(redirectField)}=${encodeURIComponent(next)}`;
}
