/**
 * Black-box check (issue 9): 200 concurrent wrong codes on one device are
 * evaluated at most one per back-off window, for every kind, in one process
 * and split over two OS processes on one database (SQLite file,
 * PostgreSQL).
 *
 * The evaluations are made slow on purpose, not by the machine's load: each
 * kind's verify waits behind a gate while the clock moves on by 1.5 times
 * the first back-off window (as a slow scrypt evaluation of backup codes or
 * a saturated machine would), then the gate opens and the clock stands
 * still. Every answer then falls into the first failure's window, so
 * exactly one guess may be evaluated. A failure stamped with the time its
 * device was read (before the evaluation) has a window that is over before
 * it is written, and lets a second guess through.
 */
import { it } from 'node:test';
import { manualClock } from '../../src/core/index.js';
import { KIND_NAMES, prepareDevice, securityTwofold, wrongCodes, type KindName } from './support/kinds.js';
import { recordFailures, slowBursts, type RecordedFailure } from './support/bursts.js';
import { createGate } from './support/gate.js';
import { assertOneEvaluated } from './support/judge.js';
import { onEveryDatabase, runSplitBursts, useTarget, type SplitBurst, type Target } from './support/targets.js';
import { untilOverlapped } from '../support/barrier.js';
import { seeded, seededRandom } from '../support/random.js';

const GUESSES = 200;
const TIMEOUT = { timeout: 180_000 };

/** How long the evaluations "take": past the first back-off window of the kind. */
function slowerThanTheFirstWindow(target: Target, kind: KindName): number {
  const factor = target.twofold.kind(kind)?.throttleFactor;
  if (factor === undefined || !(factor > 0)) throw new Error(`${kind} has no throttling to test`);
  return factor * 1000 * 1.5;
}

onEveryDatabase('wrong-guess bursts', (open) => {
  const ready = useTarget(open);

  for (const kind of KIND_NAMES) {
    it(`${kind}: ${GUESSES} concurrent wrong codes, slow evaluations, one process → 1 evaluated in the window`, TIMEOUT, seeded(async (random, t) => {
      const current = ready();
      // One code on a backup-codes device: each guess costs one scrypt evaluation, and the burst stays short.
      const device = await prepareDevice(current.twofold, current.inbox, kind, `guess-one-${kind}`, random, { backupCodes: 1 });
      const clock = manualClock(current.twofold.clock());
      const gate = createGate();
      // A second instance on the same store, with the gate in front of its kinds and a clock of its own.
      const gated = securityTwofold(current.store, new Map(), clock.now, (kinds) => gate.wrap(kinds));
      const failures: RecordedFailure[] = [];
      recordFailures(gated, failures);
      const [result] = await slowBursts(
        gated,
        [{ ...device, tokens: wrongCodes(device, GUESSES, random) }],
        { gate, clock, advanceMs: slowerThanTheFirstWindow(current, kind) },
        failures,
      );
      if (result === undefined) throw new Error('no result');
      t.diagnostic(`${assertOneEvaluated(result)}; ${gate.evaluations} calls of verify`);
    }));
  }

  let split: Promise<Map<KindName, SplitBurst>> | undefined;
  const twoProcesses = (): Promise<Map<KindName, SplitBurst>> =>
    (split ??= (async () => {
      const current = ready();
      const random = seededRandom('wrong-guess bursts, two processes');
      const run = await untilOverlapped(async () => {
        const jobs = [];
        for (const kind of KIND_NAMES) {
          const device = await prepareDevice(current.twofold, current.inbox, kind, `guess-two-${kind}`, random, { backupCodes: 1 });
          jobs.push({ ...device, tokens: wrongCodes(device, GUESSES, random) });
        }
        // Every kind has the default factor of 1 s; the check below says so if one ever differs.
        const advanceMs = Math.max(...KIND_NAMES.map((kind) => slowerThanTheFirstWindow(current, kind)));
        const results = await runSplitBursts(current, jobs, { slow: { clockMs: current.twofold.clock(), advanceMs } });
        return { results, spans: results.flatMap((result) => result.spans) };
      });
      return new Map(KIND_NAMES.map((kind, index) => [kind, run.results[index] as SplitBurst]));
    })());

  for (const kind of KIND_NAMES) {
    it(`${kind}: ${GUESSES} concurrent wrong codes, slow evaluations, two OS processes → 1 evaluated in the window`, TIMEOUT, async (t) => {
      const result = (await twoProcesses()).get(kind);
      if (result === undefined) throw new Error(`no result for ${kind}`);
      t.diagnostic(assertOneEvaluated(result));
    });
  }
});
