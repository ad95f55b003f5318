import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { Kysely, MysqlDialect, SqliteDialect, sql } from 'kysely';
import {
  createKyselyStore,
  migrateToLatest,
  migrationStatus,
  openSqliteStore,
  openStore,
} from '../../src/store/kysely/index.js';
import type { RawColumnValue } from './conformance.js';
import { makeRecord, rejectsWith, storeConformance } from './conformance.js';
import { hammerDevice, migrateConcurrently } from './multiprocess.js';

const directory = mkdtempSync(join(tmpdir(), 'twofold-sqlite-test-'));
after(() => {
  rmSync(directory, { recursive: true, force: true });
});

let fileCounter = 0;
function freshFile(): string {
  fileCounter++;
  return join(directory, `db-${fileCounter}.sqlite`);
}

// Writes through a connection of its own, as another program would.
function writeRaw(filename: string, statement: string, ...values: unknown[]): void {
  const raw = new Database(filename);
  try {
    raw.prepare(statement).run(...values);
  } finally {
    raw.close();
  }
}

function toSqliteValue(value: RawColumnValue): unknown {
  return value instanceof Uint8Array ? Buffer.from(value) : value;
}

const conformanceFile = join(directory, 'conformance.sqlite');
storeConformance(
  'SQLite (file, WAL)',
  async () => {
    const { store } = await openSqliteStore({ filename: conformanceFile });
    return {
      store,
      corrupt: (id, column, value) => {
        writeRaw(conformanceFile, `update twofold_devices set "${column}" = ? where id = ?`, toSqliteValue(value), id);
        return Promise.resolve();
      },
      extraCorruptions: [
        { column: 'confirmed', value: 2, expect: /must be a boolean/ },
        { column: 'confirmed', value: 'yes', expect: /must be a boolean/ },
        { column: 'created_at', value: 'yesterday', expect: /integer/ },
        { column: 'created_at', value: 1.5, expect: /integer/ },
        { column: 'version', value: 'one', expect: /integer/ },
        { column: 'last_challenge_at', value: 'soon', expect: /integer/ },
        { column: 'secret', value: new Uint8Array([1, 2, 3]), expect: /must be a string or null/ },
        { column: 'name', value: new Uint8Array([65]), expect: /must be a string/ },
        { column: 'state', value: new Uint8Array([123, 125]), expect: /is not text/ },
      ],
      close: () => store.close(),
    };
  },
  { corruptRows: true },
);

describe('SQLite store', () => {
  it('sets up the file for several processes: WAL, busy timeout, synchronous FULL, foreign keys', async () => {
    const filename = freshFile();
    const { store, db } = await openSqliteStore({ filename });
    try {
      const pragma = async (name: string): Promise<unknown> => {
        const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(db);
        return Object.values(rows[0] ?? {})[0];
      };
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('busy_timeout'), 5000);
      assert.equal(await pragma('synchronous'), 2);
      assert.equal(await pragma('foreign_keys'), 1);
      await store.insertDevice(makeRecord());
      assert.ok(existsSync(`${filename}-wal`), 'the write-ahead log exists while the database is open');
      assert.equal(statSync(filename).mode & 0o777, 0o600, 'a new database file is private to its owner');
      assert.equal(statSync(`${filename}-wal`).mode & 0o777, 0o600, 'and so is its log');
    } finally {
      await store.close();
    }
    const { store: custom, db: customDb } = await openSqliteStore({ filename, busyTimeoutMs: 250 });
    const { rows } = await sql<{ timeout: number }>`pragma busy_timeout`.execute(customDb);
    assert.equal(rows[0]?.timeout, 250);
    await custom.close();
  });

  it('migrates a fresh file once, records it, and creates the documented schema', async () => {
    const filename = freshFile();
    const { store, db } = await openSqliteStore({ filename, migrate: false });
    try {
      assert.deepEqual(await migrationStatus(db), [
        { name: '0001_devices', appliedAt: null },
        { name: '0002_sends', appliedAt: null },
        { name: '0003_remembered_browsers', appliedAt: null },
        { name: '0004_user_preferences', appliedAt: null },
        { name: '0005_challenges', appliedAt: null },
      ]);
      const before = Date.now();
      assert.deepEqual(await migrateToLatest(db), ['0001_devices', '0002_sends', '0003_remembered_browsers', '0004_user_preferences', '0005_challenges']);
      assert.deepEqual(await migrateToLatest(db), []);
      const [status, sendsStatus] = await migrationStatus(db);
      assert.equal(status?.name, '0001_devices');
      assert.ok(status.appliedAt instanceof Date && status.appliedAt.getTime() >= before - 1000);
      assert.equal(sendsStatus?.name, '0002_sends');
      assert.ok(sendsStatus.appliedAt instanceof Date);

      const { rows: tables } = await sql<{ name: string; type: string }>`
        select name, type from sqlite_master where name like 'twofold_%' order by name`.execute(db);
      assert.deepEqual(tables, [
        { name: 'twofold_challenges', type: 'table' },
        { name: 'twofold_challenges_expires_at_idx', type: 'index' },
        { name: 'twofold_devices', type: 'table' },
        { name: 'twofold_devices_user_id_created_at_idx', type: 'index' },
        { name: 'twofold_migration', type: 'table' },
        { name: 'twofold_migration_lock', type: 'table' },
        { name: 'twofold_remembered_browsers', type: 'table' },
        { name: 'twofold_remembered_browsers_device_id_idx', type: 'index' },
        { name: 'twofold_remembered_browsers_expires_at_idx', type: 'index' },
        { name: 'twofold_remembered_browsers_user_id_idx', type: 'index' },
        { name: 'twofold_sends', type: 'table' },
        { name: 'twofold_sends_expires_at_idx', type: 'index' },
        { name: 'twofold_sends_key_sent_at_idx', type: 'index' },
        { name: 'twofold_user_preferences', type: 'table' },
      ]);
      const { rows: indexColumns } = await sql<{ name: string }>`
        pragma index_info('twofold_devices_user_id_created_at_idx')`.execute(db);
      assert.deepEqual(
        indexColumns.map((column) => column.name),
        ['user_id', 'created_at'],
      );
      const { rows: columns } = await sql<{ name: string; type: string; notnull: number; pk: number }>`
        pragma table_info('twofold_devices')`.execute(db);
      assert.deepEqual(
        columns.map(({ name, type, notnull, pk }) => `${name} ${type.toLowerCase()}${notnull === 1 ? ' not null' : ''}${pk === 1 ? ' pk' : ''}`),
        [
          'id text pk',
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
    } finally {
      await store.close();
    }
  });

  it('rolls a failed migration back entirely', async () => {
    const filename = freshFile();
    writeRaw(filename, 'create table twofold_devices (unrelated text)');
    const { store, db } = await openSqliteStore({ filename, migrate: false });
    try {
      await rejectsWith(migrateToLatest(db), 'STORE_ERROR', /migration 0001_devices failed/);
      const { rows } = await sql<{ name: string }>`select name from sqlite_master where name like 'twofold_migration%'`.execute(db);
      assert.deepEqual(rows, [], 'the bookkeeping tables went with the rollback');
    } finally {
      await store.close();
    }
    await rejectsWith(openSqliteStore({ filename }), 'STORE_ERROR', /0001_devices/);
  });

  it('keeps stores with different table prefixes apart in one file', async () => {
    const filename = freshFile();
    const first = await openSqliteStore({ filename, tablePrefix: 'first_' });
    const second = await openSqliteStore({ filename, tablePrefix: '' });
    try {
      const record = makeRecord();
      await first.store.insertDevice(record);
      assert.equal(await second.store.getDevice(record.id), null);
      assert.deepEqual(await first.store.getDevice(record.id), record);
      const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(first.db);
      assert.deepEqual(
        rows.map((row) => row.name),
        [
          'challenges',
          'devices',
          'first_challenges',
          'first_devices',
          'first_migration',
          'first_migration_lock',
          'first_remembered_browsers',
          'first_sends',
          'first_user_preferences',
          'migration',
          'migration_lock',
          'remembered_browsers',
          'sends',
          'user_preferences',
        ],
      );
      assert.deepEqual(await migrateToLatest(first.db, { tablePrefix: 'first_' }), []);
    } finally {
      await first.store.close();
      await second.store.close();
    }
  });

  it('refuses table prefixes that are not plain lower-case identifiers', async () => {
    const database = new Database(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    try {
      for (const tablePrefix of ['Twofold_', 'a b', 'x'.repeat(33), 'semi;colon', 'quote"', 5]) {
        assert.throws(
          () => createKyselyStore({ db, tablePrefix: tablePrefix as string }),
          (error: unknown) => error instanceof Error && 'code' in error && error.code === 'INVALID_CONFIG',
        );
        await rejectsWith(migrateToLatest(db, { tablePrefix: tablePrefix as string }), 'INVALID_CONFIG');
        await rejectsWith(openSqliteStore({ filename: freshFile(), tablePrefix: tablePrefix as string }), 'INVALID_CONFIG');
      }
    } finally {
      await db.destroy();
    }
  });

  it('works on a Kysely instance the host already has, and leaves it open on close', async () => {
    interface HostTables {
      accounts: { id: number; email: string };
    }
    const database = new Database(join(directory, 'host.sqlite'));
    const db = new Kysely<HostTables>({ dialect: new SqliteDialect({ database }) });
    try {
      await db.schema.createTable('accounts').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('email', 'text').execute();
      assert.deepEqual(await migrateToLatest(db), ['0001_devices', '0002_sends', '0003_remembered_browsers', '0004_user_preferences', '0005_challenges']);
      const store = createKyselyStore({ db });
      const record = makeRecord();
      await store.insertDevice(record);
      assert.deepEqual(await store.getDevice(record.id), record);
      await store.close();
      await rejectsWith(store.getDevice(record.id), 'STORE_ERROR', /closed/);
      await db.insertInto('accounts').values({ id: 1, email: 'a@example.com' }).execute();
      const again = createKyselyStore({ db, dialect: 'sqlite' });
      assert.deepEqual(await again.getDevice(record.id), record);
      assert.throws(() => createKyselyStore({ db, dialect: 'mysql' as 'sqlite' }), /dialect must be/);
    } finally {
      await db.destroy();
    }
  });

  it('refuses dialects it does not support', () => {
    const db = new Kysely<unknown>({
      dialect: new MysqlDialect({ pool: () => Promise.reject(new Error('no MySQL here')) }),
    });
    assert.throws(() => createKyselyStore({ db }), /cannot tell the SQL dialect/);
  });

  it('says to run the migrations when the tables are missing', async () => {
    const { store } = await openSqliteStore({ filename: freshFile(), migrate: false });
    try {
      await rejectsWith(store.getDevice('abc'), 'STORE_ERROR', /twofold_devices is missing: run the migrations/);
    } finally {
      await store.close();
    }
  });

  it('reports a file that cannot be opened as STORE_ERROR', async () => {
    await rejectsWith(
      openSqliteStore({ filename: join(directory, 'no', 'such', 'directory', 'x.sqlite') }),
      'STORE_ERROR',
      /cannot open the SQLite database/,
    );
  });

  it('opens the same file through every URL form openStore accepts', async () => {
    const filename = freshFile();
    const record = makeRecord();
    const seed = await openStore(filename);
    await seed.store.insertDevice(record);
    await seed.store.close();
    for (const url of [`sqlite:${filename}`, `sqlite://${filename}`, `file:${filename}`, pathToFileURL(filename).href]) {
      const { store } = await openStore(url);
      try {
        assert.deepEqual(await store.getDevice(record.id), record, url);
      } finally {
        await store.close();
      }
    }
    await rejectsWith(openStore(filename, { schema: 'x' }), 'INVALID_CONFIG', /PostgreSQL only/);
    await rejectsWith(openStore(filename, { pool: { max: 2 } }), 'INVALID_CONFIG', /PostgreSQL only/);
  });

  it('lets exactly one of 50 updates win across two connections to one file', async () => {
    const filename = freshFile();
    const first = await openSqliteStore({ filename });
    const second = await openSqliteStore({ filename });
    try {
      const record = makeRecord();
      await first.store.insertDevice(record);
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          (index % 2 === 0 ? first : second).store.updateDevice(record.id, 0, { failureCount: index }),
        ),
      );
      assert.equal(outcomes.filter(Boolean).length, 1);
      assert.equal((await second.store.getDevice(record.id))?.version, 1);
    } finally {
      await first.store.close();
      await second.store.close();
    }
  });

  it('loses no update when two OS processes hammer one device (and never surfaces SQLITE_BUSY)', async (t) => {
    const filename = freshFile();
    const { store } = await openSqliteStore({ filename });
    try {
      const record = makeRecord();
      await store.insertDevice(record);
      const reports = await hammerDevice({ url: `sqlite:${filename}` }, record.id, {
        processes: 2,
        loops: 2,
        durationMs: 1500,
      });
      const successes = reports.reduce((sum, report) => sum + report.successes, 0);
      const conflicts = reports.reduce((sum, report) => sum + report.conflicts, 0);
      const final = await store.getDevice(record.id);
      t.diagnostic(`SQLite, 2 processes x 2 loops for 1.5 s: ${successes} successful CAS, ${conflicts} conflicts`);
      assert.ok(reports.every((report) => report.successes > 0), 'both processes made progress');
      assert.ok(conflicts > 0, 'the processes really contended');
      assert.equal(final?.version, successes);
      assert.equal(final.failureCount, successes);
    } finally {
      await store.close();
    }
  });

  it('migrates once when two OS processes migrate the same new file at the same instant', async () => {
    const filename = freshFile();
    const applied = await migrateConcurrently({ url: `sqlite:${filename}` }, 2);
    assert.deepEqual(applied.map((names) => names.join(',')).sort(), ['', '0001_devices,0002_sends,0003_remembered_browsers,0004_user_preferences,0005_challenges']);
    const { store, db } = await openSqliteStore({ filename, migrate: false });
    try {
      const { rows } = await sql<{ count: number }>`select count(*) as count from twofold_migration`.execute(db);
      assert.equal(rows[0]?.count, 5);
    } finally {
      await store.close();
    }
  });
});
