/**
 * The shape of twofold's tables as Kysely sees them, the names they get from
 * the table prefix, and the SQL flavour of a Kysely instance.
 */
import type { ColumnType, Kysely } from 'kysely';
import { TwofoldError } from '../../core/errors.js';

/** The SQL flavours the Kysely store supports. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * An integer as a driver may return it: PostgreSQL's pg returns BIGINT as a
 * decimal string, SQLite drivers return numbers (or bigints in safe-integer
 * mode). Every value is converted and range-checked on read.
 */
export type DriverInteger = number | string | bigint;

/** Booleans are real booleans on PostgreSQL and 0/1 integers on SQLite. */
export type DriverBoolean = boolean | number | bigint;

/**
 * The `<prefix>devices` table. Select types say what a driver may hand back;
 * insert and update types say what twofold writes. Columns that identify a
 * device never change after insertion.
 */
export interface DevicesTable {
  id: ColumnType<string, string, never>;
  user_id: ColumnType<string, string, never>;
  kind: ColumnType<string, string, never>;
  name: ColumnType<string, string, string>;
  confirmed: ColumnType<DriverBoolean, boolean | number, boolean | number>;
  created_at: ColumnType<DriverInteger, number, never>;
  last_used_at: ColumnType<DriverInteger | null, number | null, number | null>;
  /** The encrypted secret envelope, never the key itself. */
  secret: ColumnType<string | null, string | null, string | null>;
  /** JSON text of a JSON object. */
  state: ColumnType<string, string, string>;
  failure_count: ColumnType<DriverInteger, number, number>;
  last_failure_at: ColumnType<DriverInteger | null, number | null, number | null>;
  last_challenge_at: ColumnType<DriverInteger | null, number | null, number | null>;
  version: ColumnType<DriverInteger, number, number>;
}

/** The name of a devices table: the prefix followed by `devices`. */
export type DevicesTableName = `${string}devices`;

/**
 * The `<prefix>sends` table: one row per message and budget key, kept until
 * the longest window of its key has passed. Keys are keyed hashes, never
 * phone numbers or addresses.
 */
export interface SendsTable {
  key: ColumnType<string, string, never>;
  sent_at: ColumnType<DriverInteger, number, never>;
  /** When the row no longer counts in any window of its key and may be deleted. */
  expires_at: ColumnType<DriverInteger, number, never>;
}

/** The name of a sends table: the prefix followed by `sends`. */
export type SendsTableName = `${string}sends`;

/** The `<prefix>user_preferences` table: at most one row per user (the primary device they chose). */
export interface UserPreferencesTable {
  user_id: ColumnType<string, string, never>;
  /** A device id (not the persistent id), or null; not a foreign key, so a deleted device simply stops matching. */
  primary_device_id: ColumnType<string | null, string | null, string | null>;
  updated_at: ColumnType<DriverInteger, number, number>;
}

/** The name of a user-preferences table: the prefix followed by `user_preferences`. */
export type UserPreferencesTableName = `${string}user_preferences`;

/**
 * The `<prefix>remembered_browsers` table: one row per remembered browser.
 * It holds hashes only (of the cookie's secret and of the password
 * fingerprint), never anything that would work as a cookie.
 */
export interface RememberedBrowsersTable {
  id: ColumnType<string, string, never>;
  user_id: ColumnType<string, string, never>;
  /** The device id (not the persistent id) whose code created the row. */
  device_id: ColumnType<string, string, never>;
  token_hash: ColumnType<string, string, never>;
  password_hash: ColumnType<string, string, never>;
  created_at: ColumnType<DriverInteger, number, never>;
  expires_at: ColumnType<DriverInteger, number, never>;
  last_used_at: ColumnType<DriverInteger | null, number | null, number | null>;
  user_agent: ColumnType<string, string, never>;
}

/** The name of a remembered-browsers table: the prefix followed by `remembered_browsers`. */
export type RememberedBrowsersTableName = `${string}remembered_browsers`;

/**
 * twofold's tables. The names depend on the prefix chosen at run time, so
 * the keys are template types: any `...devices` name has the devices shape,
 * any `...sends` name the sends shape.
 */
export type TwofoldDatabase = Record<DevicesTableName, DevicesTable> &
  Record<SendsTableName, SendsTable> &
  Record<UserPreferencesTableName, UserPreferencesTable> &
  Record<RememberedBrowsersTableName, RememberedBrowsersTable>;

/** The default table prefix. */
export const DEFAULT_TABLE_PREFIX = 'twofold_';

// Lower case only: identifiers then mean the same thing quoted or not, in every
// database. 32 characters leave room for the longest derived name (the index)
// inside PostgreSQL's 63-byte identifier limit.
const TABLE_PREFIX_PATTERN = /^[a-z0-9_]{0,32}$/;

/** The table, index and migration-table names for one prefix. */
export interface TableNames {
  readonly devices: DevicesTableName;
  readonly devicesUserIndex: string;
  readonly sends: SendsTableName;
  readonly sendsKeyIndex: string;
  readonly sendsExpiryIndex: string;
  readonly userPreferences: UserPreferencesTableName;
  readonly rememberedBrowsers: RememberedBrowsersTableName;
  readonly rememberedBrowsersUserIndex: string;
  readonly rememberedBrowsersDeviceIndex: string;
  readonly rememberedBrowsersExpiryIndex: string;
  readonly challenges: string;
  readonly challengesExpiryIndex: string;
  readonly migration: string;
  readonly migrationLock: string;
}

/**
 * Derives every table name from a prefix, refusing prefixes that are not
 * plain lower-case identifiers (`INVALID_CONFIG`).
 */
export function tableNames(tablePrefix: unknown = DEFAULT_TABLE_PREFIX): TableNames {
  if (typeof tablePrefix !== 'string' || !TABLE_PREFIX_PATTERN.test(tablePrefix)) {
    throw new TwofoldError(
      'INVALID_CONFIG',
      'tablePrefix must be at most 32 characters from a-z, 0-9 and _ (for example "twofold_")',
    );
  }
  return {
    devices: `${tablePrefix}devices`,
    devicesUserIndex: `${tablePrefix}devices_user_id_created_at_idx`,
    sends: `${tablePrefix}sends`,
    sendsKeyIndex: `${tablePrefix}sends_key_sent_at_idx`,
    sendsExpiryIndex: `${tablePrefix}sends_expires_at_idx`,
    userPreferences: `${tablePrefix}user_preferences`,
    rememberedBrowsers: `${tablePrefix}remembered_browsers`,
    rememberedBrowsersUserIndex: `${tablePrefix}remembered_browsers_user_id_idx`,
    rememberedBrowsersDeviceIndex: `${tablePrefix}remembered_browsers_device_id_idx`,
    rememberedBrowsersExpiryIndex: `${tablePrefix}remembered_browsers_expires_at_idx`,
    challenges: `${tablePrefix}challenges`,
    challengesExpiryIndex: `${tablePrefix}challenges_expires_at_idx`,
    migration: `${tablePrefix}migration`,
    migrationLock: `${tablePrefix}migration_lock`,
  };
}

/**
 * Tells the SQL flavour of a Kysely instance from how it compiles a query
 * with one parameter: `$1` is PostgreSQL's placeholder, `?` with double-quoted
 * identifiers is SQLite's. This relies on public API only and also recognises
 * third-party dialects built on those compilers (PGlite, libSQL, D1, ...).
 */
export function detectDialect<DB>(db: Kysely<DB>): SqlDialect {
  const { sql } = db.selectNoFrom((eb) => eb.val(1).as('probe')).compile();
  if (sql.includes('$1') && sql.includes('"probe"')) return 'postgres';
  if (sql.includes('?') && sql.includes('"probe"')) return 'sqlite';
  throw new TwofoldError(
    'INVALID_CONFIG',
    'cannot tell the SQL dialect of this Kysely instance; twofold supports PostgreSQL and SQLite (pass `dialect` to say which)',
  );
}

/** Checks an explicit dialect option, or detects it when absent. */
export function resolveDialect<DB>(db: Kysely<DB>, dialect: unknown): SqlDialect {
  if (dialect === undefined) return detectDialect(db);
  if (dialect === 'sqlite' || dialect === 'postgres') return dialect;
  throw new TwofoldError('INVALID_CONFIG', 'dialect must be "sqlite" or "postgres"');
}

/**
 * Views the host's Kysely instance through twofold's table types. The host's
 * own tables are invisible to the store, and everything the store reads from
 * its tables is checked at run time, so nothing relies on this view's
 * accuracy beyond column names.
 */
export function asTwofoldDatabase<DB>(db: Kysely<DB>): Kysely<TwofoldDatabase> {
  return db as unknown as Kysely<TwofoldDatabase>;
}
