/**
 * The admin's settings, checked once when the handler is created, and the
 * small lookups every page shares: a kind's label, a device's table row,
 * who a user is.
 */
import { TwofoldError } from '../../core/errors.js';
import type { Twofold, TwofoldLogger } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import { presentationOf, presentedKinds, recoveryIssuer, remainingOnList } from '../../devices/presentation.js';
import { WEB_MESSAGES, type MessageCatalog } from '../../web/messages.js';
import { resolveBaseWebConfig, type BaseWebConfig } from '../../web/options.js';
import { isSafeRedirect } from '../../web/redirect.js';
import { toTwofoldUser, type HostUser } from '../../web/user.js';
import { WEB_VIEWS, type TwofoldViews } from '../../web/views.js';
import { ADMIN_ENGLISH_MESSAGES, createAdminTranslator, type AdminMessageId, type AdminMessageParams, type AdminTranslator } from './messages.js';
import type { OtpAdminOptions } from './options.js';
import { defineRequirement, type Requirement } from '../../web/step-up/requirement.js';
import { createRevealSealer, type RevealSealer } from '../shared/code-reveal.js';
import type { DeviceRow, KindChoice } from './views.js';

/** The admin's options after checking, plus what is derived from them. */
export interface AdminConfig {
  readonly web: BaseWebConfig;
  readonly twofold: Twofold;
  readonly logger: TwofoldLogger;
  readonly translator: AdminTranslator;
  readonly t: (id: AdminMessageId, params?: AdminMessageParams) => string;
  readonly showSecrets: boolean;
  /** The session key of the notices kept across redirects. */
  readonly flashKey: string;
  /** The kinds "Add an authenticator" offers, with their labels. */
  readonly creatable: readonly KindChoice[];
  readonly maxScan: number;
  readonly maxUsers: number;
  readonly findUser: ((id: string) => Promise<HostUser | null | undefined>) | undefined;
  readonly searchUsers: ((query: string, limit: number) => Promise<readonly HostUser[]>) | undefined;
  /** What staff must have verified beyond a verified session, and the step-up page that asks for it; null: nothing more. */
  readonly stepUp: { readonly requirement: Requirement; readonly url: string } | null;
  /** New backup codes on their page: the sealer, the session key, and how long they stay. */
  readonly codeReveal: { readonly sealer: RevealSealer; readonly key: string; readonly lifetimeMs: number };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** An error's name and message for the log (never a key or code: the admin's errors carry none). */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function resolveAdminStepUp<User extends HostUser>(options: OtpAdminOptions<User>, loginUrl: string): AdminConfig['stepUp'] {
  const given = options.requirement;
  if (given === undefined || given === null) return null;
  if (typeof given !== 'object' || typeof (given as Partial<Requirement>).name !== 'string') {
    throw new TwofoldError('INVALID_CONFIG', 'otpAdmin: requirement must be made with defineRequirement(name, spec)');
  }
  const requirement = defineRequirement(given.name, given.spec);
  if (options.stepUpUrl !== undefined && !isSafeRedirect(options.stepUpUrl)) {
    throw new TwofoldError('INVALID_CONFIG', `otpAdmin: stepUpUrl must be a same-origin path starting with "/", got ${JSON.stringify(options.stepUpUrl)}`);
  }
  const url = options.stepUpUrl ?? (loginUrl.endsWith('/login') ? `${loginUrl.slice(0, -'/login'.length)}/step-up` : null);
  if (url === null) throw new TwofoldError('INVALID_CONFIG', 'otpAdmin: a requirement needs stepUpUrl (loginUrl does not end in /login)');
  return { requirement, url };
}

/**
 * Checks the admin's options and derives its settings.
 *
 * @throws TwofoldError `INVALID_CONFIG` on a bad option.
 */
export function resolveAdminConfig<User extends HostUser>(options: OtpAdminOptions<User>): AdminConfig {
  const web: BaseWebConfig = resolveBaseWebConfig({
    twofold: options.twofold,
    ...(options.loginUrl === undefined ? {} : { loginUrl: options.loginUrl }),
    ...(options.redirectField === undefined ? {} : { redirectField: options.redirectField }),
    ...(options.sessionKey === undefined ? {} : { sessionKey: options.sessionKey }),
    ...(options.webMessages === undefined ? {} : { messages: options.webMessages }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.stylesheets === undefined ? {} : { stylesheets: options.stylesheets }),
    ...(options.contentSecurityPolicy === undefined ? {} : { contentSecurityPolicy: options.contentSecurityPolicy }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  }, {
    // The admin renders its own pages and shows only the web layer's own sentences (delays, refusals); the flows'
    // views and sentences are not its to show.
    views: WEB_VIEWS as Partial<TwofoldViews> as TwofoldViews,
    english: WEB_MESSAGES as Partial<MessageCatalog> as MessageCatalog,
    // The admin seals nothing in sessions, so it needs no sealing keys (not even in production).
    secretsRequired: false,
  });
  if (options.logoutUrl !== undefined && !isSafeRedirect(options.logoutUrl)) {
    throw new TwofoldError('INVALID_CONFIG', 'logoutUrl must be a same-origin path starting with "/"');
  }
  const maxScan = options.maxScan ?? 10_000;
  const maxUsers = options.maxUsers ?? 200;
  if (!isPositiveInteger(maxScan) || !isPositiveInteger(maxUsers)) {
    throw new TwofoldError('INVALID_CONFIG', 'maxScan and maxUsers must be positive integers');
  }
  const revealSeconds = options.backupCodesRevealSeconds ?? 600;
  if (!Number.isSafeInteger(revealSeconds) || revealSeconds < 60 || revealSeconds > 3600) {
    throw new TwofoldError('INVALID_CONFIG', 'backupCodesRevealSeconds must be a whole number of seconds from 60 to 3600');
  }
  const twofold = web.twofold;
  const translator = createAdminTranslator(web.translator, {
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.messages === undefined ? {} : { messages: options.messages }),
  });
  const t = (id: AdminMessageId, params?: AdminMessageParams): string => translator.text(id, params);
  const creatable: KindChoice[] = [];
  for (const name of options.creatableKinds ?? defaultCreatableKinds(twofold)) {
    const kind = twofold.kind(name);
    if (kind === undefined) {
      if (options.creatableKinds !== undefined) throw new TwofoldError('INVALID_CONFIG', `creatableKinds: kind ${name} is not registered`);
      continue;
    }
    if (kind.configUrl === undefined) {
      throw new TwofoldError('INVALID_CONFIG', `creatableKinds: kind ${name} has no provisioning URI, so the admin could not set it up`);
    }
    creatable.push({ name, label: labelOfKind(t, twofold, name) });
  }
  return {
    web,
    twofold,
    stepUp: resolveAdminStepUp(options, web.loginUrl),
    logger: web.logger,
    translator,
    t,
    showSecrets: options.showSecretsOfConfirmedDevices === true,
    flashKey: `${web.keys.state}AdminFlash`,
    creatable,
    maxScan,
    maxUsers,
    findUser: options.findUser,
    searchUsers: options.searchUsers,
    codeReveal: {
      sealer: createRevealSealer(options.secrets ?? twofold.settings.secrets(), 'admin backup codes'),
      key: `${web.keys.state}AdminCodes`,
      lifetimeMs: revealSeconds * 1000,
    },
  };
}

/** The admin's settings for a reader of `language`: the same, with its translators bound to that language. */
export function adminConfigIn(config: AdminConfig, language: string): AdminConfig {
  const translator = config.translator.inLanguage(language);
  const web = config.web.translator.inLanguage?.(language) ?? config.web.translator;
  return { ...config, web: { ...config.web, translator: web }, translator, t: (id, params) => translator.text(id, params) };
}

function labelOfKind(t: AdminConfig['t'], twofold: AdminConfig['twofold'], name: string): string {
  const id = `admin.kind.${name}`;
  if (Object.hasOwn(ADMIN_ENGLISH_MESSAGES, id)) return t(id as AdminMessageId);
  // A kind the catalog does not know is named as it declares itself, else by its name.
  return presentationOf(twofold.kind(name))?.label ?? name;
}

/** A kind's name in the reader's language: the catalog's `admin.kind.<name>`, else the label the kind declares, else the name itself. */
export function kindLabel(config: AdminConfig, name: string): string {
  return labelOfKind(config.t, config.twofold, name);
}

/** Whether a recovery kind that issues its list (backup codes) is registered, so the admin may issue them. */
export function backupCodesEnabled(config: AdminConfig): boolean {
  return recoveryIssuer(config.twofold) !== null;
}

/** How many codes a recovery device (backup codes) has left, or null when its kind keeps no list. */
export function codeCount(config: AdminConfig, device: Device): number | null {
  return remainingOnList(config.twofold, device);
}

/** The kinds "Add an authenticator" offers unless the host lists them: every registered kind set up by showing a key. */
export function defaultCreatableKinds(twofold: AdminConfig['twofold']): string[] {
  return presentedKinds(twofold)
    .filter(({ kind, presentation }) => presentation.setup.steps === 'scan' && typeof kind.configUrl === 'function')
    .map(({ kind }) => kind.name);
}

/** A device as a table row shows it. */
export function deviceRow(config: AdminConfig, device: Device): DeviceRow {
  return {
    persistentId: device.persistentId,
    userId: device.userId,
    name: device.name,
    kind: device.kind,
    kindLabel: kindLabel(config, device.kind),
    confirmed: device.confirmed,
    createdAt: device.createdAt,
    lastUsedAt: device.lastUsedAt,
    failureCount: device.failureCount,
    lockedUntil: device.lockedUntil,
  };
}

/** The user's display name, and whether the user exists (null when `findUser` is not configured). */
export async function describeUser(config: AdminConfig, userId: string): Promise<{ label: string; username: string | null; exists: boolean | null }> {
  if (config.findUser === undefined) return { label: userId, username: null, exists: null };
  const found = toTwofoldUser(await config.findUser(userId));
  if (found === null) return { label: userId, username: null, exists: false };
  return { label: found.username ?? userId, username: found.username, exists: true };
}
