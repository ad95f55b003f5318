/**
 * Browser habits on the sign-in pages, over HTTP: every POST that changes
 * something answers with a redirect (Post/Redirect/Get), so that reload,
 * Back and a second tab replay nothing; a refused form says what happened
 * and leads where the user can go on; the page after a backup code says how
 * many are left; and the "lost your device?" help is on every code page.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueBackupCodes } from '../../../src/devices/backup-codes/index.js';
import { isTwofoldError } from '../../../src/core/errors.js';
import { resolveLoginFlowOptions } from '../../../src/flows/login/options.js';
import {
  addTotp,
  csrfOf,
  errorsOf,
  noticesOf,
  hostLogin,
  passwordStep,
  sentTo,
  totpCode,
  whoami,
  withFlowHost,
} from './support.js';

const MOBILE = '+31612345678';
const PASSWORD_ACCEPTED = 'Your password is correct. Now enter the code from one of your devices.';
const LOST_DEVICE = 'Lost your device? Use one of your backup codes. Without them, contact this site’s support to get back into your account.';

describe('sign-in: Post/Redirect/Get', () => {
  it('answers the password with a redirect to the code step, which reloads, opens in a second tab and says its notices once', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await host.twofold.createDevice({ userId: alice.id, kind: 'phone', name: 'Mobile', options: { number: MOBILE, method: 'sms' } });
      const b = host.browser();
      const step = await passwordStep(b, alice, '/secret');
      assert.equal(step.via?.status, 303, 'the password POST redirects');
      assert.equal(step.via.location, '/account/login?next=%2Fsecret');
      assert.equal(step.status, 200);
      assert.deepEqual(noticesOf(step.text).slice(0, 1), [PASSWORD_ACCEPTED]);
      assert.equal(host.gateway.outbox().length, 1, 'one text message, sent by the POST');
      const code = /\b(\d{6})\b/.exec(sentTo(host, MOBILE).text)?.[1];
      assert.ok(code !== undefined);

      // Reload: the same step, no notice again, nothing sent again, no 403.
      const reloaded = await b.get('/account/login?next=%2Fsecret');
      assert.equal(reloaded.status, 200);
      assert.match(reloaded.text, /Enter your code/);
      assert.deepEqual(noticesOf(reloaded.text), []);
      assert.equal(host.gateway.outbox().length, 1);
      // A second tab of the same browser gets the same step, with a token that works.
      const second = await b.get('/account/login?next=%2Fsecret');
      assert.equal(csrfOf(second), csrfOf(step));

      // "Send a new code" after the cooldown: a redirect too, and the page it lands on says where the code went, once.
      host.clock.advance(61);
      const resent = await b.post('/account/login', { _csrf: csrfOf(reloaded), action: 'challenge', next: '/secret' });
      assert.equal(resent.via?.status, 303);
      assert.equal(host.gateway.outbox().length, 2);
      assert.match(noticesOf(resent.text).join(' '), /We sent a text message with a code/);
      assert.equal((await b.get('/account/login?next=%2Fsecret')).status, 200);
      assert.equal(host.gateway.outbox().length, 2, 'a reload sends nothing');

      const fresh = /\b(\d{6})\b/.exec(sentTo(host, MOBILE).text)?.[1];
      const done = await b.post('/account/login', { _csrf: csrfOf(resent), token: fresh, next: '/secret' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      // Back after signing in: a GET of the code step, which now goes on to the destination (a verified session).
      const back = await b.get('/account/login/backup?next=%2Fsecret');
      assert.equal(back.status, 303);
      assert.equal(back.location, '/secret');
    }));

  it('answers "confirm it is you" sending a code with a redirect; a reload sends nothing', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const phone = await host.twofold.createDevice({ userId: alice.id, kind: 'phone', name: 'Mobile', options: { number: MOBILE, method: 'sms' } });
      const b = host.browser();
      await hostLogin(b, alice);
      const page = await b.get('/account/reauthenticate?next=%2Faccount%2Fprofile');
      const sent = await b.post('/account/reauthenticate', { _csrf: csrfOf(page), action: 'challenge', device: phone.persistentId, next: '/account/profile' });
      assert.equal(sent.via?.status, 303);
      assert.equal(sent.via.location, '/account/reauthenticate?next=%2Faccount%2Fprofile');
      assert.match(noticesOf(sent.text).join(' '), /We sent a text message/);
      const count = host.gateway.outbox().length;
      await b.get('/account/reauthenticate?next=%2Faccount%2Fprofile');
      assert.equal(host.gateway.outbox().length, count);
    }));
});

describe('sign-in: refused forms that help', () => {
  it('sends a stale tab of a finished sign-in to the destination, not back to sign in', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      const b = host.browser();
      const tabA = await passwordStep(b, alice, '/secret');
      const tabB = await b.get('/account/login?next=%2Fsecret');
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(tabA), token: totpCode(host.clock, 1), next: '/secret' })).status, 303);
      host.clock.advance(30);
      const stale = await b.post('/account/login', { _csrf: csrfOf(tabB), token: totpCode(host.clock, 1), next: '/secret' });
      assert.equal(stale.status, 403);
      assert.match(stale.text, /<h1>This page was out of date<\/h1>/);
      assert.match(stale.text, /you are already signed in, perhaps in another tab or window/);
      assert.match(stale.text, /<a class="tf-button" href="\/secret">Continue<\/a>/);
      assert.doesNotMatch(stale.text, /Back to sign-in/);
    }));

  it('sends a stale form of a sign-in in progress to the current step', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      const b = host.browser();
      const oldTab = await b.get('/account/login?next=%2Fsecret');
      await passwordStep(b, alice, '/secret');
      // The first tab still shows the password form, with the token of before the password.
      const stale = await b.post('/account/login', { _csrf: csrfOf(oldTab), username: alice.username, password: alice.password, next: '/secret' });
      assert.equal(stale.status, 403);
      assert.match(stale.text, /your sign-in moved on in another tab or window/);
      assert.match(stale.text, /<a class="tf-button" href="\/account\/login\?next=%2Fsecret">Continue<\/a>/);
    }));

  it('tells a browser without cookies so, and a cross-site post the usual refusal', () =>
    withFlowHost({}, async (host) => {
      const b = host.browser();
      const page = await b.get('/account/login');
      for (const name of b.cookies().keys()) b.deleteCookie(name);
      const refused = await b.post('/account/login', { _csrf: csrfOf(page), username: 'alice', password: 'x' });
      assert.equal(refused.status, 403);
      assert.match(refused.text, /Signing in needs cookies/);
      const forged = await b.post('/account/login', { _csrf: csrfOf(page), username: 'alice', password: 'x' }, { 'sec-fetch-site': 'cross-site' });
      assert.match(forged.text, /sent from another site/);
    }));

  it('leads a stale account form back to its page', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      const b = host.browser();
      await hostLogin(b, alice);
      const page = await b.get('/account/reauthenticate');
      const stale = await b.post('/account/backup-codes', { _csrf: `${csrfOf(page).slice(0, -1)}${csrfOf(page).endsWith('A') ? 'B' : 'A'}` });
      assert.equal(stale.status, 403);
      assert.match(stale.text, /open the page again and retry/);
      assert.match(stale.text, /<a class="tf-button" href="\/account\/backup-codes">Continue<\/a>/);
    }));
});

describe('sign-in: recovery', () => {
  it('says how many backup codes are left after one, warns and offers new ones when 3 or fewer remain', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      const { codes } = await issueBackupCodes(host.twofold, alice.id, { count: 4 });
      const b = host.browser();
      await passwordStep(b, alice, '/secret');
      const backup = await b.get('/account/login/backup?next=%2Fsecret');
      const done = await b.post('/account/login/backup', { _csrf: csrfOf(backup), token: codes[0]!, next: '/secret' });
      assert.equal(done.via?.location, '/account/login/backup?next=%2Fsecret');
      assert.match(done.text, /You have 3 backup codes left\./);
      assert.deepEqual(errorsOf(done.text), []);
      assert.match(done.text, /role="alert"><p>You signed in with a backup code\. You have 3 backup codes left\. Make a new set now/);
      assert.match(done.text, /<a class="tf-button" href="\/account\/backup-codes">Get new backup codes<\/a>/);
      assert.match(done.text, /href="\/secret">Continue<\/a>/);
      // Said once: a reload goes on to the destination.
      const reloaded = await b.get('/account/login/backup?next=%2Fsecret');
      assert.equal(reloaded.status, 303);
      assert.equal(reloaded.location, '/secret');
      assert.equal((await whoami(b)).verified, true);
    }));

  it('shows the "lost your device?" help on every code page, in the host\'s words when given, and hides it on request', async () => {
    await withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      const b = host.browser();
      const step = await passwordStep(b, alice);
      assert.ok(step.text.includes(LOST_DEVICE));
      assert.ok((await b.get('/account/login/backup')).text.includes(LOST_DEVICE));
      const other = host.browser();
      await hostLogin(other, alice);
      assert.ok((await other.get('/account/verify')).text.includes(LOST_DEVICE));
    });
    await withFlowHost({ twofold: { lostDevice: { text: 'Phone gone? Call 0800 123.', url: '/help/2fa' } } }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      const step = await passwordStep(host.browser(), alice);
      assert.match(step.text, /<p class="tf-hint tf-lost-device">Phone gone\? Call 0800 123\. <a href="\/help\/2fa">Get help signing in<\/a><\/p>/);
    });
    await withFlowHost({ twofold: { lostDevice: false } }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      assert.doesNotMatch((await passwordStep(host.browser(), alice)).text, /tf-lost-device/);
    });
  });

  it('refuses a help link that is neither a same-site path nor https', () =>
    withFlowHost({}, (host) => {
      for (const url of ['//evil.example', 'javascript:alert(1)', 'http://example.com/help', '/a b']) {
        assert.throws(
          () => resolveLoginFlowOptions({ lostDevice: { url } }, host.twofold, { warn() {}, error() {} }),
          (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'),
          url,
        );
      }
      assert.throws(() => resolveLoginFlowOptions({ lostDevice: { text: '' } }, host.twofold, { warn() {}, error() {} }), (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'));
      return Promise.resolve();
    }));

  it('offers no way back to a device on the backup-code step of a user who has none', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await issueBackupCodes(host.twofold, alice.id);
      const b = host.browser();
      const step = await passwordStep(b, alice);
      assert.equal(step.location, '/account/login/backup');
      const page = await b.get('/account/login/backup');
      assert.doesNotMatch(page.text, /Use one of your devices instead/);
      assert.ok(page.text.includes(LOST_DEVICE));
    }));
});
