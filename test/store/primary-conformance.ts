/**
 * Store conformance of `listDevicesWithPrimary`: the sign-in's one read, the
 * same devices as `listDevices` with the user's chosen primary device id.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/core/types.js';
import { makeRecord, newId } from './conformance.js';

/** The `listDevicesWithPrimary` checks, on the store `current()` gives. */
export function listWithPrimaryConformance(current: () => Store): void {
  describe('listDevicesWithPrimary', () => {
    it('answers what listDevices answers, with the primary device id of this user only', async () => {
      const store = current();
      if (store.listDevicesWithPrimary === undefined) throw new Error('both bundled stores implement listDevicesWithPrimary');
      const userId = newId('user');
      const other = newId('user');
      const a = makeRecord({ userId, kind: 'totp', confirmed: true, createdAt: 1 });
      const b = makeRecord({ userId, kind: 'totp', confirmed: false, createdAt: 2 });
      const c = makeRecord({ userId, kind: 'backup-codes', confirmed: true, createdAt: 3 });
      const theirs = makeRecord({ userId: other, kind: 'totp', createdAt: 1 });
      for (const record of [a, b, c, theirs]) await store.insertDevice(record);
      for (const query of [undefined, { confirmed: true }, { confirmed: false }, { kind: 'totp' }, { kind: 'hotp' }]) {
        const listed = await store.listDevicesWithPrimary(userId, query);
        assert.deepEqual(listed.devices, await store.listDevices(userId, query));
        assert.equal(listed.primaryDeviceId, null, 'nothing chosen yet');
      }
      await store.putUserPreferences({ userId, primaryDeviceId: c.id, updatedAt: 5 });
      await store.putUserPreferences({ userId: other, primaryDeviceId: theirs.id, updatedAt: 5 });
      assert.equal((await store.listDevicesWithPrimary(userId, { confirmed: true })).primaryDeviceId, c.id);
      assert.equal((await store.listDevicesWithPrimary(other)).primaryDeviceId, theirs.id);
      await store.putUserPreferences({ userId, primaryDeviceId: null, updatedAt: 6 });
      assert.equal((await store.listDevicesWithPrimary(userId)).primaryDeviceId, null);
    });

    it('returns nothing for unknown or impossible users and rejects bad arguments', async () => {
      const store = current();
      const list = store.listDevicesWithPrimary!.bind(store);
      assert.deepEqual(await list(newId('user')), { devices: [], primaryDeviceId: null });
      assert.deepEqual(await list(''), { devices: [], primaryDeviceId: null });
      assert.deepEqual(await list('u'.repeat(256)), { devices: [], primaryDeviceId: null });
      await assert.rejects(list(5 as unknown as string), { code: 'INVALID_ARGUMENT' });
      await assert.rejects(list('u', { confirmed: 'yes' as unknown as boolean }), { code: 'INVALID_ARGUMENT' });
    });
  });
}
