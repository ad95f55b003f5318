/**
 * `npm run bench:http`: the HTTP second step of a sign-in, end to end.
 *
 * App processes (bench/http/server.ts: Express, express-session, twofold's
 * JSON sign-in API) share one database. For every run, each user gets a
 * pending sign-in first (GET /account/api/session, POST /account/api/login);
 * then bench/load.ts posts one code per pending sign-in to
 * /account/api/login/verify, a valid one (which ends signed in) or a wrong
 * one. The floor is a plain Express route of the same shape without
 * twofold. Reported per run: requests per second, p50 and p99 latency, the
 * app processes' CPU per request and twofold's store calls per request.
 *
 * Options: --quick (300 sign-ins per process and run), --processes 1,2, --users N (sign-ins per
 * app process and run, default 20,000: runs of about 10 s, like the issue's 15-second wrk runs), --connections N, --cases valid,wrong,floor, --rounds N (the cases
 * interleaved N times; the table shows every round), --cpu-prof DIR (V8 CPU profiles of the
 * app processes), --warmup N (sign-ins per app process posted first and not counted, so that CPU per request
 * is measured on a warm process: default a third of --users, at most 1000), --databases sqlite,postgres, --devices N (devices in the store: the users' own, padded with generated ones;
 * the query plans of the sign-in's statements are printed), --trees DIR,DIR (checkouts of twofold whose
 * src the twofold cases run, interleaved in each round: before/after comparisons in one run). PostgreSQL runs too when
 * TWOFOLD_BENCH_DATABASE_URL or TWOFOLD_TEST_DATABASE_URL is set. The apps run twofold compiled to JavaScript
 * with esbuild (as it ships); --tsx runs its sources through tsx instead.
 * Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/kysely/index.js';
import { userKey } from './shared.js';
import { compiledTree } from './build.js';
import { codeOf, pendingSignIn, seed, type Pending } from './client.js';
import { devicePlans, growDevices } from './growth.js';
import { runLoad, type LoadResult } from '../load.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1]! : fallback;
};
const quick = args.includes('--quick');
const PROCESSES = option('processes', '1,2').split(',').map(Number);
// The default run lasts about as long as the issue's wrk runs (-d15s) at ~2,000 sign-ins/s: a short run
// charges every request a larger share of the process's fixed costs (measured: 3,000 sign-ins
// 0.55-0.61 CPU ms each, 15,000-30,000 sign-ins 0.43-0.48 on the same build).
const USERS = Number(option('users', quick ? '300' : '20000'));
const CONNECTIONS = Number(option('connections', '16'));
// Each run starts fresh app processes; their first requests pay V8's compilation (JIT), which at
// a few thousand requests per run is a large and variable share of the CPU. These sign-ins (of the
// same case) are posted first, uncounted, before the measured ones.
const WARMUP = Number(option('warmup', String(Math.min(1000, Math.round(USERS / 3)))));
const ALL_CASES = ['valid', 'wrong', 'floor'] as const;
type Case = (typeof ALL_CASES)[number];
const CASES = option('cases', ALL_CASES.join(',')).split(',') as Case[];
const ROUNDS = Number(option('rounds', '1'));
// Devices in the store (growth): the benchmark's users' devices, padded with generated ones.
const DEVICES = Number(option('devices', '0'));
const DATABASES = option('databases', 'sqlite,postgres').split(',');
// Checkouts whose src the twofold cases run (default: this one); the floor runs from this one.
const TREES = option('trees', join(import.meta.dirname, '..', '..')).split(',');
// The app processes run twofold compiled to JavaScript (esbuild, as tsc would emit it), as it ships; with --tsx,
// its TypeScript sources through tsx (whose keepNames wraps every closure in a naming call, a cost the package
// does not have).
const TSX = args.includes('--tsx');
let buildDir = '';

// A directory for V8 CPU profiles of the app processes over the measured requests (warm-up left out), one file per process and run.
const CPU_PROFILE_DIR = option('cpu-prof', '');

interface App {
  readonly port: number;
  readonly child: ChildProcess;
}

function startApp(mode: 'twofold' | 'floor', url: string, schema: string, tree: string): Promise<App> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'server.ts'), mode, url, schema], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', TWOFOLD_BENCH_BUILD: TSX ? join(tree, 'src') : compiledTree(tree, buildDir), ...(CPU_PROFILE_DIR === '' ? {} : { TWOFOLD_BENCH_PROFILE_DIR: CPU_PROFILE_DIR }) },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\d+)/.exec(out);
      if (ready !== null) resolve({ port: Number(ready[1]), child });
    });
    child.on('exit', (code) => reject(new Error(`app exited with ${code}`)));
  });
}

async function stopApps(apps: readonly App[]): Promise<void> {
  await Promise.all(apps.map((app) => new Promise<void>((resolve) => {
    app.child.once('exit', () => resolve());
    app.child.kill('SIGTERM');
  })));
}

interface Stats {
  readonly cpuMicros: number;
  readonly statements: number;
}

async function stats(app: App): Promise<Stats> {
  return (await (await fetch(`http://127.0.0.1:${app.port}/bench/stats`)).json()) as Stats;
}

/** One measured run: the result line of the table. */
interface Row {
  readonly database: string;
  readonly processes: number;
  readonly case: Case;
  readonly tree: string;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuMs: number;
  readonly statements: number;
  readonly unexpected: number;
  readonly load: string;
}

let nextUser = 0;

async function measure(database: string, url: string, schema: string, processes: number, which: Case, tree: string): Promise<Row> {
  const floor = which === 'floor';
  const apps = await Promise.all(Array.from({ length: processes }, () => startApp(floor ? 'floor' : 'twofold', url, schema, tree)));
  try {
    // The pending sign-ins are made by 8 clients per app at once (setup only: a long run has tens of thousands).
    const pendings = await Promise.all(
      apps.map(async (app) => {
        const users = Array.from({ length: USERS + WARMUP }, () => nextUser++);
        const list = new Array<Pending>(users.length);
        let next = 0;
        const client = async (): Promise<void> => {
          while (next < users.length) {
            const index = next++;
            list[index] = await pendingSignIn(app.port, users[index]!, floor);
          }
        };
        await Promise.all(Array.from({ length: 8 }, client));
        return list;
      }),
    );
    const post = (queues: readonly (readonly Pending[])[]): Promise<LoadResult[]> => Promise.all(
      apps.map((app, index) => {
        const queue = queues[index]!;
        let next = 0;
        return runLoad(app.port, Math.max(1, Math.round(CONNECTIONS / processes)), () => {
          const pending = queue[next++];
          if (pending === undefined) return null;
          return {
            method: 'POST',
            path: floor ? '/floor/verify' : '/account/api/login/verify',
            headers: { 'content-type': 'application/json', 'x-csrf-token': pending.csrf, cookie: pending.cookie },
            body: JSON.stringify({ code: codeOf(userKey(pending.user), which !== 'wrong') }),
          };
        });
      }),
    );
    const expected = which === 'wrong' ? 401 : 200;
    if (WARMUP > 0) {
      const warm = await post(pendings.map((list) => list.slice(0, WARMUP)));
      const failed = warm.reduce((sum, result) => sum + result.requests - (result.statuses.get(expected) ?? 0) + result.errors, 0);
      if (failed > 0) throw new Error(`${which}: ${failed} unexpected answers during the warm-up`);
    }
    await Promise.all(apps.map(stats));
    const load = loadavg()[0]!.toFixed(1);
    const results = await post(pendings.map((list) => list.slice(WARMUP)));
    const seconds = Math.max(...results.map((result) => result.seconds));
    const after = await Promise.all(apps.map(stats));
    const requests = results.reduce((sum, result) => sum + result.requests, 0);
    return {
      database,
      processes,
      case: which,
      tree,
      requests,
      perSecond: requests / seconds,
      p50: Math.max(...results.map((result) => result.p50)),
      p99: Math.max(...results.map((result) => result.p99)),
      cpuMs: after.reduce((sum, s) => sum + s.cpuMicros, 0) / 1000 / requests,
      statements: floor ? 2 : after.reduce((sum, s) => sum + s.statements, 0) / requests,
      unexpected: results.reduce((sum, result) => sum + result.requests - (result.statuses.get(expected) ?? 0) + result.errors, 0),
      load,
    };
  } finally {
    await stopApps(apps);
  }
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-bench-http-'));
  buildDir = dir;
  const databases: { name: string; url: string; schema: string; drop?: () => Promise<void> }[] = [];
  if (DATABASES.includes('sqlite')) databases.push({ name: 'SQLite (WAL, FULL)', url: `sqlite:${join(dir, 'bench.sqlite')}`, schema: '' });
  const pgUrl = process.env.TWOFOLD_BENCH_DATABASE_URL ?? process.env.TWOFOLD_TEST_DATABASE_URL;
  if (pgUrl !== undefined && pgUrl !== '' && DATABASES.includes('postgres')) {
    const schema = `twofold_bench_${randomBytes(4).toString('hex')}`;
    databases.push({
      name: 'PostgreSQL (loopback)',
      url: pgUrl,
      schema,
      drop: async () => {
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      },
    });
  }
  const perDatabase = (USERS + WARMUP) * PROCESSES.reduce((a, b) => a + b, 0) * CASES.length * TREES.length * ROUNDS;
  const rows: Row[] = [];
  try {
    for (const database of databases) {
      const { store } = await openStore(database.url, database.schema === '' ? {} : { schema: database.schema });
      await seed(store, perDatabase, userKey);
      await store.close();
      if (DEVICES > 0) {
        const dialect = database.url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
        const grown = await openStore(database.url, { migrate: false, ...(database.schema === '' ? {} : { schema: database.schema }) });
        const started = performance.now();
        const added = await growDevices(grown.db, dialect, DEVICES);
        console.error(`${database.name}: ${added} devices added in ${((performance.now() - started) / 1000).toFixed(1)} s (${DEVICES} in all)`);
        for (const line of await devicePlans(grown.db, dialect)) console.error(`${database.name} plan, ${line}`);
        await grown.store.close();
      }
      nextUser = 0;
      for (const processes of PROCESSES) {
        for (let round = 0; round < ROUNDS; round++) {
          // The trees take turns, in reverse order every other round.
          const trees = round % 2 === 0 ? TREES : [...TREES].reverse();
          const turns: { which: Case; tree: string }[] = [];
          for (const which of CASES) for (const tree of which === 'floor' ? [TREES[0]!] : trees) turns.push({ which, tree });
          for (const { which, tree } of turns) {
            const row = await measure(database.name, database.url, database.schema, processes, which, tree);
            rows.push(row);
            console.error(`${row.database}, ${processes} process(es), ${which}${TREES.length > 1 ? ` (${tree})` : ''}: ${fmt(row.perSecond)} req/s, p99 ${row.p99} ms, ${fmt(row.cpuMs, 2)} CPU ms/req (load ${row.load})`);
          }
        }
      }
    }
  } finally {
    for (const database of databases) await database.drop?.();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${new Date().toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${CONNECTIONS} connections, ${USERS} sign-ins per app process and run after ${WARMUP} uncounted${DEVICES > 0 ? `, ${DEVICES} devices in the store` : ''}\n`);
  console.log('| Database | App processes | Second step | req/s | p50 ms | p99 ms | CPU ms/req | store calls/req | unexpected | load (1 min) | floor / this |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const floor = rows.find((other) => other.database === row.database && other.processes === row.processes && other.case === 'floor');
    const ratio = floor === undefined || row.case === 'floor' ? '' : `${fmt(floor.perSecond / row.perSecond, 2)}×`;
    const label = (row.case === 'floor' ? 'floor (plain Express route)' : `${row.case} code`) + (TREES.length > 1 && row.case !== 'floor' ? ` (${row.tree})` : '');
    console.log(`| ${row.database} | ${row.processes} | ${label} | ${fmt(row.perSecond)} | ${row.p50} | ${row.p99} | ${fmt(row.cpuMs, 2)} | ${fmt(row.statements, 2)} | ${row.unexpected} | ${row.load} | ${ratio} |`);
  }
}

await main();
