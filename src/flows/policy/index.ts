/**
 * The enforcement policy: which users must have two-factor authentication
 * (django-two-factor-auth #2, #417, #585 asked for this for a decade).
 *
 * The host says who with `requireTwoFactor(user)`. Such a user who signs in
 * without a confirmed device is signed in with the password alone (they must
 * be able to reach the setup pages: a first enrolment needs only the
 * password), but the session is "password only, setup required": it is not
 * verified, every `otpRequired` guard refuses it (even with `ifConfigured`),
 * the JSON guard answers `setup_required`, and the login pages send the user
 * to the setup wizard (`<prefix>/setup?next=...`) before anything else. Once
 * setup has verified the session, they go on to the page they asked for.
 *
 * The decision is made afresh on every request from the device list and the
 * callback, never stored in the session, so it cannot go stale: a device
 * removed later, or a user added to the policy later, takes effect at once.
 *
 * @packageDocumentation
 */
import { TwofoldError } from '../../core/errors.js';
import type { Twofold } from '../../core/twofold.js';
import { loginRedirectUrl } from '../../web/redirect.js';
import type { TwofoldUser } from '../../web/user.js';

/** The host's rule: whether this user must use two-factor authentication. */
export type RequireTwoFactor = (user: TwofoldUser) => boolean | Promise<boolean>;

/** The checked rule: resolves to a boolean, or rejects (the request then fails, closed). */
export type TwoFactorPolicy = (user: TwofoldUser) => Promise<boolean>;

/** Checks the `requireTwoFactor` option; null when absent. */
export function resolvePolicy(requireTwoFactor: RequireTwoFactor | undefined): TwoFactorPolicy | null {
  if (requireTwoFactor === undefined) return null;
  if (typeof requireTwoFactor !== 'function') throw new TwofoldError('INVALID_CONFIG', 'requireTwoFactor must be a function of the user');
  return async (user) => {
    const answer: unknown = await requireTwoFactor(user);
    if (typeof answer !== 'boolean') throw new TwofoldError('INVALID_CONFIG', 'requireTwoFactor(user) must return true or false');
    return answer;
  };
}

/**
 * Whether `user` must set up two-factor authentication before going
 * anywhere: the policy requires it and they have no confirmed device.
 */
export async function setupRequired(twofold: Twofold, policy: TwoFactorPolicy | null, user: TwofoldUser): Promise<boolean> {
  if (policy === null) return false;
  if (await twofold.userHasDevice(user.id)) return false;
  return policy(user);
}

/** The setup wizard's URL under `basePath`, carrying the page to land on afterwards. */
export function setupUrl(basePath: string, redirectField: string, next: string | null): string {
  const setup = `${basePath}/setup`;
  return next === null ? setup : loginRedirectUrl(setup, redirectField, next);
}
