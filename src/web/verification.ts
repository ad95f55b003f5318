/**
 * The per-request view of twofold's session state: django-otp's
 * `request.user.otp_device` / `is_verified()` as an object (`req.otp` in
 * Express, `c.get('otp')` in Hono).
 *
 * It is lazy: creating it reads nothing. The first call that needs the
 * answer reads the session and loads each recorded device from the store, and
 * the result is kept for the rest of the request. A factor whose device was
 * deleted, is unknown, malformed, not confirmed (any more) or belongs to
 * someone else is removed from the session, and the request is simply
 * unverified.
 *
 * Every evaluation also applies the verified state's lifetimes (see
 * `lifetime.ts`): a state that sat idle too long, or whose newest code is
 * too old, is dropped, the session id rotated, a one-time notice left for
 * the code page and `onExpired` told. The host's login stays.
 */
import { TwofoldError } from '../core/errors.js';
import type { Twofold } from '../core/twofold.js';
import type { Device } from '../core/types.js';
import type { SessionKeys, TwofoldSession } from './session.js';
import { sessionKeys } from './session.js';
import { ageState, DEFAULT_VERIFICATION_LIFETIME, expiryNotice, type VerificationExpiry, type VerificationLifetime } from './lifetime.js';
import {
  appendFactor,
  otpFactor,
  parseSessionState,
  rawFactorCount,
  serializeSessionState,
  type OtpMethod,
  type SessionFactor,
} from './state.js';
import { toTwofoldUser, type HostUser, type TwofoldUser } from './user.js';

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** twofold's answers about the current request (`req.otp`). */
export interface OtpRequestContext {
  /** The host's signed-in user, as twofold sees it, or null. */
  user(): Promise<TwofoldUser | null>;
  /** The device that verified this session (the most recent one still valid), or null. */
  device(): Promise<Device | null>;
  /** Whether the signed-in user has passed a second factor in this session, with a device that is still theirs. */
  isVerified(): Promise<boolean>;
  /** The factors recorded for the current user in this session, after validation; oldest first. */
  factors(): Promise<readonly SessionFactor[]>;
  /** Whether the signed-in user has at least one confirmed device (false when nobody is signed in). */
  hasDevice(): Promise<boolean>;
  /**
   * The verified state that ran out in this request (idle or absolute
   * limit), or null. The guards answer `otp_expired` with it.
   */
  expiry(): Promise<VerificationExpiry | null>;
  /**
   * Records that `device` (which just verified a token, e.g. the result of
   * `twofold.verifyToken`) verified this session, and rotates the session id.
   * Throws a `TwofoldError` (`INVALID_ARGUMENT`) if nobody is signed in, or
   * the device is not the current user's or not confirmed.
   */
  login(device: Device, options?: { readonly method?: OtpMethod }): Promise<void>;
  /**
   * Forgets twofold's verification (the session becomes unverified) and
   * rotates the session id. The host's own login is left alone: to sign the
   * user out completely, also end the host's login (e.g. `req.logout()`).
   */
  logout(): Promise<void>;
  /**
   * Forgets what this request has read, so that the next call reads the
   * session again. `verified`: devices that twofold itself just verified in
   * this request (the result of `verifyToken`); the next evaluations of this
   * request take them as read instead of reading them from the store again.
   */
  refresh(verified?: readonly Device[]): void;
}

/** Options of {@link createOtpContext}. */
export interface OtpContextOptions {
  readonly twofold: Twofold;
  readonly session: TwofoldSession;
  /** The host's signed-in user (called at most once per request, when needed). */
  readonly getUser: () => MaybePromise<HostUser | null | undefined>;
  /** Session keys (default: derived from `twofold`). */
  readonly keys?: SessionKeys;
  /** The verified state's idle and absolute limits (default: 30 minutes and 12 hours, see `lifetime.ts`). */
  readonly lifetime?: VerificationLifetime;
}

interface Evaluation {
  readonly user: TwofoldUser | null;
  readonly factors: readonly SessionFactor[];
  readonly device: Device | null;
  readonly expiry: VerificationExpiry | null;
}

/** Creates the lazy, memoised {@link OtpRequestContext} of one request. */
export function createOtpContext(options: OtpContextOptions): OtpRequestContext {
  const { twofold, session } = options;
  const keys = options.keys ?? sessionKeys();
  const lifetime = options.lifetime ?? DEFAULT_VERIFICATION_LIFETIME;
  let userMemo: Promise<TwofoldUser | null> | undefined;
  let evaluationMemo: Promise<Evaluation> | undefined;
  let hasDeviceMemo: Promise<boolean> | undefined;
  // Devices verified in this request, by persistent id: a factor naming one needs no read.
  const verifiedHere = new Map<string, Device>();

  function loadFactorDevice(userId: string, persistentId: string): Promise<Device | null> {
    const known = verifiedHere.get(persistentId);
    if (known !== undefined && known.userId === userId) return Promise.resolve(known);
    return twofold.getDevice(userId, persistentId);
  }

  function user(): Promise<TwofoldUser | null> {
    userMemo ??= Promise.resolve(options.getUser()).then(toTwofoldUser);
    return userMemo;
  }

  async function evaluate(): Promise<Evaluation> {
    const current = await user();
    // Anonymous requests leave the session untouched (and unsaved).
    if (current === null) return { user: null, factors: [], device: null, expiry: null };
    const raw = session.get(keys.state);
    if (raw === undefined) return { user: current, factors: [], device: null, expiry: null };
    const state = parseSessionState(raw);
    if (state === null || state.userId !== current.id) {
      session.delete(keys.state);
      return { user: current, factors: [], device: null, expiry: null };
    }
    const now = twofold.clock();
    const aged = ageState(state, now, lifetime);
    if (aged.expired !== null) {
      await expire(current, aged.expired);
      return { user: current, factors: [], device: null, expiry: aged.expired };
    }
    const kept: SessionFactor[] = [];
    let device: Device | null = null;
    let changed = aged.touch || aged.factors.length !== rawFactorCount(raw);
    for (const factor of aged.factors) {
      if (factor.type !== 'otp') {
        kept.push(factor);
        continue;
      }
      const loaded = await loadFactorDevice(current.id, factor.persistentId);
      if (loaded !== null && loaded.confirmed && loaded.kind === factor.kind) {
        kept.push(factor);
        device = loaded;
      } else {
        changed = true;
      }
    }
    if (changed) {
      if (kept.length === 0) session.delete(keys.state);
      else {
        const activeAt = aged.touch ? now : state.activeAt;
        session.set(keys.state, serializeSessionState({ userId: current.id, factors: kept, ...(activeAt === undefined ? {} : { activeAt }) }));
      }
    }
    return { user: current, factors: kept, device, expiry: null };
  }

  /** Ends a verified state that ran out: a new session id, the host's data kept, the code page told why. */
  async function expire(current: TwofoldUser, expiry: VerificationExpiry): Promise<void> {
    session.delete(keys.state);
    session.set(keys.expired, expiryNotice(expiry));
    await session.regenerate('all');
    lifetime.onExpired?.({ ...expiry, user: current });
  }

  function evaluation(): Promise<Evaluation> {
    evaluationMemo ??= evaluate();
    return evaluationMemo;
  }

  return {
    user,
    async device() {
      return (await evaluation()).device;
    },
    async isVerified() {
      return (await evaluation()).device !== null;
    },
    async factors() {
      return (await evaluation()).factors;
    },
    async expiry() {
      return (await evaluation()).expiry;
    },
    async hasDevice() {
      hasDeviceMemo ??= user().then((current) => (current === null ? false : twofold.userHasDevice(current.id)));
      return hasDeviceMemo;
    },
    async login(device, loginOptions = {}) {
      const current = await user();
      if (current === null) throw new TwofoldError('INVALID_ARGUMENT', 'otp.login needs a signed-in user');
      if (device.userId !== current.id) {
        throw new TwofoldError('INVALID_ARGUMENT', 'otp.login was given a device of another user');
      }
      if (!device.confirmed) throw new TwofoldError('INVALID_ARGUMENT', 'otp.login was given an unconfirmed device');
      const { factors } = await evaluation();
      const now = twofold.clock();
      const next = appendFactor(factors, otpFactor(device, loginOptions.method ?? 'device', now));
      session.set(keys.state, serializeSessionState({ userId: current.id, factors: next, activeAt: now }));
      // The token rotates with the session: a token seen before the privilege change is useless after it.
      session.delete(keys.csrf);
      session.delete(keys.pending);
      session.delete(keys.expired);
      await session.regenerate('all');
      evaluationMemo = Promise.resolve({ user: current, factors: next, device, expiry: null });
    },
    async logout() {
      verifiedHere.clear();
      session.delete(keys.state);
      session.delete(keys.csrf);
      session.delete(keys.pending);
      session.delete(keys.expired);
      await session.regenerate('all');
      evaluationMemo = Promise.resolve({ user: await user(), factors: [], device: null, expiry: null });
    },
    refresh(verified = []) {
      for (const device of verified) verifiedHere.set(device.persistentId, device);
      userMemo = undefined;
      evaluationMemo = undefined;
      hasDeviceMemo = undefined;
    },
  };
}
