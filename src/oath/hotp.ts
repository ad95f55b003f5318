/**
 * HOTP (RFC 4226): HMAC over an 8-byte big-endian counter, dynamically
 * truncated to 31 bits, reduced modulo 10^digits and zero-padded.
 */
import { constantTimeEqual } from './compare.js';
import { counterCodes, loadKeySchedule, wipeKeySchedule } from './hmac.js';
import type { KeyScheduleCache } from './schedule-cache.js';
import type { HOTPOptions } from './types.js';
import {
  checkAlgorithm,
  checkCounter,
  checkDigits,
  checkKey,
  checkNonNegativeInteger,
  checkToken,
  isWellFormedToken,
} from './validate.js';

/**
 * "000" .. "999": a token is assembled from three-digit groups, which is
 * faster than `String(n).padStart()` and always yields a flat string.
 */
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** The last `digits` (6..8) decimal digits of a truncated HMAC value, zero-padded. */
export function formatToken(code: number, digits: number): string {
  // code < 2^31, so `| 0` truncates exactly.
  const low = code % 1000;
  const middle = ((code / 1000) | 0) % 1000;
  const six = THREE_DIGITS[middle]! + THREE_DIGITS[low]!;
  if (digits === 6) return six;
  const high = ((code / 1000000) | 0) % 1000;
  return THREE_DIGITS[high]!.slice(9 - digits) + six;
}

/**
 * Generates the HOTP token for `counter`.
 *
 * @param key - the shared secret (raw bytes, not base32); keys longer than the hash block are hashed first (RFC 2104)
 * @param counter - 0 to 2^64 - 1; a number must be a safe integer, use a bigint above 2^53 - 1
 * @param options - `digits` (6..8, default 6) and `algorithm` (default 'SHA1')
 * @returns the zero-padded decimal token, e.g. "045675"
 * @throws TypeError or RangeError on a bad argument
 */
export function generateHOTP(key: Uint8Array, counter: number | bigint, options?: HOTPOptions): string {
  checkKey(key);
  const digits = checkDigits(options?.digits);
  const algorithm = checkAlgorithm(options?.algorithm);
  const { high, low } = checkCounter(counter);
  const schedule = loadKeySchedule(algorithm, key);
  try {
    return formatToken(counterCodes(schedule, high, low, 1)[0]!, digits);
  } finally {
    wipeKeySchedule(schedule);
  }
}

/**
 * Verifies an HOTP token against the counters `counter` .. `counter + window`.
 *
 * Every counter of the window is computed and compared with
 * {@link constantTimeEqual}, with no early exit, so the time taken does not
 * depend on whether or where the token matched. The earliest match wins.
 * There is no look-behind: the caller stores `matched + 1` as the next
 * counter, which is what makes a used token unusable again.
 *
 * A token of the wrong length or with a non-digit character is simply not
 * valid (`null`); only a non-string token throws.
 *
 * @param key - the shared secret (raw bytes)
 * @param token - the submitted token
 * @param counter - the first counter to try (the device's next counter)
 * @param options - `digits`, `algorithm`, and `window`: how many further counters to try (default 0)
 * @returns the matched counter, or null
 * @throws RangeError if `counter + window` exceeds Number.MAX_SAFE_INTEGER (the match could not be returned exactly)
 */
export function verifyHOTP(
  key: Uint8Array,
  token: string,
  counter: number | bigint,
  options?: HOTPOptions & { window?: number },
): number | null {
  checkKey(key);
  checkToken(token);
  const digits = checkDigits(options?.digits);
  const algorithm = checkAlgorithm(options?.algorithm);
  const { high, low } = checkCounter(counter);
  const window = checkNonNegativeInteger(options?.window ?? 0, 'window');
  const first = Number(counter);
  const last = typeof counter === 'bigint' ? counter + BigInt(window) : first + window;
  if (last > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('counter + window must not exceed Number.MAX_SAFE_INTEGER');
  }
  if (!isWellFormedToken(token, digits)) return null;
  const schedule = loadKeySchedule(algorithm, key);
  let matched = -1;
  try {
    const codes = counterCodes(schedule, high, low, window + 1);
    for (let offset = 0; offset <= window; offset++) {
      const equal = constantTimeEqual(formatToken(codes[offset]!, digits), token);
      matched = equal && matched < 0 ? offset : matched;
    }
  } finally {
    wipeKeySchedule(schedule);
  }
  return matched < 0 ? null : first + matched;
}

/**
 * The tokens of `count` consecutive counters starting at `firstCounter`,
 * computed with one key schedule. Device kinds use it to evaluate a whole
 * window at once, e.g. to tell a replayed token from a wrong one.
 *
 * @param key - the shared secret (raw bytes)
 * @param firstCounter - a non-negative safe integer
 * @param count - how many tokens (0 or more); `firstCounter + count - 1` must be a safe integer
 * @param options - `digits` and `algorithm`
 * @returns tokens, index i for counter `firstCounter + i`
 */
export function hotpCandidates(
  key: Uint8Array,
  firstCounter: number,
  count: number,
  options?: HOTPOptions,
): string[] {
  checkKey(key);
  const digits = checkDigits(options?.digits);
  const algorithm = checkAlgorithm(options?.algorithm);
  checkNonNegativeInteger(firstCounter, 'firstCounter');
  checkNonNegativeInteger(count, 'count');
  // Compared this way round because firstCounter + count - 1 can round back into the safe range.
  if (count > 0 && firstCounter > Number.MAX_SAFE_INTEGER - (count - 1)) {
    throw new RangeError('firstCounter + count - 1 must not exceed Number.MAX_SAFE_INTEGER');
  }
  const { high, low } = checkCounter(firstCounter);
  const tokens: string[] = [];
  if (count === 0) return tokens;
  const schedule = loadKeySchedule(algorithm, key);
  try {
    const codes = counterCodes(schedule, high, low, count);
    for (let i = 0; i < count; i++) tokens.push(formatToken(codes[i]!, digits));
  } finally {
    wipeKeySchedule(schedule);
  }
  return tokens;
}

/** Options of {@link hotpMatchMask}. */
export interface HOTPMatchOptions extends HOTPOptions {
  /** Where the key's HMAC midstates are kept between calls (see {@link createKeyScheduleCache}); none when absent. */
  readonly cache?: KeyScheduleCache;
}

/** Most counters {@link hotpMatchMask} checks at once: one bit each in a 32-bit mask. */
export const MAX_MATCH_WINDOW = 31;

const POWERS_OF_TEN: readonly number[] = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

/**
 * Which of the counters `firstCounter` .. `firstCounter + count - 1` give
 * `token`: bit i of the result is set when counter `firstCounter + i` does.
 * One key schedule for the window, as {@link hotpCandidates}, but the
 * tokens are compared as numbers (the token's value against each code
 * modulo 10^digits) and no token string is built. Every counter is
 * computed and compared, without early exit or a branch on the outcome, so
 * the time taken does not depend on whether or where the token matched.
 *
 * @param key - the shared secret (raw bytes)
 * @param token - the submitted token; one that is not exactly `digits` ASCII digits matches nothing (0)
 * @param firstCounter - a non-negative safe integer
 * @param count - how many counters, 0 to {@link MAX_MATCH_WINDOW}; `firstCounter + count - 1` must be a safe integer
 * @param options - `digits`, `algorithm`, and a `cache` of key schedules (see {@link createKeyScheduleCache})
 * @returns the bit mask of matching counters (0 when none)
 * @example
 * ```ts
 * const mask = hotpMatchMask(key, '287082', 41, 3); // 0b010: counter 42 gives it
 * ```
 */
export function hotpMatchMask(key: Uint8Array, token: string, firstCounter: number, count: number, options?: HOTPMatchOptions): number {
  checkKey(key);
  checkToken(token);
  const digits = checkDigits(options?.digits);
  const algorithm = checkAlgorithm(options?.algorithm);
  checkNonNegativeInteger(firstCounter, 'firstCounter');
  checkNonNegativeInteger(count, 'count');
  if (count > MAX_MATCH_WINDOW) throw new RangeError(`count must be at most ${MAX_MATCH_WINDOW}, got ${count}`);
  if (count > 0 && firstCounter > Number.MAX_SAFE_INTEGER - (count - 1)) {
    throw new RangeError('firstCounter + count - 1 must not exceed Number.MAX_SAFE_INTEGER');
  }
  const { high, low } = checkCounter(firstCounter);
  // The form of a token is public (every valid one has it): checking it first leaks nothing.
  if (count === 0 || !isWellFormedToken(token, digits)) return 0;
  let value = 0;
  for (let i = 0; i < digits; i++) value = value * 10 + (token.charCodeAt(i) - 48);
  const modulus = POWERS_OF_TEN[digits]!;
  const schedule = loadKeySchedule(algorithm, key, options?.cache);
  let mask = 0;
  try {
    const codes = counterCodes(schedule, high, low, count);
    for (let i = 0; i < count; i++) {
      // Both sides are below 10^8 < 2^31, so the difference is 0 exactly when they are equal,
      // and (difference - 1) >>> 31 turns that into one bit without a branch.
      const difference = (codes[i]! % modulus) ^ value;
      mask |= ((difference - 1) >>> 31) << i;
    }
  } finally {
    wipeKeySchedule(schedule);
  }
  return mask;
}
