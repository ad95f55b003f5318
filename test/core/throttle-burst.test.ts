/**
 * Issue 9, item 3: concurrent wrong guesses against a slow kind (backup
 * codes: scrypt) evaluate at most one guess per back-off window. Counted
 * where it matters: how many times the kind really evaluated a token, on the
 * memory store, and with two OS processes on SQLite and on PostgreSQL.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, type Twofold } from '../../src/core/twofold.js';
import { manualClock } from '../../src/core/clock.js';
import type { DeviceKind } from '../../src/core/types.js';
import { backupCodes, generateBackupCodes } from '../../src/devices/backup-codes/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { registerPostgresMissing } from '../support/postgres.js';
import { burst, count, postgresTarget, sqliteTarget, type SharedTarget } from './burst-harness.js';
import { SECRET_A } from './fixtures.js';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

/** The real backup-codes kind, counting its evaluations, optionally advancing the clock while it works (a slow hash). */
function countedBackupCodes(onVerify: () => void = () => undefined): { kind: DeviceKind<never>; evaluations: () => number } {
  const inner = backupCodes();
  let evaluations = 0;
  const kind: DeviceKind<never> = {
    ...(inner as unknown as DeviceKind<never>),
    async verify(input) {
      evaluations++;
      const outcome = await (inner as unknown as DeviceKind<never>).verify(input);
      onVerify();
      return outcome;
    },
  };
  return { kind, evaluations: () => evaluations };
}

/** `n` distinct well-formed codes, none of them in `codes`. */
function wrongCodes(n: number, codes: readonly string[]): string[] {
  const taken = new Set(codes);
  const wrong: string[] = [];
  while (wrong.length < n) {
    const code = generateBackupCodes(1)[0]!;
    if (!taken.has(code)) {
      taken.add(code);
      wrong.push(code);
    }
  }
  return wrong;
}

describe('slow kinds under a burst of wrong guesses (memory store)', () => {
  it('evaluates exactly one of 200 concurrent wrong backup codes in one window', async () => {
    const clock = manualClock(NOW);
    const counted = countedBackupCodes();
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [counted.kind], secrets: [SECRET_A], clock: clock.now });
    const codes = generateBackupCodes(10);
    const device = await twofold.createDevice({ userId: 'alice', kind: 'backup-codes', options: { codes } as never });
    const results = await Promise.all(wrongCodes(200, codes).map((code) => twofold.verifyToken('alice', device.persistentId, code)));
    const outcomes = results.map((r) => (r.ok ? 'ok' : r.reason));
    assert.equal(counted.evaluations(), 1, 'scrypt ran once');
    assert.equal(count(outcomes, 'invalid-token'), 1);
    assert.equal(count(outcomes, 'throttled'), 199);
    assert.equal((await twofold.getDevice('alice', device.persistentId))?.failureCount, 1);
  });

  it('starts the back-off window when a slow evaluation ends, not when it began', async () => {
    const clock = manualClock(NOW);
    // Each evaluation takes 5 s of (injected) time, longer than the first 1 s window.
    const counted = countedBackupCodes(() => clock.advance(5));
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [counted.kind], secrets: [SECRET_A], clock: clock.now });
    const codes = generateBackupCodes(10);
    const device = await twofold.createDevice({ userId: 'bob', kind: 'backup-codes', options: { codes } as never });
    const [first, second] = wrongCodes(2, codes);
    const miss = await twofold.verifyToken('bob', device.persistentId, first!);
    assert.equal(!miss.ok && miss.lockedUntil?.getTime(), NOW + 5000 + 1000, 'window from the end of the evaluation');
    clock.advance(0.5);
    const again = await twofold.verifyToken('bob', device.persistentId, second!);
    assert.equal(!again.ok && again.reason, 'throttled');
    assert.equal(counted.evaluations(), 1);
  });

  it('gives the claim back when the right code is evaluated, so the user is not throttled after success', async () => {
    const clock = manualClock(NOW);
    const counted = countedBackupCodes();
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [counted.kind], secrets: [SECRET_A], clock: clock.now });
    const codes = generateBackupCodes(3);
    const device = await twofold.createDevice({ userId: 'carol', kind: 'backup-codes', options: { codes } as never });
    const ok = await twofold.verifyToken('carol', device.persistentId, codes[0]!);
    assert.equal(ok.ok && ok.device.failureCount, 0);
    const next = await twofold.verifyToken('carol', device.persistentId, codes[1]!);
    assert.equal(next.ok, true);
  });
});

function crossProcessSuite(name: string, open: () => Promise<SharedTarget | null>): void {
  describe(`slow kinds under a burst of wrong guesses: two processes on ${name}`, () => {
    let target: SharedTarget | null = null;
    let twofold: Twofold;
    before(async () => {
      target = await open();
      if (target !== null) twofold = createTwofold({ store: target.store, kinds: [backupCodes()], secrets: [SECRET_A], clock: () => NOW });
    });
    after(async () => target?.close());

    it('evaluates exactly one of 2 × 100 concurrent wrong backup codes', async (t) => {
      if (target === null) return t.skip('no PostgreSQL');
      const codes = generateBackupCodes(10);
      const device = await twofold.createDevice({ userId: 'dave', kind: 'backup-codes', options: { codes } });
      const guesses = wrongCodes(200, codes).map((token) => ({ token }));
      const task = { secret: SECRET_A, clockMs: NOW, userId: 'dave', persistentId: device.persistentId };
      const reports = await burst(target, [
        { ...task, attempts: guesses.slice(0, 100) },
        { ...task, attempts: guesses.slice(100) },
      ]);
      const outcomes = reports.flatMap((r) => r.outcomes);
      assert.equal(outcomes.length, 200);
      assert.equal(reports[0]!.evaluations + reports[1]!.evaluations, 1, 'scrypt ran once across both processes');
      assert.equal(count(outcomes, 'invalid-token'), 1, outcomes.join(','));
      assert.equal(count(outcomes, 'throttled'), 199);
      assert.equal((await twofold.getDevice('dave', device.persistentId))?.failureCount, 1);
    });
  });
}

crossProcessSuite('SQLite', sqliteTarget);
if (process.env.TWOFOLD_TEST_DATABASE_URL) crossProcessSuite('PostgreSQL', postgresTarget);
else registerPostgresMissing('slow kinds under a burst of wrong guesses: two processes on PostgreSQL');
