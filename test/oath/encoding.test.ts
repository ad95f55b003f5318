import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constantTimeEqual, decodeBase32, decodeHex, encodeBase32, encodeHex } from '../../src/oath/index.js';
import { seeded } from '../support/random.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('base32', () => {
  it('encodes the RFC 4648 §10 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY======'],
      ['fo', 'MZXQ===='],
      ['foo', 'MZXW6==='],
      ['foob', 'MZXW6YQ='],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI======'],
    ];
    for (const [plain, encoded] of vectors) {
      assert.equal(encodeBase32(bytes(plain), { padding: true }), encoded);
      assert.equal(encodeBase32(bytes(plain)), encoded.replace(/=/g, ''));
      assert.deepEqual(decodeBase32(encoded), bytes(plain));
      assert.deepEqual(decodeBase32(encoded.replace(/=/g, '')), bytes(plain));
      assert.deepEqual(decodeBase32(encoded.toLowerCase()), bytes(plain));
    }
  });

  it('decodes the Key Uri Format example and the RFC seed', () => {
    assert.deepEqual(decodeBase32('JBSWY3DPEHPK3PXP'), Uint8Array.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]));
    assert.deepEqual(decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'), bytes('12345678901234567890'));
  });

  it('round-trips 2000 random byte strings, with and without padding', seeded((random) => {
    for (let i = 0; i < 2000; i++) {
      const data = random.bytes(random.int(0, 80));
      const unpadded = encodeBase32(data);
      assert.match(unpadded, /^[A-Z2-7]*$/);
      assert.deepEqual(decodeBase32(unpadded), new Uint8Array(data));
      const padded = encodeBase32(data, { padding: true });
      assert.equal(padded.length % 8, 0);
      assert.deepEqual(decodeBase32(padded), new Uint8Array(data));
    }
  }));

  it('ignores spaces and dashes and accepts mixed case, as people type secrets', () => {
    const key = bytes('12345678901234567890');
    assert.deepEqual(decodeBase32('gezd gnbv gy3t qojq gezd gnbv gy3t qojq'), key);
    assert.deepEqual(decodeBase32('GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ'), key);
    assert.deepEqual(decodeBase32(' GeZdGnBvGy3TqOjQgEzDgNbVgY3tQoJq '), key);
  });

  it('ignores leftover bits of a partial last character (as authenticator apps do)', () => {
    assert.deepEqual(decodeBase32('MY'), bytes('f'));
    assert.deepEqual(decodeBase32('MZ'), bytes('f'), 'non-zero trailing bits');
  });

  it('rejects invalid input with a TypeError that does not echo the input', () => {
    const invalid = ['A', 'ABC', 'ABCDEF', 'ABCDEFGHA', 'MY0=====', 'MY1', 'MY8', 'MY9', 'MY!', 'MYé', 'MY=', 'MY=====', 'MY=======', 'M=Y=====', 'MY======MY', '=', 'MY\n', 'MY\t'];
    for (const text of invalid) {
      assert.throws(() => decodeBase32(text), (error: unknown) => {
        assert.ok(error instanceof TypeError, JSON.stringify(text));
        assert.ok(!error.message.includes(text) || text.length < 2);
        return true;
      });
    }
    assert.throws(() => decodeBase32(42 as unknown as string), TypeError);
    assert.throws(() => encodeBase32('abc' as unknown as Uint8Array), TypeError);
    assert.throws(() => encodeBase32(new Uint8Array(1), { padding: 'yes' as unknown as boolean }), TypeError);
  });
});

describe('hex', () => {
  it('round-trips random bytes and matches Buffer', seeded((random) => {
    for (let i = 0; i < 1000; i++) {
      const data = random.bytes(random.int(0, 70));
      const text = encodeHex(data);
      assert.equal(text, data.toString('hex'));
      assert.deepEqual(decodeHex(text), new Uint8Array(data));
      assert.deepEqual(decodeHex(text.toUpperCase()), new Uint8Array(data));
    }
  }));

  it('rejects odd lengths and non-hex characters', () => {
    for (const text of ['a', 'abc', 'zz', '0g', 'g0', '  ', '0x12', '12 3', 'é1', '1:']) {
      assert.throws(() => decodeHex(text), TypeError, JSON.stringify(text));
    }
    assert.throws(() => decodeHex(null as unknown as string), TypeError);
    assert.throws(() => encodeHex([1] as unknown as Uint8Array), TypeError);
    assert.deepEqual(decodeHex(''), new Uint8Array(0));
    assert.deepEqual(decodeHex('00ff7F'), Uint8Array.from([0, 255, 127]));
  });
});

describe('constantTimeEqual', () => {
  it('compares strings exactly', seeded((random) => {
    assert.equal(constantTimeEqual('', ''), true);
    assert.equal(constantTimeEqual('123456', '123456'), true);
    assert.equal(constantTimeEqual('123456', '123457'), false);
    assert.equal(constantTimeEqual('123456', '023456'), false);
    assert.equal(constantTimeEqual('123456', '12345'), false);
    assert.equal(constantTimeEqual('12345', '123456'), false);
    assert.equal(constantTimeEqual('é', 'e'), false);
    assert.equal(constantTimeEqual('\u0100', '\u0000'), false, 'differences above the low byte count');
    for (let i = 0; i < 500; i++) {
      const a = random.bytes(4).toString('hex');
      const b = random.bytes(4).toString('hex');
      assert.equal(constantTimeEqual(a, b), a === b);
      assert.equal(constantTimeEqual(a, a.slice()), true);
    }
  }));

  it('throws on non-strings', () => {
    assert.throws(() => constantTimeEqual(1 as unknown as string, '1'), TypeError);
    assert.throws(() => constantTimeEqual('1', undefined as unknown as string), TypeError);
  });
});
