/**
 * Assurance levels (NIST SP 800-63B-4) from assessed factors, what each
 * built-in kind declares it proves, and assessing a session's factors
 * against the store.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessFactors, assuranceLevel, type AssessedFactor } from '../../../src/web/step-up/index.js';
import { DEFAULT_ASSURANCE, resolveAssurance, type AuthenticatorAssurance } from '../../../src/core/assurance.js';
import { createTwofold } from '../../../src/core/twofold.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { hotp } from '../../../src/devices/hotp/index.js';
import { backupCodes } from '../../../src/devices/backup-codes/index.js';
import { yubikey } from '../../../src/devices/yubikey/index.js';
import { webauthn } from '../../../src/devices/webauthn/index.js';
import type { WebAuthnState } from '../../../src/devices/webauthn/state.js';
import { sequenceKind } from '../../core/fixtures.js';
import type { DeviceKind } from '../../../src/core/types.js';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);
const HOUR = 3_600_000;
const OTP: AuthenticatorAssurance = { authenticator: 'single-factor-otp', phishingResistant: false, hardwareBound: false, aal2: true };
const KEY: AuthenticatorAssurance = { authenticator: 'single-factor-cryptographic', phishingResistant: true, hardwareBound: true, aal2: true };
const SYNCED: AuthenticatorAssurance = { ...KEY, hardwareBound: false };
const EMAIL: AuthenticatorAssurance = { authenticator: 'out-of-band', phishingResistant: false, hardwareBound: false, aal2: false };

const second = (assurance: AuthenticatorAssurance, at = T, rememberedBrowser = false): AssessedFactor => ({
  type: 'second-factor',
  kind: 'k',
  persistentId: 'k/1',
  at,
  assurance,
  rememberedBrowser,
});
const level = (factors: AssessedFactor[], now = T, hostSignedIn = true) => assuranceLevel(factors, { hostSignedIn, now });

describe('assurance levels', () => {
  it('rates one factor AAL1, two AAL2, and a phishing-resistant hardware key AAL3', () => {
    assert.equal(level([], T, false), 0);
    assert.equal(level([]), 1);
    assert.equal(level([{ type: 'password', at: T }], T, false), 1);
    assert.equal(level([second(OTP)], T, false), 1, 'a code alone is one factor');
    assert.equal(level([second(OTP)]), 2);
    assert.equal(level([second(SYNCED)]), 2, 'a synced passkey can leave its hardware');
    assert.equal(level([second(KEY)]), 3);
  });

  it('does not let e-mail or a remembered browser raise the level', () => {
    assert.equal(level([second(EMAIL)]), 1);
    assert.equal(level([second(KEY, T, true)]), 1);
  });

  it('counts a passkey that verifies its user on every use as two factors', () => {
    const multi: AuthenticatorAssurance = { ...KEY, authenticator: 'multi-factor-cryptographic' };
    assert.equal(level([second(multi)], T, false), 3);
    assert.equal(level([second({ ...multi, hardwareBound: false })], T, false), 2);
  });

  it('asks for reauthentication after 12 hours at AAL3 and 24 hours at AAL2', () => {
    assert.equal(level([second(KEY)], T + 12 * HOUR - 1), 3);
    assert.equal(level([second(KEY)], T + 12 * HOUR), 2);
    assert.equal(level([second(OTP)], T + 24 * HOUR - 1), 2);
    assert.equal(level([second(OTP)], T + 24 * HOUR), 1);
    assert.equal(level([second(KEY, T + 1)], T), 1, 'a factor from the future does not count');
  });
});

describe('what the built-in kinds prove', () => {
  const state = (backupEligible: boolean | null) => ({ backupEligible }) as unknown as WebAuthnState;
  it('declares codes as relayable possession factors and security keys as phishing-resistant', () => {
    assert.deepEqual(resolveAssurance(totp(), {} as never), OTP);
    assert.deepEqual(resolveAssurance(hotp(), {} as never), OTP);
    assert.equal(resolveAssurance(backupCodes(), {} as never).authenticator, 'look-up-secret');
    assert.deepEqual(resolveAssurance(yubikey(), {} as never), { ...OTP, hardwareBound: true });
    const base = { rpId: 'example.com', rpName: 'Example', origins: ['https://example.com'] };
    assert.deepEqual(resolveAssurance(webauthn(base), state(false)), KEY);
    assert.equal(resolveAssurance(webauthn(base), state(true)).hardwareBound, false);
    assert.equal(resolveAssurance(webauthn(base), state(null)).hardwareBound, false, 'unknown eligibility is not hardware-bound');
    assert.equal(resolveAssurance(webauthn({ ...base, userVerification: 'required' }), state(false)).authenticator, 'multi-factor-cryptographic');
  });

  it('takes a kind without a declaration as an OTP device, and a broken declaration as the weakest', () => {
    assert.equal(resolveAssurance(sequenceKind(), { counter: 0 }), DEFAULT_ASSURANCE);
    const throwing = { ...sequenceKind(), assurance: () => { throw new Error('boom'); } };
    assert.deepEqual(resolveAssurance(throwing, { counter: 0 }), EMAIL);
    const malformed = { ...sequenceKind(), assurance: () => ({ authenticator: 'magic' }) as unknown as AuthenticatorAssurance };
    assert.equal(resolveAssurance(malformed, { counter: 0 }).aal2, false);
  });
});

describe('assessFactors', () => {
  it('describes each factor whose device is still the user’s, and drops the rest', async () => {
    const keyLike = {
      ...sequenceKind({ name: 'key-like' }),
      assurance: () => KEY,
    } as unknown as DeviceKind;
    const twofold = createTwofold({
      store: createMemoryStore(),
      kinds: [totp(), keyLike],
      clock: () => T,
      secrets: ['step-up-tests-secret-0123456789abcdef'],
      logger: { warn() {}, error() {} },
    });
    const phone = await twofold.createDevice({ userId: 'alice', kind: 'totp', confirmed: true });
    const key = await twofold.createDevice({ userId: 'alice', kind: 'key-like', confirmed: true });
    const gone = await twofold.createDevice({ userId: 'alice', kind: 'totp', confirmed: true });
    const bobs = await twofold.createDevice({ userId: 'bob', kind: 'totp', confirmed: true });
    await twofold.deleteDevice('alice', gone.persistentId);
    const assessed = await assessFactors(twofold, 'alice', [
      { type: 'password', at: T - 5 },
      { type: 'otp', kind: 'totp', persistentId: phone.persistentId, method: 'device', at: T - 4 },
      { type: 'otp', kind: 'key-like', persistentId: key.persistentId, method: 'remembered-browser', at: T - 3 },
      { type: 'otp', kind: 'totp', persistentId: gone.persistentId, method: 'device', at: T - 2 },
      { type: 'otp', kind: 'totp', persistentId: bobs.persistentId, method: 'device', at: T - 1 },
      { type: 'otp', kind: 'hotp', persistentId: phone.persistentId, method: 'match', at: T },
    ]);
    assert.deepEqual(assessed, [
      { type: 'password', at: T - 5 },
      { type: 'second-factor', at: T - 4, kind: 'totp', persistentId: phone.persistentId, rememberedBrowser: false, assurance: OTP },
      { type: 'second-factor', at: T - 3, kind: 'key-like', persistentId: key.persistentId, rememberedBrowser: true, assurance: KEY },
    ]);
  });
});
