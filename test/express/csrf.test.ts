/**
 * CSRF: every POST without a valid token of this session, or from another
 * site, is refused with 403 before anything is read or changed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, fullLogin, passwordStep, startHost, totpCode, user, type Browser, type Host } from './support.js';

const alice = user('alice');

async function withHost(run: (host: Host) => Promise<void>): Promise<void> {
  const host = await startHost();
  try {
    await run(host);
  } finally {
    await host.close();
  }
}

async function signedInUser(b: Browser): Promise<string | null> {
  return (JSON.parse((await b.get('/whoami')).text) as { user: string | null }).user;
}

const REFUSED = 'This form has expired or was sent from another site. Go back, reload the page and try again.';
// A same-site form with an out-of-date token: said so, with a way on (here: sign in again).
const STALE = 'This form has expired, perhaps because you signed out or waited a long time. Nothing was changed: start again.';

describe('CSRF protection', () => {
  it('refuses the login form without a valid token or from another site, with no state change', () =>
    withHost(async (host) => {
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const other = host.browser();
      const otherToken = csrfOf(await other.get('/account/login'));
      const b = host.browser();
      const token = csrfOf(await b.get('/account/login'));
      const fields = { username: alice.username, password: alice.password, token: totpCode(host.clock, 1) };
      const attempts: [string, Record<string, string>, Record<string, string>][] = [
        ['no token', fields, {}],
        ['empty token', { ...fields, _csrf: '' }, {}],
        ['wrong token', { ...fields, _csrf: token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA') }, {}],
        ['another session\'s token', { ...fields, _csrf: otherToken }, {}],
        ['cross-site Origin', { ...fields, _csrf: token }, { origin: 'https://evil.example' }],
        ['Origin null', { ...fields, _csrf: token }, { origin: 'null' }],
        ['cross-site Sec-Fetch-Site', { ...fields, _csrf: token }, { 'sec-fetch-site': 'cross-site' }],
        ['same-site Sec-Fetch-Site', { ...fields, _csrf: token }, { 'sec-fetch-site': 'same-site' }],
      ];
      const cookie = b.cookie('connect.sid');
      for (const [label, body, headers] of attempts) {
        const page = await b.post('/account/login', body, headers);
        assert.equal(page.status, 403, label);
        const crossSite = 'origin' in headers || 'sec-fetch-site' in headers;
        assert.ok(page.text.includes(crossSite ? REFUSED : STALE), label);
        if (!crossSite) assert.match(page.text, /<a class="tf-button" href="\/account\/login">Continue<\/a>/, label);
        assert.equal(page.headers.get('cache-control'), 'no-store', label);
        assert.equal(b.cookie('connect.sid'), cookie, `${label}: no new session`);
      }
      assert.equal(await signedInUser(b), null);
      const untouched = await host.twofold.getDevice(alice.id, device.persistentId);
      assert.equal(untouched?.failureCount, 0);
      assert.equal(untouched.lastUsedAt, null);
      assert.ok(!(await host.allSessions()).includes('twofoldPending'));

      // The same submission with the right token from this origin passes the password step, and the same (unconsumed) code then signs in.
      const ok = await b.post('/account/login', { ...fields, _csrf: token }, { origin: host.url, 'sec-fetch-site': 'same-origin' });
      assert.equal(ok.status, 200);
      const done = await b.post('/account/login', { _csrf: csrfOf(ok), token: fields.token }, { origin: host.url, 'sec-fetch-site': 'same-origin' });
      assert.equal(done.status, 303);
      assert.equal(await signedInUser(b), alice.id);
    }));

  it('refuses the code step without a token, and the pending login survives', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(host, b, alice);
      const refused = await b.post('/account/login', { token: totpCode(host.clock, 1) });
      assert.equal(refused.status, 403);
      assert.equal(await signedInUser(b), null);
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1) })).status, 303);
    }));

  it('refuses "Send me a code" without a token: nothing is sent', () =>
    withHost(async (host) => {
      const phone = await host.twofold.createDevice({ userId: alice.id, kind: 'sent', name: 'SMS' });
      const b = host.browser();
      await passwordStep(host, b, alice);
      // The password step sent the first code to this (primary) device; the forged request must send no other.
      assert.equal(host.sent.length, 1);
      const refused = await b.post('/account/login', { action: 'challenge', device: phone.persistentId });
      assert.equal(refused.status, 403);
      assert.equal(host.sent.length, 1);
    }));

  it('refuses sign-out without a token, and a token from before the login is dead after it', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const anonymousToken = csrfOf(await b.get('/account/login'));
      await fullLogin(host, b, alice, 1);
      assert.equal((await b.post('/account/logout', {})).status, 403);
      assert.equal((await b.post('/account/logout', { _csrf: anonymousToken })).status, 403);
      assert.equal((await b.post('/account/logout', { _csrf: csrfOf(await b.get('/account/logout')) }, { origin: 'https://evil.example' })).status, 403);
      assert.equal(await signedInUser(b), alice.id);
      assert.equal((await b.post('/account/logout', { _csrf: csrfOf(await b.get('/account/logout')) })).status, 303);
      assert.equal(await signedInUser(b), null);
    }));
});
