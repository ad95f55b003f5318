/**
 * "A verification costs one read and two conditional writes (the claim that
 * counts the attempt before evaluating, then the outcome), nothing more":
 * counted at the Store interface.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../src/core/twofold.js';
import { manualClock } from '../../src/core/clock.js';
import { totp } from '../../src/devices/totp/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { generateTOTP } from '../../src/oath/index.js';
import type { Store } from '../../src/core/types.js';
import { SECRET_A } from './fixtures.js';
import { seeded } from '../support/random.js';

function countingStore(inner: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

describe('cost of a verification', () => {
  it('is one read and two conditional writes on success (claim, outcome), one read and one write on an instant failure, one read when throttled', seeded(async (random) => {
    const { store, calls } = countingStore(createMemoryStore());
    const clock = manualClock(Date.UTC(2026, 0, 1));
    const twofold = createTwofold({ store, kinds: [totp()], secrets: [SECRET_A], clock: clock.now });
    const key = random.bytes(20);
    const device = await twofold.createDevice({ userId: 'alice', kind: 'totp', options: { key } });

    calls.length = 0;
    const ok = await twofold.verifyToken('alice', device.persistentId, generateTOTP(key, { time: clock.now() / 1000 }));
    assert.equal(ok.ok, true);
    assert.deepEqual(calls, ['getDevice', 'updateDevice', 'updateDevice']);

    // The claim is the failure; it is re-stamped only when the clock moved during the evaluation (not here).
    calls.length = 0;
    await twofold.verifyToken('alice', device.persistentId, '000000');
    assert.deepEqual(calls, ['getDevice', 'updateDevice']);

    calls.length = 0;
    const throttled = await twofold.verifyToken('alice', device.persistentId, '000000');
    assert.equal(!throttled.ok && throttled.reason, 'throttled');
    assert.deepEqual(calls, ['getDevice']);
  }));
});
