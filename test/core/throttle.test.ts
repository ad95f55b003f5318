import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cooldownEndsAt, isThrottled, throttleUnlocksAt } from '../../src/core/throttle.js';
import { formatPersistentId, parsePersistentId } from '../../src/core/persistent-id.js';
import { seeded } from '../support/random.js';

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

  it('accepts exactly what the patterns describe: a kind name, a slash, 22 base64url characters', seeded((random) => {
    const reference = (value: string) => {
      const match = /^([a-z0-9][a-z0-9-]{0,31})\/([A-Za-z0-9_-]{22})$/.exec(value);
      return match === null ? null : { kind: match[1], id: match[2] };
    };
    const [kindChars, idChars, alphabet] = ['abz09-', 'aZ09_-', 'az09AZ-_/.é\u0000 '].map((chars) => Array.from(chars));
    for (let round = 0; round < 20_000; round++) {
      // Valid ids with a character or two changed, and lengths around the limits.
      const kind = Array.from({ length: random.int(0, 35) }, () => random.pick(kindChars!)).join('');
      const id = Array.from({ length: random.int(20, 25) }, () => random.pick(idChars!)).join('');
      const chars = Array.from(`${kind}/${id}`);
      for (let edits = random.int(0, 3); edits > 0 && chars.length > 0; edits--) chars[random.int(chars.length)] = random.pick(alphabet!);
      const value = chars.join('');
      assert.deepEqual(parsePersistentId(value), reference(value), JSON.stringify(value));
    }
  }));
});
