/**
 * The per-request verification context against a real twofold instance and
 * a plain Map session: laziness, memoisation, and clean-up of factors whose
 * device is gone, unknown, malformed, unconfirmed or someone else's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, manualClock } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import type { JsonValue, Store } from '../../src/core/types.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { createOtpContext } from '../../src/web/verification.js';
import { mapSession } from './map-session.js';
import type { HostUser } from '../../src/web/user.js';

const START = Date.UTC(2026, 0, 1);

function countingStore(): { store: Store; reads: () => number } {
  const inner = createMemoryStore();
  let reads = 0;
  const store: Store = {
    ...inner,
    getDevice(id) {
      reads++;
      return inner.getDevice(id);
    },
    listDevices(userId, query) {
      reads++;
      return inner.listDevices(userId, query);
    },
  };
  return { store, reads: () => reads };
}

async function setup() {
  const clock = manualClock(START);
  const { store, reads } = countingStore();
  const twofold = createTwofold({ store, kinds: [totp()], clock: clock.now, secrets: ['verification-tests-secret-0123456789abcdef'], logger: { warn() {}, error() {} } });
  const alicePhone = await twofold.createDevice({ userId: 'alice', kind: 'totp', name: 'Phone' });
  const bobPhone = await twofold.createDevice({ userId: 'bob', kind: 'totp', name: 'Phone' });
  return { twofold, clock, reads, alicePhone, bobPhone };
}

function stateWith(userId: string, ...persistentIds: string[]): JsonValue {
  return {
    userId,
    factors: persistentIds.map((persistentId) => ({ type: 'otp', kind: persistentId.split('/')[0]!, persistentId, method: 'device', at: START })),
  };
}

describe('createOtpContext', () => {
  it('reads nothing until asked, then reads once per request', async () => {
    const { twofold, reads, alicePhone } = await setup();
    const before = reads();
    let userCalls = 0;
    const session = mapSession({ twofold: stateWith('alice', alicePhone.persistentId) });
    const otp = createOtpContext({
      twofold,
      session,
      getUser: () => {
        userCalls++;
        return { id: 'alice' };
      },
    });
    assert.equal(reads(), before);
    assert.equal(userCalls, 0);
    const [verified, device, again] = await Promise.all([otp.isVerified(), otp.device(), otp.isVerified()]);
    assert.equal(verified, true);
    assert.equal(again, true);
    assert.equal(device?.persistentId, alicePhone.persistentId);
    assert.equal(reads(), before + 1);
    assert.equal(userCalls, 1);
    await otp.factors();
    assert.equal(reads(), before + 1);
    assert.equal(session.writes, 0, 'a valid state is not rewritten');
  });

  it('treats anonymous requests as unverified without touching the session', async () => {
    const { twofold, alicePhone } = await setup();
    const session = mapSession({ twofold: stateWith('alice', alicePhone.persistentId) });
    const otp = createOtpContext({ twofold, session, getUser: () => null });
    assert.equal(await otp.isVerified(), false);
    assert.equal(await otp.hasDevice(), false);
    assert.equal(await otp.user(), null);
    assert.equal(session.writes, 0);
  });

  it('clears a deleted, unknown, malformed, unconfirmed or foreign device and is unverified', async () => {
    const { twofold, alicePhone, bobPhone } = await setup();
    const unconfirmed = await twofold.createDevice({ userId: 'alice', kind: 'totp', name: 'Later', confirmed: false });
    const gone = await twofold.createDevice({ userId: 'alice', kind: 'totp', name: 'Gone' });
    await twofold.deleteDevice('alice', gone.persistentId);
    const bad = [gone.persistentId, 'totp/AAAAAAAAAAAAAAAAAAAAAA', bobPhone.persistentId, unconfirmed.persistentId, 'hotp/AAAAAAAAAAAAAAAAAAAAAA'];
    for (const persistentId of bad) {
      const session = mapSession({ twofold: stateWith('alice', persistentId), other: 'kept' });
      const otp = createOtpContext({ twofold, session, getUser: () => ({ id: 'alice' }) });
      assert.equal(await otp.isVerified(), false, persistentId);
      assert.equal(await otp.device(), null);
      assert.equal(session.values.has('twofold'), false, persistentId);
      assert.equal(session.values.get('other'), 'kept');
    }
    // A malformed entry next to a valid one: only the malformed one goes.
    const mixed = mapSession({ twofold: { userId: 'alice', factors: [{ type: 'otp', persistentId: '../../etc', at: 1 }, ...(stateWith('alice', alicePhone.persistentId) as { factors: JsonValue[] }).factors] } });
    const otp = createOtpContext({ twofold, session: mixed, getUser: () => ({ id: 'alice' }) });
    assert.equal(await otp.isVerified(), true);
    assert.deepEqual(mixed.values.get('twofold'), stateWith('alice', alicePhone.persistentId));
  });

  it('clears a state recorded for another user, and garbage', async () => {
    const { twofold, alicePhone } = await setup();
    for (const value of [stateWith('alice', alicePhone.persistentId), 'garbage', { userId: 'bob' }]) {
      const session = mapSession({ twofold: value });
      const otp = createOtpContext({ twofold, session, getUser: () => ({ id: 'bob' }) });
      assert.equal(await otp.isVerified(), false);
      assert.equal(session.values.has('twofold'), false);
    }
  });

  it('stringifies numeric user ids and refuses users without a usable id', async () => {
    const { twofold } = await setup();
    await twofold.createDevice({ userId: '7', kind: 'totp', name: 'Phone' });
    const otp = createOtpContext({ twofold, session: mapSession(), getUser: () => ({ id: 7, username: 'erin' }) });
    assert.deepEqual(await otp.user(), { id: '7', username: 'erin' });
    assert.equal(await otp.hasDevice(), true);
    for (const broken of [{ id: {} }, { id: '' }, { id: 1.5 }, 'alice']) {
      const failing = createOtpContext({ twofold, session: mapSession(), getUser: () => broken as unknown as HostUser });
      await assert.rejects(failing.isVerified(), (error: unknown) => isTwofoldError(error, 'INVALID_ARGUMENT'));
    }
  });

  it('login records the factor, drops the CSRF token and rotates keeping everything else; logout forgets and rotates', async () => {
    const { twofold, clock, alicePhone, bobPhone } = await setup();
    const session = mapSession({ twofoldCsrf: 'x'.repeat(43), passport: { user: 'alice' } });
    const otp = createOtpContext({ twofold, session, getUser: () => ({ id: 'alice' }) });
    assert.equal(await otp.isVerified(), false);
    clock.advance(10);
    await otp.login(alicePhone);
    assert.deepEqual(session.regenerations, ['all']);
    assert.equal(session.values.has('twofoldCsrf'), false);
    assert.deepEqual(session.values.get('passport'), { user: 'alice' });
    assert.deepEqual(session.values.get('twofold'), {
      userId: 'alice',
      factors: [{ type: 'otp', kind: 'totp', persistentId: alicePhone.persistentId, method: 'device', at: START + 10_000 }],
      activeAt: START + 10_000,
    });
    assert.equal(await otp.isVerified(), true);

    await assert.rejects(otp.login(bobPhone), (error: unknown) => isTwofoldError(error, 'INVALID_ARGUMENT'));
    const later = await twofold.createDevice({ userId: 'alice', kind: 'totp', name: 'Later', confirmed: false });
    await assert.rejects(otp.login(later), (error: unknown) => isTwofoldError(error, 'INVALID_ARGUMENT'));
    await assert.rejects(
      createOtpContext({ twofold, session: mapSession(), getUser: () => null }).login(alicePhone),
      (error: unknown) => isTwofoldError(error, 'INVALID_ARGUMENT'),
    );

    await otp.logout();
    assert.deepEqual(session.regenerations, ['all', 'all']);
    assert.equal(session.values.has('twofold'), false);
    assert.deepEqual(session.values.get('passport'), { user: 'alice' });
    assert.equal(await otp.isVerified(), false);
    // A fresh request sees the same.
    assert.equal(await createOtpContext({ twofold, session, getUser: () => ({ id: 'alice' }) }).isVerified(), false);
  });
});
