/**
 * The databases the security tests run against (a SQLite file in WAL mode,
 * and PostgreSQL when TWOFOLD_TEST_DATABASE_URL is set), each with a twofold
 * instance of every kind in this process, and worker processes on the same
 * database released together on a barrier.
 */
import { after, before, describe } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Twofold } from '../../../src/core/index.js';
import type { Store } from '../../../src/core/types.js';
import { openPostgresStore, openSqliteStore } from '../../../src/store/kysely/index.js';
import { postgresTestUrl } from '../../support/env.js';
import { createTestSchema, registerPostgresMissing } from '../../support/postgres.js';
import { runOnBarrier, type Span } from '../../support/barrier.js';
import { securityTwofold, type Inbox } from './kinds.js';
import type { BurstJob, BurstResult, RecordedFailure } from './bursts.js';
import type { BurstWorkerTask } from '../fixtures/burst-worker.js';

const WORKER = fileURLToPath(new URL('../fixtures/burst-worker.ts', import.meta.url));

/** A database with an instance of every kind on it. */
export interface Target {
  readonly url: string;
  readonly schema: string | null;
  readonly store: Store;
  readonly twofold: Twofold;
  readonly inbox: Inbox;
  close(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-security-'));
  const file = join(dir, 'security.sqlite');
  const { store } = await openSqliteStore({ filename: file });
  const inbox: Inbox = new Map();
  const twofold = securityTwofold(store, inbox);
  return {
    url: `sqlite:${file}`,
    schema: null,
    store,
    twofold,
    inbox,
    async close() {
      await twofold.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(url: string): Promise<Target> {
  const schema = await createTestSchema(url);
  const { store } = await openPostgresStore({ connectionString: url, schema: schema.schema, pool: { max: 10 } });
  const inbox: Inbox = new Map();
  const twofold = securityTwofold(store, inbox);
  return {
    url,
    schema: schema.schema,
    store,
    twofold,
    inbox,
    async close() {
      await twofold.close();
      await schema.drop();
    },
  };
}

/**
 * Declares `body` once per database: `describe('<name> on SQLite')` and, when
 * PostgreSQL is configured, `describe('<name> on PostgreSQL')` (skipped, or
 * failed in CI, when it is not). `open` gives the suite its target.
 */
export function onEveryDatabase(name: string, body: (open: () => Promise<Target>) => void): void {
  describe(`${name} on SQLite (WAL file)`, () => {
    body(sqliteTarget);
  });
  describe(`${name} on PostgreSQL`, () => {
    const url = postgresTestUrl();
    if (url === null) {
      registerPostgresMissing(`${name} on PostgreSQL`);
      return;
    }
    body(() => postgresTarget(url));
  });
}

/**
 * Opens the suite's target before its tests and closes it after them;
 * returns the getter the tests use.
 */
export function useTarget(open: () => Promise<Target>): () => Target {
  let target: Target | undefined;
  const hooks = { timeout: 180_000 };
  before(async () => {
    target = await open();
  }, hooks);
  after(async () => {
    await target?.close();
  }, hooks);
  return () => {
    if (target === undefined) throw new Error('the target is not open');
    return target;
  };
}

/** The merged result of one device's burst, split over several processes. */
export interface SplitBurst extends BurstResult {
  /** One span per process, to check that they overlapped. */
  readonly spans: Span[];
}

/**
 * Runs `workers` processes on `target`'s database; each fires its share of
 * every job (`split(job)` gives the shares) at once after the barrier.
 * Returns one merged result per job, in job order.
 */
export async function runSplitBursts(
  target: Target,
  jobs: readonly BurstJob[],
  options: { readonly workers?: number; readonly slow?: BurstWorkerTask['slow'] } = {},
): Promise<SplitBurst[]> {
  const workers = options.workers ?? 2;
  const share = (job: BurstJob, worker: number): BurstJob => ({ ...job, tokens: job.tokens.filter((_, index) => index % workers === worker) });
  const tasks: BurstWorkerTask[] = Array.from({ length: workers }, (_, worker) => ({
    url: target.url,
    schema: target.schema,
    jobs: jobs.map((job) => share(job, worker)),
    ...(options.slow === undefined ? {} : { slow: options.slow }),
  }));
  const reports = await runOnBarrier<BurstResult[]>(WORKER, tasks, process.env, options.slow === undefined ? 1 : 2);
  return jobs.map((_, index) => {
    const parts = reports.map((report) => report[index]).filter((part): part is BurstResult => part !== undefined);
    const failures: RecordedFailure[] = parts.flatMap((part) => part.failures);
    const spans = parts.map((part) => part.span);
    return {
      outcomes: parts.flatMap((part) => part.outcomes),
      failures,
      spans,
      span: { startedAt: Math.min(...spans.map((s) => s.startedAt)), finishedAt: Math.max(...spans.map((s) => s.finishedAt)) },
    };
  });
}
