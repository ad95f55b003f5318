/**
 * One HTTP conformance suite for every framework adapter: the same cases,
 * byte for byte the same requests, against the host app built with
 * `twofoldExpress` and with `twofoldHono` (see hosts.ts). A new adapter
 * joins by adding its host to FRAMEWORKS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, browser, csrfOf, errorsOf, totpCode, type Browser, type Page } from '../express/support.js';
import { codeFor, keyOf } from '../flows/account/support.js';
import { EXPRESS, HONO, member, type ConformanceHost, type Framework, type Member } from './hosts.js';

const FRAMEWORKS: readonly Framework[] = [EXPRESS, HONO];
const ALICE_SEED = 11;
const ROOT_SEED = 12;

interface SessionJson {
  readonly user: { readonly id: string; readonly username: string | null } | null;
  readonly verified: boolean;
  readonly pendingLogin: unknown;
  readonly csrfToken: string;
}

async function sessionJson(b: Browser): Promise<SessionJson> {
  const page = await b.get('/account/api/session');
  assert.equal(page.status, 200, page.text);
  assert.match(page.headers.get('content-type') ?? '', /^application\/json/);
  return JSON.parse(page.text) as SessionJson;
}

/** The password step of the sign-in page; returns the page after it. */
async function password(b: Browser, who: Member, next?: string): Promise<Page> {
  const login = await b.get(`/account/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
  assert.equal(login.status, 200);
  return b.post('/account/login', { _csrf: csrfOf(login), username: who.username, password: who.password, next });
}

for (const framework of FRAMEWORKS) {
  describe(`HTTP conformance: ${framework.name}`, () => {
    let host: ConformanceHost;
    before(async () => {
      host = await framework.start();
      await addTotp(host.twofold, member('alice').id, 'Alice phone', ALICE_SEED);
      await addTotp(host.twofold, member('root').id, 'Root phone', ROOT_SEED);
    });
    after(() => host.close());

    /** Signs `who` in with the password and the TOTP code of `seed`; returns the final answer. */
    async function signIn(b: Browser, who: Member, seed: number, next?: string): Promise<Page> {
      const step = await password(b, who, next);
      assert.equal(step.status, 200, 'the code is asked for');
      return b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, seed), next });
    }

    it('signs in with the password and a TOTP code, and comes back to the guarded page', async () => {
      host.clock.advance(30);
      const b = browser(host.url);
      const refused = await b.get('/dashboard');
      assert.equal(refused.status, 302);
      assert.equal(refused.location, '/account/login?next=%2Fdashboard');
      const step = await password(b, member('alice'), '/dashboard');
      assert.equal(step.status, 200);
      assert.match(step.text, /autocomplete="one-time-code"/);
      assert.equal((await b.get('/dashboard')).status, 302, 'not signed in between the password and the code');
      const done = await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, ALICE_SEED), next: '/dashboard' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/dashboard');
      const dashboard = await b.get('/dashboard');
      assert.equal(dashboard.status, 200);
      assert.equal(dashboard.text, 'dashboard of alice');
    });

    it('refuses a wrong code and keeps asking for it', async () => {
      host.clock.advance(30);
      const b = browser(host.url);
      const step = await password(b, member('alice'), '/dashboard');
      const wrongCode = totpCode(host.clock, ALICE_SEED) === '000000' ? '111111' : '000000';
      const wrong = await b.post('/account/login', { _csrf: csrfOf(step), token: wrongCode, next: '/dashboard' });
      assert.equal(wrong.status, 401);
      assert.deepEqual(errorsOf(wrong.text), ['That code was not accepted. Check it and try again.']);
      assert.equal((await b.get('/dashboard')).status, 302);
    });

    it('refuses a form without its CSRF token, or from another site', async () => {
      const b = browser(host.url);
      const login = await b.get('/account/login');
      const alice = member('alice');
      assert.equal((await b.post('/account/login', { username: alice.username, password: alice.password })).status, 403);
      assert.equal((await b.post('/account/login', { _csrf: 'x'.repeat(43), username: alice.username, password: alice.password })).status, 403);
      const crossSite = await b.post('/account/login', { _csrf: csrfOf(login), username: alice.username, password: alice.password }, { origin: 'https://evil.example' });
      assert.equal(crossSite.status, 403);
      assert.equal((await sessionJson(b)).pendingLogin, null, 'nothing was done');
    });

    it('follows only same-site paths after signing in', async () => {
      for (const [next, expected] of [
        ['https://evil.example/', '/'],
        ['//evil.example/x', '/'],
        ['/\\evil.example', '/'],
        ['/account/profile?tab=1', '/account/profile?tab=1'],
      ] as const) {
        const b = browser(host.url);
        const answer = await password(b, member('carol'), next);
        assert.equal(answer.status, 303, 'carol has no device: the password is enough');
        assert.equal(answer.location, expected, `next=${next}`);
      }
    });

    it('sets up an authenticator app from the account pages', async () => {
      const b = browser(host.url);
      assert.equal((await password(b, member('carol'))).status, 303);
      const welcome = await b.get('/account/setup');
      assert.equal(welcome.status, 200);
      assert.equal((await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' })).status, 303);
      const keyPage = await b.get('/account/setup');
      const key = keyOf(keyPage);
      const done = await b.post('/account/setup', { _csrf: csrfOf(keyPage), action: 'confirm', name: 'Carol phone', token: codeFor(key, host.clock) });
      assert.equal(done.status, 303);
      const profile = await b.get('/account/profile');
      assert.equal(profile.status, 200);
      assert.match(profile.text, /Carol phone/);
      assert.equal((await host.twofold.listDevices(member('carol').id, { kind: 'totp' })).length, 1);
    });

    it('keeps the admin to verified staff: anonymous to the sign-in page, others refused', async () => {
      host.clock.advance(30);
      const anonymous = await browser(host.url).get('/admin');
      assert.equal(anonymous.status, 302);
      assert.match(anonymous.location ?? '', /^\/account\/login\?next=%2Fadmin/);

      const alice = browser(host.url);
      assert.equal((await signIn(alice, member('alice'), ALICE_SEED)).status, 303);
      const refused = await alice.get('/admin');
      assert.equal(refused.status, 403);
      assert.doesNotMatch(refused.text, /Root phone/);

      const root = browser(host.url);
      assert.equal((await password(root, member('root'))).status, 200, 'staff are asked for their code');
      assert.equal((await root.get('/admin')).status, 302, 'not verified yet');
      host.clock.advance(30);
      assert.equal((await signIn(root, member('root'), ROOT_SEED)).status, 303);
      const admin = await root.get('/admin');
      assert.equal(admin.status, 200);
      assert.match(admin.text, /href="\/account\/logout"/, "the admin links to the pages' sign-out");
    });

    it('answers the JSON API and the JSON guard with the session status', async () => {
      host.clock.advance(30);
      const b = browser(host.url);
      const anonymous = await sessionJson(b);
      assert.equal(anonymous.user, null);
      assert.equal(anonymous.verified, false);
      const refused = await b.get('/data');
      assert.equal(refused.status, 401);
      assert.deepEqual(JSON.parse(refused.text), { error: 'login_required' });

      await password(b, member('alice'));
      assert.notEqual((await sessionJson(b)).pendingLogin, null, 'between the password and the code');
      const step = await b.get('/account/login');
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, ALICE_SEED) })).status, 303);
      const verified = await sessionJson(b);
      assert.deepEqual(verified.user, { id: member('alice').id, username: 'alice' });
      assert.equal(verified.verified, true);
      const data = await b.get('/data');
      assert.equal(data.status, 200);
      assert.deepEqual(JSON.parse(data.text), { data: 1 });
      assert.deepEqual(JSON.parse((await b.get('/whoami')).text), { verified: true }, "the host's routes see the request's context");
    });
  });
}
