/**
 * Growth for `npm run bench:http -- --devices N`: fills the devices table up
 * to N rows with copies of one seeded device under other users (made by the
 * database itself, so a million rows take seconds), and shows the query plan
 * of the sign-in's device statements, to check that they stay index look-ups.
 */
import { sql, type Kysely } from 'kysely';
import type { TwofoldDatabase } from '../../src/store/kysely/schema.js';

const TABLE = 'twofold_devices';
const PREFERENCES = 'twofold_user_preferences';

/** Adds rows to the devices table until it has `total` (nothing when it already has). */
export async function growDevices(db: Kysely<TwofoldDatabase>, dialect: 'sqlite' | 'postgres', total: number): Promise<number> {
  const { count } = (await sql<{ count: number | string }>`select count(*) as count from ${sql.table(TABLE)}`.execute(db)).rows[0]!;
  const missing = total - Number(count);
  if (missing <= 0) return 0;
  const columns = dialect === 'sqlite'
    ? (await sql<{ name: string }>`select name from pragma_table_info(${TABLE})`.execute(db)).rows.map((row) => row.name)
    : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = ${TABLE} and table_schema = current_schema()`.execute(db)).rows.map((row) => row.name);
  const copied = columns.filter((name) => name !== 'id' && name !== 'user_id');
  const list = sql.join([sql.ref('id'), sql.ref('user_id'), ...copied.map((name) => sql.ref(name))]);
  const values = sql.join([sql`'grown-' || k`, sql`'grown-user-' || k`, ...copied.map((name) => sql.ref(`t.${name}`))]);
  // Batches of 100,000 rows: one statement each, so that one transaction does not hold everything.
  for (let done = 0; done < missing; done += 100_000) {
    const from = done + 1;
    const to = Math.min(missing, done + 100_000);
    const series = dialect === 'sqlite'
      ? sql`(with recursive seq(k) as (select ${from} union all select k + 1 from seq where k < ${to}) select k from seq) s`
      : sql`generate_series(${from}::int, ${to}::int) s(k)`;
    await sql`insert into ${sql.table(TABLE)} (${list}) select ${values} from ${series}, (select * from ${sql.table(TABLE)} limit 1) t`.execute(db);
  }
  return missing;
}

/** The query plans of the sign-in's read of a user's devices and its conditional write, one line each. */
export async function devicePlans(db: Kysely<TwofoldDatabase>, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  const explain = dialect === 'sqlite' ? sql`explain query plan` : sql`explain`;
  const plan = async (statement: ReturnType<typeof sql>): Promise<string> => {
    const rows = (await sql<Record<string, unknown>>`${explain} ${statement}`.execute(db)).rows;
    return rows.map((row) => {
      const line = row.detail ?? row['QUERY PLAN'];
      return typeof line === 'string' ? line : JSON.stringify(row);
    }).join('; ');
  };
  return [
    `read: ${await plan(sql`select *, (select primary_device_id from ${sql.table(PREFERENCES)} where user_id = ${'grown-user-1'}) as primary_device_id from ${sql.table(TABLE)} where user_id = ${'grown-user-1'} order by created_at, id`)}`,
    `write: ${await plan(sql`update ${sql.table(TABLE)} set version = version + 1 where id = ${'grown-1'} and version = ${1}`)}`,
  ];
}
