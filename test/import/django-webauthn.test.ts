/**
 * A credential imported from two-factor's WebAuthn plugin does not say
 * whether it is a synced passkey: the kind learns it at the first assertion
 * and holds it from then on, as for credentials registered in twofold.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DJANGO_DEVICE_TABLES } from '../../src/import/django/index.js';
import * as helpers from '@simplewebauthn/server/helpers';
import { FLAGS, softAuthenticator } from '../support/soft-webauthn.js';
import { ORIGIN, SESSION_A, harness } from '../devices/webauthn/support.js';

const table = DJANGO_DEVICE_TABLES.find((entry) => entry.table === 'two_factor_webauthn_webauthndevice')!;

describe('import from Django: WebAuthn backup eligibility', () => {
  it('is learnt at the first assertion of an imported passkey, then fixed', async () => {
    const h = harness();
    const passkey = softAuthenticator({ origin: ORIGIN, synced: true, counts: false, seed: 'imported-passkey' });
    const registered = passkey.register({ challenge: 'AAAAAAAAAAAAAAAAAAAAAA', rp: { id: 'example.com' }, user: { id: 'AAAA' } });
    const attestation = helpers.decodeAttestationObject(Buffer.from((registered.response as { attestationObject: string }).attestationObject, 'base64url'));
    const publicKey = helpers.parseAuthenticatorData(attestation.get('authData')).credentialPublicKey!;
    const mapped = table.map({
      pk: '1',
      djangoUser: '1',
      name: 'Passkey',
      confirmed: true,
      row: { key_handle: passkey.credentialId, public_key: Buffer.from(publicKey).toString('base64url'), sign_count: 0 },
      related: [],
    });
    assert.ok(mapped.ok);
    const device = await h.twofold.createDevice({ userId: 'alice', kind: 'webauthn', name: 'Passkey', confirmed: true, options: mapped.options as never });
    assert.equal(device.state.backupEligible, null);

    const sign = async (flags?: number) => {
      const options = await h.ceremonies.startAuthentication({ userId: 'alice', binding: SESSION_A });
      assert.ok(options !== null);
      const response = passkey.assert(options, { userHandle: null, ...(flags === undefined ? {} : { flags }) });
      return h.ceremonies.finishAuthentication({ userId: 'alice', binding: SESSION_A, response });
    };
    const first = await sign();
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.device.state.backupEligible, true);
    h.clock.advance(60);
    // The same credential now claiming to be bound to one device: refused, as for any registered passkey.
    const changed = await sign(FLAGS.UP | FLAGS.UV);
    assert.equal(changed.ok, false);
  });
});
