/**
 * The sign-in flows on Hono: the same framework-neutral handlers, so the
 * JSON API, the backup-code step, the remember cookie, the policy guard and
 * `on(...)` work there with no extra wiring.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { createTwofold, manualClock } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { backupCodes, issueBackupCodes } from '../../../src/devices/backup-codes/index.js';
import { createTwofoldHono } from '../../../src/hono/index.js';
import type { SecondFactorRequiredResponse, SessionResponse, SignedInResponse } from '../../../src/flows/api/types.js';
import { addTotp, START, TEST_SECRET, totpCode } from '../../express/support.js';
import { mapSessions, peopleLogin, serveHono, type AppEnv, type Person, type SessionData } from '../../hono/support.js';
import { csrfOf, flowBrowser, rememberCookies } from './support.js';

const people: readonly Person[] = [
  { id: 'h-1', username: 'ivy', password: 'ivy-hono-password' },
  { id: 'h-2', username: 'jon', password: 'jon-hono-password' },
];

describe('sign-in flows on Hono', () => {
  it('serve the JSON API, the backup-code step, remember cookies, the policy and events', async () => {
    const clock = manualClock(START);
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp(), backupCodes()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    await addTotp(twofold, 'h-1', 'Ivy phone', 7);
    const { codes } = await issueBackupCodes(twofold, 'h-1');
    const otp = createTwofoldHono<AppEnv, Person>({
      twofold,
      ...peopleLogin(people),
      secrets: [TEST_SECRET],
      rememberCookieAge: 7 * 86_400,
      passwordFingerprint: (user) => createHash('sha256').update(people.find((p) => p.id === user.id)?.password ?? '').digest('hex'),
      requireTwoFactor: (user) => user.id === 'h-2',
    });
    const verified: string[] = [];
    otp.on('userVerified', (event) => void verified.push(`${event.flow}:${event.method}:${event.device.kind}`));
    const app = new Hono<AppEnv>();
    app.use(mapSessions(new Map<string, SessionData>()));
    app.use(otp.middleware);
    app.route('/account', otp.routes);
    app.get('/maybe', otp.otpRequired({ ifConfigured: true }), (c) => c.text('maybe'));
    app.get('/api/data', otp.otpRequiredApi({ ifConfigured: true }), (c) => c.json({ data: 1 }));

    const { base, close } = await serveHono(app);
    try {
      const b = flowBrowser(base);
      const token = async () => (JSON.parse((await b.get('/account/api/session')).text) as SessionResponse).csrfToken;
      const login = await b.json('/account/api/login', { username: 'ivy', password: 'ivy-hono-password' }, { 'x-csrf-token': await token() });
      const pending = JSON.parse(login.text) as SecondFactorRequiredResponse;
      assert.equal(pending.status, 'second-factor-required');
      assert.equal(pending.backupCodes, true);
      const done = await b.json('/account/api/login/verify', { code: totpCode(clock, 7), remember: true }, { 'x-csrf-token': await token() });
      assert.equal((JSON.parse(done.text) as SignedInResponse).verified, true);
      assert.equal(rememberCookies(b).length, 1);

      // A new session in the same browser: the password alone, through the pages.
      b.deleteCookie('sid');
      clock.advance(60);
      const page = await b.get('/account/login');
      const skipped = await b.post('/account/login', { _csrf: csrfOf(page), username: 'ivy', password: 'ivy-hono-password' });
      assert.equal(skipped.status, 303);

      // The backup-code step in a browser without the cookie.
      const other = flowBrowser(base);
      const form = await other.get('/account/login');
      await other.post('/account/login', { _csrf: csrfOf(form), username: 'ivy', password: 'ivy-hono-password' });
      const backup = await other.get('/account/login/backup');
      assert.equal((await other.post('/account/login/backup', { _csrf: csrfOf(backup), token: codes[0]! })).via?.status, 303);
      assert.deepEqual(verified, ['api:device:totp', 'login:remembered-browser:totp', 'login:device:backup-codes']);

      // The policy: jon must set up a device, even on ifConfigured routes.
      const jon = flowBrowser(base);
      const jonForm = await jon.get('/account/login?next=%2Fmaybe');
      const jonIn = await jon.post('/account/login', { _csrf: csrfOf(jonForm), username: 'jon', password: 'jon-hono-password', next: '/maybe' });
      assert.equal(jonIn.location, '/account/setup?next=%2Fmaybe');
      assert.equal((await jon.get('/maybe')).status, 302);
      assert.deepEqual(JSON.parse((await jon.get('/api/data')).text), { error: 'setup_required' });
    } finally {
      await close();
    }
  });
});
