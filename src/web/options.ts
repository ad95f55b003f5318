/**
 * The options every framework integration shares, checked once at start-up
 * so that a misconfiguration fails loudly instead of on the first sign-in.
 */
import { TwofoldError } from '../core/errors.js';
import type { Twofold, TwofoldLogger } from '../core/twofold.js';
import { createTranslator, type MessageCatalog, type Translator } from './messages.js';
import { isSafeRedirect } from './redirect.js';
import { sessionKeys, type SessionKeys } from './session.js';
import type { HostUser } from './user.js';
import { defaultViews, type TwofoldViews } from './views.js';

/** Options shared by `twofold/express` and `twofold/hono`. */
export interface TwofoldWebOptions<User extends HostUser = HostUser> {
  /** The twofold instance (`createTwofold(...)`). */
  readonly twofold: Twofold;
  /**
   * Primary authentication: the user whose password this is, or null. With
   * it (and `loadUser`) twofold's one-page login asks for username, password
   * and code; without it, only the code page for users the host signed in.
   * Make it slow for unknown users too (hash a dummy password), so that
   * timing does not reveal who has an account.
   */
  readonly verifyPassword?: (username: string, password: string) => Promise<User | null | undefined>;
  /**
   * Loads a user by id (`String(user.id)`): between the password step and the
   * code step twofold keeps only the id, never the user object or the password.
   * Required with `verifyPassword`.
   */
  readonly loadUser?: (id: string) => Promise<User | null | undefined>;
  /** Where guards send users (default `/login`: mount the pages at the root, or set this to where you mount them). */
  readonly loginUrl?: string;
  /** The query and form field that carries the page to return to (default `next`). */
  readonly redirectField?: string;
  /** Where to go after signing in when `next` is missing or unsafe (default `/`). */
  readonly defaultRedirect?: string;
  /** Where to go after signing out (default `/`). */
  readonly logoutRedirect?: string;
  /** Where anonymous visitors of the login page go when `verifyPassword` is not set (default: the host's own sign-in at `/`). */
  readonly signInUrl?: string;
  /** How long the password stays accepted while the user fetches a code, in seconds (default 300). */
  readonly pendingLoginSeconds?: number;
  /** Base session key (default `twofold`; also `twofoldCsrf`, `twofoldPending`). */
  readonly sessionKey?: string;
  /** Page renderers replacing the defaults, one at a time. */
  readonly views?: Partial<TwofoldViews>;
  /** Messages replacing the English defaults, by id. */
  readonly messages?: Partial<MessageCatalog>;
  /** BCP 47 locale for plurals and times (default `en`). */
  readonly locale?: string;
  /** IANA time zone for the times shown in messages (default `UTC`). */
  readonly timeZone?: string;
  /**
   * A complete translator (e.g. backed by i18next), replacing `locale`,
   * `timeZone` and `messages`. It must know every message id of `ENGLISH_MESSAGES`.
   */
  readonly translator?: Translator;
  /** Extra stylesheet URLs, after twofold's own (restyle without replacing the layout). */
  readonly stylesheets?: readonly string[];
  /** Content-Security-Policy of the pages (default: no scripts, see `headers.ts`), or null for none. */
  readonly contentSecurityPolicy?: string | null;
  /** Where failures that must not break a request are reported (default `console`). Never receives secrets. */
  readonly logger?: TwofoldLogger;
}

/** The checked, completed options. */
export interface WebConfig<User extends HostUser = HostUser> {
  readonly twofold: Twofold;
  /** Present when the one-page login is enabled. */
  readonly passwordLogin: {
    readonly verifyPassword: (username: string, password: string) => Promise<User | null | undefined>;
    readonly loadUser: (id: string) => Promise<User | null | undefined>;
  } | null;
  readonly loginUrl: string;
  readonly redirectField: string;
  readonly defaultRedirect: string;
  readonly logoutRedirect: string;
  readonly signInUrl: string;
  readonly pendingLoginMs: number;
  readonly keys: SessionKeys;
  readonly views: TwofoldViews;
  readonly translator: Translator;
  readonly stylesheets: readonly string[];
  readonly contentSecurityPolicy: string | null | undefined;
  readonly logger: TwofoldLogger;
}

function fail(message: string): never {
  throw new TwofoldError('INVALID_CONFIG', message);
}

function path(value: string | undefined, fallback: string, name: string): string {
  if (value === undefined) return fallback;
  if (!isSafeRedirect(value)) fail(`${name} must be a same-origin path starting with "/", got ${JSON.stringify(value)}`);
  return value;
}

/** Checks and completes the options. Throws a `TwofoldError` (`INVALID_CONFIG`) on a mistake. */
export function resolveWebConfig<User extends HostUser>(options: TwofoldWebOptions<User>): WebConfig<User> {
  if (typeof options !== 'object' || typeof options.twofold !== 'object' || typeof options.twofold.verifyToken !== 'function') {
    fail('options.twofold must be a twofold instance (createTwofold(...))');
  }
  const { verifyPassword, loadUser } = options;
  if ((verifyPassword === undefined) !== (loadUser === undefined)) {
    fail('verifyPassword and loadUser go together: twofold keeps only the user id between the password and the code');
  }
  const redirectField = options.redirectField ?? 'next';
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,31}$/.test(redirectField)) fail('redirectField must be a simple field name');
  const pendingSeconds = options.pendingLoginSeconds ?? 300;
  if (!Number.isSafeInteger(pendingSeconds) || pendingSeconds < 30 || pendingSeconds > 3600) {
    fail('pendingLoginSeconds must be an integer from 30 to 3600');
  }
  const base = options.sessionKey ?? 'twofold';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,31}$/.test(base)) fail('sessionKey must be a simple identifier');
  let translator: Translator;
  try {
    translator = options.translator ?? createTranslator({
      ...(options.locale === undefined ? {} : { locale: options.locale }),
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      ...(options.messages === undefined ? {} : { messages: options.messages }),
    });
  } catch (error) {
    fail(`locale or timeZone is not supported: ${error instanceof Error ? error.message : String(error)}`);
  }
  const defaultRedirect = path(options.defaultRedirect, '/', 'defaultRedirect');
  return {
    twofold: options.twofold,
    passwordLogin: verifyPassword !== undefined && loadUser !== undefined ? { verifyPassword, loadUser } : null,
    loginUrl: path(options.loginUrl, '/login', 'loginUrl'),
    redirectField,
    defaultRedirect,
    logoutRedirect: path(options.logoutRedirect, '/', 'logoutRedirect'),
    signInUrl: path(options.signInUrl, '/', 'signInUrl'),
    pendingLoginMs: pendingSeconds * 1000,
    keys: sessionKeys(base),
    views: { ...defaultViews, ...options.views },
    translator,
    stylesheets: [...(options.stylesheets ?? [])],
    contentSecurityPolicy: options.contentSecurityPolicy,
    logger: options.logger ?? console,
  };
}
