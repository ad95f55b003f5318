/**
 * Sending budgets in the SQL stores, beyond the shared conformance suite:
 * the table and its pruning, and the race that matters — several connections,
 * pools and OS processes competing for the last slots of one budget must
 * never get more sends than the limit.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openPostgresStore, openSqliteStore } from '../../src/store/kysely/index.js';
import type { OpenedStore } from '../../src/store/kysely/index.js';
import type { SendLimit } from '../../src/core/types.js';
import { postgresTestUrl } from '../support/env.js';
import { createTestSchema, registerPostgresMissing } from '../support/postgres.js';
import type { PostgresTestSchema } from '../support/postgres.js';
import { newId } from './conformance.js';
import { runOnBarrier } from '../support/barrier.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/send-race.ts', import.meta.url));
const T = 1_800_000_000_000;
const HOUR = 3_600_000;

interface RaceTask {
  readonly url: string;
  readonly schema?: string;
  readonly at: number;
  readonly attempts: number;
  readonly limits: readonly SendLimit[];
}

/** Runs one fixture process per task, released together; returns how many sends each got allowed. */
async function raceProcesses(tasks: readonly RaceTask[]): Promise<number[]> {
  const reports = await runOnBarrier<{ allowed: number }>(FIXTURE, tasks);
  return reports.map((report) => report.allowed);
}

/** The checks every SQL backend gets: `open` opens another store on the same database. */
function sharedBudgetTests(name: string, open: () => Promise<OpenedStore>, processTask: () => Promise<Omit<RaceTask, 'at' | 'attempts' | 'limits'>>): void {
  describe(`${name}: sending budgets across connections and processes`, () => {
    it('gives the last slot to exactly one of two stores racing for it', async () => {
      const first = await open();
      const second = await open();
      try {
        for (let round = 0; round < 5; round++) {
          const budget = { key: newId('race'), limit: 3, windowMs: HOUR };
          assert.equal((await first.store.recordSend({ at: T, limits: [budget] })).allowed, true);
          assert.equal((await second.store.recordSend({ at: T + 1, limits: [budget] })).allowed, true);
          const outcomes = await Promise.all(
            Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? first : second).store.recordSend({ at: T + 10 + index, limits: [budget] })),
          );
          assert.equal(outcomes.filter((outcome) => outcome.allowed).length, 1, `round ${round}`);
        }
      } finally {
        await first.store.close();
        await second.store.close();
      }
    });

    it('never overdraws a budget when OS processes send at the same instant', async (t) => {
      const base = await processTask();
      const budget = { key: newId('race'), limit: 10, windowMs: HOUR };
      const site = { key: newId('race-site'), limit: 1000, windowMs: HOUR };
      const allowed = await raceProcesses(Array.from({ length: 3 }, (_, index) => ({ ...base, at: T + index * 100, attempts: 12, limits: [budget, site] })));
      t.diagnostic(`3 processes x 12 concurrent sends, limit 10: allowed ${allowed.join(' + ')}`);
      assert.equal(allowed.reduce((sum, count) => sum + count, 0), 10);

      // The last slot: limit − 1 already used, two processes race for the one left.
      const last = { key: newId('race'), limit: 4, windowMs: HOUR };
      const store = await open();
      try {
        for (let i = 0; i < 3; i++) assert.equal((await store.store.recordSend({ at: T + i, limits: [last] })).allowed, true);
      } finally {
        await store.store.close();
      }
      const winners = await raceProcesses(Array.from({ length: 2 }, () => ({ ...base, at: T + 500, attempts: 8, limits: [last] })));
      assert.equal(winners.reduce((sum, count) => sum + count, 0), 1);
    });

    it('prunes expired sends once a minute, so the table stays bounded', async () => {
      const opened = await open();
      try {
        const count = async (): Promise<number> => {
          const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table('twofold_sends')} where key like ${'prune-%'}`.execute(opened.db);
          return Number(rows[0]?.n);
        };
        const start = T + 10 * HOUR;
        for (let i = 0; i < 20; i++) {
          const key = `prune-${newId()}`;
          assert.equal((await opened.store.recordSend({ at: start, limits: [{ key, limit: 5, windowMs: 60_000 }, { key, limit: 9, windowMs: 30_000 }] })).allowed, true);
        }
        assert.equal(await count(), 20, 'one row per send and key, however many limits share the key');
        await opened.store.recordSend({ at: start + 59_999, limits: [{ key: `prune-${newId()}`, limit: 1, windowMs: 1 }] });
        assert.equal(await count(), 21, 'nothing expired yet, and the sweep waits a minute anyway');
        await opened.store.recordSend({ at: start + 60_000, limits: [{ key: `prune-${newId()}`, limit: 1, windowMs: 1000 }] });
        assert.equal(await count(), 1, 'every row past its longest window is gone; only the newest remains');
      } finally {
        await opened.store.close();
      }
    });
  });
}

const directory = mkdtempSync(join(tmpdir(), 'twofold-sends-test-'));
after(() => {
  rmSync(directory, { recursive: true, force: true });
});

const sqliteFile = join(directory, 'sends.sqlite');
describe('SQLite sends table', () => {
  it('has the documented columns and indexes', async () => {
    const { store, db } = await openSqliteStore({ filename: join(directory, 'schema.sqlite') });
    try {
      const { rows: columns } = await sql<{ name: string; type: string; notnull: number }>`pragma table_info('twofold_sends')`.execute(db);
      assert.deepEqual(
        columns.map(({ name, type, notnull }) => `${name} ${type.toLowerCase()}${notnull === 1 ? ' not null' : ''}`),
        ['key text not null', 'sent_at bigint not null', 'expires_at bigint not null'],
      );
      const { rows: keyIndex } = await sql<{ name: string }>`pragma index_info('twofold_sends_key_sent_at_idx')`.execute(db);
      assert.deepEqual(keyIndex.map((column) => column.name), ['key', 'sent_at']);
      const { rows: expiryIndex } = await sql<{ name: string }>`pragma index_info('twofold_sends_expires_at_idx')`.execute(db);
      assert.deepEqual(expiryIndex.map((column) => column.name), ['expires_at']);
    } finally {
      await store.close();
    }
  });
});
sharedBudgetTests(
  'SQLite (one file, WAL)',
  () => openSqliteStore({ filename: sqliteFile }),
  () => Promise.resolve({ url: `sqlite:${sqliteFile}` }),
);

const serverUrl = postgresTestUrl();
if (serverUrl === null) {
  registerPostgresMissing('PostgreSQL sending budgets');
} else {
  const url = serverUrl;
  let schemaPromise: Promise<PostgresTestSchema> | undefined;
  const testSchema = (): Promise<PostgresTestSchema> => (schemaPromise ??= createTestSchema(url));
  after(async () => {
    if (schemaPromise !== undefined) await (await schemaPromise).drop();
  });

  describe('PostgreSQL sends table', () => {
    it('has the documented columns and indexes', async () => {
      const { schema, query } = await testSchema();
      const { store } = await openPostgresStore({ connectionString: url, schema, pool: { max: 2 } });
      try {
        const columns = await query<{ column_name: string; data_type: string; is_nullable: string; collation_name: string | null }>(
          `select column_name, data_type, is_nullable, collation_name from information_schema.columns
           where table_schema = $1 and table_name = 'twofold_sends' order by ordinal_position`,
          [schema],
        );
        assert.deepEqual(
          columns.map((c) => `${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}${c.collation_name === null ? '' : ` collate ${c.collation_name}`}`),
          ['key text not null collate C', 'sent_at bigint not null', 'expires_at bigint not null'],
        );
        const indexes = await query<{ indexname: string; indexdef: string }>(
          `select indexname, indexdef from pg_indexes where schemaname = $1 and tablename = 'twofold_sends' order by indexname`,
          [schema],
        );
        assert.deepEqual(indexes.map((index) => index.indexname), ['twofold_sends_expires_at_idx', 'twofold_sends_key_sent_at_idx']);
        assert.match(indexes[1]?.indexdef ?? '', /\(key, sent_at\)$/);
      } finally {
        await store.close();
      }
    });
  });

  sharedBudgetTests(
    'PostgreSQL (two pools of 5)',
    async () => {
      const { schema } = await testSchema();
      return openPostgresStore({ connectionString: url, schema, pool: { max: 5 } });
    },
    async () => ({ url, schema: (await testSchema()).schema }),
  );
}
