/**
 * SQLite group commit, on the main thread (src/store/kysely/group-commit.ts,
 * the default) and on the commit thread (src/store/kysely/commit-thread.ts:
 * device writes committed on a worker thread with its own connection, so
 * that the fsync of synchronous = FULL does not hold the event loop).
 * Batches, failures, a thread that dies, SQLITE_BUSY, closing, the options.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { isTwofoldError } from '../../src/core/errors.js';
import { openSqliteStore, openStore } from '../../src/store/kysely/index.js';
import { startCommitThread } from '../../src/store/kysely/commit-thread.js';
import type { GroupCommitter } from '../../src/store/kysely/group-commit.js';
import { makeRecord, newId } from './conformance.js';

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

// A driver for the thread that is the real one, except that `refused.sqlite`
// cannot be opened, `lax.sqlite` gets synchronous = NORMAL when asked for FULL, and a write with the parameter `die-now` ends the thread
// in the middle of its batch. Written at run time: the thread requires it by path.
const DYING_DRIVER = `'use strict';
const Database = require(${JSON.stringify(DRIVER)});
module.exports = function DyingDatabase(filename, options) {
  if (filename.endsWith('refused.sqlite')) throw Object.assign(new Error('refused by the test driver'), { code: 'SQLITE_CANTOPEN' });
  const database = new Database(filename, options);
  if (filename.endsWith('lax.sqlite')) {
    const pragma = database.pragma.bind(database);
    database.pragma = (text, pragmaOptions) => pragma(text === 'synchronous = FULL' ? 'synchronous = NORMAL' : text, pragmaOptions);
  }
  const prepare = database.prepare.bind(database);
  database.prepare = (sql) => {
    const statement = prepare(sql);
    return new Proxy(statement, {
      get(target, property) {
        if (property === 'run') {
          return (parameters) => {
            if (parameters.includes('die-now')) process.exit(7);
            return target.run(parameters);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return database;
};
`;

let dir = '';
let file = 0;
const freshFile = (name = `db-${file++}.sqlite`): string => join(dir, name);

/** A file with table t(a primary key, b not null) holding rows 1..3 with b = 'start'. */
function tableFile(): string {
  const filename = freshFile();
  const database = new BetterSqlite3(filename);
  database.pragma('journal_mode = WAL');
  database.exec(`create table t (a integer primary key, b text not null); insert into t values (1, 'start'), (2, 'start'), (3, 'start')`);
  database.close();
  return filename;
}

function rowsOf(filename: string): unknown[] {
  const database = new BetterSqlite3(filename, { readonly: true });
  try {
    return database.prepare('select a, b from t order by a').all();
  } finally {
    database.close();
  }
}

const update = (a: number, b: string | null): CompiledQuery => CompiledQuery.raw('update t set b = ? where a = ?', [b, a]);

/**
 * Makes `writes` share one transaction of the thread: another connection
 * holds the write lock while a first write keeps the thread waiting for it,
 * the writes are sent meanwhile (they queue up), then the lock is let go.
 * Without this, the thread may start on the first write before the others
 * have been sent (each write is sent at once).
 */
async function inOneTransaction<T>(filename: string, committer: GroupCommitter, writes: () => T): Promise<T> {
  const other = new BetterSqlite3(filename);
  try {
    other.exec('begin immediate');
    const first = committer.commit(update(3, 'first'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = writes();
    await new Promise((resolve) => setTimeout(resolve, 50));
    other.exec('rollback');
    assert.equal((await first).numAffectedRows, 1n);
    return sent;
  } finally {
    other.close();
  }
}

describe('SQLite commit thread', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-commit-thread-'));
    writeFileSync(join(dir, 'dying-driver.cjs'), DYING_DRIVER);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const commitThread of ['worker', 'main'] as const) {
    it(`commits a turn's device writes together, each its own compare-and-swap (commitThread ${commitThread})`, async () => {
      const { store } = await openSqliteStore({ filename: freshFile(), commitThread });
      try {
        const userId = newId('user');
        const records = Array.from({ length: 20 }, (_, n) => makeRecord({ userId, createdAt: n + 1 }));
        for (const record of records) await store.insertDevice(record);
        const fresh = records.map((record) => store.updateDevice(record.id, record.version, { failureCount: 1 }));
        const stale = records.map((record) => store.updateDevice(record.id, record.version + 5, { failureCount: 9 }));
        const racing = Array.from({ length: 20 }, () => store.updateDevice(records[0]!.id, records[0]!.version + 1, { failureCount: 2 }));
        assert.deepEqual(await Promise.all(fresh), records.map(() => true));
        assert.deepEqual(await Promise.all(stale), records.map(() => false));
        assert.equal((await Promise.all(racing)).filter(Boolean).length, 1, 'one of the racing writes wins');
        // Read on the main connection right after the answers: every write is visible.
        const stored = await store.listDevices(userId);
        assert.deepEqual(stored.map((record) => record.failureCount), [2, ...records.slice(1).map(() => 1)]);
      } finally {
        await store.close();
      }
    });
  }

  it('rolls a failed batch back entirely and rejects every write of it with the driver error', async () => {
    const filename = tableFile();
    const committer = await startCommitThread({ filename, driverPath: DRIVER, busyTimeoutMs: 1000 });
    try {
      // One transaction: three writes, the second breaks NOT NULL; then, once that batch is answered, a good one.
      const batch = await inOneTransaction(filename, committer, () => [
        committer.commit(update(1, 'one')),
        committer.commit(update(2, null)),
        committer.commit(update(3, 'three')),
      ]);
      const outcomes = await Promise.allSettled(batch);
      for (const outcome of outcomes) {
        assert.equal(outcome.status, 'rejected');
        assert.match(String((outcome.reason as { code?: string }).code), /^SQLITE_CONSTRAINT/);
      }
      assert.deepEqual(rowsOf(filename), [{ a: 1, b: 'start' }, { a: 2, b: 'start' }, { a: 3, b: 'first' }]);
      const alone = await committer.commit(update(1, 'after'));
      assert.equal(alone.numAffectedRows, 1n);
      assert.equal((await committer.commit(update(9, 'none'))).numAffectedRows, 0n, 'a write that matches nothing says so');
    } finally {
      await committer.close();
    }
    assert.deepEqual(rowsOf(filename)[0], { a: 1, b: 'after' });
  });

  it('fails the writes of a thread that dies with STORE_UNAVAILABLE, and starts a new one for the next write', async () => {
    const filename = tableFile();
    const committer = await startCommitThread({ filename, driverPath: join(dir, 'dying-driver.cjs'), busyTimeoutMs: 1000 });
    try {
      const doomed = await inOneTransaction(filename, committer, () => [committer.commit(update(1, 'lost')), committer.commit(update(2, 'die-now'))]);
      for (const outcome of await Promise.allSettled(doomed)) {
        assert.equal(outcome.status, 'rejected');
        assert.ok(isTwofoldError(outcome.reason, 'STORE_UNAVAILABLE'), String(outcome.reason));
        assert.equal(outcome.reason.retryAfterSeconds, 1);
      }
      assert.deepEqual(rowsOf(filename)[0], { a: 1, b: 'start' }, 'the batch of the dead thread was not committed');
      assert.equal((await committer.commit(update(3, 'again'))).numAffectedRows, 1n, 'a new thread took over');
    } finally {
      await committer.close();
    }
    assert.deepEqual(rowsOf(filename)[2], { a: 3, b: 'again' });
  });

  it('refuses to start when the thread cannot open the file', async () => {
    await assert.rejects(
      startCommitThread({ filename: freshFile('refused.sqlite'), driverPath: join(dir, 'dying-driver.cjs'), busyTimeoutMs: 1000 }),
      (error: unknown) => isTwofoldError(error, 'STORE_ERROR') && /commit thread: refused by the test driver/.test(error.message),
    );
  });

  it('refuses to start when its connection is not in synchronous = FULL', async () => {
    await assert.rejects(
      startCommitThread({ filename: freshFile('lax.sqlite'), driverPath: join(dir, 'dying-driver.cjs'), busyTimeoutMs: 1000 }),
      (error: unknown) => isTwofoldError(error, 'STORE_ERROR') && /synchronous = FULL \(journal_mode wal, synchronous 1\)/.test(error.message),
    );
  });

  // The default for a file is the commit thread: a write waiting for the lock leaves the event loop free.
  // On the main thread the same wait holds it, which is why the thread is the default.
  for (const commitThread of [undefined, 'worker', 'main'] as const) {
    const loopFree = commitThread !== 'main';
    it(`answers SQLITE_BUSY from another connection as STORE_UNAVAILABLE, ${loopFree ? 'without holding' : 'holding'} the event loop while it waits (commitThread ${commitThread ?? 'by default'})`, async () => {
      const filename = freshFile();
      const { store } = await openSqliteStore({ filename, busyTimeoutMs: 300, ...(commitThread === undefined ? {} : { commitThread }) });
      const other = new BetterSqlite3(filename);
      try {
        const record = makeRecord();
        await store.insertDevice(record);
        other.exec('begin immediate');
        let ticks = 0;
        const ticker = setInterval(() => ticks++, 10);
        const started = performance.now();
        await assert.rejects(store.updateDevice(record.id, record.version, { failureCount: 1 }), (error: unknown) => {
          assert.ok(isTwofoldError(error, 'STORE_UNAVAILABLE'), String(error));
          assert.equal(error.retryAfterSeconds, 1);
          return true;
        });
        clearInterval(ticker);
        const waited = performance.now() - started;
        assert.ok(waited >= 250, `waited for the busy timeout (${waited.toFixed(0)} ms)`);
        if (loopFree) assert.ok(ticks >= 5, `timers kept firing while the thread waited for the lock (${ticks} ticks in ${waited.toFixed(0)} ms)`);
        else assert.ok(ticks <= 1, `the main thread's wait held the event loop (${ticks} ticks in ${waited.toFixed(0)} ms)`);
        other.exec('rollback');
        assert.equal(await store.updateDevice(record.id, record.version, { failureCount: 1 }), true, 'fine once the lock is free');
      } finally {
        other.close();
        await store.close();
      }
    });
  }

  it('answers the writes asked for before close(), then refuses new ones', async () => {
    const filename = freshFile();
    const { store } = await openSqliteStore({ filename, commitThread: 'worker' });
    const records = Array.from({ length: 10 }, (_, n) => makeRecord({ createdAt: n + 1 }));
    for (const record of records) await store.insertDevice(record);
    const writes = records.map((record) => store.updateDevice(record.id, record.version, { failureCount: 3 }));
    const closing = store.close();
    assert.deepEqual(await Promise.all(writes), records.map(() => true));
    await closing;
    await assert.rejects(store.updateDevice(records[0]!.id, 2, { failureCount: 4 }), (error: unknown) => isTwofoldError(error, 'STORE_ERROR'));
    const { store: reopened } = await openSqliteStore({ filename });
    try {
      for (const record of records) assert.equal((await reopened.getDevice(record.id))?.failureCount, 3);
    } finally {
      await reopened.close();
    }
  });

  it('checks the commitThread option', async () => {
    await assert.rejects(
      openSqliteStore({ filename: freshFile(), commitThread: 'elsewhere' as 'main' }),
      (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && /commitThread must be "worker" or "main"/.test(error.message),
    );
    await assert.rejects(
      openSqliteStore({ filename: ':memory:', commitThread: 'worker' }),
      (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && /:memory: database cannot be shared/.test(error.message),
    );
    await assert.rejects(
      openStore('postgres://twofold:x@127.0.0.1:1/none', { commitThread: 'main' }),
      (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && /SQLite only/.test(error.message),
    );
    // :memory: commits on the main thread (the default), still batched.
    const { store } = await openSqliteStore({ filename: ':memory:' });
    try {
      const record = makeRecord();
      await store.insertDevice(record);
      const both = await Promise.all([store.updateDevice(record.id, record.version, { failureCount: 1 }), store.updateDevice(record.id, record.version, { failureCount: 2 })]);
      assert.deepEqual(both, [true, false]);
    } finally {
      await store.close();
    }
  });
});
