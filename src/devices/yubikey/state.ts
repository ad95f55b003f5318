/**
 * The counters a YubiKey device remembers, shared by both YubiKey kinds:
 * the last accepted (usage counter, session counter) pair, both null before
 * the first success.
 */
import type { JsonObject } from '../../core/types.js';
import { corruptState } from '../hotp/settings.js';
import { MAX_SESSION_COUNTER, MAX_USAGE_COUNTER, type CounterPair } from './otp.js';
import { isPublicId } from './token.js';

/** The counter fields of a YubiKey device's state. */
export interface YubikeyCounters {
  /** Usage counter of the last accepted OTP, or null before the first. */
  readonly lastUsageCounter: number | null;
  /** Session counter of the last accepted OTP, or null before the first. */
  readonly lastSessionCounter: number | null;
}

/** The last accepted pair as a {@link CounterPair}, or null. */
export function lastPair(state: YubikeyCounters): CounterPair | null {
  if (state.lastUsageCounter === null || state.lastSessionCounter === null) return null;
  return { usageCounter: state.lastUsageCounter, sessionCounter: state.lastSessionCounter };
}

/** Reads the public id of stored state or throws `CORRUPT_DEVICE`. */
export function statePublicId(kind: string, state: JsonObject): string {
  const value = state.publicId;
  if (!isPublicId(value)) throw corruptState(kind, '"publicId" must be a modhex public id');
  return value;
}

/** Reads the counters of stored state (both null, or both in range) or throws `CORRUPT_DEVICE`. */
export function stateCounters(kind: string, state: JsonObject): YubikeyCounters {
  const usage = state.lastUsageCounter;
  const session = state.lastSessionCounter;
  if (usage === null && session === null) return { lastUsageCounter: null, lastSessionCounter: null };
  if (!isCounter(usage, MAX_USAGE_COUNTER) || !isCounter(session, MAX_SESSION_COUNTER)) {
    throw corruptState(kind, '"lastUsageCounter" and "lastSessionCounter" must both be null or both counters in range');
  }
  return { lastUsageCounter: usage, lastSessionCounter: session };
}

function isCounter(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}
