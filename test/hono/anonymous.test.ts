/**
 * No stored session for anonymous visitors on Hono: see
 * `test/flows/anonymous-http.ts`.
 */
import { describe } from 'node:test';
import { Hono } from 'hono';
import { createTwofold, manualClock } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createTwofoldHono } from '../../src/hono/index.js';
import { anonymousTests } from '../flows/anonymous-http.js';
import { addTotp, START, TEST_SECRET } from '../express/support.js';
import { mapSessions, peopleLogin, serveHono, type AppEnv, type Person, type SessionData } from './support.js';

const grace: Person = { id: 'u-1', username: 'grace', password: 'grace-hono-pw' };

describe('anonymous visitors on Hono', () => {
  anonymousTests(async () => {
    const clock = manualClock(START);
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
    await addTotp(twofold, grace.id, 'Grace phone', 5);
    const otp = createTwofoldHono<AppEnv, Person>({ twofold, ...peopleLogin([grace]) });
    const store = new Map<string, SessionData>();
    const app = new Hono<AppEnv>();
    app.use(mapSessions(store));
    app.use(otp.middleware);
    app.route('/account', otp.routes);
    app.get('/secret', otp.otpRequired(), (c) => c.text('hono secret'));
    const served = await serveHono(app);
    return {
      url: served.base,
      sessionCookie: 'sid',
      storedSessions: () => Promise.resolve(store.size),
      username: grace.username,
      password: grace.password,
      close: () => served.close(),
    };
  });
});
