/**
 * Issue 9, item 2 across processes: a code e-mailed for transaction A,
 * raced by verifications of transaction B and of A from two OS processes
 * sharing SQLite or PostgreSQL. Throttling is off for the e-mail kind here,
 * so that every attempt is evaluated and the counts are about the binding.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, type Twofold } from '../../src/core/twofold.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { email } from '../../src/devices/email/index.js';
import { registerPostgresMissing } from '../support/postgres.js';
import { burst, count, postgresTarget, sqliteTarget, type SharedTarget } from './burst-harness.js';
import { SECRET_A } from './fixtures.js';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

function bindingSuite(name: string, open: () => Promise<SharedTarget | null>): void {
  describe(`sent codes bound to their transaction: two processes on ${name}`, () => {
    let target: SharedTarget | null = null;
    let twofold: Twofold;
    const mails: string[] = [];
    before(async () => {
      target = await open();
      if (target === null) return;
      const sender = {
        send: (message: { text: string }): Promise<void> => {
          mails.push(/\b(\d{6})\b/.exec(message.text)![1]!);
          return Promise.resolve();
        },
      };
      twofold = createTwofold({
        store: target.store,
        kinds: [backupCodes(), email({ sender, throttleFactor: 0, budgets: [] })],
        secrets: [SECRET_A],
        clock: () => NOW,
      });
    });
    after(async () => target?.close());

    it('accepts the code of transaction A 0 times in 50 racing verifications of B, then exactly once in a race of A and B', async (t) => {
      if (target === null) return t.skip('no PostgreSQL');
      const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.com' } });
      assert.equal((await twofold.generateChallenge('alice', device.persistentId, { binding: 'sign-in-A' })).ok, true);
      const code = mails.at(-1)!;
      const task = { secret: SECRET_A, clockMs: NOW, userId: 'alice', persistentId: device.persistentId, emailThrottleFactor: 0 };

      const onlyB = Array.from({ length: 25 }, () => ({ token: code, binding: 'sign-in-B' }));
      const first = await burst(target, [
        { ...task, attempts: onlyB },
        { ...task, attempts: onlyB },
      ]);
      const bOutcomes = first.flatMap((r) => r.outcomes);
      assert.equal(bOutcomes.length, 50);
      assert.equal(count(bOutcomes, 'invalid-token'), 50, bOutcomes.join(','));

      const mixed = Array.from({ length: 30 }, (_, i) => ({ token: code, binding: i % 2 === 0 ? 'sign-in-A' : 'sign-in-B' }));
      const second = await burst(target, [
        { ...task, attempts: mixed },
        { ...task, attempts: mixed },
      ]);
      const outcomes = second.flatMap((r) => r.outcomes);
      assert.equal(outcomes.length, 60);
      assert.equal(count(outcomes, 'ok'), 1, outcomes.join(','));
      const okOfB = second.flatMap((r) => r.outcomes.filter((outcome, i) => outcome === 'ok' && mixed[i]!.binding === 'sign-in-B'));
      assert.equal(okOfB.length, 0, 'never accepted for sign-in B');
      assert.equal(outcomes.filter((o) => o.startsWith('error')).length, 0, outcomes.join(','));
    });
  });
}

bindingSuite('SQLite', sqliteTarget);
if (process.env.TWOFOLD_TEST_DATABASE_URL) bindingSuite('PostgreSQL', postgresTarget);
else registerPostgresMissing('sent codes bound to their transaction: two processes on PostgreSQL');
