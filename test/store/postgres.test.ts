import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import {
  createKyselyStore,
  migrateToLatest,
  migrationStatus,
  openPostgresStore,
  openStore,
} from '../../src/store/kysely/index.js';
import { postgresTestUrl } from '../support/env.js';
import { createTestSchema, registerPostgresMissing } from '../support/postgres.js';
import type { PostgresTestSchema } from '../support/postgres.js';
import { makeRecord, rejectsWith, storeConformance } from './conformance.js';
import { hammerDevice, migrateConcurrently } from './multiprocess.js';

const serverUrl = postgresTestUrl();

if (serverUrl === null) {
  registerPostgresMissing('PostgreSQL store');
} else {
  const url = serverUrl;
  // One private schema for this file, created on first use and dropped at the end.
  let schemaPromise: Promise<PostgresTestSchema> | undefined;
  const testSchema = (): Promise<PostgresTestSchema> => (schemaPromise ??= createTestSchema(url));
  const extraSchemas: string[] = [];
  after(async () => {
    if (schemaPromise === undefined) return;
    const schema = await schemaPromise;
    for (const extra of extraSchemas) await schema.query(`drop schema if exists ${extra} cascade`);
    await schema.drop();
  });

  storeConformance(
    'PostgreSQL (pool of 8)',
    async () => {
      const { schema, query } = await testSchema();
      const { store } = await openPostgresStore({ connectionString: url, schema, pool: { max: 8 } });
      return {
        store,
        corrupt: async (id, column, value) => {
          await query(`update twofold_devices set "${column}" = $1 where id = $2`, [value, id]);
        },
        close: () => store.close(),
      };
    },
    { corruptRows: true },
  );

  describe('PostgreSQL store', () => {
    it('creates the documented schema: column types, "C" ids, the user index', async () => {
      const { schema, query } = await testSchema();
      const { store, db } = await openPostgresStore({ connectionString: url, schema });
      try {
        assert.deepEqual(await migrateToLatest(db), []);
        assert.deepEqual(
          (await migrationStatus(db)).map((state) => [state.name, state.appliedAt instanceof Date]),
          [
            ['0001_devices', true],
            ['0002_sends', true],
            ['0003_remembered_browsers', true],
            ['0004_user_preferences', true],
            ['0005_challenges', true],
          ],
        );
        const columns = await query<{ column_name: string; data_type: string; is_nullable: string; collation_name: string | null }>(
          `select column_name, data_type, is_nullable, collation_name from information_schema.columns
           where table_schema = $1 and table_name = 'twofold_devices' order by ordinal_position`,
          [schema],
        );
        assert.deepEqual(
          columns.map((c) => `${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}${c.collation_name === null ? '' : ` collate ${c.collation_name}`}`),
          [
            'id text not null collate C',
            'user_id text not null',
            'kind text not null',
            'name text not null',
            'confirmed boolean not null',
            'created_at bigint not null',
            'last_used_at bigint',
            'secret text',
            'state text not null',
            'failure_count integer not null',
            'last_failure_at bigint',
            'last_challenge_at bigint',
            'version integer not null',
          ],
        );
        const indexes = await query<{ indexname: string; indexdef: string }>(
          `select indexname, indexdef from pg_indexes where schemaname = $1 and tablename = 'twofold_devices' order by indexname`,
          [schema],
        );
        assert.deepEqual(
          indexes.map((index) => index.indexname),
          ['twofold_devices_pkey', 'twofold_devices_user_id_created_at_idx'],
        );
        assert.match(indexes[1]?.indexdef ?? '', /\(user_id, created_at\)$/);
        const tables = await query<{ tablename: string }>(
          `select tablename from pg_tables where schemaname = $1 order by tablename`,
          [schema],
        );
        assert.deepEqual(
          tables.map((table) => table.tablename),
          ['twofold_challenges', 'twofold_devices', 'twofold_migration', 'twofold_migration_lock', 'twofold_remembered_browsers', 'twofold_sends', 'twofold_user_preferences'],
        );
      } finally {
        await store.close();
      }
    });

    it('reads BIGINT columns, which pg returns as strings, back as exact numbers', async () => {
      const { query, schema } = await testSchema();
      const { store } = await openPostgresStore({ connectionString: url, schema });
      try {
        const record = makeRecord({ createdAt: 8.64e15, lastUsedAt: 9_007_199_254_740 });
        await store.insertDevice(record);
        const [raw] = await query<{ created_at: unknown }>('select created_at from twofold_devices where id = $1', [record.id]);
        assert.equal(typeof raw?.created_at, 'string', 'pg hands BIGINT over as a string');
        assert.deepEqual(await store.getDevice(record.id), record);
      } finally {
        await store.close();
      }
    });

    it('migrates a second schema on the same server on its own (bookkeeping is per schema)', async () => {
      const { schema, query } = await testSchema();
      const other = `${schema}_b`;
      extraSchemas.push(other);
      const { store, db } = await openPostgresStore({ connectionString: url, schema: other });
      try {
        const record = makeRecord();
        await store.insertDevice(record);
        const tables = await query<{ tablename: string }>(
          `select tablename from pg_tables where schemaname = $1 order by tablename`,
          [other],
        );
        assert.deepEqual(
          tables.map((table) => table.tablename),
          ['twofold_challenges', 'twofold_devices', 'twofold_migration', 'twofold_migration_lock', 'twofold_remembered_browsers', 'twofold_sends', 'twofold_user_preferences'],
        );
        assert.equal((await migrationStatus(db)).length, 5);
        assert.equal(
          (await query('select 1 from twofold_devices where id = $1', [record.id])).length,
          0,
          'the file schema does not see the other schema’s device',
        );
      } finally {
        await store.close();
      }
    });

    it('migrates while another connection creates and drops schemas and tables', async () => {
      // Kysely's own PostgreSQL introspection scans every schema and fails when
      // one disappears mid-scan; twofold's migrator looks at its schema only.
      const { schema } = await testSchema();
      const churner = new pg.Client({ connectionString: url });
      await churner.connect();
      let churning = true;
      let churned = 0;
      const churn = (async () => {
        while (churning) {
          const doomed = `${schema}_churn_${churned % 4}`;
          await churner.query(`create schema if not exists ${doomed}`);
          await churner.query(`create table if not exists ${doomed}.t (id serial primary key, a text, b text)`);
          await churner.query(`drop schema ${doomed} cascade`);
          churned += 1;
        }
      })();
      try {
        for (let round = 0; round < 12; round += 1) {
          const target = `${schema}_m${round}`;
          extraSchemas.push(target);
          const { store, db } = await openPostgresStore({ connectionString: url, schema: target });
          try {
            assert.equal((await migrationStatus(db)).length, 5);
          } finally {
            await store.close();
          }
        }
      } finally {
        churning = false;
        await churn;
        await churner.end();
      }
      assert.ok(churned > 0, 'the other connection dropped schemas meanwhile');
    });

    it('works on a Kysely instance the host already has, and leaves its pool open on close', async () => {
      const { schema } = await testSchema();
      const pool = new pg.Pool({ connectionString: url, max: 3, options: `-c search_path=${schema}` });
      const db = new Kysely<{ accounts: { id: number } }>({ dialect: new PostgresDialect({ pool }) });
      try {
        const store = createKyselyStore({ db });
        const record = makeRecord();
        await store.insertDevice(record);
        assert.deepEqual(await store.getDevice(record.id), record);
        await store.close();
        const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
        assert.equal(rows[0]?.one, 1);
      } finally {
        await db.destroy();
      }
    });

    it('lets exactly one of 50 updates win across two separate pools', async () => {
      const { schema } = await testSchema();
      const first = await openPostgresStore({ connectionString: url, schema, pool: { max: 5 } });
      const second = await openPostgresStore({ connectionString: url, schema, pool: { max: 5 }, migrate: false });
      try {
        for (let round = 0; round < 5; round++) {
          const record = makeRecord({ version: round });
          await first.store.insertDevice(record);
          const outcomes = await Promise.all(
            Array.from({ length: 50 }, (_, index) =>
              (index % 2 === 0 ? first : second).store.updateDevice(record.id, round, { failureCount: index }),
            ),
          );
          assert.equal(outcomes.filter(Boolean).length, 1, `round ${round}`);
          assert.equal((await first.store.getDevice(record.id))?.version, round + 1);
        }
      } finally {
        await first.store.close();
        await second.store.close();
      }
    });

    it('loses no update when two OS processes hammer one device', async (t) => {
      const { schema } = await testSchema();
      const { store } = await openPostgresStore({ connectionString: url, schema });
      try {
        const record = makeRecord();
        await store.insertDevice(record);
        const reports = await hammerDevice({ url, schema }, record.id, { processes: 2, loops: 4, durationMs: 1500 });
        const successes = reports.reduce((sum, report) => sum + report.successes, 0);
        const conflicts = reports.reduce((sum, report) => sum + report.conflicts, 0);
        const final = await store.getDevice(record.id);
        t.diagnostic(`PostgreSQL, 2 processes x 4 loops for 1.5 s: ${successes} successful CAS, ${conflicts} conflicts`);
        assert.ok(reports.every((report) => report.successes > 0), 'both processes made progress');
        assert.ok(conflicts > 0, 'the processes really contended');
        assert.equal(final?.version, successes);
        assert.equal(final.failureCount, successes);
      } finally {
        await store.close();
      }
    });

    it('migrates once when two OS processes migrate at the same instant', async () => {
      const { schema, query } = await testSchema();
      const applied = await migrateConcurrently({ url, schema, tablePrefix: 'race_' }, 2);
      assert.deepEqual(applied.map((names) => names.join(',')).sort(), ['', '0001_devices,0002_sends,0003_remembered_browsers,0004_user_preferences,0005_challenges']);
      const rows = await query<{ name: string }>('select name from race_migration order by name');
      assert.deepEqual(rows.map((row) => row.name), ['0001_devices', '0002_sends', '0003_remembered_browsers', '0004_user_preferences', '0005_challenges']);
    });

    it('opens through openStore with a postgres:// URL', async () => {
      const { schema } = await testSchema();
      const { store } = await openStore(url.replace(/^postgres:/, 'postgresql:'), { schema, pool: { max: 2 } });
      try {
        const record = makeRecord();
        await store.insertDevice(record);
        assert.deepEqual(await store.getDevice(record.id), record);
      } finally {
        await store.close();
      }
    });

    it('says to run the migrations when the tables are missing', async () => {
      const { schema } = await testSchema();
      const { store } = await openPostgresStore({ connectionString: url, schema, tablePrefix: 'never_migrated_', migrate: false });
      try {
        await rejectsWith(store.getDevice('x'), 'STORE_ERROR', /never_migrated_devices is missing: run the migrations/);
      } finally {
        await store.close();
      }
    });

    it('reports a wrong password as STORE_ERROR without repeating it', async () => {
      const parsed = new URL(url);
      parsed.password = 'definitely-wrong-password';
      await assert.rejects(openPostgresStore({ connectionString: parsed.href }), (error: unknown) => {
        assert.ok(error instanceof Error && 'code' in error && error.code === 'STORE_ERROR', String(error));
        assert.match(error.message, /cannot prepare the PostgreSQL database/);
        assert.doesNotMatch(error.message, /definitely-wrong-password/);
        return true;
      });
    });
  });
}
