/**
 * The enforcement policy (`requireTwoFactor`): a user it names who signs in
 * without a device is sent through setup before anything else (every guard
 * refuses them, even `ifConfigured`), then lands on the page they asked
 * for. Users it does not name keep signing in with the password alone.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase32, generateTOTP } from '../../../src/oath/index.js';
import { addTotp, csrfOf, inputValue, passwordStep, totpCode, unescapeHtml, whoami, withFlowHost, type FlowBrowser, type FlowHost } from '../login/support.js';

/** Only dora (id 4) must use two-factor authentication. */
const policy = { requireTwoFactor: (user: { id: string }) => user.id === '4' };

/** Goes through the account setup wizard reading the key off the page; returns the final answer. */
async function setUp(host: FlowHost, b: FlowBrowser, path: string) {
  const welcome = await b.get(path);
  assert.equal(welcome.status, 200, welcome.text);
  const started = await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp', next: inputValue(welcome.text, 'next') });
  assert.equal(started.status, 303, started.text);
  const keyPage = await b.get(started.location!);
  const match = /<code class="tf-account-key"[^>]*>([^<]*)<\/code>/.exec(keyPage.text);
  assert.ok(match !== null, keyPage.text);
  const key = decodeBase32(unescapeHtml(match[1]!).replaceAll(' ', ''));
  return b.post('/account/setup', {
    _csrf: csrfOf(keyPage),
    action: 'confirm',
    name: 'Dora phone',
    token: generateTOTP(key, { time: host.clock.now() / 1000 }),
    next: inputValue(keyPage.text, 'next'),
  });
}

describe('enforcement policy', () => {
  it('takes a required user without a device through setup before anything else, then to the page they asked for', () =>
    withFlowHost({ twofold: policy }, async (host) => {
      const dora = host.user('dora');
      const b = host.browser();
      const signedIn = await passwordStep(b, dora, '/secret');
      assert.equal(signedIn.status, 303);
      assert.equal(signedIn.location, '/account/setup?next=%2Fsecret');

      // "Password only, setup required": signed in (so setup can run) but refused everywhere else.
      const me = await whoami(b);
      assert.equal(me.user, dora.id);
      assert.equal(me.verified, false);
      assert.deepEqual(me.factors.map((factor) => factor.type), ['password']);
      assert.equal((await b.get('/secret')).location, '/account/login?next=%2Fsecret');
      assert.equal((await b.get('/maybe')).location, '/account/login?next=%2Fmaybe', 'ifConfigured does not let a required user through');
      assert.deepEqual(JSON.parse((await b.get('/api/data')).text), { error: 'setup_required' });
      const apiMaybe = await b.get('/api/maybe');
      assert.equal(apiMaybe.status, 401);
      assert.deepEqual(JSON.parse(apiMaybe.text), { error: 'setup_required' });
      // The login and verify pages send the user on to setup, with next.
      const viaLogin = await b.get('/account/login?next=%2Fsecret');
      assert.equal(viaLogin.status, 302);
      assert.equal(viaLogin.location, '/account/setup?next=%2Fsecret');
      assert.equal((await b.get('/account/verify?next=%2Fmaybe')).location, '/account/setup?next=%2Fmaybe');

      // Setup verifies the session and lands on /secret.
      const done = await setUp(host, b, signedIn.location);
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      assert.equal((await b.get('/secret')).text, 'secret page');
      assert.equal((await b.get('/maybe')).text, 'maybe page');
      assert.equal((await whoami(b)).verified, true);

      // From now on dora signs in like everyone with a device.
      host.clock.advance(60);
      const again = host.browser();
      const step = await passwordStep(again, dora, '/secret');
      assert.equal(step.status, 200);
      assert.match(step.text, /Enter the code shown by Dora phone/);
    }));

  it('leaves users it does not name alone: the password alone, and ifConfigured lets them through', () =>
    withFlowHost({ twofold: policy }, async (host) => {
      const b = host.browser();
      const done = await passwordStep(b, host.user('carol'), '/maybe');
      assert.equal(done.location, '/maybe');
      assert.equal((await b.get('/maybe')).status, 200);
      assert.deepEqual(JSON.parse((await b.get('/api/maybe')).text), { data: 'maybe' });
      assert.deepEqual(JSON.parse((await b.get('/api/data')).text), { error: 'otp_required' });
    }));

  it('asks a required user who has a device for the code as usual', () =>
    withFlowHost({ twofold: policy }, async (host) => {
      const dora = host.user('dora');
      await addTotp(host.twofold, dora.id, 'Dora phone', 4);
      const b = host.browser();
      const step = await passwordStep(b, dora, '/secret');
      assert.equal(step.status, 200);
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 4), next: '/secret' })).location, '/secret');
    }));

  it('applies to users the host signed in itself (SSO): guards refuse them, the verify page sends them to setup', () =>
    withFlowHost({ twofold: policy }, async (host) => {
      const dora = host.user('dora');
      const b = host.browser();
      assert.equal((await b.post('/host-login', { username: dora.username, password: dora.password })).status, 200);
      assert.equal((await b.get('/maybe')).status, 302);
      const verify = await b.get('/account/verify?next=%2Fmaybe');
      assert.equal(verify.location, '/account/setup?next=%2Fmaybe');
      // A device removed later puts the user back to "setup required" at once.
      const done = await setUp(host, b, verify.location);
      assert.equal(done.location, '/maybe');
      const [device] = await host.twofold.listDevices(dora.id);
      await host.twofold.deleteDevice(dora.id, device!.persistentId);
      assert.deepEqual(JSON.parse((await b.get('/api/maybe')).text), { error: 'setup_required' });
    }));

  it('fails closed when the host\'s rule does not answer true or false', () =>
    withFlowHost({ twofold: { requireTwoFactor: () => 'yes' as unknown as boolean } }, async (host) => {
      const b = host.browser();
      const login = await b.get('/account/login');
      const answer = await b.post('/account/login', { _csrf: csrfOf(login), username: 'carol', password: 'carol-no-devices' });
      assert.equal(answer.status, 500);
      assert.equal((await whoami(b)).user, null);
    }));
});
