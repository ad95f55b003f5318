/**
 * SQL storage for twofold through Kysely: PostgreSQL (pg) and SQLite
 * (better-sqlite3). Use {@link openStore} / {@link openSqliteStore} /
 * {@link openPostgresStore} to let twofold open the database, or
 * {@link createKyselyStore} with a Kysely instance you already have (then run
 * {@link migrateToLatest} once at deployment or start-up).
 *
 * @packageDocumentation
 */
export { createKyselyStore } from './store.js';
export type { KyselyStoreOptions } from './store.js';
export { migrateToLatest, migrationStatus } from './migrations.js';
export type { MigrationOptions, MigrationState } from './migrations.js';
export { createOwnerOnlyFile, openPostgresStore, openSqliteStore, openStore, parseDatabaseUrl } from './open.js';
export type {
  DatabaseLocation,
  OpenedStore,
  OpenPostgresStoreOptions,
  OpenSqliteStoreOptions,
  OpenStoreOptions,
  SqliteCommitThread,
  PostgresPoolOptions,
} from './open.js';
export { DEFAULT_TABLE_PREFIX } from './schema.js';
export type { DevicesTable, DriverBoolean, DriverInteger, SqlDialect, TwofoldDatabase } from './schema.js';
