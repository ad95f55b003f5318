/**
 * Rows of the devices and user-preferences tables turned back into records.
 * Nothing read back is trusted: each row is checked field by field and a bad
 * one raises `STORE_ERROR` naming the device and the column, never a value.
 */
import type { DeviceRecord, JsonObject, UserPreferences } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import { preferencesProblem } from '../preferences.js';
import { fieldProblem, keyProblem, parseStoredState } from '../validate.js';
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

/**
 * Turns a row into a record, or throws `STORE_ERROR` for the first column
 * that does not hold what twofold would have written.
 */
export function rowToRecord(row: Readonly<Record<string, unknown>>): DeviceRecord {
  const id = row.id;
  const check = (column: Column, field: keyof DeviceRecord, value: unknown): void => {
    const problem: Problem = fieldProblem(field, value);
    if (problem !== null) throw corrupt(id, column, problem);
  };
  const integer = (column: Column, field: keyof DeviceRecord): number => {
    const value = integerFromDriver(row[column]);
    check(column, field, value);
    return value as number;
  };
  const nullableInteger = (column: Column, field: keyof DeviceRecord): number | null =>
    row[column] === null ? null : integer(column, field);
  const text = (column: Column, field: keyof DeviceRecord): string => {
    check(column, field, row[column]);
    return row[column] as string;
  };

  const stateText = row.state;
  if (typeof stateText !== 'string') throw corrupt(id, 'state', 'is not text');
  const state: JsonObject | null = parseStoredState(stateText);
  if (state === null) throw corrupt(id, 'state', 'is not the JSON text of an object');
  check('state', 'state', state);

  const confirmed = booleanFromDriver(row.confirmed);
  check('confirmed', 'confirmed', confirmed);
  check('secret', 'secret', row.secret);

  return {
    id: text('id', 'id'),
    userId: text('user_id', 'userId'),
    kind: text('kind', 'kind'),
    name: text('name', 'name'),
    confirmed: confirmed as boolean,
    createdAt: integer('created_at', 'createdAt'),
    lastUsedAt: nullableInteger('last_used_at', 'lastUsedAt'),
    secret: row.secret as string | null,
    state,
    failureCount: integer('failure_count', 'failureCount'),
    lastFailureAt: nullableInteger('last_failure_at', 'lastFailureAt'),
    lastChallengeAt: nullableInteger('last_challenge_at', 'lastChallengeAt'),
    version: integer('version', 'version'),
  };
}

/** Turns a preferences row into a record, or throws `STORE_ERROR` naming the first bad column (never its value). */
export function rowToPreferences(row: Readonly<Record<string, unknown>>): UserPreferences {
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
export function primaryFromRow(row: Readonly<Record<string, unknown>>): string | null {
  const value = row.primary_device_id ?? null;
  const problem = preferencesProblem('primaryDeviceId', value);
  if (problem !== null) throw new TwofoldError('STORE_ERROR', `corrupt row in the user preferences table: column primary_device_id ${problem}`);
  return value as string | null;
}
