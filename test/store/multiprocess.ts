/**
 * Runs the cross-process fixture (test/store/fixtures/cas-hammer.ts) as real
 * OS processes released together on a barrier (test/support/barrier.ts),
 * and collects their reports.
 */
import { fileURLToPath } from 'node:url';
import { runOnBarrier } from '../support/barrier.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/cas-hammer.ts', import.meta.url));

/** Where the processes meet. */
export interface SharedDatabase {
  readonly url: string;
  readonly schema?: string;
  readonly tablePrefix?: string;
}

export function runTogether(tasks: readonly Record<string, unknown>[], fixture: string = FIXTURE): Promise<unknown[]> {
  return runOnBarrier<unknown>(fixture, [...tasks]);
}

/** What one hammering process reports. */
export interface HammerReport {
  readonly successes: number;
  readonly conflicts: number;
}

/**
 * Has `processes` OS processes, each with `loops` concurrent loops, increment
 * the failure count of one device with read + compare-and-swap for
 * `durationMs`, all released at the same moment.
 */
export async function hammerDevice(
  database: SharedDatabase,
  deviceId: string,
  options: { processes: number; loops: number; durationMs: number },
): Promise<HammerReport[]> {
  const task = { mode: 'cas', ...database, deviceId, loops: options.loops, durationMs: options.durationMs };
  const reports = await runTogether(Array.from({ length: options.processes }, () => task));
  return reports as HammerReport[];
}

/** Has `processes` OS processes call migrateToLatest at the same moment; returns what each applied. */
export async function migrateConcurrently(database: SharedDatabase, processes: number): Promise<string[][]> {
  const reports = await runTogether(Array.from({ length: processes }, () => ({ mode: 'migrate', ...database })));
  return reports.map((report) => (report as { applied: string[] }).applied);
}
