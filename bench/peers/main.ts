/**
 * `npm run bench:peers`: the HTTP second step of a sign-in in twofold,
 * better-auth (twoFactor plugin) and django-otp (behind gunicorn), in one
 * run on one machine.
 *
 * Each app is one server process on its own SQLite file (WAL mode, each
 * driver's default `synchronous`, FULL), with the same users and TOTP keys
 * (bench/peers/keys.ts):
 * - twofold: bench/http/server.ts (Express 5, express-session in memory,
 *   twofold's JSON sign-in API), as shipped;
 * - better-auth: bench/peers/better-auth.ts (Node's HTTP server,
 *   `toNodeHandler`, sessions in the database as better-auth keeps them);
 * - django-otp: bench/peers/django (Django with django-otp's TOTP device,
 *   sessions in a local-memory cache), served by gunicorn with one sync
 *   worker (Debian packages: gunicorn, python3-django-otp).
 *
 * A run starts the app, gives N users a pending sign-in through the app's
 * own first step (password; the password check is trivial in every app), then
 * posts one code per pending sign-in over 16 connections (bench/load.ts): a
 * valid code, which ends signed in, or a wrong one. The apps take turns
 * within each round (the order rotates), and the table shows the medians of
 * the rounds, the server's CPU per request (user + system time of the server
 * processes, from /proc) and twofold's ratios.
 *
 * Every app first answers --warmup sign-ins of the same case that are not
 * counted (a server just started is cold: Node's JIT, Python's imports and
 * caches), then the measured ones. twofold runs compiled to JavaScript from
 * this checkout's src (bench/http/build.ts), as it ships.
 *
 * Options: --users N (sign-ins per run, default 6000), --warmup N (uncounted
 * sign-ins before each run, default a third of --users up to 1000), --rounds N
 * (3), --connections N (16), --cases valid,wrong, --peers twofold,better-auth,django.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/kysely/index.js';
import { codeOf, cookieOf, pendingSignIn, seed } from '../http/client.js';
import { runLoad, type LoadRequest } from '../load.js';
import { compiledTree } from '../http/build.js';
import { peerKey } from './keys.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1]! : fallback;
};
// 6,000 sign-ins: a run of 15-20 s for the peers and 2 s for twofold (shorter runs charge each of
// twofold's requests a larger share of the process's fixed costs; see bench/http/main.ts).
const USERS = Number(option('users', '6000'));
const WARMUP = Number(option('warmup', String(Math.min(1000, Math.round(USERS / 3)))));
const ROUNDS = Number(option('rounds', '3'));
const CONNECTIONS = Number(option('connections', '16'));
const CASES = option('cases', 'valid,wrong').split(',') as ('valid' | 'wrong')[];
const PEERS = option('peers', 'twofold,better-auth,django').split(',') as PeerName[];
const DJANGO_DIR = join(import.meta.dirname, 'django');
const PYTHON = '/usr/bin/python3';
const GUNICORN = '/usr/bin/gunicorn';

type PeerName = 'twofold' | 'better-auth' | 'django';

/** How the driver talks to one app. */
interface Peer {
  readonly label: string;
  /** Creates the database with `users` users. */
  seed(users: number): Promise<void>;
  start(): Promise<Server>;
  /** A pending sign-in of user `n`: what the second step's request carries. */
  pending(port: number, n: number): Promise<{ readonly headers: Record<string, string> }>;
  readonly verifyPath: string;
}

interface Server {
  readonly port: number;
  readonly child: ChildProcess;
}

function run(command: string, argv: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<void> {
  const child = spawn(command, argv, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'inherit', 'inherit'] });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`)))));
}

/** Starts a server and waits for its port in its output. */
function startServer(command: string, argv: readonly string[], portPattern: RegExp, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Server> {
  const child = spawn(command, argv, { cwd: options.cwd, env: { ...process.env, NODE_ENV: 'production', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const look = (chunk: Buffer): void => {
      out += chunk.toString();
      const found = portPattern.exec(out);
      if (found !== null) resolve({ port: Number(found[1]), child });
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${out}`)));
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

/** User + system CPU time, in ms, of a process and its children (gunicorn's worker), from /proc. */
function cpuMs(pid: number): number {
  const ticks = (stat: string): { ppid: number; time: number } => {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), time: Number(fields[11]) + Number(fields[12]) };
  };
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const { ppid, time } = ticks(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (Number(entry) === pid || ppid === pid) total += time;
    } catch {
      // The process ended while being read.
    }
  }
  return total * 10; // USER_HZ is 100 on Linux.
}

function peers(dir: string): Record<PeerName, Peer> {
  const twofoldFile = join(dir, 'twofold.sqlite');
  const betterAuthFile = join(dir, 'better-auth.sqlite');
  const djangoEnv = { TWOFOLD_BENCH_DJANGO_DB: join(dir, 'django.sqlite'), PYTHONDONTWRITEBYTECODE: '1' };
  const tsx = (file: string, ...rest: string[]) => ['--import', 'tsx', join(import.meta.dirname, file), ...rest];
  return {
    twofold: {
      label: 'twofold (Express, SQLite FULL)',
      async seed(users) {
        const { store } = await openStore(`sqlite:${twofoldFile}`);
        await seed(store, users, peerKey);
        await store.close();
      },
      start: () =>
        startServer(process.execPath, tsx('../http/server.ts', 'twofold', `sqlite:${twofoldFile}`), /ready (\d+)/, {
          env: { TWOFOLD_BENCH_BUILD: compiledTree(join(import.meta.dirname, '..', '..'), dir) },
        }),
      async pending(port, n) {
        const pending = await pendingSignIn(port, n, false);
        return { headers: { 'content-type': 'application/json', 'x-csrf-token': pending.csrf, cookie: pending.cookie } };
      },
      verifyPath: '/account/api/login/verify',
    },
    'better-auth': {
      label: 'better-auth (twoFactor, SQLite)',
      seed: (users) => run(process.execPath, tsx('better-auth.ts', 'seed', betterAuthFile, String(users))),
      start: () => startServer(process.execPath, tsx('better-auth.ts', 'serve', betterAuthFile), /ready (\d+)/),
      async pending(port, n) {
        const origin = 'http://127.0.0.1';
        const response = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin },
          body: JSON.stringify({ email: `user-${n}@bench.invalid`, password: 'x' }),
        });
        const answer = (await response.json()) as { twoFactorRedirect?: boolean };
        if (answer.twoFactorRedirect !== true) throw new Error(`better-auth user ${n}: ${JSON.stringify(answer)}`);
        const cookie = cookieOf(response, '').split('; ').filter((pair) => !pair.endsWith('=')).join('; ');
        return { headers: { 'content-type': 'application/json', origin, cookie } };
      },
      verifyPath: '/api/auth/two-factor/verify-totp',
    },
    django: {
      label: 'django-otp (gunicorn, 1 sync worker, SQLite)',
      seed: (users) =>
        run(PYTHON, [join(DJANGO_DIR, 'seed.py')], {
          env: djangoEnv,
          input: Array.from({ length: users }, (_, n) => Buffer.from(peerKey(n)).toString('hex')).join('\n'),
        }),
      start: () => startServer(GUNICORN, ['--workers', '1', '--bind', '127.0.0.1:0', 'benchsite.wsgi'], /Listening at: http:\/\/127\.0\.0\.1:(\d+)/, { cwd: DJANGO_DIR, env: djangoEnv }),
      async pending(port, n) {
        const response = await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `user-${n}`, password: 'x' }) });
        if (response.status !== 200) throw new Error(`django user ${n}: ${response.status} ${await response.text()}`);
        return { headers: { 'content-type': 'application/json', cookie: cookieOf(response, '') } };
      },
      verifyPath: '/verify',
    },
  };
}

/** One measured run. */
interface Row {
  readonly peer: PeerName;
  readonly case: 'valid' | 'wrong';
  readonly round: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuMs: number;
  readonly unexpected: number;
  readonly load: number;
}

async function measure(peer: Peer, name: PeerName, which: 'valid' | 'wrong', round: number, firstUser: number): Promise<Row> {
  const server = await peer.start();
  try {
    const users = Array.from({ length: WARMUP + USERS }, (_, i) => firstUser + i);
    const pendings: { headers: Record<string, string>; user: number }[] = [];
    // Eight at a time: preparing is not measured, and one at a time would take longer than the runs.
    for (let i = 0; i < users.length; i += 8) {
      const batch = users.slice(i, i + 8);
      pendings.push(...(await Promise.all(batch.map(async (user) => ({ ...(await peer.pending(server.port, user)), user })))));
    }
    const post = (list: readonly { headers: Record<string, string>; user: number }[]) => {
      let next = 0;
      return runLoad(server.port, CONNECTIONS, (): LoadRequest | null => {
        const pending = list[next++];
        if (pending === undefined) return null;
        return { method: 'POST', path: peer.verifyPath, headers: pending.headers, body: JSON.stringify({ code: codeOf(peerKey(pending.user), which === 'valid') }) };
      });
    };
    // The warm-up is not counted: only the answers of the measured requests below are.
    if (WARMUP > 0) await post(pendings.slice(0, WARMUP));
    const load = loadavg()[0]!;
    const before = cpuMs(server.child.pid!);
    const result = await post(pendings.slice(WARMUP));
    const cpu = cpuMs(server.child.pid!) - before;
    const good = [...result.statuses].filter(([status]) => (which === 'valid' ? status === 200 : status >= 400 && status < 500)).reduce((sum, [, count]) => sum + count, 0);
    return { peer: name, case: which, round, perSecond: result.perSecond, p50: result.p50, p99: result.p99, cpuMs: cpu / result.requests, unexpected: result.requests - good + result.errors, load };
  } finally {
    await stopServer(server);
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Stops early, with what to install, when django-otp's side cannot run here. */
function checkDjangoSide(): void {
  if (!PEERS.includes('django')) return;
  const missing = [PYTHON, GUNICORN].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`bench:peers needs ${missing.join(' and ')} for django-otp (Debian: apt-get install -y gunicorn python3-django-otp), or --peers twofold,better-auth`);
  }
}

async function main(): Promise<void> {
  checkDjangoSide();
  const dir = mkdtempSync(join(tmpdir(), 'twofold-bench-peers-'));
  const all = peers(dir);
  const total = (WARMUP + USERS) * ROUNDS * CASES.length;
  const rows: Row[] = [];
  try {
    for (const name of PEERS) {
      const started = performance.now();
      await all[name].seed(total);
      console.error(`${name}: ${total} users seeded in ${fmt((performance.now() - started) / 1000, 1)} s`);
    }
    let firstUser = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of CASES) {
        for (let i = 0; i < PEERS.length; i++) {
          const name = PEERS[(i + round) % PEERS.length]!;
          const row = await measure(all[name], name, which, round, firstUser);
          rows.push(row);
          console.error(`round ${round + 1}, ${which}, ${name}: ${fmt(row.perSecond)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${fmt(row.cpuMs, 2)} CPU ms/req, ${row.unexpected} unexpected (load ${fmt(row.load, 1)})`);
        }
        firstUser += WARMUP + USERS;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${new Date().toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${CONNECTIONS} connections, ${USERS} sign-ins per run after ${WARMUP} uncounted, twofold compiled from src, medians of ${ROUNDS} interleaved rounds\n`);
  console.log('| Second step | App | req/s | p50 ms | p99 ms | server CPU ms/req | unexpected | load (1 min) | twofold req/s ÷ this | this CPU ÷ twofold |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const which of CASES) {
    const of = (name: PeerName) => rows.filter((row) => row.peer === name && row.case === which);
    const twofold = of('twofold');
    for (const name of PEERS) {
      const mine = of(name);
      const perSecond = median(mine.map((row) => row.perSecond));
      const cpu = median(mine.map((row) => row.cpuMs));
      const loads = mine.map((row) => row.load);
      const ratio = name === 'twofold' || twofold.length === 0 ? '' : `${fmt(median(twofold.map((row) => row.perSecond)) / perSecond, 1)}×`;
      const cpuRatio = name === 'twofold' || twofold.length === 0 ? '' : `${fmt(cpu / median(twofold.map((row) => row.cpuMs)), 1)}×`;
      console.log(
        `| ${which} code | ${all[name].label} | ${fmt(perSecond)} | ${fmt(median(mine.map((row) => row.p50)), 1)} | ${fmt(median(mine.map((row) => row.p99)), 1)} | ${fmt(cpu, 2)} | ${mine.reduce((sum, row) => sum + row.unexpected, 0)} | ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)} | ${ratio} | ${cpuRatio} |`,
      );
    }
  }
}

await main();
