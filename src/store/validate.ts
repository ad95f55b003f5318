/**
 * Checks shared by every store. A store is the last line before durable
 * state, so it refuses anything it could not give back exactly: a record that
 * went in must come out equal, whichever backend holds it. The same rules are
 * applied to what comes back out of a database, so that a row edited by hand
 * or by a buggy tool is reported instead of being handed to the core.
 *
 * Only the stores use this module; it is not part of the public API.
 */
import type { DeviceChanges, DeviceRecord, JsonObject } from '../core/types.js';
import { TwofoldError } from '../core/errors.js';

/** Longest id, user id or kind accepted. */
export const MAX_KEY_LENGTH = 255;
/** Longest device name accepted. */
export const MAX_NAME_LENGTH = 1024;
/** Longest encrypted secret envelope accepted. */
export const MAX_SECRET_LENGTH = 16_384;
/** Largest `state`, measured as JSON text. */
export const MAX_STATE_JSON_LENGTH = 1_048_576;
/** Deepest nesting of `state`; also what stops a cyclic object. */
export const MAX_STATE_DEPTH = 64;
/** Largest timestamp: the last millisecond a JavaScript `Date` can represent. */
export const MAX_TIMESTAMP = 8_640_000_000_000_000;
/** Largest version and failure count: the range of a 32-bit SQL integer. */
export const MAX_COUNTER = 2_147_483_647;
/** Largest page of {@link Store.scanDevices}. */
export const MAX_SCAN_LIMIT = 1000;

/** The fields of a {@link DeviceRecord}, in declaration order. */
export const RECORD_FIELDS = [
  'id',
  'userId',
  'kind',
  'name',
  'confirmed',
  'createdAt',
  'lastUsedAt',
  'secret',
  'state',
  'failureCount',
  'lastFailureAt',
  'lastChallengeAt',
  'version',
] as const satisfies readonly (keyof DeviceRecord)[];

/** The fields an update may change. */
export const CHANGE_FIELDS = [
  'name',
  'confirmed',
  'lastUsedAt',
  'secret',
  'state',
  'failureCount',
  'lastFailureAt',
  'lastChallengeAt',
] as const satisfies readonly (keyof DeviceChanges)[];

type ChangeField = (typeof CHANGE_FIELDS)[number];

// Built once: every insert and update looks its keys up here.
const KNOWN_RECORD_FIELDS: ReadonlySet<string> = new Set<string>(RECORD_FIELDS);
const CHANGEABLE_FIELDS: ReadonlySet<string> = new Set<string>(CHANGE_FIELDS);

/** What is wrong with a value, as the end of a sentence, or null when nothing is. */
export type Problem = string | null;

// PostgreSQL text cannot hold NUL, and drivers silently replace lone
// surrogates, which would make two different strings collide.
const LONE_SURROGATE = /\p{Surrogate}/u;

function textProblem(value: string): Problem {
  if (LONE_SURROGATE.test(value)) return 'contains a lone surrogate (not well-formed Unicode)';
  if (value.includes('\u0000')) return 'contains a NUL character';
  return null;
}

/** Problem with an id, user id or kind. */
export function keyProblem(value: unknown): Problem {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters`;
  return textProblem(value);
}

/** Problem with a device name. */
export function nameProblem(value: unknown): Problem {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  return textProblem(value);
}

/** Problem with a secret envelope (or null). */
export function secretProblem(value: unknown): Problem {
  if (value === null) return null;
  if (typeof value !== 'string') return 'must be a string or null';
  if (value.length > MAX_SECRET_LENGTH) return `must be at most ${MAX_SECRET_LENGTH} characters`;
  return textProblem(value);
}

/** Problem with a millisecond timestamp. */
export function timestampProblem(value: unknown): Problem {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer number of milliseconds';
  if (value < 0 || value > MAX_TIMESTAMP) return `must be between 0 and ${MAX_TIMESTAMP}`;
  return null;
}

/** Problem with a nullable millisecond timestamp. */
export function optionalTimestampProblem(value: unknown): Problem {
  return value === null ? null : timestampProblem(value);
}

/** Problem with a version or failure count. */
export function counterProblem(value: unknown): Problem {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
  if (value < 0 || value > MAX_COUNTER) return `must be between 0 and ${MAX_COUNTER}`;
  return null;
}

/** Problem with a boolean. */
export function booleanProblem(value: unknown): Problem {
  return typeof value === 'boolean' ? null : 'must be a boolean';
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// Where a problem is (".a.b[1]", built only once one is found) and what it is.
interface JsonProblem {
  readonly path: string;
  readonly what: string;
}

// Only what JSON carries unchanged is accepted; anything JSON.stringify would
// drop or alter (undefined, NaN, Dates, class instances, holes) is refused,
// because the SQL stores keep state as JSON text. Every write walks its state
// here, so a clean walk allocates nothing: the path is put together on the
// way back out, only for a problem. `parsed` says the value came out of
// JSON.parse (a row read back), which can give back only two of these
// problems: a number out of range ("1e999" parses to Infinity) and nesting
// too deep. Holes, symbol keys, accessors and foreign prototypes cannot come
// out of the parser, so those checks are skipped for it (every sign-in reads rows).
function jsonValueProblem(value: unknown, depth: number, parsed: boolean): JsonProblem | null {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path: '', what: 'is not a finite number' };
  if (typeof value !== 'object') return { path: '', what: `is a ${typeof value}, not a JSON value` };
  if (depth >= MAX_STATE_DEPTH) return { path: '', what: `is nested deeper than ${MAX_STATE_DEPTH} levels (or cyclic)` };
  if (Array.isArray(value)) {
    if (!parsed && Object.getPrototypeOf(value) !== Array.prototype) return { path: '', what: 'is not a plain array' };
    for (let index = 0; index < value.length; index++) {
      if (!parsed && !(index in value)) return { path: `[${index}]`, what: 'is a hole in a sparse array' };
      const problem = jsonValueProblem(value[index], depth + 1, parsed);
      if (problem !== null) return { path: `[${index}]${problem.path}`, what: problem.what };
    }
    return null;
  }
  if (!parsed) {
    if (!isPlainObject(value)) return { path: '', what: 'is not a plain object' };
    if (Object.getOwnPropertySymbols(value).length > 0) return { path: '', what: 'has symbol keys' };
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const problem = jsonValueProblem(object[key], depth + 1, parsed);
    if (problem !== null) return { path: `.${key}${problem.path}`, what: problem.what };
  }
  return null;
}

/** Problem with a device state: must be a plain JSON object. */
export function stateProblem(value: unknown): Problem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a JSON object';
  const problem = jsonValueProblem(value, 0, false);
  return problem === null ? null : `must be JSON: state${problem.path} ${problem.what}`;
}

/**
 * Serialises a checked state, refusing one above {@link MAX_STATE_JSON_LENGTH}.
 * The SQL stores write this text; the memory store keeps it too, so that both
 * give back exactly what JSON preserves (for example -0 becomes 0 everywhere).
 */
export function serializeState(state: JsonObject): string {
  const text = JSON.stringify(state);
  if (text.length > MAX_STATE_JSON_LENGTH) {
    throw new TwofoldError('INVALID_ARGUMENT', `state must be at most ${MAX_STATE_JSON_LENGTH} characters of JSON`);
  }
  return text;
}

/**
 * {@link stateProblem} for a state that {@link parseStoredState} gave back:
 * the same answer and message, without the checks that cannot fail for
 * what `JSON.parse` produces.
 */
export function parsedStateProblem(state: JsonObject): Problem {
  const problem = jsonValueProblem(state, 0, true);
  return problem === null ? null : `must be JSON: state${problem.path} ${problem.what}`;
}

/**
 * Parses stored state text. Returns null when it is not a JSON object; the
 * parser's own message is never surfaced because it quotes the text.
 */
export function parseStoredState(text: string): JsonObject | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

const FIELD_CHECKS: { readonly [Field in keyof DeviceRecord]: (value: unknown) => Problem } = {
  id: keyProblem,
  userId: keyProblem,
  kind: keyProblem,
  name: nameProblem,
  confirmed: booleanProblem,
  createdAt: timestampProblem,
  lastUsedAt: optionalTimestampProblem,
  secret: secretProblem,
  state: stateProblem,
  failureCount: counterProblem,
  lastFailureAt: optionalTimestampProblem,
  lastChallengeAt: optionalTimestampProblem,
  version: counterProblem,
};

/** Problem with one field of a record. */
export function fieldProblem(field: keyof DeviceRecord, value: unknown): Problem {
  return FIELD_CHECKS[field](value);
}

function invalid(message: string): TwofoldError {
  return new TwofoldError('INVALID_ARGUMENT', message);
}

function describeId(value: unknown): string {
  return keyProblem(value) === null ? `device ${String(value)}` : 'device';
}

/**
 * Checks a record handed to `insertDevice` and returns a copy holding exactly
 * the record's fields. Throws `INVALID_ARGUMENT` naming the first bad field.
 */
export function checkRecord(record: unknown): DeviceRecord {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw invalid('insertDevice: the record must be an object');
  }
  const fields = record as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!KNOWN_RECORD_FIELDS.has(key)) throw invalid(`insertDevice: ${describeId(fields.id)}: unknown field ${JSON.stringify(key)}`);
  }
  for (const field of RECORD_FIELDS) {
    const problem = fieldProblem(field, fields[field]);
    if (problem !== null) throw invalid(`insertDevice: ${describeId(fields.id)}: ${field} ${problem}`);
  }
  const checked = fields as unknown as DeviceRecord;
  return {
    id: checked.id,
    userId: checked.userId,
    kind: checked.kind,
    name: checked.name,
    confirmed: checked.confirmed,
    createdAt: checked.createdAt,
    lastUsedAt: checked.lastUsedAt,
    secret: checked.secret,
    state: checked.state,
    failureCount: checked.failureCount,
    lastFailureAt: checked.lastFailureAt,
    lastChallengeAt: checked.lastChallengeAt,
    version: checked.version,
  };
}

/** Changes after checking: only the fields that are present and defined. */
export type CheckedChanges = { -readonly [Field in ChangeField]?: DeviceRecord[Field] };

/**
 * Checks the changes handed to `updateDevice`. Fields set to `undefined` count
 * as absent; a field that cannot be changed (`id`, `version`, ...) is refused
 * rather than silently ignored, because ignoring it would hide a bug.
 */
export function checkChanges(changes: unknown): CheckedChanges {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw invalid('updateDevice: changes must be an object');
  }
  const fields = changes as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!CHANGEABLE_FIELDS.has(key)) throw invalid(`updateDevice: ${JSON.stringify(key)} cannot be changed`);
  }
  const checked: Record<string, unknown> = {};
  for (const field of CHANGE_FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    const problem = fieldProblem(field, value);
    if (problem !== null) throw invalid(`updateDevice: ${field} ${problem}`);
    checked[field] = value;
  }
  return checked;
}

/**
 * Checks an id, user id or kind used to look something up. A non-string is a
 * programming error (`INVALID_ARGUMENT`); a string that no stored record could
 * have (empty, too long, NUL, lone surrogate) yields null, meaning "matches
 * nothing", because lookups must not throw for unknown ids.
 */
export function lookupKey(value: unknown, what: string): string | null {
  if (typeof value !== 'string') throw invalid(`${what} must be a string`);
  return keyProblem(value) === null ? value : null;
}

/** Checks the expected version of a compare-and-swap. */
export function checkExpectedVersion(value: unknown): number {
  // MAX_COUNTER itself is excluded: the update would push version out of range.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= MAX_COUNTER) {
    throw invalid(`updateDevice: expectedVersion must be an integer between 0 and ${MAX_COUNTER - 1}`);
  }
  return value;
}

/** Checks the filters of `listDevices`; a kind no record could have yields `kind: null`. */
export function checkQuery(query: unknown): { confirmed: boolean | undefined; kind: string | null | undefined } {
  if (query === undefined) return { confirmed: undefined, kind: undefined };
  if (typeof query !== 'object' || query === null) throw invalid('listDevices: query must be an object');
  const { confirmed, kind } = query as Record<string, unknown>;
  if (confirmed !== undefined && typeof confirmed !== 'boolean') {
    throw invalid('listDevices: query.confirmed must be a boolean');
  }
  return { confirmed, kind: kind === undefined ? undefined : lookupKey(kind, 'listDevices: query.kind') };
}

/** Checks a scan request. */
export function checkScan(scan: unknown): { afterId: string | undefined; limit: number } {
  if (typeof scan !== 'object' || scan === null) throw invalid('scanDevices: scan must be an object');
  const { afterId, limit } = scan as Record<string, unknown>;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_SCAN_LIMIT) {
    throw invalid(`scanDevices: limit must be an integer between 1 and ${MAX_SCAN_LIMIT}`);
  }
  if (afterId === undefined) return { afterId: undefined, limit };
  // Any well-formed string is a valid lower bound, even one no id could equal.
  if (typeof afterId !== 'string') throw invalid('scanDevices: afterId must be a string');
  const problem = textProblem(afterId);
  if (problem !== null) throw invalid(`scanDevices: afterId ${problem}`);
  return { afterId, limit };
}

/**
 * Orders ids the way the SQL stores do: by their UTF-8 bytes (SQLite's BINARY
 * collation, PostgreSQL's "C"), so that paging is identical everywhere.
 */
export function compareIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
