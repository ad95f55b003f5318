/**
 * docs/step-up.md's examples, as written there (with `twofold/web` and
 * `twofold/express` pointing at the sources): they compile with the rest of
 * the tests, and what the page says they do, they do: the three typical
 * sites' requirements, the result of `checkRequirement` shown in
 * "Checking", the Express worked example's guards (an anonymous visitor
 * sent to the login page, a requirement not given to the factory refused
 * at start-up) and the account's per-action requirements.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import session from 'express-session';
import { createTwofold, isTwofoldError } from '../../src/index.js';
import { assessFactors, checkRequirement, defineRequirement } from '../../src/assembly/index.js';
import { twofoldExpress } from '../../src/express/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { manualClock } from '../../src/core/clock.js';
import { START, TEST_SECRET, addTotp, listen } from '../express/support.js';

const quiet = { warn() {}, error() {} };

// "Three typical sites", as written.
const dashboard = defineRequirement('dashboard', {
  anyOf: [
    { factor: 'second-factor', within: 12 * 3600 },
    { factor: 'second-factor', rememberedBrowser: true },
  ],
});
const payments = defineRequirement('payments', { factor: 'second-factor', phishingResistant: true, within: 300 });
const admin = defineRequirement('admin', {
  allOf: [
    { factor: 'password', within: 900 },
    { factor: 'second-factor', authenticators: ['single-factor-otp', 'single-factor-cryptographic', 'multi-factor-cryptographic'], within: 900 },
  ],
});

function setUp() {
  const clock = manualClock(START);
  const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: [TEST_SECRET], logger: quiet, clock: clock.now });
  return { clock, twofold };
}

describe('docs/step-up.md examples', () => {
  it('Checking: a TOTP code does not meet the payment requirement, as shown', async () => {
    const { clock, twofold } = setUp();
    const phone = await addTotp(twofold, 'u1', 'Alice phone', 1);
    const factors = [{ type: 'otp' as const, kind: 'totp', persistentId: phone.persistentId, method: 'device' as const, at: clock.now() }];
    const assessed = await assessFactors(twofold, 'u1', factors);
    const check = checkRequirement(payments, assessed, twofold.clock());
    assert.deepEqual(check, { requirement: 'payments', satisfied: false, expiresAt: null, missing: [[{ factor: 'second-factor', within: 300, phishingResistant: true }]] });
    // The same code meets the dashboard for as long as the session lasts (the remembered-browser rule takes
    // any device of the session: see the page), and the admin area not without the password.
    const later = clock.now() + 13 * 3600 * 1000;
    assert.deepEqual(checkRequirement(dashboard, assessed, later), { requirement: 'dashboard', satisfied: true, expiresAt: null, missing: [] });
    assert.equal(checkRequirement(admin, assessed, clock.now()).satisfied, false);
  });

  it('the Express worked example builds, guards and refuses unknown requirements at start-up', async () => {
    const { twofold } = setUp();
    const verifyPassword = () => Promise.resolve(null);
    const loadUser = () => Promise.resolve(null);
    const refused: string[] = [];
    const dashboardRule = defineRequirement('dashboard', { factor: 'second-factor', within: 12 * 3600 });
    const paymentsRule = defineRequirement('payments', { factor: 'second-factor', phishingResistant: true, within: 300 });
    const transfers = defineRequirement('transfers', { factor: 'second-factor', within: 300 });

    const otp = twofoldExpress(twofold, {
      verifyPassword,
      loadUser,
      requirements: [dashboardRule, paymentsRule, transfers],
    });
    otp.on('stepUpRefused', ({ user, requirement, reason }) => void refused.push(`${user.id} ${requirement} ${reason}`));

    const app = express();
    app.use(session({ secret: 'docs-example-session-secret', resave: false, saveUninitialized: false }));
    app.use(otp.router);
    const shown = (_req: express.Request, res: express.Response): void => void res.send('shown');
    app.get('/dashboard', otp.requireFactors(dashboardRule), shown);
    app.use('/settings/payments', otp.requireFactors(paymentsRule));
    app.get('/transfer', otp.requireFactors(transfers), shown);
    app.post('/transfer', otp.requireFactors(transfers), express.urlencoded({ extended: false }), shown);
    app.get('/api/transfers', otp.requireFactorsApi(transfers), shown);
    assert.throws(
      () => otp.requireFactors(admin),
      (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'),
    );

    const server = await listen(app);
    try {
      const page = await fetch(`${server.url}/dashboard`, { redirect: 'manual' });
      assert.equal(page.status, 302);
      assert.equal(page.headers.get('location'), '/account/login?next=%2Fdashboard');
      const api = await fetch(`${server.url}/api/transfers`);
      assert.equal(api.status, 401);
      assert.deepEqual(await api.json(), { error: 'login_required' });
    } finally {
      await server.close();
    }
    assert.deepEqual(refused, []);
  });

  it('the account pages take a requirement per action', () => {
    const { twofold } = setUp();
    const keyRemoval = defineRequirement('remove-key', { factor: 'second-factor', phishingResistant: true, within: 300 });
    const turnOff = defineRequirement('turn-off', { allOf: [{ factor: 'password', within: 300 }, { factor: 'second-factor', within: 300 }] });
    const otp = twofoldExpress(twofold, {
      account: {
        requirements: {
          disable: turnOff,
          removeDevice: (device) => (device.kind === 'webauthn' ? keyRemoval : undefined),
        },
      },
      requirements: [keyRemoval],
    });
    assert.equal(typeof otp.requireFactors(keyRemoval), 'function');
  });
});
