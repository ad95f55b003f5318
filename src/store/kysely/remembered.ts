/**
 * The remembered-browser part of the SQL store. Every operation is a single
 * statement; rows read back are checked column by column and a bad one
 * raises `STORE_ERROR` naming the column, never its value (a token hash is
 * not a secret, but a corrupt row should never be echoed either).
 */
import type { Kysely } from 'kysely';
import { TwofoldError } from '../../core/errors.js';
import type { RememberedBrowserRecord } from '../../core/types.js';
import { checkRememberedBrowser, checkTime, rememberedBrowserProblem, type RememberedBrowserMethods } from '../remembered.js';
import { lookupKey } from '../validate.js';
import type { RememberedBrowsersTableName, TwofoldDatabase } from './schema.js';
import { integerFromDriver } from './driver-values.js';

const COLUMNS = [
  'id',
  'user_id',
  'device_id',
  'token_hash',
  'password_hash',
  'created_at',
  'expires_at',
  'last_used_at',
  'user_agent',
] as const;

const FIELD_OF_COLUMN = {
  id: 'id',
  user_id: 'userId',
  device_id: 'deviceId',
  token_hash: 'tokenHash',
  password_hash: 'passwordHash',
  created_at: 'createdAt',
  expires_at: 'expiresAt',
  last_used_at: 'lastUsedAt',
  user_agent: 'userAgent',
} as const satisfies Record<(typeof COLUMNS)[number], keyof RememberedBrowserRecord>;

const INTEGER_COLUMNS: ReadonlySet<string> = new Set(['created_at', 'expires_at', 'last_used_at']);

function rowToRecord(row: Readonly<Record<string, unknown>>): RememberedBrowserRecord {
  const record: Record<string, unknown> = {};
  for (const column of COLUMNS) {
    const field = FIELD_OF_COLUMN[column];
    const value = INTEGER_COLUMNS.has(column) ? integerFromDriver(row[column]) : row[column];
    const problem = rememberedBrowserProblem(field, value);
    if (problem !== null) throw new TwofoldError('STORE_ERROR', `corrupt row in the remembered browsers table: column ${column} ${problem}`);
    record[field] = value;
  }
  return record as unknown as RememberedBrowserRecord;
}

/** Whether a driver error is a primary-key or unique violation (PostgreSQL or better-sqlite3). */
export function isDuplicateKey(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Runs one database operation, turning driver failures into `STORE_ERROR` (the store's own helper). */
export type StoreRunner = <T>(operation: string, work: () => Promise<T>) => Promise<T>;

/** The remembered-browser methods of the SQL store on `table`. */
export function kyselyRememberedBrowsers(
  db: Kysely<TwofoldDatabase>,
  table: RememberedBrowsersTableName,
  run: StoreRunner,
): RememberedBrowserMethods {
  return {
    async insertRememberedBrowser(record) {
      const checked = checkRememberedBrowser(record);
      await run('insertRememberedBrowser', async () => {
        try {
          await db
            .insertInto(table)
            .values({
              id: checked.id,
              user_id: checked.userId,
              device_id: checked.deviceId,
              token_hash: checked.tokenHash,
              password_hash: checked.passwordHash,
              created_at: checked.createdAt,
              expires_at: checked.expiresAt,
              last_used_at: checked.lastUsedAt,
              user_agent: checked.userAgent,
            })
            .execute();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          throw new TwofoldError('STORE_ERROR', `insertRememberedBrowser: a remembered browser with id ${checked.id} already exists`, {
            cause: error,
          });
        }
      });
    },

    async getRememberedBrowser(id) {
      const key = lookupKey(id, 'getRememberedBrowser: id');
      return run('getRememberedBrowser', async () => {
        if (key === null) return null;
        const row = await db.selectFrom(table).select(COLUMNS).where('id', '=', key).executeTakeFirst();
        return row === undefined ? null : rowToRecord(row);
      });
    },

    async listRememberedBrowsers(userId) {
      const owner = lookupKey(userId, 'listRememberedBrowsers: userId');
      return run('listRememberedBrowsers', async () => {
        if (owner === null) return [];
        const rows = await db.selectFrom(table).select(COLUMNS).where('user_id', '=', owner).orderBy('created_at').orderBy('id').execute();
        return rows.map(rowToRecord);
      });
    },

    async touchRememberedBrowser(id, lastUsedAt) {
      const key = lookupKey(id, 'touchRememberedBrowser: id');
      const at = checkTime(lastUsedAt, 'touchRememberedBrowser: lastUsedAt');
      return run('touchRememberedBrowser', async () => {
        if (key === null) return false;
        const result = await db.updateTable(table).set({ last_used_at: at }).where('id', '=', key).executeTakeFirst();
        return result.numUpdatedRows === 1n;
      });
    },

    async deleteRememberedBrowser(id) {
      const key = lookupKey(id, 'deleteRememberedBrowser: id');
      return run('deleteRememberedBrowser', async () => {
        if (key === null) return false;
        const result = await db.deleteFrom(table).where('id', '=', key).executeTakeFirst();
        return result.numDeletedRows === 1n;
      });
    },

    async deleteUserRememberedBrowsers(userId) {
      const owner = lookupKey(userId, 'deleteUserRememberedBrowsers: userId');
      return run('deleteUserRememberedBrowsers', async () => {
        if (owner === null) return 0;
        const result = await db.deleteFrom(table).where('user_id', '=', owner).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },

    async deleteDeviceRememberedBrowsers(deviceId) {
      const device = lookupKey(deviceId, 'deleteDeviceRememberedBrowsers: deviceId');
      return run('deleteDeviceRememberedBrowsers', async () => {
        if (device === null) return 0;
        const result = await db.deleteFrom(table).where('device_id', '=', device).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },

    async deleteExpiredRememberedBrowsers(at) {
      const now = checkTime(at, 'deleteExpiredRememberedBrowsers: at');
      return run('deleteExpiredRememberedBrowsers', async () => {
        const result = await db.deleteFrom(table).where('expires_at', '<=', now).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },
  };
}
