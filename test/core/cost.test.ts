/**
 * What a verification costs at the Store interface. An instant kind (TOTP)
 * is evaluated first and written once: one read and one conditional write,
 * success or failure, and no read when the caller hands back the snapshot it
 * just read. A slow kind (backup codes, scrypt) claims the attempt before
 * evaluating it: one read and two conditional writes on success.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../src/core/twofold.js';
import { manualClock } from '../../src/core/clock.js';
import { totp } from '../../src/devices/totp/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { issueBackupCodes } from '../../src/devices/backup-codes/manage.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { generateTOTP } from '../../src/oath/index.js';
import { SECRET_A } from './fixtures.js';
import { seeded } from '../support/random.js';
import { countingStore } from './counting-store.js';

describe('cost of a verification', () => {
  it('instant kind: one read and one conditional write on success and on failure, one read when throttled', seeded(async (random) => {
    const { store, calls } = countingStore(createMemoryStore());
    const clock = manualClock(Date.UTC(2026, 0, 1));
    const twofold = createTwofold({ store, kinds: [totp()], secrets: [SECRET_A], clock: clock.now });
    const key = random.bytes(20);
    const device = await twofold.createDevice({ userId: 'alice', kind: 'totp', options: { key } });

    calls.length = 0;
    const ok = await twofold.verifyToken('alice', device.persistentId, generateTOTP(key, { time: clock.now() / 1000 }));
    assert.equal(ok.ok, true);
    assert.deepEqual(calls, ['getDevice', 'updateDevice']);

    calls.length = 0;
    const wrong = await twofold.verifyToken('alice', device.persistentId, '000000');
    assert.equal(!wrong.ok && wrong.reason, 'invalid-token');
    assert.equal(wrong.device?.failureCount, 1);
    assert.deepEqual(calls, ['getDevice', 'updateDevice']);

    calls.length = 0;
    const throttled = await twofold.verifyToken('alice', device.persistentId, '000000');
    assert.equal(!throttled.ok && throttled.reason, 'throttled');
    assert.deepEqual(calls, ['getDevice']);
  }));

  it('instant kind: the snapshot just read stands in for the read; a stale one loses its write and is read again', seeded(async (random) => {
    const { store, calls } = countingStore(createMemoryStore());
    const clock = manualClock(Date.UTC(2026, 0, 1));
    const twofold = createTwofold({ store, kinds: [totp()], secrets: [SECRET_A], clock: clock.now });
    const key = random.bytes(20);
    const created = await twofold.createDevice({ userId: 'alice', kind: 'totp', options: { key } });
    const code = () => generateTOTP(key, { time: clock.now() / 1000 });

    const [fresh] = await twofold.listDevices('alice');
    calls.length = 0;
    assert.equal((await twofold.verifyToken('alice', created.persistentId, code(), { known: fresh })).ok, true);
    assert.deepEqual(calls, ['updateDevice']);

    // The same snapshot again: its version is used up, so the write loses, the device is read and the code is a replay.
    calls.length = 0;
    const replay = await twofold.verifyToken('alice', created.persistentId, code(), { known: fresh });
    assert.equal(!replay.ok && replay.reason, 'replayed-token');
    assert.deepEqual(calls, ['updateDevice', 'getDevice', 'updateDevice']);

    // A look-alike object is ignored, and so is a snapshot read more than a few seconds ago: the device is read.
    clock.advance(30);
    const [again] = await twofold.listDevices('alice');
    calls.length = 0;
    await twofold.verifyToken('alice', created.persistentId, '123', { known: { ...again! } });
    assert.deepEqual(calls, ['getDevice']);
    clock.advance(6);
    calls.length = 0;
    await twofold.verifyToken('alice', created.persistentId, '123', { known: again });
    assert.deepEqual(calls, ['getDevice']);
  }));

  it('slow kind (backup codes): one read and two conditional writes on success (claim, outcome)', async () => {
    const { store, calls } = countingStore(createMemoryStore());
    const clock = manualClock(Date.UTC(2026, 0, 1));
    const twofold = createTwofold({ store, kinds: [backupCodes({ count: 1 })], secrets: [SECRET_A], clock: clock.now });
    const { device, codes } = await issueBackupCodes(twofold, 'alice');
    calls.length = 0;
    const ok = await twofold.verifyToken('alice', device.persistentId, codes[0]!);
    assert.equal(ok.ok, true);
    assert.deepEqual(calls, ['getDevice', 'updateDevice', 'updateDevice']);
  });
});
