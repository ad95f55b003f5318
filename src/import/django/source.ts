/**
 * Read-only access to a Django database: an SQLite file through
 * better-sqlite3 (opened with `readonly`), or PostgreSQL through pg (one
 * connection inside a `READ ONLY`, `REPEATABLE READ` transaction, so every
 * query sees the same snapshot and none can write). Both drivers are optional
 * peer dependencies, loaded only when asked for.
 */
import { TwofoldError } from '../../core/errors.js';
import { loadOptionalPackage } from '../../core/optional-package.js';
import { parseDatabaseUrl } from '../../store/kysely/open.js';

/** A row as read: column name to driver value. */
export type DjangoRow = Readonly<Record<string, unknown>>;

/** What the importer needs from a Django database. */
export interface DjangoSource {
  readonly dialect: 'sqlite' | 'postgres';
  /** Names of the tables present. */
  tables(): Promise<ReadonlySet<string>>;
  /** Names of a table's columns. */
  columns(table: string): Promise<ReadonlySet<string>>;
  /** Runs a SELECT written with `?` placeholders. */
  select(text: string, params?: readonly unknown[]): Promise<DjangoRow[]>;
  close(): Promise<void>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Quotes a table or column name after checking that it is a plain identifier. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new TwofoldError('INVALID_ARGUMENT', `"${name.slice(0, 70)}" is not a plain SQL identifier (letters, digits and _)`);
  }
  return `"${name}"`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function openSqlite(filename: string): Promise<DjangoSource> {
  const { default: Database } = await loadOptionalPackage('better-sqlite3', 'importing from a Django SQLite database', () => import('better-sqlite3'));
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(filename, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new TwofoldError('INVALID_ARGUMENT', `cannot open the Django SQLite database ${filename}: ${describe(error)}`, { cause: error });
  }
  return {
    dialect: 'sqlite',
    tables() {
      const rows = db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
      return Promise.resolve(new Set(rows.map((row) => row.name)));
    },
    columns(table) {
      const rows = db.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[];
      return Promise.resolve(new Set(rows.map((row) => row.name)));
    },
    select(text, params = []) {
      return Promise.resolve(db.prepare(text).all(...params) as DjangoRow[]);
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

async function openPostgres(connectionString: string, schema: string | undefined): Promise<DjangoSource> {
  const { default: pg } = await loadOptionalPackage('pg', 'importing from a Django PostgreSQL database', () => import('pg'));
  if (schema !== undefined) quoteIdentifier(schema);
  const client = new pg.Client({
    connectionString,
    application_name: 'twofold-import',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('begin isolation level repeatable read read only');
  } catch (error) {
    await client.end().catch(() => undefined);
    // The URL may carry a password: the message names the server's answer only.
    throw new TwofoldError('INVALID_ARGUMENT', `cannot read the Django PostgreSQL database: ${describe(error)}`, { cause: error });
  }
  const numbered = (text: string) => {
    let index = 0;
    return text.replace(/\?/g, () => `$${++index}`);
  };
  return {
    dialect: 'postgres',
    async tables() {
      const result = await client.query<{ name: string }>(
        'select table_name as name from information_schema.tables where table_schema = any(current_schemas(false))',
      );
      return new Set(result.rows.map((row) => row.name));
    },
    async columns(table) {
      const result = await client.query<{ name: string }>(
        'select column_name as name from information_schema.columns where table_name = $1 and table_schema = any(current_schemas(false))',
        [table],
      );
      return new Set(result.rows.map((row) => row.name));
    },
    async select(text, params = []) {
      const result = await client.query(numbered(text), [...params]);
      return result.rows as DjangoRow[];
    },
    async close() {
      await client.query('rollback').catch(() => undefined);
      await client.end();
    },
  };
}

/** Opens a Django database read-only: an SQLite path or URL, or a `postgres://` URL. */
export async function openDjangoSource(database: string, schema?: string): Promise<DjangoSource> {
  const location = parseDatabaseUrl(database);
  if (location.dialect === 'postgres') return openPostgres(location.connectionString, schema);
  if (schema !== undefined) throw new TwofoldError('INVALID_ARGUMENT', 'schema applies to PostgreSQL only');
  return openSqlite(location.filename);
}
