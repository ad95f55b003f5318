/**
 * A token is accepted at most once across processes: two OS processes on one
 * SQLite file, released together, each submitting the same YubiKey token
 * many times at once. Exactly one submission may succeed.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTwofold } from '../../src/core/twofold.js';
import { yubikey } from '../../src/devices/yubikey/index.js';
import { openStore } from '../../src/store/kysely/index.js';
import { SECRET_A } from '../core/fixtures.js';
import { simulatedKey, touch } from '../support/yubikey-simulator.js';
import { runOnBarrier } from '../support/barrier.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/yubikey-race.ts', import.meta.url));

interface Report {
  successes: number;
  reasons: Record<string, number>;
}

describe('YubiKey token race across processes (SQLite)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-yubikey-race-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts one token exactly once among many concurrent submissions from two processes', { timeout: 120_000 }, async () => {
    const url = `sqlite:${join(dir, 'race.sqlite')}`;
    const key = simulatedKey({ seed: 41 });
    const { store } = await openStore(url);
    const twofold = createTwofold({ store, kinds: [yubikey()], secrets: [SECRET_A] });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'yubikey', options: { publicId: key.publicId, privateId: key.privateId, aesKey: key.aesKey } });
    await store.close();

    const token = touch(key);
    const task = { url, secret: SECRET_A, userId: 'alice', persistentId: device.persistentId, token, submissions: 12 };
    // The barrier: both processes start submitting at the same moment.
    const reports = await runOnBarrier<Report>(FIXTURE, [task, task]);
    const successes = reports.reduce((sum, r) => sum + r.successes, 0);
    assert.equal(successes, 1, JSON.stringify(reports));
    // Every loser is told why: the token was used, or the device was busy with a concurrent attempt.
    for (const report of reports) {
      for (const reason of Object.keys(report.reasons)) assert.ok(['replayed-token', 'throttled'].includes(reason), JSON.stringify(reports));
    }

    const reopened = await openStore(url);
    const check = createTwofold({ store: reopened.store, kinds: [yubikey()], secrets: [SECRET_A] });
    const stored = await check.getDevice('alice', device.persistentId);
    assert.deepEqual([stored?.state.lastUsageCounter, stored?.state.lastSessionCounter], [1, 0]);
    await reopened.store.close();
  });
});
