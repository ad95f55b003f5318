/**
 * The SQL store's {@link Store.insertDevices}: one transaction holding
 * multi-row INSERTs, so a batch lands whole or not at all, and a bulk import
 * pays one commit (one fsync on SQLite) per batch instead of one per device.
 */
import type { Kysely } from 'kysely';
import { TwofoldError } from '../../core/errors.js';
import type { DeviceRecord, Store } from '../../core/types.js';
import { checkPreferences } from '../preferences.js';
import { checkRecord, serializeState } from '../validate.js';
import type { StoreRunner } from './remembered.js';
import type { DevicesTableName, SqlDialect, TwofoldDatabase, UserPreferencesTableName } from './schema.js';

// 13 columns per row: 300 rows stay far below SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const ROWS_PER_STATEMENT = 300;

function deviceRow(record: DeviceRecord, dialect: SqlDialect) {
  return {
    id: record.id,
    user_id: record.userId,
    kind: record.kind,
    name: record.name,
    confirmed: dialect === 'sqlite' ? (record.confirmed ? 1 : 0) : record.confirmed,
    created_at: record.createdAt,
    last_used_at: record.lastUsedAt,
    secret: record.secret,
    state: serializeState(record.state),
    failure_count: record.failureCount,
    last_failure_at: record.lastFailureAt,
    last_challenge_at: record.lastChallengeAt,
    version: record.version,
  };
}

function isDuplicateKey(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Builds `insertDevices` for the SQL store. */
export function kyselyInsertDevices(
  db: Kysely<TwofoldDatabase>,
  tables: { readonly devices: DevicesTableName; readonly userPreferences: UserPreferencesTableName },
  dialect: SqlDialect,
  run: StoreRunner,
): NonNullable<Store['insertDevices']> {
  return async (records, preferences = []) => {
    const rows = records.map((record) => deviceRow(checkRecord(record), dialect));
    const choices = preferences.map((entry) => checkPreferences(entry));
    await run('insertDevices', async () => {
      try {
        await db.transaction().execute(async (transaction) => {
          for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
            await transaction.insertInto(tables.devices).values(rows.slice(start, start + ROWS_PER_STATEMENT)).execute();
          }
          for (let start = 0; start < choices.length; start += ROWS_PER_STATEMENT) {
            const values = choices
              .slice(start, start + ROWS_PER_STATEMENT)
              .map((choice) => ({ user_id: choice.userId, primary_device_id: choice.primaryDeviceId, updated_at: choice.updatedAt }));
            // A user who already chose a primary device keeps that choice.
            await transaction
              .insertInto(tables.userPreferences)
              .values(values)
              .onConflict((conflict) => conflict.column('user_id').doNothing())
              .execute();
          }
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        throw new TwofoldError('STORE_ERROR', 'insertDevices: one of the devices already exists; nothing was written', { cause: error });
      }
    });
  };
}
