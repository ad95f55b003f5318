/**
 * The demo's SQLite session store at exact times with a manual clock: idle
 * expiry, the absolute cap that activity never extends, the bound on the
 * number of sessions, and a table from before the cap.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import session from 'express-session';
import type { SessionData } from 'express-session';
import { SqliteSessionStore, type SqliteSessionStoreOptions } from '../../examples/demo/session-store.js';

const HOUR = 60 * 60 * 1000;
const START = Date.UTC(2026, 0, 1);

function open(options: Omit<SqliteSessionStoreOptions, 'now'> = {}, db = new BetterSqlite3(':memory:')) {
  let now = START;
  const store = new SqliteSessionStore(db, { ...options, now: () => now });
  const data = (): SessionData => {
    // A browser-session cookie (no maxAge): only the store's limits apply.
    return { cookie: new session.Cookie() };
  };
  return {
    db,
    store,
    at: (time: number) => {
      now = time;
    },
    get: (sid: string) =>
      new Promise<SessionData | null | undefined>((resolve, reject) => {
        store.get(sid, (error, found) => (error === null || error === undefined ? resolve(found) : reject(error instanceof Error ? error : new Error('store failed'))));
      }),
    set: (sid: string) => new Promise<void>((resolve) => store.set(sid, data(), () => resolve())),
    touch: (sid: string) => new Promise<void>((resolve) => store.touch(sid, data(), () => resolve())),
    close: () => {
      store.close();
      db.close();
    },
  };
}

describe('the demo session store', () => {
  it('ends a session exactly 8 hours after its last use, and a use moves that on', async () => {
    const s = open();
    try {
      await s.set('a');
      await s.set('b');
      s.at(START + 8 * HOUR - 1);
      assert.ok((await s.get('a')) !== null);
      await s.touch('a');
      s.at(START + 8 * HOUR);
      assert.equal(await s.get('b'), null, 'idle 8 hours');
      assert.equal(s.store.size(), 1, 'and removed');
      s.at(START + 8 * HOUR - 1 + 8 * HOUR - 1);
      assert.ok((await s.get('a')) !== null, 'the touch moved its end');
      s.at(START + 8 * HOUR - 1 + 8 * HOUR);
      assert.equal(await s.get('a'), null);
    } finally {
      s.close();
    }
  });

  it('ends a session 24 hours after it was first stored, however often it is used or rewritten', async () => {
    const s = open();
    try {
      await s.set('busy');
      for (let time = START; time < START + 24 * HOUR; time += HOUR) {
        s.at(time);
        assert.ok((await s.get('busy')) !== null, `at ${(time - START) / HOUR} h`);
        await (time % (2 * HOUR) === 0 ? s.touch('busy') : s.set('busy'));
      }
      s.at(START + 24 * HOUR - 1);
      assert.ok((await s.get('busy')) !== null);
      s.at(START + 24 * HOUR);
      assert.equal(await s.get('busy'), null);
    } finally {
      s.close();
    }
  });

  it('keeps at most maxSessions, dropping those closest to their end first', async () => {
    const s = open({ maxSessions: 5 });
    try {
      for (let i = 0; i < 12; i++) {
        s.at(START + i * 1000);
        await s.set(`s${i}`);
      }
      assert.equal(s.store.size(), 5);
      for (let i = 0; i < 12; i++) assert.equal((await s.get(`s${i}`)) !== null, i >= 7, `s${i}`);
    } finally {
      s.close();
    }
  });

  it('takes a table from before the absolute limit, counting its sessions from now', async () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('create table demo_sessions (sid text primary key, data text not null, expires integer not null)');
    db.prepare('insert into demo_sessions (sid, data, expires) values (?, ?, ?)').run('old', JSON.stringify({ cookie: {} }), START + 100 * HOUR);
    const s = open({}, db);
    try {
      assert.ok((await s.get('old')) !== null);
      await s.touch('old');
      s.at(START + 24 * HOUR);
      assert.equal(await s.get('old'), null);
    } finally {
      s.close();
    }
  });

  it('refuses limits that are not positive integers', () => {
    const db = new BetterSqlite3(':memory:');
    try {
      for (const bad of [{ idleMs: 0 }, { absoluteMs: -1 }, { maxSessions: 1.5 }]) {
        assert.throws(() => new SqliteSessionStore(db, bad), RangeError, JSON.stringify(bad));
      }
    } finally {
      db.close();
    }
  });
});
