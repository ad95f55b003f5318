/**
 * Runs test/core/fixtures/burst-worker.ts as real OS processes released on a
 * barrier (each prints `ready`; the parent answers `go` to all at once), and
 * opens the shared databases the bursts run on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore, openSqliteStore } from '../../src/store/kysely/index.js';
import type { Store } from '../../src/core/types.js';
import { postgresTestUrl } from '../support/env.js';
import { createTestSchema } from '../support/postgres.js';
import { runOnBarrier } from '../support/barrier.js';

const WORKER = join(import.meta.dirname, 'fixtures', 'burst-worker.ts');

/** What one worker reports. */
export interface BurstReport {
  readonly outcomes: string[];
  readonly evaluations: number;
}

/** A database the parent and its workers share. */
export interface SharedTarget {
  readonly name: string;
  readonly url: string;
  readonly schema?: string;
  readonly store: Store;
  close(): Promise<void>;
}

/** A fresh SQLite file (WAL) in a temporary directory. */
export async function sqliteTarget(): Promise<SharedTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-burst-'));
  const file = join(dir, 'burst.sqlite');
  const { store } = await openSqliteStore({ filename: file });
  return {
    name: 'SQLite',
    url: `sqlite:${file}`,
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh PostgreSQL schema, or null when no server is configured. */
export async function postgresTarget(): Promise<SharedTarget | null> {
  const url = postgresTestUrl();
  if (url === null) return null;
  const schema = await createTestSchema(url);
  const { store } = await openPostgresStore({ connectionString: url, schema: schema.schema });
  return {
    name: 'PostgreSQL',
    url,
    schema: schema.schema,
    store,
    async close() {
      await store.close();
      await schema.drop();
    },
  };
}

/** Starts one worker per task, releases them together once all are ready (test/support/barrier.ts), and returns their reports. */
export async function burst(target: SharedTarget, tasks: readonly Record<string, unknown>[]): Promise<BurstReport[]> {
  const database = { url: target.url, ...(target.schema === undefined ? {} : { schema: target.schema }) };
  return runOnBarrier<BurstReport>(WORKER, tasks.map((task) => ({ ...database, ...task })));
}

/** How many of `outcomes` are `outcome`. */
export function count(outcomes: readonly string[], outcome: string): number {
  return outcomes.filter((o) => o === outcome).length;
}
