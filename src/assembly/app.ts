/**
 * The one-call setup behind `twofoldExpress` and `twofoldHono`: the twofold
 * instance plus the host's few callbacks become the checked configuration of
 * every page (sign-in, account, JSON API, remember this browser) and, for
 * hosts that say who is staff, the device admin. What the core already knows
 * (secrets, environment, issuer, clock, logger) is taken from it, so a host
 * passes each of these once, to `createTwofold`.
 */
import { TwofoldError } from '../core/errors.js';
import type { Twofold } from '../core/twofold.js';
import { createAdminHandler, type AdminHandler, type OtpAdminOptions } from '../flows/admin/handler.js';
import { DEFAULT_ADMIN_REQUIREMENT } from '../flows/admin/options.js';
import type { AccountOptions } from '../flows/account/options.js';
import type { HostUser, TwofoldUser } from '../web/user.js';
import { resolveWebConfig, type TwofoldWebOptions, type WebConfig } from './options.js';

/** How long "remember this browser" lasts when `passwordFingerprint` turns it on without `rememberCookieAge`: 30 days. */
export const DEFAULT_REMEMBER_SECONDS = 30 * 24 * 3600;

/** The admin's own settings in {@link TwofoldAppOptions} (the rest comes from the app's options). */
export type TwofoldAppAdminOptions<User extends HostUser = HostUser> = Pick<
  OtpAdminOptions<User>,
  'showSecretsOfConfirmedDevices' | 'creatableKinds' | 'findUser' | 'searchUsers' | 'maxScan' | 'maxUsers' | 'messages' | 'requirement'
>;

/**
 * Options of the one-call factories, without the framework's own callbacks
 * (how to find the signed-in user and sign them in or out, which
 * `twofoldExpress` and `twofoldHono` add). Everything has a default; the
 * options of {@link TwofoldWebOptions} (views, messages, languages,
 * `requireTwoFactor`, ...) are accepted as they are, except those the core
 * or `path` already decide.
 */
export interface TwofoldAppOptions<User extends HostUser = HostUser>
  extends Omit<TwofoldWebOptions<User>, 'twofold' | 'secrets' | 'logger' | 'loginUrl'> {
  /**
   * Where twofold's pages live (default `/account`): `/account/login`,
   * `/account/logout`, `/account/setup`, `/account/profile`, the JSON API
   * under `/account/api/...`. `/` serves them at the root (`/login`, ...).
   */
  readonly path?: string;
  /** The user's own e-mail address, to pre-fill the e-mail setup form (the same as `account.userEmail`). */
  readonly userEmail?: (user: TwofoldUser) => string | null | undefined | Promise<string | null | undefined>;
  /** Who may use the device admin (django's `is_staff`). Without it there is no admin. */
  readonly isStaff?: (user: User) => boolean | Promise<boolean>;
  /** Where the admin lives when `isStaff` is given (default `/admin`). */
  readonly adminPath?: string;
  /** The admin's own settings; `findUser` defaults to `loadUser`. */
  readonly admin?: TwofoldAppAdminOptions<User>;
}

/** Where the pages of a {@link TwofoldApp} are. */
export interface TwofoldAppUrls {
  /** The prefix of the pages: `''` at the root, else e.g. `/account`. */
  readonly pages: string;
  readonly login: string;
  readonly logout: string;
  readonly profile: string;
  readonly setup: string;
  /** The admin's prefix, or null without one. */
  readonly admin: string | null;
}

/** The checked setup: the pages' configuration, their URLs, and the admin when there is one. */
export interface TwofoldApp<User extends HostUser = HostUser> {
  readonly config: WebConfig<User>;
  readonly urls: TwofoldAppUrls;
  readonly admin: AdminHandler<User> | null;
}

const PATH_PATTERN = /^(?:\/[A-Za-z0-9._~-]+)+$/;

function fail(message: string): never {
  throw new TwofoldError('INVALID_CONFIG', message);
}

function prefix(value: string | undefined, fallback: string, name: string, rootAllowed: boolean): string {
  const given = value ?? fallback;
  if (rootAllowed && given === '/') return '';
  if (typeof given !== 'string' || !PATH_PATTERN.test(given)) {
    fail(`${name} must be a path such as "${fallback}" (letters, digits, ".", "_", "~", "-" between slashes, no trailing slash)${rootAllowed ? ', or "/"' : ''}`);
  }
  return given;
}

function accountOptions<User extends HostUser>(options: TwofoldAppOptions<User>, twofold: Twofold): AccountOptions | false {
  if (options.account === false) {
    if (options.userEmail !== undefined) fail('userEmail has no effect with account: false');
    return false;
  }
  const account = options.account ?? {};
  if (options.userEmail !== undefined && account.userEmail !== undefined) fail('give userEmail once: as userEmail or as account.userEmail');
  // The issuer authenticator apps show: the core's, unless the host names one per user; a core issuer that
  // is a function of the device cannot name a device that does not exist yet, so setups then show none.
  const coreIssuer = twofold.settings.issuer;
  return {
    ...account,
    ...(account.issuer === undefined && typeof coreIssuer === 'string' ? { issuer: coreIssuer } : {}),
    ...(options.userEmail === undefined ? {} : { userEmail: options.userEmail }),
  };
}

/**
 * Checks the options of a one-call factory against the twofold instance.
 * Throws `TwofoldError` `INVALID_CONFIG` on a mistake, at start-up.
 */
export function resolveTwofoldApp<User extends HostUser>(twofold: Twofold, options: TwofoldAppOptions<User> = {}): TwofoldApp<User> {
  // Checked at run time too: JavaScript callers get a clear error instead of a TypeError deep inside.
  const instance: unknown = twofold;
  if (typeof instance !== 'object' || instance === null || typeof (instance as Partial<Twofold>).settings !== 'object') {
    fail('the first argument must be a twofold instance (createTwofold(...))');
  }
  const checked: unknown = options;
  if (typeof checked !== 'object' || checked === null) fail('options must be an object');
  const given: TwofoldAppOptions<User> & { readonly secrets?: unknown; readonly logger?: unknown; readonly loginUrl?: unknown } = options;
  if (given.secrets !== undefined) fail("secrets are the twofold instance's: pass them once, to createTwofold");
  if (given.logger !== undefined) fail("the logger is the twofold instance's: pass it once, to createTwofold");
  if (given.loginUrl !== undefined) fail('loginUrl follows from path (the sign-in page is <path>/login)');
  const pages = prefix(options.path, '/account', 'path', true);
  const { path: _path, userEmail: _userEmail, isStaff, adminPath, admin: adminOptions, ...web } = options;
  const rememberOn = web.rememberCookieAge === undefined && web.passwordFingerprint !== undefined;
  // The admin's requirement (a second factor within the hour unless the host says otherwise) is served by the step-up page.
  const adminRequirement = isStaff === undefined ? null : adminOptions?.requirement === undefined ? DEFAULT_ADMIN_REQUIREMENT : adminOptions.requirement;
  const listed = web.requirements ?? [];
  const sameName = adminRequirement === null ? undefined : listed.find((item) => item.name === adminRequirement.name);
  if (sameName !== undefined && JSON.stringify(sameName.spec) !== JSON.stringify(adminRequirement?.spec)) {
    fail(`requirements: "${sameName.name}" is the admin's requirement name; give the admin this requirement (admin.requirement) or name yours otherwise`);
  }
  const requirements = adminRequirement === null || listed.some((item) => item.name === adminRequirement.name) ? listed : [...listed, adminRequirement];
  const config = resolveWebConfig<User>({
    ...web,
    requirements,
    twofold,
    loginUrl: `${pages}/login`,
    account: accountOptions(options, twofold),
    ...(rememberOn ? { rememberCookieAge: DEFAULT_REMEMBER_SECONDS } : {}),
  });
  const urls = { pages, login: `${pages}/login`, logout: `${pages}/logout`, profile: `${pages}/profile`, setup: `${pages}/setup` };
  if (isStaff === undefined) {
    if (adminPath !== undefined || adminOptions !== undefined) fail('adminPath and admin need isStaff(user): who may use the admin');
    return { config, urls: { ...urls, admin: null }, admin: null };
  }
  const adminPrefix = prefix(adminPath, '/admin', 'adminPath', false);
  if (adminPrefix === pages) fail('adminPath must differ from path');
  const findUser = adminOptions?.findUser ?? config.passwordLogin?.loadUser;
  const admin = createAdminHandler<User>({
    ...adminOptions,
    twofold,
    isStaff,
    ...(findUser === undefined ? {} : { findUser }),
    loginUrl: urls.login,
    logoutUrl: urls.logout,
    requirement: adminRequirement,
    ...(config.stepUp.url === null ? {} : { stepUpUrl: config.stepUp.url }),
    redirectField: config.redirectField,
    ...(web.sessionKey === undefined ? {} : { sessionKey: web.sessionKey }),
    ...(web.messages === undefined ? {} : { webMessages: web.messages }),
    ...(web.locale === undefined ? {} : { locale: web.locale }),
    ...(web.timeZone === undefined ? {} : { timeZone: web.timeZone }),
    ...(web.contentSecurityPolicy === undefined ? {} : { contentSecurityPolicy: web.contentSecurityPolicy }),
    logger: config.logger,
  });
  return { config, urls: { ...urls, admin: adminPrefix }, admin };
}
