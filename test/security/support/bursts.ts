/**
 * One burst: many verifications of one device fired at once, with what a
 * black-box observer needs to judge it: every outcome, every recorded
 * failure (with when it was recorded and the lock it announced), and the
 * span of the burst. Used in the test process and in worker processes, so it
 * imports nothing of node:test.
 */
import type { Twofold } from '../../../src/core/index.js';
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
export async function burst(twofold: Twofold, job: BurstJob, failures: readonly RecordedFailure[]): Promise<BurstResult> {
  const startedAt = Date.now();
  const results = await Promise.all(
    job.tokens.map(async (token) => {
      try {
        const result = await twofold.verifyToken(job.userId, job.persistentId, token);
        return result.ok ? 'ok' : result.reason;
      } catch (error) {
        // CONTENTION and the like: an answer the client sees, counted as such.
        return `error:${(error as { code?: string }).code ?? String(error)}`;
      }
    }),
  );
  const finishedAt = Date.now();
  return { outcomes: results, failures: failures.filter((f) => f.persistentId === job.persistentId), span: { startedAt, finishedAt } };
}
