/**
 * twofold's own request path enters no AsyncLocalStorage: on Node 20, once
 * one has been entered, every promise of the process pays for async hooks
 * (about 25-30 µs of a ~650 µs sign-in step, see docs/benchmarks.md). The
 * language and the client address are passed explicitly instead; the
 * `withLanguage` / `withClientAddress` scope stays for hosts that ask for it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { withLanguage, currentLanguage } from '../../src/web/i18n/scope.js';
import { clientAddressOf, currentClientAddress, noteClientAddress, withClientAddress } from '../../src/web/client-address.js';
import { createTranslator } from '../../src/assembly/messages.js';
import type { Translator } from '../../src/web/messages.js';
import { startAdminHost } from '../express/admin-harness.js';
import { createAdminTranslator } from '../../src/flows/admin/messages.js';
import { addTotp, browser, csrfOf, type Browser, errorsOf, fullLogin, passwordStep, startHost, totpCode, user, type Host } from '../express/support.js';

const alice = user('alice');
const bob = user('bob');
const dave = user('<dave & "co">');
const carol = user('carol');

/** The session's CSRF token from the JSON API. */
async function apiCsrf(b: Browser): Promise<string> {
  return (JSON.parse((await b.get('/account/api/session')).text) as { csrfToken: string }).csrfToken;
}

/** Counts every entry into any AsyncLocalStorage (run, enterWith) while `counting` is on. */
function storageEntries() {
  const prototype = AsyncLocalStorage.prototype as unknown as Record<'run' | 'enterWith', (...args: unknown[]) => unknown>;
  const originals = { run: prototype.run, enterWith: prototype.enterWith };
  const state = { counting: false, entries: 0 };
  for (const name of ['run', 'enterWith'] as const) {
    const original = originals[name];
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      if (state.counting) state.entries++;
      return original.apply(this, args);
    };
  }
  return {
    async during<T>(work: () => Promise<T>): Promise<{ result: T; entries: number }> {
      state.entries = 0;
      state.counting = true;
      try {
        const result = await work();
        return { result, entries: state.entries };
      } finally {
        state.counting = false;
      }
    },
    restore() {
      prototype.run = originals.run;
      prototype.enterWith = originals.enterWith;
    },
  };
}

describe('no AsyncLocalStorage on the request path', () => {
  const counter = storageEntries();
  let host: Host;
  before(async () => {
    host = await startHost();
    await addTotp(host.twofold, alice.id, 'Alice phone', 1);
    await addTotp(host.twofold, bob.id, 'Bob phone', 2);
    await addTotp(host.twofold, dave.id, 'Dave phone', 4);
    await addTotp(host.twofold, carol.id, 'Carol phone', 3);
  });
  after(async () => {
    await host.close();
    counter.restore();
  });

  it('the counter sees an entry (so that the tests below can fail)', async () => {
    const { result, entries } = await counter.during(() => Promise.resolve(withLanguage('de', () => currentLanguage())));
    assert.equal(result, 'de');
    // One `run`; Node 24's AsyncLocalStorage (on AsyncContextFrame) enters through its own methods too, so it counts more than one.
    assert.ok(entries >= 1, `entries: ${entries}`);
  });

  it("a sign-in's second step (and its password step) enters none", async () => {
    const b = host.browser();
    const step = await passwordStep(host, b, alice);
    assert.equal(step.status, 200);
    const { result: signedIn, entries } = await counter.during(() => b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1) }));
    assert.equal(signedIn.status, 303, 'signed in');
    assert.equal(entries, 0);
    const again = host.browser();
    const whole = await counter.during(() => fullLogin(host, again, bob, 2));
    assert.equal(whole.result.status, 303, 'signed in');
    assert.equal(whole.entries, 0);
  });

  it('a wrong code in German enters none, and is said in German', async () => {
    const german = browser(host.url, { 'accept-language': 'de' });
    const step = await passwordStep(host, german, dave);
    const wrong = totpCode(host.clock, 4) === '000000' ? '111111' : '000000';
    const { result: refused, entries } = await counter.during(() => german.post('/account/login', { _csrf: csrfOf(step), token: wrong }));
    assert.equal(entries, 0);
    assert.equal(refused.status, 401);
    const expected = createTranslator().inLanguage?.('de').text('error.invalidToken');
    assert.notEqual(expected, createTranslator().text('error.invalidToken'), 'German differs from English');
    assert.deepEqual(errorsOf(refused.text), [expected]);
  });

  it("the JSON API's second step enters none: a wrong code said in the reader's language, then a valid one", async () => {
    const b = browser(host.url, { 'accept-language': 'fr' });
    const login = await b.json('/account/api/login', { username: carol.username, password: carol.password }, { 'x-csrf-token': await apiCsrf(b) });
    assert.equal(login.status, 200, login.text);
    const csrf = await apiCsrf(b);
    const wrong = totpCode(host.clock, 3) === '000000' ? '111111' : '000000';
    const refused = await counter.during(() => b.json('/account/api/login/verify', { code: wrong }, { 'x-csrf-token': csrf }));
    assert.equal(refused.result.status, 401, refused.result.text);
    assert.equal((JSON.parse(refused.result.text) as { message: string }).message, createTranslator().inLanguage?.('fr').text('error.invalidToken'));
    host.clock.advance(2); // past the throttle's 1 s, in the same TOTP step
    const verified = await counter.during(() => b.json('/account/api/login/verify', { code: totpCode(host.clock, 3) }, { 'x-csrf-token': csrf }));
    assert.equal(verified.result.status, 200, verified.result.text);
    assert.equal(refused.entries + verified.entries, 0);
  });

  it("the device admin enters none, and writes in the reader's language", async () => {
    const admin = await startAdminHost();
    try {
      const staff = await admin.signInVerified('sam');
      const { result: page, entries } = await counter.during(() => staff.get('/admin/', { 'accept-language': 'de' }));
      assert.equal(entries, 0);
      assert.equal(page.status, 200);
      assert.match(page.text, /<html lang="de">/);
      const title = createAdminTranslator(createTranslator()).inLanguage('de').text('admin.title');
      assert.notEqual(title, createAdminTranslator(createTranslator()).text('admin.title'));
      assert.ok(page.text.includes(`<h1>${title}</h1>`), title);
    } finally {
      await admin.close();
    }
  });
});

describe('the scope stays for hosts that ask for it', () => {
  it("twofold's unbound translator follows withLanguage; a bound one does not need it", () => {
    const t = createTranslator();
    const german = withLanguage('de', () => t.text('page.login.title'));
    assert.notEqual(german, t.text('page.login.title'));
    const bound = t.inLanguage?.('de');
    assert.ok(bound !== undefined);
    assert.equal(bound.text('page.login.title'), german);
    assert.equal(withLanguage('fr', () => bound.text('page.login.title')), german, 'bound: the scope does not change it');
    assert.equal(bound.locale, 'de');
    assert.equal(t.inLanguage?.('ja').locale, 'en', 'no translation: the configured locale');
  });

  it('a host translator without inLanguage still reads currentLanguage() on the pages', async () => {
    const english = createTranslator();
    const seen: (string | undefined)[] = [];
    const own: Translator = {
      get locale() {
        return english.locale;
      },
      text(id, params) {
        seen.push(currentLanguage());
        return english.text(id, params);
      },
      message: (id, params, field) => english.message(id, params, field),
      time: (at) => english.time(at),
      relative: (at, now) => english.relative(at, now),
    };
    const host = await startHost({ twofold: { translator: own } });
    try {
      const page = await browser(host.url, { 'accept-language': 'fr' }).get('/account/login');
      assert.equal(page.status, 200);
      assert.ok(seen.includes('fr'), 'the page ran in the reader language scope');
    } finally {
      await host.close();
    }
  });

  it('the client address noted for a request wins; else the scope of withClientAddress', () => {
    const request = new Request('http://example.test/');
    assert.equal(clientAddressOf(request), undefined);
    assert.equal(withClientAddress('192.0.2.9', () => clientAddressOf(request)), '192.0.2.9');
    noteClientAddress(request, '192.0.2.1');
    assert.equal(withClientAddress('192.0.2.9', () => clientAddressOf(request)), '192.0.2.1');
    assert.equal(withClientAddress('192.0.2.9', () => currentClientAddress()), '192.0.2.9');
    noteClientAddress(request, null);
    assert.equal(clientAddressOf(request), undefined);
  });
});
