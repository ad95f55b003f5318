/**
 * Sending budgets in SQL (`Store.recordSend`): check and record in one
 * step that no concurrent sender on any process can split.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { SendDecision, SendLimit } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import { retentionByKey } from '../../core/budgets.js';
import { integerFromDriver } from './driver-values.js';
import type { SendsTableName, TwofoldDatabase } from './schema.js';

// A send time or count read back from the database, as an exact safe integer.
function countedInteger(value: unknown, what: string): number {
  const number = integerFromDriver(value);
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    throw new TwofoldError('STORE_ERROR', `corrupt row in the sends table: ${what} is not a non-negative integer`);
  }
  return number;
}

/**
 * The PostgreSQL advisory-lock id of one budget key: 64 bits of a SHA-256 of
 * table and key. Two keys sharing an id (or two installations on one server)
 * only wait for each other; they never mix up their counts.
 */
function advisoryLockId(table: string, key: string): bigint {
  return createHash('sha256').update(`${table}\u0000${key}`, 'utf8').digest().readBigInt64BE(0);
}

/**
 * The first limit of an attempt that has no room at `at` (the one that stays
 * spent longest when several have none), or null when all have room.
 */
async function findSpentLimit(
  db: Kysely<TwofoldDatabase>,
  table: SendsTableName,
  at: number,
  limits: readonly SendLimit[],
): Promise<{ index: number; retryAt: number } | null> {
  let refused: { index: number; retryAt: number } | null = null;
  for (const [index, { key, limit, windowMs }] of limits.entries()) {
    const since = at - windowMs;
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('sends'))
      .where('key', '=', key)
      .where('sent_at', '>', since)
      .executeTakeFirst();
    const count = countedInteger(row?.sends ?? 0, 'a count');
    if (count < limit) continue;
    // Room comes back when the send at position count − limit (oldest first) leaves the window.
    const leaving = await db
      .selectFrom(table)
      .select('sent_at')
      .where('key', '=', key)
      .where('sent_at', '>', since)
      .orderBy('sent_at')
      .offset(count - limit)
      .limit(1)
      .executeTakeFirst();
    if (leaving === undefined) continue;
    const retryAt = countedInteger(leaving.sent_at, 'sent_at') + windowMs;
    if (refused === null || retryAt > refused.retryAt) refused = { index, retryAt };
  }
  return refused;
}

/** The rows one allowed send adds: one per distinct key, kept for that key's longest window. */
function sendRows(at: number, limits: readonly SendLimit[]): { key: string; sent_at: number; expires_at: number }[] {
  return [...retentionByKey(limits)].map(([key, retention]) => ({ key, sent_at: at, expires_at: at + retention }));
}

/**
 * PostgreSQL: one transaction holding an advisory lock on every key, taken in
 * a fixed order (so two senders cannot deadlock). Under READ COMMITTED each
 * statement after the locks sees every send committed by the previous
 * holder, which committed before its lock was released; so counting and
 * inserting inside the locks cannot overdraw.
 */
export async function recordSendOnPostgres(
  db: Kysely<TwofoldDatabase>,
  table: SendsTableName,
  at: number,
  limits: readonly SendLimit[],
): Promise<SendDecision> {
  const lockIds = [...new Set(limits.map((limit) => advisoryLockId(table, limit.key)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return db.transaction().execute(async (transaction) => {
    for (const id of lockIds) await sql`select pg_advisory_xact_lock(cast(${id.toString()} as bigint))`.execute(transaction);
    const refused = await findSpentLimit(transaction, table, at, limits);
    if (refused !== null) return { allowed: false, ...refused };
    await transaction.insertInto(table).values(sendRows(at, limits)).execute();
    return { allowed: true };
  });
}

/**
 * SQLite: one INSERT ... SELECT whose WHERE clause holds every count. A
 * single write statement takes the database's write lock before it reads
 * and keeps it to the end, so check and record are one step across every
 * connection and process. (A multi-statement transaction would hold the lock
 * across awaits, and better-sqlite3 connections in the same process would
 * then block each other's thread until the busy timeout.) Only a refusal
 * reads again, outside the lock, to say which budget and until when.
 */
export async function recordSendOnSqlite(
  db: Kysely<TwofoldDatabase>,
  table: SendsTableName,
  at: number,
  limits: readonly SendLimit[],
): Promise<SendDecision> {
  const rows = sendRows(at, limits);
  const values = sql.join(rows.map((row) => sql`(${row.key}, ${row.expires_at})`));
  const room = sql.join(
    limits.map(
      ({ key, limit, windowMs }) =>
        sql`(select count(*) from ${sql.table(table)} where ${sql.ref('key')} = ${key} and ${sql.ref('sent_at')} > ${at - windowMs}) < ${limit}`,
    ),
    sql` and `,
  );
  // A concurrent sweep may remove rows between the refusal and the re-read; then simply try again.
  for (let round = 0; round < 5; round++) {
    const result = await sql`insert into ${sql.table(table)} (${sql.ref('key')}, ${sql.ref('sent_at')}, ${sql.ref('expires_at')})
      select column1, ${at}, column2 from (values ${values}) where ${room}`.execute(db);
    if (result.numAffectedRows === BigInt(rows.length)) return { allowed: true };
    if (result.numAffectedRows !== 0n) {
      throw new TwofoldError('STORE_ERROR', `recordSend: inserted ${String(result.numAffectedRows)} of ${rows.length} rows`);
    }
    const refused = await findSpentLimit(db, table, at, limits);
    if (refused !== null) return { allowed: false, ...refused };
  }
  throw new TwofoldError('CONTENTION', 'recordSend: the sends table kept changing; try again');
}
