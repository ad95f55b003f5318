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
}

/** The checked sign-in flow options. */
export interface LoginFlowConfig {
  /** Remember-this-browser settings, or null when the feature is off (the default). */
  readonly remember: RememberConfig | null;
  /** Who must use two-factor authentication, or null for nobody. */
  readonly requireTwoFactor: TwoFactorPolicy | null;
  /** The web layer's events (`userVerified`, ...): subscribe with `events.on(...)`. */
  readonly events: WebEventHub;
}

/**
 * Checks the sign-in flow options. With "remember this browser" on, it
 * subscribes to the core's `deviceRemoved`, so that a removed device takes
 * the browsers it remembered along at once.
 */
export function resolveLoginFlowOptions(options: LoginFlowOptions, twofold: Twofold, logger: TwofoldLogger): LoginFlowConfig {
  const remember = resolveRememberOptions(options);
  if (remember !== null) forgetBrowsersOfRemovedDevices(twofold, logger);
  return { remember, requireTwoFactor: resolvePolicy(options.requireTwoFactor), events: createWebEventHub(logger) };
}

// The sign-in flows' options and checked settings, as part of the web layer's (declaration merging keeps the web layer free of flows).
declare module '../../web/options.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars -- declaration merging
  interface TwofoldWebOptions<User extends HostUser = HostUser> extends LoginFlowOptions {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars -- declaration merging
  interface WebConfig<User extends HostUser = HostUser> extends LoginFlowConfig {}
}
