/**
 * Options of the account pages (setup wizard, devices, backup codes, profile,
 * disable) and their JSON API, checked once at start-up.
 */
import { TwofoldError } from '../../core/errors.js';
import { provisioningAccountName } from '../../core/provisioning.js';
import type { Twofold } from '../../core/twofold.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { ceremonyKindOf, presentedKinds, tokenKindOf } from '../../devices/presentation.js';
import { availableSideChannels, destinationKindOf } from './side-channel.js';

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
   * The methods the setup wizard offers, in order. A kind that is set up by
   * showing a key: registered with twofold, with a provisioning URI
   * (`configUrl`) and a `key` option (`totp`, `hotp`); or a method of a kind
   * that sends codes to a destination the user gives, as the kind's
   * presentation declares it (`setup.destination.methods`): `sms` and `call`
   * of the phone kind (as its `methods` allow), `email` of the e-mail kind.
   * Default: every registered kind whose presentation says `selfService`,
   * in registration order: its key, or each of its methods (`totp`, then
   * `sms`, `call`, `email` for the usual kinds). With one method the wizard
   * skips the choice.
   */
  readonly methods?: readonly string[];
  /** Issuer shown by authenticator apps for keys set up here (your site's name), or a function of the user. Default: none. */
  readonly issuer?: string | ((user: TwofoldUser) => string | undefined);
  /**
   * Account name shown by authenticator apps (default: the username, else the
   * user id). Cleaned for `otpauth://` labels (`carol:admin` is shown as
   * `carol-admin`); when nothing printable is left, the user id is used.
   */
  readonly accountName?: (user: TwofoldUser) => string;
  /**
   * The user's own e-mail address, if your app knows it: the e-mail setup
   * form is pre-filled with it (the user may type another). Default: none.
   */
  readonly userEmail?: (user: TwofoldUser) => string | null | undefined | Promise<string | null | undefined>;
  /**
   * Formats the dates of the account pages (device added, last used, ...).
   * Default: `Intl.DateTimeFormat` with {@link ACCOUNT_DATE_FORMAT} (the
   * time zone named) in the language of the request's page and the
   * configured `timeZone`.
   */
  readonly formatDate?: (date: Date, language: string) => string;
}

/** The checked account options. */
export interface AccountConfig {
  readonly recentVerificationMs: number;
  readonly setupTimeoutMs: number;
  readonly backupCodesDownloadMs: number;
  /** Methods offered by setup, in order: kinds set up with a key, and the methods of kinds that send codes (`sms`, `call`, `email`). Empty when nothing can be set up. */
  readonly methods: readonly string[];
  readonly issuer: (user: TwofoldUser) => string | undefined;
  readonly accountName: (user: TwofoldUser) => string;
  /** The user's e-mail address to pre-fill, or null. */
  readonly userEmail: (user: TwofoldUser) => Promise<string | null>;
  /** Formats a date for a page in `language` (the request's), in the configured time zone unless the host formats dates itself. */
  readonly formatDate: (date: Date, language: string) => string;
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
 * What setup offers when the host lists no methods: each registered kind
 * that declares itself `selfService`, in registration order — first the
 * kinds set up with a key, by name, then each method of the kinds that send
 * codes.
 */
export function defaultSetupMethods(twofold: Twofold): string[] {
  const kinds = presentedKinds(twofold).filter(({ presentation }) => presentation.setup.selfService);
  // Keys first: an app is the stronger factor, and was offered first before kinds described themselves.
  const keys = kinds.filter(({ kind, presentation }) => presentation.setup.steps === 'scan' && isKeySetupKind(twofold, kind.name)).map(({ kind }) => kind.name);
  // Then kinds that register from one token of the device (a YubiKey), then the channels that send codes.
  const tokens = kinds.filter(({ presentation }) => presentation.setup.steps === 'token' && presentation.setup.token !== undefined).map(({ kind }) => kind.name);
  const ceremonies = kinds.filter(({ presentation }) => presentation.setup.steps === 'ceremony' && presentation.setup.ceremony !== undefined).map(({ kind }) => kind.name);
  const channels = availableSideChannels(twofold);
  const sent = kinds.flatMap(({ presentation }) => (presentation.setup.steps === 'destination' ? (presentation.setup.destination?.methods ?? []) : []));
  return [...keys, ...tokens, ...ceremonies, ...sent.filter((method) => channels.includes(method))];
}

/**
 * Checks the account options against the twofold instance. Throws
 * `TwofoldError` `INVALID_CONFIG` on a mistake. Without `methods`, setup
 * offers what {@link defaultSetupMethods} finds, and nothing otherwise (the
 * other account pages still work).
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
    methods = defaultSetupMethods(twofold);
  } else {
    const listed: unknown = given.methods;
    if (!Array.isArray(listed) || listed.length === 0) fail('account.methods must list at least one kind');
    const checked: string[] = [];
    for (const method of listed as unknown[]) {
      if (typeof method !== 'string' || (destinationKindOf(twofold, method) === null && !isKeySetupKind(twofold, method) && tokenKindOf(twofold, method) === null && ceremonyKindOf(twofold, method) === null)) {
        fail(
          `account.methods: ${JSON.stringify(method)} is not a registered kind with a provisioning URI (such as totp or hotp), ` +
            `nor a method of a registered kind that sends codes (${availableSideChannels(twofold).join(', ') || 'none is registered'})`,
        );
      }
      if (checked.includes(method)) fail('account.methods lists a kind twice');
      checked.push(method);
    }
    methods = checked;
  }
  const { issuer, accountName, userEmail, formatDate } = given;
  if (issuer !== undefined && typeof issuer !== 'string' && typeof issuer !== 'function') fail('account.issuer must be a string or a function');
  if (accountName !== undefined && typeof accountName !== 'function') fail('account.accountName must be a function');
  if (userEmail !== undefined && typeof userEmail !== 'function') fail('account.userEmail must be a function');
  if (formatDate !== undefined && typeof formatDate !== 'function') fail('account.formatDate must be a function');
  let fallbackFormat: Intl.DateTimeFormat;
  try {
    fallbackFormat = dateTimeFormat(format.locale, format.timeZone);
  } catch (error) {
    fail(`locale or timeZone is not supported: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    recentVerificationMs: seconds(given.recentVerificationSeconds, 900, 30, 86_400, 'recentVerificationSeconds'),
    setupTimeoutMs: seconds(given.setupTimeoutSeconds, 600, 60, 3600, 'setupTimeoutSeconds'),
    backupCodesDownloadMs: seconds(given.backupCodesDownloadSeconds, 300, 30, 3600, 'backupCodesDownloadSeconds'),
    methods,
    issuer: typeof issuer === 'function' ? issuer : () => issuer,
    // Cleaned here, once, for the pages, the JSON API and the backup-code file alike.
    accountName: (user) => provisioningAccountName(accountName === undefined ? (user.username ?? user.id) : accountName(user), user.id),
    userEmail: async (user) => (userEmail === undefined ? null : ((await userEmail(user)) ?? null)),
    formatDate: formatDate ?? languageDateFormat(format.timeZone, fallbackFormat),
  };
}

/**
 * How the account pages write a date by default: day, month, year and time,
 * with the time zone named (`Dec 6, 2026, 2:03 PM UTC`), as the code pages
 * name it on their clock times.
 */
export const ACCOUNT_DATE_FORMAT: Readonly<Intl.DateTimeFormatOptions> = Object.freeze({
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

function dateTimeFormat(language: string, timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(language, { ...ACCOUNT_DATE_FORMAT, timeZone });
}

/** Dates in the page's language, one formatter per language; a language Intl does not know gets the configured one. */
function languageDateFormat(timeZone: string, fallback: Intl.DateTimeFormat): (date: Date, language: string) => string {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (date, language) => {
    let format = formats.get(language);
    if (format === undefined) {
      try {
        format = dateTimeFormat(language, timeZone);
      } catch {
        format = fallback;
      }
      // Languages come from the configured list, so the map stays small.
      formats.set(language, format);
    }
    return format.format(date);
  };
}

// The account pages' option and checked settings, as part of the web layer's (declaration merging keeps the web layer free of flows).
declare module '../../web/options.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- declaration merging
  interface TwofoldWebOptions<User extends HostUser = HostUser> {
    /** The account pages (setup, devices, backup codes, profile, disable) and their JSON API; `false` leaves them out. */
    readonly account?: AccountOptions | false;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- declaration merging
  interface WebConfig<User extends HostUser = HostUser> {
    /** The account pages' configuration, or null when they are left out. */
    readonly account: AccountConfig | null;
  }
}
