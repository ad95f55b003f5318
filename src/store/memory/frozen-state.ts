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
import { MAX_STATE_DEPTH, MAX_STATE_JSON_LENGTH, serializeState } from '../validate.js';

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


// Returned by checkedCopy where stateProblem (validate.ts) finds a problem.
const PROBLEM: unique symbol = Symbol('not JSON');

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// frozenCopy of a value not yet checked, refusing in the same walk exactly
// what stateProblem refuses (see jsonValueProblem in validate.ts: non-finite
// numbers, non-JSON types, nesting of MAX_STATE_DEPTH, exotic arrays and
// objects, holes, symbol keys).
function checkedCopy(value: unknown, depth: number, size: { chars: number }): JsonValue | typeof PROBLEM {
  if (value === null || typeof value === 'boolean') {
    size.chars += 5;
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return PROBLEM;
    size.chars += MAX_NUMBER_CHARS;
    return Object.is(value, -0) ? 0 : value;
  }
  if (typeof value === 'string') {
    size.chars += value.length * MAX_CHARS_PER_STRING_CHAR + 2;
    return value;
  }
  if (typeof value !== 'object' || depth >= MAX_STATE_DEPTH) return PROBLEM;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return PROBLEM;
    size.chars += 2 + value.length;
    const items: JsonValue[] = [];
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) return PROBLEM;
      const item = checkedCopy(value[index], depth + 1, size);
      if (item === PROBLEM) return PROBLEM;
      items.push(item);
    }
    Object.freeze(items);
    return items;
  }
  if (!isPlainObject(value) || Object.getOwnPropertySymbols(value).length > 0) return PROBLEM;
  // Object.assign reads every value once (a getter cannot answer the check one
  // thing and the copy another) and copies faster than key by key; then the
  // copy is checked, and nested values replaced by their own copies. It would
  // set the prototype for a "__proto__" key, so such a state is copied key by key.
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = Object.hasOwn(source, '__proto__') ? copyKeyByKey(source) : Object.assign({}, source);
  size.chars += 2;
  for (const key of Object.keys(copy)) {
    size.chars += key.length * MAX_CHARS_PER_STRING_CHAR + 4;
    const item = copy[key];
    const stored = checkedCopy(item, depth + 1, size);
    if (stored === PROBLEM) return PROBLEM;
    // Only nested objects and -0 differ from what was copied.
    if (!Object.is(stored, item)) copy[key] = stored;
  }
  return Object.freeze(copy) as JsonObject;
}

// A shallow copy that keeps a "__proto__" key as an own key, as JSON.parse makes it.
function copyKeyByKey(source: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) Object.defineProperty(copy, key, { value: source[key], enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A state to store, checked and copied in one walk: what {@link storedStateOf} returns. */
export interface CheckedState {
  /** The frozen copy (see {@link frozenState}). */
  readonly state: JsonObject;
  /** Whether the state may be above {@link MAX_STATE_JSON_LENGTH} characters of JSON (then serialize it to know). */
  readonly mayBeTooLong: boolean;
}

/**
 * {@link frozenState} of a state not checked yet, in the same walk as the
 * check: null when `stateProblem` (validate.ts) would refuse it, so that the
 * caller reports that problem in its words. A write pays one walk instead of
 * two (the check, then the copy).
 */
export function storedStateOf(state: unknown): CheckedState | null {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return null;
  const size = { chars: 0 };
  const copy = checkedCopy(state, 0, size);
  return copy === PROBLEM ? null : { state: copy as JsonObject, mayBeTooLong: size.chars > MAX_STATE_JSON_LENGTH };
}
