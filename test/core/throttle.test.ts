import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cooldownEndsAt, isThrottled, throttleUnlocksAt } from '../../src/core/throttle.js';
import { formatPersistentId, parsePersistentId } from '../../src/core/persistent-id.js';

describe('back-off formula', () => {
  it('waits factor × 2^(n−1) seconds after the last failure', () => {
    assert.equal(throttleUnlocksAt(0, null, 1), null);
    assert.equal(throttleUnlocksAt(1, 1000, 1), 2000);
    assert.equal(throttleUnlocksAt(2, 1000, 1), 3000);
    assert.equal(throttleUnlocksAt(4, 1000, 1), 9000);
    assert.equal(throttleUnlocksAt(3, 1000, 0.5), 3000);
    assert.equal(throttleUnlocksAt(3, 1000, 0), null);
    assert.equal(isThrottled(1999, 1, 1000, 1), true);
    assert.equal(isThrottled(2000, 1, 1000, 1), false, 'allowed at exactly the unlock time');
  });

  it('stays a finite date for huge failure counts', () => {
    const until = throttleUnlocksAt(100_000, 0, 1);
    assert.ok(until !== null && Number.isFinite(until));
    assert.ok(!Number.isNaN(new Date(until).getTime()));
  });

  it('computes cooldowns', () => {
    assert.equal(cooldownEndsAt(null, 60), null);
    assert.equal(cooldownEndsAt(1000, 60), 61_000);
    assert.equal(cooldownEndsAt(1000, 0), null);
    assert.equal(cooldownEndsAt(1000, undefined), null);
  });
});

describe('persistent ids', () => {
  it('round-trips and rejects anything else', () => {
    const id = 'AbCdEfGhIjKlMnOpQrStUv';
    assert.deepEqual(parsePersistentId(formatPersistentId('totp', id)), { kind: 'totp', id });
    for (const bad of [undefined, 1, 'totp', 'totp/', '/x', `TOTP/${id}`, `totp/${id}/x`, `totp/${id.slice(1)}`, `to tp/${id}`, 'x'.repeat(65)]) {
      assert.equal(parsePersistentId(bad), null);
    }
  });
});
