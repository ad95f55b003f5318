import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPostgresStore, openSqliteStore, openStore, parseDatabaseUrl } from '../../../src/store/kysely/index.js';
import { rejectsWith } from '../conformance.js';
import { isTwofoldError } from '../../../src/core/errors.js';

describe('parseDatabaseUrl', () => {
  it('recognises PostgreSQL URLs and keeps them whole', () => {
    for (const url of ['postgres://user:pw@db.example.com:5432/app', 'postgresql://localhost/app?sslmode=require', 'POSTGRES://h/d']) {
      assert.deepEqual(parseDatabaseUrl(url), { dialect: 'postgres', connectionString: url });
    }
  });

  it('recognises every SQLite form', () => {
    const cases: [string, string][] = [
      ['sqlite:data/app.db', 'data/app.db'],
      ['sqlite:///var/lib/app.db', '/var/lib/app.db'],
      ['sqlite://relative/app.db', 'relative/app.db'],
      ['sqlite::memory:', ':memory:'],
      ['file:app.db', 'app.db'],
      ['file:/abs/app.db', '/abs/app.db'],
      ['file:///tmp/with%20space.db', '/tmp/with space.db'],
      ['app.db', 'app.db'],
      ['./data/app.db', './data/app.db'],
      ['/abs/app.db', '/abs/app.db'],
      [':memory:', ':memory:'],
      ['C:\\data\\app.db', 'C:\\data\\app.db'],
    ];
    for (const [url, filename] of cases) {
      assert.deepEqual(parseDatabaseUrl(url), { dialect: 'sqlite', filename }, url);
    }
  });

  it('refuses anything else without echoing credentials', () => {
    for (const url of ['', '   ', 'mysql://root:hunter2@localhost/app', 'http://example.com/db', 'sqlite:', 'sqlite:app.db?mode=ro', 'file://otherhost/app.db']) {
      assert.throws(
        () => parseDatabaseUrl(url),
        (error: unknown) => {
          assert.ok(isTwofoldError(error, 'INVALID_CONFIG'), `${url}: ${String(error)}`);
          assert.doesNotMatch(error.message, /hunter2/);
          return true;
        },
      );
    }
    assert.throws(() => parseDatabaseUrl('mysql://root:hunter2@localhost/app'), /unsupported database URL scheme "mysql:"/);
    assert.throws(() => parseDatabaseUrl(42 as unknown as string), /empty/);
  });
});

describe('option checks of the openers', () => {
  it('refuses bad PostgreSQL options before connecting', async () => {
    const connectionString = 'postgres://user:pw@127.0.0.1:1/app';
    const bad: Record<string, unknown>[] = [
      { connectionString: 'mysql://x/y' },
      { connectionString: 42 },
      { connectionString, schema: 'Public' },
      { connectionString, schema: 'a-b' },
      { connectionString, schema: 'x; drop table users' },
      { connectionString, schema: 'x'.repeat(64) },
      { connectionString: `${connectionString}?options=-c%20search_path%3Dother`, schema: 'mine' },
      { connectionString, tablePrefix: 'Bad' },
      { connectionString, migrate: 'yes' },
      { connectionString, pool: { max: 0 } },
      { connectionString, pool: { max: 1.5 } },
      { connectionString, pool: { idleTimeoutMillis: -1 } },
    ];
    for (const options of bad) {
      await rejectsWith(openPostgresStore(options as never), 'INVALID_CONFIG');
    }
    await rejectsWith(openStore(connectionString, { busyTimeoutMs: 10 }), 'INVALID_CONFIG', /SQLite only/);
  });

  it('refuses bad SQLite options', async () => {
    for (const options of [{ filename: '' }, { filename: 7 }, { filename: 'a\u0000b' }, { filename: ':memory:', busyTimeoutMs: -1 }, { filename: ':memory:', migrate: 1 }]) {
      await rejectsWith(openSqliteStore(options as never), 'INVALID_CONFIG');
    }
  });

  it('reports an unreachable PostgreSQL server as STORE_UNAVAILABLE (retry later) without the password', async () => {
    await assert.rejects(openPostgresStore({ connectionString: 'postgres://user:hunter2@127.0.0.1:1/app' }), (error: unknown) => {
      assert.ok(isTwofoldError(error, 'STORE_UNAVAILABLE'), String(error));
      assert.equal(error.retryAfterSeconds, 5);
      assert.match(error.message, /cannot prepare the PostgreSQL database: .*ECONNREFUSED/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  });

  it('opens an in-memory SQLite store, migrated', async () => {
    const { store } = await openStore(':memory:');
    try {
      assert.deepEqual(await store.listDevices('nobody'), []);
    } finally {
      await store.close();
    }
  });
});
