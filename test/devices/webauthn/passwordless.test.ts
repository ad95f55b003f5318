/**
 * Passwordless sign-in ceremonies of the `webauthn` kind: options for any
 * passkey (empty allowCredentials, user verification required), the user
 * found from the credential, user verification required whatever the kind's
 * setting, and the same challenge rules as every ceremony.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FLAGS } from '../../support/soft-webauthn.js';
import { harness, key, register, requestOptions, SESSION_A, SESSION_B } from './support.js';

describe('passwordless sign-in ceremonies', () => {
  it('offer any passkey with user verification required, and find the user from the credential', async () => {
    const h = harness({ userVerification: 'preferred' });
    const passkey = key({ seed: 'passwordless-ok', synced: true, counts: false });
    const device = await register(h, passkey, 'alice');
    const options = await h.ceremonies.startPasswordless({ binding: SESSION_B });
    assert.deepEqual(options.allowCredentials ?? [], []);
    assert.equal(options.userVerification, 'required');
    const result = await h.ceremonies.finishPasswordless({ binding: SESSION_B, response: passkey.assert(options) });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.device.userId, 'alice');
    assert.equal(result.device.persistentId, device.persistentId);
  });

  it('refuse an assertion without user verification, even when the kind does not require it', async () => {
    const h = harness({ userVerification: 'preferred' });
    const passkey = key({ seed: 'passwordless-no-uv', userVerification: false });
    await register(h, passkey, 'alice');
    const options = await h.ceremonies.startPasswordless({ binding: SESSION_B });
    const result = await h.ceremonies.finishPasswordless({ binding: SESSION_B, response: passkey.assert(options, { flags: FLAGS.UP }) });
    assert.ok(!result.ok);
    assert.equal(result.check, 'user-verification');
    // The failure counts against the key like any other (throttling); past the pause, the same key without
    // the flag still works as a second factor, where the kind does not require it.
    h.clock.advance(2);
    const second = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: passkey.assert(await requestOptions(h), { flags: FLAGS.UP }) });
    assert.ok(second.ok, JSON.stringify(second));
  });

  it('refuse an unknown credential the same way whether or not anyone has keys', async () => {
    const h = harness();
    const stranger = key({ seed: 'passwordless-stranger' });
    // Registered with another relying party instance: its credential is unknown here.
    const elsewhere = harness();
    await register(elsewhere, stranger, 'mallory');
    const options = await h.ceremonies.startPasswordless({ binding: SESSION_B });
    const empty = await h.ceremonies.finishPasswordless({ binding: SESSION_B, response: stranger.assert(options) });
    await register(h, key({ seed: 'passwordless-someone' }), 'alice');
    const again = await h.ceremonies.startPasswordless({ binding: SESSION_B });
    const populated = await h.ceremonies.finishPasswordless({ binding: SESSION_B, response: stranger.assert(again) });
    assert.deepEqual(empty, { ok: false, reason: 'unknown-credential', device: null });
    assert.deepEqual(populated, empty);
  });

  it('take a challenge once, only in its session, and not one issued for a user', async () => {
    const h = harness();
    const passkey = key({ seed: 'passwordless-replay' });
    await register(h, passkey, 'alice');
    const options = await h.ceremonies.startPasswordless({ binding: SESSION_B });
    const response = passkey.assert(options);
    const otherSession = await h.ceremonies.finishPasswordless({ binding: SESSION_A, response });
    assert.equal(otherSession.ok ? 'ok' : otherSession.reason, 'challenge-mismatch');
    const fresh = await h.ceremonies.startPasswordless({ binding: SESSION_B });
    const first = passkey.assert(fresh);
    assert.ok((await h.ceremonies.finishPasswordless({ binding: SESSION_B, response: first })).ok);
    const replay = await h.ceremonies.finishPasswordless({ binding: SESSION_B, response: first });
    assert.equal(replay.ok ? 'ok' : replay.reason, 'challenge-not-found');
    // A challenge issued for alice's second factor does not serve a passwordless sign-in.
    const perUser = await requestOptions(h, 'alice', SESSION_B);
    const crossed = await h.ceremonies.finishPasswordless({ binding: SESSION_B, response: passkey.assert(perUser) });
    assert.equal(crossed.ok ? 'ok' : crossed.reason, 'challenge-mismatch');
  });

  it('refuse an expired challenge', async () => {
    const h = harness();
    const passkey = key({ seed: 'passwordless-expired' });
    await register(h, passkey, 'alice');
    const options = await h.ceremonies.startPasswordless({ binding: SESSION_B });
    h.clock.advance(h.kind.config.challengeTimeoutMs / 1000 + 1);
    const late = await h.ceremonies.finishPasswordless({ binding: SESSION_B, response: passkey.assert(options) });
    assert.equal(late.ok ? 'ok' : late.reason, 'challenge-expired');
  });
});
