/**
 * The account pages on Hono with no extra wiring: they are entries of the
 * same route table, so setup, the QR code, the profile and the JSON API are
 * served by `otp.routes` like the login page.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createTwofold, manualClock, type Twofold } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { phone } from '../../../src/devices/phone/index.js';
import { createDevelopmentGateway } from '../../../src/gateways/development/index.js';
import { createTwofoldHono } from '../../../src/hono/index.js';
import { browser, csrfOf, START, TEST_SECRET } from '../../express/support.js';
import { mapSessions, serveHono, type AppEnv, type SessionData, type ServedApp } from '../../hono/support.js';
import { codeFor, keyOf } from './support.js';
import { codeIn } from './code-support.js';

/**
 * Serves twofold's routes under `/account` for a host whose login is the
 * session's `userId` (any id is a user), with `POST /sign-in` signing in as `userId`.
 */
async function serveAccountPages(twofold: Twofold, userId: string): Promise<ServedApp> {
  const otp = createTwofoldHono<AppEnv, { id: string; username: string }>({
    twofold,
    session: (c) => c.get('session'),
    getUser: (c) => {
      const id = c.get('session').get('userId');
      return typeof id === 'string' ? { id, username: `user ${id}` } : null;
    },
    loginUrl: '/account/login',
    secrets: [TEST_SECRET],
  });
  const app = new Hono<AppEnv>();
  app.use(mapSessions(new Map<string, SessionData>()));
  app.use(otp.middleware);
  app.route('/account', otp.routes);
  app.post('/sign-in', (c) => {
    c.get('session').set('userId', userId);
    return c.text('ok');
  });
  return serveHono(app);
}

describe('account pages on Hono', () => {
  it('sets up a device, serves the QR code to that session only, and answers the JSON API', async () => {
    const clock = manualClock(START);
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    const { base, close } = await serveAccountPages(twofold, 'h-1');
    const b = browser(base);
    try {
      assert.equal((await b.get('/account/profile')).status, 303);
      await b.post('/sign-in', {});
      const welcome = await b.get('/account/setup');
      assert.equal(welcome.status, 200);
      await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' });
      const keyPage = await b.get('/account/setup');
      const qr = await b.get('/account/setup/qr.svg');
      assert.equal(qr.status, 200);
      assert.equal(qr.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
      assert.equal((await browser(base).get('/account/setup/qr.svg')).status, 403);
      const done = await b.post('/account/setup', { _csrf: csrfOf(keyPage), action: 'confirm', name: 'Hono phone', token: codeFor(keyOf(keyPage), clock) });
      assert.equal(done.status, 303);
      assert.match(done.location ?? '', /^\/account\/setup\/done\?device=/);
      const profile = await b.get('/account/profile');
      assert.match(profile.text, /<span class="tf-account-device-name">Hono phone<\/span>/);

      const cookie = `sid=${b.cookie('sid') ?? ''}`;
      const devices = await fetch(`${base}/account/api/devices`, { headers: { cookie } });
      assert.equal(devices.status, 200);
      const body = (await devices.json()) as { enabled: boolean; devices: { name: string }[] };
      assert.equal(body.enabled, true);
      assert.deepEqual(body.devices.map((device) => device.name), ['Hono phone']);
      const refused = await fetch(`${base}/account/api/disable`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ confirm: true }),
      });
      assert.equal(refused.status, 403, 'no CSRF header');
      assert.equal((await twofold.listDevices('h-1')).length, 1);
    } finally {
      await close();
    }
  });

  it('sets up codes by text message, with a resend refused during the cooldown (429, Retry-After)', async () => {
    const clock = manualClock(START);
    const gateway = createDevelopmentGateway({ log: () => undefined, clock: clock.now, environment: 'test' });
    const twofold = createTwofold({
      store: createMemoryStore(),
      kinds: [totp(), phone({ gateway, defaultRegion: 'NL' })],
      clock: clock.now,
      secrets: [TEST_SECRET],
      logger: { warn() {}, error() {} },
    });
    const { base, close } = await serveAccountPages(twofold, 'h-2');
    const b = browser(base);
    try {
      await b.post('/sign-in', {});
      const form = await b.get('/account/setup?method=sms');
      assert.match(form.text, /name="number" type="tel"/);
      const sent = await b.post('/account/setup', { _csrf: csrfOf(form), action: 'send', method: 'sms', number: '06 12345678' });
      assert.equal(sent.status, 303);
      const codePage = await b.get('/account/setup');
      assert.match(codePage.text, /We sent a text message with a code to \+31 • ••••••78\./);
      const early = await b.post('/account/setup', { _csrf: csrfOf(codePage), action: 'resend' });
      assert.equal(early.status, 429);
      assert.equal(early.headers.get('retry-after'), '60');
      const [message] = gateway.outbox();
      const done = await b.post('/account/setup', { _csrf: csrfOf(codePage), action: 'confirm', name: 'Hono phone', token: codeIn(message!) });
      assert.equal(done.status, 303);
      const [device] = await twofold.listDevices('h-2');
      assert.equal(device?.confirmed, true);
      assert.equal(device.kind, 'phone');
    } finally {
      await close();
    }
  });
});
