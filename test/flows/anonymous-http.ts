/**
 * No session for anonymous visitors (issue 9): any number of anonymous GETs
 * of the sign-in pages (and the other pages an anonymous visitor can reach)
 * store nothing, while the sign-in form keeps its CSRF protection by double
 * submit (a token in a cookie and in the form) plus the same-site check.
 * The same for every framework adapter.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { browser, csrfOf, type Browser } from '../express/support.js';

/** A test host: twofold's pages under `/account`, and a user with a device. */
export interface AnonymousHost {
  readonly url: string;
  /** The session cookie's name. */
  readonly sessionCookie: string;
  /** How many sessions the host's store holds. */
  storedSessions(): Promise<number>;
  readonly username: string;
  readonly password: string;
  close(): Promise<void>;
}

const ANONYMOUS_PAGES = [
  '/account/login',
  '/account/login?next=%2Fsecret',
  '/account/login/backup',
  '/account/verify',
  '/account/verify/backup',
  '/account/logout',
  '/account/api/session',
  '/account/profile',
  '/account/setup',
  '/secret',
];

const REFUSED = 'This form has expired or was sent from another site. Go back, reload the page and try again.';
// A same-site form whose token is out of date: said so, with a way on.
const STALE = 'This form has expired, perhaps because you signed out or waited a long time. Nothing was changed: start again.';
const COOKIES_NEEDED = 'Signing in needs cookies, and this browser did not send ours back. Allow cookies for this site, reload the page and try again.';

async function credentials(host: AnonymousHost, b: Browser, token: string, headers: Record<string, string> = {}) {
  return b.post('/account/login', { _csrf: token, username: host.username, password: host.password }, headers);
}

/** Registers the anonymous-session tests against `start()`. */
export function anonymousTests(start: () => Promise<AnonymousHost>): void {
  it('stores no session for any number of anonymous GETs, from new browsers or the same one', async () => {
    const host = await start();
    try {
      const same = browser(host.url);
      for (let round = 0; round < 20; round++) {
        for (const path of ANONYMOUS_PAGES) {
          assert.ok((await browser(host.url).get(path)).status < 500, path);
          assert.ok((await same.get(path)).status < 500, path);
        }
      }
      assert.equal(await host.storedSessions(), 0);
      assert.equal(same.cookie(host.sessionCookie), undefined);
      // The JSON API hands anonymous clients a token the same way.
      const session = await same.get('/account/api/session');
      assert.match((JSON.parse(session.text) as { csrfToken: string }).csrfToken, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(await host.storedSessions(), 0);
    } finally {
      await host.close();
    }
  });

  it('keeps one token per browser in an HttpOnly, SameSite=Strict cookie, and signs in with it', async () => {
    const host = await start();
    try {
      const b = browser(host.url);
      const first = await b.get('/account/login');
      const cookie = first.headers.getSetCookie().find((line) => line.startsWith('twofold_csrf='));
      assert.ok(cookie !== undefined);
      assert.match(cookie, /; Path=\/; HttpOnly; SameSite=Strict$/);
      const token = csrfOf(first);
      assert.equal(b.cookie('twofold_csrf'), token);
      const second = await b.get('/account/login');
      assert.equal(csrfOf(second), token, 'a second tab gets the same token');
      assert.deepEqual(second.headers.getSetCookie(), []);
      const step = await credentials(host, b, token, { 'sec-fetch-site': 'same-origin', origin: host.url });
      assert.equal(step.status, 200);
      assert.match(step.text, /Enter the code/);
      assert.equal(await host.storedSessions(), 1);
      assert.equal(b.cookie('twofold_csrf'), undefined, 'cleared once the session holds the sign-in');
      assert.notEqual(csrfOf(step), token, 'the session has a token of its own');
    } finally {
      await host.close();
    }
  });

  it('refuses forged sign-ins: no token, another browser\'s token, a token without its cookie, another site', async () => {
    const host = await start();
    try {
      const attacker = browser(host.url);
      const attackerToken = csrfOf(await attacker.get('/account/login'));
      const victim = browser(host.url);
      const token = csrfOf(await victim.get('/account/login'));
      const attempts: [string, Browser, string, Record<string, string>][] = [
        ['no token', victim, '', {}],
        ['the attacker\'s own token', victim, attackerToken, {}],
        ['a token that is not the cookie\'s', victim, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), {}],
        ['cross-site Sec-Fetch-Site', victim, token, { 'sec-fetch-site': 'cross-site' }],
        ['cross-site Origin', victim, token, { origin: 'https://evil.example' }],
      ];
      for (const [label, b, submitted, headers] of attempts) {
        const page = await credentials(host, b, submitted, headers);
        assert.equal(page.status, 403, label);
        assert.ok(page.text.includes(Object.keys(headers).length > 0 ? REFUSED : STALE), label);
      }
      // The victim's token pasted into the attacker's browser (whose cookie differs).
      const swapped = await credentials(host, attacker, token);
      assert.equal(swapped.status, 403);
      assert.equal(await host.storedSessions(), 0);
    } finally {
      await host.close();
    }
  });

  it('tells a browser that keeps no cookies that signing in needs them', async () => {
    const host = await start();
    try {
      const b = browser(host.url);
      const token = csrfOf(await b.get('/account/login'));
      b.deleteCookie('twofold_csrf');
      const page = await credentials(host, b, token, { 'sec-fetch-site': 'same-origin' });
      assert.equal(page.status, 403);
      assert.ok(page.text.includes(COOKIES_NEEDED));
      // A forged cross-site post without cookies gets the usual answer.
      const forged = await credentials(host, b, token, { 'sec-fetch-site': 'cross-site' });
      assert.ok(forged.text.includes(REFUSED));
      assert.equal(await host.storedSessions(), 0);
    } finally {
      await host.close();
    }
  });
}
