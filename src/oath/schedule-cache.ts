/**
 * A bounded cache of HMAC key schedules (the inner and outer midstates of a
 * key, see hmac.ts), for a caller that verifies the same keys again and
 * again: a device kind verifying a user's authenticator app at every
 * sign-in. A cached key costs two compressions per counter instead of two
 * more for the key each call.
 *
 * What it holds is key material (each key and its midstates, which are as
 * good as the key), so it belongs where the keys are anyway: twofold's TOTP
 * kind keeps one next to the secret box's cache of opened envelopes. Nothing
 * here is ever logged or handed out; `clear()` wipes it. An entry answers
 * only for a key whose bytes equal, compared in full without early exit, the
 * ones it was made from, and for the same hash algorithm.
 */
import type { HashAlgorithm } from './types.js';

/** Default number of keys a {@link KeyScheduleCache} keeps. */
export const DEFAULT_SCHEDULE_CACHE_SIZE = 1024;

/** A cache made by {@link createKeyScheduleCache}: pass it in the options of `hotpMatchMask`. */
export interface KeyScheduleCache {
  /** How many keys it keeps at most (the oldest goes first). */
  readonly limit: number;
  /** How many keys it holds now. */
  readonly size: number;
  /** Wipes and forgets every entry. */
  clear(): void;
}

interface Entry {
  readonly algorithm: HashAlgorithm;
  readonly key: Uint8Array;
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

// The entries of each cache, by a hash of algorithm and key; out of callers' reach.
const entriesOf = new WeakMap<KeyScheduleCache, Map<number, Entry>>();

/**
 * Creates an empty cache of at most `limit` key schedules.
 *
 * @example
 * ```ts
 * const cache = createKeyScheduleCache();
 * hotpMatchMask(key, token, counter, 3, { cache }); // computes the key's midstates once
 * ```
 */
export function createKeyScheduleCache(limit: number = DEFAULT_SCHEDULE_CACHE_SIZE): KeyScheduleCache {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const entries = new Map<number, Entry>();
  const cache: KeyScheduleCache = Object.freeze({
    limit,
    get size() {
      return entries.size;
    },
    clear() {
      for (const entry of entries.values()) wipe(entry);
      entries.clear();
    },
  });
  entriesOf.set(cache, entries);
  return cache;
}

function wipe(entry: Entry): void {
  entry.key.fill(0);
  entry.inner.fill(0);
  entry.outer.fill(0);
}

// FNV-1a over the algorithm and the key. It only picks the slot: the bytes decide whether it is a hit.
function slotOf(algorithm: HashAlgorithm, key: Uint8Array): number {
  let hash = Math.imul(0x811c9dc5 ^ algorithm.length ^ (algorithm.charCodeAt(algorithm.length - 1) << 8), 0x01000193);
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key[i]!, 0x01000193);
  return hash >>> 0;
}

// Equal bytes, every byte looked at (lengths are public: part of the device's configuration).
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

function entries(cache: KeyScheduleCache): Map<number, Entry> {
  const found = entriesOf.get(cache);
  if (found === undefined) throw new TypeError('cache must come from createKeyScheduleCache');
  return found;
}

/**
 * Copies the cached midstates of `key` into `inner` and `outer` (their first
 * `words` words); false when the cache holds none for it.
 */
export function restoreSchedule(cache: KeyScheduleCache, algorithm: HashAlgorithm, key: Uint8Array, inner: Int32Array, outer: Int32Array, words: number): boolean {
  const entry = entries(cache).get(slotOf(algorithm, key));
  if (entry === undefined || entry.algorithm !== algorithm || !sameBytes(entry.key, key)) return false;
  for (let i = 0; i < words; i++) {
    inner[i] = entry.inner[i]!;
    outer[i] = entry.outer[i]!;
  }
  return true;
}

/** Keeps copies of `key` and its midstates (the first `words` words of `inner` and `outer`). */
export function keepSchedule(cache: KeyScheduleCache, algorithm: HashAlgorithm, key: Uint8Array, inner: Int32Array, outer: Int32Array, words: number): void {
  const map = entries(cache);
  const slot = slotOf(algorithm, key);
  const replaced = map.get(slot);
  if (replaced !== undefined) {
    wipe(replaced);
    map.delete(slot);
  } else if (map.size >= cache.limit) {
    const [oldestSlot, oldest] = map.entries().next().value!;
    wipe(oldest);
    map.delete(oldestSlot);
  }
  // A copy of its own: a Buffer's slice() would share the caller's memory, so that wiping the entry would wipe their key.
  map.set(slot, { algorithm, key: new Uint8Array(key), inner: inner.slice(0, words), outer: outer.slice(0, words) });
}
