/**
 * The guarantees that matter most, on real databases and across OS processes:
 * a valid token raced by 50 verifications is accepted exactly once, and 50
 * parallel wrong guesses evaluate one guess per back-off window. Each race
 * runs in this process (one pool) and split over two child processes sharing
 * the database, released together on a barrier and checked to overlap.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwofold, type Twofold } from '../../src/core/twofold.js';
import { totp } from '../../src/devices/totp/index.js';
import { openPostgresStore, openSqliteStore } from '../../src/store/kysely/index.js';
import { generateTOTP } from '../../src/oath/index.js';
import type { Store } from '../../src/core/types.js';
import { postgresTestUrl } from '../support/env.js';
import { createTestSchema, registerPostgresMissing, type PostgresTestSchema } from '../support/postgres.js';
import { SECRET_A } from './fixtures.js';
import { runOnBarrier, untilOverlapped, type Span } from '../support/barrier.js';
import type { RaceTask } from './fixtures/race-worker.js';

const NOW = Math.floor(Date.UTC(2026, 10, 23, 12, 0, 0) / 30_000) * 30_000 + 10_000;
const WORKER = join(import.meta.dirname, 'fixtures', 'race-worker.ts');

interface Target {
  readonly url: string;
  readonly schema: string | null;
  readonly store: Store;
}

function instance(store: Store): Twofold {
  return createTwofold({ store, kinds: [totp()], secrets: [SECRET_A], clock: () => NOW });
}

interface WorkerReport {
  readonly outcomes: string[];
  readonly span: Span;
}

/** Two worker processes released together on a barrier, each verifying its tokens at once. */
async function raceTwoProcesses(target: Target, userId: string, persistentId: string, tokens: [readonly string[], readonly string[]]) {
  const tasks: RaceTask[] = tokens.map((list) => ({ url: target.url, schema: target.schema, userId, persistentId, clockMs: NOW, tokens: list }));
  const reports = await runOnBarrier<WorkerReport>(WORKER, tasks, { ...process.env, TWOFOLD_TEST_SECRET: SECRET_A });
  return { outcomes: reports.flatMap((r) => r.outcomes), spans: reports.map((r) => r.span) };
}

function count(outcomes: readonly string[], outcome: string): number {
  return outcomes.filter((o) => o === outcome).length;
}

function raceSuite(open: () => Promise<Target>, close: () => Promise<void>): void {
  let target: Target;
  let twofold: Twofold;

  before(async () => {
    target = await open();
    twofold = instance(target.store);
  });
  after(close);

  it('accepts a valid token exactly once when 50 verifications race in one process', async () => {
    const key = randomBytes(20);
    const device = await twofold.createDevice({ userId: 'alice', kind: 'totp', options: { key } });
    const code = generateTOTP(key, { time: NOW / 1000 });
    const results = await Promise.all(Array.from({ length: 50 }, () => twofold.verifyToken('alice', device.persistentId, code)));
    const outcomes = results.map((r) => (r.ok ? 'ok' : r.reason));
    assert.equal(count(outcomes, 'ok'), 1, outcomes.join(','));
  });

  it('evaluates one of 50 parallel wrong guesses in one process', async () => {
    const device = await twofold.createDevice({ userId: 'bob', kind: 'totp' });
    const guesses = Array.from({ length: 50 }, (_, i) => String(100000 + i));
    const results = await Promise.all(guesses.map((g) => twofold.verifyToken('bob', device.persistentId, g)));
    const outcomes = results.map((r) => (r.ok ? 'ok' : r.reason));
    assert.equal(count(outcomes, 'throttled'), 49, outcomes.join(','));
    assert.equal((await twofold.getDevice('bob', device.persistentId))?.failureCount, 1);
  });

  it('accepts a valid token exactly once when two OS processes race 25 verifications each', async () => {
    // Each run gets a fresh device; runs repeat until the two processes overlapped once.
    await untilOverlapped(async () => {
      const key = randomBytes(20);
      const device = await twofold.createDevice({ userId: 'carol', kind: 'totp', options: { key } });
      const code = generateTOTP(key, { time: NOW / 1000 });
      const tokens = Array.from({ length: 25 }, () => code);
      const run = await raceTwoProcesses(target, 'carol', device.persistentId, [tokens, tokens]);
      assert.equal(run.outcomes.length, 50);
      assert.equal(count(run.outcomes, 'ok'), 1, run.outcomes.join(','));
      const after = await twofold.getDevice('carol', device.persistentId);
      assert.ok(after !== null && after.failureCount <= 1, 'at most the one replay after the success is counted');
      return run;
    });
  });

  it('evaluates at most one wrong guess per back-off window across two OS processes', async () => {
    await untilOverlapped(async () => {
      const device = await twofold.createDevice({ userId: 'dave', kind: 'totp' });
      const guesses = (offset: number) => Array.from({ length: 25 }, (_, i) => String(200000 + offset + i));
      const run = await raceTwoProcesses(target, 'dave', device.persistentId, [guesses(0), guesses(25)]);
      assert.equal(count(run.outcomes, 'invalid-token'), 1, run.outcomes.join(','));
      assert.equal(count(run.outcomes, 'throttled'), 49);
      assert.equal((await twofold.getDevice('dave', device.persistentId))?.failureCount, 1);
      return run;
    });
  });
}

describe('races on SQLite (WAL, shared file)', () => {
  let dir: string;
  let store: Store | undefined;
  raceSuite(
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'twofold-race-'));
      const file = join(dir, 'race.sqlite');
      ({ store } = await openSqliteStore({ filename: file }));
      return { url: `sqlite:${file}`, schema: null, store };
    },
    async () => {
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  );
});

describe('races on PostgreSQL', () => {
  const url = postgresTestUrl();
  if (url === null) {
    registerPostgresMissing('PostgreSQL races');
    return;
  }
  let schema: PostgresTestSchema | undefined;
  let store: Store | undefined;
  raceSuite(
    async () => {
      schema = await createTestSchema(url);
      ({ store } = await openPostgresStore({ connectionString: url, schema: schema.schema, pool: { max: 10 } }));
      return { url, schema: schema.schema, store };
    },
    async () => {
      await store?.close();
      await schema?.drop();
    },
  );
});
