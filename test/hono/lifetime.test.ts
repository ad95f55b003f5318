/**
 * The verified state's idle and absolute limits on Hono, at exact times:
 * see `test/flows/lifetime-http.ts`.
 */
import { describe } from 'node:test';
import { Hono } from 'hono';
import { createTwofold, manualClock } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createTwofoldHono } from '../../src/hono/index.js';
import type { VerificationExpiredEvent } from '../../src/web/lifetime.js';
import { lifetimeTests } from '../flows/lifetime-http.js';
import { addTotp, START, TEST_SECRET, totpCode } from '../express/support.js';
import { mapSessions, peopleLogin, serveHono, type AppEnv, type Person, type SessionData } from './support.js';

const grace: Person = { id: 'u-1', username: 'grace', password: 'grace-hono-pw' };

describe('verification lifetimes on Hono', () => {
  lifetimeTests(async () => {
    const clock = manualClock(START);
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    await addTotp(twofold, grace.id, 'Grace phone', 5);
    const otp = createTwofoldHono<AppEnv, Person>({
      twofold,
      ...peopleLogin([grace]),
      rememberCookieAge: 30 * 86_400,
      passwordFingerprint: () => 'v1',
    });
    const expired: VerificationExpiredEvent[] = [];
    otp.on('verificationExpired', (event) => void expired.push(event));
    const app = new Hono<AppEnv>();
    app.use(mapSessions(new Map<string, SessionData>()));
    app.use(otp.middleware);
    app.route('/account', otp.routes);
    app.get('/secret', otp.otpRequired(), (c) => c.text('hono secret'));
    app.get('/api/data', otp.otpRequiredApi(), (c) => c.json({ data: 1 }));
    const served = await serveHono(app);
    return {
      url: served.base,
      clock,
      sessionCookie: 'sid',
      expired,
      username: grace.username,
      password: grace.password,
      code: () => totpCode(clock, 5),
      close: () => served.close(),
    };
  });
});
