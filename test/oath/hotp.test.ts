import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { decodeHex, generateHOTP, hotpCandidates, hotpMatchMask, MAX_MATCH_WINDOW, verifyHOTP } from '../../src/oath/index.js';
import type { HashAlgorithm } from '../../src/oath/index.js';
import { seeded } from '../support/random.js';

const RFC_KEY = new TextEncoder().encode('12345678901234567890');

/** Straight from RFC 4226 §5.3, on node:crypto: an independent reference. */
function referenceHOTP(key: Uint8Array, counter: bigint, digits: number, algorithm: HashAlgorithm): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const digest = createHmac(algorithm.replace('SHA', 'sha'), key).update(message).digest();
  const offset = digest[digest.length - 1]! & 0xf;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

describe('generateHOTP', () => {
  it('produces the RFC 4226 Appendix D tokens', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((token, counter) => {
      assert.equal(generateHOTP(RFC_KEY, counter), token);
      assert.equal(generateHOTP(RFC_KEY, BigInt(counter)), token);
    });
  });

  it('produces the RFC 4226 truncated values at 8 digits (last 8 digits of Appendix D decimals)', () => {
    const decimals = [1284755224, 1094287082, 137359152, 1726969429, 1640338314, 868254676, 1918287922, 82162583, 673399871, 645520489];
    decimals.forEach((decimal, counter) => {
      assert.equal(generateHOTP(RFC_KEY, counter, { digits: 8 }), String(decimal % 1e8).padStart(8, '0'));
      assert.equal(generateHOTP(RFC_KEY, counter, { digits: 7 }), String(decimal % 1e7).padStart(7, '0'));
    });
  });

  it('matches the django-otp HOTP fixture (key d2e8…d879), including a leading zero', () => {
    const key = decodeHex('d2e8a68036f68960b1c30532bb6c56da5934d879');
    const expected = ['782373', '313268', '307722', '855853', '507718', '024144'];
    expected.forEach((token, counter) => assert.equal(generateHOTP(key, counter), token));
  });

  it('truncates at the last byte of SHA-256 and SHA-512 digests (not at byte 19)', seeded((random) => {
    for (let i = 0; i < 500; i++) {
      for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
        const key = random.bytes(random.int(1, 100));
        const counter = random.int(0, 2 ** 40);
        const digits = random.int(6, 9);
        assert.equal(
          generateHOTP(key, counter, { digits, algorithm }),
          referenceHOTP(key, BigInt(counter), digits, algorithm),
        );
      }
    }
  }));

  it('handles counters at 2^32 boundaries, near 2^53, and bigints up to 2^64 - 1', seeded((random) => {
    const key = random.bytes(20);
    const counters = [
      2n ** 32n - 1n, 2n ** 32n, 2n ** 32n + 1n,
      2n ** 53n - 2n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n,
      2n ** 63n, 2n ** 64n - 2n, 2n ** 64n - 1n,
    ];
    for (const counter of counters) {
      for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
        const expected = referenceHOTP(key, counter, 6, algorithm);
        assert.equal(generateHOTP(key, counter, { algorithm }), expected, `counter ${counter}`);
        if (counter <= BigInt(Number.MAX_SAFE_INTEGER)) {
          assert.equal(generateHOTP(key, Number(counter), { algorithm }), expected);
        }
      }
    }
  }));

  it('accepts a Buffer key (a Uint8Array subclass)', () => {
    assert.equal(generateHOTP(Buffer.from('12345678901234567890'), 0), '755224');
  });

  it('rejects bad arguments with TypeError or RangeError', seeded((random) => {
    const key = random.bytes(20);
    assert.throws(() => generateHOTP('secret' as unknown as Uint8Array, 0), TypeError);
    assert.throws(() => generateHOTP([1, 2, 3] as unknown as Uint8Array, 0), TypeError);
    assert.throws(() => generateHOTP(new Uint8Array(0), 0), RangeError);
    assert.throws(() => generateHOTP(key, -1), RangeError);
    assert.throws(() => generateHOTP(key, -1n), RangeError);
    assert.throws(() => generateHOTP(key, 1.5), RangeError);
    assert.throws(() => generateHOTP(key, Number.NaN), RangeError);
    assert.throws(() => generateHOTP(key, Number.POSITIVE_INFINITY), RangeError);
    assert.throws(() => generateHOTP(key, 2 ** 53), RangeError, 'unsafe numbers are ambiguous: use a bigint');
    assert.throws(() => generateHOTP(key, 2n ** 64n), RangeError);
    assert.throws(() => generateHOTP(key, '1' as unknown as number), TypeError);
    for (const digits of [5, 9, 6.5, 0, -6, Number.NaN]) {
      assert.throws(() => generateHOTP(key, 0, { digits }), RangeError, `digits ${digits}`);
    }
    assert.throws(() => generateHOTP(key, 0, { digits: '6' as unknown as number }), TypeError);
    for (const algorithm of ['sha1', 'MD5', 'SHA-1', '']) {
      assert.throws(() => generateHOTP(key, 0, { algorithm: algorithm as HashAlgorithm }), RangeError, algorithm);
    }
    assert.throws(() => generateHOTP(key, 0, { algorithm: 1 as unknown as HashAlgorithm }), TypeError);
  }));

  it('never includes the key or counter value in error messages', () => {
    const key = new TextEncoder().encode('supersecretkey!!');
    try {
      generateHOTP(key, 0, { digits: 9 });
      assert.fail('expected a throw');
    } catch (error) {
      assert.ok(error instanceof RangeError);
      assert.ok(!error.message.includes('supersecret'));
    }
  });
});

describe('verifyHOTP', () => {
  const key = RFC_KEY;

  it('returns the matched counter, trying counter .. counter + window', () => {
    assert.equal(verifyHOTP(key, '755224', 0), 0);
    assert.equal(verifyHOTP(key, '287082', 0), null, 'window 0 tries only the given counter');
    assert.equal(verifyHOTP(key, '287082', 0, { window: 1 }), 1);
    assert.equal(verifyHOTP(key, '520489', 0, { window: 9 }), 9);
    assert.equal(verifyHOTP(key, '520489', 0, { window: 8 }), null);
    assert.equal(verifyHOTP(key, '755224', 1, { window: 5 }), null, 'no look-behind');
    assert.equal(verifyHOTP(key, '969429', 3n), 3);
  });

  it('returns the earliest counter when a token repeats within the window', () => {
    // Find a repeat in a long run of 6-digit tokens for a fixed key.
    const tokens = hotpCandidates(key, 0, 3000);
    const seen = new Map<string, number>();
    let repeat: [number, number] | null = null;
    for (let counter = 0; counter < tokens.length && repeat === null; counter++) {
      const first = seen.get(tokens[counter]!);
      if (first !== undefined) repeat = [first, counter];
      seen.set(tokens[counter]!, counter);
    }
    // 3000 draws from 10^6 values repeat with probability ~99%; the key is fixed, so this is deterministic.
    assert.ok(repeat !== null, 'expected a repeated token among 3000 counters');
    const [first, second] = repeat;
    const token = tokens[first]!;
    assert.equal(verifyHOTP(key, token, first, { window: second - first }), first);
    assert.equal(verifyHOTP(key, token, first + 1, { window: second - first }), second);
  });

  it('returns null (never throws) for tokens of the wrong length or with non-digits', () => {
    for (const token of ['', '75522', '7552240', '75522a', ' 755224', '755224 ', '７５５２２４', '-55224', '+55224', '7.5224', '0x5224']) {
      assert.equal(verifyHOTP(key, token, 0, { window: 3 }), null, JSON.stringify(token));
    }
    assert.equal(verifyHOTP(key, '84755224', 0, { digits: 8 }), 0);
    assert.equal(verifyHOTP(key, '755224', 0, { digits: 8 }), null);
  });

  it('checks its arguments', () => {
    assert.throws(() => verifyHOTP(key, 755224 as unknown as string, 0), TypeError);
    assert.throws(() => verifyHOTP(key, '755224', 0, { window: -1 }), RangeError);
    assert.throws(() => verifyHOTP(key, '755224', 0, { window: 1.5 }), RangeError);
    assert.throws(() => verifyHOTP(key, '755224', -1), RangeError);
    assert.throws(() => verifyHOTP(new Uint8Array(0), '755224', 0), RangeError);
    // The matched counter is returned as a number, so the window must stay exact.
    assert.throws(() => verifyHOTP(key, '755224', Number.MAX_SAFE_INTEGER, { window: 1 }), RangeError);
    assert.throws(() => verifyHOTP(key, '755224', 2n ** 60n), RangeError);
    assert.equal(typeof verifyHOTP(key, '000000', Number.MAX_SAFE_INTEGER), 'object');
  });

  it('verifies near 2^53 - 1', () => {
    const counter = Number.MAX_SAFE_INTEGER - 3;
    const token = generateHOTP(key, counter + 3);
    assert.equal(verifyHOTP(key, token, counter, { window: 3 }), counter + 3);
    assert.equal(verifyHOTP(key, token, BigInt(counter), { window: 3 }), counter + 3);
  });

  it('crosses a 2^32 boundary inside the window', () => {
    const counter = 2 ** 32 - 2;
    const tokens = [0, 1, 2, 3].map((offset) => referenceHOTP(key, BigInt(counter + offset), 6, 'SHA1'));
    assert.deepEqual(hotpCandidates(key, counter, 4), tokens);
    assert.equal(verifyHOTP(key, tokens[3]!, counter, { window: 3 }), counter + 3);
  });
});

describe('hotpCandidates', () => {
  it('equals generateHOTP for each counter, for every algorithm and digit count', seeded((random) => {
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
      for (const digits of [6, 7, 8]) {
        const key = random.bytes(32);
        const first = random.int(0, 2 ** 47);
        const candidates = hotpCandidates(key, first, 7, { algorithm, digits });
        assert.equal(candidates.length, 7);
        candidates.forEach((token, i) => assert.equal(token, generateHOTP(key, first + i, { algorithm, digits })));
      }
    }
  }));

  it('returns an empty list for count 0 and checks its arguments', () => {
    assert.deepEqual(hotpCandidates(RFC_KEY, 0, 0), []);
    assert.deepEqual(hotpCandidates(RFC_KEY, 8, 2), ['399871', '520489']);
    assert.throws(() => hotpCandidates(RFC_KEY, -1, 1), RangeError);
    assert.throws(() => hotpCandidates(RFC_KEY, 0, -1), RangeError);
    assert.throws(() => hotpCandidates(RFC_KEY, 0.5, 1), RangeError);
    assert.throws(() => hotpCandidates(RFC_KEY, Number.MAX_SAFE_INTEGER, 2), RangeError);
    assert.throws(() => hotpCandidates(RFC_KEY, 0n as unknown as number, 1), TypeError);
    assert.equal(hotpCandidates(RFC_KEY, Number.MAX_SAFE_INTEGER, 1).length, 1);
  });

  it('handles windows larger than the internal scratch buffer', () => {
    const tokens = hotpCandidates(RFC_KEY, 0, 100);
    assert.deepEqual(tokens.slice(0, 10), ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']);
    assert.equal(tokens[99], generateHOTP(RFC_KEY, 99));
    assert.equal(hotpCandidates(RFC_KEY, 0, 3)[2], '359152', 'the scratch buffer is reusable afterwards');
  });
});

describe('hotpMatchMask', () => {
  it('sets exactly the bits of the counters whose token is the given one, for every algorithm and digit count', seeded((random) => {
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
      for (const digits of [6, 7, 8]) {
        for (let round = 0; round < 20; round++) {
          const key = random.bytes(random.int(16, 80));
          const first = random.int(0, 2 ** 47);
          const count = random.int(0, MAX_MATCH_WINDOW + 1);
          const candidates = hotpCandidates(key, first, count, { algorithm, digits });
          // A candidate of the window (or, now and then, a token of no counter of it).
          const token = count > 0 && random.int(4) > 0 ? random.pick(candidates) : String(random.int(0, 10 ** digits)).padStart(digits, '0');
          const expected = candidates.reduce((mask, candidate, i) => (candidate === token ? mask | (1 << i) : mask), 0);
          assert.equal(hotpMatchMask(key, token, first, count, { algorithm, digits }), expected);
        }
      }
    }
  }));

  it('matches tokens with leading zeros, finds several counters, and nothing for a malformed token', () => {
    // RFC 4226 Appendix D: counter 1 gives 287082, counter 5 gives 254676.
    assert.equal(hotpMatchMask(RFC_KEY, '287082', 0, 10), 0b10);
    assert.equal(hotpMatchMask(RFC_KEY, '254676', 1, 5), 0b10000);
    const key = decodeHex('3132333435363738393031323334353637383930');
    const zeros = hotpCandidates(key, 0, 3000).findIndex((token) => token.startsWith('0'));
    assert.ok(zeros >= 0);
    assert.equal(hotpMatchMask(key, generateHOTP(key, zeros), zeros, 1), 1);
    for (const token of ['28708', '2870820', '28708a', '２８７０８２', ' 287082', '']) assert.equal(hotpMatchMask(RFC_KEY, token, 0, 10), 0);
  });

  it('checks its arguments', () => {
    assert.equal(hotpMatchMask(RFC_KEY, '755224', 0, 0), 0);
    assert.throws(() => hotpMatchMask(RFC_KEY, '755224', 0, MAX_MATCH_WINDOW + 1), RangeError);
    assert.throws(() => hotpMatchMask(RFC_KEY, '755224', -1, 1), RangeError);
    assert.throws(() => hotpMatchMask(RFC_KEY, '755224', Number.MAX_SAFE_INTEGER, 2), RangeError);
    assert.throws(() => hotpMatchMask(RFC_KEY, 755224 as unknown as string, 0, 1), TypeError);
    assert.throws(() => hotpMatchMask(new Uint8Array(0), '755224', 0, 1), RangeError);
    assert.equal(hotpMatchMask(RFC_KEY, generateHOTP(RFC_KEY, Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER, 1), 1);
  });
});
