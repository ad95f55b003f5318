/**
 * The TOTP device kind (RFC 6238): time-based one-time passwords, as made by
 * Google Authenticator, Aegis, 1Password and friends.
 *
 * A token is accepted once, for the time step it belongs to, within a small
 * window around the current step. After a success for step s, no token of step
 * s or any earlier step is accepted again (replay protection), which also means
 * a newer token is never followed by an older one.
 *
 * Clock drift: with `sync` on, each success records the measured offset between
 * the matched step and the real one (clamped to ±`maxDrift`), and the next window
 * is centred there. Unlike django-otp, the offset is measured from real time each
 * time, not accumulated, so a run of codes from the future cannot walk the
 * window away from the server's clock: acceptance always stays within
 * real step ± (tolerance + maxDrift).
 *
 * @packageDocumentation
 */
import { rejectUnknownOptions } from '../../core/config-keys.js';
import { TwofoldError } from '../../core/errors.js';
import type { DeviceKind, JsonObject, KindConfigUrlInput, KindCreated, KindVerifyInput, KindVerifyOutcome } from '../../core/types.js';
import { normalizeNumericToken } from '../../core/normalize.js';
import { createKeyScheduleCache, createOtpauthURI, hotpMatchMask, type KeyScheduleCache } from '../../oath/index.js';
import type { HashAlgorithm } from '../../oath/index.js';
import {
  corruptState,
  invalidOption,
  readAlgorithmOption,
  readDigitsOption,
  readIntegerOption,
  readKeyOption,
  readOptionBag,
  readThrottleFactor,
  requireKey,
  stateAlgorithm,
  stateDigits,
  stateInteger,
} from '../hotp/settings.js';
import { TOTP_PRESENTATION } from './presentation.js';

/** The kind's name, stored with every TOTP device. */
export const TOTP_KIND_NAME = 'totp';

/** Longest step accepted: NIST 800-63B requires the time nonce to change at least every 2 minutes. */
export const MAX_TOTP_STEP = 120;

/** Largest tolerance accepted (steps either side of the expected one). */
export const MAX_TOTP_TOLERANCE = 10;

/** Largest `maxDrift` a kind may be configured with (steps). */
export const MAX_TOTP_DRIFT = 10;

/** Kind-level settings, fixed when the kind is registered. */
export interface TotpConfig {
  /** Throttle back-off factor in seconds (see {@link DeviceKind.throttleFactor}). Default 1. */
  readonly throttleFactor?: number;
  /** Whether successes re-centre the window on the device's measured clock offset. Default true. */
  readonly sync?: boolean;
  /** Largest clock offset, in steps, that a device may be credited with (0 to 10). Default 1. */
  readonly maxDrift?: number;
}

/** Options for creating a TOTP device. Every field is optional. */
export interface TotpOptions {
  /** Shared key, 16 to 128 bytes. Default: 20 random bytes from the CSPRNG. */
  readonly key?: Uint8Array;
  /** Token length: 6, 7 or 8. Default 6. */
  readonly digits?: number;
  /** HMAC algorithm. Default `SHA1` (the only one every authenticator app supports). */
  readonly algorithm?: HashAlgorithm;
  /** Seconds per step, 1 to 120. Default 30. */
  readonly step?: number;
  /**
   * Unix time (seconds) at which step 0 begins. Default 0. Other values are for
   * importing hardware tokens: `otpauth://` URIs cannot carry them, so
   * `configUrl` refuses such devices.
   */
  readonly t0?: number;
  /** Steps accepted either side of the expected one, 0 to 10. Default 1 (RFC 6238 §5.2). */
  readonly tolerance?: number;
  /** Known clock offset of the device in steps, at most `maxDrift` in absolute value. Default 0. */
  readonly drift?: number;
}

/** What a TOTP device keeps in its state; the key itself is the device's (encrypted) secret. */
export interface TotpState extends JsonObject {
  readonly digits: number;
  readonly algorithm: HashAlgorithm;
  readonly step: number;
  readonly t0: number;
  readonly tolerance: number;
  /** Measured clock offset in steps: the window is centred on real step + drift. */
  readonly drift: number;
  /** The latest accepted step; only later steps are accepted. Null before the first success. */
  readonly lastStep: number | null;
}

/** The TOTP kind object returned by {@link totp}. */
export type TotpKind = DeviceKind<TotpOptions | undefined, TotpState>;

const OPTION_NAMES = ['key', 'digits', 'algorithm', 'step', 't0', 'tolerance', 'drift'] as const;

/**
 * Creates the TOTP device kind.
 *
 * @example
 * ```ts
 * const kinds = [totp()]; // sync on, maxDrift 1, throttle factor 1
 * const strict = totp({ sync: false, maxDrift: 0 });
 * ```
 */
export function totp(config: TotpConfig = {}): TotpKind {
  rejectUnknownOptions(TOTP_KIND_NAME, config, ['throttleFactor', 'sync', 'maxDrift']);
  const throttleFactor = readThrottleFactor(TOTP_KIND_NAME, config.throttleFactor);
  const sync = config.sync ?? true;
  const maxDrift = config.maxDrift ?? 1;
  if (typeof sync !== 'boolean') {
    throw new TwofoldError('INVALID_CONFIG', `${TOTP_KIND_NAME}: "sync" must be a boolean`);
  }
  if (!Number.isSafeInteger(maxDrift) || maxDrift < 0 || maxDrift > MAX_TOTP_DRIFT) {
    throw new TwofoldError('INVALID_CONFIG', `${TOTP_KIND_NAME}: "maxDrift" must be an integer from 0 to ${MAX_TOTP_DRIFT} (steps)`);
  }
  // The HMAC key schedules of the keys verified lately (key material, as the
  // secret box's cache of opened envelopes next to it): a device verified
  // again skips two of its eight SHA-1 compressions.
  const schedules = createKeyScheduleCache();

  return {
    name: TOTP_KIND_NAME,
    // An authenticator app's code: possession of the phone, relayable by a look-alike site.
    assurance: () => ({ authenticator: 'single-factor-otp', phishingResistant: false, hardwareBound: false, aal2: true }),
    presentation: TOTP_PRESENTATION,
    throttleFactor,
    // One HMAC window, synchronous: verified and written in one conditional write.
    instantVerify: true,

    create(options: TotpOptions | undefined): KindCreated<TotpState> {
      const bag = readOptionBag(TOTP_KIND_NAME, options, OPTION_NAMES);
      const key = readKeyOption(TOTP_KIND_NAME, bag.key);
      const state: TotpState = {
        digits: readDigitsOption(TOTP_KIND_NAME, bag.digits),
        algorithm: readAlgorithmOption(TOTP_KIND_NAME, bag.algorithm),
        step: readIntegerOption(TOTP_KIND_NAME, 'step', bag.step, 1, MAX_TOTP_STEP, 30),
        t0: readIntegerOption(TOTP_KIND_NAME, 't0', bag.t0, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 0),
        tolerance: readIntegerOption(TOTP_KIND_NAME, 'tolerance', bag.tolerance, 0, MAX_TOTP_TOLERANCE, 1),
        drift: 0,
        lastStep: null,
      };
      if (bag.drift !== undefined) {
        if (typeof bag.drift !== 'number' || !Number.isSafeInteger(bag.drift) || Math.abs(bag.drift) > maxDrift) {
          throw invalidOption(TOTP_KIND_NAME, `option "drift" must be an integer from ${-maxDrift} to ${maxDrift} (this kind's maxDrift)`);
        }
        return { secret: key, state: { ...state, drift: bag.drift } };
      }
      return { secret: key, state };
    },

    parseState(state: JsonObject): TotpState {
      return parseTotpState(state);
    },

    normalizeToken(input: string, state: TotpState): string | null {
      return normalizeNumericToken(input, state.digits);
    },

    verify(input: KindVerifyInput<TotpState>): KindVerifyOutcome<TotpState> {
      return verifyTotp(input, sync, maxDrift, schedules);
    },

    configUrl(input: KindConfigUrlInput<TotpState>): string {
      const { state } = input;
      if (state.t0 !== 0) {
        // Apps count steps from the Unix epoch; a URI for this device would enrol an app whose codes never verify.
        throw new TwofoldError('INVALID_ARGUMENT', `${TOTP_KIND_NAME}: a device with t0 ≠ 0 cannot be described by an otpauth:// URI`);
      }
      return createOtpauthURI({
        type: 'totp',
        key: requireKey(TOTP_KIND_NAME, input.secret),
        accountName: input.accountName,
        issuer: input.issuer,
        image: input.image,
        algorithm: state.algorithm,
        digits: state.digits,
        period: state.step,
      });
    },
  };
}

/** Checks a TOTP state read from storage; throws `CORRUPT_DEVICE` when it is not one. */
export function parseTotpState(state: JsonObject): TotpState {
  const lastStep = state.lastStep;
  if (lastStep !== null && (typeof lastStep !== 'number' || !Number.isSafeInteger(lastStep))) {
    throw corruptState(TOTP_KIND_NAME, '"lastStep" must be null or an integer');
  }
  return {
    digits: stateDigits(TOTP_KIND_NAME, state),
    algorithm: stateAlgorithm(TOTP_KIND_NAME, state),
    step: stateInteger(TOTP_KIND_NAME, state, 'step', 1, MAX_TOTP_STEP),
    t0: stateInteger(TOTP_KIND_NAME, state, 't0', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    tolerance: stateInteger(TOTP_KIND_NAME, state, 'tolerance', 0, MAX_TOTP_TOLERANCE),
    // Any stored drift is read, but verification clamps it to the kind's current maxDrift.
    drift: stateInteger(TOTP_KIND_NAME, state, 'drift', -1_000_000, 1_000_000),
    lastStep,
  };
}

/**
 * The time step containing `now` (milliseconds) for a device: floor((now/1000 − t0) / step),
 * computed on whole seconds so that the result is exact.
 */
export function currentTotpStep(now: number, state: Pick<TotpState, 'step' | 't0'>): number {
  if (!Number.isFinite(now)) {
    throw new TwofoldError('INVALID_ARGUMENT', `${TOTP_KIND_NAME}: the clock returned a non-finite time`);
  }
  return Math.floor((Math.floor(now / 1000) - state.t0) / state.step);
}

function verifyTotp(input: KindVerifyInput<TotpState>, sync: boolean, maxDrift: number, cache: KeyScheduleCache): KindVerifyOutcome<TotpState> {
  const { state, token } = input;
  const key = requireKey(TOTP_KIND_NAME, input.secret);
  const realStep = currentTotpStep(input.now, state);
  const drift = clamp(state.drift, -maxDrift, maxDrift);
  const centre = realStep + drift;
  // HOTP counters are unsigned: steps before t0 do not exist.
  const first = Math.max(0, centre - state.tolerance);
  const last = centre + state.tolerance;
  if (last < first) return { match: false, reason: 'invalid' };
  const count = last - first + 1;
  // Every step of the window is computed and compared, without early exit (at most 21 steps: one mask).
  const mask = hotpMatchMask(key, token, first, count, { digits: state.digits, algorithm: state.algorithm, cache });

  const lastStep = state.lastStep ?? -1;
  let matched = -1;
  let replayed = false;
  for (let i = 0; i < count; i++) {
    const step = first + i;
    const equal = ((mask >>> i) & 1) === 1;
    if (equal && step > lastStep && matched < 0) matched = step;
    if (equal && step <= lastStep) replayed = true;
  }

  if (matched < 0) return { match: false, reason: replayed ? 'replayed' : 'invalid' };
  // Written out: the state a kind is given may be frozen, and a literal is cheaper than a spread.
  return {
    match: true,
    state: {
      digits: state.digits,
      algorithm: state.algorithm,
      step: state.step,
      t0: state.t0,
      tolerance: state.tolerance,
      drift: sync ? clamp(matched - realStep, -maxDrift, maxDrift) : state.drift,
      lastStep: matched,
    },
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
export { TOTP_PRESENTATION } from './presentation.js';
