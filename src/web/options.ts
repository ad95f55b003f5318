/**
 * The options every framework integration shares, checked once at start-up
 * so that a misconfiguration fails loudly instead of on the first sign-in.
 */
import { randomBytes } from 'node:crypto';
import { TwofoldError } from '../core/errors.js';
import { MIN_SECRET_LENGTH } from '../core/secrets.js';
import type { Twofold, TwofoldLogger } from '../core/twofold.js';
import { createCatalogTranslator, type MessageCatalog, type Translator } from './messages.js';
import { isSafeRedirect } from './redirect.js';
import { sessionKeys, type SessionKeys } from './session.js';
import { resolveVerificationLifetime, type VerificationExpiredEvent, type VerificationLifetime, type VerificationLifetimeOptions } from './lifetime.js';
import type { HostUser } from './user.js';
import type { TwofoldViews } from './views.js';
import { negotiateLanguage } from './i18n/negotiate.js';
import { SUPPORTED_LANGUAGES } from './i18n/locales/index.js';
import { resolveTwilioCalls, type TwilioCallEndpoint, type TwilioCallHandler } from './pages/twilio-call.js';

/** The web layer's own options (the flows add theirs to {@link TwofoldWebOptions}). */
export interface BaseWebOptions<User extends HostUser = HostUser> extends VerificationLifetimeOptions {
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
  /**
   * How long the password stays accepted while the user fetches a code, in
   * seconds (default 600, as django-two-factor-auth's `TWO_FACTOR_LOGIN_TIMEOUT`;
   * 30 to 86,400, or 0 for no limit). After it the user starts again, told why.
   */
  readonly pendingLoginSeconds?: number;
  /** Base session key (default `twofold`; also `twofoldCsrf`, `twofoldPending`). */
  readonly sessionKey?: string;
  /**
   * Page renderers replacing the defaults, one at a time; or a function of
   * the defaults returning them, to wrap a default view without importing it.
   *
   * @example
   * views: (defaults) => ({ accountProfile: (model) => html`${defaults.accountProfile(model)}<p><a href="/">Home</a></p>` })
   */
  readonly views?: Partial<TwofoldViews> | ((defaults: TwofoldViews) => Partial<TwofoldViews>);
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
  /**
   * Languages the pages may be shown in, chosen per request from
   * `Accept-Language` (default: every shipped one, `en nl de fr es pt-BR`;
   * `['en']` keeps English only). The first one is the fallback.
   */
  readonly languages?: readonly string[];
  /** Picks the language of a request yourself (e.g. from the user's profile); undefined falls back to `Accept-Language`. */
  readonly chooseLanguage?: (request: Request) => string | undefined;
  /** Extra stylesheet URLs, after twofold's own (restyle without replacing the layout). */
  readonly stylesheets?: readonly string[];
  /** Content-Security-Policy of the pages (default: no scripts, see `headers.ts`), or null for none. */
  readonly contentSecurityPolicy?: string | null;
  /** Where failures that must not break a request are reported (default: the twofold instance's logger). Never receives secrets. */
  readonly logger?: TwofoldLogger;
  /**
   * Not needed any more: the pages seal with the twofold instance's
   * `secrets` (pass them once, to `createTwofold`). Still honoured when
   * given, for older hosts: keys for what the pages seal in sessions,
   * newest first, each at least 32 characters.
   */
  readonly secrets?: readonly string[];
  /**
   * Serves Twilio's voice-call webhook at `<prefix>/twilio/call`: pass the
   * Twilio gateway (`twilioGateway(...)`, whose `callbackUrl` must be that
   * URL) or its `handleCallRequest`. Without CSRF check or session (the
   * Twilio signature is the authentication). Not mounted when absent.
   */
  readonly twilioCalls?: TwilioCallEndpoint;
}

/**
 * Options shared by `twofold/express` and `twofold/hono`: the web layer's
 * own, and each flow's, which the flows add by declaration merging next to
 * their options (see `flows/login/options.ts`), so that this layer never
 * imports a flow.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by declaration merging
export interface TwofoldWebOptions<User extends HostUser = HostUser> extends BaseWebOptions<User> {}

/** The web layer's own checked options. */
export interface BaseWebConfig<User extends HostUser = HostUser> {
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
  /** How long a password step stays valid, in milliseconds; 0 means no limit. */
  readonly pendingLoginMs: number;
  /** The verified state's idle and absolute limits (`verificationIdleSeconds`, `verificationMaxAgeSeconds`), reporting expiries as `verificationExpired` events. */
  readonly verificationLifetime: VerificationLifetime;
  readonly keys: SessionKeys;
  readonly views: TwofoldViews;
  readonly translator: Translator;
  /** The language of a request's pages (see `languages`, `chooseLanguage`). */
  languageFor(request: Request): string;
  readonly stylesheets: readonly string[];
  readonly contentSecurityPolicy: string | null | undefined;
  readonly logger: TwofoldLogger;
  /** The keys for sealed and signed state, newest first: the twofold instance's (a random one per process when it has none, outside production). */
  readonly secrets: readonly string[];
  /** The Twilio call webhook served at `<prefix>/twilio/call`, or null when it is not mounted. */
  readonly twilioCalls: TwilioCallHandler | null;
}

/** The checked, completed options: the web layer's and (by declaration merging) each flow's. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by declaration merging
export interface WebConfig<User extends HostUser = HostUser> extends BaseWebConfig<User> {}

/** What the layers above supply to {@link resolveBaseWebConfig}. */
export interface WebDefaults {
  /** The views of every page (the host's `views` replace them one at a time). */
  readonly views: TwofoldViews;
  /** The complete English catalog the default translator starts from. */
  readonly english: MessageCatalog;
  /** Whether production needs `secrets` (false when nothing is sealed, e.g. without the account pages). */
  readonly secretsRequired: boolean;
  /** Told when a session's verification runs out (the flows turn it into their `verificationExpired` event). */
  readonly onVerificationExpired?: (event: VerificationExpiredEvent) => void;
}

function fail(message: string): never {
  throw new TwofoldError('INVALID_CONFIG', message);
}

/**
 * The keys for sealed session state: the twofold instance's secrets (the
 * host passes them once, to `createTwofold`), or the deprecated `secrets`
 * option when given. Without either, outside production, a random key per
 * process (never the public development key the core falls back to).
 */
function resolveSecrets(twofold: Twofold, secrets: readonly string[] | undefined, required: boolean): readonly string[] {
  if (secrets === undefined) {
    const configured = twofold.settings.secrets();
    if (configured.length > 0) return configured;
    if (required && twofold.settings.production) {
      fail('secrets are required in production: pass secrets: secretsFromEnvironment() to createTwofold, or account: false');
    }
    return [randomBytes(32).toString('base64url')];
  }
  const given: unknown = secrets;
  if (!Array.isArray(given) || given.length === 0) fail('secrets must be a non-empty array of strings, newest first');
  for (const [index, secret] of (given as unknown[]).entries()) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      fail(`secrets[${index}] must be a string of at least ${MIN_SECRET_LENGTH} characters (generate one with \`npx twofold genkey\`)`);
    }
  }
  return [...secrets];
}

function path(value: string | undefined, fallback: string, name: string): string {
  if (value === undefined) return fallback;
  if (!isSafeRedirect(value)) fail(`${name} must be a same-origin path starting with "/", got ${JSON.stringify(value)}`);
  return value;
}

/** Checks and completes the web layer's options. Throws a `TwofoldError` (`INVALID_CONFIG`) on a mistake. */
export function resolveBaseWebConfig<User extends HostUser>(options: BaseWebOptions<User>, defaults: WebDefaults): BaseWebConfig<User> {
  if (
    typeof options !== 'object' ||
    typeof options.twofold !== 'object' ||
    typeof options.twofold.verifyToken !== 'function' ||
    typeof options.twofold.settings !== 'object'
  ) {
    fail('options.twofold must be a twofold instance (createTwofold(...))');
  }
  const { verifyPassword, loadUser } = options;
  if ((verifyPassword === undefined) !== (loadUser === undefined)) {
    fail('verifyPassword and loadUser go together: twofold keeps only the user id between the password and the code');
  }
  const redirectField = options.redirectField ?? 'next';
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,31}$/.test(redirectField)) fail('redirectField must be a simple field name');
  const pendingSeconds = options.pendingLoginSeconds ?? 600;
  if (!Number.isSafeInteger(pendingSeconds) || (pendingSeconds !== 0 && (pendingSeconds < 30 || pendingSeconds > 86_400))) {
    fail('pendingLoginSeconds must be an integer from 30 to 86400, or 0 for no limit');
  }
  const base = options.sessionKey ?? 'twofold';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,31}$/.test(base)) fail('sessionKey must be a simple identifier');
  let translator: Translator;
  try {
    translator = options.translator ?? createCatalogTranslator(defaults.english, {
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
    views: { ...defaults.views, ...(typeof options.views === 'function' ? options.views(defaults.views) : options.views) },
    translator,
    languageFor: resolveLanguageChoice(options.languages, options.chooseLanguage, translator.locale, fail),
    stylesheets: [...(options.stylesheets ?? [])],
    contentSecurityPolicy: options.contentSecurityPolicy,
    logger: options.logger ?? options.twofold.settings.logger,
    verificationLifetime: resolveVerificationLifetime(options, defaults.onVerificationExpired),
    secrets: resolveSecrets(options.twofold, options.secrets, defaults.secretsRequired),
    twilioCalls: resolveTwilioCalls(options.twilioCalls),
  };
}

/** Resolves `languages` / `chooseLanguage` into a function of the request. */
function resolveLanguageChoice(
  languages: readonly string[] | undefined,
  choose: ((request: Request) => string | undefined) | undefined,
  configured: string,
  fail: (message: string) => never,
): (request: Request) => string {
  const list: readonly string[] = languages ?? [configured, ...SUPPORTED_LANGUAGES.filter((language) => language !== configured)];
  const checked: unknown = list;
  if (!Array.isArray(checked) || checked.length === 0 || !checked.every((language) => typeof language === 'string' && language !== '')) {
    fail('languages must be a non-empty list of BCP 47 language tags');
  }
  const fallback = list[0]!;
  return (request) => {
    const chosen = choose?.(request);
    if (chosen !== undefined && list.includes(chosen)) return chosen;
    return negotiateLanguage(request.headers.get('accept-language'), list, fallback);
  };
}

