/**
 * otpRequired (routes and routers, with and without ifConfigured) and the
 * JSON guard, for anonymous, signed-in-without-devices, unverified and
 * verified users.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import session from 'express-session';
import { createTwofold } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createTwofoldExpress, otpRequired, otpRequiredApi } from '../../src/express/index.js';
import { TwofoldError, isTwofoldError } from '../../src/core/errors.js';
import { addTotp, browser, csrfOf, fullLogin, listen, startHost, TEST_SECRET, totpCode, user, type Browser, type Host } from './support.js';

const alice = user('alice');
const carol = user('carol');

async function statusAndBody(b: Browser, path: string): Promise<[number, string, string | null]> {
  const page = await b.get(path);
  return [page.status, page.text, page.location];
}

describe('otpRequired and otpRequiredApi', () => {
  let host: Host;
  before(async () => {
    host = await startHost();
    await addTotp(host.twofold, alice.id, 'Alice phone', 1);
  });
  after(() => host.close());

  it('send anonymous users to the login page with next, with or without ifConfigured; the API says login_required', async () => {
    const b = host.browser();
    assert.deepEqual(await statusAndBody(b, '/secret'), [302, '', '/account/login?next=%2Fsecret']);
    assert.deepEqual(await statusAndBody(b, '/maybe'), [302, '', '/account/login?next=%2Fmaybe']);
    assert.deepEqual(await statusAndBody(b, '/secret?a=1&b=%2F'), [302, '', '/account/login?next=%2Fsecret%3Fa%3D1%26b%3D%252F']);
    assert.deepEqual(await statusAndBody(b, '/area/inside'), [302, '', '/account/login?next=%2Farea%2Finside']);
    const api = await b.get('/api/data');
    assert.equal(api.status, 401);
    assert.deepEqual(JSON.parse(api.text), { error: 'login_required' });
    assert.match(api.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(api.headers.get('cache-control'), 'no-store');
    assert.deepEqual(JSON.parse((await b.get('/api/maybe')).text), { error: 'login_required' });
  });

  it('let a signed-in user without devices through only with ifConfigured', async () => {
    const b = host.browser();
    await b.post('/host-login', { username: carol.username, password: carol.password });
    assert.deepEqual(await statusAndBody(b, '/secret'), [302, '', '/account/login?next=%2Fsecret']);
    assert.deepEqual(await statusAndBody(b, '/area/inside'), [302, '', '/account/login?next=%2Farea%2Finside']);
    assert.deepEqual(await statusAndBody(b, '/maybe'), [200, 'maybe page', null]);
    const api = await b.get('/api/data');
    assert.equal(api.status, 401);
    assert.deepEqual(JSON.parse(api.text), { error: 'otp_required' });
    assert.deepEqual(JSON.parse((await b.get('/api/maybe')).text), { data: 'maybe' });
  });

  it('refuse a signed-in user with devices until verified, then let them through everywhere', async () => {
    const b = host.browser();
    await b.post('/host-login', { username: alice.username, password: alice.password });
    assert.equal((await b.get('/secret')).status, 302);
    assert.equal((await b.get('/maybe')).status, 302);
    assert.deepEqual(JSON.parse((await b.get('/api/data')).text), { error: 'otp_required' });
    assert.deepEqual(JSON.parse((await b.get('/api/maybe')).text), { error: 'otp_required' });

    host.clock.advance(30);
    const csrf = csrfOf(await b.get('/account/login'));
    assert.equal((await b.post('/account/login', { _csrf: csrf, token: totpCode(host.clock, 1) })).status, 303);
    assert.deepEqual(await statusAndBody(b, '/secret'), [200, 'secret page', null]);
    assert.deepEqual(await statusAndBody(b, '/maybe'), [200, 'maybe page', null]);
    assert.deepEqual(await statusAndBody(b, '/area/inside'), [200, 'inside area', null]);
    assert.deepEqual(JSON.parse((await b.get('/api/data')).text), { data: 42 });
  });

  it('refuse after the password step of the one-page login alone', async () => {
    host.clock.advance(30);
    const b = host.browser();
    const login = await b.get('/account/login');
    await b.post('/account/login', { _csrf: csrfOf(login), username: alice.username, password: alice.password });
    assert.equal((await b.get('/secret')).status, 302);
    assert.equal((await b.get('/maybe')).status, 302);
    assert.deepEqual(JSON.parse((await b.get('/api/data')).text), { error: 'login_required' });
    assert.equal((await fullLogin(host, b, alice, 1)).status, 303);
    assert.equal((await b.get('/secret')).status, 200);
  });
});

describe('standalone guards', () => {
  it('use the middleware\'s configuration, accept their own loginUrl and redirectField, and fail loudly without the middleware', async () => {
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    const otp = createTwofoldExpress({ twofold, loginUrl: '/signin/login', getUser: () => null });
    const app = express();
    app.use(session({ secret: 's', resave: false, saveUninitialized: false }));
    app.get('/bare', otpRequired(), (_req, res) => {
      res.send('never');
    });
    app.use(otp.middleware);
    app.get('/default', otpRequired(), (_req, res) => {
      res.send('never');
    });
    app.get('/custom', otpRequired({ loginUrl: '/elsewhere?x=1', redirectField: 'return' }), (_req, res) => {
      res.send('never');
    });
    app.get('/api', otpRequiredApi(), (_req, res) => {
      res.send('never');
    });
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).send(isTwofoldError(error, 'INVALID_CONFIG') ? 'INVALID_CONFIG' : 'other');
    });
    const server = await listen(app);
    try {
      const b = browser(server.url);
      assert.deepEqual(await statusAndBody(b, '/default'), [302, '', '/signin/login?next=%2Fdefault']);
      assert.deepEqual(await statusAndBody(b, '/custom'), [302, '', '/elsewhere?x=1&return=%2Fcustom']);
      assert.deepEqual(JSON.parse((await b.get('/api')).text), { error: 'login_required' });
      assert.deepEqual(await statusAndBody(b, '/bare'), [500, 'INVALID_CONFIG', null]);
    } finally {
      await server.close();
    }
  });

  it('refuse an unsafe loginUrl when created', () => {
    assert.throws(() => otpRequired({ loginUrl: 'https://evil.example/login' }), (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'));
    assert.throws(() => otpRequired({ loginUrl: '//evil.example' }), (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'));
  });
});

describe('guards while the database is unavailable', () => {
  it('answer 503 with Retry-After (HTML and JSON), never a 500, and work again afterwards', async () => {
    const host = await startHost();
    try {
      const b = host.browser();
      await b.post('/host-login', { username: carol.username, password: carol.password });
      const store = host.twofold.store as { listDevices: (...args: never[]) => Promise<unknown> };
      const working = store.listDevices;
      // The outage as the SQL stores report it (connection refused, pool wait exceeded).
      store.listDevices = () => Promise.reject(new TwofoldError('STORE_UNAVAILABLE', 'listDevices: the database is unavailable', { retryAfterSeconds: 3 }));
      for (const path of ['/maybe', '/api/maybe']) {
        const down = await b.get(path);
        assert.equal(down.status, 503, path);
        assert.equal(down.headers.get('retry-after'), '3', path);
      }
      store.listDevices = working;
      assert.equal((await b.get('/maybe')).status, 200);
      assert.equal((await b.get('/api/maybe')).status, 200);
    } finally {
      await host.close();
    }
  });
});
