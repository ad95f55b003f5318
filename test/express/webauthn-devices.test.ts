/**
 * A security key (the `webauthn` kind) on the profile and in the admin:
 * described (hardware key, transports, a clone warning) without key
 * material, renamed and removed like every device (the profile's actions
 * need a recent verification, as for other devices).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { webauthn, webauthnCeremonies, type WebAuthnKind, type WebAuthnState } from '../../src/devices/webauthn/index.js';
import type { Device } from '../../src/core/types.js';
import { softAuthenticator } from '../support/soft-webauthn.js';
import { csrfOf, devicePath, startAdminHost, type AdminHost } from './admin-harness.js';

const ORIGIN = 'https://example.com';

describe('security keys on the profile and in the admin', () => {
  let host: AdminHost;
  let kind: WebAuthnKind;
  let key: Device<WebAuthnState>;
  const authenticator = softAuthenticator({ origin: ORIGIN, seed: 'profile-admin' });

  before(async () => {
    kind = webauthn({ rpId: 'example.com', rpName: 'Example', origins: [ORIGIN] });
    host = await startAdminHost({}, [kind]);
    const ceremonies = webauthnCeremonies(host.twofold, kind);
    const options = await ceremonies.startRegistration({ userId: 'u1', userName: 'alice', binding: 'binding-0123456789abcdef' });
    const result = await ceremonies.finishRegistration({ userId: 'u1', binding: 'binding-0123456789abcdef', response: authenticator.register(options), name: 'Desk key' });
    assert.ok(result.ok);
    key = result.device;
  });
  after(() => host.close());

  function assertNoKeyMaterial(text: string): void {
    assert.ok(!text.includes(key.state.credentialId), 'the credential id is not shown');
    assert.ok(!text.includes(key.state.userHandle), 'the user handle is not shown');
    assert.doesNotMatch(text, /publicKey|BEGIN PUBLIC KEY/);
  }

  it('describes the key on the profile, renames it, and asks to confirm it is you before removing it long after sign-in', async () => {
    // Alice's key is offered first: she signs in with it (password, then the ceremony form's answer).
    const b = host.browser();
    const login = await b.get('/account/login');
    const step = await b.post('/account/login', { _csrf: csrfOf(login), username: 'alice', password: 'alice-user-password' });
    // The sign-in POST redirected to its own page, which the test browser followed.
    const page = step.via === undefined ? await b.get(step.location ?? '/account/login') : step;
    const options = JSON.parse(/<script type="application\/json" id="tf-ceremony-options">([^<]*)<\/script>/.exec(page.text)?.[1] ?? 'null') as { challenge: string };
    const signedIn = await b.post('/account/login', { _csrf: csrfOf(page), action: 'ceremony', device: key.persistentId, response: JSON.stringify(authenticator.assert(options)), error: '' });
    assert.equal(signedIn.status, 303, signedIn.text);
    const profile = await b.get('/account/profile');
    assert.equal(profile.status, 200);
    assert.match(profile.text, /Desk key/);
    assert.match(profile.text, /Security key or passkey/);
    assert.match(profile.text, /Hardware key bound to one device/);
    assertNoKeyMaterial(profile.text);
    const french = await b.get('/account/profile', { 'Accept-Language': 'fr' });
    assert.match(french.text, /Clé matérielle liée à un seul appareil/);
    assert.match(french.text, /Se connecte par NFC, USB/);

    const form = await b.get(`/account/devices/rename?device=${encodeURIComponent(key.persistentId)}`);
    const renamed = await b.post('/account/devices/rename', { _csrf: csrfOf(form), device: key.persistentId, name: 'Travel key' });
    assert.equal(renamed.status, 303);
    assert.equal((await host.twofold.getDevice('u1', key.persistentId))?.name, 'Travel key');

    // Long after the sign-in, removing needs the user to confirm it is them again.
    host.clock.advance(3 * 3600 * 1000);
    const stale = await b.get(`/account/devices/remove?device=${encodeURIComponent(key.persistentId)}`);
    assert.ok(stale.status === 302 || stale.status === 303, `redirected (${stale.status})`);
    assert.match(stale.location ?? '', /reauthenticate/);
    assert.ok((await host.twofold.getDevice('u1', key.persistentId)) !== null);
  });

  it('shows the admin what kind of key it is and a clone warning, never key material, and deletes it', async () => {
    await host.twofold.updateDevice<WebAuthnState>('u1', key.persistentId, ({ state }) => ({ state: { ...state, cloneSuspected: true } }));
    const staff = await host.signInVerified('sam');
    const page = await staff.get(devicePath(key.persistentId));
    assert.equal(page.status, 200);
    assert.match(page.text, /Security key or passkey/);
    assert.match(page.text, /Hardware key bound to one device/);
    assert.match(page.text, /may have been copied/);
    assertNoKeyMaterial(page.text);
    const german = await staff.get(devicePath(key.persistentId), { 'Accept-Language': 'de' });
    assert.match(german.text, /Hardwareschlüssel, an ein Gerät gebunden/);
    assert.match(german.text, /möglicherweise kopiert/);

    const ask = await staff.get(devicePath(key.persistentId, 'delete'));
    const done = await staff.post(devicePath(key.persistentId, 'delete'), { _csrf: csrfOf(ask) });
    assert.equal(done.status, 303);
    assert.equal(await host.twofold.getDevice('u1', key.persistentId), null);
  });
});
