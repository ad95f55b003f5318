/**
 * Options of the account pages (setup wizard, devices, backup codes, profile,
 * disable) and their JSON API, checked once at start-up.
 */
import { TwofoldError } from '../../core/errors.js';
import { provisioningAccountName } from '../../core/provisioning.js';
import type { Twofold } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import { defineRequirement, type Requirement } from '../../web/step-up/requirement.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { LOCAL_DATE_FORMAT } from '../../web/client-script.js';
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
  /**
   * What each sensitive action asks of the session, as step-up requirements
   * (`defineRequirement`); each defaults to {@link ACCOUNT_RECENT_REQUIREMENT}'s
   * rule: any second factor verified less than `recentVerificationSeconds`
   * ago, asked for on the account's own "confirm it is you" page. Another
   * requirement is asked for on the step-up page, which serves it
   * automatically; a requirement returned by the `removeDevice` function
   * must also be in the top-level `requirements` option.
   *
   * @example
   * // Removing a security key needs a security key touched in the last 5 minutes.
   * const keyRemoval = defineRequirement('remove-key', { factor: 'second-factor', phishingResistant: true, within: 300 });
   * account: { requirements: { removeDevice: (device) => (device.kind === 'webauthn' ? keyRemoval : undefined) } },
   * requirements: [keyRemoval],
   */
  readonly requirements?: AccountRequirements;
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

/** The account's sensitive actions, each with its own step-up requirement. */
export type AccountAction = 'addDevice' | 'removeDevice' | 'backupCodes' | 'disable';

/** The requirement of each sensitive action (see {@link AccountOptions.requirements}). */
export interface AccountRequirements {
  /** Setting up a device (not the first one: a first enrolment needs only the password). */
  readonly addDevice?: Requirement;
  /** Removing a device; a function answers per device (undefined: the default). */
  readonly removeDevice?: Requirement | ((device: Device) => Requirement | undefined);
  /** Generating new backup codes. */
  readonly backupCodes?: Requirement;
  /** Turning two-factor authentication off. */
  readonly disable?: Requirement;
}

/** The name of the account's default requirement (a second factor within `recentVerificationSeconds`). */
export const ACCOUNT_RECENT_REQUIREMENT = 'account-recent';

/** The checked account options. */
export interface AccountConfig {
  readonly recentVerificationMs: number;
  /** The default requirement of the sensitive actions: any second factor within `recentVerificationSeconds`. */
  readonly recentRequirement: Requirement;
  /** The requirement of `action` (for `removeDevice`, of removing `device`). */
  readonly requirementFor: (action: AccountAction, device?: Device | null) => Requirement;
  /** The requirements given for the actions (not the default): the step-up page serves them. */
  readonly requirements: readonly Requirement[];
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
  /** Whether dates are in the default format, which the page script rewrites in the reader's time zone (not a host's `formatDate`). */
  readonly localDates: boolean;
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
  const recentVerificationMs = seconds(given.recentVerificationSeconds, 900, 30, 86_400, 'recentVerificationSeconds');
  const recentRequirement = defineRequirement(ACCOUNT_RECENT_REQUIREMENT, { factor: 'second-factor', within: recentVerificationMs / 1000 });
  const actions = checkAccountRequirements(given.requirements);
  return {
    recentVerificationMs,
    recentRequirement,
    requirements: [actions.addDevice, actions.removeDevice, actions.backupCodes, actions.disable].filter(
      (requirement, index, all): requirement is Requirement => typeof requirement === 'object' && all.indexOf(requirement) === index,
    ),
    requirementFor: (action, device) => {
      const chosen = actions[action];
      if (typeof chosen === 'function') return (device === null || device === undefined ? undefined : chosen(device)) ?? recentRequirement;
      return chosen ?? recentRequirement;
    },
    setupTimeoutMs: seconds(given.setupTimeoutSeconds, 600, 60, 3600, 'setupTimeoutSeconds'),
    backupCodesDownloadMs: seconds(given.backupCodesDownloadSeconds, 300, 30, 3600, 'backupCodesDownloadSeconds'),
    methods,
    issuer: typeof issuer === 'function' ? issuer : () => issuer,
    // Cleaned here, once, for the pages, the JSON API and the backup-code file alike.
    accountName: (user) => provisioningAccountName(accountName === undefined ? (user.username ?? user.id) : accountName(user), user.id),
    userEmail: async (user) => (userEmail === undefined ? null : ((await userEmail(user)) ?? null)),
    formatDate: formatDate ?? languageDateFormat(format.timeZone, fallbackFormat),
    localDates: formatDate === undefined,
  };
}

function checkAccountRequirements(given: unknown): AccountRequirements {
  if (given === undefined) return {};
  if (typeof given !== 'object' || given === null) fail('account.requirements must be an object of requirements by action');
  const record = given as Record<string, unknown>;
  for (const [action, value] of Object.entries(record)) {
    if (!['addDevice', 'removeDevice', 'backupCodes', 'disable'].includes(action)) fail(`account.requirements has an unknown action "${action}"`);
    if (action === 'removeDevice' && typeof value === 'function') continue;
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || typeof (value as Partial<Requirement>).name !== 'string') {
      fail(`account.requirements.${action} must be made with defineRequirement(name, spec)`);
    }
    const requirement = value as Requirement;
    defineRequirement(requirement.name, requirement.spec);
    if (requirement.name === ACCOUNT_RECENT_REQUIREMENT) fail(`account.requirements.${action}: the name "${ACCOUNT_RECENT_REQUIREMENT}" is the default's`);
  }
  return record;
}

/**
 * How the account pages write a date by default: day, month, year and time,
 * with the time zone named (`Dec 6, 2026, 2:03 PM UTC`), as the code pages
 * name it on their clock times.
 */
export const ACCOUNT_DATE_FORMAT: Readonly<Intl.DateTimeFormatOptions> = LOCAL_DATE_FORMAT;

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
