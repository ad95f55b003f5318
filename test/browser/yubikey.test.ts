/**
 * A YubiKey set up and used in a real browser (Debian's Chromium through
 * playwright-core), at 1280 px and at 360 px. An Express host registers
 * password sign-in and the `yubikey-remote` kind (beside an authenticator
 * app and backup codes, so that the wizard offers a choice), checked by the local
 * stand-in of the Yubico validation service (loopback only); tokens come
 * from the YubiKey simulator and are typed into the field key by key,
 * ending with Enter, as a key types them. Alice signs in with her password,
 * chooses "YubiKey" in the setup wizard, touches the key and lands on the
 * done page; her profile lists the key. She signs out, signs in again with
 * her password and a new token (a text field, autofill off, no numeric
 * keyboard), and a replayed token is refused in plain words. axe-core
 * finds nothing serious or critical on any page and no page scrolls
 * sideways; a full-page screenshot of every step goes to
 * test-results/browser/yubikey-<width>-NN-<name>.png.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import session from 'express-session';
import type { Page } from 'playwright-core';
import { createTwofold, type Twofold } from '../../src/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { yubikeyRemote } from '../../src/devices/yubikey-remote/index.js';
import { createTwofoldExpress } from '../../src/express/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { TEST_SECRET, addTotp, sessionLoginCallbacks, listen } from '../express/support.js';
import { seriousViolations } from '../support/axe.js';
import { mainText, navigate, pathOf, screenshot, useBrowserSuite, type TestBrowser, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';
import { startStandInService, type StandInService } from '../support/yubico-server.js';
import { simulatedKey, touch, type SimulatedKey } from '../support/yubikey-simulator.js';


const CLIENT_ID = '1914';
const API_KEY = Buffer.alloc(20, 11).toString('base64');
const KEY_NAME = 'Blue key';

interface HostUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

const ALICE: HostUser = { id: 'u1', username: 'alice', password: 'alice-yubikey-browser-password' };

interface Run {
  readonly width: number;
  readonly url: string;
  readonly twofold: Twofold;
  readonly key: SimulatedKey;
  readonly service: StandInService;
  readonly browser: TestBrowser;
  readonly page: Page;
  readonly shots: string[];
  /** The token that signed alice in, kept to replay it. */
  signInToken: string | null;
  close(): Promise<void>;
}

async function startHost(seed: number): Promise<Pick<Run, 'url' | 'twofold' | 'key' | 'service' | 'close'>> {
  const key = simulatedKey({ seed });
  const service = await startStandInService({ clientId: CLIENT_ID, apiKey: API_KEY, keys: [key], behaviours: ['normal'] });
  const logger = { warn: () => undefined, error: () => undefined };
  const twofold = createTwofold({
    store: createMemoryStore(),
    // An authenticator app and backup codes too, so that the wizard offers a choice.
    kinds: [totp(), yubikeyRemote({ services: [{ name: 'default', clientId: CLIENT_ID, apiKey: API_KEY, urls: service.urls, timeoutMs: 10_000 }] }), backupCodes()],
    secrets: [TEST_SECRET],
    logger,
  });
  const otp = createTwofoldExpress<HostUser>({ twofold, ...sessionLoginCallbacks([ALICE]), loginUrl: '/account/login', logger });
  const app = express();
  app.use(session({ secret: 'yubikey-browser-session-secret', resave: false, saveUninitialized: false }));
  app.use(otp.middleware);
  app.use('/account', otp.router);
  app.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><html lang="en"><head><title>Home</title></head><body><main><h1>Home</h1></main></body></html>');
  });
  const server = await listen(app);
  return {
    url: server.url,
    twofold,
    key,
    service,
    async close() {
      await server.close();
      await service.close();
    },
  };
}

/** A screenshot of the page as it is, after axe found nothing serious or critical on it. */
async function checkPage(r: Run, name: string): Promise<void> {
  assert.deepEqual(await seriousViolations(r.page), [], `${name} at ${r.width} px: no serious or critical axe violation`);
  const overflow = await r.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  assert.ok(overflow <= 0, `${name} at ${r.width} px: no sideways scroll (${overflow} px too wide)`);
  const file = `yubikey-${r.width}-${String(r.shots.length + 1).padStart(2, '0')}-${name}`;
  await screenshot(r.page, file);
  r.shots.push(`${file}.png`);
}

async function enterPassword(r: Run, shotName?: string): Promise<void> {
  await r.page.goto(`${r.url}/account/login`);
  if (shotName !== undefined) await checkPage(r, shotName);
  await r.page.fill('#tf-username', ALICE.username);
  await r.page.fill('#tf-password', ALICE.password);
  await navigate(r.page, () => r.page.click('button[value="verify"]'));
}

/** Types `token` into the token field key by key and presses Enter, as a YubiKey does when touched. */
async function touchKeyInField(r: Run, token: string): Promise<void> {
  const field = r.page.locator('#tf-token');
  await field.click();
  await field.pressSequentially(token);
  await navigate(r.page, () => field.press('Enter'));
}

async function assertTextFieldWithoutAutofill(r: Run): Promise<void> {
  const field = r.page.locator('#tf-token');
  assert.equal(await field.getAttribute('type'), 'text');
  assert.equal(await field.getAttribute('autocomplete'), 'off');
  assert.notEqual(await field.getAttribute('inputmode'), 'numeric', 'no numeric keyboard: a token is letters');
}

for (const [index, width] of [1280, 360].entries()) {
  describe(`a YubiKey set up and used in the browser at ${width} px`, { timeout: BROWSER_TEST_TIMEOUT_MS * 3 }, () => {
    const suite = useBrowserSuite({
      startHost: async () => Object.assign(await startHost(140 + index), { width, shots: [] as string[], signInToken: null as string | null }),
      viewport: { width, height: 800 },
    });
    /** The run so far: the same object in every test (it keeps the token that signed alice in). */
    function started(t: TestContext): Run | null {
      const run = suite.started(t);
      return run === null ? null : Object.assign(run.host, { browser: run.browser, page: run.page });
    }

    it('sets up the key from the wizard by touching it in the field', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
      const r = started(t);
      if (r === null) return;
      await enterPassword(r, 'login');
      // No second factor yet: the password alone signs alice in.
      assert.equal(pathOf(r.page), '/');

      await r.page.goto(`${r.url}/account/setup`);
      const choice = r.page.locator('input[name="method"][value="yubikey-remote"]');
      assert.equal(await choice.count(), 1, 'the wizard offers the YubiKey');
      assert.match(await mainText(r.page), /YubiKey/);
      await checkPage(r, 'wizard');

      await choice.check();
      await navigate(r.page, () => r.page.click('button[value="start"]'));
      assert.equal(new URL(r.page.url()).search, '?method=yubikey-remote');
      assert.match(await mainText(r.page), /touch the key/);
      await assertTextFieldWithoutAutofill(r);
      // The key presses Enter after its token: a name field below it could never be filled.
      const fieldOrder = await r.page.evaluate<string[]>('[...document.querySelectorAll("main form input:not([type=hidden])")].map((input) => input.id)');
      assert.deepEqual(fieldOrder, ['tf-name', 'tf-token'], 'the name comes before the field the key types into');
      await r.page.fill('#tf-name', KEY_NAME);
      await checkPage(r, 'touch-to-add');

      await touchKeyInField(r, touch(r.key));
      assert.equal(pathOf(r.page), '/account/setup/done', `the key's Enter submitted the token: ${await mainText(r.page)}`);
      assert.match(await mainText(r.page), new RegExp(KEY_NAME));
      await checkPage(r, 'done');
    });

    it('lists the key on the profile', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
      const r = started(t);
      if (r === null) return;
      await r.page.goto(`${r.url}/account/profile`);
      const text = await mainText(r.page);
      assert.match(text, /YubiKey/);
      assert.match(text, new RegExp(KEY_NAME));
      await checkPage(r, 'profile');
    });

    it('signs in again with the password and a new token from the key', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
      const r = started(t);
      if (r === null) return;
      await r.page.goto(`${r.url}/account/logout`);
      await navigate(r.page, () => r.page.click('main form button[type="submit"]'));
      await enterPassword(r);
      assert.notEqual(pathOf(r.page), '/', 'the site asks for the YubiKey');
      assert.match(await mainText(r.page), new RegExp(KEY_NAME), 'the page names the key');
      await assertTextFieldWithoutAutofill(r);
      // Worded for a key to touch, not a code to read.
      assert.equal(await r.page.locator('h1').innerText(), 'Touch your YubiKey');
      assert.equal(await r.page.locator('label[for="tf-token"]').innerText(), 'Password from the key');
      assert.doesNotMatch(await mainText(r.page), /Enter the code/);
      await checkPage(r, 'sign-in-token');

      const token = touch(r.key);
      await touchKeyInField(r, token);
      assert.equal(pathOf(r.page), '/', `signed in: ${await mainText(r.page)}`);
      r.signInToken = token;
    });

    it('refuses a replayed token with a clear message', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
      const r = started(t);
      if (r === null) return;
      assert.ok(r.signInToken !== null, 'the previous test signed in with a token');
      await r.page.goto(`${r.url}/account/logout`);
      await navigate(r.page, () => r.page.click('main form button[type="submit"]'));
      await enterPassword(r);
      await touchKeyInField(r, r.signInToken);
      assert.notEqual(pathOf(r.page), '/', 'a used token does not sign in');
      const alert = await r.page.locator('main [role="alert"]').innerText();
      // The words of every refused sign-in code: they do not tell an attacker which check failed.
      assert.match(alert, /That code was not accepted\. Check it and try again\./);
      await checkPage(r, 'replay-refused');

      // A fresh touch still works once the pause after a failure (1 s after the first) is over.
      await r.page.waitForTimeout(1_500);
      await touchKeyInField(r, touch(r.key));
      assert.equal(pathOf(r.page), '/', `signed in with a fresh token: ${await mainText(r.page)}`);
    });

    it('rewords the code field of "confirm it is you" as the chosen device changes, key or app', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
      const r = started(t);
      if (r === null) return;
      const app = await addTotp(r.twofold, ALICE.id, 'Phone app', 150);
      try {
        const key = (await r.twofold.listDevices(ALICE.id, { kind: 'yubikey-remote' }))[0];
        assert.ok(key !== undefined);
        await r.page.goto(`${r.url}/account/reauthenticate`);
        const label = r.page.locator('label[for="tf-token"]');
        const field = r.page.locator('#tf-token');
        await r.page.selectOption('#tf-device', key.persistentId);
        assert.equal(await label.innerText(), 'Password from the key');
        assert.equal(await field.getAttribute('autocomplete'), 'off');
        assert.match(await r.page.locator('#tf-token-hint').innerText(), /touch the key/);
        await r.page.selectOption('#tf-device', app.persistentId);
        assert.equal(await label.innerText(), 'Code');
        assert.equal(await field.getAttribute('inputmode'), 'numeric');
        assert.equal(await field.getAttribute('autocomplete'), 'one-time-code');
        await checkPage(r, 'reauthenticate-app-chosen');
      } finally {
        await r.twofold.deleteDevice(ALICE.id, app.persistentId);
      }
    });
  });
}
