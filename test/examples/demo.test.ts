/**
 * The demo site's own plumbing (`examples/demo`): secrets created once with
 * owner-only permissions, idempotent seeding, the staff user's bootstrap
 * codes, scrypt passwords, and sessions that survive a restart.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import session, { type SessionData } from 'express-session';
import { createDemoApp, type DemoApp } from '../../examples/demo/app.js';
import { SqliteSessionStore } from '../../examples/demo/session-store.js';
import { checkPassword, hashPassword } from '../../examples/demo/users.js';
import { browser, csrfOf } from '../express/support.js';

const quiet = { warn: () => undefined, error: (message: string) => console.error(message) };
const directories: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-demo-test-'));
  directories.push(dir);
  return dir;
}

after(() => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

async function withDemo<T>(dataDir: string, run: (demo: DemoApp) => T | Promise<T>, env: NodeJS.ProcessEnv = {}): Promise<T> {
  const demo = await createDemoApp({ dataDir, env, logger: quiet });
  try {
    return await run(demo);
  } finally {
    await demo.close();
  }
}

describe('the demo app', () => {
  it('creates its secrets once, owner-only, seeds users and the staff codes only on the first start, and checks passwords', async () => {
    const dir = tempDir();
    const first = await withDemo(dir, (demo) => {
      assert.equal(demo.secretSource, 'generated');
      assert.equal(demo.adminBackupCodes.length, 5);
      assert.deepEqual(
        demo.seedUsers.map((user) => [user.username, user.isStaff]),
        [
          ['admin', true],
          ['alice', false],
          ['bob', false],
        ],
      );
      // Users, sessions and devices live in one SQLite file: owner-only, and so are its log and index.
      for (const name of ['demo.sqlite', 'demo.sqlite-wal', 'demo.sqlite-shm']) {
        assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
      }
      return { secret: readFileSync(join(dir, 'secret'), 'utf8'), code: demo.adminBackupCodes[0]! };
    });
    for (const name of ['secret', 'session-secret']) assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
    await withDemo(dir, async (demo) => {
      assert.equal(demo.secretSource, 'file');
      assert.deepEqual(demo.adminBackupCodes, [], 'no new codes once the staff user has a device');
      assert.equal(readFileSync(join(dir, 'secret'), 'utf8'), first.secret);
      assert.equal(demo.users.search('', 10).length, 3, 'seeding is idempotent');
      assert.equal((await demo.twofold.matchToken('admin', first.code)).ok, true, 'the first start\'s codes still work');
      assert.equal((await demo.users.verifyPassword('alice', 'alice-demo-password'))?.id, 'alice');
      assert.equal(await demo.users.verifyPassword('alice', 'alice-demo-passwor'), null);
      assert.equal(await demo.users.verifyPassword('mallory', 'alice-demo-password'), null);
    });
  });

  it('takes the encryption secrets from TWOFOLD_SECRETS when set, writing no secret file', async () => {
    const dir = tempDir();
    await withDemo(
      dir,
      (demo) => {
        assert.equal(demo.secretSource, 'environment');
      },
      { TWOFOLD_SECRETS: 'an-environment-secret-of-at-least-32-characters' },
    );
    assert.equal(existsSync(join(dir, 'secret')), false);
  });

  it('keeps a signed-in, verified session across a restart (persistent session store)', async () => {
    const dir = tempDir();
    let cookies: [string, string][] = [];
    await withDemo(dir, async (demo) => {
      const url = await demo.listen(0);
      const client = browser(url);
      const form = await client.get('/login');
      // The admin has only backup codes: after the password the wizard goes to the backup-code step.
      const step = await client.post('/login', { _csrf: csrfOf(form), username: 'admin', password: 'admin-demo-password' });
      assert.equal(step.location, '/login/backup');
      const backup = await client.get('/login/backup');
      const signedIn = await client.post('/login/backup', { _csrf: csrfOf(backup), token: demo.adminBackupCodes[0]! });
      assert.equal(signedIn.via?.status, 303);
      assert.equal((await client.get('/protected')).status, 200);
      const value = client.cookie('twofold_demo_sid');
      assert.ok(value !== undefined);
      cookies = [['twofold_demo_sid', value]];
    });
    await withDemo(dir, async (demo) => {
      const url = await demo.listen(0);
      const client = browser(url);
      for (const [name, value] of cookies) client.setCookie(name, value);
      const home = await client.get('/');
      assert.match(home.text, /Signed in as <strong>admin<\/strong> \(staff\)\. <span class="demo-ok">Verified<\/span>/);
      assert.equal((await client.get('/protected')).status, 200);
      assert.equal((await client.get('/admin/')).status, 200);
    });
  });

});

describe('the demo users and sessions', () => {
  it('hashes passwords with scrypt and a fresh salt', async () => {
    const one = await hashPassword('correct horse');
    const two = await hashPassword('correct horse');
    assert.match(one, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.notEqual(one, two);
    assert.equal(await checkPassword('correct horse', one), true);
    assert.equal(await checkPassword('correct horsE', one), false);
    assert.equal(await checkPassword('correct horse', 'plain'), false);
  });

  it('stores sessions until their cookie expires', async () => {
    const db = new BetterSqlite3(':memory:');
    const store = new SqliteSessionStore(db);
    try {
      const get = (sid: string) =>
        new Promise<SessionData | null | undefined>((resolve, reject) => {
          store.get(sid, (error, data) => {
            if (error === null || error === undefined) resolve(data);
            else reject(error instanceof Error ? error : new Error('store failed'));
          });
        });
      const set = (sid: string, maxAge: number) =>
        new Promise<void>((resolve) => {
          const cookie = new session.Cookie();
          cookie.maxAge = maxAge;
          cookie.originalMaxAge = maxAge;
          store.set(sid, { cookie }, () => resolve());
        });
      await set('live', 60_000);
      await set('dead', -1);
      assert.equal((await get('live'))?.cookie.originalMaxAge, 60_000);
      assert.equal(await get('dead'), null);
      assert.equal(await get('never'), null);
      await new Promise<void>((resolve) => store.destroy('live', () => resolve()));
      assert.equal(await get('live'), null);
    } finally {
      store.close();
      db.close();
    }
  });
});
