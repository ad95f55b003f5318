import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hotp } from '../../src/devices/hotp/index.js';
import type { HotpOptions, HotpState } from '../../src/devices/hotp/index.js';
import type { JsonObject } from '../../src/core/types.js';
import { decodeBase32 } from '../../src/oath/index.js';
import { accepts, ascii, assertTwofoldError, createDevice, hex, outcomeOf, referenceHotp } from './support.js';

// django-otp's HOTP fixture (§15.4): tokens for counters 0..5.
const FIXTURE_KEY = hex('d2e8a68036f68960b1c30532bb6c56da5934d879');
const FIXTURE_TOKENS = ['782373', '313268', '307722', '855853', '507718', '024144'];
// HOTP ignores the clock; any value shows that.
const NOW = 1_700_000_000_000;

describe('hotp kind: django-otp matrix (tolerance 1)', () => {
  const kind = hotp({ throttleFactor: 0 });

  it('the fixture tokens are what the reference implementation computes', () => {
    FIXTURE_TOKENS.forEach((token, counter) => assert.equal(referenceHotp(FIXTURE_KEY, counter), token));
  });

  it('test_normal: the expected counter verifies and the counter becomes 1', async () => {
    const device = await createDevice(kind, { key: FIXTURE_KEY, tolerance: 1 });
    assert.ok(await accepts(kind, device, FIXTURE_TOKENS[0]!, NOW));
    assert.equal(device.state.counter, 1);
  });

  it('test_normal_drift: one ahead verifies and the counter becomes 2', async () => {
    const device = await createDevice(kind, { key: FIXTURE_KEY, tolerance: 1 });
    assert.ok(await accepts(kind, device, FIXTURE_TOKENS[1]!, NOW));
    assert.equal(device.state.counter, 2);
  });

  it('test_excessive_drift: two ahead is rejected and the counter stays 0', async () => {
    const device = await createDevice(kind, { key: FIXTURE_KEY, tolerance: 1 });
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[2]!, NOW), 'invalid');
    assert.equal(device.state.counter, 0);
  });

  it('test_bad_value: 123456 is rejected', async () => {
    const device = await createDevice(kind, { key: FIXTURE_KEY, tolerance: 1 });
    assert.equal(await outcomeOf(kind, device, '123456', NOW), 'invalid');
    assert.equal(device.state.counter, 0);
  });

  it('the whole fixture verifies in order with tolerance 0, keeping the leading zero', async () => {
    const device = await createDevice(kind, { key: FIXTURE_KEY, tolerance: 0 });
    for (const token of FIXTURE_TOKENS) assert.ok(await accepts(kind, device, token, NOW), token);
    assert.equal(device.state.counter, 6);
    assert.equal(kind.normalizeToken('24144', device.state), null);
  });
});

describe('hotp kind: counter, look-ahead and replay (security checklist OTP-5)', () => {
  const kind = hotp();

  it('accepts ahead within tolerance, then nothing at or below the used counter', async () => {
    const key = FIXTURE_KEY;
    const device = await createDevice(kind, { key, tolerance: 5 });
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 3), NOW), 'match');
    assert.equal(device.state.counter, 4);
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 3), NOW), 'replayed');
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 2), NOW), 'replayed', 'skipped counters are dead too');
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 4 + 5 + 1), NOW), 'invalid', 'beyond the look-ahead');
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 4 + 5), NOW), 'match', 'the edge of the look-ahead');
    assert.equal(device.state.counter, 10);
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 5), NOW), 'replayed', 'within the look-behind');
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 4), NOW), 'invalid', 'beyond the look-behind: just wrong');
  });

  it('default tolerance is 5 ahead', async () => {
    const key = FIXTURE_KEY;
    const device = await createDevice(kind, { key });
    assert.equal(device.state.tolerance, 5);
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 6), NOW), 'invalid');
    assert.equal(await outcomeOf(kind, device, referenceHotp(key, 5), NOW), 'match');
  });

  it('a failure changes nothing', async () => {
    const device = await createDevice(kind, { key: FIXTURE_KEY });
    const before = device.state;
    assert.equal(await outcomeOf(kind, device, '000000', NOW), 'invalid');
    assert.deepEqual(device.state, before);
  });

  it('starts at a given counter (re-enrolling a used token)', async () => {
    const device = await createDevice(kind, { key: FIXTURE_KEY, counter: 3, tolerance: 1 });
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[2]!, NOW), 'replayed');
    assert.equal(await outcomeOf(kind, device, FIXTURE_TOKENS[4]!, NOW), 'match');
    assert.equal(device.state.counter, 5);
  });

  it('works near the top of the safe-integer range without overflowing the counter', async () => {
    const last = Number.MAX_SAFE_INTEGER - 1;
    const device = await createDevice(kind, { key: FIXTURE_KEY, counter: last - 1, tolerance: 5 });
    assert.equal(await outcomeOf(kind, device, referenceHotp(FIXTURE_KEY, last), NOW), 'match');
    assert.equal(device.state.counter, Number.MAX_SAFE_INTEGER);
    assert.equal(await outcomeOf(kind, device, referenceHotp(FIXTURE_KEY, last), NOW), 'replayed');
  });
});

describe('hotp kind: algorithms and digits', () => {
  const kind = hotp();

  it('RFC 4226 appendix D, counters 0..9', async () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    const device = await createDevice(kind, { key: ascii('12345678901234567890'), tolerance: 0 });
    for (const token of expected) assert.equal(await outcomeOf(kind, device, token, NOW), 'match', token);
  });

  for (const algorithm of ['SHA256', 'SHA512'] as const) {
    for (const digits of [6, 8]) {
      it(`${algorithm}, ${digits} digits (checked against otpauth)`, async () => {
        const key = ascii('12345678901234567890123456789012');
        const device = await createDevice(kind, { key, algorithm, digits, tolerance: 1 });
        const sha1Token = referenceHotp(key, 0, digits, 'SHA1');
        assert.ok(![0, 1].some((counter) => referenceHotp(key, counter, digits, algorithm) === sha1Token), 'precondition');
        assert.equal(await outcomeOf(kind, device, sha1Token, NOW), 'invalid', 'the SHA1 token of the same key');
        assert.equal(await outcomeOf(kind, device, referenceHotp(key, 1, digits, algorithm), NOW), 'match');
        assert.equal(await outcomeOf(kind, device, referenceHotp(key, 2, digits, algorithm), NOW), 'match');
      });
    }
  }
});

describe('hotp kind: creation options', () => {
  const kind = hotp();

  it('defaults: 20 random bytes, 6 digits, SHA1, tolerance 5, counter 0', async () => {
    const a = await createDevice(kind, undefined);
    const b = await createDevice(kind, {});
    assert.equal(a.secret?.length, 20);
    assert.notDeepEqual(a.secret, b.secret);
    assert.deepEqual(a.state, { digits: 6, algorithm: 'SHA1', tolerance: 5, counter: 0 });
  });

  const invalid: readonly (readonly [string, unknown, RegExp])[] = [
    ['key too short', { key: new Uint8Array(10) }, /"key".*got 10 bytes/],
    ['key as hex text', { key: 'd2e8a68036f68960b1c30532bb6c56da5934d879' }, /"key" must be a Uint8Array/],
    ['digits 10', { digits: 10 }, /"digits"/],
    ['algorithm SHA384', { algorithm: 'SHA384' }, /"algorithm"/],
    ['tolerance 101', { tolerance: 101 }, /"tolerance" must be an integer from 0 to 100/],
    ['negative counter', { counter: -1 }, /"counter"/],
    ['fractional counter', { counter: 1.5 }, /"counter"/],
    ['bigint counter', { counter: 5n }, /"counter"/],
    ['unsafe counter', { counter: 2 ** 60 }, /"counter"/],
    ['unknown option', { drift: 1 }, /unknown option "drift"/],
    ['options as a string', 'counter=1', /options must be an object/],
  ];
  for (const [label, options, message] of invalid) {
    it(`rejects ${label} with INVALID_OPTIONS`, () => {
      assertTwofoldError(() => kind.create(options as HotpOptions), 'INVALID_OPTIONS', message);
    });
  }

  it('kind configuration is validated', () => {
    assertTwofoldError(() => hotp({ throttleFactor: Number.NaN }), 'INVALID_CONFIG', /throttleFactor/);
    assert.equal(hotp().name, 'hotp');
    assert.equal(hotp().throttleFactor, 1);
    assert.equal(hotp({ throttleFactor: 0 }).throttleFactor, 0);
  });

  it('verify refuses a device without a key', async () => {
    const device = await createDevice(kind, {});
    assertTwofoldError(() => kind.verify({ token: '123456', secret: null, state: device.state, now: NOW }), 'CORRUPT_DEVICE');
  });
});

describe('hotp kind: stored state', () => {
  const kind = hotp();
  const valid: HotpState = { digits: 6, algorithm: 'SHA1', tolerance: 5, counter: 12 };

  it('parses a valid state', () => {
    assert.deepEqual(kind.parseState({ ...valid }), valid);
  });

  const corrupt: readonly (readonly [string, JsonObject])[] = [
    ['empty', {}],
    ['negative counter', { ...valid, counter: -1 }],
    ['counter as string', { ...valid, counter: '12' }],
    ['tolerance 1000', { ...valid, tolerance: 1000 }],
    ['digits 12', { ...valid, digits: 12 }],
    ['algorithm null', { ...valid, algorithm: null }],
  ];
  for (const [label, state] of corrupt) {
    it(`rejects ${label} with CORRUPT_DEVICE`, () => {
      assertTwofoldError(() => kind.parseState(state), 'CORRUPT_DEVICE');
    });
  }
});

describe('hotp kind: configUrl', () => {
  it('builds an otpauth://hotp URI carrying the current counter', async () => {
    const kind = hotp();
    const device = await createDevice(kind, { key: FIXTURE_KEY, counter: 3 });
    const uri = new URL(kind.configUrl!({ secret: device.secret, state: device.state, accountName: 'alice', issuer: 'example.com' }));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'hotp');
    assert.equal(decodeURIComponent(uri.pathname), '/example.com:alice');
    assert.deepEqual(decodeBase32(uri.searchParams.get('secret')!), FIXTURE_KEY);
    assert.equal(uri.searchParams.get('counter'), '3');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
    assert.equal(uri.searchParams.get('period'), null);
  });
});
