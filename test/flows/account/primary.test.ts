import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, manualClock } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { hotp } from '../../../src/devices/hotp/index.js';
import { backupCodes, issueBackupCodes } from '../../../src/devices/backup-codes/index.js';
import {
  canBePrimary,
  devicesByPreference,
  forgetPrimaryDevice,
  primaryDevice,
  setPrimaryDevice,
} from '../../../src/flows/shared/primary.js';
import { START, TEST_SECRET } from '../../express/support.js';

function instance(kinds = [totp(), hotp(), backupCodes()]) {
  const clock = manualClock(START);
  const store = createMemoryStore();
  const twofold = createTwofold({ store, kinds, clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
  return { twofold, clock, store };
}

describe('primary device', () => {
  it('is null without devices, and never the backup codes', async () => {
    const { twofold } = instance();
    assert.equal(await primaryDevice(twofold, 'u'), null);
    const { device } = await issueBackupCodes(twofold, 'u');
    assert.equal(await primaryDevice(twofold, 'u'), null);
    assert.equal(canBePrimary(twofold, device), false);
    assert.equal(await setPrimaryDevice(twofold, 'u', device.persistentId), null);
    assert.equal(await twofold.store.getUserPreferences('u'), null, 'nothing was saved');
    const split = await devicesByPreference(twofold, 'u');
    assert.deepEqual(split.backupCodes.map((d) => d.id), [device.id]);
    assert.deepEqual(split.others, []);
  });

  it('is the oldest confirmed device until the user chooses, then the chosen one', async () => {
    const { twofold, clock } = instance();
    const first = await twofold.createDevice({ userId: 'u', kind: 'totp', name: 'First' });
    clock.advance(1);
    const pending = await twofold.createDevice({ userId: 'u', kind: 'totp', name: 'Pending', confirmed: false });
    clock.advance(1);
    const second = await twofold.createDevice({ userId: 'u', kind: 'hotp', name: 'Second' });
    await issueBackupCodes(twofold, 'u');
    assert.equal((await primaryDevice(twofold, 'u'))?.id, first.id);
    assert.equal(await setPrimaryDevice(twofold, 'u', pending.persistentId), null, 'unconfirmed devices cannot be primary');

    clock.advance(5);
    const chosen = await setPrimaryDevice(twofold, 'u', second.persistentId);
    assert.equal(chosen?.id, second.id);
    assert.deepEqual(await twofold.store.getUserPreferences('u'), { userId: 'u', primaryDeviceId: second.id, updatedAt: START + 7000 });
    const split = await devicesByPreference(twofold, 'u');
    assert.equal(split.primary?.id, second.id);
    assert.deepEqual(split.others.map((d) => d.id), [first.id]);
    assert.equal(split.backupCodes.length, 1);
  });

  it('ignores ids that are not the user\'s (untrusted input) and changes nothing', async () => {
    const { twofold } = instance();
    const mine = await twofold.createDevice({ userId: 'u', kind: 'totp' });
    const theirs = await twofold.createDevice({ userId: 'v', kind: 'totp' });
    for (const id of [theirs.persistentId, `hotp/${mine.id}`, mine.id, '', 'x/y/z', 42, null, undefined, { id: mine.id }]) {
      assert.equal(await setPrimaryDevice(twofold, 'u', id), null, JSON.stringify(id));
    }
    assert.equal(await twofold.store.getUserPreferences('u'), null);
    assert.equal((await primaryDevice(twofold, 'v'))?.id, theirs.id);
  });

  it('promotes the next device when the chosen one goes, whoever removes it, and survives a stale preference', async () => {
    const { twofold, clock } = instance();
    const first = await twofold.createDevice({ userId: 'u', kind: 'totp', name: 'First' });
    clock.advance(1);
    const second = await twofold.createDevice({ userId: 'u', kind: 'totp', name: 'Second' });
    clock.advance(1);
    const third = await twofold.createDevice({ userId: 'u', kind: 'totp', name: 'Third' });
    await setPrimaryDevice(twofold, 'u', second.persistentId);
    await twofold.deleteDevice('u', second.persistentId);
    assert.equal((await primaryDevice(twofold, 'u'))?.id, first.id);
    await twofold.deleteDevice('u', first.persistentId);
    assert.equal((await primaryDevice(twofold, 'u'))?.id, third.id);
    // A preference naming a device of another user (a hand-edited row) is ignored too.
    const foreign = await twofold.createDevice({ userId: 'v', kind: 'totp' });
    await twofold.store.putUserPreferences({ userId: 'u', primaryDeviceId: foreign.id, updatedAt: START });
    assert.equal((await primaryDevice(twofold, 'u'))?.id, third.id);
    assert.equal(await forgetPrimaryDevice(twofold, 'u'), true);
    assert.equal(await forgetPrimaryDevice(twofold, 'u'), false);
  });

  it('leaves out devices of kinds that are no longer registered', async () => {
    const store = createMemoryStore();
    const clock = manualClock(START);
    const before = createTwofold({ store, kinds: [totp(), hotp()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    const old = await before.createDevice({ userId: 'u', kind: 'hotp' });
    clock.advance(1);
    const kept = await before.createDevice({ userId: 'u', kind: 'totp' });
    await setPrimaryDevice(before, 'u', old.persistentId);
    const after = createTwofold({ store, kinds: [totp()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    assert.equal((await primaryDevice(after, 'u'))?.id, kept.id);
    assert.equal(canBePrimary(after, old), false);
  });
});
