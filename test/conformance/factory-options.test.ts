/**
 * What the one-call factories decide for the host (`resolveTwofoldApp`,
 * shared by `twofoldExpress` and `twofoldHono`): the paths, the defaults
 * taken from the core, and the options that must not be given twice.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, isTwofoldError, type Twofold } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { DEFAULT_REMEMBER_SECONDS, resolveTwofoldApp, type TwofoldAppOptions } from '../../src/assembly/app.js';
import { twofoldExpress } from '../../src/express/index.js';
import { twofoldHono } from '../../src/hono/index.js';
import { TEST_SECRET } from '../express/support.js';
import { html } from '../../src/web/html.js';
import { pageUrls } from '../../src/web/pages/context.js';

const quiet = { warn() {}, error() {} };

function core(issuer?: string): Twofold {
  return createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: [TEST_SECRET], logger: quiet, ...(issuer === undefined ? {} : { issuer }) });
}

function configError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && pattern.test(error.message));
}

describe('one-call factory options', () => {
  it("takes secrets, issuer and logger from the core, and puts the pages under /account", () => {
    const twofold = core('Example');
    const app = resolveTwofoldApp(twofold);
    assert.deepEqual(app.config.secrets, [TEST_SECRET]);
    assert.equal(app.config.logger, quiet);
    assert.equal(app.config.account?.issuer({ id: '1', username: null }), 'Example');
    assert.equal(app.config.loginUrl, '/account/login');
    assert.deepEqual(app.urls, {
      pages: '/account',
      login: '/account/login',
      logout: '/account/logout',
      profile: '/account/profile',
      setup: '/account/setup',
      admin: null,
    });
    assert.equal(app.admin, null, 'no admin without isStaff');
    assert.equal(app.config.remember, null, 'remember is off without passwordFingerprint');
    const own = resolveTwofoldApp(twofold, { account: { issuer: (user) => `Example (${user.id})` } });
    assert.equal(own.config.account?.issuer({ id: '7', username: null }), 'Example (7)', "the host's per-user issuer wins");
  });

  it('serves the pages at the root with path "/", and the admin with isStaff', () => {
    const app = resolveTwofoldApp(core(), { path: '/', isStaff: () => true });
    assert.equal(app.urls.login, '/login');
    assert.equal(app.urls.admin, '/admin');
    assert.equal(typeof app.admin, 'function');
    assert.equal(resolveTwofoldApp(core(), { isStaff: () => true, adminPath: '/staff/otp' }).urls.admin, '/staff/otp');
  });

  it('turns "remember this browser" on for 30 days when passwordFingerprint is given', () => {
    const app = resolveTwofoldApp(core(), { passwordFingerprint: () => 'v1' });
    assert.equal(app.config.remember?.ageMs, DEFAULT_REMEMBER_SECONDS * 1000);
    assert.equal(resolveTwofoldApp(core(), { passwordFingerprint: () => 'v1', rememberCookieAge: 3600 }).config.remember?.ageMs, 3_600_000);
  });

  it('lets views wrap the defaults they are given', () => {
    const app = resolveTwofoldApp(core(), { views: (defaults) => ({ logout: (model) => html`${defaults.logout(model)}<p class="extra">home</p>` }) });
    const plain = resolveTwofoldApp(core());
    const model: Parameters<typeof plain.config.views.logout>[0] = {
      page: 'logout',
      t: (id) => id,
      csrfToken: 'x'.repeat(43),
      csrfField: '_csrf',
      next: null,
      redirectField: 'next',
      urls: pageUrls(''),
      errors: [],
      notices: [],
    };
    const wrapped = String(app.config.views.logout(model));
    assert.ok(wrapped.startsWith(String(plain.config.views.logout(model))));
    assert.match(wrapped, /<p class="extra">home<\/p>$/);
  });

  it('refuses what the core or path already decide, and bad paths, at start-up', () => {
    const twofold = core();
    const given = (options: Record<string, unknown>): TwofoldAppOptions => options;
    configError(() => resolveTwofoldApp(twofold, given({ secrets: [TEST_SECRET] })), /pass them once, to createTwofold/);
    configError(() => resolveTwofoldApp(twofold, given({ logger: quiet })), /logger/);
    configError(() => resolveTwofoldApp(twofold, given({ loginUrl: '/login' })), /follows from path/);
    configError(() => resolveTwofoldApp(twofold, { path: 'account' }), /path must be a path/);
    configError(() => resolveTwofoldApp(twofold, { path: '/account/' }), /no trailing slash/);
    configError(() => resolveTwofoldApp(twofold, { isStaff: () => true, adminPath: '/' }), /adminPath/);
    configError(() => resolveTwofoldApp(twofold, { isStaff: () => true, path: '/admin' }), /differ/);
    configError(() => resolveTwofoldApp(twofold, { adminPath: '/admin' }), /need isStaff/);
    configError(() => resolveTwofoldApp(twofold, { userEmail: () => null, account: { userEmail: () => null } }), /once/);
    configError(() => resolveTwofoldApp({} as Twofold), /twofold instance/);
    configError(() => twofoldExpress(twofold, { verifyPassword: () => Promise.resolve(null) }), /verifyPassword and loadUser go together/);
    configError(
      () => twofoldHono(twofold, { session: () => { throw new Error('unused'); }, getUser: () => null, verifyPassword: () => Promise.resolve(null), loadUser: () => Promise.resolve(null) }),
      /needs logIn/,
    );
  });
});
