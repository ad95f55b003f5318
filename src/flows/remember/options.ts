/**
 * The options of "remember this browser", django-two-factor-auth's
 * `TWO_FACTOR_REMEMBER_COOKIE_*` settings, checked once at start-up. The
 * feature is off unless `rememberCookieAge` is set.
 */
import { TwofoldError } from '../../core/errors.js';
import type { TwofoldUser } from '../../web/user.js';

/** The `SameSite` attribute of the remember cookie. */
export type RememberCookieSameSite = 'Strict' | 'Lax' | 'None';

/** Options of "remember this browser" (all but `rememberCookieAge` and `passwordFingerprint` have safe defaults). */
export interface RememberBrowserOptions {
  /**
   * How long a browser stays remembered after the code that remembered it,
   * in seconds (django-two-factor-auth's `TWO_FACTOR_REMEMBER_COOKIE_AGE`).
   * Absent (the default): the feature is off, no checkbox is shown and no
   * cookie is read. 60 to 34,560,000 (400 days, the longest browsers keep a
   * cookie). Counted from the code: using the cookie never extends it.
   */
  readonly rememberCookieAge?: number;
  /**
   * Start of the cookie's name; each remembered (user, browser) gets its own
   * cookie, named this prefix plus a random id. Default: `__Host-twofold_remember_`
   * when the cookie is `Secure` with `Path=/` and no `Domain`,
   * `__Secure-twofold_remember_` when it is `Secure` otherwise, and
   * `twofold_remember_` over plain HTTP. A prefix starting with `__Host-` or
   * `__Secure-` needs `rememberCookieSecure: true` (and `__Host-` needs the
   * default path and no domain).
   */
  readonly rememberCookiePrefix?: string;
  /** The cookie's `Domain` (default none: only this host). Setting it shares the cookie with subdomains. */
  readonly rememberCookieDomain?: string;
  /** The cookie's `Path` (default `/`). */
  readonly rememberCookiePath?: string;
  /** Whether the cookie is `Secure`: `'auto'` (the default) when the request came over HTTPS (with Express, set `trust proxy` behind a proxy). */
  readonly rememberCookieSecure?: boolean | 'auto';
  /** Whether the cookie is `HttpOnly` (default true; turning it off lets any script, and any XSS, read a 2FA bypass). */
  readonly rememberCookieHttpOnly?: boolean;
  /** The cookie's `SameSite` (default `Lax`); `None` needs `rememberCookieSecure: true`. */
  readonly rememberCookieSameSite?: RememberCookieSameSite;
  /**
   * Required with `rememberCookieAge`: a string that changes whenever the
   * user's password changes, e.g. a hash of the stored password hash, or a
   * password-changed-at timestamp. A remembered browser is honoured only
   * while it is the same as when the browser was remembered. twofold keeps a
   * salted SHA-256 of it, never the value itself. For users signed in
   * without a password (SSO), return something that changes when their
   * credentials do.
   */
  readonly passwordFingerprint?: (user: TwofoldUser) => string | Promise<string>;
}

/** The checked remember settings. */
export interface RememberConfig {
  /** Lifetime in milliseconds, counted from the second factor that remembered the browser. */
  readonly ageMs: number;
  /** An explicit name prefix, or null for the automatic one. */
  readonly prefix: string | null;
  readonly domain: string | null;
  readonly path: string;
  readonly secure: boolean | 'auto';
  readonly httpOnly: boolean;
  readonly sameSite: RememberCookieSameSite;
  readonly passwordFingerprint: (user: TwofoldUser) => string | Promise<string>;
}

/** The most a browser keeps a cookie (Chrome and the cookie RFC draft cap Max-Age at 400 days). */
export const MAX_REMEMBER_COOKIE_AGE = 400 * 86_400;

const PREFIX_PATTERN = /^(?:__Host-|__Secure-)?[A-Za-z0-9_-]{1,64}$/;
const DOMAIN_PATTERN = /^\.?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const PATH_PATTERN = /^\/[A-Za-z0-9._~!$&'()*+,=:@%/-]{0,255}$/;

function fail(message: string): never {
  throw new TwofoldError('INVALID_CONFIG', message);
}

/** Checks the remember options; null when the feature is off. Throws `TwofoldError` `INVALID_CONFIG` on a mistake. */
export function resolveRememberOptions(options: RememberBrowserOptions): RememberConfig | null {
  const {
    rememberCookieAge: age,
    rememberCookiePrefix: prefix,
    rememberCookieDomain: domain,
    rememberCookiePath: path = '/',
    rememberCookieSecure: secure = 'auto',
    rememberCookieHttpOnly: httpOnly = true,
    rememberCookieSameSite: sameSite = 'Lax',
    passwordFingerprint,
  } = options;
  if (age === undefined) {
    const stray = (
      ['rememberCookiePrefix', 'rememberCookieDomain', 'rememberCookiePath', 'rememberCookieSecure', 'rememberCookieHttpOnly', 'rememberCookieSameSite'] as const
    ).filter((name) => options[name] !== undefined);
    if (stray.length > 0) fail(`${stray.join(', ')} have no effect without rememberCookieAge (which turns "remember this browser" on)`);
    return null;
  }
  if (!Number.isSafeInteger(age) || age < 60 || age > MAX_REMEMBER_COOKIE_AGE) {
    fail(`rememberCookieAge must be an integer number of seconds from 60 to ${MAX_REMEMBER_COOKIE_AGE} (400 days)`);
  }
  if (typeof passwordFingerprint !== 'function') {
    fail('rememberCookieAge needs passwordFingerprint(user): a remembered browser must stop working when the password changes');
  }
  // Checked at run time too: options often come from configuration files, where types do not reach.
  const secureValues: readonly unknown[] = [true, false, 'auto'];
  const sameSiteValues: readonly unknown[] = ['Strict', 'Lax', 'None'];
  if (!secureValues.includes(secure)) fail('rememberCookieSecure must be true, false or "auto"');
  if (typeof (httpOnly as unknown) !== 'boolean') fail('rememberCookieHttpOnly must be a boolean');
  if (!sameSiteValues.includes(sameSite)) fail('rememberCookieSameSite must be "Strict", "Lax" or "None"');
  if (sameSite === 'None' && secure !== true) fail('rememberCookieSameSite "None" needs rememberCookieSecure: true (browsers refuse it otherwise)');
  if (typeof path !== 'string' || !PATH_PATTERN.test(path)) fail('rememberCookiePath must be a path starting with "/" without ";", spaces or control characters');
  if (domain !== undefined && (typeof domain !== 'string' || domain.length > 253 || !DOMAIN_PATTERN.test(domain))) {
    fail('rememberCookieDomain must be a host name such as "example.com"');
  }
  if (prefix !== undefined) {
    if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
      fail('rememberCookiePrefix must be letters, digits, "_" and "-" (optionally after "__Host-" or "__Secure-"), at most 64');
    }
    if ((prefix.startsWith('__Host-') || prefix.startsWith('__Secure-')) && secure !== true) {
      fail(`rememberCookiePrefix "${prefix}" needs rememberCookieSecure: true`);
    }
    if (prefix.startsWith('__Host-') && (domain !== undefined || path !== '/')) {
      fail('a "__Host-" rememberCookiePrefix needs rememberCookiePath "/" and no rememberCookieDomain');
    }
  }
  return {
    ageMs: age * 1000,
    prefix: prefix ?? null,
    domain: domain ?? null,
    path,
    secure,
    httpOnly,
    sameSite,
    passwordFingerprint,
  };
}
