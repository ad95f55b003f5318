/**
 * The example custom kind of `examples/custom-kind` (the "console code") in
 * every page twofold serves, in a real browser (Debian's Chromium through
 * playwright-core), with no line of the flows written for it: the kind only
 * declares its presentation. An Express host registers TOTP, the console
 * code and backup codes; alice, who has no second factor, signs in with her
 * password, finds "Operator console" in the setup wizard, names a console,
 * reads the code the kind delivered and confirms it. She sees the device on
 * her profile, signs out and in again with a code the console shows, finds
 * the device in the admin (she is staff) and in the account JSON API.
 *
 * Codes are read from the kind's `deliver` callback, as an operator would
 * read the console. A full-page screenshot of every step goes to
 * test-results/browser/custom-kind-NN-<name>.png.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import session from 'express-session';
import type { Page } from 'playwright-core';
import { consoleCode, type ConsoleCodeDelivery } from '../../examples/custom-kind/console-code.js';
import { createTwofold, type Twofold } from '../../src/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { otpAdmin } from '../../src/express/admin.js';
import { createTwofoldExpress } from '../../src/express/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { TEST_SECRET, sessionLoginCallbacks, listen } from '../express/support.js';
import { mainText, navigate, pathOf, screenshot, useBrowserSuite, type TestBrowser, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';

interface HostUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

const ALICE: HostUser = { id: 'u1', username: 'alice', password: 'alice-console-password' };
const CONSOLE = 'desk-7';

interface Host {
  readonly url: string;
  readonly twofold: Twofold;
  /** What the kind delivered, oldest first: the console's screen. */
  readonly deliveries: ConsoleCodeDelivery[];
  readonly shots: string[];
  close(): Promise<void>;
}

interface Run extends Host {
  readonly browser: TestBrowser;
  readonly page: Page;
}

async function shot(r: Run, name: string): Promise<void> {
  const file = `custom-kind-${String(r.shots.length + 1).padStart(2, '0')}-${name}`;
  await screenshot(r.page, file);
  r.shots.push(`${file}.png`);
}

/** The code last shown on the console, as the operator reads it. */
function consoleScreen(r: Run): string {
  const last = r.deliveries.at(-1);
  assert.ok(last !== undefined, 'no code reached the console');
  assert.equal(last.destination, CONSOLE);
  return last.code;
}

async function startHost(): Promise<Host> {
  const deliveries: ConsoleCodeDelivery[] = [];
  const logger = { warn: () => undefined, error: () => undefined };
  const twofold = createTwofold({
    store: createMemoryStore(),
    kinds: [totp(), consoleCode({ deliver: (delivery) => void deliveries.push(delivery) }), backupCodes()],
    secrets: [TEST_SECRET],
    logger,
  });
  const users = [ALICE];
  const login = sessionLoginCallbacks(users);
  const currentUser = login.getUser;
  const otp = createTwofoldExpress<HostUser>({
    twofold,
    ...login,
    loginUrl: '/account/login',
    logger,
  });
  const app = express();
  app.use(session({ secret: 'custom-kind-session-secret', resave: false, saveUninitialized: false }));
  app.use(otp.middleware);
  app.use('/account', otp.router);
  app.use(
    '/admin',
    otpAdmin<HostUser>({
      twofold,
      isStaff: () => true,
      getUser: currentUser,
      findUser: (id) => Promise.resolve(users.find((user) => user.id === id) ?? null),
      loginUrl: '/account/login',
      logoutUrl: '/account/logout',
      logger,
    }),
  );
  app.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><html lang="en"><head><title>Home</title></head><body><main><h1>Home</h1></main></body></html>');
  });
  const server = await listen(app);
  return { url: server.url, twofold, deliveries, shots: [], close: () => server.close() };
}

async function enterPassword(r: Run): Promise<void> {
  await r.page.goto(`${r.url}/account/login`);
  await r.page.fill('#tf-username', ALICE.username);
  await r.page.fill('#tf-password', ALICE.password);
  await navigate(r.page, () => r.page.click('button[value="verify"]'));
}

describe('the example custom kind in every page, declared only by its presentation', { timeout: BROWSER_TEST_TIMEOUT_MS * 2 }, () => {
  const suite = useBrowserSuite({ startHost });
  function started(t: TestContext): Run | null {
    const run = suite.started(t);
    return run === null ? null : { ...run.host, browser: run.browser, page: run.page };
  }

  it('is offered by the setup wizard, set up with a console name and a code shown there', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    await enterPassword(r);
    // No second factor yet: the password alone signs alice in.
    assert.equal(pathOf(r.page), '/');
    await r.page.goto(`${r.url}/account/setup`);
    const choice = r.page.locator('input[name="method"][value="console-code"]');
    assert.equal(await choice.count(), 1, 'the wizard offers the console code');
    assert.match(await mainText(r.page), /Operator console/);
    assert.match(await mainText(r.page), /We show a code on a console you name/);
    await shot(r, 'wizard');

    await choice.check();
    await navigate(r.page, () => r.page.click('button[value="start"]'));
    assert.equal(new URL(r.page.url()).search, '?method=console-code');
    assert.match(await mainText(r.page), /Enter the name of the console that should show your codes/);
    const field = r.page.locator('#tf-console');
    assert.equal(await field.getAttribute('type'), 'text');
    assert.equal(await field.getAttribute('autocomplete'), 'off');
    // The kind's own check refuses an empty name, in its own words.
    await navigate(r.page, () => r.page.click('button[value="send"]'));
    assert.match(await mainText(r.page), /Enter the name of a console\./);
    assert.equal(r.deliveries.length, 0, 'nothing was sent for an empty name');
    await shot(r, 'destination-refused');

    await r.page.fill('#tf-console', CONSOLE);
    await navigate(r.page, () => r.page.click('button[value="send"]'));
    assert.equal(r.deliveries.length, 1, 'a first code went to the console');
    assert.match(await mainText(r.page), /des•••/, 'the page says where the code went, masked as the kind declares');
    assert.match(await mainText(r.page), /Use a different console/);
    await shot(r, 'code-sent');

    await r.page.fill('#tf-token', consoleScreen(r));
    await navigate(r.page, () => r.page.click('button[value="confirm"]'));
    assert.equal(pathOf(r.page), '/account/setup/done');
    assert.match(await mainText(r.page), /Console des•••/, 'the device is named as the kind words it');
    await shot(r, 'done');
  });

  it('is shown on the profile with its kind and masked console', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    await r.page.goto(`${r.url}/account/profile`);
    const text = await mainText(r.page);
    assert.match(text, /Console des•••/);
    assert.match(text, /Operator console/);
    await shot(r, 'profile');
  });

  it('signs in with a code the console shows', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    await r.page.goto(`${r.url}/account/logout`);
    await navigate(r.page, () => r.page.click('main form button[type="submit"]'));
    const before = r.deliveries.length;
    await enterPassword(r);
    assert.notEqual(pathOf(r.page), '/', 'the site asks for a second factor');
    if (r.deliveries.length === before) {
      // Not sent with the password: the page offers to send it.
      await navigate(r.page, () => r.page.click('button[value="send"]'));
    }
    assert.equal(r.deliveries.length, before + 1, 'one new code went to the console');
    assert.match(await mainText(r.page), /des•••/);
    const tokenField = r.page.locator('#tf-token');
    assert.equal(await tokenField.getAttribute('inputmode'), 'numeric', 'digits, as the kind declares');
    await shot(r, 'sign-in-code');
    await tokenField.fill(consoleScreen(r));
    await navigate(r.page, () => r.page.click('button[value="verify"]'));
    assert.equal(pathOf(r.page), '/', 'signed in');
  });

  it('is listed in the admin with its label', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    await r.page.goto(`${r.url}/admin/user?id=${ALICE.id}`);
    const text = await mainText(r.page);
    assert.match(text, /Console des•••/);
    assert.match(text, /Operator console/);
    await shot(r, 'admin');
  });

  it('is visible through the account JSON API, as a device and as a setup method', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const response = await r.page.request.get(`${r.url}/account/api/devices`);
    assert.equal(response.status(), 200);
    const body = (await response.json()) as { devices: { kind: string; name: string }[]; setupMethods: unknown };
    const device = body.devices.find((candidate) => candidate.kind === 'console-code');
    assert.ok(device !== undefined, `the API lists the console device: ${JSON.stringify(body)}`);
    assert.equal(device.name, 'Console des•••');
    assert.match(JSON.stringify(body.setupMethods), /console-code/);
    const stored = await r.twofold.listDevices(ALICE.id, { kind: 'console-code' });
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.confirmed, true);
  });
});
