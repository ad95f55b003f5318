/**
 * Options of the account pages (setup wizard, devices, backup codes, profile,
 * disable) and their JSON API, checked once at start-up.
 */
import { TwofoldError } from '../../core/errors.js';
import type { Twofold } from '../../core/twofold.js';
import type { TwofoldUser } from '../../web/user.js';

/** Options of the account pages: `account` in `createTwofoldExpress(...)` and `twofold/hono`. */
export interface AccountOptions {
  /**
   * How long a second factor counts as recent, in seconds: adding or removing
   * a device, regenerating backup codes and turning two-factor authentication
   * off need a code entered at most this long ago (a browser remembered by a
   * cookie never counts). Default 900 (15 minutes, NIST SP 800-63B's AAL3 idle
   * limit); 30 to 86,400.
   */
  readonly recentVerificationSeconds?: number;
  /** How long a started setup (its key) stays valid, in seconds. Default 600; 60 to 3,600. */
  readonly setupTimeoutSeconds?: number;
  /** How long after generating backup codes they may be downloaded, in that session only, in seconds. Default 300; 30 to 3,600. */
  readonly backupCodesDownloadSeconds?: number;
  /**
   * The device kinds the setup wizard offers, in order (default `['totp']`).
   * Each must be registered with twofold and give a provisioning URI
   * (`configUrl`) and accept a `key` option: `totp` and `hotp` do. With one
   * method the wizard skips the choice.
   */
  readonly methods?: readonly string[];
  /** Issuer shown by authenticator apps for keys set up here (your site's name), or a function of the user. Default: none. */
  readonly issuer?: string | ((user: TwofoldUser) => string | undefined);
  /** Account name shown by authenticator apps (default: the username, else the user id). */
  readonly accountName?: (user: TwofoldUser) => string;
}

/** The checked account options. */
export interface AccountConfig {
  readonly recentVerificationMs: number;
  readonly setupTimeoutMs: number;
  readonly backupCodesDownloadMs: number;
  /** Registered kinds offered by setup, in order (at least one). */
  readonly methods: readonly string[];
  readonly issuer: (user: TwofoldUser) => string | undefined;
  readonly accountName: (user: TwofoldUser) => string;
  /** Formats dates on the profile in the configured locale and time zone. */
  readonly dateFormat: Intl.DateTimeFormat;
}

function fail(message: string): never {
  throw new TwofoldError('INVALID_CONFIG', message);
}

function seconds(value: unknown, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback * 1000;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`account.${name} must be an integer from ${min} to ${max} (seconds)`);
  }
  return value * 1000;
}

/** Whether a registered kind can be set up by showing a key: it has a provisioning URI. */
export function isKeySetupKind(twofold: Twofold, kindName: string): boolean {
  const kind = twofold.kind(kindName);
  return kind !== undefined && typeof kind.configUrl === 'function';
}

/**
 * Checks the account options against the twofold instance. Throws
 * `TwofoldError` `INVALID_CONFIG` on a mistake. Without `methods`, setup
 * offers `totp` when it is registered, and nothing otherwise (the other
 * account pages still work).
 */
export function resolveAccountOptions(
  options: AccountOptions | undefined,
  twofold: Twofold,
  format: { readonly locale: string; readonly timeZone: string },
): AccountConfig {
  const given = options ?? {};
  if (typeof given !== 'object') fail('account must be an options object or false');
  let methods: readonly string[];
  if (given.methods === undefined) {
    methods = isKeySetupKind(twofold, 'totp') ? ['totp'] : [];
  } else {
    const listed: unknown = given.methods;
    if (!Array.isArray(listed) || listed.length === 0) fail('account.methods must list at least one kind');
    const checked: string[] = [];
    for (const method of listed as unknown[]) {
      if (typeof method !== 'string' || !isKeySetupKind(twofold, method)) {
        fail(`account.methods: ${JSON.stringify(method)} is not a registered kind with a provisioning URI (such as totp or hotp)`);
      }
      if (checked.includes(method)) fail('account.methods lists a kind twice');
      checked.push(method);
    }
    methods = checked;
  }
  const { issuer, accountName } = given;
  if (issuer !== undefined && typeof issuer !== 'string' && typeof issuer !== 'function') fail('account.issuer must be a string or a function');
  if (accountName !== undefined && typeof accountName !== 'function') fail('account.accountName must be a function');
  let dateFormat: Intl.DateTimeFormat;
  try {
    dateFormat = new Intl.DateTimeFormat(format.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: format.timeZone });
  } catch (error) {
    fail(`locale or timeZone is not supported: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    recentVerificationMs: seconds(given.recentVerificationSeconds, 900, 30, 86_400, 'recentVerificationSeconds'),
    setupTimeoutMs: seconds(given.setupTimeoutSeconds, 600, 60, 3600, 'setupTimeoutSeconds'),
    backupCodesDownloadMs: seconds(given.backupCodesDownloadSeconds, 300, 30, 3600, 'backupCodesDownloadSeconds'),
    methods,
    issuer: typeof issuer === 'function' ? issuer : () => issuer,
    accountName: accountName ?? ((user) => user.username ?? user.id),
    dateFormat,
  };
}
