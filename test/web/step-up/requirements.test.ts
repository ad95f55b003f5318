/**
 * Step-up requirements judged at exact instants: recency boundaries,
 * combinations, remembered browsers, quality filters, and the checks made
 * when a requirement is defined.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRequirement, defineRequirement, type AssessedFactor, type RequirementSpec } from '../../../src/web/step-up/index.js';
import type { AuthenticatorAssurance } from '../../../src/core/assurance.js';
import { isTwofoldError } from '../../../src/core/errors.js';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);
const OTP: AuthenticatorAssurance = { authenticator: 'single-factor-otp', phishingResistant: false, hardwareBound: false, aal2: true };
const KEY: AuthenticatorAssurance = { authenticator: 'single-factor-cryptographic', phishingResistant: true, hardwareBound: true, aal2: true };
const EMAIL: AuthenticatorAssurance = { authenticator: 'out-of-band', phishingResistant: false, hardwareBound: false, aal2: false };

function second(kind: string, at: number, assurance: AuthenticatorAssurance, rememberedBrowser = false): AssessedFactor {
  return { type: 'second-factor', kind, persistentId: `${kind}/1`, at, assurance, rememberedBrowser };
}
const password = (at: number): AssessedFactor => ({ type: 'password', at });

function refusesDefinition(spec: unknown, pattern: RegExp, name = 'r'): void {
  assert.throws(
    () => defineRequirement(name, spec as RequirementSpec),
    (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && pattern.test(error.message),
    JSON.stringify(spec),
  );
}

describe('step-up requirements', () => {
  it('counts a factor verified less than `within` seconds ago, and says when that ends', () => {
    const payments = defineRequirement('payments', { factor: 'second-factor', within: 300 });
    const factors = [second('totp', T, OTP)];
    const justBefore = checkRequirement(payments, factors, T + 299_999);
    assert.deepEqual(justBefore, { requirement: 'payments', satisfied: true, expiresAt: T + 300_000, missing: [] });
    const atTheEnd = checkRequirement(payments, factors, T + 300_000);
    assert.equal(atTheEnd.satisfied, false);
    assert.deepEqual(atTheEnd.missing, [[{ factor: 'second-factor', within: 300 }]]);
  });

  it('uses the newest matching factor, and never expires without `within`', () => {
    const any = defineRequirement('any', { factor: 'second-factor' });
    const recent = defineRequirement('recent', { factor: 'second-factor', within: 60 });
    const factors = [second('totp', T, OTP), second('totp', T + 50_000, OTP)];
    assert.equal(checkRequirement(recent, factors, T + 100_000).expiresAt, T + 110_000);
    assert.deepEqual(checkRequirement(any, factors, T + 10 * 86_400_000), { requirement: 'any', satisfied: true, expiresAt: null, missing: [] });
  });

  it('ignores a factor stamped in the future', () => {
    const any = defineRequirement('any', { factor: 'second-factor' });
    assert.equal(checkRequirement(any, [second('totp', T + 1, OTP)], T).satisfied, false);
  });

  it('lets a remembered browser stand in only where the rule allows it, never for recency or quality', () => {
    const remembered = [password(T), second('totp', T, OTP, true)];
    const dashboard = defineRequirement('dashboard', { factor: 'second-factor', rememberedBrowser: true });
    assert.equal(checkRequirement(dashboard, remembered, T + 86_400_000).satisfied, true);
    assert.equal(checkRequirement(defineRequirement('strict', { factor: 'second-factor' }), remembered, T).satisfied, false);
    const rememberedKey = [second('webauthn', T, KEY, true)];
    assert.equal(checkRequirement(defineRequirement('key', { factor: 'second-factor', phishingResistant: true, rememberedBrowser: true }), rememberedKey, T).satisfied, false);
    refusesDefinition({ factor: 'second-factor', within: 60, rememberedBrowser: true }, /never recent/);
  });

  it('filters by kind, NIST type, phishing resistance and hardware', () => {
    const factors = [second('totp', T, OTP), second('email', T, EMAIL)];
    const key = defineRequirement('key', { factor: 'second-factor', phishingResistant: true, within: 300 });
    assert.deepEqual(checkRequirement(key, factors, T + 1).missing, [[{ factor: 'second-factor', within: 300, phishingResistant: true }]]);
    assert.equal(checkRequirement(key, [...factors, second('webauthn', T, KEY)], T + 1).satisfied, true);
    assert.equal(checkRequirement(defineRequirement('k', { factor: 'second-factor', kinds: ['email'] }), factors, T).satisfied, true);
    assert.equal(checkRequirement(defineRequirement('k', { factor: 'second-factor', kinds: ['sms'] }), factors, T).satisfied, false);
    const oob = defineRequirement('oob', { factor: 'second-factor', authenticators: ['out-of-band'] });
    assert.equal(checkRequirement(oob, factors, T).satisfied, true);
    const hardware = defineRequirement('hw', { factor: 'second-factor', hardwareBound: true });
    assert.equal(checkRequirement(hardware, [second('webauthn', T, { ...KEY, hardwareBound: false })], T).satisfied, false);
  });

  it('needs every part of allOf, and expires with the first part to expire', () => {
    const changeEmail = defineRequirement('change-email', {
      allOf: [
        { factor: 'password', within: 900 },
        { factor: 'second-factor', within: 600 },
      ],
    });
    const both = [password(T), second('totp', T + 60_000, OTP)];
    assert.deepEqual(checkRequirement(changeEmail, both, T + 100_000), { requirement: 'change-email', satisfied: true, expiresAt: T + 660_000, missing: [] });
    const onlyCode = checkRequirement(changeEmail, [second('totp', T, OTP)], T + 1);
    assert.deepEqual(onlyCode.missing, [[{ factor: 'password', within: 900 }]]);
    const nothing = checkRequirement(changeEmail, [], T);
    assert.deepEqual(nothing.missing, [[{ factor: 'password', within: 900 }, { factor: 'second-factor', within: 600 }]]);
  });

  it('needs one part of anyOf, lasting as long as the longest, and lists every way when none holds', () => {
    const either = defineRequirement('either', {
      anyOf: [
        { factor: 'second-factor', phishingResistant: true, within: 300 },
        { allOf: [{ factor: 'password', within: 300 }, { factor: 'second-factor', kinds: ['totp'], within: 300 }] },
      ],
    });
    const factors = [password(T), second('totp', T, OTP), second('webauthn', T + 100_000, KEY)];
    assert.equal(checkRequirement(either, factors, T + 200_000).expiresAt, T + 400_000);
    const none = checkRequirement(either, [second('totp', T, OTP)], T + 1);
    assert.deepEqual(none.missing, [
      [{ factor: 'second-factor', within: 300, phishingResistant: true }],
      [{ factor: 'password', within: 300 }],
    ]);
  });

  it('refuses malformed requirements, saying where', () => {
    refusesDefinition({ factor: 'second-factor', within: 1.5 }, /spec\.within must be a whole number/);
    refusesDefinition({ factor: 'second-factor', within: 0 }, /within/);
    refusesDefinition({ factor: 'fingerprint' }, /spec\.factor must be "password" or "second-factor"/);
    refusesDefinition({ factor: 'password', kinds: ['totp'] }, /does not take/);
    refusesDefinition({ factor: 'second-factor', kind: 'totp' }, /unknown property "kind"/);
    refusesDefinition({ factor: 'second-factor', kinds: [] }, /spec\.kinds must be a non-empty list/);
    refusesDefinition({ factor: 'second-factor', authenticators: ['smartcard'] }, /unknown value "smartcard"/);
    refusesDefinition({ factor: 'second-factor', phishingResistant: 'yes' }, /true or false/);
    refusesDefinition({ allOf: [] }, /spec\.allOf must be a non-empty list/);
    refusesDefinition({ anyOf: [{ factor: 'password' }, 7] }, /spec\.anyOf\[1\] must be a rule/);
    refusesDefinition({ allOf: [{ factor: 'password' }], anyOf: [] }, /other properties/);
    let deep: unknown = { factor: 'password' };
    for (let i = 0; i < 10; i++) deep = { allOf: [deep] };
    refusesDefinition(deep, /deeper than 8/);
    refusesDefinition({ anyOf: Array.from({ length: 65 }, () => ({ factor: 'password' })) }, /longer than 64 rules/);
    refusesDefinition({ factor: 'password' }, /requirement name/, 'Payments!');
  });

  it('freezes what it defines', () => {
    const spec = { factor: 'second-factor' as const, kinds: ['totp'] };
    const requirement = defineRequirement('frozen', spec);
    spec.kinds.push('sms');
    assert.deepEqual(requirement.spec, { factor: 'second-factor', kinds: ['totp'] });
    assert.ok(Object.isFrozen(requirement) && Object.isFrozen(requirement.spec));
  });
});
