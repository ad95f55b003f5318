/**
 * Remembered identity apart from elevation, on the lower-level Express
 * factory: Lock drops the password and the codes but keeps a remembered
 * browser's stand-in (which never counts as recent); and a step-up page
 * whose host has no `verifyPassword` cannot ask for the password, says so,
 * and ignores a password posted anyway.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, totpCode } from '../../express/support.js';
import { defineRequirement } from '../../../src/web/step-up/index.js';
import { hostLogin, passwordStep, whoami, withFlowHost } from '../login/support.js';

const REMEMBERED = defineRequirement('remembered', { factor: 'second-factor', rememberedBrowser: true });
const FRESH = defineRequirement('fresh', { factor: 'second-factor', within: 300 });
const PASSWORD = defineRequirement('password', { factor: 'password', within: 600 });
const SEED = 33;

describe('elevation apart from identity', () => {
  it('locks: the password and codes go, a remembered browser stays and still never counts as recent', () =>
    withFlowHost({ rememberDays: 30, twofold: { requirements: [REMEMBERED, FRESH] } }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', SEED);
      const b = host.browser();
      host.clock.advance(30);
      const step = await passwordStep(b, alice);
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, SEED), remember: 'on' })).status, 303);
      const logout = await b.get('/account/logout');
      assert.equal((await b.post('/account/logout', { _csrf: csrfOf(logout) })).status, 303);

      host.clock.advance(60);
      const again = await passwordStep(b, alice);
      assert.equal(again.status, 303, 'the remembered browser stands in for the code');
      assert.deepEqual((await whoami(b)).factors.map((factor) => factor.method ?? factor.type), ['password', 'remembered-browser']);
      const fresh = await b.get('/account/step-up?requirement=fresh&next=%2Fsecret');
      assert.equal(fresh.status, 200, 'a remembered browser is never recent');
      assert.equal((await b.get('/account/step-up?requirement=remembered&next=%2Fsecret')).location, '/secret');

      const locked = await b.post('/account/step-up/lock', { _csrf: csrfOf(fresh), next: '/secret' });
      assert.equal(locked.status, 303);
      assert.equal(locked.location, '/secret');
      const me = await whoami(b);
      assert.equal(me.user, alice.id, 'still signed in');
      assert.deepEqual(me.factors.map((factor) => factor.method ?? factor.type), ['remembered-browser'], 'only the stand-in is left');
      assert.equal((await b.get('/account/step-up?requirement=remembered&next=%2Fsecret')).location, '/secret', 'low-risk pages still open');
    }));

  it('says the password is needed, and takes none, when the host has no verifyPassword', () =>
    withFlowHost({ twofold: { verifyPassword: undefined, loadUser: undefined, requirements: [PASSWORD] } }, async (host) => {
      const b = host.browser();
      const carol = host.user('carol');
      await hostLogin(b, carol);
      const page = await b.get('/account/step-up?requirement=password&next=%2Fsecret');
      assert.equal(page.status, 200);
      assert.match(page.text, /This page needs your password again\. Sign out, then sign in again with your password\./);
      assert.match(page.text, /href="\/account\/logout"/);
      assert.doesNotMatch(page.text, /type="password"/);
      // The page has no form: the token of another page of the session.
      const token = csrfOf(await b.get('/account/logout'));
      const posted = await b.post('/account/step-up', { _csrf: token, requirement: 'password', next: '/secret', action: 'password', password: carol.password });
      assert.equal(posted.via?.status, 303);
      assert.equal(posted.status, 200, 'back on the page: nothing was recorded');
      assert.deepEqual((await whoami(b)).factors, []);
    }));
});
