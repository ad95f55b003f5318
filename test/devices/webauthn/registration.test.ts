/**
 * The registration ceremony's checks, the attestation policy, and the
 * kind's guards against misuse (unregistered kind, a store without
 * challenges, hand-made options, corrupt state).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTwofold } from '../../../src/core/twofold.js';
import { isTwofoldError } from '../../../src/core/errors.js';
import type { Store } from '../../../src/core/types.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { webauthn, webauthnCeremonies, webauthnBrowserScript } from '../../../src/devices/webauthn/index.js';
import { FLAGS, type CeremonyOverrides } from '../../support/soft-webauthn.js';
import { harness, key, register, SESSION_A, SESSION_B, SECRET } from './support.js';

const ROOT_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

async function registration(overrides: CeremonyOverrides, config: Parameters<typeof harness>[0] = {}, binding = SESSION_A): Promise<string> {
  const h = harness(config);
  const options = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice@example.com', binding: SESSION_A });
  const result = await h.ceremonies.finishRegistration({ userId: 'alice', binding, response: key().register(options, overrides) });
  assert.equal(await h.twofold.userHasDevice('alice'), result.ok, 'a device exists exactly when registration succeeded');
  return result.ok ? 'ok' : `${result.reason}${result.check === undefined ? '' : `/${result.check}`}`;
}

describe('webauthn registration checks', () => {
  it('refuses what does not come from our pages and our rp id', async () => {
    assert.equal(await registration({ origin: 'https://evil.example' }), 'rejected/origin');
    assert.equal(await registration({ origin: 'http://example.com' }), 'rejected/origin');
    assert.equal(await registration({ rpId: 'evil.example' }), 'rejected/rp-id');
    assert.equal(await registration({ type: 'webauthn.get' }), 'rejected/type');
  });

  it('refuses missing user presence, missing user verification when required, and impossible backup flags', async () => {
    assert.equal(await registration({ flags: FLAGS.UV }), 'rejected/user-presence');
    assert.equal(await registration({ flags: FLAGS.UP }, { userVerification: 'required' }), 'rejected/user-verification');
    assert.equal(await registration({ flags: FLAGS.UP }), 'ok', 'user verification is only preferred by default');
    assert.equal(await registration({ flags: FLAGS.UP | FLAGS.UV | FLAGS.BS }), 'rejected/backup-flags');
  });

  it('refuses an algorithm that was not offered', async () => {
    assert.equal(await registration({ alg: -36 }), 'rejected/algorithm');
  });

  it('refuses a challenge of another session, an unknown one, and an expired one', async () => {
    assert.equal(await registration({}, {}, SESSION_B), 'challenge-mismatch');
    assert.equal(await registration({ challenge: Buffer.alloc(32, 1).toString('base64url') }), 'challenge-not-found');
    const h = harness();
    const options = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
    h.clock.advance(300);
    const result = await h.ceremonies.finishRegistration({ userId: 'alice', binding: SESSION_A, response: key().register(options) });
    assert.equal(result.ok ? 'ok' : result.reason, 'challenge-expired');
  });

  it('refuses a replayed registration and the same credential twice', async () => {
    const h = harness();
    const authenticator = key();
    const options = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
    const response = authenticator.register(options);
    assert.ok((await h.ceremonies.finishRegistration({ userId: 'alice', binding: SESSION_A, response })).ok);
    const replay = await h.ceremonies.finishRegistration({ userId: 'alice', binding: SESSION_A, response });
    assert.equal(replay.ok ? 'ok' : replay.reason, 'challenge-not-found');
    // A client that ignores excludeCredentials:
    const again = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
    const duplicate = await h.ceremonies.finishRegistration({ userId: 'alice', binding: SESSION_A, response: authenticator.register(again) });
    assert.equal(duplicate.ok ? 'ok' : duplicate.reason, 'already-registered');
    assert.equal((await h.twofold.listDevices('alice')).length, 1);
  });

  it('refuses malformed responses and account names', async () => {
    const h = harness();
    for (const userName of ['', '   ', 'x'.repeat(257), 7]) {
      await assert.rejects(
        h.ceremonies.startRegistration({ userId: 'alice', userName: userName as string, binding: SESSION_A }),
        (error: unknown) => isTwofoldError(error, 'INVALID_ARGUMENT') && /userName/.test(error.message),
      );
    }
    for (const response of [null, 'not json', '{}', { id: 'a', rawId: 'b', type: 'public-key', response: {} }]) {
      const result = await h.ceremonies.finishRegistration({ userId: 'alice', binding: SESSION_A, response });
      assert.equal(result.ok ? 'ok' : result.reason, 'malformed-response');
    }
  });

  it('with a trusted-attestation policy, asks for direct attestation and refuses "none"', async () => {
    const config = { attestation: { trusted: { rootCertificates: [ROOT_PEM] } } } as const;
    const h = harness(config);
    const options = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
    assert.equal(options.attestation, 'direct');
    const result = await h.ceremonies.finishRegistration({ userId: 'alice', binding: SESSION_A, response: key().register(options) });
    assert.equal(result.ok ? 'ok' : `${result.reason}/${result.check}`, 'rejected/attestation');
  });

  it('names devices and may leave them unconfirmed for a setup flow', async () => {
    const h = harness();
    const options = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
    const result = await h.ceremonies.finishRegistration({ userId: 'alice', binding: SESSION_A, response: key().register(options), name: 'Desk key', confirmed: false });
    assert.ok(result.ok);
    assert.equal(result.device.name, 'Desk key');
    assert.equal(result.device.confirmed, false);
    assert.equal(await h.ceremonies.startAuthentication({ userId: 'alice', binding: SESSION_A }), null, 'unconfirmed keys do not sign in');
  });
});

describe('webauthn kind guards', () => {
  it('needs its kind registered with the instance and a store that keeps challenges', () => {
    const kind = webauthn({ rpId: 'example.com', rpName: 'Example', origins: ['https://example.com'] });
    const other = webauthn({ rpId: 'example.com', rpName: 'Example', origins: ['https://example.com'] });
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [kind], secrets: [SECRET] });
    assert.throws(() => webauthnCeremonies(twofold, other), (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'));
    const memory = createMemoryStore();
    const withoutChallenges: Store = { ...memory, putChallenge: undefined, takeChallenge: undefined, deleteExpiredChallenges: undefined };
    const old = createTwofold({ store: withoutChallenges, kinds: [kind], secrets: [SECRET] });
    assert.throws(() => webauthnCeremonies(old, kind), (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && /keep challenges/.test(error.message));
  });

  it('refuses hand-made options that are not a verified registration', async () => {
    const h = harness();
    const good = {
      credentialId: 'AAAA',
      publicKey: new Uint8Array(77),
      counter: 0,
      transports: ['usb', 'carrier-pigeon'],
      backupEligible: false,
      backedUp: false,
      aaguid: '00000000-0000-0000-0000-000000000000',
      userVerified: true,
      attestationFormat: 'none',
      userHandle: 'AAAA',
    };
    const device = await h.twofold.createDevice({ userId: 'carol', kind: h.kind, options: good });
    assert.deepEqual(device.state.transports, ['usb'], 'unknown transports are dropped');
    for (const bad of [{ ...good, publicKey: 'key' }, { ...good, credentialId: 'not base64url!' }, { ...good, backedUp: true }, { ...good, aaguid: 'x' }, { ...good, counter: -1 }]) {
      await assert.rejects(h.twofold.createDevice({ userId: 'carol', kind: h.kind, options: bad as typeof good }), (error: unknown) => isTwofoldError(error, 'INVALID_OPTIONS'));
    }
    assert.throws(() => h.kind.parseState({ ...device.state, counter: 'ten' }), (error: unknown) => isTwofoldError(error, 'CORRUPT_DEVICE'));
  });

  it('refuses a device whose stored state was edited (corrupt row) without accepting anything', async () => {
    const h = harness();
    const authenticator = key();
    const device = await register(h, authenticator);
    const record = await h.store.getDevice(device.id);
    assert.ok(record !== null);
    assert.ok(await h.store.updateDevice(device.id, record.version, { state: { ...record.state, backupEligible: 'yes' } }));
    const options = await h.ceremonies.startAuthentication({ userId: 'alice', binding: SESSION_A });
    assert.equal(options, null, 'a corrupt device is not offered');
  });
});

describe('webauthn browser script', () => {
  it('bundles @simplewebauthn/browser with the driver, named by its hash', async () => {
    const script = await webauthnBrowserScript();
    assert.ok(script.source.includes('SimpleWebAuthnBrowser'));
    assert.ok(script.source.includes('data-twofold-webauthn'));
    assert.match(script.libraryVersion, /^13\./);
    assert.equal(script.hash, createHash('sha256').update(script.source).digest('base64url').slice(0, 16));
    assert.equal(script.fileName, `twofold-webauthn.${script.hash}.js`);
    assert.equal(script.integrity, `sha384-${createHash('sha384').update(script.source).digest('base64')}`);
    assert.equal(await webauthnBrowserScript(), script, 'read once per process');
  });
});
