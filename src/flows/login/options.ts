/**
 * The options of the sign-in flows (remember this browser, the enforcement
 * policy) as part of the web options, and what they become once checked.
 * `resolveWebConfig` merges them in; everything is checked at start-up.
 */
import type { Twofold, TwofoldLogger } from '../../core/twofold.js';
import { resolvePolicy, type RequireTwoFactor, type TwoFactorPolicy } from '../policy/index.js';
import { resolveRememberOptions, type RememberBrowserOptions, type RememberConfig } from '../remember/options.js';
import { forgetBrowsersOfRemovedDevices } from '../remember/service.js';
import { createWebEventHub, type WebEventHub } from '../shared/events.js';
import type { HostUser } from '../../web/user.js';
import { TwofoldError } from '../../core/errors.js';
import { passwordlessKind } from '../../devices/presentation.js';

/** The "lost your device?" help on every code page: the host's own words and link. */
export interface LostDeviceHelp {
  /** Shown as written, in every language (default: a translated sentence about backup codes and asking for help). */
  readonly text?: string;
  /** Where to get help: a same-site path (`/support/2fa`) or an `https://` address. No link without it. */
  readonly url?: string;
}

/** The sign-in flows' options (part of `createTwofoldExpress(...)` / `createTwofoldHono(...)` options). */
export interface LoginFlowOptions extends RememberBrowserOptions {
  /**
   * Which users must use two-factor authentication. Such a user who signs
   * in without a confirmed device is sent through the setup wizard before
   * anything else, and lands on the page they asked for afterwards. Receives
   * `{ id, username }`: look your own record up by id if you need more.
   * Called on sign-in and by the guards for signed-in, unverified users
   * without a device; a rejection fails the request.
   */
  readonly requireTwoFactor?: RequireTwoFactor;
  /**
   * The "lost your device?" help under every code step (the token step,
   * verify-only and backup-code pages): `false` hides it; by default it is
   * a translated sentence without a link.
   *
   * @example
   * ```ts
   * createTwofoldExpress({ ..., lostDevice: { url: '/help/two-factor', text: 'Lost your phone? Call us on 0800 123.' } });
   * ```
   */
  readonly lostDevice?: LostDeviceHelp | false;
  /**
   * Passwordless sign-in with a passkey (default false): the login page
   * offers "Sign in with a passkey", and a passkey that verifies its user (a
   * PIN or biometric) signs the user in without the password, both factors
   * at once. The session records the passkey, not a password, so step-up
   * requirements that name the password still ask for it. Needs `loadUser`
   * and a kind that offers it (`webauthn`).
   */
  readonly passkeySignIn?: boolean;
}

/** The checked sign-in flow options. */
export interface LoginFlowConfig {
  /** Remember-this-browser settings, or null when the feature is off (the default). */
  readonly remember: RememberConfig | null;
  /** Who must use two-factor authentication, or null for nobody. */
  readonly requireTwoFactor: TwoFactorPolicy | null;
  /** The web layer's events (`userVerified`, ...): subscribe with `events.on(...)`. */
  readonly events: WebEventHub;
  /** The "lost your device?" help: `text` null for the translated default, `url` null for none; null when hidden. */
  readonly lostDevice: { readonly text: string | null; readonly url: string | null } | null;
  /** Whether a passkey with user verification may sign a user in without the password. */
  readonly passkeySignIn: boolean;
}

const MAX_HELP_TEXT = 500;

function resolveLostDevice(option: LostDeviceHelp | false | undefined): LoginFlowConfig['lostDevice'] {
  if (option === false) return null;
  if (option === undefined) return { text: null, url: null };
  // Options may come from plain JavaScript: check the shape, not only the type.
  const given: unknown = option;
  if (typeof given !== 'object' || given === null) throw new TwofoldError('INVALID_CONFIG', 'lostDevice must be false or { text?, url? }');
  const { text, url } = given as { readonly text?: unknown; readonly url?: unknown };
  if (text !== undefined && (typeof text !== 'string' || text.trim() === '' || text.length > MAX_HELP_TEXT)) {
    throw new TwofoldError('INVALID_CONFIG', `lostDevice.text must be a non-empty string of at most ${MAX_HELP_TEXT} characters`);
  }
  if (url !== undefined && !isHelpUrl(url)) {
    throw new TwofoldError('INVALID_CONFIG', 'lostDevice.url must be a same-site path ("/help") or an https:// address');
  }
  return { text: typeof text === 'string' ? text : null, url: url ?? null };
}

/** A same-site path (not `//host`), or an absolute `https:` address. */
function isHelpUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2048 || /[\s\\]/.test(url)) return false;
  if (url.startsWith('/')) return !url.startsWith('//');
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Checks the sign-in flow options. With "remember this browser" on, it
 * subscribes to the core's `deviceRemoved`, so that a removed device takes
 * the browsers it remembered along at once.
 */
export function resolveLoginFlowOptions(options: LoginFlowOptions & { readonly loadUser?: unknown }, twofold: Twofold, logger: TwofoldLogger): LoginFlowConfig {
  const passkeySignIn = options.passkeySignIn ?? false;
  if (typeof passkeySignIn !== 'boolean') throw new TwofoldError('INVALID_CONFIG', 'passkeySignIn must be true or false');
  if (passkeySignIn && typeof options.loadUser !== 'function') {
    throw new TwofoldError('INVALID_CONFIG', 'passkeySignIn needs loadUser (and verifyPassword): twofold finds the user by the passkey and asks the host for them');
  }
  if (passkeySignIn && passwordlessKind(twofold) === null) {
    throw new TwofoldError('INVALID_CONFIG', 'passkeySignIn needs a kind that signs in without a password: register webauthn(...) with createTwofold');
  }
  const remember = resolveRememberOptions(options);
  if (remember !== null) forgetBrowsersOfRemovedDevices(twofold, logger);
  return {
    remember,
    requireTwoFactor: resolvePolicy(options.requireTwoFactor),
    events: createWebEventHub(logger),
    lostDevice: resolveLostDevice(options.lostDevice),
    passkeySignIn,
  };
}

// The sign-in flows' options and checked settings, as part of the web layer's (declaration merging keeps the web layer free of flows).
declare module '../../web/options.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars -- declaration merging
  interface TwofoldWebOptions<User extends HostUser = HostUser> extends LoginFlowOptions {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars -- declaration merging
  interface WebConfig<User extends HostUser = HostUser> extends LoginFlowConfig {}
}
