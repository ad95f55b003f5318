/**
 * Security keys and passkeys through twofold's own pages in Chromium, with
 * the DevTools virtual authenticator (CTAP2 with resident keys and user
 * verification, then U2F). An Express host registers password sign-in,
 * an authenticator app, the `webauthn` kind and backup codes; the browser
 * visits http://localhost (rp id `localhost`, a secure context) while the
 * server listens on 127.0.0.1. Alice adds a key in the setup wizard (named
 * before the ceremony), signs out and in again with it (offered first: one
 * button), adds a second key on another authenticator, removes the first,
 * signs in with the second, and a ceremony with no usable key says what
 * happened and offers the other ways. The default CSP holds throughout (the
 * script is twofold's own, at a hashed path). axe finds nothing serious or
 * critical; screenshots go to test-results/browser/webauthn-journey-NN-*.png.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import type { Page } from 'playwright-core';
import { createTwofold, type Twofold } from '../../src/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { webauthn } from '../../src/devices/webauthn/index.js';
import { createTwofoldExpress } from '../../src/express/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { TEST_SECRET, sessionLoginCallbacks } from '../express/support.js';
import { seriousViolations } from '../support/axe.js';
import { mainText, navigate, pathOf, screenshot, useBrowserSuite, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';
import { plugInAuthenticator, unplugAuthenticator, virtualKeys, watchCsp, type VirtualKeys } from '../support/virtual-authenticator.js';

interface HostUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

const ALICE: HostUser = { id: 'u1', username: 'alice', password: 'alice-webauthn-browser-password' };

interface Host {
  readonly url: string;
  readonly twofold: Twofold;
  close(): Promise<void>;
}

interface Run extends Host {
  readonly page: Page;
  readonly keys: VirtualKeys;
  readonly shots: string[];
  readonly cspViolations: string[];
}

async function startHost(): Promise<Host> {
  // The rp origin needs the port: listen first, then build the app that answers.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;
  const logger = { warn: () => undefined, error: () => undefined };
  const twofold = createTwofold({
    store: createMemoryStore(),
    kinds: [totp(), webauthn({ rpId: 'localhost', rpName: 'twofold journey', origins: [origin] }), backupCodes()],
    secrets: [TEST_SECRET],
    logger,
  });
  const otp = createTwofoldExpress<HostUser>({ twofold, ...sessionLoginCallbacks([ALICE]), loginUrl: '/account/login', logger });
  const app = express();
  app.use(session({ secret: 'webauthn-browser-session-secret', resave: false, saveUninitialized: false }));
  app.use(otp.middleware);
  app.use('/account', otp.router);
  app.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><html lang="en"><head><title>Home</title></head><body><main><h1>Home</h1></main></body></html>');
  });
  server.on('request', app);
  return {
    url: origin,
    twofold,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function checkPage(r: Run, name: string): Promise<void> {
  assert.deepEqual(await seriousViolations(r.page), [], `${name}: no serious or critical axe violation`);
  const file = `webauthn-journey-${String(r.shots.length + 1).padStart(2, '0')}-${name}`;
  await screenshot(r.page, file);
  r.shots.push(`${file}.png`);
}

async function enterPassword(r: Run): Promise<void> {
  await r.page.goto(`${r.url}/account/login`);
  await r.page.fill('#tf-username', ALICE.username);
  await r.page.fill('#tf-password', ALICE.password);
  await navigate(r.page, () => r.page.click('button[value="verify"]'));
}

async function signOut(r: Run): Promise<void> {
  await r.page.goto(`${r.url}/account/logout`);
  await navigate(r.page, () => r.page.click('main form button[type="submit"]'));
}

/** Adds a key named `name` in the wizard with the authenticator present. */
async function addKeyInWizard(r: Run, name: string, shots: boolean): Promise<void> {
  await r.page.goto(`${r.url}/account/setup`);
  const choice = r.page.locator('input[name="method"][value="webauthn"]');
  assert.equal(await choice.count(), 1, 'the wizard offers security keys');
  if (shots) await checkPage(r, 'wizard');
  await choice.check();
  await navigate(r.page, () => r.page.click('button[value="start"]'));
  assert.equal(new URL(r.page.url()).searchParams.get('method'), 'webauthn');
  await r.page.fill('#tf-name', name);
  if (shots) await checkPage(r, 'add-key');
  await navigate(r.page, () => r.page.getByRole('button', { name: 'Add security key or passkey' }).click());
  assert.equal(pathOf(r.page), '/account/setup/done', `the key was added: ${await mainText(r.page)}`);
  assert.match(await mainText(r.page), new RegExp(name));
}

/** Runs the sign-in ceremony from the second step. */
async function useKey(r: Run): Promise<void> {
  await navigate(r.page, () => r.page.getByRole('button', { name: 'Use security key or passkey' }).click());
}

describe('security keys through twofold pages in Chromium', { timeout: BROWSER_TEST_TIMEOUT_MS * 3 }, () => {
  const suite = useBrowserSuite({ startHost, viewport: { width: 1280, height: 800 } });
  let run: Run | null = null;

  /** The run, with the tab's virtual authenticators and CSP watch set up on first use. */
  async function started(t: TestContext): Promise<Run | null> {
    const s = suite.started(t);
    if (s === null) return null;
    run ??= { ...s.host, page: s.page, keys: await virtualKeys(s.page), shots: [], cspViolations: watchCsp(s.page) };
    return run;
  }

  it('adds a key in the setup wizard, named before the ceremony', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = await started(t);
    if (r === null) return;
    await enterPassword(r);
    assert.equal(pathOf(r.page), '/', 'no second factor yet: the password signs alice in');
    await plugInAuthenticator(r.keys, 'ctap2');
    await addKeyInWizard(r, 'Blue key', true);
    await checkPage(r, 'done');
    const [device] = await r.twofold.listDevices(ALICE.id, { kind: 'webauthn' });
    assert.equal(device?.name, 'Blue key');
    assert.equal(device.confirmed, true);

    // Backup codes too, so that the sign-in step has another way to offer.
    await r.page.goto(`${r.url}/account/backup-codes`);
    await navigate(r.page, () => r.page.locator('main form button[type="submit"]').first().click());
    assert.equal((await r.twofold.listDevices(ALICE.id, { kind: 'backup-codes' })).length, 1, `backup codes issued: ${await mainText(r.page)}`);

    // The script is twofold's own, at a hashed path with a long cache.
    await r.page.goto(`${r.url}/account/setup?method=webauthn`);
    const src = await r.page.locator('main script[src]').getAttribute('src');
    assert.match(src ?? '', /^\/account\/twofold-webauthn\.[A-Za-z0-9_-]{16}\.js$/);
    const served = await r.page.request.get(`${r.url}${src ?? ''}`);
    assert.equal(served.status(), 200);
    assert.match(served.headers()['cache-control'] ?? '', /max-age=31536000/);
    assert.match(await mainText(r.page), /needs JavaScript|Add security key/);
  });

  it('lists the key on the profile as a hardware key', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = await started(t);
    if (r === null) return;
    await r.page.goto(`${r.url}/account/profile`);
    const text = await mainText(r.page);
    assert.match(text, /Blue key/);
    assert.match(text, /Security key or passkey/);
    assert.match(text, /Hardware key bound to one device/);
    assert.match(text, /Connects by USB/);
    await checkPage(r, 'profile');
  });

  it('signs in with the key, offered first as one button', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = await started(t);
    if (r === null) return;
    await signOut(r);
    await enterPassword(r);
    assert.equal(pathOf(r.page), '/account/login');
    assert.equal(await r.page.locator('#tf-token').count(), 0, 'no code field for a key');
    const text = await mainText(r.page);
    assert.match(text, /^Confirm it is you/, 'a key is not a code: the step is not "Enter your code"');
    assert.match(text, /Now use your security key or passkey/);
    assert.match(text, /Other ways to confirm it is you/);
    await checkPage(r, 'sign-in-key');
    // On a phone-sized screen too: no sideways scroll.
    await r.page.setViewportSize({ width: 360, height: 780 });
    const overflow = await r.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok(overflow <= 0, `no sideways scroll at 360 px (${overflow} px too wide)`);
    await checkPage(r, 'sign-in-key-360');
    await r.page.setViewportSize({ width: 1280, height: 800 });
    await useKey(r);
    assert.equal(pathOf(r.page), '/', `signed in with the key: ${await mainText(r.page)}`);
  });

  it('adds a second key on another authenticator, removes the first, and signs in with the second', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = await started(t);
    if (r === null) return;
    await unplugAuthenticator(r.keys);
    await plugInAuthenticator(r.keys, 'u2f');
    await addKeyInWizard(r, 'Green', false);
    // Named again after registration, from the done page, on a phone-sized screen; Back and reload change nothing.
    await r.page.setViewportSize({ width: 360, height: 800 });
    await checkPage(r, 'key-added');
    await navigate(r.page, () => r.page.getByRole('link', { name: 'Rename Green' }).click());
    assert.equal(pathOf(r.page), '/account/devices/rename');
    await r.page.fill('#tf-name', 'Green key');
    await checkPage(r, 'rename-new-key');
    await navigate(r.page, () => r.page.locator('main form button[type="submit"]').click());
    assert.equal(pathOf(r.page), '/account/profile');
    await navigate(r.page, () => r.page.goBack());
    await navigate(r.page, () => r.page.reload());
    assert.equal(pathOf(r.page), '/account/devices/rename', 'Back shows the rename page again, as a GET');
    await r.page.setViewportSize({ width: 1280, height: 800 });
    const devices = await r.twofold.listDevices(ALICE.id, { kind: 'webauthn' });
    assert.deepEqual(devices.map((device) => device.name).sort(), ['Blue key', 'Green key']);

    const blue = devices.find((device) => device.name === 'Blue key');
    assert.ok(blue !== undefined);
    await r.page.goto(`${r.url}/account/devices/remove?device=${encodeURIComponent(blue.persistentId)}`);
    await checkPage(r, 'remove');
    await navigate(r.page, () => r.page.locator('main form button[type="submit"]').first().click());
    assert.deepEqual((await r.twofold.listDevices(ALICE.id, { kind: 'webauthn' })).map((device) => device.name), ['Green key']);

    await signOut(r);
    await enterPassword(r);
    await useKey(r);
    assert.equal(pathOf(r.page), '/', `signed in with the second key: ${await mainText(r.page)}`);
  });

  it('says what happened when no key answers, and offers the other ways', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = await started(t);
    if (r === null) return;
    await signOut(r);
    // A key without alice's credential: the browser finds no allowed key and reports NotAllowedError.
    await unplugAuthenticator(r.keys);
    await plugInAuthenticator(r.keys, 'ctap2');
    await enterPassword(r);
    await useKey(r);
    assert.equal(pathOf(r.page), '/account/login', 'not signed in');
    const alert = await r.page.locator('main [role="alert"]').innerText();
    assert.match(alert, /did not answer/);
    const other = r.page.locator('#tf-other-methods-heading');
    assert.equal(await other.count(), 1, 'the other ways are offered');
    await checkPage(r, 'cancelled');
    // Reload after the redirect: nothing is posted again, the message was said once.
    await r.page.reload();
    assert.equal(await r.page.locator('main [role="alert"]').count(), 0);
    assert.deepEqual(r.cspViolations, [], 'the default CSP held on every page');
  });
});
