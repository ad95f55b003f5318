import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { totp, currentTotpStep } from '../../src/devices/totp/index.js';
import type { TotpKind, TotpOptions, TotpState } from '../../src/devices/totp/index.js';
import type { JsonObject } from '../../src/core/types.js';
import { decodeBase32 } from '../../src/oath/index.js';
import { accepts, ascii, assertTwofoldError, attempt, createDevice, hex, outcomeOf, referenceHotp, store } from './support.js';
import type { TestDevice } from './support.js';

// django-otp's TOTP fixture (§15.3): tokens for steps 0..9 of this key, step 30, t0 0.
const FIXTURE_KEY = hex('2a2bbba1092ffdd25a328ad1a0a5f5d61d7aacc4');
const FIXTURE_TOKENS = ['179225', '656163', '839400', '154567', '346912', '471576', '045675', '101397', '491039', '784503'];
// The clock pinned inside step 3 (90 s ≤ t < 120 s).
const NOW_T3 = 100_000;

/** Verifies each fixture token in order on one device and returns which were accepted. */
async function matrix(kind: TotpKind, device: TestDevice<TotpState>, now: number): Promise<boolean[]> {
  const results: boolean[] = [];
  for (const token of FIXTURE_TOKENS) results.push(await accepts(kind, device, token, now));
  return results;
}

function fixtureDevice(kind: TotpKind, options: TotpOptions = {}): Promise<TestDevice<TotpState>> {
  return createDevice(kind, { key: FIXTURE_KEY, ...options });
}

const F = false;
const T = true;

describe('totp kind: django-otp matrix (clock pinned to step 3)', () => {
  const kind = totp({ sync: false, throttleFactor: 0 });

  it('test_single: tolerance 0 accepts only the current step', async () => {
    const device = await fixtureDevice(kind, { tolerance: 0 });
    assert.deepEqual(await matrix(kind, device, NOW_T3), [F, F, F, T, F, F, F, F, F, F]);
    assert.equal(device.state.lastStep, 3);
  });

  it('test_tolerance: tolerance 1 accepts steps 2, 3, 4 in order', async () => {
    const device = await fixtureDevice(kind, { tolerance: 1 });
    assert.deepEqual(await matrix(kind, device, NOW_T3), [F, F, T, T, T, F, F, F, F, F]);
    assert.equal(device.state.lastStep, 4);
  });

  it('test_drift: tolerance 1 and drift -1 accept steps 1, 2, 3', async () => {
    const device = await fixtureDevice(kind, { tolerance: 1, drift: -1 });
    assert.deepEqual(await matrix(kind, device, NOW_T3), [F, T, T, T, F, F, F, F, F, F]);
    assert.equal(device.state.drift, -1, 'sync is off: drift is not touched');
  });

  it('test_sync_drift: tolerance 2 accepts step 5 and records drift 2 (maxDrift 2)', async () => {
    const syncing = totp({ sync: true, maxDrift: 2 });
    const device = await fixtureDevice(syncing, { tolerance: 2 });
    assert.equal(await accepts(syncing, device, FIXTURE_TOKENS[5]!, NOW_T3), true);
    assert.equal(device.state.drift, 2);
    assert.equal(device.state.lastStep, 5);
  });

  it('test_sync_drift with the default maxDrift 1: the recorded drift is clamped to 1', async () => {
    const syncing = totp();
    const device = await fixtureDevice(syncing, { tolerance: 2 });
    assert.equal(await accepts(syncing, device, FIXTURE_TOKENS[5]!, NOW_T3), true);
    assert.equal(device.state.drift, 1);
  });

  it('test_no_reuse: the same token twice is accepted once, then reported as replayed', async () => {
    const device = await fixtureDevice(kind, { tolerance: 0 });
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[3]!, NOW_T3), 'match');
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[3]!, NOW_T3), 'replayed');
    assert.equal(device.state.lastStep, 3);
  });

  it('an older step is rejected after a newer one, even inside the window', async () => {
    const device = await fixtureDevice(kind, { tolerance: 1 });
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[4]!, NOW_T3), 'match');
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[3]!, NOW_T3), 'replayed');
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[2]!, NOW_T3), 'replayed');
    // A step outside the window is just invalid, whether or not it is older.
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[1]!, NOW_T3), 'invalid');
    // Time moves on: step 5 (the next one) still works.
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[5]!, NOW_T3 + 30_000), 'match');
  });

  it('a replayed token stays rejected in later steps while it is in the window', async () => {
    const device = await fixtureDevice(kind, { tolerance: 1 });
    assert.ok(await accepts(kind, device, FIXTURE_TOKENS[3]!, NOW_T3));
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[3]!, NOW_T3 + 30_000), 'replayed');
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[3]!, NOW_T3 + 60_000), 'invalid');
  });

  it('a wrong token is invalid and leaves the state alone', async () => {
    const device = await fixtureDevice(kind, { tolerance: 1 });
    const before = device.state;
    assert.equal(await outcomeOf(kind, device, '000000', NOW_T3), 'invalid');
    assert.deepEqual(device.state, before);
  });

  it('the pinned clock really is step 3 at both edges of the step', async () => {
    assert.equal(currentTotpStep(90_000, { step: 30, t0: 0 }), 3);
    assert.equal(currentTotpStep(119_999, { step: 30, t0: 0 }), 3);
    assert.equal(currentTotpStep(120_000, { step: 30, t0: 0 }), 4);
    const device = await fixtureDevice(kind, { tolerance: 0 });
    assert.equal(await accepts(kind, device, FIXTURE_TOKENS[3]!, 119_999.9), true);
  });
});

describe('totp kind: drift is measured, never accumulated', () => {
  it('a run of +1 codes never drives drift above maxDrift', async () => {
    const kind = totp({ sync: true, maxDrift: 1 });
    const device = await fixtureDevice(kind, { tolerance: 1 });
    // Real step 3. django-otp would accept 4, then 5, then 6 (drift 1, 2, 3).
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[4]!, NOW_T3), 'match');
    assert.equal(device.state.drift, 1);
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[5]!, NOW_T3), 'match');
    assert.equal(device.state.drift, 1, 'offset 2 is clamped, not added');
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[6]!, NOW_T3), 'invalid');
    assert.equal(device.state.drift, 1);
  });

  it('acceptance stays within real step ± (tolerance + maxDrift) whatever codes are offered', async () => {
    for (const [tolerance, maxDrift] of [[0, 0], [1, 1], [1, 2], [2, 1], [1, 3]] as const) {
      const kind = totp({ sync: true, maxDrift });
      const key = ascii('12345678901234567890');
      const device = await createDevice(kind, { key, tolerance });
      const bound = tolerance + maxDrift;
      let furthest = 0;
      for (let realStep = 100; realStep < 160; realStep++) {
        const now = realStep * 30_000 + 12_345;
        // Each step, an adversarial prover offers the most future code first.
        for (let offset = 8; offset >= -8; offset--) {
          const result = await attempt(kind, device, referenceHotp(key, realStep + offset), now);
          if (result.match) {
            assert.ok(Math.abs(offset) <= bound, `tolerance ${tolerance}, maxDrift ${maxDrift}: accepted offset ${offset}`);
            assert.ok(Math.abs(device.state.drift) <= maxDrift);
            furthest = Math.max(furthest, offset);
          }
        }
      }
      assert.equal(furthest, bound, 'the bound is reached, so the test can see a violation');
    }
  });

  it('drift follows the device back when its clock is corrected', async () => {
    const kind = totp();
    const device = await fixtureDevice(kind, { tolerance: 1 });
    assert.ok(await accepts(kind, device, FIXTURE_TOKENS[4]!, NOW_T3));
    assert.equal(device.state.drift, 1);
    // One step later, the device shows the real step: the offset is now 0.
    assert.ok(await accepts(kind, device, FIXTURE_TOKENS[5]!, NOW_T3 + 60_000));
    assert.equal(device.state.drift, 0);
  });

  it('with sync off, lastStep moves but drift does not', async () => {
    const kind = totp({ sync: false });
    const device = await fixtureDevice(kind, { tolerance: 1 });
    assert.ok(await accepts(kind, device, FIXTURE_TOKENS[4]!, NOW_T3));
    assert.equal(device.state.drift, 0);
    assert.equal(device.state.lastStep, 4);
  });

  it('a stored drift larger than the current maxDrift is clamped at verification', async () => {
    const kind = totp({ maxDrift: 1 });
    const device = await fixtureDevice(kind, { tolerance: 0 });
    device.state = store(kind, { ...device.state, drift: 5 });
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[8]!, NOW_T3), 'invalid');
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[4]!, NOW_T3), 'match');
  });
});

describe('totp kind: algorithms, digits, step and t0', () => {
  // RFC 6238 appendix B: 8 digits, step 30, t0 0; one key per algorithm.
  const rfcKeys = {
    SHA1: ascii('12345678901234567890'),
    SHA256: ascii('12345678901234567890123456789012'),
    SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
  } as const;
  const rfcVectors: readonly (readonly [number, string, string, string])[] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];

  for (const [algorithm, column] of [['SHA1', 1], ['SHA256', 2], ['SHA512', 3]] as const) {
    it(`RFC 6238 vectors, ${algorithm}, 8 digits`, async () => {
      const kind = totp();
      const device = await createDevice(kind, { key: rfcKeys[algorithm], algorithm, digits: 8, tolerance: 0 });
      for (const vector of rfcVectors) {
        assert.equal(await outcomeOf(kind, device, vector[column], vector[0] * 1000), 'match', `time ${vector[0]}`);
      }
      // Another algorithm's token for the same time is not accepted.
      const other = await createDevice(kind, { key: rfcKeys[algorithm], algorithm: algorithm === 'SHA1' ? 'SHA256' : 'SHA1', digits: 8, tolerance: 0 });
      assert.equal(await outcomeOf(kind, other, rfcVectors[0]![column], 59_000), 'invalid');
    });
  }

  it('7 digits', async () => {
    const kind = totp();
    const key = ascii('12345678901234567890');
    const device = await createDevice(kind, { key, digits: 7, tolerance: 0 });
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 3, 7), NOW_T3), 'match');
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 4, 6), NOW_T3), 'malformed');
  });

  it('step 60 counts minutes; the 30-second code of the same moment is rejected', async () => {
    const kind = totp();
    const key = ascii('12345678901234567890');
    const now = 1_700_000_000_000;
    const device = await createDevice(kind, { key, step: 60, tolerance: 0 });
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, Math.floor(now / 30_000)), now), 'invalid');
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, Math.floor(now / 60_000)), now), 'match');
    assert.equal(device.state.lastStep, Math.floor(now / 60_000));
  });

  it('t0 shifts step 0: the django fixture with t0 = now - 95 s is at step 3', async () => {
    const kind = totp({ sync: false });
    const t0 = 1_600_000_000;
    const device = await fixtureDevice(kind, { t0, tolerance: 1 });
    assert.deepEqual(await matrix(kind, device, (t0 + 95) * 1000), [F, F, T, T, T, F, F, F, F, F]);
  });

  it('before t0 (negative steps) nothing verifies and nothing throws', async () => {
    const kind = totp();
    const t0 = 2_000_000_000;
    const device = await fixtureDevice(kind, { t0, tolerance: 1 });
    assert.equal(currentTotpStep((t0 - 100) * 1000, { step: 30, t0 }), -4);
    for (const token of FIXTURE_TOKENS) assert.equal(await outcomeOf(kind, device, token, (t0 - 100) * 1000), 'invalid');
    // At step -1 the window reaches step 0, which exists.
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[0]!, (t0 - 10) * 1000), 'match');
  });

  it('a non-finite clock is a programming error, not a silent rejection', async () => {
    const kind = totp();
    const device = await fixtureDevice(kind);
    assertTwofoldError(() => kind.verify({ token: '123456', secret: device.secret, state: device.state, now: Number.NaN }), 'INVALID_ARGUMENT');
  });

  it('verify refuses a device without a key', async () => {
    const kind = totp();
    const device = await fixtureDevice(kind);
    assertTwofoldError(() => kind.verify({ token: '154567', secret: null, state: device.state, now: NOW_T3 }), 'CORRUPT_DEVICE');
  });
});

describe('totp kind: token normalisation', () => {
  const kind = totp();

  it('accepts spaces, dashes, full-width digits; keeps leading zeros', async () => {
    const device = await fixtureDevice(kind, { tolerance: 0 });
    assert.equal(kind.normalizeToken(' 154 567 ', device.state), '154567');
    assert.equal(kind.normalizeToken('154-567', device.state), '154567');
    assert.equal(kind.normalizeToken('１５４５６７', device.state), '154567');
    assert.equal(kind.normalizeToken('045675', device.state), '045675');
    assert.equal(await outcomeOf(kind, device, '１５４ ５６７', NOW_T3), 'match');
  });

  it('rejects wrong lengths, letters and non-ASCII digits other than full-width', async () => {
    const device = await fixtureDevice(kind);
    for (const input of ['45675', '1545670', '15456a', '', '١٢٣٤٥٦', '+154567', '154567.0', 'x'.repeat(10_000)]) {
      assert.equal(kind.normalizeToken(input, device.state), null, JSON.stringify(input.slice(0, 20)));
    }
  });

  it('an 8-digit device wants exactly 8 digits', async () => {
    const device = await createDevice(kind, { digits: 8 });
    assert.equal(kind.normalizeToken('12345678', device.state), '12345678');
    assert.equal(kind.normalizeToken('123456', device.state), null);
  });
});

describe('totp kind: creation options', () => {
  const kind = totp();

  it('defaults: 20 random bytes, 6 digits, SHA1, step 30, t0 0, tolerance 1, drift 0, no last step', async () => {
    const a = await createDevice(kind, undefined);
    const b = await createDevice(kind, {});
    assert.equal(a.secret?.length, 20);
    assert.notDeepEqual(a.secret, b.secret);
    assert.deepEqual(a.state, { digits: 6, algorithm: 'SHA1', step: 30, t0: 0, tolerance: 1, drift: 0, lastStep: null });
  });

  it('copies the caller key, so mutating it later changes nothing', async () => {
    const key = Uint8Array.from(FIXTURE_KEY);
    const device = await createDevice(kind, { key, tolerance: 0 });
    key.fill(0);
    assert.ok(await accepts(kind, device, FIXTURE_TOKENS[3]!, NOW_T3));
  });

  it('accepts a 16-byte key (128 bits, the minimum)', async () => {
    const device = await createDevice(kind, { key: new Uint8Array(16).fill(7) });
    assert.equal(device.secret?.length, 16);
  });

  const invalid: readonly (readonly [string, unknown, RegExp])[] = [
    ['key too short', { key: new Uint8Array(15) }, /"key".*got 15 bytes/],
    ['key not bytes', { key: 'JBSWY3DPEHPK3PXP' }, /"key" must be a Uint8Array/],
    ['digits 5', { digits: 5 }, /"digits" must be 6, 7 or 8, got 5/],
    ['digits 9', { digits: 9 }, /"digits"/],
    ['digits as a string', { digits: '6' }, /"digits"/],
    ['algorithm lower case', { algorithm: 'sha1' }, /"algorithm" must be one of SHA1, SHA256, SHA512/],
    ['algorithm MD5', { algorithm: 'MD5' }, /"algorithm"/],
    ['step 0', { step: 0 }, /"step" must be an integer from 1 to 120, got 0/],
    ['step above two minutes', { step: 121 }, /"step"/],
    ['step fractional', { step: 30.5 }, /"step"/],
    ['t0 fractional', { t0: 0.5 }, /"t0"/],
    ['tolerance 11', { tolerance: 11 }, /"tolerance" must be an integer from 0 to 10/],
    ['tolerance negative', { tolerance: -1 }, /"tolerance"/],
    ['drift beyond maxDrift', { drift: 2 }, /"drift" must be an integer from -1 to 1/],
    ['drift fractional', { drift: 0.5 }, /"drift"/],
    ['unknown option (a typo for step)', { period: 60 }, /unknown option "period"/],
    ['null options', null, /options must be an object/],
    ['array options', [], /options must be an object/],
  ];
  for (const [label, options, message] of invalid) {
    it(`rejects ${label} with INVALID_OPTIONS`, () => {
      assertTwofoldError(() => kind.create(options as TotpOptions), 'INVALID_OPTIONS', message);
    });
  }

  it('the error for a bad key never contains the key bytes', () => {
    const key = ascii('SECRETSECRETSEC');
    assertTwofoldError(() => kind.create({ key }), 'INVALID_OPTIONS', /^(?!.*SECRET)/s);
  });

  it('a larger maxDrift allows a larger initial drift', async () => {
    const device = await createDevice(totp({ maxDrift: 3 }), { drift: -3 });
    assert.equal(device.state.drift, -3);
  });

  it('kind configuration is validated (INVALID_CONFIG)', () => {
    assertTwofoldError(() => totp({ maxDrift: 11 }), 'INVALID_CONFIG', /maxDrift/);
    assertTwofoldError(() => totp({ maxDrift: -1 }), 'INVALID_CONFIG', /maxDrift/);
    assertTwofoldError(() => totp({ maxDrift: 1.5 }), 'INVALID_CONFIG', /maxDrift/);
    assertTwofoldError(() => totp({ throttleFactor: -1 }), 'INVALID_CONFIG', /throttleFactor/);
    assertTwofoldError(() => totp({ throttleFactor: Number.POSITIVE_INFINITY }), 'INVALID_CONFIG', /throttleFactor/);
    assertTwofoldError(() => totp({ sync: 'yes' as unknown as boolean }), 'INVALID_CONFIG', /sync/);
  });

  it('exposes its name and throttle factor', () => {
    assert.equal(totp().name, 'totp');
    assert.equal(totp().throttleFactor, 1);
    assert.equal(totp({ throttleFactor: 0.5 }).throttleFactor, 0.5);
    assert.equal('generateChallenge' in totp(), false, 'not interactive');
  });
});

describe('totp kind: stored state', () => {
  const kind = totp();
  const valid: TotpState = { digits: 6, algorithm: 'SHA1', step: 30, t0: 0, tolerance: 1, drift: 0, lastStep: 57 };

  it('parses a valid state and drops unknown fields', () => {
    assert.deepEqual(kind.parseState({ ...valid, extra: 'x' }), valid);
    assert.deepEqual(kind.parseState({ ...valid, lastStep: null }), { ...valid, lastStep: null });
  });

  const corrupt: readonly (readonly [string, JsonObject])[] = [
    ['empty', {}],
    ['digits 4', { ...valid, digits: 4 }],
    ['digits string', { ...valid, digits: '6' }],
    ['unknown algorithm', { ...valid, algorithm: 'MD5' }],
    ['step 0', { ...valid, step: 0 }],
    ['step 300', { ...valid, step: 300 }],
    ['t0 fractional', { ...valid, t0: 1.5 }],
    ['tolerance 50', { ...valid, tolerance: 50 }],
    ['drift missing', { digits: 6, algorithm: 'SHA1', step: 30, t0: 0, tolerance: 1, lastStep: null }],
    ['lastStep string', { ...valid, lastStep: '3' }],
    ['lastStep missing', { digits: 6, algorithm: 'SHA1', step: 30, t0: 0, tolerance: 1, drift: 0 }],
  ];
  for (const [label, state] of corrupt) {
    it(`rejects ${label} with CORRUPT_DEVICE`, () => {
      assertTwofoldError(() => kind.parseState(state), 'CORRUPT_DEVICE');
    });
  }
});

describe('totp kind: configUrl', () => {
  const kind = totp();

  it('builds an otpauth://totp URI with the key, algorithm, digits and period', async () => {
    const device = await createDevice(kind, { key: FIXTURE_KEY, digits: 8, algorithm: 'SHA256', step: 60 });
    const uri = new URL(kind.configUrl!({ secret: device.secret, state: device.state, accountName: 'alice', issuer: 'Example Co' }));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/Example Co:alice');
    assert.deepEqual(decodeBase32(uri.searchParams.get('secret')!), FIXTURE_KEY);
    assert.equal(uri.searchParams.get('algorithm'), 'SHA256');
    assert.equal(uri.searchParams.get('digits'), '8');
    assert.equal(uri.searchParams.get('period'), '60');
    assert.equal(uri.searchParams.get('issuer'), 'Example Co');
    assert.equal(uri.searchParams.get('counter'), null);
  });

  it('refuses a device with t0 ≠ 0, which no app could reproduce', async () => {
    const device = await createDevice(kind, { t0: 15 });
    assertTwofoldError(() => kind.configUrl!({ secret: device.secret, state: device.state, accountName: 'alice' }), 'INVALID_ARGUMENT', /t0/);
  });
});
