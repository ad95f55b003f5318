/**
 * twofold's schema migrations, kept in code (nothing is read from disk at run
 * time) and applied with Kysely's `Migrator`. Migrations are append-only:
 * a new one gets the next number (`0002_...`) and old ones are never edited,
 * because databases in the field have already run them.
 */
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { TwofoldError } from '../../core/errors.js';
import { resolveDialect, tableNames } from './schema.js';
import type { SqlDialect, TableNames } from './schema.js';
import { challengesMigration } from './challenges.js';
import { withSchemaPinnedIntrospection } from './pinned-introspection.js';

/** Options shared by {@link migrateToLatest} and {@link migrationStatus}. */
export interface MigrationOptions {
  /** Prefix of every table twofold creates. Default `twofold_`. */
  readonly tablePrefix?: string;
  /** The SQL flavour; detected from the Kysely instance when absent. */
  readonly dialect?: SqlDialect;
}

/** Where one migration stands. */
export interface MigrationState {
  /** The migration's name, such as `0001_devices`. */
  readonly name: string;
  /** When it was applied, or null when it is pending. */
  readonly appliedAt: Date | null;
}

function devicesMigration(names: TableNames, dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // "C" makes PostgreSQL order ids by their bytes, like SQLite's BINARY
      // collation and the memory store, so paging is identical everywhere.
      const idType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
      await db.schema
        .createTable(names.devices)
        .addColumn('id', idType, (column) => column.primaryKey())
        .addColumn('user_id', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        // SQLite has no boolean type: the column gets numeric affinity and holds 0 or 1.
        .addColumn('confirmed', 'boolean', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('last_used_at', 'bigint')
        .addColumn('secret', 'text')
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('failure_count', 'integer', (column) => column.notNull())
        .addColumn('last_failure_at', 'bigint')
        .addColumn('last_challenge_at', 'bigint')
        .addColumn('version', 'integer', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex(names.devicesUserIndex)
        .on(names.devices)
        .columns(['user_id', 'created_at'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable(names.devices).execute();
    },
  };
}

// Sending budgets (SMS, calls, e-mail). No primary key: rows are only ever
// counted by key and time and deleted by expiry, both through the indexes.
function sendsMigration(names: TableNames, dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const keyType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
      await db.schema
        .createTable(names.sends)
        .addColumn('key', keyType, (column) => column.notNull())
        .addColumn('sent_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex(names.sendsKeyIndex).on(names.sends).columns(['key', 'sent_at']).execute();
      await db.schema.createIndex(names.sendsExpiryIndex).on(names.sends).column('expires_at').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable(names.sends).execute();
    },
  };
}

// Per-user preferences (the primary device). user_id is the primary key, so
// saving is one atomic upsert; primary_device_id is deliberately not a foreign
// key: a preference naming a deleted device is ignored when read.
function userPreferencesMigration(names: TableNames, dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const idType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
      await db.schema
        .createTable(names.userPreferences)
        .addColumn('user_id', idType, (column) => column.primaryKey())
        .addColumn('primary_device_id', 'text')
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable(names.userPreferences).execute();
    },
  };
}

// Remembered browsers ("remember this browser"). Only hashes are stored; the
// indexes serve the three ways rows are found besides their id: by user (the
// profile, disabling 2FA), by device (a removed device takes its rows along)
// and by expiry (pruning).
function rememberedBrowsersMigration(names: TableNames, dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const idType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
      await db.schema
        .createTable(names.rememberedBrowsers)
        .addColumn('id', idType, (column) => column.primaryKey())
        .addColumn('user_id', idType, (column) => column.notNull())
        .addColumn('device_id', idType, (column) => column.notNull())
        .addColumn('token_hash', 'text', (column) => column.notNull())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addColumn('last_used_at', 'bigint')
        .addColumn('user_agent', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex(names.rememberedBrowsersUserIndex)
        .on(names.rememberedBrowsers)
        .columns(['user_id', 'created_at'])
        .execute();
      await db.schema.createIndex(names.rememberedBrowsersDeviceIndex).on(names.rememberedBrowsers).column('device_id').execute();
      await db.schema.createIndex(names.rememberedBrowsersExpiryIndex).on(names.rememberedBrowsers).column('expires_at').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable(names.rememberedBrowsers).execute();
    },
  };
}

/** Every migration, in order, for one table prefix and dialect. */
export function twofoldMigrations(names: TableNames, dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001_devices': devicesMigration(names, dialect),
    '0002_sends': sendsMigration(names, dialect),
    '0003_remembered_browsers': rememberedBrowsersMigration(names, dialect),
    '0004_user_preferences': userPreferencesMigration(names, dialect),
    '0005_challenges': challengesMigration(names, dialect),
  };
}

function provider(names: TableNames, dialect: SqlDialect): MigrationProvider {
  return {
    getMigrations: () => Promise.resolve(twofoldMigrations(names, dialect)),
  };
}

// Kysely's Migrator finds its bookkeeping tables by name in *any* schema unless
// told which one, so on PostgreSQL it is pinned to the schema new tables go to
// (the first existing schema on the search_path).
async function currentSchema<DB>(db: Kysely<DB>): Promise<string> {
  const result = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = result.rows[0]?.schema;
  if (typeof schema !== 'string' || schema === '') {
    throw new TwofoldError(
      'INVALID_CONFIG',
      'PostgreSQL has no current schema: none of the schemas on the search_path exists',
    );
  }
  return schema;
}

async function createMigrator<DB>(db: Kysely<DB>, names: TableNames, dialect: SqlDialect): Promise<Migrator> {
  const common = {
    provider: provider(names, dialect),
    migrationTableName: names.migration,
    migrationLockTableName: names.migrationLock,
  };
  if (dialect !== 'postgres') return new Migrator({ db, ...common });
  const schema = await currentSchema(db);
  return new Migrator({ db: withSchemaPinnedIntrospection(db, schema), migrationTableSchema: schema, ...common });
}

function migrationError(error: unknown, failed: string | undefined): TwofoldError {
  const detail = error instanceof Error ? error.message : String(error);
  const what = failed === undefined ? 'preparing migrations' : `migration ${failed}`;
  return new TwofoldError('STORE_ERROR', `${what} failed: ${detail}`, { cause: error });
}

async function runMigrator<DB>(db: Kysely<DB>, names: TableNames, dialect: SqlDialect): Promise<string[]> {
  const migrator = await createMigrator(db, names, dialect);
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw migrationError(error, results.find((result) => result.status === 'Error')?.migrationName);
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/**
 * Applies every pending migration and returns the names of those applied
 * (empty when the database was up to date). Safe to run from several
 * processes at once: PostgreSQL serialises runs with an advisory lock, and on
 * SQLite the whole run is one `BEGIN IMMEDIATE` transaction, so a second
 * process waits for the first and then finds nothing left to do.
 *
 * On PostgreSQL the tables go to the current schema (the first existing one on
 * the search_path); use the search_path rather than Kysely's `withSchema` to
 * choose another.
 *
 * @throws TwofoldError `INVALID_CONFIG` for a bad prefix or an unsupported
 *   dialect, `STORE_ERROR` when a migration fails (nothing of it is kept).
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, options: MigrationOptions = {}): Promise<string[]> {
  const names = tableNames(options.tablePrefix);
  const dialect = resolveDialect(db, options.dialect);
  if (dialect === 'postgres') return runMigrator(db, names, dialect);
  // Kysely treats SQLite as having no transactional DDL and takes no lock
  // there; SQLite does have both, and two processes migrating one file at once
  // would otherwise both try to create the tables.
  return db.connection().execute(async (connection) => {
    try {
      await sql`begin immediate`.execute(connection);
    } catch (error) {
      throw migrationError(error, undefined);
    }
    try {
      const applied = await runMigrator(connection, names, dialect);
      await sql`commit`.execute(connection);
      return applied;
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error instanceof TwofoldError ? error : migrationError(error, undefined);
    }
  });
}

/**
 * Lists every migration twofold knows, in order, with when it was applied.
 * Reads only; for `twofold migrate --status` and health checks.
 */
export async function migrationStatus<DB>(db: Kysely<DB>, options: MigrationOptions = {}): Promise<MigrationState[]> {
  const names = tableNames(options.tablePrefix);
  const dialect = resolveDialect(db, options.dialect);
  let migrations;
  try {
    migrations = await (await createMigrator(db, names, dialect)).getMigrations();
  } catch (error) {
    if (error instanceof TwofoldError) throw error;
    throw new TwofoldError('STORE_ERROR', `reading migration status failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return migrations.map((migration) => ({ name: migration.name, appliedAt: migration.executedAt ?? null }));
}
