/**
 * Black-box check (issue 9): 200 concurrent wrong codes on one device are
 * evaluated at most one per back-off window, for every kind, in one process
 * and split over two OS processes on one database (SQLite file,
 * PostgreSQL). The real clock runs: a slow evaluation (scrypt for backup
 * codes) must not let a short window pass unseen. Evaluations are counted
 * from the failures the instance records (its `failed` events), which must
 * equal the answers that were not `throttled`.
 */
import { after, before, it } from 'node:test';
import { KIND_NAMES, prepareDevice, wrongCodes, type KindName } from './support/kinds.js';
import { burst, recordFailures, type RecordedFailure } from './support/bursts.js';
import { assertOnePerWindow } from './support/judge.js';
import { onEveryDatabase, runSplitBursts, type SplitBurst, type Target } from './support/targets.js';
import { untilOverlapped } from '../support/barrier.js';
import { seeded, seededRandom } from '../support/random.js';

const GUESSES = 200;
const TIMEOUT = { timeout: 180_000 };

function factorOf(target: Target, kind: KindName): number {
  const factor = target.twofold.kind(kind)?.throttleFactor;
  if (factor === undefined || !(factor > 0)) throw new Error(`${kind} has no throttling to test`);
  return factor;
}

onEveryDatabase('wrong-guess bursts', (open) => {
  let target: Target | undefined;
  before(async () => {
    target = await open();
  }, TIMEOUT);
  after(async () => {
    await target?.close();
  }, TIMEOUT);
  const ready = (): Target => {
    if (target === undefined) throw new Error('no target');
    return target;
  };

  for (const kind of KIND_NAMES) {
    it(`${kind}: ${GUESSES} concurrent wrong codes in one process → at most 1 evaluated per back-off window`, TIMEOUT, seeded(async (random, t) => {
      const current = ready();
      // One code on the device: each guess costs one evaluation, and the burst stays short.
      const device = await prepareDevice(current.twofold, current.inbox, kind, `guess-one-${kind}`, random, { backupCodes: 1 });
      const failures: RecordedFailure[] = [];
      const stop = recordFailures(current.twofold, failures);
      try {
        const result = await burst(current.twofold, { ...device, tokens: wrongCodes(device, GUESSES, random) }, failures);
        const evaluated = assertOnePerWindow(result, factorOf(current, kind));
        t.diagnostic(`${evaluated} evaluated of ${GUESSES} in ${result.span.finishedAt - result.span.startedAt} ms`);
      } finally {
        stop();
      }
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
        const results = await runSplitBursts(current, jobs);
        return { results, spans: results.flatMap((result) => result.spans) };
      });
      return new Map(KIND_NAMES.map((kind, index) => [kind, run.results[index] as SplitBurst]));
    })());

  for (const kind of KIND_NAMES) {
    it(`${kind}: ${GUESSES} concurrent wrong codes from two OS processes → at most 1 evaluated per back-off window`, TIMEOUT, async (t) => {
      const result = (await twoProcesses()).get(kind);
      if (result === undefined) throw new Error(`no result for ${kind}`);
      const evaluated = assertOnePerWindow(result, factorOf(ready(), kind));
      t.diagnostic(`${evaluated} evaluated of ${GUESSES} in ${result.span.finishedAt - result.span.startedAt} ms`);
    });
  }
});
