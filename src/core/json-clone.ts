/**
 * A deep copy of JSON data, for the states the core hands out on every
 * verification. `structuredClone` handles any structured data and costs a
 * few microseconds per call for that generality; device states are small
 * plain JSON (already checked by the store), which a direct walk copies in a
 * fraction of that.
 */
import type { JsonValue } from './types.js';

/** A deep copy of `value`, which must be JSON data (plain objects, arrays, strings, finite numbers, booleans, null). */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item: JsonValue) => cloneJson(item)) as T;
  const copy: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    const item = cloneJson((value as Record<string, JsonValue>)[key]!);
    // JSON.parse makes "__proto__" an own key; an assignment would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy as T;
}
