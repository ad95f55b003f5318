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
import type { Kysely } from 'kysely';
import type { DeviceChanges, DeviceQuery, DeviceRecord, DeviceScan, DevicesWithPrimary, SendAttempt, SendDecision, Store, UserPreferences } from '../../core/types.js';
import { checkPreferences } from '../preferences.js';
import { TwofoldError } from '../../core/errors.js';
import { SEND_SWEEP_INTERVAL_MS, checkSendAttempt } from '../../core/budgets.js';
import { checkChanges, checkExpectedVersion, checkQuery, checkRecord, checkScan, lookupKey, serializeState } from '../validate.js';
import { asTwofoldDatabase, resolveDialect, tableNames } from './schema.js';
import type { DevicesTableName, SendsTableName, SqlDialect, TwofoldDatabase, UserPreferencesTableName } from './schema.js';
import { kyselyRememberedBrowsers } from './remembered.js';
import { kyselyInsertDevices } from './insert-many.js';
import { COLUMNS, primaryFromRow, rowToPreferences, rowToRecord } from './device-rows.js';
import type { Row } from './device-rows.js';
import { booleanToDriver, isDuplicateKey, isMissingTable, unavailableRetrySeconds } from './driver-values.js';
import { recordSendOnPostgres, recordSendOnSqlite } from './sends.js';
import { kyselyChallenges } from './challenges.js';
import { createGroupCommit } from './group-commit.js';
import { createDeviceStatements } from './compiled-statements.js';
import type { GroupCommitter } from './group-commit.js';

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
  /**
   * SQLite only: whether the device writes of one turn of the event loop
   * share one transaction and one commit (see group-commit.ts). Default true.
   * Each write is still its own compare-and-swap, and none is answered
   * before its commit is durable. Here the commit runs on the calling
   * thread; `openSqliteStore` on a file can move it to a thread of its own
   * (its `commitThread` option).
   */
  readonly groupCommit?: boolean;
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
  return buildKyselyStore(options, undefined);
}

/**
 * {@link createKyselyStore} with the group commit given by the opener
 * (`openSqliteStore`'s commit thread); `undefined` picks the default. The
 * store's `close()` closes the committer (its pending writes are answered
 * first) before the database.
 */
export function buildKyselyStore<DB>(options: KyselyStoreOptions<DB>, committer: GroupCommitter | undefined): Store {
  const names = tableNames(options.tablePrefix);
  const table: DevicesTableName = names.devices;
  const sendsTable: SendsTableName = names.sends;
  const preferencesTable: UserPreferencesTableName = names.userPreferences;
  const dialect = resolveDialect(options.db, options.dialect);
  const db: Kysely<TwofoldDatabase> = asTwofoldDatabase(options.db);
  const destroyOnClose = options.destroyOnClose === true;
  if (options.groupCommit !== undefined && typeof options.groupCommit !== 'boolean') {
    throw new TwofoldError('INVALID_CONFIG', 'groupCommit must be a boolean');
  }
  const groupCommitter = committer ?? (dialect === 'sqlite' && options.groupCommit !== false ? createGroupCommit(db) : null);
  const groupCommit = groupCommitter === null ? null : groupCommitter.commit;
  // The sign-in's statements, compiled once per shape (compiled-statements.ts).
  const statements = createDeviceStatements(db, table, preferencesTable, dialect);
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


  // Runs one database operation, turning driver failures into STORE_ERROR.
  async function run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (closed) throw new TwofoldError('STORE_ERROR', `${operation}: the store is closed`);
    try {
      return await work();
    } catch (error) {
      if (error instanceof TwofoldError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const retryAfterSeconds = unavailableRetrySeconds(error);
      if (retryAfterSeconds !== null) {
        throw new TwofoldError('STORE_UNAVAILABLE', `${operation}: the database is unavailable: ${reason}`, { cause: error, retryAfterSeconds });
      }
      const hint = isMissingTable(error) ? ` (table ${table} is missing: run the migrations, e.g. \`twofold migrate\`)` : '';
      throw new TwofoldError('STORE_ERROR', `${operation} failed: ${reason}${hint}`, { cause: error });
    }
  }

  return {
    ...kyselyRememberedBrowsers(db, names.rememberedBrowsers, run),
    ...kyselyChallenges(options.db, names, run),

    insertDevices: kyselyInsertDevices(db, names, dialect, run),

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
              confirmed: booleanToDriver(dialect, checked.confirmed),
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
        const { rows } = await db.executeQuery<Row>(statements.getDevice(key));
        return rows.length === 0 ? null : rowToRecord(rows[0]!);
      });
    },

    async listDevices(userId: string, query?: DeviceQuery): Promise<DeviceRecord[]> {
      const owner = lookupKey(userId, 'listDevices: userId');
      const { confirmed, kind } = checkQuery(query);
      return run('listDevices', async () => {
        if (owner === null || kind === null) return [];
        const { rows } = await db.executeQuery<Row>(statements.listDevices(owner, confirmed, kind));
        return rows.map(rowToRecord);
      });
    },

    async listDevicesWithPrimary(userId: string, query?: DeviceQuery): Promise<DevicesWithPrimary> {
      const owner = lookupKey(userId, 'listDevicesWithPrimary: userId');
      const { confirmed, kind } = checkQuery(query);
      return run('listDevicesWithPrimary', async () => {
        if (owner === null || kind === null) return { devices: [], primaryDeviceId: null };
        const { rows } = await db.executeQuery<Row>(statements.listDevicesWithPrimary(owner, confirmed, kind));
        return { devices: rows.map(rowToRecord), primaryDeviceId: rows.length === 0 ? null : primaryFromRow(rows[0]!) };
      });
    },

    async updateDevice(id: string, expectedVersion: number, changes: DeviceChanges): Promise<boolean> {
      const key = lookupKey(id, 'updateDevice: id');
      const version = checkExpectedVersion(expectedVersion);
      const checked = checkChanges(changes);
      const state = checked.state === undefined ? undefined : serializeState(checked.state);
      return run('updateDevice', async () => {
        if (key === null) return false;
        const update = statements.updateDevice(key, version, checked, state);
        const result = groupCommit === null ? await db.executeQuery(update) : await groupCommit(update);
        return result.numAffectedRows === 1n;
      });
    },

    async deleteDevice(id: string, expectedVersion?: number): Promise<boolean> {
      const key = lookupKey(id, 'deleteDevice: id');
      const version = expectedVersion === undefined ? undefined : checkExpectedVersion(expectedVersion);
      return run('deleteDevice', async () => {
        if (key === null) return false;
        let query = db.deleteFrom(table).where('id', '=', key);
        // The version makes it a compare-and-delete: a device confirmed meanwhile stays.
        if (version !== undefined) query = query.where('version', '=', version);
        const result = await query.executeTakeFirst();
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
      await groupCommitter?.close();
      if (destroyOnClose) await options.db.destroy();
    },
  };
}
