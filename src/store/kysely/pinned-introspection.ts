/**
 * A view of a Kysely instance for Kysely's `Migrator` on PostgreSQL whose
 * introspection looks at one schema only.
 *
 * The Migrator asks "does my bookkeeping table exist?" through
 * `db.introspection.getTables()`, which on PostgreSQL reads every column of
 * every table in every schema and calls `pg_get_serial_sequence` and
 * `has_schema_privilege` on each. When another connection drops a table or a
 * schema meanwhile (another application, a test suite, a tenant being
 * removed), that catalogue scan fails with "schema does not exist" or "column
 * does not exist" and the migration run fails with it. Looking only at the
 * schema twofold migrates avoids both the race and the scan.
 */
import { sql } from 'kysely';
import type { DatabaseIntrospector, DatabaseMetadata, Kysely, SchemaMetadata, TableMetadata } from 'kysely';

function schemaIntrospector<DB>(db: Kysely<DB>, schema: string): DatabaseIntrospector {
  const getSchemas = async (): Promise<SchemaMetadata[]> => {
    const result = await sql<{ name: string }>`
      select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
    return result.rows.map((row) => ({ name: row.name }));
  };
  const getTables = async (): Promise<TableMetadata[]> => {
    const result = await sql<{ name: string; kind: string }>`
      select c.relname as name, c.relkind as kind
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = ${schema} and c.relkind in ('r', 'v', 'p')
      order by c.relname`.execute(db);
    // The Migrator reads only the name and schema of each table.
    return result.rows.map((row) => ({ name: row.name, schema, isView: row.kind === 'v', columns: [] }));
  };
  return {
    getSchemas,
    getTables,
    // Deprecated in Kysely but still part of the interface it checks.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    getMetadata: async (): Promise<DatabaseMetadata> => ({ tables: await getTables() }),
  };
}

/**
 * Returns `db` with `introspection` answering for `schema` alone; every other
 * member is the original's, bound to it (Kysely keeps its state in private
 * fields, which a proxy receiver cannot reach).
 */
export function withSchemaPinnedIntrospection<DB>(db: Kysely<DB>, schema: string): Kysely<DB> {
  const introspection = schemaIntrospector(db, schema);
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
