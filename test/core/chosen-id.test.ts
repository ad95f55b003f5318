/**
 * Caller-chosen device ids (`createDevice({ id })`, `deviceIdFromKey`) and
 * the compare-and-delete of unconfirmed devices: what the account pages use
 * instead of in-process locks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../src/core/twofold.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { deviceIdFromKey } from '../../src/core/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { DeviceKind } from '../../src/core/types.js';
import { SECRET_A } from './fixtures.js';

const PROPOSED = 'serial42xxxxxxxxxxxxxx';

function proposingKind(): DeviceKind<Record<string, never>, { n: number }> {
  return {
    name: 'proposing',
    throttleFactor: 1,
    create: () => ({ secret: null, state: { n: 0 }, id: PROPOSED }),
    parseState: (state) => state as { n: number },
    normalizeToken: (input) => input,
    verify: () => ({ match: false, reason: 'invalid' }),
  };
}

function instance() {
  return createTwofold({ store: createMemoryStore(), kinds: [totp(), proposingKind()], secrets: [SECRET_A] });
}

describe('createDevice with a chosen id', () => {
  it('creates the device under that id, and throws DEVICE_EXISTS on the second call, for any user', async () => {
    const twofold = instance();
    const id = deviceIdFromKey('setup|alice|1');
    const device = await twofold.createDevice({ userId: 'alice', kind: 'totp', id });
    assert.equal(device.id, id);
    assert.equal(device.persistentId, `totp/${id}`);
    for (const userId of ['alice', 'bob']) {
      await assert.rejects(twofold.createDevice({ userId, kind: 'totp', id }), (e: unknown) => isTwofoldError(e, 'DEVICE_EXISTS'));
    }
    assert.equal((await twofold.listDevices('alice')).length, 1);
    assert.equal((await twofold.listDevices('bob')).length, 0);
  });

  it('makes one device of 25 simultaneous creations with one id', async () => {
    const twofold = instance();
    const id = deviceIdFromKey('setup|carol|1');
    const outcomes = await Promise.allSettled(Array.from({ length: 25 }, () => twofold.createDevice({ userId: 'carol', kind: 'totp', id })));
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
    assert.ok(outcomes.every((outcome) => outcome.status === 'fulfilled' || isTwofoldError(outcome.reason, 'DEVICE_EXISTS')));
  });

  it('refuses a malformed id, and one unlike the id the kind proposes', async () => {
    const twofold = instance();
    for (const id of ['', 'short', 'x'.repeat(23), 'has/a/slash-xxxxxxxxxx', 42]) {
      await assert.rejects(twofold.createDevice({ userId: 'dan', kind: 'totp', id: id as string }), (e: unknown) => isTwofoldError(e, 'INVALID_ARGUMENT'), String(id));
    }
    await assert.rejects(twofold.createDevice({ userId: 'dan', kind: 'proposing', id: deviceIdFromKey('other') }), (e: unknown) => isTwofoldError(e, 'INVALID_ARGUMENT'));
    const same = await twofold.createDevice({ userId: 'dan', kind: 'proposing', id: PROPOSED });
    assert.equal(same.id, PROPOSED);
    assert.equal((await twofold.listDevices('dan')).length, 1);
  });
});

describe('deviceIdFromKey', () => {
  it('gives the same well-formed id for the same key and different ids for different keys', () => {
    const id = deviceIdFromKey('account-setup|totp|alice|abc');
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(deviceIdFromKey('account-setup|totp|alice|abc'), id);
    assert.notEqual(deviceIdFromKey('account-setup|totp|alice|abd'), id);
    assert.throws(() => deviceIdFromKey(''), (e: unknown) => isTwofoldError(e, 'INVALID_ARGUMENT'));
  });
});

describe('deleteDevice with onlyUnconfirmed', () => {
  it('removes an unconfirmed device, and never a confirmed one', async () => {
    const twofold = instance();
    const pending = await twofold.createDevice({ userId: 'erin', kind: 'totp', confirmed: false });
    const confirmed = await twofold.createDevice({ userId: 'erin', kind: 'totp' });
    assert.equal(await twofold.deleteDevice('erin', confirmed.persistentId, { onlyUnconfirmed: true }), false);
    assert.equal(await twofold.deleteDevice('erin', pending.persistentId, { onlyUnconfirmed: true }), true);
    assert.deepEqual((await twofold.listDevices('erin')).map((device) => device.persistentId), [confirmed.persistentId]);
  });

  it('keeps a device confirmed between the read and the delete', async () => {
    const store = createMemoryStore();
    const twofold = createTwofold({ store, kinds: [totp()], secrets: [SECRET_A] });
    const pending = await twofold.createDevice({ userId: 'finn', kind: 'totp', confirmed: false });
    // Confirm it the moment the deletion has read it.
    const getDevice = store.getDevice.bind(store);
    let confirmedInBetween = false;
    store.getDevice = async (id) => {
      const record = await getDevice(id);
      if (record !== null && !confirmedInBetween) {
        confirmedInBetween = true;
        assert.equal(await store.updateDevice(id, record.version, { confirmed: true }), true);
      }
      return record;
    };
    assert.equal(await twofold.deleteDevice('finn', pending.persistentId, { onlyUnconfirmed: true }), false);
    store.getDevice = getDevice;
    assert.equal((await twofold.getDevice('finn', pending.persistentId))?.confirmed, true);
  });
});
