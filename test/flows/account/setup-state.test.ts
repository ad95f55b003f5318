import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { totp } from '../../../src/devices/totp/index.js';
import { hotp } from '../../../src/devices/hotp/index.js';
import { createSecretBox } from '../../../src/core/secrets.js';
import { generateTOTP, parseOtpauthURI } from '../../../src/oath/index.js';
import {
  createAccountSealer,
  formatKeyForReading,
  initialState,
  matchesKey,
  newPendingSetup,
  openSetupKey,
  parsePendingSetup,
  provisioningUri,
  serializePendingSetup,
  setupLockedUntil,
  withFailure,
  SETUP_KEY_BYTES,
} from '../../../src/flows/account/setup-state.js';
import { hasRecentFactor } from '../../../src/flows/account/access.js';
import { START } from '../../express/support.js';

const SECRET_A = 'account-tests-secret-a-0123456789abcdefghij';
const SECRET_B = 'account-tests-secret-b-0123456789abcdefghij';

describe('a setup in progress', () => {
  it('seals a fresh 160-bit key, bound to its setup, user and method', () => {
    const sealer = createAccountSealer([SECRET_A]);
    const { setup, key } = newPendingSetup(sealer, { userId: 'u', method: 'totp', now: START, next: '/here' });
    assert.equal(key.length, SETUP_KEY_BYTES);
    assert.deepEqual(openSetupKey(sealer, setup), key);
    assert.equal(setup.sealedKey.includes(Buffer.from(key).toString('base64url')), false);
    // Bound: moving the sealed key to another setup, user or method fails closed.
    assert.equal(openSetupKey(sealer, { ...setup, userId: 'v' }), null);
    assert.equal(openSetupKey(sealer, { ...setup, method: 'hotp' }), null);
    assert.equal(openSetupKey(sealer, { ...setup, id: 'A'.repeat(22) }), null);
    assert.equal(openSetupKey(sealer, { ...setup, sealedKey: `${setup.sealedKey.slice(0, -2)}AA` }), null);
    // Another secret does not open it; a rotated list (new first, old kept) does.
    assert.equal(openSetupKey(createAccountSealer([SECRET_B]), setup), null);
    assert.deepEqual(openSetupKey(createAccountSealer([SECRET_B, SECRET_A]), setup), key);
    // Keys are separated from device secrets: the same secret in the core's box does not open it.
    assert.throws(() => createSecretBox([SECRET_A]).open(setup.sealedKey, `account-setup|totp|${setup.id}|u`));
    const two = newPendingSetup(sealer, { userId: 'u', method: 'totp', now: START, next: null });
    assert.notDeepEqual(two.key, key);
    assert.notEqual(two.setup.id, setup.id);
  });

  it('reads back only well-formed setups from the session, and drops an unsafe next', () => {
    const sealer = createAccountSealer([SECRET_A]);
    const { setup } = newPendingSetup(sealer, { userId: 'u', method: 'totp', now: START, next: '//evil.example' });
    assert.equal(setup.next, null);
    const stored = serializePendingSetup(setup);
    assert.deepEqual(parsePendingSetup(JSON.parse(JSON.stringify(stored))), setup);
    const bad: unknown[] = [
      null,
      'text',
      [],
      { ...stored, id: 'short' },
      { ...stored, userId: '' },
      { ...stored, method: 'TOTP' },
      { ...stored, sealedKey: 42 },
      { ...stored, sealedKey: 'x'.repeat(2000) },
      { ...stored, startedAt: -1 },
      { ...stored, failures: 1.5 },
      { ...stored, lastFailureAt: 'now' },
      { ...stored, next: 'https://evil.example' },
    ];
    for (const value of bad) assert.equal(parsePendingSetup(value), null, JSON.stringify(value));
  });

  it('checks codes with the kind\'s own rules (±1 step for TOTP), without storing anything', async () => {
    const kind = totp();
    const sealer = createAccountSealer([SECRET_A]);
    const { key } = newPendingSetup(sealer, { userId: 'u', method: 'totp', now: START, next: null });
    const state = await initialState(kind, key);
    const at = START + 10 * 30_000;
    const code = (offset: number) => generateTOTP(key, { time: at / 1000 + offset * 30 });
    assert.equal(await matchesKey(kind, key, state, code(0), at), true);
    assert.equal(await matchesKey(kind, key, state, code(-1), at), true);
    assert.equal(await matchesKey(kind, key, state, code(1), at), true);
    assert.equal(await matchesKey(kind, key, state, code(-2), at), code(-2) === code(0));
    assert.equal(await matchesKey(kind, key, state, code(2), at), code(2) === code(0));
    assert.equal(await matchesKey(kind, key, state, 'abcdef', at), false);
    assert.equal(await matchesKey(kind, key, state, '', at), false);
    const uri = parseOtpauthURI(provisioningUri(kind, key, state, { accountName: 'alice', issuer: 'Example' }));
    assert.deepEqual([...uri.key], [...key]);
    assert.equal(uri.type, 'totp');
    const counter = hotp();
    const hotpUri = parseOtpauthURI(provisioningUri(counter, key, await initialState(counter, key), { accountName: 'alice', issuer: undefined }));
    assert.equal(hotpUri.type, 'hotp');
  });

  it('backs off with each wrong code: factor × 2^(n−1) seconds, at least 1 s', () => {
    const sealer = createAccountSealer([SECRET_A]);
    let { setup } = newPendingSetup(sealer, { userId: 'u', method: 'totp', now: START, next: null });
    const kind = totp({ throttleFactor: 0 });
    assert.equal(setupLockedUntil(setup, kind, START), null);
    setup = withFailure(setup, START);
    assert.equal(setupLockedUntil(setup, kind, START), START + 1000, 'a kind without throttling still backs off here');
    assert.equal(setupLockedUntil(setup, kind, START + 1000), null);
    setup = withFailure(withFailure(setup, START + 1000), START + 1000);
    assert.equal(setupLockedUntil(setup, kind, START + 1000), START + 5000);
    assert.equal(setupLockedUntil(setup, totp({ throttleFactor: 3 }), START + 1000), START + 13_000);
  });

  it('formats the key in groups of four for reading', () => {
    assert.equal(formatKeyForReading(new Uint8Array(20)), 'AAAA AAAA AAAA AAAA AAAA AAAA AAAA AAAA');
    assert.equal(formatKeyForReading(new Uint8Array([255, 255, 255])), '7777 6');
  });
});

describe('recent verification', () => {
  const otp = (method: 'device' | 'match' | 'remembered-browser', at: number) => ({ type: 'otp' as const, kind: 'totp', persistentId: 'totp/abc', method, at });
  it('counts a code within the window, inclusive, and never a remembered browser, a password or a factor from the future', () => {
    const now = START + 900_000;
    assert.equal(hasRecentFactor([otp('device', START)], now, 900_000), true);
    assert.equal(hasRecentFactor([otp('match', START)], now, 900_000), true);
    assert.equal(hasRecentFactor([otp('device', START - 1)], now, 900_000), false);
    assert.equal(hasRecentFactor([otp('remembered-browser', now)], now, 900_000), false);
    assert.equal(hasRecentFactor([{ type: 'password', at: now }], now, 900_000), false);
    assert.equal(hasRecentFactor([otp('device', now + 1)], now, 900_000), false);
    assert.equal(hasRecentFactor([otp('device', START - 1), otp('remembered-browser', now), otp('device', now)], now, 900_000), true);
  });
});
