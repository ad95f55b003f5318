/**
 * The newcomer's path through the demo site in a real browser (Debian's
 * Chromium through playwright-core): sign in as the staff user with a
 * backup code, add a TOTP device for alice in the admin, see its QR code
 * render, confirm it with a code computed from the key shown on the page
 * (as a person would type it from an app), sign in as alice with password
 * and TOTP, and reach the protected page. Screenshots of each key page go to
 * test-results/browser/.
 *
 * The demo runs in-process on 127.0.0.1 (random port) with a temporary data
 * directory and a manual clock, so that the confirmation code and the login
 * code fall in different TOTP steps without waiting 30 seconds.
 */
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { decodeBase32, generateTOTP } from '../../src/oath/index.js';
import { chromiumAvailable, screenshot, CHROMIUM_PATH, BROWSER_HOOK_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';
import { startDemoRun, stopDemoRun, type DemoRun } from '../support/demo-browser.js';
import { requireOrSkip } from '../support/env.js';

const available = chromiumAvailable();
const missing = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;

type Session = DemoRun;

let current: Session | null = null;

function session(t: TestContext): Session | null {
  if (!requireOrSkip(t, available, missing)) return null;
  assert.ok(current !== null, 'the demo and the browser did not start (see the before hook)');
  return current;
}

async function signIn(page: Page, url: string, username: string, password: string, code: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('#tf-username', username);
  await page.fill('#tf-password', password);
  // The wizard: the password first, then the code on the next step (the
  // token step at /login, or the backup-code step when that is all the user has).
  await Promise.all([page.waitForLoadState('load'), page.click('button[value="verify"]')]);
  await page.waitForSelector('#tf-token');
  await page.fill('#tf-token', code);
  await Promise.all([page.waitForURL((target) => target.pathname !== '/login'), page.click('button[value="verify"]')]);
  await page.waitForLoadState('load');
  // After a backup code, a page says how many are left: go on from there.
  if (new URL(page.url()).pathname === '/login/backup') {
    await Promise.all([page.waitForURL((target) => !target.pathname.startsWith('/login')), page.click('main a.tf-button >> text=Continue')]);
  }
}

async function signOut(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/logout`);
  await Promise.all([page.waitForURL((target) => target.pathname !== '/logout'), page.click('main form button[type="submit"]')]);
}

describe('the demo site in Chromium', () => {
  before(async () => {
    if (!available) return;
    current = await startDemoRun('demo-browser');
  }, { timeout: BROWSER_HOOK_TIMEOUT_MS });

  after(async () => {
    if (current === null) return;
    await stopDemoRun(current);
    current = null;
  }, { timeout: BROWSER_HOOK_TIMEOUT_MS });

  it('sends an anonymous visitor of the protected page to the sign-in page', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const s = session(t);
    if (s === null) return;
    await s.page.goto(`${s.url}/`);
    await screenshot(s.page, '01-home-anonymous');
    await s.page.goto(`${s.url}/protected`);
    const landed = new URL(s.page.url());
    assert.equal(landed.pathname, '/login');
    assert.equal(landed.searchParams.get('next'), '/protected');
    assert.equal(await s.page.locator('#tf-username').count(), 1);
    await screenshot(s.page, '02-login');
  });

  it('signs the staff user in with password and a backup code, and opens the admin', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const s = session(t);
    if (s === null) return;
    const admin = s.demo.seedUsers.find((user) => user.isStaff)!;
    const code = s.demo.adminBackupCodes[0];
    assert.ok(code !== undefined, 'the demo printed backup codes for its staff user');
    await signIn(s.page, s.url, admin.username, admin.password, code);
    assert.match(await s.page.locator('main').innerText(), /Verified/);
    await screenshot(s.page, '03-home-admin-verified');
    await s.page.click('a[href="/admin/"]');
    assert.equal(new URL(s.page.url()).pathname, '/admin/');
    assert.match(await s.page.locator('h1').innerText(), /Two-factor devices/);
    await screenshot(s.page, '04-admin-index');
  });

  let key = '';

  it('adds a TOTP device for alice, shows its QR code and key, and confirms it with a code', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const s = session(t);
    if (s === null) return;
    await s.page.goto(`${s.url}/admin/?q=ali`);
    await s.page.click('a[href="/admin/user?id=alice"]');
    await screenshot(s.page, '05-admin-user-alice');
    await s.page.selectOption('#tf-create-kind', 'totp');
    await s.page.fill('#tf-create-name', 'Alice’s phone');
    await Promise.all([s.page.waitForURL(/\/admin\/devices\/totp\/[A-Za-z0-9_-]{22}$/), s.page.click('#tf-create-name >> xpath=ancestor::form//button[@type="submit"]')]);
    await s.page.waitForLoadState('load');

    const image = s.page.locator('.tf-qr img');
    const size = await image.evaluate((element) => {
      const img = element as unknown as { complete: boolean; naturalWidth: number; naturalHeight: number };
      return { complete: img.complete, width: img.naturalWidth, height: img.naturalHeight };
    });
    assert.equal(size.complete, true);
    assert.ok(size.width > 0 && size.height > 0, `the QR code image rendered (${size.width}×${size.height})`);
    await screenshot(s.page, '06-admin-device-setup');
    // On a phone-sized screen the page must not scroll sideways.
    await s.page.setViewportSize({ width: 390, height: 844 });
    const scrollWidth = await s.page.evaluate('document.documentElement.scrollWidth');
    assert.ok(typeof scrollWidth === 'number' && scrollWidth <= 390, `page width ${String(scrollWidth)} fits 390 px`);
    await screenshot(s.page, '06-admin-device-setup-phone');
    await s.page.setViewportSize({ width: 1024, height: 800 });

    const shown = await s.page.locator('.tf-key code').innerText();
    assert.match(shown, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, 'the key is base32 in groups of four');
    key = shown.replace(/\s+/g, '');
    // What a person would type after adding the key to an app: the current code.
    const code = generateTOTP(decodeBase32(key), { time: s.clock.now() / 1000 });
    await s.page.fill('#tf-token', code);
    await Promise.all([s.page.waitForLoadState('load'), s.page.click('#tf-token >> xpath=ancestor::form//button[@type="submit"]')]);
    assert.match(await s.page.locator('[role="status"]').first().innerText(), /confirmed and active/);
    assert.equal(await s.page.locator('.tf-qr img').count(), 0, 'no QR code once the device is confirmed');
    assert.ok(!(await s.page.content()).includes(shown), 'the key is not on the page any more');
    const qr = await s.page.request.get(`${s.page.url()}/qr.svg`);
    assert.equal(qr.status(), 403);
    await screenshot(s.page, '07-admin-device-confirmed');
  });

  it('issues backup codes once, and deletes a device only after asking', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const s = session(t);
    if (s === null) return;
    await s.page.goto(`${s.url}/admin/user?id=bob`);
    await s.page.selectOption('#tf-create-kind', 'hotp');
    await Promise.all([s.page.waitForURL(/\/admin\/devices\/hotp\//), s.page.click('#tf-create-name >> xpath=ancestor::form//button[@type="submit"]')]);
    await s.page.waitForLoadState('load');
    assert.match(await s.page.locator('.tf-setup').innerText(), /next counter 0/);
    await screenshot(s.page, '10-admin-hotp-setup');

    await s.page.click('.tf-danger-link a');
    assert.match(await s.page.locator('main').innerText(), /Delete the device “Hardware token” of bob\?/);
    await screenshot(s.page, '11-admin-delete-confirm');
    await Promise.all([s.page.waitForURL(/\/admin\/user\?id=bob$/), s.page.click('.tf-button-danger')]);
    assert.match(await s.page.locator('[role="status"]').first().innerText(), /was deleted/);

    // Bob has no backup codes yet, so there is nothing to lose and no question: the new set is shown from its own page.
    await Promise.all([s.page.waitForURL(/\/admin\/backup-codes\?user=bob$/), s.page.click('button[value="regenerate"]')]);
    await s.page.waitForLoadState('load');
    const codes = await s.page.locator('.tf-codes code').allInnerTexts();
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, /^[0-9a-z]{4}(?:-[0-9a-z]{4}){3}$/);
    await screenshot(s.page, '12-admin-backup-codes');
    // A reload shows the same codes (they are revealed from the session, never made again) until "Done".
    await s.page.reload();
    assert.deepEqual(await s.page.locator('.tf-codes code').allInnerTexts(), codes);
    await s.page.click('text=Done, back to the user');
    assert.match(await s.page.locator('main').innerText(), /10 codes left/);
    assert.ok(!(await s.page.content()).includes(codes[0]!), 'the codes are not shown again');
    await screenshot(s.page, '13-admin-user-bob');
  });

  it('signs alice in with password and TOTP and lets her reach the protected page', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const s = session(t);
    if (s === null) return;
    assert.notEqual(key, '', 'the previous test read the key');
    await signOut(s.page, s.url);
    assert.match(await s.page.locator('main').innerText(), /not signed in/);
    // The confirmation used this step's code: the next code comes 30 seconds later.
    s.clock.advance(30);
    const alice = s.demo.seedUsers.find((user) => user.username === 'alice')!;
    await s.page.goto(`${s.url}/protected`);
    await s.page.fill('#tf-username', alice.username);
    await s.page.fill('#tf-password', alice.password);
    await Promise.all([s.page.waitForLoadState('load'), s.page.click('button[value="verify"]')]);
    await s.page.waitForSelector('#tf-token');
    await screenshot(s.page, '07b-token-step');
    await s.page.fill('#tf-token', generateTOTP(decodeBase32(key), { time: s.clock.now() / 1000 }));
    await Promise.all([s.page.waitForURL((target) => target.pathname === '/protected'), s.page.click('button[value="verify"]')]);
    assert.match(await s.page.locator('h1').innerText(), /Protected page/);
    assert.match(await s.page.locator('main').innerText(), /Alice’s phone/);
    await screenshot(s.page, '08-protected');
  });

  it('refuses the admin to a verified user who is not staff', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const s = session(t);
    if (s === null) return;
    const response = await s.page.goto(`${s.url}/admin/`);
    assert.equal(response?.status(), 403);
    assert.match(await s.page.locator('main').innerText(), /staff only/i);
    await screenshot(s.page, '09-admin-forbidden');
  });
});
