/**
 * The token-only page (a user signed in by the host, not verified yet), the
 * verified state's lifecycle (deleted devices, req.otp.logout) and signing out.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, errorsOf, fullLogin, inputValue, startHost, totpCode, user, type Browser, type Host } from './support.js';

const alice = user('alice');
const bob = user('bob');
const carol = user('carol');

async function withHost(run: (host: Host) => Promise<void>): Promise<void> {
  const host = await startHost();
  try {
    await run(host);
  } finally {
    await host.close();
  }
}

async function hostLogin(b: Browser, account: { username: string; password: string }): Promise<void> {
  const page = await b.post('/host-login', { username: account.username, password: account.password });
  assert.equal(page.status, 200);
}

interface Me {
  user: string | null;
  verified: boolean;
  device: string | null;
  factors: { type: string; persistentId?: string; method?: string }[];
}

async function whoami(b: Browser): Promise<Me> {
  return JSON.parse((await b.get('/whoami')).text) as Me;
}

async function sessionOf(b: Browser): Promise<Record<string, unknown>> {
  return JSON.parse((await b.get('/debug/session')).text) as Record<string, unknown>;
}

describe('token-only page', () => {
  it('verifies a signed-in user: redirect from the guard, primary device, code, new session id, back to the page', () =>
    withHost(async (host) => {
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const b = host.browser();
      await hostLogin(b, alice);
      const refused = await b.get('/secret');
      assert.equal(refused.status, 302);
      assert.equal(refused.location, '/account/login?next=%2Fsecret');

      const page = await b.get(refused.location);
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1>Confirm it is you<\/h1>/);
      assert.match(page.text, /You are signed in as alice\./);
      assert.doesNotMatch(page.text, /name="username"|name="password"/);
      assert.equal(inputValue(page.text, 'device'), device.persistentId);
      assert.match(page.text, /Enter the code shown by Alice phone\./);
      assert.doesNotMatch(page.text, /Bob phone/);
      assert.match(page.text, /autocomplete="one-time-code" inputmode="numeric"/);
      assert.equal(page.headers.get('cache-control'), 'no-store');

      const before = b.cookie('connect.sid');
      const done = await b.post('/account/login', { _csrf: csrfOf(page), device: device.persistentId, token: totpCode(host.clock, 1), next: '/secret' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      assert.notEqual(b.cookie('connect.sid'), before);
      assert.equal((await b.get('/secret')).status, 200);
      const me = await whoami(b);
      assert.equal(me.user, alice.id);
      assert.equal(me.verified, true);
      assert.deepEqual(me.factors.map((f) => [f.type, f.persistentId, f.method]), [['otp', device.persistentId, 'device']]);

      // The old (unverified) session no longer exists.
      const old = host.browser();
      old.setCookie('connect.sid', before!);
      assert.equal((await whoami(old)).user, null);
    }));

  it('shows the same messages as the login wizard, and refuses a foreign device id without evaluating anything', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const bobPhone = await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const b = host.browser();
      await hostLogin(b, alice);
      const csrf = csrfOf(await b.get('/account/login'));
      const required = await b.post('/account/login', { _csrf: csrf, token: '' });
      assert.equal(required.status, 400);
      assert.deepEqual(errorsOf(required.text), ['Enter the code from your device.']);
      const foreign = await b.post('/account/login', { _csrf: csrf, device: bobPhone.persistentId, token: totpCode(host.clock, 2) });
      assert.equal(foreign.status, 400);
      assert.deepEqual(errorsOf(foreign.text), ['That device cannot be used here. Choose one of your own devices.']);
      assert.equal((await host.twofold.getDevice(bob.id, bobPhone.persistentId))?.failureCount, 0);
      assert.equal((await whoami(b)).verified, false);
      const wrong = await b.post('/account/login', { _csrf: csrf, token: totpCode(host.clock, 2) });
      assert.equal(wrong.status, 401);
      assert.deepEqual(errorsOf(wrong.text), ['That code was not accepted. Check it and try again.']);
      const locked = await b.post('/account/login', { _csrf: csrf, token: totpCode(host.clock, 1) });
      assert.equal(locked.status, 429);
      assert.deepEqual(errorsOf(locked.text), ['Verification is paused after 1 failed attempt. You can try again in 1 second (00:00:01 UTC).']);
    }));

  it('tells a signed-in user without devices that none is set up, and links to the setup wizard', () =>
    withHost(async (host) => {
      const b = host.browser();
      await hostLogin(b, carol);
      const page = await b.get('/account/login?next=%2Fsecret');
      assert.equal(page.status, 200);
      assert.match(page.text, /no device set up/);
      assert.doesNotMatch(page.text, /name="token"/);
      assert.match(page.text, /href="\/account\/setup\?next=%2Fsecret">Set up two-factor authentication</);
      assert.match(page.text, /action="\/account\/logout"/);
    }));

  it('sends a verified user straight on without evaluating anything', () =>
    withHost(async (host) => {
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      await hostLogin(b, alice);
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(await b.get('/account/login')), token: totpCode(host.clock, 1) })).status, 303);
      const csrf = csrfOf(await b.get('/account/logout'));
      const again = await b.post('/account/login', { _csrf: csrf, token: '000000', next: '/secret' });
      assert.equal(again.status, 303);
      assert.equal(again.location, '/secret');
      assert.equal((await host.twofold.getDevice(alice.id, device.persistentId))?.failureCount, 0);
    }));
});

describe('verified state lifecycle', () => {
  it('a deleted device makes the session unverified and clears its factor from the session', () =>
    withHost(async (host) => {
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      assert.equal((await fullLogin(host, b, alice, 1)).status, 303);
      assert.equal((await b.get('/secret')).status, 200);
      assert.match(JSON.stringify((await sessionOf(b)).twofold), new RegExp(device.persistentId));

      assert.equal(await host.twofold.deleteDevice(alice.id, device.persistentId), true);
      assert.equal((await b.get('/secret')).status, 302);
      const me = await whoami(b);
      assert.equal(me.user, alice.id, 'still signed in with the password');
      assert.equal(me.verified, false);
      const stored = await sessionOf(b);
      assert.ok(!JSON.stringify(stored).includes(device.persistentId), 'the device id is gone from the session');
      assert.deepEqual((stored.twofold as { factors: { type: string }[] }).factors.map((f) => f.type), ['password']);
    }));

  it('a device verified through the token page is removed entirely with the device', () =>
    withHost(async (host) => {
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      await hostLogin(b, alice);
      const csrf = csrfOf(await b.get('/account/login'));
      assert.equal((await b.post('/account/login', { _csrf: csrf, token: totpCode(host.clock, 1) })).status, 303);
      assert.equal((await whoami(b)).verified, true);
      await host.twofold.deleteDevice(alice.id, device.persistentId);
      assert.equal((await whoami(b)).verified, false);
      assert.equal((await sessionOf(b)).twofold, undefined);
    }));

  it('a state recorded for another user is cleared when the host user changes', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      assert.equal((await fullLogin(host, b, alice, 1)).status, 303);
      // The host switches users without twofold (a careless host, no rotation).
      assert.match(JSON.stringify(await sessionOf(b)), /"twofold":\{"userId":"1"/);
      await b.post('/host-switch', { id: carol.id });
      const me = await whoami(b);
      assert.equal(me.user, carol.id);
      assert.equal(me.verified, false);
      assert.equal((await sessionOf(b)).twofold, undefined);
    }));

  it('req.otp.logout() forgets the verification, keeps the host login and rotates the session id', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      await fullLogin(host, b, alice, 1);
      const before = b.cookie('connect.sid');
      assert.equal((await b.post('/otp-logout', {})).status, 200);
      assert.notEqual(b.cookie('connect.sid'), before);
      const me = await whoami(b);
      assert.equal(me.user, alice.id);
      assert.equal(me.verified, false);
      assert.equal((await b.get('/secret')).status, 302);
    }));

  it('signing out asks for confirmation, then ends the host login and the session, with a new id', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      await fullLogin(host, b, alice, 1);
      const verifiedCookie = b.cookie('connect.sid');
      const confirm = await b.get('/account/logout');
      assert.equal(confirm.status, 200);
      assert.match(confirm.text, /Do you want to sign out/);
      assert.equal(confirm.headers.get('cache-control'), 'no-store');
      const done = await b.post('/account/logout', { _csrf: csrfOf(confirm) });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/');
      assert.notEqual(b.cookie('connect.sid'), verifiedCookie);
      assert.equal((await whoami(b)).user, null);
      assert.equal((await b.get('/secret')).status, 302);
      const replay = host.browser();
      replay.setCookie('connect.sid', verifiedCookie!);
      assert.equal((await whoami(replay)).user, null);
      assert.equal((await replay.get('/secret')).status, 302);
      // Anonymous visitors of the sign-out page are sent on.
      assert.equal((await b.get('/account/logout')).status, 303);
    }));
});
