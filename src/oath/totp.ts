/**
 * TOTP (RFC 6238): HOTP whose counter is the number of `step`-second periods
 * elapsed since `t0`.
 */
import { constantTimeEqual } from './compare.js';
import { formatToken } from './hotp.js';
import { counterCodes, loadKeySchedule, wipeKeySchedule } from './hmac.js';
import type { TOTPOptions } from './types.js';
import {
  checkAlgorithm,
  checkDigits,
  checkFinite,
  checkInteger,
  checkKey,
  checkNonNegativeInteger,
  checkToken,
  isWellFormedToken,
} from './validate.js';

const TWO_POW_32 = 0x100000000;

/**
 * The time step (RFC 6238 "T") at `options.time`: floor((time - t0) / step).
 * Negative before `t0`. A fractional time counts in the step it falls in.
 *
 * @param options - `step` (seconds, integer >= 1, default 30), `t0` (default 0), `time` (default now)
 * @returns the step number, a safe integer
 * @throws TypeError or RangeError on a bad option, or if the step is not a safe integer
 */
export function timeStep(options?: TOTPOptions): number {
  const step = options?.step ?? 30;
  if (typeof step !== 'number') throw new TypeError('step must be a number');
  if (!Number.isSafeInteger(step) || step < 1) throw new RangeError(`step must be an integer >= 1, got ${step}`);
  const t0 = checkFinite(options?.t0 ?? 0, 't0');
  const time = options?.time === undefined ? Date.now() / 1000 : checkFinite(options.time, 'time');
  const value = Math.floor((time - t0) / step);
  if (!Number.isSafeInteger(value)) throw new RangeError('time is too far from t0: the time step is not a safe integer');
  return value;
}

/**
 * Generates the TOTP token at `options.time` (default: now).
 *
 * @param key - the shared secret (raw bytes)
 * @param options - `digits`, `algorithm`, `step`, `t0`, `time`
 * @returns the zero-padded decimal token
 * @throws RangeError if the time is before `t0` (negative step: no token exists), or on a bad option
 */
export function generateTOTP(key: Uint8Array, options?: TOTPOptions): string {
  checkKey(key);
  const digits = checkDigits(options?.digits);
  const algorithm = checkAlgorithm(options?.algorithm);
  const step = timeStep(options);
  if (step < 0) throw new RangeError('time is before t0: the time step is negative');
  const schedule = loadKeySchedule(algorithm, key);
  try {
    return formatToken(counterCodes(schedule, Math.floor(step / TWO_POW_32) | 0, step | 0, 1)[0]!, digits);
  } finally {
    wipeKeySchedule(schedule);
  }
}

/**
 * Verifies a TOTP token against the steps T + drift - window .. T + drift + window,
 * where T = {@link timeStep}. Steps below `minStep` are skipped: pass the last
 * accepted step + 1 to refuse a replayed token and any token older than it.
 * Negative steps (before `t0`) are skipped too.
 *
 * Every step of the window is computed and compared with
 * {@link constantTimeEqual}, with no early exit, so the time taken does not
 * depend on whether or where the token matched. The earliest matching step
 * is returned.
 *
 * A token of the wrong length or with a non-digit character is simply not
 * valid (`null`); only a non-string token throws.
 *
 * @param key - the shared secret (raw bytes)
 * @param token - the submitted token
 * @param options - TOTP options plus `window` (steps each side, default 1), `drift` (default 0), `minStep`
 * @returns the matched step, or null
 * @throws TypeError or RangeError on a bad argument
 */
export function verifyTOTP(
  key: Uint8Array,
  token: string,
  options?: TOTPOptions & { window?: number; drift?: number; minStep?: number },
): number | null {
  checkKey(key);
  checkToken(token);
  const digits = checkDigits(options?.digits);
  const algorithm = checkAlgorithm(options?.algorithm);
  const window = checkNonNegativeInteger(options?.window ?? 1, 'window');
  const drift = checkInteger(options?.drift ?? 0, 'drift');
  const minStep = options?.minStep === undefined ? 0 : checkInteger(options.minStep, 'minStep');
  const center = timeStep(options) + drift;
  const lowest = center - window;
  const highest = center + window;
  if (!Number.isSafeInteger(lowest) || !Number.isSafeInteger(highest)) {
    throw new RangeError('time step + drift ± window must be safe integers');
  }
  if (!isWellFormedToken(token, digits)) return null;
  const first = Math.max(lowest, minStep, 0);
  if (first > highest) return null;
  const schedule = loadKeySchedule(algorithm, key);
  let matched = -1;
  try {
    const count = highest - first + 1;
    const codes = counterCodes(schedule, Math.floor(first / TWO_POW_32) | 0, first | 0, count);
    for (let i = 0; i < count; i++) {
      const equal = constantTimeEqual(formatToken(codes[i]!, digits), token);
      matched = equal && matched < 0 ? first + i : matched;
    }
  } finally {
    wipeKeySchedule(schedule);
  }
  return matched < 0 ? null : matched;
}
