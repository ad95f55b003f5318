// The hand-written hash functions and the HMAC fast path, checked against
// node:crypto (OpenSSL) on thousands of random inputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { sha1 } from '../../src/oath/sha1.js';
import { sha256 } from '../../src/oath/sha256.js';
import { sha512 } from '../../src/oath/sha512.js';
import { counterCodes, hmacCounterDigest, loadKeySchedule, wipeKeySchedule } from '../../src/oath/hmac.js';
import { generateHOTP, verifyTOTP } from '../../src/oath/index.js';
import type { HashAlgorithm } from '../../src/oath/index.js';
import { seeded } from '../support/random.js';

const hashes = [
  { name: 'sha1', algorithm: 'SHA1', fn: sha1, block: 64 },
  { name: 'sha256', algorithm: 'SHA256', fn: sha256, block: 64 },
  { name: 'sha512', algorithm: 'SHA512', fn: sha512, block: 128 },
] as const satisfies readonly { name: string; algorithm: HashAlgorithm; fn: (m: Uint8Array) => Uint8Array; block: number }[];

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function counterBytes(high: number, low: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeUInt32BE(high >>> 0, 0);
  buffer.writeUInt32BE(low >>> 0, 4);
  return buffer;
}

describe('hash functions', () => {
  for (const { name, fn, block } of hashes) {
    it(`${name} matches node:crypto on FIPS 180 examples and every length around block boundaries`, seeded((random) => {
      for (const text of ['', 'abc', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq']) {
        assert.equal(hex(fn(Buffer.from(text))), createHash(name).update(text).digest('hex'));
      }
      for (let length = 0; length <= 3 * block + 1; length++) {
        const message = random.bytes(length);
        assert.equal(hex(fn(message)), createHash(name).update(message).digest('hex'), `length ${length}`);
      }
    }));

    it(`${name} matches node:crypto on 2000 random messages`, seeded((random) => {
      for (let i = 0; i < 2000; i++) {
        const message = random.bytes(random.int(0, 600));
        assert.equal(hex(fn(message)), createHash(name).update(message).digest('hex'));
      }
    }));

    it(`${name} does not modify its input`, seeded((random) => {
      const message = random.bytes(200);
      const copy = Buffer.from(message);
      fn(message);
      assert.deepEqual(message, copy);
    }));
  }
});

describe('HMAC over a counter (the OTP fast path)', () => {
  for (const { name, algorithm, block } of hashes) {
    it(`HMAC-${name} matches node:crypto for 3000 random keys (1..${2 * block + 8} bytes) and counters`, seeded((random) => {
      for (let i = 0; i < 3000; i++) {
        // Lengths cover short keys, a full block, and keys longer than a block (hashed first).
        const key = random.bytes(random.int(1, 2 * block + 9));
        const high = i % 3 === 0 ? 0 : random.int(0, 2 ** 32);
        const low = random.int(0, 2 ** 32);
        const expected = createHmac(name, key).update(counterBytes(high, low)).digest('hex');
        assert.equal(hex(hmacCounterDigest(algorithm, key, high | 0, low | 0)), expected);
      }
    }));

    it(`HMAC-${name} handles block-size keys and the extreme counters`, seeded((random) => {
      for (const length of [1, block - 1, block, block + 1]) {
        const key = random.bytes(length);
        for (const [high, low] of [[0, 0], [0, 0xffffffff], [0xffffffff, 0xffffffff], [0x001fffff, 0xffffffff]] as const) {
          const expected = createHmac(name, key).update(counterBytes(high, low)).digest('hex');
          assert.equal(hex(hmacCounterDigest(algorithm, key, high | 0, low | 0)), expected);
        }
      }
    }));
  }

  it('reproduces the RFC 4226 Appendix D HMAC-SHA-1 values', () => {
    const key = Buffer.from('12345678901234567890');
    const expected = [
      'cc93cf18508d94934c64b65d8ba7667fb7cde4b0',
      '75a48a19d4cbe100644e8ac1397eea747a2d33ab',
      '0bacb7fa082fef30782211938bc1c5e70416ff44',
      '66c28227d03a2d5529262ff016a1e6ef76557ece',
      'a904c900a64b35909874b33e61c5938a8e15ed1c',
      'a37e783d7b7233c083d4f62926c7a25f238d0316',
      'bc9cd28561042c83f219324d3c607256c03272ae',
      'a4fb960c0bc06e1eabb804e5b397cdc4b45596fa',
      '1b3c89f65e6c9e883012052823443f048b4332db',
      '1637409809a679dc698207310c8c7fc07290d9e5',
    ];
    expected.forEach((digest, counter) => {
      assert.equal(hex(hmacCounterDigest('SHA1', key, 0, counter)), digest);
    });
  });

  it('leaves no key-derived state behind after a call', seeded((random) => {
    for (const { algorithm } of hashes) {
      const key = random.bytes(200); // longer than a block: hashed first
      generateHOTP(key, 1, { algorithm });
      verifyTOTP(key, '000000', { algorithm, window: 40 });
      const schedule = loadKeySchedule(algorithm, key);
      const codes = counterCodes(schedule, 0, 0, 40);
      assert.ok(schedule.inner.some((word) => word !== 0));
      wipeKeySchedule(schedule);
      for (const words of [schedule.inner, schedule.outer, schedule.state, schedule.keyBlock]) {
        assert.ok(words.every((word) => word === 0), algorithm);
      }
      assert.ok(schedule.digestBlock.subarray(0, schedule.stateWords).every((word) => word === 0));
      assert.ok(codes.subarray(0, 40).every((code) => code === 0), 'codes (future tokens) are wiped');
    }
  }));
});
