/**
 * What the burst tests assert, in one place, with messages that show the
 * whole burst when they fail.
 */
import assert from 'node:assert/strict';
import type { BurstResult } from './bursts.js';

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
 * A wrong-guess burst whose evaluations were slow and during which the
 * clock then stood still (see slowBursts): every guess was refused, and
 * exactly one was evaluated, since all answers fall into the back-off
 * window of the first recorded failure. "Evaluated" is a recorded failure
 * (the instance's `failed` event), and every other answer must be
 * `throttled`. Returns a summary for the test's diagnostics.
 */
export function assertOneEvaluated(result: BurstResult): string {
  const { outcomes, failures } = result;
  const show = `${summary(outcomes)}; failures recorded: ${failures.map((f) => `#${f.failureCount}`).join(' ')}`;
  assert.equal(countOf(outcomes, 'ok'), 0, show);
  assert.equal(outcomes.filter((o) => o.startsWith('error:')).length, 0, show);
  assert.equal(outcomes.filter((o) => o !== 'throttled').length, failures.length, `every evaluated guess is a recorded failure: ${show}`);
  assert.equal(failures.length, 1, `one guess evaluated in one back-off window: ${show}`);
  return show;
}
