/**
 * The same login flow on Hono (served by @hono/node-server on 127.0.0.1),
 * with a small cookie session written for the test: the pages and guards are
 * the framework-neutral ones, so what holds for Express holds here.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createTwofold, manualClock } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createTwofoldHono } from '../../src/hono/index.js';
import { addTotp, browser, csrfOf, errorsOf, START, TEST_SECRET, totpCode } from '../express/support.js';
import { mapSessions, peopleLogin, serveHono, type AppEnv, type Person, type SessionData } from './support.js';

const people: readonly Person[] = [
  { id: 'u-1', username: 'grace', password: 'grace-hono-pw' },
  { id: 'u-2', username: 'heidi', password: 'heidi-hono-pw' },
];

describe('Hono adapter', () => {
  it('runs the one-page login end to end: password, code, guard, sign-out', async () => {
    const clock = manualClock(START);
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    const device = await addTotp(twofold, 'u-1', 'Grace phone', 5);
    await addTotp(twofold, 'u-2', 'Heidi phone', 6);
    const store = new Map<string, SessionData>();
    const otp = createTwofoldHono<AppEnv, Person>({ twofold, ...peopleLogin(people) });
    const app = new Hono<AppEnv>();
    app.use(mapSessions(store));
    app.use(otp.middleware);
    app.route('/account', otp.routes);
    app.get('/secret', otp.otpRequired(), (c) => c.text('hono secret'));
    app.get('/api/data', otp.otpRequiredApi(), (c) => c.json({ data: 1 }));
    app.get('/whoami', async (c) => c.json({ user: (await c.get('otp').user())?.id ?? null, verified: await c.get('otp').isVerified() }));

    const served = await serveHono(app);
    const b = browser(served.base);
    try {
      const refused = await b.get('/secret');
      assert.equal(refused.status, 302);
      assert.equal(refused.location, '/account/login?next=%2Fsecret');
      assert.deepEqual(JSON.parse((await b.get('/api/data')).text), { error: 'login_required' });

      const login = await b.get(refused.location);
      assert.equal(login.status, 200);
      assert.equal(login.headers.get('cache-control'), 'no-store');
      assert.match(login.text, /href="\/account\/twofold.css"/);
      assert.equal((await b.get('/account/twofold.css')).status, 200);
      const anonymous = b.cookie('sid');
      assert.equal(anonymous, undefined, 'no session is stored for an anonymous visitor');
      assert.ok(b.cookie('twofold_csrf') !== undefined);

      assert.equal((await b.post('/account/login', { username: 'grace', password: 'grace-hono-pw' })).status, 403);

      const step = await b.post('/account/login', { _csrf: csrfOf(login), username: 'grace', password: 'grace-hono-pw', next: '/secret' });
      assert.equal(step.status, 200);
      assert.match(step.text, /Enter the code shown by Grace phone\./);
      assert.notEqual(b.cookie('sid'), anonymous);
      assert.equal((await b.get('/secret')).status, 302);
      assert.ok(!JSON.stringify([...store]).includes('grace-hono-pw'));

      const wrong = await b.post('/account/login', { _csrf: csrfOf(step), device: device.persistentId, token: '12345x', next: '/secret' });
      assert.equal(wrong.status, 401);
      assert.deepEqual(errorsOf(wrong.text), ['That code was not accepted. Check it and try again.']);

      const pending = b.cookie('sid');
      const done = await b.post('/account/login', { _csrf: csrfOf(step), device: device.persistentId, token: totpCode(clock, 5), next: '/secret' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      assert.notEqual(b.cookie('sid'), pending);
      assert.equal((await b.get('/secret')).text, 'hono secret');
      assert.deepEqual(JSON.parse((await b.get('/whoami')).text), { user: 'u-1', verified: true });
      assert.equal(store.size, 1, 'the anonymous and pending sessions are gone');

      const out = await b.post('/account/logout', { _csrf: csrfOf(await b.get('/account/logout')) });
      assert.equal(out.status, 303);
      assert.deepEqual(JSON.parse((await b.get('/whoami')).text), { user: null, verified: false });
    } finally {
      await served.close();
    }
  });
});
