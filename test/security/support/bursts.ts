/**
 * One burst: many verifications of one device fired at once, with what a
 * black-box observer needs to judge it: every outcome, every recorded
 * failure (with when it was recorded and the lock it announced), and the
 * span of the burst. Used in the test process and in worker processes, so it
 * imports nothing of node:test.
 */
import type { ManualClock, Twofold } from '../../../src/core/index.js';
import { until, type Gate } from './gate.js';
import type { Span } from '../../support/barrier.js';

/** A failure the instance recorded (its `failed` event). */
export interface RecordedFailure {
  readonly persistentId: string;
  readonly failureCount: number;
  /** When the failure became visible: Date.now() when the event fired, right after the write. */
  readonly recordedAt: number;
  /** The end of the back-off it announced (ms), or null. */
  readonly lockedUntil: number | null;
}

/** What one burst produced. */
export interface BurstResult {
  /** 'ok' or the failure reason, one per token, in order. */
  readonly outcomes: string[];
  readonly failures: RecordedFailure[];
  readonly span: Span;
}

/** What a burst job names: whose device, and the tokens to fire. */
export interface BurstJob {
  readonly userId: string;
  readonly persistentId: string;
  readonly tokens: readonly string[];
}

/** Starts recording the failures of `twofold`; call the result to stop. */
export function recordFailures(twofold: Twofold, into: RecordedFailure[]): () => void {
  return twofold.on('failed', (event) => {
    into.push({
      persistentId: event.device.persistentId,
      failureCount: event.failureCount,
      recordedAt: Date.now(),
      lockedUntil: event.lockedUntil?.getTime() ?? null,
    });
  });
}

/** Fires every token of `job` at once; `failures` are all failures recorded meanwhile (filtered to the job's device). */
export async function burst(twofold: Twofold, job: BurstJob, failures: readonly RecordedFailure[], onAnswer: () => void = () => undefined): Promise<BurstResult> {
  const startedAt = Date.now();
  const results = await Promise.all(
    job.tokens.map(async (token) => {
      try {
        const result = await twofold.verifyToken(job.userId, job.persistentId, token);
        return result.ok ? 'ok' : result.reason;
      } catch (error) {
        // CONTENTION and the like: an answer the client sees, counted as such.
        return `error:${(error as { code?: string }).code ?? String(error)}`;
      } finally {
        onAnswer();
      }
    }),
  );
  const finishedAt = Date.now();
  return { outcomes: results, failures: failures.filter((f) => f.persistentId === job.persistentId), span: { startedAt, finishedAt } };
}

/** How a gated burst simulates a slow evaluation. */
export interface SlowEvaluation {
  readonly gate: Gate;
  readonly clock: ManualClock;
  /** How far the clock moves while the evaluations wait. */
  readonly advanceMs: number;
  /** Called once every request is answered or waiting in the gate (a worker meets the others there). */
  readonly whenAllWaiting?: () => Promise<void>;
}

/**
 * Fires every job at once with the gate closed; once each request is either
 * answered or being evaluated, moves the clock on by `advanceMs` (the
 * evaluations "took" that long) and opens the gate. The clock does not move
 * again, so everything recorded after that falls into one back-off window.
 */
export async function slowBursts(twofold: Twofold, jobs: readonly BurstJob[], slow: SlowEvaluation, failures: readonly RecordedFailure[]): Promise<BurstResult[]> {
  const total = jobs.reduce((sum, job) => sum + job.tokens.length, 0);
  let answered = 0;
  slow.gate.close();
  const running = jobs.map((job) => burst(twofold, job, failures, () => answered++));
  await until(() => answered + slow.gate.waiting >= total, 'every request is answered or being evaluated');
  await slow.whenAllWaiting?.();
  slow.clock.advance(slow.advanceMs / 1000);
  slow.gate.open();
  const results = await Promise.all(running);
  return results.map((result, index) => ({ ...result, failures: failures.filter((f) => f.persistentId === jobs[index]?.persistentId) }));
}
