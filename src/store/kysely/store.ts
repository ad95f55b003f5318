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
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type {
  DeviceChanges,
  DeviceQuery,
  DeviceRecord,
  DeviceScan,
  JsonObject,
  SendAttempt,
  SendDecision,
  SendLimit,
  Store,
  UserPreferences,
} from '../../core/types.js';
import { checkPreferences, preferencesProblem } from '../preferences.js';
import { TwofoldError } from '../../core/errors.js';
import { SEND_SWEEP_INTERVAL_MS, checkSendAttempt, retentionByKey } from '../../core/budgets.js';
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
import type { DevicesTableName, SendsTableName, SqlDialect, TwofoldDatabase, UserPreferencesTableName } from './schema.js';
import { kyselyRememberedBrowsers } from './remembered.js';
import { kyselyChallenges } from './challenges.js';

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

/** Turns a preferences row into a record, or throws `STORE_ERROR` naming the first bad column (never its value). */
function rowToPreferences(row: Readonly<Record<string, unknown>>): UserPreferences {
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

// A send time or count read back from the database, as an exact safe integer.
function countedInteger(value: unknown, what: string): number {
  const number = integerFromDriver(value);
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    throw new TwofoldError('STORE_ERROR', `corrupt row in the sends table: ${what} is not a non-negative integer`);
  }
  return number;
}

/**
 * The PostgreSQL advisory-lock id of one budget key: 64 bits of a SHA-256 of
 * table and key. Two keys sharing an id (or two installations on one server)
 * only wait for each other; they never mix up their counts.
 */
function advisoryLockId(table: string, key: string): bigint {
  return createHash('sha256').update(`${table}\u0000${key}`, 'utf8').digest().readBigInt64BE(0);
}

/**
 * The first limit of an attempt that has no room at `at` (the one that stays
 * spent longest when several have none), or null when all have room.
 */
async function findSpentLimit(
  db: Kysely<TwofoldDatabase>,
  table: SendsTableName,
  at: number,
  limits: readonly SendLimit[],
): Promise<{ index: number; retryAt: number } | null> {
  let refused: { index: number; retryAt: number } | null = null;
  for (const [index, { key, limit, windowMs }] of limits.entries()) {
    const since = at - windowMs;
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('sends'))
      .where('key', '=', key)
      .where('sent_at', '>', since)
      .executeTakeFirst();
    const count = countedInteger(row?.sends ?? 0, 'a count');
    if (count < limit) continue;
    // Room comes back when the send at position count − limit (oldest first) leaves the window.
    const leaving = await db
      .selectFrom(table)
      .select('sent_at')
      .where('key', '=', key)
      .where('sent_at', '>', since)
      .orderBy('sent_at')
      .offset(count - limit)
      .limit(1)
      .executeTakeFirst();
    if (leaving === undefined) continue;
    const retryAt = countedInteger(leaving.sent_at, 'sent_at') + windowMs;
    if (refused === null || retryAt > refused.retryAt) refused = { index, retryAt };
  }
  return refused;
}

/** The rows one allowed send adds: one per distinct key, kept for that key's longest window. */
function sendRows(at: number, limits: readonly SendLimit[]): { key: string; sent_at: number; expires_at: number }[] {
  return [...retentionByKey(limits)].map(([key, retention]) => ({ key, sent_at: at, expires_at: at + retention }));
}

/**
 * PostgreSQL: one transaction holding an advisory lock on every key, taken in
 * a fixed order (so two senders cannot deadlock). Under READ COMMITTED each
 * statement after the locks sees every send committed by the previous
 * holder, which committed before its lock was released; so counting and
 * inserting inside the locks cannot overdraw.
 */
async function recordSendOnPostgres(
  db: Kysely<TwofoldDatabase>,
  table: SendsTableName,
  at: number,
  limits: readonly SendLimit[],
): Promise<SendDecision> {
  const lockIds = [...new Set(limits.map((limit) => advisoryLockId(table, limit.key)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return db.transaction().execute(async (transaction) => {
    for (const id of lockIds) await sql`select pg_advisory_xact_lock(cast(${id.toString()} as bigint))`.execute(transaction);
    const refused = await findSpentLimit(transaction, table, at, limits);
    if (refused !== null) return { allowed: false, ...refused };
    await transaction.insertInto(table).values(sendRows(at, limits)).execute();
    return { allowed: true };
  });
}

/**
 * SQLite: one INSERT ... SELECT whose WHERE clause holds every count. A
 * single write statement takes the database's write lock before it reads
 * and keeps it to the end, so check and record are one step across every
 * connection and process. (A multi-statement transaction would hold the lock
 * across awaits, and better-sqlite3 connections in the same process would
 * then block each other's thread until the busy timeout.) Only a refusal
 * reads again, outside the lock, to say which budget and until when.
 */
async function recordSendOnSqlite(
  db: Kysely<TwofoldDatabase>,
  table: SendsTableName,
  at: number,
  limits: readonly SendLimit[],
): Promise<SendDecision> {
  const rows = sendRows(at, limits);
  const values = sql.join(rows.map((row) => sql`(${row.key}, ${row.expires_at})`));
  const room = sql.join(
    limits.map(
      ({ key, limit, windowMs }) =>
        sql`(select count(*) from ${sql.table(table)} where ${sql.ref('key')} = ${key} and ${sql.ref('sent_at')} > ${at - windowMs}) < ${limit}`,
    ),
    sql` and `,
  );
  // A concurrent sweep may remove rows between the refusal and the re-read; then simply try again.
  for (let round = 0; round < 5; round++) {
    const result = await sql`insert into ${sql.table(table)} (${sql.ref('key')}, ${sql.ref('sent_at')}, ${sql.ref('expires_at')})
      select column1, ${at}, column2 from (values ${values}) where ${room}`.execute(db);
    if (result.numAffectedRows === BigInt(rows.length)) return { allowed: true };
    if (result.numAffectedRows !== 0n) {
      throw new TwofoldError('STORE_ERROR', `recordSend: inserted ${String(result.numAffectedRows)} of ${rows.length} rows`);
    }
    const refused = await findSpentLimit(db, table, at, limits);
    if (refused !== null) return { allowed: false, ...refused };
  }
  throw new TwofoldError('CONTENTION', 'recordSend: the sends table kept changing; try again');
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
  const names = tableNames(options.tablePrefix);
  const table: DevicesTableName = names.devices;
  const sendsTable: SendsTableName = names.sends;
  const preferencesTable: UserPreferencesTableName = names.userPreferences;
  const dialect = resolveDialect(options.db, options.dialect);
  const db: Kysely<TwofoldDatabase> = asTwofoldDatabase(options.db);
  const destroyOnClose = options.destroyOnClose === true;
  let closed = false;
  let lastSweepAt = Number.NEGATIVE_INFINITY;

  // Sends of keys that are never used again would stay forever: once a minute
  // (by the callers' clock) every expired row goes. Best effort, outside the
  // exclusive step: expired rows count in no window, so deleting them late
  // changes no decision, and two sweepers at once cannot corrupt anything.
  async function sweepExpiredSends(at: number): Promise<void> {
    if (at - lastSweepAt < SEND_SWEEP_INTERVAL_MS) return;
    lastSweepAt = at;
    try {
      await db.deleteFrom(sendsTable).where('expires_at', '<=', at).execute();
    } catch {
      // A failed sweep (a deadlock between two sweepers, a lost connection) is retried a minute later.
    }
  }

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
    ...kyselyRememberedBrowsers(db, names.rememberedBrowsers, run),
    ...kyselyChallenges(options.db, names, run),

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

    async recordSend(attempt: SendAttempt): Promise<SendDecision> {
      const { at, limits } = checkSendAttempt(attempt);
      const decision = await run('recordSend', () =>
        dialect === 'postgres' ? recordSendOnPostgres(db, sendsTable, at, limits) : recordSendOnSqlite(db, sendsTable, at, limits),
      );
      if (!closed) await sweepExpiredSends(at);
      return decision;
    },

    async getUserPreferences(userId: string): Promise<UserPreferences | null> {
      const owner = lookupKey(userId, 'getUserPreferences: userId');
      return run('getUserPreferences', async () => {
        if (owner === null) return null;
        const row = await db
          .selectFrom(preferencesTable)
          .select(['user_id', 'primary_device_id', 'updated_at'])
          .where('user_id', '=', owner)
          .executeTakeFirst();
        return row === undefined ? null : rowToPreferences(row);
      });
    },

    async putUserPreferences(preferences: UserPreferences): Promise<void> {
      const checked = checkPreferences(preferences);
      await run('putUserPreferences', async () => {
        // One statement on the primary key: concurrent saves never fail, the last one wins.
        await db
          .insertInto(preferencesTable)
          .values({ user_id: checked.userId, primary_device_id: checked.primaryDeviceId, updated_at: checked.updatedAt })
          .onConflict((conflict) =>
            conflict.column('user_id').doUpdateSet({ primary_device_id: checked.primaryDeviceId, updated_at: checked.updatedAt }),
          )
          .execute();
      });
    },

    async deleteUserPreferences(userId: string): Promise<boolean> {
      const owner = lookupKey(userId, 'deleteUserPreferences: userId');
      return run('deleteUserPreferences', async () => {
        if (owner === null) return false;
        const result = await db.deleteFrom(preferencesTable).where('user_id', '=', owner).executeTakeFirst();
        return result.numDeletedRows === 1n;
      });
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (destroyOnClose) await options.db.destroy();
    },
  };
}
