/**
 * What the burst tests assert, in one place, with messages that show the
 * whole burst when they fail.
 */
import assert from 'node:assert/strict';
import type { BurstResult, RecordedFailure } from './bursts.js';

/** How many of `outcomes` are `outcome`. */
export function countOf(outcomes: readonly string[], outcome: string): number {
  return outcomes.filter((o) => o === outcome).length;
}

/** A summary like `ok×1 replayed-token×3 throttled×46`. */
export function summary(outcomes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, n]) => `${outcome}×${n}`).join(' ');
}

/** A replay burst: exactly one submission of the one valid code succeeded, and no server-side error. */
export function assertExactlyOnce(result: BurstResult, submitted: number): void {
  assert.equal(result.outcomes.length, submitted);
  assert.equal(countOf(result.outcomes, 'ok'), 1, summary(result.outcomes));
  assert.equal(result.outcomes.filter((o) => o.startsWith('error:')).length, 0, summary(result.outcomes));
}

/**
 * Slack for the gap between "the failure is written" and "its event fires"
 * in a busy process: 250 ms or a quarter of the window, whichever is more. A
 * lock that starts earlier than that before its failure is visible (the
 * failure stamped when the device was read, before a slow evaluation or a
 * long wait for the database) lets guesses through unseen.
 */
export function recordingSlackMs(backoffMs: number): number {
  return Math.max(250, backoffMs / 4);
}

/** The back-off after `failureCount` failures, as documented (factor × 2^(n−1) s). */
export function backoffMs(failureCount: number, factorSeconds: number): number {
  return factorSeconds * 1000 * 2 ** (failureCount - 1);
}

/**
 * A wrong-guess burst: every guess was refused; the recorded failures are
 * exactly the guesses that were evaluated (every other answer is
 * `throttled`); and at most one was evaluated per back-off window:
 * - each failure's lock lasts its full back-off from when the failure was
 *   recorded (visible), give or take {@link recordingSlackMs};
 * - the next failure is recorded only after that back-off has passed.
 * Returns the number of evaluated guesses.
 */
export function assertOnePerWindow(result: BurstResult, factorSeconds: number): number {
  const { outcomes } = result;
  const failures = [...result.failures].sort((a, b) => a.failureCount - b.failureCount);
  const show = `${summary(outcomes)}; failures: ${JSON.stringify(failures.map((f) => describeFailure(f, result.span.startedAt)))}`;
  assert.equal(countOf(outcomes, 'ok'), 0, show);
  assert.equal(outcomes.filter((o) => o.startsWith('error:')).length, 0, show);
  const evaluated = outcomes.filter((o) => o !== 'throttled');
  assert.equal(evaluated.length, failures.length, `every evaluated guess is a recorded failure: ${show}`);
  assert.ok(failures.length >= 1, `at least the first guess is evaluated: ${show}`);
  failures.forEach((failure, index) => {
    assert.equal(failure.failureCount, index + 1, `failures are counted one by one: ${show}`);
    const backoff = backoffMs(failure.failureCount, factorSeconds);
    const slack = recordingSlackMs(backoff);
    assert.ok(failure.lockedUntil !== null, show);
    assert.ok(
      failure.lockedUntil - failure.recordedAt >= backoff - slack,
      `failure ${failure.failureCount} locks only ${failure.lockedUntil - failure.recordedAt} ms after it is recorded, not ${backoff} ms: ${show}`,
    );
    const next = failures[index + 1];
    if (next !== undefined) {
      assert.ok(
        next.recordedAt - failure.recordedAt >= backoff - slack,
        `failure ${next.failureCount} was evaluated ${next.recordedAt - failure.recordedAt} ms after failure ${failure.failureCount}, inside its ${backoff} ms window: ${show}`,
      );
    }
  });
  return failures.length;
}

function describeFailure(failure: RecordedFailure, origin: number): string {
  return `#${failure.failureCount} at +${failure.recordedAt - origin} ms, locked to +${(failure.lockedUntil ?? Number.NaN) - origin} ms`;
}
