/**
 * PostgreSQL for tests. Every test file gets its own freshly created schema
 * with a random name, dropped at the end, so that test files can run in
 * parallel against one server without seeing each other's tables.
 *
 * The server comes from TWOFOLD_TEST_DATABASE_URL (`scripts/ci-postgres.sh`
 * starts one and prints the line to export). Without it, PostgreSQL tests skip
 * locally and fail in CI: use {@link registerPostgresMissing}.
 */
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import pg from 'pg';
import { requireOrSkip } from './env.js';

/** Why PostgreSQL tests did not run. */
export const POSTGRES_MISSING_REASON =
  'TWOFOLD_TEST_DATABASE_URL is not set (eval "$(bash scripts/ci-postgres.sh)" starts a local server and sets it)';

// Schemas of crashed runs are swept after this long; running files are younger.
const STALE_AFTER_SECONDS = 3600;
const SCHEMA_PREFIX = 'twofold_test_';

/** A private schema on the test server. */
export interface PostgresTestSchema {
  /** The server URL from TWOFOLD_TEST_DATABASE_URL. */
  readonly url: string;
  /** The schema's name: pass it as `schema` to `openPostgresStore` / `openStore`. */
  readonly schema: string;
  /**
   * Runs raw SQL with `search_path` set to the schema, on a connection of
   * its own (for writing rows the store would refuse, inspecting the catalog...).
   */
  readonly query: <Row extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ) => Promise<Row[]>;
  /** Drops the schema and everything in it, and closes the connection. */
  readonly drop: () => Promise<void>;
}

/**
 * Registers one test standing for a file's PostgreSQL tests when no server is
 * configured: it skips locally and fails in CI.
 */
export function registerPostgresMissing(name: string): void {
  it(name, (t) => {
    requireOrSkip(t, false, POSTGRES_MISSING_REASON);
  });
}

/** Creates a fresh schema with a random name on the server at `url`. */
export async function createTestSchema(url: string): Promise<PostgresTestSchema> {
  const schema = `${SCHEMA_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await sweepStaleSchemas(admin);
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined);
  return {
    url,
    schema,
    query: async <Row extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> => {
      const result = await pool.query<Row>(text, values);
      return result.rows;
    },
    drop: async (): Promise<void> => {
      try {
        await pool.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await pool.end();
      }
    },
  };
}

async function sweepStaleSchemas(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ nspname: string }>(
    `select nspname from pg_namespace where nspname like '${SCHEMA_PREFIX}%'`,
  );
  const cutoff = Date.now() / 1000 - STALE_AFTER_SECONDS;
  for (const { nspname } of rows) {
    const createdAt = Number(/^twofold_test_(\d+)_/.exec(nspname)?.[1]);
    if (Number.isFinite(createdAt) && createdAt < cutoff) {
      // Another file may be sweeping the same schema: losing that race is fine.
      await admin.query(`drop schema if exists ${nspname} cascade`).catch(() => undefined);
    }
  }
}
