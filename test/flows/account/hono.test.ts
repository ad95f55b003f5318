/**
 * The account pages on Hono with no extra wiring: they are entries of the
 * same route table, so setup, the QR code, the profile and the JSON API are
 * served by `otp.routes` like the login page.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { serve } from '@hono/node-server';
import { createTwofold, manualClock } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { phone } from '../../../src/devices/phone/index.js';
import { createDevelopmentGateway } from '../../../src/gateways/development/index.js';
import type { JsonValue } from '../../../src/core/types.js';
import { createTwofoldHono, type OtpRequestContext, type TwofoldSession } from '../../../src/hono/index.js';
import { browser, csrfOf, START, TEST_SECRET } from '../../express/support.js';
import { codeFor, keyOf } from './support.js';
import { codeIn } from './code-support.js';

type AppEnv = { Variables: { otp: OtpRequestContext; session: TwofoldSession } };

/** A cookie session kept in a Map (as in the Hono login test). */
function sessionMiddleware(store: Map<string, Record<string, JsonValue>>) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const cookie = getCookie(c, 'sid');
    let id = cookie !== undefined && store.has(cookie) ? cookie : null;
    let data: Record<string, JsonValue> = id === null ? {} : structuredClone(store.get(id)!);
    const changes = { dirty: false };
    c.set('session', {
      get: (key) => data[key],
      set: (key, value) => {
        data[key] = value;
        changes.dirty = true;
      },
      delete: (key) => {
        if (key in data) {
          data = Object.fromEntries(Object.entries(data).filter(([name]) => name !== key));
          changes.dirty = true;
        }
      },
      regenerate: (keep) => {
        if (id !== null) store.delete(id);
        data = Object.fromEntries(Object.entries(data).filter(([key]) => keep === 'all' || keep.includes(key)));
        id = null;
        changes.dirty = true;
        return Promise.resolve();
      },
    });
    await next();
    if (changes.dirty) {
      id ??= randomBytes(24).toString('base64url');
      store.set(id, structuredClone(data));
      setCookie(c, 'sid', id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    }
  };
}

describe('account pages on Hono', () => {
  it('sets up a device, serves the QR code to that session only, and answers the JSON API', async () => {
    const clock = manualClock(START);
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    const store = new Map<string, Record<string, JsonValue>>();
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
    app.use(sessionMiddleware(store));
    app.use(otp.middleware);
    app.route('/account', otp.routes);
    app.post('/sign-in', (c) => {
      c.get('session').set('userId', 'h-1');
      return c.text('ok');
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
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
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
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
    const store = new Map<string, Record<string, JsonValue>>();
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
    app.use(sessionMiddleware(store));
    app.use(otp.middleware);
    app.route('/account', otp.routes);
    app.post('/sign-in', (c) => {
      c.get('session').set('userId', 'h-2');
      return c.text('ok');
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const b = browser(`http://127.0.0.1:${port}`);
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
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    }
  });
});
