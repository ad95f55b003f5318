/**
 * Rows of the devices and user-preferences tables turned back into records.
 * Nothing read back is trusted: each row is checked field by field and a bad
 * one raises `STORE_ERROR` naming the device and the column, never a value.
 */
import type { DeviceRecord, JsonObject, UserPreferences } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import { preferencesProblem } from '../preferences.js';
import { fieldProblem, keyProblem, parseStoredState, parsedStateProblem } from '../validate.js';
import type { Problem } from '../validate.js';
import { booleanFromDriver, integerFromDriver } from './driver-values.js';

/** The devices table's columns, in the order of DeviceRecord. */
export const COLUMNS = [
  'id',
  'user_id',
  'kind',
  'name',
  'confirmed',
  'created_at',
  'last_used_at',
  'secret',
  'state',
  'failure_count',
  'last_failure_at',
  'last_challenge_at',
  'version',
] as const;

type Column = (typeof COLUMNS)[number];

function corrupt(id: unknown, column: Column, problem: string): TwofoldError {
  // The id is only quoted when it is a sane key; values of other columns
  // (the secret above all) never appear in the message.
  const device = keyProblem(id) === null ? `device ${String(id)}` : 'a device row';
  return new TwofoldError('STORE_ERROR', `corrupt row for ${device}: column ${column} ${problem}`);
}

/** A row as a driver hands it back, not yet checked. */
export type Row = Readonly<Record<string, unknown>>;

// Module-level checks rather than closures per row: every verification reads a row.
function checked<T>(row: Row, column: Column, field: keyof DeviceRecord, value: T): T {
  const problem: Problem = fieldProblem(field, value);
  if (problem !== null) throw corrupt(row.id, column, problem);
  return value;
}

function integer(row: Row, column: Column, field: keyof DeviceRecord): number {
  return checked(row, column, field, integerFromDriver(row[column])) as number;
}

function nullableInteger(row: Row, column: Column, field: keyof DeviceRecord): number | null {
  return row[column] === null ? null : integer(row, column, field);
}

function text(row: Row, column: Column, field: keyof DeviceRecord): string {
  return checked(row, column, field, row[column]) as string;
}

/**
 * Turns a row into a record, or throws `STORE_ERROR` for the first column
 * that does not hold what twofold would have written.
 */
export function rowToRecord(row: Row): DeviceRecord {
  const stateText = row.state;
  if (typeof stateText !== 'string') throw corrupt(row.id, 'state', 'is not text');
  const state: JsonObject | null = parseStoredState(stateText);
  if (state === null) throw corrupt(row.id, 'state', 'is not the JSON text of an object');
  const stateProblem = parsedStateProblem(state);
  if (stateProblem !== null) throw corrupt(row.id, 'state', stateProblem);

  const confirmed = checked(row, 'confirmed', 'confirmed', booleanFromDriver(row.confirmed)) as boolean;
  const secret = checked(row, 'secret', 'secret', row.secret) as string | null;

  return {
    id: text(row, 'id', 'id'),
    userId: text(row, 'user_id', 'userId'),
    kind: text(row, 'kind', 'kind'),
    name: text(row, 'name', 'name'),
    confirmed,
    createdAt: integer(row, 'created_at', 'createdAt'),
    lastUsedAt: nullableInteger(row, 'last_used_at', 'lastUsedAt'),
    secret,
    state,
    failureCount: integer(row, 'failure_count', 'failureCount'),
    lastFailureAt: nullableInteger(row, 'last_failure_at', 'lastFailureAt'),
    lastChallengeAt: nullableInteger(row, 'last_challenge_at', 'lastChallengeAt'),
    version: integer(row, 'version', 'version'),
  };
}

/** Turns a preferences row into a record, or throws `STORE_ERROR` naming the first bad column (never its value). */
export function rowToPreferences(row: Row): UserPreferences {
  const record = {
    userId: row.user_id,
    primaryDeviceId: row.primary_device_id,
    updatedAt: integerFromDriver(row.updated_at),
  };
  const columns = { userId: 'user_id', primaryDeviceId: 'primary_device_id', updatedAt: 'updated_at' } as const;
  for (const field of ['userId', 'primaryDeviceId', 'updatedAt'] as const) {
    const problem = preferencesProblem(field, record[field]);
    if (problem !== null) throw new TwofoldError('STORE_ERROR', `corrupt row in the user preferences table: column ${columns[field]} ${problem}`);
  }
  return record as UserPreferences;
}

/** The `primary_device_id` a sign-in listing carries, checked like a preferences row. */
export function primaryFromRow(row: Row): string | null {
  const value = row.primary_device_id ?? null;
  const problem = preferencesProblem('primaryDeviceId', value);
  if (problem !== null) throw new TwofoldError('STORE_ERROR', `corrupt row in the user preferences table: column primary_device_id ${problem}`);
  return value as string | null;
}
