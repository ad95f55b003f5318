/**
 * The WebAuthn ceremonies against a software authenticator: the happy paths,
 * then every check a relying party must make, each with a response that is
 * honest except for the one thing under test.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FLAGS } from '../../support/soft-webauthn.js';
import type { CloneSuspicion } from '../../../src/devices/webauthn/index.js';
import { harness, key, register, requestOptions, SESSION_A, SESSION_B } from './support.js';

describe('webauthn ceremonies: happy paths', () => {
  it('registers a hardware key and signs in with it, the counter moving up', async () => {
    const h = harness();
    const authenticator = key();
    const created: string[] = [];
    h.twofold.on('deviceCreated', ({ device }) => created.push(device.kind));
    const device = await register(h, authenticator, 'alice', 'YubiKey');
    assert.deepEqual(created, ['webauthn']);
    assert.equal(device.name, 'YubiKey');
    assert.equal(device.confirmed, true);
    const { state } = device;
    assert.equal(state.credentialId, authenticator.credentialId);
    assert.equal(state.counter, 1);
    assert.deepEqual(state.transports, ['nfc', 'usb']);
    assert.equal(state.backupEligible, false);
    assert.equal(state.backedUp, false);
    assert.equal(state.userVerified, true);
    assert.equal(state.attestationFormat, 'none');
    assert.equal(state.aaguid, '00000000-0000-0000-0000-000000000000');
    assert.match(state.userHandle, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!JSON.stringify(state).includes('publicKey'), 'the public key is sealed in the secret, not in state');
    const record = await h.store.getDevice(device.id);
    assert.ok(record?.secret !== null && record?.secret !== undefined, 'the COSE key is stored (sealed) as the secret');

    const verified: string[] = [];
    h.twofold.on('verified', ({ device: used }) => verified.push(used.persistentId));
    for (let round = 0; round < 3; round++) {
      const options = await requestOptions(h);
      const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: authenticator.assert(options) });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.cloneSuspected, false);
      assert.equal(result.device.state.counter, round + 2);
    }
    assert.deepEqual(verified, [device.persistentId, device.persistentId, device.persistentId]);
  });

  it('registers a synced passkey (counter always 0) and accepts it again and again; JSON text works as well as objects', async () => {
    const h = harness();
    const passkey = key({ synced: true, counts: false, seed: 'passkey' });
    const device = await register(h, passkey);
    assert.equal(device.name, 'Passkey');
    assert.equal(device.state.backupEligible, true);
    assert.equal(device.state.backedUp, true);
    for (let round = 0; round < 2; round++) {
      const options = await requestOptions(h);
      const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: JSON.stringify(passkey.assert(options)) });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.device.state.counter, 0);
    }
  });

  it('lists every key of the user in allowCredentials and excludeCredentials, with transports, and keeps one user handle', async () => {
    const h = harness();
    const first = await register(h, key({ seed: 'one' }));
    h.clock.advance(1);
    const second = await register(h, key({ seed: 'two' }));
    assert.equal(second.state.userHandle, first.state.userHandle, 'one user handle per user');
    assert.notEqual(first.state.userHandle, Buffer.from('alice').toString('base64url'));
    const options = await requestOptions(h);
    assert.deepEqual(options, {
      ...options,
      rpId: 'example.com',
      userVerification: 'preferred',
      timeout: 300_000,
      allowCredentials: [
        { id: first.state.credentialId, type: 'public-key', transports: ['nfc', 'usb'] },
        { id: second.state.credentialId, type: 'public-key', transports: ['nfc', 'usb'] },
      ],
    });
    const creation = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
    assert.deepEqual(creation.excludeCredentials?.map((credential) => credential.id), [first.state.credentialId, second.state.credentialId]);
    assert.equal(creation.attestation, 'none');
    assert.deepEqual(creation.pubKeyCredParams.map((param) => param.alg), [-8, -7, -257]);
    assert.equal(creation.user.id, first.state.userHandle);
    assert.equal(await h.ceremonies.startAuthentication({ userId: 'nobody', binding: SESSION_A }), null, 'no keys: no options');
  });

  it('issues challenges of 32 random bytes, never twice', async () => {
    const h = harness();
    await register(h, key());
    const seen = new Set<string>();
    for (let round = 0; round < 200; round++) {
      const { challenge } = await requestOptions(h);
      assert.equal(Buffer.from(challenge, 'base64url').length, 32);
      seen.add(challenge);
    }
    assert.equal(seen.size, 200);
  });
});

describe('webauthn ceremonies: challenges', () => {
  it('refuses a replayed assertion (the challenge is gone)', async () => {
    const h = harness();
    const authenticator = key();
    await register(h, authenticator);
    const response = authenticator.assert(await requestOptions(h));
    assert.ok((await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response })).ok);
    const replay = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response });
    assert.deepEqual(replay, { ok: false, reason: 'challenge-not-found', device: null });
  });

  it('refuses an expired challenge, and accepts one just before expiry', async () => {
    const h = harness({ challengeTimeoutSeconds: 60 });
    const authenticator = key();
    await register(h, authenticator);
    const late = authenticator.assert(await requestOptions(h));
    h.clock.advance(60);
    assert.deepEqual(await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: late }), {
      ok: false,
      reason: 'challenge-expired',
      device: null,
    });
    const timely = authenticator.assert(await requestOptions(h));
    h.clock.advance(59.999);
    assert.ok((await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: timely })).ok);
  });

  it('refuses a challenge issued to another session, to another user, or for the other ceremony; each is burnt', async () => {
    const h = harness();
    const alice = key({ seed: 'alice' });
    const bob = key({ seed: 'bob' });
    await register(h, alice, 'alice');
    await register(h, bob, 'bob');

    const otherSession = alice.assert(await requestOptions(h, 'alice', SESSION_A));
    assert.equal((await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_B, response: otherSession })).ok, false);
    const again = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: otherSession });
    assert.equal(again.ok ? 'ok' : again.reason, 'challenge-not-found', 'a mismatch burns the challenge');

    const bobsChallenge = await requestOptions(h, 'bob', SESSION_A);
    const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: alice.assert(bobsChallenge) });
    assert.equal(result.ok ? 'ok' : result.reason, 'challenge-mismatch');

    const sessionB = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_B, response: alice.assert(await requestOptions(h, 'alice', SESSION_A)) });
    assert.equal(sessionB.ok ? 'ok' : sessionB.reason, 'challenge-mismatch');

    const creation = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
    const crossed = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: alice.assert({ challenge: creation.challenge }) });
    assert.equal(crossed.ok ? 'ok' : crossed.reason, 'challenge-mismatch', 'a registration challenge does not sign anyone in');
  });

  it('refuses a challenge the server never issued, and malformed responses', async () => {
    const h = harness();
    const authenticator = key();
    await register(h, authenticator);
    const forged = authenticator.assert({ challenge: Buffer.alloc(32, 7).toString('base64url') });
    assert.equal((await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: forged })).ok, false);
    for (const response of ['', 'null', '{}', '{"id":"x"}', 42, null, { ...forged, type: 'password' }]) {
      const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response });
      assert.equal(result.ok ? 'ok' : result.reason, 'malformed-response', JSON.stringify(response));
    }
    await assert.rejects(h.ceremonies.startAuthentication({ userId: 'alice', binding: 'short' }), /binding must be/);
  });
});

describe('webauthn ceremonies: assertion checks', () => {
  async function refusedAssertion(
    overrides: Parameters<ReturnType<typeof key>['assert']>[1],
    config: Parameters<typeof harness>[0] = {},
    keyOptions: Parameters<typeof key>[0] = {},
  ): Promise<{ reason: string; check: string | undefined }> {
    const h = harness(config);
    const authenticator = key(keyOptions);
    await register(h, authenticator);
    const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: authenticator.assert(await requestOptions(h), overrides) });
    assert.ok(!result.ok, 'refused');
    return { reason: result.reason, check: result.check };
  }

  it('refuses a wrong origin: another site, http, an unlisted subdomain', async () => {
    for (const origin of ['https://evil.example', 'http://example.com', 'https://other.example.com', 'https://example.com:8443']) {
      assert.deepEqual(await refusedAssertion({ origin }), { reason: 'invalid-token', check: 'origin' }, origin);
    }
  });

  it('keeps what the client sent out of log lines: the detail has no control characters', async () => {
    const h = harness();
    const authenticator = key();
    await register(h, authenticator);
    const origin = 'https://evil.example\n2026-01-01 INFO admin signed in';
    const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: authenticator.assert(await requestOptions(h), { origin }) });
    assert.ok(!result.ok && result.check === 'origin');
    assert.ok(result.detail !== undefined && !/[\n\r]/.test(result.detail), result.detail);
  });

  it('accepts every configured origin', async () => {
    const h = harness();
    const authenticator = key();
    await register(h, authenticator);
    const result = await h.ceremonies.finishAuthentication({
      userId: 'alice',
      binding: SESSION_A,
      response: authenticator.assert(await requestOptions(h), { origin: 'https://login.example.com' }),
    });
    assert.ok(result.ok);
  });

  it('refuses the rp id hash of another domain', async () => {
    assert.deepEqual(await refusedAssertion({ rpId: 'evil.example' }), { reason: 'invalid-token', check: 'rp-id' });
    assert.deepEqual(await refusedAssertion({ rpId: 'login.example.com' }), { reason: 'invalid-token', check: 'rp-id' });
  });

  it('refuses a registration-type client data during sign-in', async () => {
    assert.deepEqual(await refusedAssertion({ type: 'webauthn.create' }), { reason: 'invalid-token', check: 'type' });
  });

  it('refuses an assertion without user presence', async () => {
    assert.deepEqual(await refusedAssertion({ flags: FLAGS.UV }), { reason: 'invalid-token', check: 'user-presence' });
  });

  it('refuses an assertion without user verification when it is required, and accepts it when only preferred', async () => {
    assert.deepEqual(await refusedAssertion({ flags: FLAGS.UP }, { userVerification: 'required' }), { reason: 'invalid-token', check: 'user-verification' });
    const h = harness({ userVerification: 'preferred' });
    const authenticator = key();
    await register(h, authenticator);
    const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: authenticator.assert(await requestOptions(h), { flags: FLAGS.UP }) });
    assert.ok(result.ok);
  });

  it('refuses tampered data, another user handle, backed up without eligibility, and eligibility that changed', async () => {
    assert.deepEqual(await refusedAssertion({ tamper: true }), { reason: 'invalid-token', check: 'signature' });
    assert.deepEqual(await refusedAssertion({ userHandle: Buffer.from('mallory').toString('base64url') }), { reason: 'invalid-token', check: 'user-handle' });
    assert.deepEqual(await refusedAssertion({ flags: FLAGS.UP | FLAGS.UV | FLAGS.BS }), { reason: 'invalid-token', check: 'backup-flags' });
    assert.deepEqual(await refusedAssertion({ flags: FLAGS.UP | FLAGS.UV | FLAGS.BE }), { reason: 'invalid-token', check: 'backup-flags' });
  });

  it("refuses another user's credential and unknown credentials without saying whose they are", async () => {
    const h = harness();
    const bob = key({ seed: 'bob' });
    await register(h, key({ seed: 'alice' }), 'alice');
    await register(h, bob, 'bob');
    const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: bob.assert(await requestOptions(h, 'alice')) });
    assert.deepEqual(result, { ok: false, reason: 'unknown-credential', device: null });
  });

  it('never accepts an assertion through matchToken or verifyToken without the ceremony', async () => {
    const h = harness();
    const authenticator = key();
    const device = await register(h, authenticator);
    const response = JSON.stringify(authenticator.assert(await requestOptions(h)));
    assert.equal((await h.twofold.matchToken('alice', response)).ok, false);
    assert.equal((await h.twofold.verifyToken('alice', device.persistentId, response)).ok, false);
    const forged = { challenge: 'A'.repeat(43), report: () => undefined };
    assert.equal((await h.twofold.verifyToken('alice', device.persistentId, response, { context: forged })).ok, false, 'a context with the wrong challenge');
  });
});

describe('webauthn ceremonies: signature counter', () => {
  it('refuses a counter that went backwards or stood still, flags the device and reports it', async () => {
    const h = harness();
    const authenticator = key();
    const device = await register(h, authenticator);
    const suspicions: CloneSuspicion[] = [];
    h.ceremonies.on('cloneSuspected', (suspicion) => suspicions.push(suspicion));
    h.ceremonies.on('cloneSuspected', () => {
      throw new Error('a broken listener changes nothing');
    });
    authenticator.counter = 10;
    assert.ok((await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: authenticator.assert(await requestOptions(h)) })).ok);
    for (const counter of [11, 5]) {
      h.clock.advance(10); // past the back-off of the previous failure
      const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: authenticator.assert(await requestOptions(h), { counter }) });
      assert.equal(result.ok ? 'ok' : `${result.reason}/${result.check}`, 'invalid-token/counter', `counter ${counter}`);
    }
    assert.deepEqual(
      suspicions.map(({ storedCounter, receivedCounter, refused, device: flagged }) => [storedCounter, receivedCounter, refused, flagged.state.cloneSuspected]),
      [
        [11, 11, true, true],
        [11, 5, true, true],
      ],
    );
    const stored = await h.twofold.getDevice('alice', device.persistentId);
    assert.equal(stored?.state.counter, 11, 'the counter only moves after every check passed');
    assert.equal(stored.state.cloneSuspected, true);
  });

  it('accepts a regression when configured to, still flagging and reporting it', async () => {
    const h = harness({ counterRegression: 'accept' });
    const authenticator = key();
    await register(h, authenticator);
    const suspicions: CloneSuspicion[] = [];
    h.ceremonies.on('cloneSuspected', (suspicion) => suspicions.push(suspicion));
    const result = await h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response: authenticator.assert(await requestOptions(h), { counter: 1 }) });
    assert.ok(result.ok);
    assert.equal(result.cloneSuspected, true);
    assert.equal(result.device.state.cloneSuspected, true);
    assert.equal(result.device.state.counter, 1);
    assert.equal(suspicions.length, 1);
    assert.equal(suspicions[0]?.refused, false);
  });
});

describe('webauthn ceremonies: concurrency', () => {
  it('accepts one of 10 concurrent submissions of one assertion', async () => {
    const h = harness();
    const authenticator = key();
    await register(h, authenticator);
    for (let round = 0; round < 3; round++) {
      const response = authenticator.assert(await requestOptions(h));
      const results = await Promise.all(
        Array.from({ length: 10 }, () => h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response })),
      );
      assert.equal(results.filter((result) => result.ok).length, 1, `round ${round}`);
    }
  });
});
