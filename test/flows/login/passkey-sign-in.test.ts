/**
 * Passwordless sign-in with a passkey on the login page (`passkeySignIn`):
 * off by default (no button, the POST refused); when on, a passkey that
 * verified its user signs in with both factors at once in a new session,
 * recorded as the passkey and not as a password; a missing user
 * verification, an unknown credential and a replayed answer are refused
 * with one message that tells nothing about who has an account.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csrfOf, errorsOf } from '../../express/support.js';
import { webauthn, webauthnCeremonies, type WebAuthnKind } from '../../../src/devices/webauthn/index.js';
import { FLAGS, softAuthenticator, type SoftAuthenticator } from '../../support/soft-webauthn.js';
import { whoami, withFlowHost, type FlowHost, type Page } from './support.js';
import { isTwofoldError } from '../../../src/core/errors.js';
import { defineRequirement } from '../../../src/web/step-up/index.js';
import { startFlowHost } from './support.js';

const ORIGIN = 'https://example.com';
const PASSWORD = defineRequirement('password', { factor: 'password', within: 300 });
const KEY = defineRequirement('key', { factor: 'second-factor', phishingResistant: true, within: 300 });
const REFUSED = 'That passkey could not sign you in. Try again, or sign in with your password.';

async function addKey(host: FlowHost, kind: WebAuthnKind, userId: string, authenticator: SoftAuthenticator): Promise<void> {
  const ceremonies = webauthnCeremonies(host.twofold, kind);
  const binding = 'registration-binding-0123456789';
  const options = await ceremonies.startRegistration({ userId, userName: userId, binding });
  const result = await ceremonies.finishRegistration({ userId, binding, response: authenticator.register(options), name: 'Passkey' });
  assert.ok(result.ok, 'registered');
}

function passkeyOptions(page: Page): { readonly challenge: string; readonly allowCredentials?: readonly unknown[]; readonly userVerification?: string } {
  const json = /<script type="application\/json" id="tf-passkey-options">([^<]*)<\/script>/.exec(page.text)?.[1];
  assert.ok(json !== undefined, 'the login page offers a passkey');
  return JSON.parse(json) as { challenge: string };
}

describe('passwordless sign-in with a passkey', () => {
  it('is off by default: no button, and the POST is refused', async () => {
    const kind = webauthn({ rpId: 'example.com', rpName: 'Example', origins: [ORIGIN] });
    await withFlowHost({ extraKinds: [kind] }, async (host) => {
      const b = host.browser();
      const login = await b.get('/account/login');
      assert.equal(login.status, 200);
      assert.doesNotMatch(login.text, /tf-passkey-options|Sign in with a passkey/);
      const posted = await b.post('/account/login', { _csrf: csrfOf(login), action: 'passkey', response: '{}', error: '' });
      assert.equal(posted.status, 404);
      assert.equal((await whoami(b)).user, null);
    });
  });

  it('needs loadUser and a kind that offers it', async () => {
    await assert.rejects(
      () => startFlowHost({ twofold: { passkeySignIn: true } }),
      (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'),
    );
  });

  it('signs in with both factors at once, in a new session, recording the passkey and no password', async () => {
    const kind = webauthn({ rpId: 'example.com', rpName: 'Example', origins: [ORIGIN], userVerification: 'preferred' });
    await withFlowHost({ twofold: { passkeySignIn: true, requirements: [PASSWORD, KEY] }, extraKinds: [kind] }, async (host) => {
      const alice = host.user('alice');
      const passkey = softAuthenticator({ origin: ORIGIN, seed: 'passwordless-page', synced: true, counts: false });
      await addKey(host, kind, alice.id, passkey);
      const heard: string[] = [];
      host.otp.on('userVerified', ({ user, method }) => void heard.push(`${user.id} ${method}`));

      const b = host.browser();
      const login = await b.get('/account/login?next=%2Fsecret');
      assert.match(login.text, /Sign in with a passkey/);
      assert.match(login.text, /<noscript>/);
      const options = passkeyOptions(login);
      assert.deepEqual(options.allowCredentials ?? [], [], 'any passkey of the site');
      assert.equal(options.userVerification, 'required');
      const before = b.cookies();
      const sessionBefore = [...before].find(([name]) => name === 'connect.sid')?.[1];
      assert.ok(sessionBefore !== undefined, 'the visitor has a pre-session holding the challenge');

      const done = await b.post('/account/login', { _csrf: csrfOf(login), next: '/secret', action: 'passkey', response: JSON.stringify(passkey.assert(options)), error: '' });
      assert.equal(done.status, 303, done.text);
      assert.equal(done.location, '/secret');
      assert.notEqual(b.cookie('connect.sid'), sessionBefore, 'the session id was rotated');
      const me = await whoami(b);
      assert.equal(me.user, alice.id);
      assert.equal(me.verified, true);
      assert.deepEqual(
        me.factors.map(({ type, kind: factorKind, method }) => [type, factorKind, method]),
        [['otp', 'webauthn', 'passkey']],
        'the passkey, and no password factor',
      );
      assert.deepEqual(heard, [`${alice.id} passkey`]);
      // A rule for any recent key is met; a rule naming the password still asks for it.
      assert.equal((await b.get('/account/step-up?requirement=key&next=%2Fsecret')).location, '/secret');
      const password = await b.get('/account/step-up?requirement=password&next=%2Fsecret');
      assert.equal(password.status, 200);
      assert.match(password.text, /type="password"/);
    });
  });

  it('refuses a passkey without user verification, an unknown one and a replayed answer, saying the same each time', async () => {
    const kind = webauthn({ rpId: 'example.com', rpName: 'Example', origins: [ORIGIN], userVerification: 'preferred' });
    await withFlowHost({ twofold: { passkeySignIn: true }, extraKinds: [kind] }, async (host) => {
      const alice = host.user('alice');
      const passkey = softAuthenticator({ origin: ORIGIN, seed: 'passwordless-refusals' });
      const stranger = softAuthenticator({ origin: ORIGIN, seed: 'passwordless-stranger-page' });
      await addKey(host, kind, alice.id, passkey);
      const b = host.browser();
      const post = async (page: Page, response: Record<string, unknown>) =>
        b.post('/account/login', { _csrf: csrfOf(page), action: 'passkey', response: JSON.stringify(response), error: '' });

      const first = await b.get('/account/login');
      const noUv = await post(first, passkey.assert(passkeyOptions(first), { flags: FLAGS.UP }));
      assert.equal(noUv.status, 401);
      assert.deepEqual(errorsOf(noUv.text), [REFUSED]);

      // Registered nowhere here (its registration response is never posted): unknown.
      stranger.register({ challenge: 'AAAAAAAAAAAAAAAAAAAAAA', rp: { id: 'example.com' }, user: { id: 'AAAAAAAAAAAAAAAAAAAAAA' } });
      const unknown = await post(noUv, stranger.assert(passkeyOptions(noUv)));
      assert.equal(unknown.status, 401);
      assert.deepEqual(errorsOf(unknown.text), [REFUSED]);

      host.clock.advance(5);
      const answer = passkey.assert(passkeyOptions(unknown));
      const signedIn = await post(unknown, answer);
      assert.equal(signedIn.status, 303);
      // The same answer again, from a fresh visitor: the challenge was used up.
      const other = host.browser();
      const page = await other.get('/account/login');
      const replay = await other.post('/account/login', { _csrf: csrfOf(page), action: 'passkey', response: JSON.stringify(answer), error: '' });
      assert.equal(replay.status, 401);
      assert.deepEqual(errorsOf(replay.text), [REFUSED]);
      assert.equal((await whoami(other)).user, null);
      // No answer at all (the browser was cancelled): said as such, nothing evaluated.
      const cancelled = await other.post('/account/login', { _csrf: csrfOf(replay), action: 'passkey', response: '', error: 'NotAllowedError' });
      assert.equal(cancelled.status, 400);
    });
  });
});
