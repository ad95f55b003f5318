/**
 * Statements prepared once per connection and reused, for the stores that
 * `openSqliteStore` and `openPostgresStore` create. Kysely hands its driver
 * the SQL text of every query, and the drivers prepare that text anew each
 * time (better-sqlite3 compiles it, pg sends a Parse): a few percent of a
 * sign-in's CPU. twofold's queries are a small, fixed set of texts with
 * parameters, so each text is prepared once and then only bound and run.
 */
import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient, SqliteDatabase, SqliteStatement } from 'kysely';

/** Most statements kept per connection; the oldest goes first beyond it (texts that vary, such as bulk inserts, cannot pile up). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * A better-sqlite3 database whose `prepare` gives back the statement already
 * prepared for the same text. Safe because Kysely runs one query at a time on
 * its one SQLite connection, so a statement is never re-entered.
 */
export function withSqliteStatementCache(database: SqliteDatabase): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(text: string): SqliteStatement {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = database.prepare(text);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

// Data statements only: schema changes (migrations) are run once and need no name.
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

/** The name of a prepared statement for `text`: the same on every connection, different for different texts. */
export function statementName(text: string): string {
  return `twofold_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
}

/**
 * A pg pool whose clients run data statements as named prepared statements:
 * pg parses a name once per connection and afterwards only binds and
 * executes it. Names are derived from the text, so one name never stands for
 * two texts. Everything else (transactions, migrations) passes through.
 */
export function withPostgresStatementNames(pool: PostgresPool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) {
      name = statementName(text);
      if (names.size >= STATEMENT_CACHE_SIZE * 4) names.clear();
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((text: unknown, parameters?: readonly unknown[]) => {
          // pg takes a query config object too; Kysely's types only know the text form.
          const run = (...args: unknown[]): unknown => (client as unknown as { query(...a: unknown[]): unknown }).query(...args);
          if (typeof text !== 'string' || !DATA_STATEMENT.test(text)) return run(text, parameters);
          return run({ name: nameOf(text), text, values: parameters === undefined ? [] : [...parameters] });
        }) as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
