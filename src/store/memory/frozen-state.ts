/**
 * The memory store's copy of a checked state: what a database would give
 * back after storing it as JSON text, deeply frozen, made in one walk
 * instead of a JSON.stringify and JSON.parse per write.
 *
 * For checked JSON data (plain objects and arrays, finite numbers, strings,
 * booleans, null; see validate.ts) the JSON round trip changes exactly one
 * thing: -0 becomes 0. Key order is the same (both follow `Object.keys`),
 * numbers print and parse back to the same double, strings come back equal
 * (lone surrogates included), and a `__proto__` key stays an own key.
 */
import type { JsonObject, JsonValue } from '../../core/types.js';
import { MAX_STATE_JSON_LENGTH, serializeState } from '../validate.js';

// Most characters JSON.stringify can write for one value: a string char
// becomes at most 6 (\uXXXX), a number at most 24 (-1.2345678901234567e-308).
const MAX_CHARS_PER_STRING_CHAR = 6;
const MAX_NUMBER_CHARS = 24;

// A frozen copy of `value`; adds to `size` an upper bound of its JSON length.
function frozenCopy(value: JsonValue, size: { chars: number }): JsonValue {
  if (value === null || typeof value === 'boolean') {
    size.chars += 5;
    return value;
  }
  if (typeof value === 'number') {
    size.chars += MAX_NUMBER_CHARS;
    return Object.is(value, -0) ? 0 : value;
  }
  if (typeof value === 'string') {
    size.chars += value.length * MAX_CHARS_PER_STRING_CHAR + 2;
    return value;
  }
  if (Array.isArray(value)) {
    size.chars += 2 + value.length;
    const items = value.map((item: JsonValue) => frozenCopy(item, size));
    Object.freeze(items);
    return items;
  }
  const copy: Record<string, JsonValue> = {};
  size.chars += 2;
  for (const key of Object.keys(value)) {
    size.chars += key.length * MAX_CHARS_PER_STRING_CHAR + 4;
    const item = frozenCopy(value[key]!, size);
    // JSON.parse makes "__proto__" an own key; an assignment would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return Object.freeze(copy);
}

/**
 * The stored form of a checked state (see the module comment). Refuses, as
 * `serializeState` does, a state above {@link MAX_STATE_JSON_LENGTH}
 * characters of JSON; the text is only written out when the cheap bound says
 * it might be that long.
 */
export function frozenState(state: JsonObject): JsonObject {
  const size = { chars: 0 };
  const copy = frozenCopy(state, size) as JsonObject;
  if (size.chars > MAX_STATE_JSON_LENGTH) serializeState(state);
  return copy;
}

