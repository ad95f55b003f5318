/**
 * The verify-only page (`<prefix>/verify`, django-two-factor-auth #377): a
 * user the host signed in some other way (SSO, social, password reset)
 * passes the second factor there: primary device first, the other ways,
 * the backup-code step, and a remembered browser.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueBackupCodes } from '../../../src/devices/backup-codes/manage.js';
import {
  addTotp,
  csrfOf,
  errorsOf,
  hostLogin,
  inputValue,
  totpCode,
  whoami,
  withFlowHost,
  type FlowHost,
} from './support.js';

describe('verify-only page', () => {
  it('is its own entry point: /verify?next=... asks the primary device, lists the other ways, verifies and rotates the session', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      host.clock.advance(1);
      const spare = await addTotp(host.twofold, alice.id, 'Spare key', 2);
      await issueBackupCodes(host.twofold, alice.id);
      const b = host.browser();
      await hostLogin(b, alice);
      const page = await b.get('/account/verify?next=%2Fsecret');
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.match(page.text, /<h1>Confirm it is you<\/h1>/);
      assert.match(page.text, /You are signed in as alice\./);
      assert.match(page.text, /<form class="tf-token-step" method="post" action="\/account\/verify" novalidate>/);
      assert.equal(inputValue(page.text, 'device'), phone.persistentId);
      assert.ok(page.text.includes(`<a href="/account/verify?device=${encodeURIComponent(spare.persistentId)}&amp;next=%2Fsecret">Use Spare key</a>`));
      assert.match(page.text, /<a href="\/account\/verify\/backup\?next=%2Fsecret">Use a backup code<\/a>/);
      assert.match(page.text, /action="\/account\/logout"/);
      assert.doesNotMatch(page.text, /name="password"|Remember this browser/);

      const before = b.cookie('connect.sid');
      const done = await b.post('/account/verify', { _csrf: csrfOf(page), device: phone.persistentId, token: totpCode(host.clock, 1), next: '/secret' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      assert.notEqual(b.cookie('connect.sid'), before);
      assert.equal((await b.get('/secret')).text, 'secret page');
      const me = await whoami(b);
      assert.deepEqual(me.factors.map((factor) => [factor.type, factor.persistentId, factor.method]), [['otp', phone.persistentId, 'device']]);
      const [event] = host.events;
      assert.ok(event?.name === 'userVerified');
      assert.equal(event.payload.flow, 'verify');
      // Verified users are sent on.
      assert.equal((await b.get('/account/verify?next=%2Fsecret')).location, '/secret');
    }));

  it('sends anonymous visitors to sign in, and a pending sign-in to the wizard', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const anonymous = await host.browser().get('/account/verify?next=%2Fsecret');
      assert.equal(anonymous.status, 302);
      assert.equal(anonymous.location, '/account/login?next=%2Fsecret');
      const b = host.browser();
      const login = await b.get('/account/login');
      await b.post('/account/login', { _csrf: csrfOf(login), username: alice.username, password: alice.password });
      const redirected = await b.get('/account/verify/backup');
      assert.equal(redirected.status, 302);
      assert.equal(redirected.location, '/account/login/backup');
    }));

  it('has a backup-code step of its own, single use', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const { device, codes } = await issueBackupCodes(host.twofold, alice.id);
      const b = host.browser();
      await hostLogin(b, alice);
      const page = await b.get('/account/verify/backup');
      assert.equal(page.status, 200);
      assert.match(page.text, /action="\/account\/verify\/backup"/);
      assert.match(page.text, /inputmode="text"/);
      const done = await b.post('/account/verify/backup', { _csrf: csrfOf(page), token: codes[0]! });
      assert.equal(done.via?.status, 303);
      assert.match(done.text, /You have 9 backup codes left\./);
      assert.equal((await whoami(b)).device, device.persistentId);

      const other = host.browser();
      await hostLogin(other, alice);
      const again = await other.get('/account/verify/backup');
      const refused = await other.post('/account/verify/backup', { _csrf: csrfOf(again), token: codes[0]! });
      assert.equal(refused.status, 401);
      assert.deepEqual(errorsOf(refused.text), ['That code was not accepted. Check it and try again.']);
    }));

  it('honours a remembered browser: the second factor is skipped, recorded as remembered-browser', () =>
    withFlowHost({ rememberDays: 30 }, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      await hostLogin(b, alice);
      const page = await b.get('/account/verify');
      assert.match(page.text, /Remember this browser for 30 days/);
      const remembered = await b.post('/account/verify', { _csrf: csrfOf(page), token: totpCode(host.clock, 1), remember: 'on' });
      assert.equal(remembered.status, 303);
      assert.equal(remembered.headers.getSetCookie().filter((line) => line.startsWith('twofold_remember_')).length, 1);

      // A new sign-in through the host (another session, same browser): /verify lets it through at once.
      b.deleteCookie('connect.sid');
      await hostLogin(b, alice);
      host.clock.advance(3600);
      const skipped = await b.get('/account/verify?next=%2Fsecret');
      assert.equal(skipped.status, 302);
      assert.equal(skipped.location, '/secret');
      const me = await whoami(b);
      assert.equal(me.verified, true);
      assert.deepEqual(me.factors.map((factor) => [factor.type, factor.persistentId, factor.method]), [['otp', phone.persistentId, 'remembered-browser']]);
      // The guard's own redirect target (GET /login) does the same.
      b.deleteCookie('connect.sid');
      await hostLogin(b, alice);
      const viaLogin = await b.get('/account/login?next=%2Fsecret');
      assert.equal(viaLogin.location, '/secret');
    }));

  it('offers the setup wizard to a user without a device', () =>
    withFlowHost({}, async (host: FlowHost) => {
      const b = host.browser();
      await hostLogin(b, host.user('carol'));
      const page = await b.get('/account/verify?next=%2Fsecret');
      assert.equal(page.status, 200);
      assert.match(page.text, /no device set up/);
      assert.match(page.text, /<a class="tf-button" href="\/account\/setup\?next=%2Fsecret">Set up two-factor authentication<\/a>/);
    }));
});
