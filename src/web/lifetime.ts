/**
 * How long a verified session stays verified (ASVS 7.3, NIST SP 800-63B-4
 * §2.2.3): an idle limit (no request that consulted the verification for
 * that long) and an absolute limit (a code counts for at most that long
 * after it was entered). Whichever runs out first ends the verified state;
 * the host's own login is left alone, so the user is asked for a second
 * factor again, not for the password.
 *
 * Defaults, 30 minutes idle and 12 hours absolute, are the AAL2 values of
 * SP 800-63B (rev. 3) and lie within SP 800-63B-4's AAL2 bounds (at most
 * 24 hours overall, at most 1 hour of inactivity), so a site that keeps them
 * meets both revisions.
 *
 * Activity is stamped in the session (`activeAt` of the state) only when the
 * stamp is older than {@link activityRefreshMs} (a minute, or a tenth of the
 * idle limit when that is shorter), so a busy session is not written on
 * every request; the idle limit is therefore measured from a stamp that may
 * be up to that much older than the last request, and a session can end up
 * to a minute early, never late.
 */
import { TwofoldError } from '../core/errors.js';
import type { JsonObject } from '../core/types.js';
import type { Message, MessageId, Translator } from './messages.js';
import type { SessionFactor, TwofoldSessionState } from './state.js';
import type { TwofoldUser } from './user.js';

/** Why a verified state ended. */
export type ExpiryReason = 'idle' | 'absolute';

/** A verified state that ran out, as the request that noticed it saw it. */
export interface VerificationExpiry {
  readonly reason: ExpiryReason;
  /** The limit that ran out, in seconds (the idle or the absolute one). */
  readonly limitSeconds: number;
  /** When the newest second factor of the ended state was verified. */
  readonly verifiedAt: Date;
  /** The last activity stamp of the ended state. */
  readonly lastActiveAt: Date;
  /** When the expiry was noticed (twofold's clock). */
  readonly at: Date;
}

/** The payload of the `verificationExpired` event. */
export interface VerificationExpiredEvent extends VerificationExpiry {
  /** The user whose verification ended (the host's login may still be there). */
  readonly user: TwofoldUser;
}

/** The lifetimes of the verified state, in milliseconds (0: no limit). */
export interface VerificationLifetime {
  readonly idleMs: number;
  readonly absoluteMs: number;
  /** Told about every expiry (the integrations emit the `verificationExpired` event from it). Must not throw. */
  readonly onExpired?: (event: VerificationExpiredEvent) => void;
}

/** Options for the lifetimes, in seconds, as hosts pass them. */
export interface VerificationLifetimeOptions {
  /**
   * How long a verified session may go without a request that consults the
   * verification (a guard, a twofold page, `req.otp.isVerified()`), in
   * seconds: default 1800 (30 minutes, NIST AAL2); 60 to 86,400, or 0 for
   * no limit.
   */
  readonly verificationIdleSeconds?: number;
  /**
   * How long a second factor counts after it was entered, in seconds,
   * whatever the activity: default 43,200 (12 hours, NIST AAL2); 300 to
   * 2,592,000 (30 days), or 0 for no limit.
   */
  readonly verificationMaxAgeSeconds?: number;
}

/** Default idle limit: 30 minutes. */
export const DEFAULT_VERIFICATION_IDLE_SECONDS = 30 * 60;
/** Default absolute limit: 12 hours. */
export const DEFAULT_VERIFICATION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** The defaults, used when an integration passes none. */
export const DEFAULT_VERIFICATION_LIFETIME: VerificationLifetime = {
  idleMs: DEFAULT_VERIFICATION_IDLE_SECONDS * 1000,
  absoluteMs: DEFAULT_VERIFICATION_MAX_AGE_SECONDS * 1000,
};

/** Longest gap between activity stamps. */
export const MAX_ACTIVITY_REFRESH_MS = 60_000;

/** How old the activity stamp may get before a request refreshes it. */
export function activityRefreshMs(lifetime: VerificationLifetime): number {
  return lifetime.idleMs === 0 ? MAX_ACTIVITY_REFRESH_MS : Math.min(MAX_ACTIVITY_REFRESH_MS, Math.floor(lifetime.idleMs / 10));
}

function seconds(value: unknown, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || (value !== 0 && (value < min || value > max))) {
    throw new TwofoldError('INVALID_CONFIG', `${name} must be an integer from ${min} to ${max}, or 0 for no limit`);
  }
  return value;
}

/** Checks the lifetime options. Throws a `TwofoldError` (`INVALID_CONFIG`) on a mistake. */
export function resolveVerificationLifetime(options: VerificationLifetimeOptions, onExpired?: (event: VerificationExpiredEvent) => void): VerificationLifetime {
  const idle = seconds(options.verificationIdleSeconds, DEFAULT_VERIFICATION_IDLE_SECONDS, 60, 86_400, 'verificationIdleSeconds');
  const absolute = seconds(options.verificationMaxAgeSeconds, DEFAULT_VERIFICATION_MAX_AGE_SECONDS, 300, 2_592_000, 'verificationMaxAgeSeconds');
  return { idleMs: idle * 1000, absoluteMs: absolute * 1000, ...(onExpired === undefined ? {} : { onExpired }) };
}

/** What the lifetimes make of a state at `now`. */
export type AgedState =
  /** Still verified (or never was): `factors` are those that still count; `touch` says the activity stamp is due. */
  | { readonly expired: null; readonly factors: readonly SessionFactor[]; readonly touch: boolean }
  /** The verified state ended: every factor is dropped. */
  | { readonly expired: VerificationExpiry; readonly factors: readonly []; readonly touch: false };

/**
 * Applies the lifetimes to a state read from the session. A state without a
 * second factor has nothing to expire. The last activity is the newer of
 * the stamp and the newest factor (a state written before stamps existed
 * counts from its last verification), and never later than `now`.
 */
export function ageState(state: TwofoldSessionState, now: number, lifetime: VerificationLifetime): AgedState {
  const otp = state.factors.filter((factor) => factor.type === 'otp');
  if (otp.length === 0) return { expired: null, factors: state.factors, touch: false };
  const newestOtp = Math.max(...otp.map((factor) => factor.at));
  const newest = Math.max(...state.factors.map((factor) => factor.at));
  const lastActive = Math.min(now, Math.max(state.activeAt ?? 0, newest));
  const ended = (reason: ExpiryReason, limitMs: number): AgedState => ({
    expired: { reason, limitSeconds: limitMs / 1000, verifiedAt: new Date(newestOtp), lastActiveAt: new Date(lastActive), at: new Date(now) },
    factors: [],
    touch: false,
  });
  if (lifetime.idleMs > 0 && now - lastActive >= lifetime.idleMs) return ended('idle', lifetime.idleMs);
  const kept =
    lifetime.absoluteMs === 0 ? state.factors : state.factors.filter((factor) => factor.type !== 'otp' || now - factor.at < lifetime.absoluteMs);
  if (!kept.some((factor) => factor.type === 'otp')) return ended('absolute', lifetime.absoluteMs);
  // A stamp from the future (another process's clock, or tampering) is replaced, so it cannot postpone the idle limit.
  const touch = (state.activeAt !== undefined && state.activeAt > now) || now - lastActive >= activityRefreshMs(lifetime);
  return { expired: null, factors: kept, touch };
}

/** The one-time notice kept in the session after an expiry, for the code page: `{ reason, limitSeconds }`. */
export function expiryNotice(expiry: VerificationExpiry): JsonObject {
  return { reason: expiry.reason, limitSeconds: expiry.limitSeconds };
}

/** Reads (and removes) the expiry notice; null when there is none or it is malformed. */
export function takeExpiryNotice(
  session: { get(key: string): unknown; delete(key: string): void },
  key: string,
): { readonly reason: ExpiryReason; readonly limitSeconds: number } | null {
  const raw = session.get(key);
  if (raw === undefined) return null;
  session.delete(key);
  if (typeof raw !== 'object' || raw === null) return null;
  const { reason, limitSeconds } = raw as Record<string, unknown>;
  if ((reason !== 'idle' && reason !== 'absolute') || typeof limitSeconds !== 'number' || !Number.isSafeInteger(limitSeconds) || limitSeconds <= 0) {
    return null;
  }
  return { reason, limitSeconds };
}

/** The code page's sentence for an expiry notice ("Your verification expired after 30 minutes of inactivity. ..."). */
export function expiryMessage(translator: Translator, notice: { readonly reason: ExpiryReason; readonly limitSeconds: number }): Message {
  const hours = notice.limitSeconds >= 3600 && notice.limitSeconds % 3600 === 0;
  const count = hours ? notice.limitSeconds / 3600 : Math.ceil(notice.limitSeconds / 60);
  const id: MessageId = `verification.expired.${notice.reason}.${hours ? 'hours' : 'minutes'}`;
  return translator.message(id, { count });
}
