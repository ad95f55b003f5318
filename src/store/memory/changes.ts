/**
 * The memory store's check of `updateDevice` changes: the same rules and
 * messages as `checkChanges` (validate.ts), with the state checked and
 * copied into its stored form in one walk. It runs on every verification.
 */
import type { JsonObject } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import { CHANGE_FIELDS, fieldProblem, serializeState, stateProblem, type CheckedChanges } from '../validate.js';
import { storedStateOf } from './frozen-state.js';

const CHANGEABLE: ReadonlySet<string> = new Set<string>(CHANGE_FIELDS);

function invalid(message: string): TwofoldError {
  return new TwofoldError('INVALID_ARGUMENT', message);
}

/**
 * Checks the changes of `updateDevice` as `checkChanges` does (fields set to
 * `undefined` count as absent, unknown or unchangeable fields are refused,
 * the first bad field in {@link CHANGE_FIELDS} order is named) and returns
 * them with `state` already in its stored form: deeply frozen, as JSON text
 * would give it back.
 */
export function checkMemoryChanges(changes: unknown): CheckedChanges {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw invalid('updateDevice: changes must be an object');
  }
  const fields = changes as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!CHANGEABLE.has(key)) throw invalid(`updateDevice: ${JSON.stringify(key)} cannot be changed`);
  }
  // Every field read once, into an object of one fixed shape (absent fields stay undefined).
  const checked: CheckedChanges = {
    name: fields.name as string | undefined,
    confirmed: fields.confirmed as boolean | undefined,
    lastUsedAt: fields.lastUsedAt as number | null | undefined,
    secret: fields.secret as string | null | undefined,
    state: undefined,
    failureCount: fields.failureCount as number | undefined,
    lastFailureAt: fields.lastFailureAt as number | null | undefined,
    lastChallengeAt: fields.lastChallengeAt as number | null | undefined,
  };
  const state = fields.state;
  let mayBeTooLong = false;
  for (const field of CHANGE_FIELDS) {
    if (field === 'state') {
      if (state === undefined) continue;
      const stored = storedStateOf(state);
      if (stored === null) throw invalid(`updateDevice: state ${stateProblem(state) ?? 'must be JSON'}`);
      checked.state = stored.state;
      mayBeTooLong = stored.mayBeTooLong;
      continue;
    }
    const value = checked[field];
    if (value === undefined) continue;
    const problem = fieldProblem(field, value);
    if (problem !== null) throw invalid(`updateDevice: ${field} ${problem}`);
  }
  // Only once every field passed, as checkChanges and then serializeState would: the length is the last check.
  if (mayBeTooLong) serializeState(state as JsonObject);
  return checked;
}
