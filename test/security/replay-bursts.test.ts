/**
 * Black-box check (issue 9): a valid code submitted many times at once is
 * accepted exactly once, for every kind (TOTP, HOTP, backup codes, e-mail,
 * phone, the example custom kind), in one process and split over two OS
 * processes on one database (SQLite file, PostgreSQL).
 */
import { it } from 'node:test';
import { KIND_NAMES, prepareDevice, type KindName } from './support/kinds.js';
import { burst, recordFailures, type RecordedFailure } from './support/bursts.js';
import { assertExactlyOnce } from './support/judge.js';
import { onEveryDatabase, runSplitBursts, useTarget, type SplitBurst } from './support/targets.js';
import { untilOverlapped } from '../support/barrier.js';
import { seeded, seededRandom } from '../support/random.js';

const SUBMISSIONS = 50;
const TIMEOUT = { timeout: 180_000 };

onEveryDatabase('replay bursts', (open) => {
  const ready = useTarget(open);

  for (const kind of KIND_NAMES) {
    it(`${kind}: ${SUBMISSIONS} concurrent submissions of one valid code in one process → exactly 1 success`, TIMEOUT, seeded(async (random) => {
      const { twofold, inbox } = ready();
      const device = await prepareDevice(twofold, inbox, kind, `replay-one-${kind}`, random);
      const failures: RecordedFailure[] = [];
      const stop = recordFailures(twofold, failures);
      try {
        const result = await burst(twofold, { ...device, tokens: Array.from({ length: SUBMISSIONS }, () => device.code) }, failures);
        assertExactlyOnce(result, SUBMISSIONS);
      } finally {
        stop();
      }
    }));
  }

  // One run of two processes serves every kind: each process fires half of every kind's burst at once.
  let split: Promise<Map<KindName, SplitBurst>> | undefined;
  const twoProcesses = (): Promise<Map<KindName, SplitBurst>> =>
    (split ??= (async () => {
      const { twofold, inbox } = ready();
      const random = seededRandom('replay bursts, two processes');
      const run = await untilOverlapped(async () => {
        const devices = [];
        for (const kind of KIND_NAMES) devices.push(await prepareDevice(twofold, inbox, kind, `replay-two-${kind}`, random));
        const results = await runSplitBursts(ready(), devices.map((device) => ({ ...device, tokens: Array.from({ length: SUBMISSIONS }, () => device.code) })));
        return { results, spans: results.flatMap((result) => result.spans) };
      });
      return new Map(KIND_NAMES.map((kind, index) => [kind, run.results[index] as SplitBurst]));
    })());

  for (const kind of KIND_NAMES) {
    it(`${kind}: ${SUBMISSIONS} concurrent submissions of one valid code from two OS processes → exactly 1 success`, TIMEOUT, async () => {
      const result = (await twoProcesses()).get(kind);
      if (result === undefined) throw new Error(`no result for ${kind}`);
      assertExactlyOnce(result, SUBMISSIONS);
    });
  }
});
