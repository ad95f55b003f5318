import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import assert from 'node:assert/strict';
import { canonicalInput, normalizeNumericToken } from '../../src/core/normalize.js';

describe('token normalisation', () => {
  it('accepts what people type', () => {
    for (const input of ['123456', ' 123456 ', '123 456', '123-456', '12 34 56', '\t123456\n', '１２３４５６', '１２３ ４５６', '123\u00a0456', '123\u2009456', '123\u2013456', '123.456']) {
      assert.equal(normalizeNumericToken(input, 6), '123456', JSON.stringify(input));
    }
    assert.equal(normalizeNumericToken('012345', 6), '012345', 'leading zeros are kept');
    assert.equal(normalizeNumericToken('1234 5678', 8), '12345678');
  });

  it('rejects everything else without throwing', () => {
    for (const input of [null, undefined, 123456, {}, ['123456'], '', '12345', '1234567', '12345a', 'abcdef', '١٢٣٤٥٦', '+12345', '1e5000', '12345\u0000', 'x'.repeat(100_000)]) {
      assert.equal(normalizeNumericToken(input, 6), null, inspect(input).slice(0, 30));
    }
  });

  it('canonicalises free-form codes', () => {
    assert.equal(canonicalInput(' ABCDE-fghij ', { lowerCase: true }), 'abcdefghij');
    assert.equal(canonicalInput('ＡＢＣ'), 'ABC');
    assert.equal(canonicalInput(5), null);
    assert.equal(canonicalInput('x'.repeat(257)), null);
  });
});
