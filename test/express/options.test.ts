/**
 * Configuration: replacing one page or message, extra stylesheets, the
 * token-only mode (no verifyPassword), and start-up checks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { createTwofoldExpress } from '../../src/express/index.js';
import { hiddenFields, html } from '../../src/web/index.js';
import { addTotp, csrfOf, passwordStep, startHost, TEST_SECRET, user } from './support.js';

const alice = user('alice');

describe('options', () => {
  it('replace one view and some messages, and add a stylesheet, leaving the other pages as they are', async () => {
    const host = await startHost({
      twofold: {
        views: {
          credentials: (model) => html`<h1 id="custom">${model.t('page.login.title')}</h1>
<form method="post" action="${model.urls.login}">${hiddenFields(model)}<input name="username"><input name="password" type="password"><button>Go</button></form>`,
        },
        messages: { 'page.login.title': 'Welcome <back>', 'login.passwordAccepted': 'Now the code, please.' },
        stylesheets: ['/brand.css'],
      },
    });
    try {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const page = await b.get('/account/login');
      assert.match(page.text, /<h1 id="custom">Welcome &lt;back&gt;<\/h1>/);
      assert.match(page.text, /<title>Welcome &lt;back&gt;<\/title>/);
      assert.match(page.text, /<link rel="stylesheet" href="\/account\/twofold.css">\n<link rel="stylesheet" href="\/brand.css">/);
      const step = await b.post('/account/login', { _csrf: csrfOf(page), username: alice.username, password: alice.password });
      assert.equal(step.status, 200);
      assert.match(step.text, /<h1>Enter your code<\/h1>/);
      assert.match(step.text, /Now the code, please\./);
    } finally {
      await host.close();
    }
  });

  it('without verifyPassword, send anonymous visitors to the host\'s sign-in and keep the token page', async () => {
    const host = await startHost({ twofold: { verifyPassword: undefined, loadUser: undefined, signInUrl: '/host-sign-in' } });
    try {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const refused = await b.get('/account/login?next=%2Fsecret');
      assert.equal(refused.status, 302);
      assert.equal(refused.location, '/host-sign-in?next=%2Fsecret');
      await b.post('/host-login', { username: alice.username, password: alice.password });
      const page = await b.get('/account/login?next=%2Fsecret');
      assert.match(page.text, /Confirm it is you/);
      // Credentials posted anyway are not checked by twofold.
      const posted = await b.post('/account/login', { _csrf: csrfOf(page), username: alice.username, password: alice.password });
      assert.equal(posted.status, 400);
      assert.doesNotMatch(posted.text, /name="password"/);
    } finally {
      await host.close();
    }
  });

  it('honour pendingLoginSeconds', async () => {
    const host = await startHost({ twofold: { pendingLoginSeconds: 60 } });
    try {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(host, b, alice);
      host.clock.advance(60);
      const late = await b.post('/account/login', { _csrf: csrfOf(step), token: '123456' });
      assert.equal(late.status, 400);
      assert.match(late.text, /took too long/);
    } finally {
      await host.close();
    }
  });

  it('refuse mistakes at start-up', () => {
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    const verifyPassword = () => Promise.resolve(null);
    const loadUser = () => Promise.resolve(null);
    const bad: Record<string, unknown>[] = [
      { verifyPassword },
      { loadUser },
      { loginUrl: 'https://evil.example/login' },
      { defaultRedirect: '//evil.example' },
      { logoutRedirect: 'javascript:alert(1)' },
      { pendingLoginSeconds: 5 },
      { pendingLoginSeconds: 1.5 },
      { redirectField: 'a b' },
      { sessionKey: 'a.b' },
      { timeZone: 'Mars/Olympus' },
      { twofold: {} },
    ];
    for (const extra of bad) {
      assert.throws(
        () => createTwofoldExpress({ twofold, ...extra }),
        (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'),
        JSON.stringify(Object.keys(extra)),
      );
    }
    assert.doesNotThrow(() => createTwofoldExpress({ twofold, verifyPassword, loadUser, loginUrl: '/a/login', timeZone: 'Europe/Paris' }));
  });
});
