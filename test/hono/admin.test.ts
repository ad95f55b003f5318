/**
 * The lower-level Hono admin (`twofold/hono/admin`), mounted by hand under a
 * prefix of the host's choosing: its links and redirects follow the prefix.
 * (The one-call `twofoldHono` mounts the same admin; test/conformance runs it.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createTwofold, manualClock } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createTwofoldHono } from '../../src/hono/index.js';
import { otpAdmin } from '../../src/hono/admin.js';
import { addTotp, browser, csrfOf, START, TEST_SECRET, totpCode } from '../express/support.js';
import { mapSessions, peopleLogin, serveHono, type AppEnv, type Person, type SessionData } from './support.js';

interface Staffer extends Person {
  readonly staff: boolean;
}

const people: readonly Staffer[] = [
  { id: 's-1', username: 'ivy', password: 'ivy-hono-admin-pw', staff: true },
  { id: 's-2', username: 'jack', password: 'jack-hono-admin-pw', staff: false },
];

describe('Hono admin (twofold/hono/admin)', () => {
  it('serves the admin under its prefix to verified staff only', async () => {
    const clock = manualClock(START);
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    await addTotp(twofold, 's-1', 'Ivy phone', 21);
    const login = peopleLogin(people);
    const otp = createTwofoldHono<AppEnv, Staffer>({ twofold, ...login });
    const app = new Hono<AppEnv>();
    app.use(mapSessions(new Map<string, SessionData>()));
    app.use(otp.middleware);
    app.route('/account', otp.routes);
    app.route('/staff/devices', otpAdmin<AppEnv, Staffer>({ twofold, session: login.session, getUser: (c) => people.find((p) => p.id === c.get('session').get('userId')) ?? null, isStaff: (user) => user.staff, loginUrl: '/account/login' }));
    const served = await serveHono(app);
    try {
      const anonymous = await browser(served.base).get('/staff/devices/');
      assert.equal(anonymous.status, 302);
      assert.match(anonymous.location ?? '', /^\/account\/login\?next=%2Fstaff%2Fdevices/);

      const jack = browser(served.base);
      const jackLogin = await jack.get('/account/login');
      assert.equal((await jack.post('/account/login', { _csrf: csrfOf(jackLogin), username: 'jack', password: 'jack-hono-admin-pw' })).status, 303);
      assert.equal((await jack.get('/staff/devices')).status, 403);

      const ivy = browser(served.base);
      const ivyLogin = await ivy.get('/account/login');
      const step = await ivy.post('/account/login', { _csrf: csrfOf(ivyLogin), username: 'ivy', password: 'ivy-hono-admin-pw' });
      assert.equal((await ivy.post('/account/login', { _csrf: csrfOf(step), token: totpCode(clock, 21) })).status, 303);
      const index = await ivy.get('/staff/devices');
      assert.equal(index.status, 200);
      assert.match(index.text, /href="\/staff\/devices\//, 'links follow the prefix');
      assert.match(index.text, /Ivy phone|s-1/);
    } finally {
      await served.close();
    }
  });
});
