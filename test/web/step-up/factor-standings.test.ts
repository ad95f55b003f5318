/**
 * How long each factor counts towards a requirement, at exact instants:
 * the latest end among the rules it meets, no end for a rule without
 * `within`, never for a remembered browser where recency is asked, and
 * never for a factor stamped in the future.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defineRequirement, factorStandings, type AssessedFactor } from '../../../src/web/step-up/index.js';
import type { AuthenticatorAssurance } from '../../../src/core/assurance.js';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);
const OTP: AuthenticatorAssurance = { authenticator: 'single-factor-otp', phishingResistant: false, hardwareBound: false, aal2: true };
const KEY: AuthenticatorAssurance = { authenticator: 'single-factor-cryptographic', phishingResistant: true, hardwareBound: true, aal2: true };

function second(kind: string, at: number, assurance: AuthenticatorAssurance, rememberedBrowser = false): AssessedFactor {
  return { type: 'second-factor', kind, persistentId: `${kind}/1`, at, assurance, rememberedBrowser };
}
const password = (at: number): AssessedFactor => ({ type: 'password', at });
const ends = (standings: ReturnType<typeof factorStandings>): (number | null | 'no')[] => standings.map((standing) => (standing.counts ? standing.expiresAt : 'no'));

describe('factor standings', () => {
  it('gives each factor the latest end among the rules it meets, until exactly that instant', () => {
    const either = defineRequirement('either', { anyOf: [{ factor: 'second-factor', within: 300 }, { factor: 'second-factor', phishingResistant: true, within: 900 }] });
    const factors = [second('totp', T, OTP), second('webauthn', T, KEY)];
    assert.deepEqual(ends(factorStandings(either, factors, T + 299_999)), [T + 300_000, T + 900_000]);
    assert.deepEqual(ends(factorStandings(either, factors, T + 300_000)), ['no', T + 900_000], 'the code stops counting at exactly 300 s');
    assert.deepEqual(ends(factorStandings(either, factors, T + 900_000)), ['no', 'no']);
  });

  it('has no end for a rule without recency, and leaves out what the requirement does not name', () => {
    const emailChange = defineRequirement('email-change', { allOf: [{ factor: 'password', within: 900 }, { factor: 'second-factor' }] });
    const factors = [password(T), second('totp', T, OTP)];
    assert.deepEqual(ends(factorStandings(emailChange, factors, T + 1000)), [T + 900_000, null]);
    const keyOnly = defineRequirement('key-only', { factor: 'second-factor', phishingResistant: true });
    assert.deepEqual(ends(factorStandings(keyOnly, factors, T + 1000)), ['no', 'no']);
  });

  it('never counts a remembered browser where recency is asked, nor a factor from the future', () => {
    const dashboard = defineRequirement('dashboard', { anyOf: [{ factor: 'second-factor', within: 43_200 }, { factor: 'second-factor', rememberedBrowser: true }] });
    const recent = defineRequirement('recent', { factor: 'second-factor', within: 300 });
    const remembered = [second('totp', T, OTP, true)];
    assert.deepEqual(ends(factorStandings(dashboard, remembered, T + 1)), [null], 'a remembered browser stands in where a rule allows it, with no end');
    assert.deepEqual(ends(factorStandings(recent, remembered, T + 1)), ['no']);
    assert.deepEqual(ends(factorStandings(recent, [second('totp', T + 10, OTP)], T)), ['no']);
  });
});
