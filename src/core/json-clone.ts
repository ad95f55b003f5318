/**
 * Copies of JSON data, for the device states the core hands to kinds and
 * callers. `structuredClone` handles any structured data and costs a few
 * microseconds per call for that generality; device states are small plain
 * JSON (already checked by the store), which a direct walk copies in a
 * fraction of that. A state that is deeply frozen (the memory store hands
 * its records out that way) needs no copy at all: nobody can change it.
 */
import type { JsonValue } from './types.js';

// Deeper than any state a store accepts (MAX_STATE_DEPTH is 64): treated as not frozen, so it is copied (and checked) as ever.
const MAX_FROZEN_CHECK_DEPTH = 64;

/** A deep copy of `value`, which must be JSON data (plain objects, arrays, strings, finite numbers, booleans, null). */
export function cloneJson<T extends JsonValue>(value: T): T {
  return copyJson(value, false);
}

/**
 * `value` itself when it is deeply frozen, else a deeply frozen copy: JSON
 * data that no one can change, made without a copy when it already is. This
 * is what kinds are given to parse (see `DeviceKind.parseState`), so a kind
 * that writes to it fails at once in strict code, whichever store it runs on.
 */
export function readOnlyJson<T extends JsonValue>(value: T): T {
  return isDeeplyFrozen(value, 0) ? value : copyJson(value, true);
}

/** Whether `value` and everything in it is frozen (allocates nothing). */
export function isDeeplyFrozen(value: JsonValue, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_FROZEN_CHECK_DEPTH || !Object.isFrozen(value)) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isDeeplyFrozen(item, depth + 1)) return false;
    return true;
  }
  // Only own keys matter; JSON objects inherit no enumerable ones.
  for (const key in value) {
    if (Object.hasOwn(value, key) && !isDeeplyFrozen(value[key]!, depth + 1)) return false;
  }
  return true;
}

function copyJson<T extends JsonValue>(value: T, freeze: boolean): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value.map((item: JsonValue) => copyJson(item, freeze));
    return (freeze ? Object.freeze(items) : items) as T;
  }
  const copy: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    const item = copyJson((value as Record<string, JsonValue>)[key]!, freeze);
    // JSON.parse makes "__proto__" an own key; an assignment would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return (freeze ? Object.freeze(copy) : copy) as T;
}
