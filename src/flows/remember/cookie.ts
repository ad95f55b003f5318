/**
 * The remember cookie on the wire.
 *
 * Name: a prefix plus the record's random id, so that every remembered
 * (user, browser) pair has a cookie of its own and several people can share
 * a browser. Value: `<record id>.<device id>.<secret>`, all base64url: the
 * record id (128 bits, not secret) finds the server-side record, the device
 * id says which device the cookie stands in for (so that a refused cookie is
 * charged to that device), and the 256-bit secret is what proves possession.
 * The server keeps only the secret's SHA-256. Nothing in the cookie is
 * personal data or a password hash.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RememberConfig } from './options.js';
import { requestCookies } from '../../web/cookies.js';

export { requestCookies } from '../../web/cookies.js';

/** A cookie value twofold wrote, split into its parts (not yet checked against the store). */
export interface RememberCookie {
  /** The full cookie name. */
  readonly name: string;
  /** The record id (from the value; the name's suffix must match). */
  readonly recordId: string;
  /** The id (not persistent id) of the device the cookie claims to stand in for. */
  readonly deviceId: string;
  readonly secret: string;
}

/** A cookie under the remember prefix that could not be read: cleared, charged to nobody. */
export interface MalformedRememberCookie {
  readonly name: string;
}

const ID = '[A-Za-z0-9_-]{22}';
const VALUE_PATTERN = new RegExp(`^(${ID})\\.(${ID})\\.([A-Za-z0-9_-]{43})$`);

/** At most this many remember cookies are looked at per request (each costs a store read). */
export const MAX_REMEMBER_COOKIES = 16;

/** Whether the cookie goes out with `Secure` for this request. */
export function isSecureCookie(config: RememberConfig, request: Request): boolean {
  return config.secure === 'auto' ? new URL(request.url).protocol === 'https:' : config.secure;
}

/** The name prefix of remember cookies for this request (see `rememberCookiePrefix`). */
export function rememberCookiePrefix(config: RememberConfig, request: Request): string {
  if (config.prefix !== null) return config.prefix;
  if (!isSecureCookie(config, request)) return 'twofold_remember_';
  return config.domain === null && config.path === '/' ? '__Host-twofold_remember_' : '__Secure-twofold_remember_';
}

/** The remember cookies a request carries (at most {@link MAX_REMEMBER_COOKIES}), read but not verified. */
export function readRememberCookies(config: RememberConfig, request: Request): { readonly valid: RememberCookie[]; readonly malformed: MalformedRememberCookie[] } {
  const prefix = rememberCookiePrefix(config, request);
  const valid: RememberCookie[] = [];
  const malformed: MalformedRememberCookie[] = [];
  for (const [name, value] of requestCookies(request)) {
    if (!name.startsWith(prefix)) continue;
    if (valid.length + malformed.length >= MAX_REMEMBER_COOKIES) break;
    const match = VALUE_PATTERN.exec(value);
    // The name carries the record id too; a value moved under another name is not one twofold wrote.
    if (match === null || name !== prefix + match[1]!) malformed.push({ name });
    else valid.push({ name, recordId: match[1]!, deviceId: match[2]!, secret: match[3]! });
  }
  return { valid, malformed };
}

/** A new cookie's random parts: a 128-bit record id and a 256-bit secret. */
export function newRememberSecrets(): { readonly recordId: string; readonly secret: string } {
  return { recordId: randomBytes(16).toString('base64url'), secret: randomBytes(32).toString('base64url') };
}

/** What the store keeps of a cookie's secret. */
export function hashRememberSecret(secret: string): string {
  return createHash('sha256').update(`twofold remember-browser token\u0000${secret}`, 'utf8').digest('base64url');
}

/** Whether `secret` is the one whose hash is `storedHash` (constant time). */
export function matchesRememberSecret(secret: string, storedHash: string): boolean {
  const computed = Buffer.from(hashRememberSecret(secret), 'utf8');
  const stored = Buffer.from(storedHash, 'utf8');
  return computed.length === stored.length && timingSafeEqual(computed, stored);
}

/**
 * What the store keeps of the host's password fingerprint: salted with the
 * record id, so that equal fingerprints give unrelated hashes and a table
 * dump says nothing about which users share one.
 */
export function hashPasswordFingerprint(recordId: string, fingerprint: string): string {
  return createHash('sha256').update(`twofold remember-browser password\u0000${recordId}\u0000${fingerprint}`, 'utf8').digest('base64url');
}

/** Whether `fingerprint` is the one recorded as `storedHash` for `recordId` (constant time). */
export function matchesPasswordFingerprint(recordId: string, fingerprint: string, storedHash: string): boolean {
  const computed = Buffer.from(hashPasswordFingerprint(recordId, fingerprint), 'utf8');
  const stored = Buffer.from(storedHash, 'utf8');
  return computed.length === stored.length && timingSafeEqual(computed, stored);
}

function attributes(config: RememberConfig, request: Request): string {
  return [
    `Path=${config.path}`,
    config.domain === null ? null : `Domain=${config.domain}`,
    isSecureCookie(config, request) ? 'Secure' : null,
    config.httpOnly ? 'HttpOnly' : null,
    `SameSite=${config.sameSite}`,
  ]
    .filter((attribute): attribute is string => attribute !== null)
    .join('; ');
}

/** The `Set-Cookie` value of a new remember cookie, valid until `expiresAt` (never extended). */
export function rememberCookieHeader(
  config: RememberConfig,
  request: Request,
  parts: { readonly recordId: string; readonly deviceId: string; readonly secret: string },
  now: number,
  expiresAt: number,
): string {
  const name = rememberCookiePrefix(config, request) + parts.recordId;
  const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000));
  return `${name}=${parts.recordId}.${parts.deviceId}.${parts.secret}; Max-Age=${maxAge}; Expires=${new Date(expiresAt).toUTCString()}; ${attributes(config, request)}`;
}

/** The `Set-Cookie` value that removes the cookie `name` from the browser. */
export function clearRememberCookieHeader(config: RememberConfig, request: Request, name: string): string {
  return `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes(config, request)}`;
}
