/**
 * `twofold.recordFailure`: a failed attempt counted without a token (a
 * rejected remember-this-browser cookie), with the same back-off, events and
 * ownership rules as a wrong code.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, manualClock, type TwofoldEvents } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { sequenceCode, sequenceKind } from './fixtures.js';

const START = Date.UTC(2026, 0, 1);
const KEY = new Uint8Array(20).fill(3);

function setup() {
  const clock = manualClock(START);
  const twofold = createTwofold({
    store: createMemoryStore(),
    kinds: [sequenceKind({ throttleFactor: 1 })],
    clock: clock.now,
    secrets: ['record-failure-tests-secret-0123456789abcdef'],
    logger: { warn() {}, error() {} },
  });
  const events: [keyof TwofoldEvents, number][] = [];
  twofold.on('failed', (event) => events.push(['failed', event.failureCount]));
  twofold.on('throttled', (event) => events.push(['throttled', event.failureCount]));
  return { clock, twofold, events };
}

describe('recordFailure', () => {
  it('counts a failure and backs the device off like a wrong code, not while it is already backing off', async () => {
    const { clock, twofold, events } = setup();
    const device = await twofold.createDevice({ userId: 'u1', kind: 'sequence', options: { key: KEY } });

    const first = await twofold.recordFailure('u1', device.persistentId);
    assert.equal(first?.failureCount, 1);
    assert.deepEqual(first.lockedUntil, new Date(START + 1000));
    // During the back-off: refused, not counted (as a code would be).
    const during = await twofold.recordFailure('u1', device.persistentId);
    assert.equal(during?.failureCount, 1);
    clock.advance(1);
    const second = await twofold.recordFailure('u1', device.persistentId);
    assert.equal(second?.failureCount, 2);
    assert.deepEqual(second.lockedUntil, new Date(START + 1000 + 2000));
    assert.deepEqual(events, [['failed', 1], ['throttled', 1], ['failed', 2]]);

    // The back-off applies to codes too, and a correct code afterwards resets the count.
    const locked = await twofold.verifyToken('u1', device.persistentId, sequenceCode(KEY, 0));
    assert.ok(!locked.ok && locked.reason === 'throttled');
    clock.advance(2);
    assert.equal((await twofold.verifyToken('u1', device.persistentId, sequenceCode(KEY, 0))).ok, true);
    assert.equal((await twofold.getDevice('u1', device.persistentId))?.failureCount, 0);
  });

  it('touches nothing that is not the user\'s confirmed device', async () => {
    const { twofold, events } = setup();
    const other = await twofold.createDevice({ userId: 'u2', kind: 'sequence', options: { key: KEY } });
    const unconfirmed = await twofold.createDevice({ userId: 'u1', kind: 'sequence', confirmed: false, options: { key: KEY } });
    assert.equal(await twofold.recordFailure('u1', other.persistentId), null);
    assert.equal(await twofold.recordFailure('u1', unconfirmed.persistentId), null);
    assert.equal(await twofold.recordFailure('u1', 'sequence/AAAAAAAAAAAAAAAAAAAAAA'), null);
    assert.equal(await twofold.recordFailure('u1', 'not an id'), null);
    assert.equal(await twofold.recordFailure('u1', 42), null);
    assert.equal((await twofold.getDevice('u2', other.persistentId))?.failureCount, 0);
    assert.equal((await twofold.getDevice('u1', unconfirmed.persistentId))?.failureCount, 0);
    assert.deepEqual(events, []);
  });

  it('counts every concurrent failure exactly once', async () => {
    const { clock, twofold } = setup();
    const device = await twofold.createDevice({ userId: 'u1', kind: 'sequence', options: { key: KEY } });
    // Several rejected cookies at the same instant: the first counts, the others meet the back-off.
    const results = await Promise.all(Array.from({ length: 8 }, () => twofold.recordFailure('u1', device.persistentId)));
    assert.ok(results.every((result) => result !== null));
    assert.equal((await twofold.getDevice('u1', device.persistentId))?.failureCount, 1);
    clock.advance(1);
    await twofold.recordFailure('u1', device.persistentId);
    assert.equal((await twofold.getDevice('u1', device.persistentId))?.failureCount, 2);
  });
});
