/**
 * One app process of `npm run bench:http`: Express with express-session and
 * twofold's router on a shared database (SQLite file or PostgreSQL), or the
 * floor: a plain Express route of the same shape (session, one read, one
 * conditional write, a new session id, a JSON answer) without twofold.
 *
 * Started by bench/http/main.ts; prints `ready <port>` when listening.
 * `GET /bench/stats` answers the process's CPU time and the statements its
 * store ran since the last call (counted at the Store interface).
 */
import { createServer } from 'node:http';
import { Session as InspectorSession } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import type * as Core from '../../src/index.js';
import type * as Totp from '../../src/devices/totp/index.js';
import type * as Kysely from '../../src/store/kysely/index.js';
import type * as Express from '../../src/express/index.js';
import { BENCH_SECRET, userName } from './shared.js';

// The library: compiled to JavaScript by the driver (as it ships), or a checkout's src run through tsx.
const base = process.env.TWOFOLD_BENCH_BUILD ?? join(import.meta.dirname, '..', '..', 'src');
const { createTwofold } = (await import(`${base}/index.js`)) as typeof Core;
const { totp } = (await import(`${base}/devices/totp/index.js`)) as typeof Totp;
const { openStore } = (await import(`${base}/store/kysely/index.js`)) as typeof Kysely;
const { createTwofoldExpress } = (await import(`${base}/express/index.js`)) as typeof Express;

interface BenchUser {
  readonly id: string;
  readonly username: string;
}

const [mode = 'twofold', databaseUrl = '', schema] = process.argv.slice(2);

function counting(inner: Core.Store): { store: Core.Store; count: () => number } {
  let calls = 0;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        calls++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, count: () => calls };
}

// TWOFOLD_BENCH_COMMIT_THREAD=worker|main: where an SQLite store commits (bench:http --commit-thread, bench:peers too).
const commitThread = process.env.TWOFOLD_BENCH_COMMIT_THREAD;
const opened = await openStore(databaseUrl, {
  migrate: false,
  ...(schema === undefined || schema === '' ? {} : { schema }),
  ...((commitThread === 'worker' || commitThread === 'main') && databaseUrl.startsWith('sqlite:') ? { commitThread } : {}),
});
const { store, count } = counting(opened.store);
const app = express();
app.set('etag', false);
// One MemoryStore per app process: the driver keeps each sign-in on the process that started it.
app.use(session({ secret: 'bench-session-secret', resave: false, saveUninitialized: false, name: 'sid', store: new session.MemoryStore() }));
const userOf = (id: string): BenchUser | null => (/^[0-9]+$/.test(id) ? { id, username: userName(Number(id)) } : null);

if (mode === 'twofold') {
  const twofold = createTwofold({ store, kinds: [totp()], secrets: [BENCH_SECRET], logger: { warn() {}, error: console.error } });
  const otp = createTwofoldExpress<BenchUser>({
    twofold,
    // Only the sign-in is measured: no account pages (their setup secrets are not needed).
    account: false,
    // Passwords are not what is measured: the first step only has to name the user.
    verifyPassword: (username) => Promise.resolve(userOf(username.replace(/^user-/, ''))),
    loadUser: (id) => Promise.resolve(userOf(id)),
    getUser: (req) => userOf((req.session as { userId?: string }).userId ?? ''),
    logIn: (req, user) => {
      (req.session as { userId?: string }).userId = user.id;
      return Promise.resolve();
    },
  });
  app.use(otp.middleware);
  app.use('/account', otp.router);
} else {
  // The floor: what any second step must do at least, with the same database and session.
  const { db } = opened;
  app.post('/floor/login', express.json(), (req, res) => {
    const { username } = req.body as { username?: string };
    (req.session as { pending?: string }).pending = String(username).replace(/^user-/, '');
    res.json({ status: 'second-factor-required', csrfToken: 'floor' });
  });
  app.post('/floor/verify', express.json(), async (req, res, next) => {
    try {
      const pending = (req.session as { pending?: string }).pending;
      const { code } = req.body as { code?: string };
      if (pending === undefined || typeof code !== 'string') return void res.status(400).json({ error: 'no_login_in_progress' });
      const row = await db.selectFrom('twofold_devices').select(['id', 'version', 'state']).where('user_id', '=', pending).executeTakeFirst();
      if (row === undefined) return void res.status(400).json({ error: 'device_not_available' });
      const ok = code !== '000000';
      const updated = await db
        .updateTable('twofold_devices')
        .set({ failure_count: ok ? 0 : 1, version: Number(row.version) + 1 })
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n || !ok) return void res.status(401).json({ error: 'invalid_token' });
      req.session.regenerate((error) => {
        if (error !== undefined && error !== null) return next(error);
        (req.session as { userId?: string }).userId = pending;
        res.json({ status: 'signed-in', verified: true });
      });
    } catch (error) {
      next(error);
    }
  });
}

// With TWOFOLD_BENCH_PROFILE_DIR, a V8 CPU profile (a sample every 100 µs) runs from one stats call to the
// next: the driver calls it before and after the measured requests, so the warm-up is left out.
const profileDir = process.env.TWOFOLD_BENCH_PROFILE_DIR;
const inspector = profileDir === undefined ? null : new InspectorSession();
let profiling = false;
async function nextProfile(): Promise<void> {
  if (inspector === null || profileDir === undefined) return;
  if (profiling) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(join(profileDir, `${mode}-${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
  } else {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
  }
  await inspector.post('Profiler.start');
  profiling = true;
}

let mark = { cpu: process.cpuUsage(), statements: count() };
app.get('/bench/stats', async (_req, res) => {
  const cpu = process.cpuUsage(mark.cpu);
  const statements = count() - mark.statements;
  await nextProfile();
  mark = { cpu: process.cpuUsage(), statements: count() };
  res.json({ cpuMicros: cpu.user + cpu.system, statements });
});

const server = createServer(app);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`ready ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  server.close();
  void opened.store.close().then(() => process.exit(0));
});
