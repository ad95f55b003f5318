/**
 * Ready-made SQL stores: open a database file or a PostgreSQL server, apply
 * the migrations and get a {@link Store}. The drivers (better-sqlite3, pg)
 * are optional peer dependencies, loaded only when asked for, so that an
 * application using one never needs the other.
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Store } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import { loadOptionalPackage } from '../../core/optional-package.js';
import { migrateToLatest } from './migrations.js';
import { tableNames } from './schema.js';
import type { TwofoldDatabase } from './schema.js';
import { buildKyselyStore, createKyselyStore } from './store.js';
import { startCommitThread } from './commit-thread.js';
import type { GroupCommitter } from './group-commit.js';
import { unavailableRetrySeconds } from './driver-values.js';
import { withPostgresStatementNames, withSqliteStatementCache } from './statement-cache.js';

/** What the `open*Store` helpers return. */
export interface OpenedStore {
  /** The store; closing it also closes `db`. */
  readonly store: Store;
  /** The Kysely instance behind it, for migrations and status checks. */
  readonly db: Kysely<TwofoldDatabase>;
}

/** Options of {@link openSqliteStore}. */
export interface OpenSqliteStoreOptions {
  /** Path of the database file (created when missing), or `:memory:`. */
  readonly filename: string;
  /** Prefix of twofold's tables. Default `twofold_`. */
  readonly tablePrefix?: string;
  /** Whether to apply pending migrations on opening. Default true. */
  readonly migrate?: boolean;
  /**
   * How long a write waits for another connection or process holding the
   * file's write lock before failing with SQLITE_BUSY. Default 5000 ms.
   */
  readonly busyTimeoutMs?: number;
  /**
   * Where the device writes (the compare-and-swap of every verification) are
   * committed. `'worker'` (the default for a file): on a worker thread with
   * its own connection to the file, so that the `fsync` of each commit does
   * not hold the event loop; the writes asked for while one commit waits for
   * the disk share the next one. `'main'`: on the event loop, the writes of
   * one turn of it in one transaction (always so for `:memory:`, which one
   * connection alone can see). Durability is the same: `synchronous = FULL`
   * either way, and a write is answered only once its commit is on disk.
   * Measured over HTTP on a 2-core machine, the thread gave one app process
   * with a core to spare 20–23% more sign-ins per second and a lower p99;
   * two app processes (both cores busy) gained nothing and spent about
   * 0.1 ms more CPU per request (docs/benchmarks.md). Choose `'main'` for
   * several app processes on one file on a small machine, or where threads
   * are unwelcome.
   *
   * @example
   * // Several app processes on one file, on a small machine:
   * const { store } = await openSqliteStore({ filename: 'app.sqlite', commitThread: 'main' });
   */
  readonly commitThread?: SqliteCommitThread;
}

/** Where {@link OpenSqliteStoreOptions.commitThread} commits the device writes. */
export type SqliteCommitThread = 'worker' | 'main';

/** Connection-pool settings of {@link openPostgresStore} (a subset of pg's `Pool` options). */
export interface PostgresPoolOptions {
  /** Most connections at once. Default 10. */
  readonly max?: number;
  /** Close connections idle for this long. Default 30000 ms. */
  readonly idleTimeoutMillis?: number;
  /**
   * How long a query may wait for a connection (a free one from the pool, or
   * a new one to be set up) before failing with `STORE_UNAVAILABLE`.
   * Default 30000 ms (0 waits forever).
   */
  readonly connectionTimeoutMillis?: number;
}

/** Options of {@link openPostgresStore}. */
export interface OpenPostgresStoreOptions {
  /** `postgres://user:password@host:port/database?sslmode=...` */
  readonly connectionString: string;
  /** Prefix of twofold's tables. Default `twofold_`. */
  readonly tablePrefix?: string;
  /**
   * Schema for twofold's tables, set as the connections' search_path; the
   * default is the server's search_path (usually `public`). Lower-case
   * identifier. Created when missing if `migrate` is on.
   */
  readonly schema?: string;
  /** Whether to apply pending migrations on opening. Default true. */
  readonly migrate?: boolean;
  readonly pool?: PostgresPoolOptions;
  /**
   * Whether twofold's queries run as named prepared statements, parsed once
   * per connection. Default true. Turn it off behind a pooler that cannot
   * keep prepared statements (PgBouncer in transaction mode before 1.21).
   */
  readonly preparedStatements?: boolean;
}

/** Options of {@link openStore}: those of both helpers except the location. */
export interface OpenStoreOptions {
  readonly tablePrefix?: string;
  readonly migrate?: boolean;
  /** PostgreSQL only; see {@link OpenPostgresStoreOptions.schema}. */
  readonly schema?: string;
  /** PostgreSQL only. */
  readonly pool?: PostgresPoolOptions;
  /** SQLite only; see {@link OpenSqliteStoreOptions.busyTimeoutMs}. */
  readonly busyTimeoutMs?: number;
  /** SQLite only; see {@link OpenSqliteStoreOptions.commitThread}. */
  readonly commitThread?: SqliteCommitThread;
}

/** Where a database URL points, as understood by {@link openStore}. */
export type DatabaseLocation =
  | { readonly dialect: 'postgres'; readonly connectionString: string }
  | { readonly dialect: 'sqlite'; readonly filename: string };

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates `filename` empty with mode 0600 unless it exists (an empty file is
 * a valid new SQLite database). The file holds encrypted device keys and
 * user data: only the owner needs to read it, and SQLite gives the -wal and
 * -shm files the mode of the database file. Created before SQLite opens it,
 * so that it is never readable by others, even for a moment.
 */
export function createOwnerOnlyFile(filename: string): void {
  if (existsSync(filename)) return;
  try {
    closeSync(openSync(filename, 'wx', 0o600));
  } catch (error) {
    // Another process created it first: theirs is as good.
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkMigrate(migrate: unknown): boolean {
  if (migrate === undefined) return true;
  if (typeof migrate !== 'boolean') throw new TwofoldError('INVALID_CONFIG', 'migrate must be a boolean');
  return migrate;
}

function checkCommitThread(value: unknown, filename: string): SqliteCommitThread {
  if (value !== undefined && value !== 'worker' && value !== 'main') {
    throw new TwofoldError('INVALID_CONFIG', 'commitThread must be "worker" or "main"');
  }
  if (filename === ':memory:') {
    if (value === 'worker') {
      throw new TwofoldError('INVALID_CONFIG', 'commitThread "worker" needs a database file: a :memory: database cannot be shared with another thread');
    }
    return 'main';
  }
  return value ?? 'worker';
}

function checkPositiveInteger(value: unknown, what: string, allowZero: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new TwofoldError('INVALID_CONFIG', `${what} must be ${allowZero ? 'a non-negative' : 'a positive'} integer`);
  }
  return value;
}

// Opening failed half-way: release what was opened, report what failed.
async function abandon(db: Kysely<TwofoldDatabase>, error: unknown, what: string): Promise<never> {
  await db.destroy().catch(() => undefined);
  if (error instanceof TwofoldError) throw error;
  // A server that is down or saturated is worth retrying; anything else (bad credentials, a failed migration) is not.
  const retryAfterSeconds = unavailableRetrySeconds(error);
  if (retryAfterSeconds !== null) {
    throw new TwofoldError('STORE_UNAVAILABLE', `${what}: the database is unavailable: ${describe(error)}`, { cause: error, retryAfterSeconds });
  }
  throw new TwofoldError('STORE_ERROR', `${what}: ${describe(error)}`, { cause: error });
}

/**
 * Opens (creating if needed) an SQLite database file with better-sqlite3 and
 * returns a store on it. The file is set up for several OS processes at once:
 * WAL journal (readers never block the writer), a busy timeout (writers queue
 * instead of failing), `synchronous = FULL` (every commit is durable: a used one-time code must stay used after a power loss, or it could be replayed within its window) and foreign keys on.
 * A file it creates is readable by its owner only (mode 0600).
 *
 * @throws TwofoldError `INVALID_CONFIG` when better-sqlite3 is not installed or
 *   an option is bad; `STORE_ERROR` when the file cannot be opened or migrated.
 */
export async function openSqliteStore(options: OpenSqliteStoreOptions): Promise<OpenedStore> {
  const { filename, tablePrefix } = options;
  if (typeof filename !== 'string' || filename === '' || filename.includes('\u0000')) {
    throw new TwofoldError('INVALID_CONFIG', 'openSqliteStore: filename must be a non-empty path or ":memory:"');
  }
  tableNames(tablePrefix);
  const migrate = checkMigrate(options.migrate);
  const busyTimeoutMs = checkPositiveInteger(options.busyTimeoutMs, 'busyTimeoutMs', true) ?? DEFAULT_BUSY_TIMEOUT_MS;
  const commitThread = checkCommitThread(options.commitThread, filename);
  const { default: SqliteDatabase } = await loadOptionalPackage('better-sqlite3', 'openSqliteStore', () => import('better-sqlite3'));

  let database;
  try {
    if (filename !== ':memory:') createOwnerOnlyFile(filename);
    database = new SqliteDatabase(filename, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new TwofoldError('STORE_ERROR', `cannot open the SQLite database ${filename}: ${describe(error)}`, {
      cause: error,
    });
  }
  // Each SQL text is compiled once and the statement reused (statement-cache.ts).
  const db = new Kysely<TwofoldDatabase>({ dialect: new SqliteDialect({ database: withSqliteStatementCache(database) }) });
  try {
    // busy_timeout first, so that switching to WAL also waits for other processes.
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    if (migrate) await migrateToLatest(db, { tablePrefix, dialect: 'sqlite' });
  } catch (error) {
    return abandon(db, error, `cannot prepare the SQLite database ${filename}`);
  }
  let committer: GroupCommitter | undefined;
  if (commitThread === 'worker') {
    try {
      // The thread loads the driver this module loaded, wherever the host installed it.
      const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
      committer = await startCommitThread({ filename, driverPath, busyTimeoutMs });
    } catch (error) {
      return abandon(db, error, `cannot start the SQLite commit thread for ${filename}`);
    }
  }
  return { store: buildKyselyStore({ db, tablePrefix, dialect: 'sqlite', destroyOnClose: true }, committer), db };
}

/**
 * Connects to PostgreSQL with a pg connection pool and returns a store on it.
 *
 * @throws TwofoldError `INVALID_CONFIG` when pg is not installed or an option
 *   is bad; `STORE_UNAVAILABLE` (with `retryAfterSeconds`) when the server
 *   cannot be reached; `STORE_ERROR` when it refuses us or cannot be migrated.
 */
export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<OpenedStore> {
  const { connectionString, tablePrefix, schema, pool: poolOptions = {} } = options;
  if (typeof connectionString !== 'string' || !/^postgres(ql)?:\/\//i.test(connectionString)) {
    throw new TwofoldError('INVALID_CONFIG', 'openPostgresStore: connectionString must be a postgres:// or postgresql:// URL');
  }
  tableNames(tablePrefix);
  const migrate = checkMigrate(options.migrate);
  if (schema !== undefined) {
    if (typeof schema !== 'string' || !SCHEMA_PATTERN.test(schema)) {
      throw new TwofoldError('INVALID_CONFIG', 'schema must be a lower-case identifier (a-z, 0-9, _; at most 63 characters)');
    }
    // pg lets parameters in the URL override the config, so ours would be ignored.
    if (/[?&]options=/i.test(connectionString)) {
      throw new TwofoldError('INVALID_CONFIG', 'give the schema either as `options` in the URL or as the schema option, not both');
    }
  }
  // Sized for bursts of slow verifications. Setting up a connection runs
  // SCRAM-SHA-256 (PBKDF2) on libuv's thread pool, the pool scrypt uses for
  // backup codes: in a burst a new connection queues behind the hashes, and
  // a 10 s limit made requests fail with "connection timeout" (issue 9). So
  // requests wait longer for a connection (they queue rather than fail), and
  // idle connections live long enough not to be set up again mid-burst.
  // Each verification holds a connection for one short statement at a time,
  // so 10 connections serve far more concurrent requests than 10.
  const max = checkPositiveInteger(poolOptions.max, 'pool.max', false) ?? 10;
  const idleTimeoutMillis = checkPositiveInteger(poolOptions.idleTimeoutMillis, 'pool.idleTimeoutMillis', true) ?? 30_000;
  const connectionTimeoutMillis =
    checkPositiveInteger(poolOptions.connectionTimeoutMillis, 'pool.connectionTimeoutMillis', true) ?? 30_000;
  const { default: pg } = await loadOptionalPackage('pg', 'openPostgresStore', () => import('pg'));

  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis,
    connectionTimeoutMillis,
    keepAlive: true,
    application_name: 'twofold',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection that breaks (server restart, network) is dropped from the
  // pool and replaced on the next query; without a listener, pg's 'error' event
  // would crash the process instead.
  pool.on('error', () => undefined);
  const preparedStatements = options.preparedStatements ?? true;
  if (typeof preparedStatements !== 'boolean') throw new TwofoldError('INVALID_CONFIG', 'preparedStatements must be a boolean');
  // Data statements become named prepared statements, parsed once per connection (statement-cache.ts).
  const db = new Kysely<TwofoldDatabase>({ dialect: new PostgresDialect({ pool: preparedStatements ? withPostgresStatementNames(pool) : pool }) });
  try {
    if (migrate) {
      if (schema !== undefined) await createSchemaIfMissing(db, schema);
      await migrateToLatest(db, { tablePrefix, dialect: 'postgres' });
    } else {
      // Fail now, with a clear error, rather than on the first verification.
      await sql`select 1`.execute(db);
    }
  } catch (error) {
    return abandon(db, error, 'cannot prepare the PostgreSQL database');
  }
  return { store: createKyselyStore({ db, tablePrefix, dialect: 'postgres', destroyOnClose: true }), db };
}

async function createSchemaIfMissing(db: Kysely<TwofoldDatabase>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    // Two processes creating it at once: one of them gets a unique violation
    // although the schema then exists, which is all that matters.
    const found = await sql<{ found: number }>`select 1 as found from pg_namespace where nspname = ${schema}`.execute(db);
    if (found.rows.length === 0) throw error;
  }
}

// A one-letter "scheme" is a Windows drive (C:\data\app.db), not a URL.
const URL_SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/**
 * Works out which database a URL names:
 * - `postgres://...` or `postgresql://...`: PostgreSQL;
 * - `sqlite:path`, `sqlite://path`, `sqlite:///abs/path`, `file:path`,
 *   `file:///abs/path`, or a plain path: an SQLite file (`:memory:` too).
 *
 * @throws TwofoldError `INVALID_CONFIG` for anything else. The message shows
 *   the scheme only, since URLs carry passwords.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new TwofoldError('INVALID_CONFIG', 'the database URL is empty (for example postgres://... or sqlite:app.db)');
  }
  const scheme = URL_SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return { dialect: 'sqlite', filename: url };
  if (scheme === 'postgres' || scheme === 'postgresql') return { dialect: 'postgres', connectionString: url };
  if (scheme === 'sqlite' || scheme === 'file') {
    let filename: string;
    if (scheme === 'file' && url.startsWith('file://')) {
      try {
        filename = fileURLToPath(url);
      } catch (error) {
        throw new TwofoldError('INVALID_CONFIG', `not a usable file: URL: ${describe(error)}`);
      }
    } else {
      filename = url.slice(scheme.length + 1);
      // sqlite:///abs/path and sqlite://relative/path, as in SQLAlchemy-style URLs.
      if (filename.startsWith('//')) filename = filename.slice(2);
    }
    if (filename === '' || filename.includes('?')) {
      throw new TwofoldError('INVALID_CONFIG', `${scheme}: URLs take a file path and no query string (for example ${scheme}:data/app.db)`);
    }
    return { dialect: 'sqlite', filename };
  }
  throw new TwofoldError(
    'INVALID_CONFIG',
    `unsupported database URL scheme "${scheme}:": use postgres://, postgresql://, sqlite:, file: or a file path`,
  );
}

/**
 * Opens the store a database URL names (see {@link parseDatabaseUrl}); what
 * the CLI does with `DATABASE_URL`.
 *
 * @example const { store } = await openStore(process.env.DATABASE_URL ?? 'sqlite:twofold.db');
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const location = parseDatabaseUrl(databaseUrl);
  const { tablePrefix, migrate, schema, pool, busyTimeoutMs, commitThread } = options;
  if (location.dialect === 'postgres') {
    if (busyTimeoutMs !== undefined) throw new TwofoldError('INVALID_CONFIG', 'busyTimeoutMs applies to SQLite only');
    if (commitThread !== undefined) throw new TwofoldError('INVALID_CONFIG', 'commitThread applies to SQLite only');
    return openPostgresStore({
      connectionString: location.connectionString,
      ...(tablePrefix === undefined ? {} : { tablePrefix }),
      ...(migrate === undefined ? {} : { migrate }),
      ...(schema === undefined ? {} : { schema }),
      ...(pool === undefined ? {} : { pool }),
    });
  }
  if (schema !== undefined || pool !== undefined) {
    throw new TwofoldError('INVALID_CONFIG', 'schema and pool apply to PostgreSQL only');
  }
  return openSqliteStore({
    filename: location.filename,
    ...(tablePrefix === undefined ? {} : { tablePrefix }),
    ...(migrate === undefined ? {} : { migrate }),
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
    ...(commitThread === undefined ? {} : { commitThread }),
  });
}
