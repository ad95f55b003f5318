/**
 * The HOTP device kind (RFC 4226): counter-based one-time passwords, as made
 * by hardware tokens and authenticator apps in "counter" mode.
 *
 * The device remembers the next counter it expects. A token is accepted if it
 * matches a counter from there up to `tolerance` steps ahead (the user may have
 * pressed the button without logging in); the counter then moves past the match,
 * so that token and every earlier one are dead. Tokens of the `tolerance`
 * counters just below are recognised only to report them as `replayed`.
 *
 * @packageDocumentation
 */
import { rejectUnknownOptions } from '../../core/config-keys.js';
import type { DeviceKind, JsonObject, KindConfigUrlInput, KindCreated, KindVerifyInput, KindVerifyOutcome } from '../../core/types.js';
import { normalizeNumericToken } from '../../core/normalize.js';
import { constantTimeEqual, createOtpauthURI, hotpCandidates } from '../../oath/index.js';
import type { HashAlgorithm } from '../../oath/index.js';
import {
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
} from './settings.js';
import { HOTP_PRESENTATION } from './presentation.js';

/** The kind's name, stored with every HOTP device. */
export const HOTP_KIND_NAME = 'hotp';

/** Default look-ahead window, as in django-otp. */
export const DEFAULT_HOTP_TOLERANCE = 5;

/** Largest look-ahead accepted: each extra counter is one more chance for a guess to match. */
export const MAX_HOTP_TOLERANCE = 100;

// The counter after a success must stay a safe integer, so the last usable counter is one below.
const MAX_HOTP_COUNTER = Number.MAX_SAFE_INTEGER - 1;

/** Kind-level settings, fixed when the kind is registered. */
export interface HotpConfig {
  /** Throttle back-off factor in seconds (see {@link DeviceKind.throttleFactor}). Default 1. */
  readonly throttleFactor?: number;
}

/** Options for creating an HOTP device. Every field is optional. */
export interface HotpOptions {
  /** Shared key, 16 to 128 bytes. Default: 20 random bytes from the CSPRNG. */
  readonly key?: Uint8Array;
  /** Token length: 6, 7 or 8. Default 6. */
  readonly digits?: number;
  /** HMAC algorithm. Default `SHA1` (the only one many apps and tokens support). */
  readonly algorithm?: HashAlgorithm;
  /** How many counters ahead of the expected one are accepted: 0 to 100. Default 5. */
  readonly tolerance?: number;
  /** The first counter value to expect (a non-negative safe integer). Default 0. */
  readonly counter?: number;
}

/** What an HOTP device keeps in its state; the key itself is the device's (encrypted) secret. */
export interface HotpState extends JsonObject {
  readonly digits: number;
  readonly algorithm: HashAlgorithm;
  readonly tolerance: number;
  /** The next counter value expected: every lower counter is used up. */
  readonly counter: number;
}

/** The HOTP kind object returned by {@link hotp}. */
export type HotpKind = DeviceKind<HotpOptions | undefined, HotpState>;

const OPTION_NAMES = ['key', 'digits', 'algorithm', 'tolerance', 'counter'] as const;

/**
 * Creates the HOTP device kind.
 *
 * @example
 * ```ts
 * const kinds = [hotp({ throttleFactor: 1 })];
 * ```
 */
export function hotp(config: HotpConfig = {}): HotpKind {
  rejectUnknownOptions(HOTP_KIND_NAME, config, ['throttleFactor']);
  const throttleFactor = readThrottleFactor(HOTP_KIND_NAME, config.throttleFactor);

  return {
    name: HOTP_KIND_NAME,
    // A counter-based code from an app or a token: possession, relayable by a look-alike site.
    assurance: () => ({ authenticator: 'single-factor-otp', phishingResistant: false, hardwareBound: false, aal2: true }),
    presentation: HOTP_PRESENTATION,
    throttleFactor,
    // One HMAC window, synchronous: verified and written in one conditional write.
    instantVerify: true,

    create(options: HotpOptions | undefined): KindCreated<HotpState> {
      const bag = readOptionBag(HOTP_KIND_NAME, options, OPTION_NAMES);
      const key = readKeyOption(HOTP_KIND_NAME, bag.key);
      const state: HotpState = {
        digits: readDigitsOption(HOTP_KIND_NAME, bag.digits),
        algorithm: readAlgorithmOption(HOTP_KIND_NAME, bag.algorithm),
        tolerance: readIntegerOption(HOTP_KIND_NAME, 'tolerance', bag.tolerance, 0, MAX_HOTP_TOLERANCE, DEFAULT_HOTP_TOLERANCE),
        counter: readIntegerOption(HOTP_KIND_NAME, 'counter', bag.counter, 0, MAX_HOTP_COUNTER, 0),
      };
      return { secret: key, state };
    },

    parseState(state: JsonObject): HotpState {
      return parseHotpState(state);
    },

    normalizeToken(input: string, state: HotpState): string | null {
      return normalizeNumericToken(input, state.digits);
    },

    verify(input: KindVerifyInput<HotpState>): KindVerifyOutcome<HotpState> {
      return verifyHotp(input);
    },

    configUrl(input: KindConfigUrlInput<HotpState>): string {
      return createOtpauthURI({
        type: 'hotp',
        key: requireKey(HOTP_KIND_NAME, input.secret),
        accountName: input.accountName,
        issuer: input.issuer,
        image: input.image,
        algorithm: input.state.algorithm,
        digits: input.state.digits,
        counter: input.state.counter,
      });
    },
  };
}

/** Checks an HOTP state read from storage; throws `CORRUPT_DEVICE` when it is not one. */
export function parseHotpState(state: JsonObject): HotpState {
  return {
    digits: stateDigits(HOTP_KIND_NAME, state),
    algorithm: stateAlgorithm(HOTP_KIND_NAME, state),
    tolerance: stateInteger(HOTP_KIND_NAME, state, 'tolerance', 0, MAX_HOTP_TOLERANCE),
    counter: stateInteger(HOTP_KIND_NAME, state, 'counter', 0, MAX_HOTP_COUNTER + 1),
  };
}

function verifyHotp(input: KindVerifyInput<HotpState>): KindVerifyOutcome<HotpState> {
  const { state, token } = input;
  const key = requireKey(HOTP_KIND_NAME, input.secret);
  // One window covering the look-behind (only to name replays) and the look-ahead,
  // computed with a single key schedule and compared in full, without early exit.
  // Past the last usable counter only the look-behind remains.
  const first = Math.max(0, state.counter - state.tolerance);
  const last = Math.max(Math.min(state.counter + state.tolerance, MAX_HOTP_COUNTER), state.counter - 1);
  if (last < first) return { match: false, reason: 'invalid' };
  const candidates = hotpCandidates(key, first, last - first + 1, { digits: state.digits, algorithm: state.algorithm });

  let matched = -1;
  let replayed = false;
  for (let i = 0; i < candidates.length; i++) {
    const counter = first + i;
    const equal = constantTimeEqual(candidates[i]!, token);
    if (equal && counter >= state.counter && matched < 0) matched = counter;
    if (equal && counter < state.counter) replayed = true;
  }

  if (matched >= 0) return { match: true, state: { ...state, counter: matched + 1 } };
  return { match: false, reason: replayed ? 'replayed' : 'invalid' };
}
export { HOTP_PRESENTATION } from './presentation.js';
