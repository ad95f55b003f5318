/**
 * The options of twofold's pages as one object: the web layer's and every
 * flow's, checked once at start-up so that a misconfiguration fails loudly
 * instead of on the first sign-in.
 */
import { resolveAccountOptions } from '../flows/account/options.js';
import { resolveLoginFlowOptions } from '../flows/login/options.js';
import { resolveStepUpOptions } from '../flows/step-up/options.js';
import { resolveBaseWebConfig, type TwofoldWebOptions, type WebConfig } from '../web/options.js';
import type { HostUser } from '../web/user.js';
import type { VerificationExpiredEvent } from '../web/lifetime.js';
import { ENGLISH_MESSAGES } from './messages.js';
import { defaultViews } from './views.js';

export type { BaseWebConfig, BaseWebOptions, TwofoldWebOptions, WebConfig } from '../web/options.js';

/** Checks and completes the options. Throws a `TwofoldError` (`INVALID_CONFIG`) on a mistake. */
export function resolveWebConfig<User extends HostUser>(options: TwofoldWebOptions<User>): WebConfig<User> {
  // The lifetime is a web primitive; its expiries go to the login flow's events hub, which exists only after the base is checked.
  const expiries = { report: (_event: VerificationExpiredEvent): void => undefined };
  const base = resolveBaseWebConfig(options, {
    views: defaultViews,
    english: ENGLISH_MESSAGES,
    secretsRequired: options.account !== false,
    onVerificationExpired: (event) => expiries.report(event),
  });
  const login = resolveLoginFlowOptions(options, options.twofold, base.logger);
  expiries.report = (event) => login.events.emit('verificationExpired', event);
  const account =
    options.account === false
      ? null
      : resolveAccountOptions(options.account, options.twofold, { locale: base.translator.locale, timeZone: options.timeZone ?? 'UTC' });
  // The account's own requirements are served by the step-up page too, without the host listing them again.
  const stepUp = resolveStepUpOptions(options, base.loginUrl, account?.requirements ?? []);
  return { ...base, ...login, account, stepUp };
}
