/**
 * `verifyToken` round trips through real stores: what one sign-in's second
 * factor costs end to end (one read, one conditional write), on the in-memory
 * store, on SQLite (a WAL file on disk) and on PostgreSQL over loopback.
 *
 * PostgreSQL runs when TWOFOLD_BENCH_DATABASE_URL or TWOFOLD_TEST_DATABASE_URL
 * is set (`eval "$(bash scripts/ci-postgres.sh)"` starts a local server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createTwofold, manualClock, type Store } from '../src/index.js';
import { totp } from '../src/devices/totp/index.js';
import { createMemoryStore } from '../src/store/memory/index.js';
import { openPostgresStore, openSqliteStore } from '../src/store/kysely/index.js';
import { generateTOTP } from '../src/oath/index.js';
import type { BenchmarkCase, BenchmarkGroup } from './main.js';

const SECRET = 'benchmark-secret-benchmark-secret-benchmark';

/** Benchmark groups plus the function that releases their databases. */
export interface VerifyBenchmarks {
  readonly groups: BenchmarkGroup[];
  readonly notes: string[];
  close(): Promise<void>;
}

async function casesFor(label: string, store: Store): Promise<{ success: BenchmarkCase; failure: BenchmarkCase }> {
  // Successes: each verification moves the clock one step on, so the next code is fresh.
  const clock = manualClock(Date.UTC(2026, 0, 1));
  const twofold = createTwofold({ store, kinds: [totp()], secrets: [SECRET], clock: clock.now, logger: { warn() {}, error: console.error } });
  const key = randomBytes(20);
  const device = await twofold.createDevice({ userId: `bench-${label}`, kind: 'totp', options: { key } });
  // Failures: throttling off, so every attempt is evaluated and written.
  const open = createTwofold({
    store,
    kinds: [totp({ throttleFactor: 0 })],
    secrets: [SECRET],
    logger: { warn() {}, error: console.error },
  });
  const victim = await open.createDevice({ userId: `bench-${label}-wrong`, kind: 'totp' });
  return {
    success: {
      library: `twofold, ${label}`,
      run: async () => {
        clock.advance(30);
        const result = await twofold.verifyToken(device.userId, device.persistentId, generateTOTP(key, { time: clock.now() / 1000 }));
        if (!result.ok) throw new Error(`verification failed: ${result.reason}`);
      },
    },
    failure: {
      library: `twofold, ${label}`,
      run: async () => {
        const result = await open.verifyToken(victim.userId, victim.persistentId, '000000');
        if (result.ok) throw new Error('a wrong token was accepted');
      },
    },
  };
}

/** Builds the verifyToken groups on every store available here. */
export async function verifyBenchmarks(): Promise<VerifyBenchmarks> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-bench-'));
  const closers: (() => Promise<void>)[] = [
    () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  ];
  const notes: string[] = [];
  const stores: [string, Store][] = [['memory', createMemoryStore()]];

  const sqlite = await openSqliteStore({ filename: join(dir, 'bench.sqlite') });
  stores.push(['SQLite (WAL file)', sqlite.store]);
  closers.unshift(() => sqlite.store.close());

  const url = process.env.TWOFOLD_BENCH_DATABASE_URL ?? process.env.TWOFOLD_TEST_DATABASE_URL;
  if (url !== undefined && url !== '') {
    const schema = `twofold_bench_${randomBytes(4).toString('hex')}`;
    const postgres = await openPostgresStore({ connectionString: url, schema });
    stores.push(['PostgreSQL (loopback)', postgres.store]);
    closers.unshift(async () => {
      await postgres.store.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    });
  } else {
    notes.push('PostgreSQL skipped: set TWOFOLD_BENCH_DATABASE_URL (or run `eval "$(bash scripts/ci-postgres.sh)"`).');
  }

  const success: BenchmarkCase[] = [];
  const failure: BenchmarkCase[] = [];
  for (const [label, store] of stores) {
    const cases = await casesFor(label, store);
    success.push(cases.success);
    failure.push(cases.failure);
  }
  return {
    groups: [
      { name: 'verifyToken, valid TOTP (1 read + 1 conditional write)', batch: 1, cases: success },
      { name: 'verifyToken, wrong TOTP, throttling off (1 read + 1 write)', batch: 1, cases: failure },
    ],
    notes,
    async close() {
      for (const close of closers) await close();
    },
  };
}
