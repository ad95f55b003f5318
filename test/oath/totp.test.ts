import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHex, generateHOTP, generateTOTP, hotpCandidates, timeStep, verifyTOTP } from '../../src/oath/index.js';
import type { HashAlgorithm } from '../../src/oath/index.js';

const encoder = new TextEncoder();
/** RFC 6238 Appendix A seeds: the key length matches each hash's output size. */
const RFC_SEEDS: Record<HashAlgorithm, Uint8Array> = {
  SHA1: encoder.encode('12345678901234567890'),
  SHA256: encoder.encode('12345678901234567890123456789012'),
  SHA512: encoder.encode('1234567890123456789012345678901234567890123456789012345678901234'),
};

describe('generateTOTP', () => {
  it('produces every RFC 6238 Appendix B token (8 digits, step 30)', () => {
    const table: [number, number, Record<HashAlgorithm, string>][] = [
      [59, 0x1, { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' }],
      [1111111109, 0x23523ec, { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' }],
      [1111111111, 0x23523ed, { SHA1: '14050471', SHA256: '67062674', SHA512: '99943326' }],
      [1234567890, 0x273ef07, { SHA1: '89005924', SHA256: '91819424', SHA512: '93441116' }],
      [2000000000, 0x3f940aa, { SHA1: '69279037', SHA256: '90698825', SHA512: '38618901' }],
      [20000000000, 0x27bc86aa, { SHA1: '65353130', SHA256: '77737706', SHA512: '47863826' }],
    ];
    for (const [time, step, tokens] of table) {
      assert.equal(timeStep({ time }), step);
      for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
        assert.equal(generateTOTP(RFC_SEEDS[algorithm], { time, digits: 8, algorithm }), tokens[algorithm], `${algorithm} @ ${time}`);
        assert.equal(verifyTOTP(RFC_SEEDS[algorithm], tokens[algorithm], { time, digits: 8, algorithm, window: 0 }), step);
      }
    }
  });

  it('matches the django-otp TOTP fixture (key 2a2b…acc4, steps 0..9), including a leading zero', () => {
    const key = decodeHex('2a2bbba1092ffdd25a328ad1a0a5f5d61d7aacc4');
    const expected = ['179225', '656163', '839400', '154567', '346912', '471576', '045675', '101397', '491039', '784503'];
    expected.forEach((token, step) => {
      assert.equal(generateTOTP(key, { time: step * 30 }), token);
      assert.equal(generateTOTP(key, { time: step * 30 + 29.999 }), token);
      assert.equal(generateTOTP(key, { time: step * 30, step: 30, t0: 0 }), token);
    });
  });

  it('equals HOTP at the time step, with t0 and other step sizes', () => {
    const key = RFC_SEEDS.SHA1;
    assert.equal(generateTOTP(key, { time: 1000 + 45 * 7 + 3, t0: 1000, step: 45 }), generateHOTP(key, 7));
    assert.equal(generateTOTP(key, { time: 12345, step: 1 }), generateHOTP(key, 12345));
    assert.equal(generateTOTP(key, { time: 100.5, t0: 40.5, step: 60 }), generateHOTP(key, 1));
  });

  it('uses the current time by default', () => {
    const key = RFC_SEEDS.SHA1;
    const before = Math.floor(Date.now() / 1000 / 30);
    const token = generateTOTP(key);
    const after = Math.floor(Date.now() / 1000 / 30);
    assert.ok([before, after].map((step) => generateHOTP(key, step)).includes(token));
  });

  it('refuses times before t0 (no token exists for a negative step)', () => {
    assert.throws(() => generateTOTP(RFC_SEEDS.SHA1, { time: -1 }), RangeError);
    assert.throws(() => generateTOTP(RFC_SEEDS.SHA1, { time: 99, t0: 100 }), RangeError);
    assert.equal(generateTOTP(RFC_SEEDS.SHA1, { time: 100, t0: 100 }), '755224');
  });

  it('rejects bad options', () => {
    const key = RFC_SEEDS.SHA1;
    for (const step of [0, -30, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => generateTOTP(key, { time: 0, step }), RangeError, `step ${step}`);
    }
    assert.throws(() => generateTOTP(key, { time: 0, step: '30' as unknown as number }), TypeError);
    for (const time of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      assert.throws(() => generateTOTP(key, { time }), RangeError, `time ${time}`);
    }
    assert.throws(() => generateTOTP(key, { time: '59' as unknown as number }), TypeError);
    assert.throws(() => generateTOTP(key, { time: 59, t0: Number.NaN }), RangeError);
    assert.throws(() => generateTOTP(key, { time: 1e300 }), RangeError, 'step beyond safe integers');
    assert.throws(() => generateTOTP(key, { time: 59, digits: 10 }), RangeError);
    assert.throws(() => generateTOTP(key, { time: 59, algorithm: 'SHA384' as HashAlgorithm }), RangeError);
    assert.throws(() => generateTOTP(new Uint8Array(), { time: 59 }), RangeError);
  });
});

describe('timeStep', () => {
  it('is floor((time - t0) / step), negative before t0, fractional times included', () => {
    assert.equal(timeStep({ time: 0 }), 0);
    assert.equal(timeStep({ time: 29.999 }), 0);
    assert.equal(timeStep({ time: 30 }), 1);
    assert.equal(timeStep({ time: -0.001 }), -1);
    assert.equal(timeStep({ time: -30 }), -1);
    assert.equal(timeStep({ time: -30.5 }), -2);
    assert.equal(timeStep({ time: 10, t0: 100 }), -3);
    assert.equal(timeStep({ time: 100, t0: 100 }), 0);
    assert.equal(timeStep({ time: 7, step: 1 }), 7);
    assert.equal(timeStep({ time: 7.9, step: 1 }), 7);
    assert.equal(timeStep({ time: 1e12, step: 60 }), Math.floor(1e12 / 60));
  });

  it('defaults to now', () => {
    const before = Math.floor(Date.now() / 30000);
    const step = timeStep();
    assert.ok(step === before || step === before + 1);
    assert.ok(Math.abs(timeStep({ step: 1 }) - Date.now() / 1000) < 2);
  });
});

describe('verifyTOTP', () => {
  const key = RFC_SEEDS.SHA1;
  const time = 1111111111; // step 37037037
  const T = 37037037;
  const tokenAt = (step: number): string => generateHOTP(key, step);

  it('accepts T-1, T and T+1 by default and returns the matched step', () => {
    assert.equal(verifyTOTP(key, tokenAt(T), { time }), T);
    assert.equal(verifyTOTP(key, tokenAt(T - 1), { time }), T - 1);
    assert.equal(verifyTOTP(key, tokenAt(T + 1), { time }), T + 1);
    assert.equal(verifyTOTP(key, tokenAt(T - 2), { time }), null);
    assert.equal(verifyTOTP(key, tokenAt(T + 2), { time }), null);
  });

  it('honours window and drift', () => {
    assert.equal(verifyTOTP(key, tokenAt(T + 1), { time, window: 0 }), null);
    assert.equal(verifyTOTP(key, tokenAt(T), { time, window: 0 }), T);
    assert.equal(verifyTOTP(key, tokenAt(T + 3), { time, window: 3 }), T + 3);
    assert.equal(verifyTOTP(key, tokenAt(T - 3), { time, window: 3 }), T - 3);
    assert.equal(verifyTOTP(key, tokenAt(T + 2), { time, window: 0, drift: 2 }), T + 2);
    assert.equal(verifyTOTP(key, tokenAt(T), { time, window: 0, drift: 2 }), null);
    assert.equal(verifyTOTP(key, tokenAt(T - 3), { time, window: 1, drift: -2 }), T - 3);
  });

  it('skips steps below minStep (replay protection)', () => {
    assert.equal(verifyTOTP(key, tokenAt(T), { time, minStep: T + 1 }), null);
    assert.equal(verifyTOTP(key, tokenAt(T - 1), { time, minStep: T }), null);
    assert.equal(verifyTOTP(key, tokenAt(T), { time, minStep: T }), T);
    assert.equal(verifyTOTP(key, tokenAt(T + 1), { time, minStep: T + 1 }), T + 1);
    assert.equal(verifyTOTP(key, tokenAt(T + 1), { time, minStep: T + 2 }), null);
    assert.equal(verifyTOTP(key, tokenAt(T), { time, minStep: -5 }), T);
  });

  it('skips negative steps instead of throwing', () => {
    // time 10, t0 100: T = -3; a window of 5 reaches steps 0..2.
    assert.equal(verifyTOTP(key, tokenAt(0), { time: 10, t0: 100, window: 5 }), 0);
    assert.equal(verifyTOTP(key, tokenAt(2), { time: 10, t0: 100, window: 5 }), 2);
    assert.equal(verifyTOTP(key, tokenAt(0), { time: 10, t0: 100, window: 2 }), null);
    assert.equal(verifyTOTP(key, tokenAt(0), { time: -1 }), 0, 'T = -1, window reaches step 0');
  });

  it('uses the current time by default', () => {
    const step = timeStep();
    assert.equal(verifyTOTP(key, tokenAt(step), { window: 1 }) !== null, true);
  });

  it('returns the earliest step when the same token occurs twice in the window', () => {
    const tokens = hotpCandidates(key, 0, 3000);
    let pair: [number, number] | null = null;
    const seen = new Map<string, number>();
    for (let i = 0; i < tokens.length && pair === null; i++) {
      const first = seen.get(tokens[i]!);
      if (first !== undefined) pair = [first, i];
      seen.set(tokens[i]!, i);
    }
    assert.ok(pair !== null, 'expected a repeated token among 3000 steps');
    const [first, second] = pair;
    const middle = Math.floor((first + second) / 2);
    const window = Math.ceil((second - first) / 2);
    assert.equal(verifyTOTP(key, tokens[first]!, { time: middle * 30, window }), first);
    assert.equal(verifyTOTP(key, tokens[first]!, { time: middle * 30, window, minStep: first + 1 }), second);
  });

  it('returns null (never throws) for malformed tokens', () => {
    for (const token of ['', '1234567', '12345', 'abcdef', '12 456', '１２３４５６', '\u0000\u0000\u0000\u0000\u0000\u0000']) {
      assert.equal(verifyTOTP(key, token, { time }), null, JSON.stringify(token));
    }
    assert.equal(verifyTOTP(key, tokenAt(T), { time, digits: 8 }), null);
    assert.equal(verifyTOTP(key, generateHOTP(key, T, { digits: 8 }), { time, digits: 8 }), T);
  });

  it('checks its arguments', () => {
    assert.throws(() => verifyTOTP(key, 123456 as unknown as string, { time }), TypeError);
    assert.throws(() => verifyTOTP(key, null as unknown as string, { time }), TypeError);
    assert.throws(() => verifyTOTP(key, '123456', { time, window: -1 }), RangeError);
    assert.throws(() => verifyTOTP(key, '123456', { time, window: 0.5 }), RangeError);
    assert.throws(() => verifyTOTP(key, '123456', { time, drift: 0.5 }), RangeError);
    assert.throws(() => verifyTOTP(key, '123456', { time, minStep: Number.NaN }), RangeError);
    assert.throws(() => verifyTOTP(key, '123456', { time: Number.NaN }), RangeError);
    assert.throws(() => verifyTOTP(key, '123456', { time, drift: Number.MAX_SAFE_INTEGER }), RangeError);
    assert.throws(() => verifyTOTP(key, '123456', { time, step: 0 }), RangeError);
    assert.throws(() => verifyTOTP(new Uint8Array(0), '123456', { time }), RangeError);
  });
});
