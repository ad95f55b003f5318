/**
 * The SQL {@link Store}: PostgreSQL or SQLite through a Kysely instance.
 *
 * Every operation is a single statement. `updateDevice` in particular is one
 * `UPDATE ... SET ..., version = version + 1 WHERE id = ? AND version = ?`
 * whose affected-row count is the answer: the database's own row locking makes
 * it a compare-and-swap across every process sharing the database, with no
 * transaction and no read beforehand.
 *
 * Nothing read back is trusted: each row is checked field by field and a bad
 * one raises `STORE_ERROR` naming the device and the column, never a value.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DeviceChanges, DeviceQuery, DeviceRecord, DeviceScan, JsonObject, Store } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import {
  checkChanges,
  checkExpectedVersion,
  checkQuery,
  checkRecord,
  checkScan,
  fieldProblem,
  keyProblem,
  lookupKey,
  parseStoredState,
  serializeState,
} from '../validate.js';
import type { Problem } from '../validate.js';
import { asTwofoldDatabase, resolveDialect, tableNames } from './schema.js';
import type { DevicesTableName, SqlDialect, TwofoldDatabase } from './schema.js';

/** Options of {@link createKyselyStore}. */
export interface KyselyStoreOptions<DB> {
  /** The host's Kysely instance; twofold only touches its own tables. */
  readonly db: Kysely<DB>;
  /** Prefix of twofold's tables; must match the one used to migrate. Default `twofold_`. */
  readonly tablePrefix?: string;
  /** The SQL flavour; detected from `db` when absent. */
  readonly dialect?: SqlDialect;
  /**
   * Whether `close()` destroys `db`. Default false: the host owns its
   * instance. The `open*Store` helpers set it, since they created the pool.
   */
  readonly destroyOnClose?: boolean;
}

// Column names, in the order of DeviceRecord.
const COLUMNS = [
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

const DECIMAL_INTEGER = /^-?[0-9]{1,20}$/;

// Integers arrive as numbers, bigints, or (pg BIGINT) decimal strings. Anything
// that does not denote a safe integer exactly stays as is and fails the check.
function integerFromDriver(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (typeof value === 'string' && DECIMAL_INTEGER.test(value)) {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : value;
  }
  return value;
}

function booleanFromDriver(value: unknown): unknown {
  if (value === 0 || value === 0n) return false;
  if (value === 1 || value === 1n) return true;
  return value;
}

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
function rowToRecord(row: Readonly<Record<string, unknown>>): DeviceRecord {
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

interface DriverErrorFields {
  readonly code?: unknown;
  readonly message?: unknown;
}

function driverErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code } = error as DriverErrorFields;
  return typeof code === 'string' ? code : undefined;
}

function isDuplicateKey(error: unknown): boolean {
  const code = driverErrorCode(error);
  // 23505: PostgreSQL unique_violation; the SQLite codes come from better-sqlite3.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function isMissingTable(error: unknown): boolean {
  const code = driverErrorCode(error);
  const message = error instanceof Error ? error.message : '';
  return code === '42P01' || message.includes('no such table');
}

/**
 * Creates a {@link Store} on a Kysely instance the host already has. The
 * tables must exist: run {@link migrateToLatest} (or `twofold migrate`)
 * first, with the same `tablePrefix`.
 *
 * @example
 * const db = new Kysely<AppDatabase>({ dialect: new PostgresDialect({ pool }) });
 * await migrateToLatest(db);
 * const store = createKyselyStore({ db });
 *
 * @throws TwofoldError `INVALID_CONFIG` for a bad prefix or an unsupported dialect.
 */
export function createKyselyStore<DB>(options: KyselyStoreOptions<DB>): Store {
  const table: DevicesTableName = tableNames(options.tablePrefix).devices;
  const dialect = resolveDialect(options.db, options.dialect);
  const db: Kysely<TwofoldDatabase> = asTwofoldDatabase(options.db);
  const destroyOnClose = options.destroyOnClose === true;
  let closed = false;

  const sqlBoolean = (value: boolean): boolean | number => (dialect === 'sqlite' ? (value ? 1 : 0) : value);

  // Runs one database operation, turning driver failures into STORE_ERROR.
  async function run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (closed) throw new TwofoldError('STORE_ERROR', `${operation}: the store is closed`);
    try {
      return await work();
    } catch (error) {
      if (error instanceof TwofoldError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const hint = isMissingTable(error) ? ` (table ${table} is missing: run the migrations, e.g. \`twofold migrate\`)` : '';
      throw new TwofoldError('STORE_ERROR', `${operation} failed: ${reason}${hint}`, { cause: error });
    }
  }

  return {
    async insertDevice(record: DeviceRecord): Promise<void> {
      const checked = checkRecord(record);
      const state = serializeState(checked.state);
      await run('insertDevice', async () => {
        try {
          await db
            .insertInto(table)
            .values({
              id: checked.id,
              user_id: checked.userId,
              kind: checked.kind,
              name: checked.name,
              confirmed: sqlBoolean(checked.confirmed),
              created_at: checked.createdAt,
              last_used_at: checked.lastUsedAt,
              secret: checked.secret,
              state,
              failure_count: checked.failureCount,
              last_failure_at: checked.lastFailureAt,
              last_challenge_at: checked.lastChallengeAt,
              version: checked.version,
            })
            .execute();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          throw new TwofoldError('STORE_ERROR', `insertDevice: a device with id ${checked.id} already exists`, {
            cause: error,
          });
        }
      });
    },

    async getDevice(id: string): Promise<DeviceRecord | null> {
      const key = lookupKey(id, 'getDevice: id');
      return run('getDevice', async () => {
        if (key === null) return null;
        const row = await db.selectFrom(table).select(COLUMNS).where('id', '=', key).executeTakeFirst();
        return row === undefined ? null : rowToRecord(row);
      });
    },

    async listDevices(userId: string, query?: DeviceQuery): Promise<DeviceRecord[]> {
      const owner = lookupKey(userId, 'listDevices: userId');
      const { confirmed, kind } = checkQuery(query);
      return run('listDevices', async () => {
        if (owner === null || kind === null) return [];
        let select = db.selectFrom(table).select(COLUMNS).where('user_id', '=', owner);
        if (confirmed !== undefined) select = select.where('confirmed', '=', sqlBoolean(confirmed));
        if (kind !== undefined) select = select.where('kind', '=', kind);
        const rows = await select.orderBy('created_at').orderBy('id').execute();
        return rows.map(rowToRecord);
      });
    },

    async updateDevice(id: string, expectedVersion: number, changes: DeviceChanges): Promise<boolean> {
      const key = lookupKey(id, 'updateDevice: id');
      const version = checkExpectedVersion(expectedVersion);
      const checked = checkChanges(changes);
      const state = checked.state === undefined ? undefined : serializeState(checked.state);
      return run('updateDevice', async () => {
        if (key === null) return false;
        const result = await db
          .updateTable(table)
          .set({
            ...(checked.name === undefined ? {} : { name: checked.name }),
            ...(checked.confirmed === undefined ? {} : { confirmed: sqlBoolean(checked.confirmed) }),
            ...(checked.lastUsedAt === undefined ? {} : { last_used_at: checked.lastUsedAt }),
            ...(checked.secret === undefined ? {} : { secret: checked.secret }),
            ...(state === undefined ? {} : { state }),
            ...(checked.failureCount === undefined ? {} : { failure_count: checked.failureCount }),
            ...(checked.lastFailureAt === undefined ? {} : { last_failure_at: checked.lastFailureAt }),
            ...(checked.lastChallengeAt === undefined ? {} : { last_challenge_at: checked.lastChallengeAt }),
            version: sql<number>`${sql.ref('version')} + 1`,
          })
          .where('id', '=', key)
          .where('version', '=', version)
          .executeTakeFirst();
        return result.numUpdatedRows === 1n;
      });
    },

    async deleteDevice(id: string): Promise<boolean> {
      const key = lookupKey(id, 'deleteDevice: id');
      return run('deleteDevice', async () => {
        if (key === null) return false;
        const result = await db.deleteFrom(table).where('id', '=', key).executeTakeFirst();
        return result.numDeletedRows === 1n;
      });
    },

    async deleteUserDevices(userId: string): Promise<number> {
      const owner = lookupKey(userId, 'deleteUserDevices: userId');
      return run('deleteUserDevices', async () => {
        if (owner === null) return 0;
        const result = await db.deleteFrom(table).where('user_id', '=', owner).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },

    async scanDevices(scan: DeviceScan): Promise<DeviceRecord[]> {
      const { afterId, limit } = checkScan(scan);
      return run('scanDevices', async () => {
        let select = db.selectFrom(table).select(COLUMNS);
        if (afterId !== undefined) select = select.where('id', '>', afterId);
        const rows = await select.orderBy('id').limit(limit).execute();
        return rows.map(rowToRecord);
      });
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (destroyOnClose) await options.db.destroy();
    },
  };
}
