/**
 * Step-up to a security key in Chromium, on the demo site (with security
 * keys on: it listens on a port opened first, and the browser visits
 * http://localhost:<port>) and the DevTools virtual authenticator. Alice
 * has an authenticator app; she adds a key in the setup wizard, signs out,
 * and signs in again with a TOTP code (the key is offered first: she takes
 * the app from the other ways). The dashboard opens with that code; the
 * payment page needs a key touched in the last 5 minutes, so the step-up
 * page offers the key only (no code field, no password), she touches it and
 * is back on the payment page. 4:59 later it still opens; at 5:00 it asks
 * again, while the dashboard still opens. A key that does not answer (an
 * authenticator without her credential) leaves her on the step-up page,
 * told what happened. axe finds nothing serious or critical and the
 * default CSP holds; screenshots go to test-results/browser/step-up-key-NN-*.png.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { addTotp, totpCode } from '../express/support.js';
import { seriousViolations } from '../support/axe.js';
import { mainText, navigate, pathOf, screenshot, useBrowserSuite, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';
import { startDemoHost, type DemoHost } from '../support/demo-host.js';
import { plugInAuthenticator, virtualKeys, watchCsp, type VirtualKeys } from '../support/virtual-authenticator.js';

const SEED = 52;
const ALICE_PASSWORD = 'alice-demo-password';
const KEY_NAME = 'Alice key';
const PAYMENTS_WINDOW_SECONDS = 5 * 60;

interface Run extends DemoHost {
  readonly aliceId: string;
  readonly page: Page;
  readonly keys: VirtualKeys;
  readonly cspViolations: string[];
  shot: number;
}

/** The demo with security keys on, and alice's authenticator app added. */
async function startHost(): Promise<DemoHost & { readonly aliceId: string }> {
  const host = await startDemoHost('twofold-step-up-key-browser-', undefined, { securityKeys: true });
  try {
    assert.match(host.url, /^http:\/\/localhost:\d+$/);
    const alice = await host.demo.users.verifyPassword('alice', ALICE_PASSWORD);
    assert.ok(alice !== null);
    await addTotp(host.demo.twofold, alice.id, 'Alice phone', SEED);
    return Object.assign(host, { aliceId: alice.id });
  } catch (error) {
    await host.close();
    throw error;
  }
}

/** A full-page screenshot and an axe check of the page as it is now. */
async function check(r: Run, name: string): Promise<void> {
  r.shot += 1;
  await screenshot(r.page, `step-up-key-${String(r.shot).padStart(2, '0')}-${name}`);
  assert.deepEqual(await seriousViolations(r.page), [], `axe on ${name}`);
}

/** Password, then a code from the app: the key is offered first, the app is one of the other ways. */
async function signInWithTotp(r: Run): Promise<void> {
  const { page, url, clock } = r;
  await page.goto(`${url}/login?next=%2F`);
  await page.fill('#tf-username', 'alice');
  await page.fill('#tf-password', ALICE_PASSWORD);
  await navigate(page, () => page.click('button[value="verify"]'));
  if ((await page.locator('#tf-token').count()) === 0) {
    assert.match(await mainText(page), /Now use your security key or passkey/, 'the key first');
    await navigate(page, () => page.getByRole('link', { name: 'Use Alice phone' }).click());
  }
  await page.fill('#tf-token', totpCode(clock, SEED));
  await navigate(page, () => page.click('button[value="verify"]'));
  assert.equal(pathOf(page), '/', `signed in: ${await mainText(page)}`);
}

/** Opens /payments and expects the step-up page, offering the key and nothing else. */
async function askedForKey(r: Run, shot: string): Promise<void> {
  const { page, url } = r;
  await page.goto(`${url}/payments`);
  assert.equal(pathOf(page), '/step-up', 'the payment page asks for a key');
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get('requirement'), 'payments');
  assert.equal(params.get('next'), '/payments');
  assert.equal(await page.locator('#tf-token').count(), 0, 'no code field: the app cannot meet the requirement');
  assert.equal(await page.locator('#tf-password').count(), 0, 'no password: alice is identified and the requirement does not name it');
  assert.equal(await page.locator('input[name="device"]').count(), 1, 'one device offered');
  const offered = await page.locator('input[name="device"]').getAttribute('value');
  const [key] = await r.demo.twofold.listDevices(r.aliceId, { kind: 'webauthn' });
  assert.equal(offered, key?.persistentId, 'the device offered is the key');
  const text = await mainText(page);
  assert.match(text, new RegExp(`A security key or passkey, used in the last 5 minutes: ${KEY_NAME}\\.`), 'a key to use, not a code to enter');
  assert.doesNotMatch(text, /Alice phone/, 'the app is not offered');
  await check(r, shot);
}

async function useKey(r: Run): Promise<void> {
  await navigate(r.page, () => r.page.getByRole('button', { name: 'Use security key or passkey' }).click());
}

describe('step-up to a security key in Chromium', () => {
  const suite = useBrowserSuite({ startHost, viewport: { width: 1280, height: 800 }, screenshotPrefix: 'step-up-key-' });
  let run: Run | null = null;

  /** The run, with the tab's virtual authenticators and CSP watch set up on first use. */
  async function started(t: TestContext): Promise<Run | null> {
    const s = suite.started(t);
    if (s === null) return null;
    run ??= { ...s.host, page: s.page, keys: await virtualKeys(s.page), cspViolations: watchCsp(s.page), shot: 0 };
    return run;
  }

  it('adds a key in the wizard, then signs in with the app', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = await started(t);
    if (r === null) return;
    const { page, url } = r;
    await signInWithTotp(r);
    await plugInAuthenticator(r.keys, 'ctap2');
    await page.goto(`${url}/setup`);
    await page.locator('input[name="method"][value="webauthn"]').check();
    await navigate(page, () => page.click('button[value="start"]'));
    await page.fill('#tf-name', KEY_NAME);
    await navigate(page, () => page.getByRole('button', { name: 'Add security key or passkey' }).click());
    assert.equal(pathOf(page), '/setup/done', `the key was added: ${await mainText(page)}`);
    const keys = await r.demo.twofold.listDevices(r.aliceId, { kind: 'webauthn' });
    assert.deepEqual(
      keys.map((key) => [key.name, key.confirmed]),
      [[KEY_NAME, true]],
    );

    await page.goto(`${url}/logout`);
    await navigate(page, () => page.click('main form button[type="submit"]'));
    r.clock.advance(30); // The next TOTP step: a code is accepted once.
    await signInWithTotp(r);
  });

  it('opens the dashboard with the code, and asks for the key only on the payment page', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = await started(t);
    if (r === null) return;
    const { page, url, clock } = r;
    clock.advance(20 * 60);
    await page.goto(`${url}/dashboard`);
    assert.equal(pathOf(page), '/dashboard', 'a code from 20 minutes ago counts for the dashboard');
    await check(r, 'dashboard');

    await askedForKey(r, 'asked-for-key');
    await useKey(r);
    assert.equal(pathOf(page), '/payments', `back on the payment page: ${await mainText(page)}`);
    assert.match(await mainText(page), /Payment settings/);
    await check(r, 'payments');
  });

  it('asks for the key again once 5 minutes have passed; the dashboard still opens', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = await started(t);
    if (r === null) return;
    const { page, url, clock } = r;
    clock.advance(PAYMENTS_WINDOW_SECONDS - 1);
    await page.goto(`${url}/payments`);
    assert.equal(pathOf(page), '/payments', 'the key counts for 4:59');
    clock.advance(1);
    await askedForKey(r, 'asked-again');
    await page.goto(`${url}/dashboard`);
    assert.equal(pathOf(page), '/dashboard', 'the dashboard does not ask');
  });

  it('says what happened when the key does not answer, and still offers only the key', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = await started(t);
    if (r === null) return;
    const { page, url } = r;
    // An authenticator without alice's credential: the browser finds no allowed key and reports NotAllowedError.
    await plugInAuthenticator(r.keys, 'ctap2');
    await askedForKey(r, 'before-cancel');
    await useKey(r);
    assert.equal(pathOf(page), '/step-up', 'not let through');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/payments', 'the place is kept');
    const alert = await page.locator('main [role="alert"]').innerText();
    assert.match(alert, /did not answer: it was cancelled, timed out, or is not one added to this account/);
    assert.equal(await page.locator('#tf-token').count(), 0, 'still no code field');
    await check(r, 'cancelled');
    // The message was said once: a reload posts nothing and shows the page afresh.
    await page.reload();
    assert.equal(await page.locator('main [role="alert"]').count(), 0);
    await page.goto(`${url}/payments`);
    assert.equal(pathOf(page), '/step-up', 'still not let through');
    assert.deepEqual(r.cspViolations, [], 'the default CSP held on every page');
  });
});
