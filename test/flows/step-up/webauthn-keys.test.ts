/**
 * The step-up page's security-key ceremony names only the keys that can meet
 * the requirement: with a rule for a hardware-bound key, a synced passkey of
 * the same user is neither in `allowCredentials` nor accepted if a browser
 * answers with it anyway, and the hardware key satisfies the requirement.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, errorsOf, totpCode } from '../../express/support.js';
import { defineRequirement } from '../../../src/web/step-up/index.js';
import { webauthn, webauthnCeremonies, type WebAuthnKind } from '../../../src/devices/webauthn/index.js';
import { softAuthenticator, type SoftAuthenticator } from '../../support/soft-webauthn.js';
import { passwordStep, withFlowHost, type FlowHost } from '../login/support.js';

const ORIGIN = 'https://example.com';
const VAULT = defineRequirement('vault', { factor: 'second-factor', hardwareBound: true, within: 300 });
const SEED = 47;

async function addKey(host: FlowHost, kind: WebAuthnKind, userId: string, authenticator: SoftAuthenticator, name: string) {
  const ceremonies = webauthnCeremonies(host.twofold, kind);
  const binding = `binding-${name.replace(/\W/g, '')}-0123456789abcdef`;
  const options = await ceremonies.startRegistration({ userId, userName: userId, binding });
  const result = await ceremonies.finishRegistration({ userId, binding, response: authenticator.register(options), name });
  assert.ok(result.ok, 'registered');
  return result.device;
}

function ceremonyOptions(text: string): { readonly challenge: string; readonly allowCredentials?: readonly { readonly id: string }[] } {
  const json = /<script type="application\/json" id="tf-ceremony-options">([^<]*)<\/script>/.exec(text)?.[1];
  assert.ok(json !== undefined, 'the page carries ceremony options');
  return JSON.parse(json) as { challenge: string; allowCredentials?: { id: string }[] };
}

describe('the step-up page with security keys', () => {
  const kind = webauthn({ rpId: 'example.com', rpName: 'Example', origins: [ORIGIN] });

  it('offers only the keys the requirement accepts, and refuses another one', () =>
    withFlowHost({ twofold: { requirements: [VAULT] }, extraKinds: [kind] }, async (host) => {
      const alice = host.user('alice');
      const synced = softAuthenticator({ origin: ORIGIN, seed: 'step-up-synced', synced: true, counts: false });
      const hardware = softAuthenticator({ origin: ORIGIN, seed: 'step-up-hardware' });
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', SEED);
      const passkey = await addKey(host, kind, alice.id, synced, 'Phone passkey');
      const desk = await addKey(host, kind, alice.id, hardware, 'Desk key');

      host.clock.advance(30);
      const b = host.browser();
      const step = await passwordStep(b, alice, '/secret');
      const signedIn = await b.post('/account/login', { _csrf: csrfOf(step), device: phone.persistentId, token: totpCode(host.clock, SEED), next: '/secret' });
      assert.equal(signedIn.status, 303);

      const page = await b.get('/account/step-up?requirement=vault&next=%2Fsecret');
      assert.equal(page.status, 200);
      const options = ceremonyOptions(page.text);
      assert.deepEqual(
        (options.allowCredentials ?? []).map(({ id }) => id),
        [hardware.credentialId],
        'the synced passkey cannot meet a rule for a hardware-bound key',
      );

      // A browser that answers with the synced passkey anyway is refused, and the passkey is not counted as used.
      const fields = { requirement: 'vault', next: '/secret', device: desk.persistentId, action: 'ceremony', error: '' };
      const refused = await b.post('/account/step-up', { ...fields, _csrf: csrfOf(page), response: JSON.stringify(synced.assert(options)) });
      assert.equal(refused.status, 200, 'back on the step-up page');
      assert.equal(errorsOf(refused.text).length, 1);
      assert.equal((await host.twofold.getDevice(alice.id, passkey.persistentId))?.lastUsedAt, null);

      const again = ceremonyOptions(refused.text);
      const done = await b.post('/account/step-up', { ...fields, _csrf: csrfOf(refused), response: JSON.stringify(hardware.assert(again)) });
      assert.equal(done.status, 303, done.text);
      assert.equal(done.location, '/secret');
    }));
});
