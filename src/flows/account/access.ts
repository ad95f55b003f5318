/**
 * Who may do what on the account pages (checklist EN-1, EN-6, BC-4, SE-5):
 *
 * - every page needs a signed-in user (a login waiting for its code is not one);
 * - a user without two-factor authentication may set it up after the password alone;
 * - a user with it must have verified this session to see or rename devices;
 * - adding or removing a device, regenerating backup codes and turning
 *   two-factor authentication off need the action's step-up requirement
 *   (`account.requirements`); by default a *recent* code: a second factor
 *   verified less than `recentVerificationSeconds` ago, by a device that still
 *   exists and is still the user's. A browser remembered by a cookie never
 *   counts as recent, so a stolen "remember me" cookie cannot change how the
 *   account is protected.
 *
 * The check runs again on every request that changes something, so a setup
 * started as a first enrolment cannot be finished after another session added
 * a device in the meantime.
 */
import type { Twofold } from '../../core/twofold.js';
import type { SessionFactor } from '../../web/state.js';
import { checkRequirement } from '../../web/step-up/check.js';
import { assessFactors } from '../../web/step-up/factors.js';
import type { Requirement } from '../../web/step-up/requirement.js';
import type { AccountAction, AccountConfig } from './options.js';
import type { TwofoldUser } from '../../web/user.js';
import type { OtpRequestContext } from '../../web/verification.js';

/**
 * How a factor must have been verified to count as recent: a code checked
 * against a chosen device, or matched against the user's devices. Anything
 * else (a remembered browser, methods added later) is left out by default.
 */
export const RECENT_FACTOR_METHODS: ReadonlySet<string> = new Set(['device', 'match']);

/** What an action requires of the session. */
export type AccountRequirement =
  /** A signed-in user; with two-factor authentication on, also a verified session. */
  | 'verified'
  /** A signed-in user; with two-factor authentication on, a recent second factor (setup: the first enrolment needs only the password). */
  | 'recent'
  /** Like `recent`, and two-factor authentication must be on. */
  | 'recent-enabled'
  /** Like `verified`, and two-factor authentication must be on. */
  | 'verified-enabled';

/** The outcome of {@link checkAccountAccess}. */
export type AccountAccess =
  | {
      readonly ok: true;
      readonly user: TwofoldUser;
      /** Whether the user has a confirmed device (two-factor authentication is on). */
      readonly enabled: boolean;
    }
  | {
      readonly ok: false;
      /**
       * `login-required`: nobody is signed in. `otp-required`: the session is not
       * verified. `reauthentication-required`: verified, but not recently enough
       * (or only by a remembered browser). `not-enabled`: the action needs
       * two-factor authentication to be on.
       */
      readonly reason: 'login-required' | 'otp-required' | 'reauthentication-required' | 'not-enabled';
      readonly user: TwofoldUser | null;
      /** With `reauthentication-required`: the requirement the session falls short of. */
      readonly requirement?: Requirement;
    };

/** Whether `factors` hold a second factor of an accepted method verified within `windowMs` before `now`. */
export function hasRecentFactor(factors: readonly SessionFactor[], now: number, windowMs: number): boolean {
  return factors.some(
    (factor) => factor.type === 'otp' && RECENT_FACTOR_METHODS.has(factor.method) && factor.at <= now && now - factor.at <= windowMs,
  );
}

/**
 * What `recent` asks: the action's requirement, judged like any step-up
 * requirement; or, for the account's default, a code of an accepted method
 * verified at most `windowMs` ago (the boundary included, as it always was).
 */
export type RecentRule = { readonly requirement: Requirement; readonly windowMs?: number };

async function meetsRecent(twofold: Twofold, otp: OtpRequestContext, userId: string, recent: RecentRule): Promise<boolean> {
  const factors = await otp.factors();
  if (recent.windowMs !== undefined) return hasRecentFactor(factors, twofold.clock(), recent.windowMs);
  return checkRequirement(recent.requirement, await assessFactors(twofold, userId, factors), twofold.clock()).satisfied;
}

/**
 * Decides whether the current request may perform an action with
 * `requirement`; `recent` is what `recent` and `recent-enabled` ask of the
 * session (the action's step-up requirement).
 */
export async function checkAccountAccess(
  twofold: Twofold,
  otp: OtpRequestContext,
  requirement: AccountRequirement,
  recent: RecentRule,
): Promise<AccountAccess> {
  const user = await otp.user();
  if (user === null) return { ok: false, reason: 'login-required', user: null };
  const enabled = await twofold.userHasDevice(user.id);
  if (!enabled) {
    if (requirement === 'recent-enabled' || requirement === 'verified-enabled') return { ok: false, reason: 'not-enabled', user };
    return { ok: true, user, enabled };
  }
  if (!(await otp.isVerified())) return { ok: false, reason: 'otp-required', user };
  if (requirement === 'recent' || requirement === 'recent-enabled') {
    if (!(await meetsRecent(twofold, otp, user.id, recent))) return { ok: false, reason: 'reauthentication-required', user, requirement: recent.requirement };
  }
  return { ok: true, user, enabled };
}

/**
 * The rule of `action` for the signed-in user; for a removal, of
 * removing the device `deviceId` (loaded only when a function decides).
 */
export async function actionRequirement(
  twofold: Twofold,
  account: AccountConfig,
  context: { readonly otp: OtpRequestContext },
  action: AccountAction,
  deviceId?: string,
): Promise<RecentRule> {
  let requirement: Requirement;
  if (action !== 'removeDevice' || deviceId === undefined) requirement = account.requirementFor(action);
  else {
    const user = await context.otp.user();
    const device = user === null ? null : await twofold.getDevice(user.id, deviceId);
    requirement = account.requirementFor(action, device);
  }
  return requirement === account.recentRequirement ? { requirement, windowMs: account.recentVerificationMs } : { requirement };
}

/** What a sensitive action is: which one, and for a removal, the device's persistent id. */
export interface AccountActionTarget {
  readonly action: AccountAction;
  readonly deviceId?: string | undefined;
}

/** {@link checkAccountAccess} with the rule of `target` (the pages and the JSON API alike). */
export async function checkActionAccess(
  twofold: Twofold,
  account: AccountConfig,
  otp: OtpRequestContext,
  requirement: AccountRequirement,
  target: AccountActionTarget = { action: 'addDevice' },
): Promise<AccountAccess> {
  return checkAccountAccess(twofold, otp, requirement, await actionRequirement(twofold, account, { otp }, target.action, target.deviceId));
}
