import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFactor,
  MAX_FACTORS,
  parsePendingLogin,
  parseSessionState,
  serializePendingLogin,
  serializeSessionState,
  type SessionFactor,
} from '../../src/web/state.js';

const ID = 'totp/AAAAAAAAAAAAAAAAAAAAAA';

describe('session state', () => {
  it('round-trips through JSON', () => {
    const state = {
      userId: '42',
      factors: [
        { type: 'password', at: 1 },
        { type: 'otp', kind: 'totp', persistentId: ID, method: 'device', at: 2 },
      ] as SessionFactor[],
    };
    const stored: unknown = JSON.parse(JSON.stringify(serializeSessionState(state)));
    assert.deepEqual(parseSessionState(stored), state);
  });

  it('drops malformed factors and refuses malformed states', () => {
    const parsed = parseSessionState({
      userId: '42',
      factors: [
        { type: 'otp', kind: 'hotp', persistentId: ID, method: 'device', at: 1 }, // kind does not match the id
        { type: 'otp', kind: 'totp', persistentId: 'totp/short', method: 'device', at: 1 },
        { type: 'otp', kind: 'totp', persistentId: ID, method: 'magic', at: 1 },
        { type: 'otp', kind: 'totp', persistentId: ID, method: 'match', at: -1 },
        { type: 'otp', kind: 'totp', persistentId: ID, method: 'match', at: 1.5 },
        { type: 'webauthn', at: 1 },
        'otp',
        null,
        { type: 'otp', kind: 'totp', persistentId: ID, method: 'match', at: 3, extra: true },
      ],
    });
    assert.deepEqual(parsed, { userId: '42', factors: [{ type: 'otp', kind: 'totp', persistentId: ID, method: 'match', at: 3 }] });
    for (const bad of [null, 'x', [], { userId: '', factors: [] }, { userId: 42, factors: [] }, { userId: 'a'.repeat(256), factors: [] }, { userId: 'a' }]) {
      assert.equal(parseSessionState(bad), null, JSON.stringify(bad));
    }
  });

  it('keeps at most MAX_FACTORS, newest last', () => {
    let factors: SessionFactor[] = [];
    for (let at = 0; at < MAX_FACTORS + 3; at++) factors = appendFactor(factors, { type: 'password', at });
    assert.equal(factors.length, MAX_FACTORS);
    assert.equal(factors[0]?.at, 3);
    assert.equal(factors.at(-1)?.at, MAX_FACTORS + 2);
  });

  it('reads pending logins strictly', () => {
    const pending = { userId: '7', username: 'erin', at: 5 };
    assert.deepEqual(parsePendingLogin(serializePendingLogin(pending)), pending);
    for (const bad of [null, { userId: '7', username: 'erin' }, { userId: '7', username: 3, at: 5 }, { userId: '', username: 'x', at: 5 }, { userId: '7', username: 'x'.repeat(257), at: 5 }]) {
      assert.equal(parsePendingLogin(bad), null);
    }
  });
});
