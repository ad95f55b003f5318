/**
 * Key schedules kept between calls: a cache changes no answer, for any key,
 * algorithm or window, however keys come and go, and never answers for a key
 * whose bytes differ from the one it was made for.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyScheduleCache, hotpCandidates, hotpMatchMask, MAX_MATCH_WINDOW } from '../../src/oath/index.js';
import type { HashAlgorithm } from '../../src/oath/index.js';
import { seeded } from '../support/random.js';

const ALGORITHMS: readonly HashAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

describe('key schedule cache', () => {
  it('gives the masks computed without it, for keys that come back, change a byte, or switch algorithm', seeded((random) => {
    const cache = createKeyScheduleCache(8);
    // A few keys used again and again (hits), near copies of them (one byte off), and keys longer than a block.
    const keys = Array.from({ length: 12 }, (_, i) => random.bytes(i === 0 ? 200 : random.int(16, 70)));
    for (let round = 0; round < 600; round++) {
      const base = random.pick(keys);
      const key = random.int(5) === 0 ? Uint8Array.from(base, (byte, i) => (i === base.length - 1 ? byte ^ 1 : byte)) : base;
      const algorithm = random.pick(ALGORITHMS);
      const digits = random.int(6, 9);
      const first = random.int(0, 2 ** 40);
      const count = random.int(1, MAX_MATCH_WINDOW + 1);
      const candidates = hotpCandidates(key, first, count, { algorithm, digits });
      const token = random.pick(candidates);
      const options = { algorithm, digits };
      assert.equal(hotpMatchMask(key, token, first, count, { ...options, cache }), hotpMatchMask(key, token, first, count, options));
      assert.ok(cache.size <= cache.limit);
    }
  }));

  it('does not answer for a key changed in place after it was cached', () => {
    const cache = createKeyScheduleCache();
    const key = new Uint8Array(20).fill(1);
    const token = hotpCandidates(key, 5, 1)[0]!;
    assert.equal(hotpMatchMask(key, token, 5, 1, { cache }), 1);
    key[0] = 2;
    assert.equal(hotpMatchMask(key, token, 5, 1, { cache }), hotpMatchMask(key, token, 5, 1), 'the changed key is computed afresh');
    assert.equal(hotpMatchMask(key, hotpCandidates(key, 5, 1)[0]!, 5, 1, { cache }), 1);
  });

  it('keeps its own copy of a Buffer key: evicting or clearing the entry leaves the caller\'s key as it was', () => {
    const cache = createKeyScheduleCache(1);
    const key = Buffer.from('3132333435363738393031323334353637383930', 'hex');
    const copy = Buffer.from(key);
    const token = hotpCandidates(key, 7, 1)[0]!;
    assert.equal(hotpMatchMask(key, token, 7, 1, { cache }), 1);
    hotpMatchMask(Buffer.alloc(20, 9), '000000', 0, 1, { cache }); // evicts the first key's entry
    assert.deepEqual(key, copy, 'eviction did not wipe the caller\'s key');
    assert.equal(hotpMatchMask(key, token, 7, 1, { cache }), 1);
    cache.clear();
    assert.deepEqual(key, copy, 'clear() did not wipe the caller\'s key');
    assert.equal(hotpMatchMask(key, token, 7, 1), 1);
  });

  it('keeps at most its limit, forgets the oldest first, and is emptied by clear()', () => {
    const cache = createKeyScheduleCache(2);
    const keys = [1, 2, 3].map((byte) => new Uint8Array(20).fill(byte));
    for (const key of keys) hotpMatchMask(key, '000000', 0, 1, { cache });
    assert.equal(cache.size, 2);
    cache.clear();
    assert.equal(cache.size, 0);
    assert.equal(hotpMatchMask(keys[0]!, hotpCandidates(keys[0]!, 0, 1)[0]!, 0, 1, { cache }), 1);
  });

  it('refuses a bad limit and a cache it did not make', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) assert.throws(() => createKeyScheduleCache(limit), RangeError);
    const fake = { limit: 1, size: 0, clear() {} };
    assert.throws(() => hotpMatchMask(new Uint8Array(20), '000000', 0, 1, { cache: fake }), TypeError);
  });
});
