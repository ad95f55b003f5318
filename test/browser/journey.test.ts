/**
 * Issue #4's journey through the demo site in a real browser (Debian's
 * Chromium through playwright-core), as a new user would make it: bob, who
 * has no second factor yet, signs in with his password, sets up an
 * authenticator app by reading the key off the setup page, keeps his backup
 * codes, signs in with a code, uses a backup code once and sees it refused
 * the second time, lets the browser be remembered and signs in with the
 * password alone, changes his password and is asked for the code again, and
 * finally turns two-factor authentication off.
 *
 * The demo runs in-process on 127.0.0.1 (random port) with a temporary data
 * directory and a manual clock: every code is computed from the key read off
 * the page, and the clock moves to the next 30-second step instead of the
 * test waiting for it. A full-page screenshot of every page visited goes to
 * test-results/browser/journey-NN-<name>.png.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { decodeBase32, generateTOTP } from '../../src/oath/index.js';
import { mainText, navigate, pathOf, screenshot, useBrowserSuite, SCREENSHOT_DIR, type TestBrowser, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';
import { startDemoStory, type DemoHost } from '../support/demo-host.js';

const USERNAME = 'bob';
const NEW_PASSWORD = 'bob-changed-password';

/** The demo site with what bob's journey learns on the way (kept from one test to the next). */
interface JourneyHost extends DemoHost {
  readonly password: string;
  /** The authenticator key as read off the setup page (base32, no spaces). */
  key: string;
  /** The backup codes as read off the page that showed them. */
  backupCodes: readonly string[];
  /** Screenshots taken, in order. */
  readonly shots: string[];
}

interface Journey extends JourneyHost {
  readonly browser: TestBrowser;
  readonly page: Page;
}

function startJourneyHost(): Promise<JourneyHost> {
  return startDemoStory<Pick<JourneyHost, 'key' | 'backupCodes' | 'shots'>>('twofold-journey-', USERNAME, { key: '', backupCodes: [], shots: [] });
}

/** A full-page screenshot, numbered in the order of the journey. */
async function shot(j: Journey, name: string): Promise<void> {
  const file = `journey-${String(j.shots.length + 1).padStart(2, '0')}-${name}`;
  await screenshot(j.page, file);
  j.shots.push(`${file}.png`);
}

/** The current TOTP code of the key read off the setup page, as the user's app would show it. */
function appCode(j: Journey): string {
  return generateTOTP(decodeBase32(j.key), { time: j.clock.now() / 1000 });
}

async function rememberCookies(page: Page): Promise<string[]> {
  return (await page.context().cookies()).map((cookie) => cookie.name).filter((name) => name.startsWith('twofold_remember_'));
}

/** From the home page: Sign in, then the password step. Lands wherever the site sends the user next. */
async function enterPassword(j: Journey, password: string): Promise<void> {
  await j.page.goto(`${j.url}/`);
  await navigate(j.page, () => j.page.click('a[href="/login"]'));
  await j.page.fill('#tf-username', USERNAME);
  await j.page.fill('#tf-password', password);
  await navigate(j.page, () => j.page.click('button[value="verify"]'));
}

/** Types a code into the page's code field and submits it (with `button`, by default the sign-in steps' "Verify"). */
async function enterCode(
  j: Journey,
  code: string,
  options: { readonly remember?: boolean; readonly button?: string; readonly beforeSubmit?: () => Promise<void> } = {},
): Promise<void> {
  await j.page.fill('#tf-token', code);
  if (options.remember === true) await j.page.check('#tf-remember');
  await options.beforeSubmit?.();
  await navigate(j.page, () => j.page.click(options.button ?? 'button[value="verify"]'));
}

/** Sign out from anywhere: the sign-out page, then its button. */
async function signOut(j: Journey, screenshotName?: string): Promise<void> {
  await j.page.goto(`${j.url}/logout`);
  if (screenshotName !== undefined) await shot(j, screenshotName);
  await navigate(j.page, () => j.page.click('main form button[type="submit"]'));
  assert.equal(pathOf(j.page), '/');
  assert.match(await mainText(j.page), /You are not signed in/);
}

async function assertOnCodeStep(page: Page): Promise<void> {
  assert.equal(pathOf(page), '/login', 'the site asks for a code');
  assert.equal(await page.locator('#tf-token').count(), 1);
}

describe('issue #4 journey in Chromium: bob sets up, uses and turns off two-factor authentication', () => {
  const suite = useBrowserSuite({
    startHost: startJourneyHost,
    screenshotPrefix: 'journey-',
    afterAll: ({ host }) => console.log(`journey screenshots in ${SCREENSHOT_DIR}:\n  ${host.shots.join('\n  ')}`),
  });
  /** The journey so far: the same object in every test (it carries the key and the codes from one to the next). */
  function started(t: TestContext): Journey | null {
    const run = suite.started(t);
    return run === null ? null : Object.assign(run.host, { browser: run.browser, page: run.page });
  }

  it('signs in with the password alone, sets up an authenticator app from the key on the page, and keeps the backup codes', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const j = started(t);
    if (j === null) return;
    const { page } = j;
    await page.goto(`${j.url}/`);
    assert.match(await mainText(page), /You are not signed in/);
    await shot(j, 'home-signed-out');

    await navigate(page, () => page.click('a[href="/login"]'));
    await shot(j, 'login');
    await page.fill('#tf-username', USERNAME);
    await page.fill('#tf-password', j.password);
    await navigate(page, () => page.click('button[value="verify"]'));
    assert.equal(pathOf(page), '/', 'no code asked: bob has no second factor yet');
    assert.match(await mainText(page), /Signed in as bob\. Not verified/);
    await shot(j, 'home-password-only');

    await navigate(page, () => page.click('a[href="/setup"]'));
    assert.equal(pathOf(page), '/setup');
    await shot(j, 'setup-welcome');
    await navigate(page, () => page.click('button[value="start"]'));
    await page.waitForSelector('.tf-account-key');
    const qr = await page.locator('img.tf-account-qr').evaluate((element) => {
      const img = element as unknown as { complete: boolean; naturalWidth: number };
      return img.complete && img.naturalWidth > 0;
    });
    assert.equal(qr, true, 'the QR code image loaded');
    await shot(j, 'setup-key');

    // Read the key the way a person types it into an app: the text on the page, in groups of four.
    const keyText = await page.locator('.tf-account-key').innerText();
    assert.match(keyText, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    j.key = keyText.replace(/\s+/g, '');
    await enterCode(j, appCode(j), { button: 'button[value="confirm"]' });
    assert.equal(pathOf(page), '/setup/done');
    assert.match(await page.locator('h1').innerText(), /Two-factor authentication is on/);
    await shot(j, 'setup-done');

    await navigate(page, () => page.click('main form[action="/backup-codes"] button[type="submit"]'));
    const codes = await page.locator('.tf-account-codes code').allInnerTexts();
    assert.equal(codes.length, 10);
    j.backupCodes = codes;
    await shot(j, 'backup-codes');
    // A reload shows the same codes (they are revealed from the session, never made again), until "I have saved my codes".
    await page.reload();
    assert.deepEqual(await page.locator('.tf-account-codes code').allInnerTexts(), codes);
    await navigate(page, () => page.click('button[value="saved"]'));
    assert.equal(pathOf(page), '/profile');
    const profile = await mainText(page);
    assert.match(profile, /Two-factor authentication is on/);
    assert.match(profile, /10 unused backup codes/);
    await shot(j, 'profile-on');
  });

  it('signs out, and signs in with the password and a code from the app', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const j = started(t);
    if (j === null) return;
    await signOut(j, 'sign-out');
    // The setup used this step's code, and a code works once: the app shows the next one 30 s later.
    j.clock.advance(30);
    await enterPassword(j, j.password);
    await assertOnCodeStep(j.page);
    assert.equal(await j.page.isChecked('#tf-remember'), false, '"remember this browser" is never ticked for the user');
    await shot(j, 'login-code');
    await enterCode(j, appCode(j));
    assert.equal(pathOf(j.page), '/');
    assert.match(await mainText(j.page), /Signed in as bob\. Verified with the device “Authenticator app” \(totp\)/);
    await shot(j, 'home-verified');
  });

  it('signs in with a backup code once, and sees the same code refused the second time', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const j = started(t);
    if (j === null) return;
    const code = j.backupCodes[0];
    assert.ok(code !== undefined, 'the first test read the backup codes');
    await signOut(j);
    await enterPassword(j, j.password);
    await assertOnCodeStep(j.page);
    await navigate(j.page, () => j.page.click('.tf-other-methods a[href="/login/backup"]'));
    assert.equal(pathOf(j.page), '/login/backup');
    await shot(j, 'login-backup-code');
    await enterCode(j, code);
    // The page after a backup code says how many are left (nine is not few: no warning), then goes on.
    assert.equal(pathOf(j.page), '/login/backup');
    assert.match(await mainText(j.page), /You have 9 backup codes left\./);
    await shot(j, 'login-backup-codes-left');
    await navigate(j.page, () => j.page.click('main a.tf-button'));
    assert.equal(pathOf(j.page), '/');
    assert.match(await mainText(j.page), /Signed in as bob\. Verified/);
    await shot(j, 'home-verified-backup-code');

    await signOut(j);
    await enterPassword(j, j.password);
    await navigate(j.page, () => j.page.click('.tf-other-methods a[href="/login/backup"]'));
    await enterCode(j, code);
    assert.equal(pathOf(j.page), '/login/backup', 'still on the backup-code step');
    const alert = await j.page.locator('[role="alert"]').innerText();
    assert.match(alert, /not accepted|wrong|used/i, `the page says the code was refused: ${alert}`);
    assert.equal(await j.page.locator('#tf-token').getAttribute('aria-invalid'), 'true');
    await shot(j, 'login-backup-code-refused');
  });

  it('ticks "Remember this browser", and next time signs in with the password alone', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const j = started(t);
    if (j === null) return;
    // Still signing in (the refused backup code left the password step standing): back to the app's code.
    await navigate(j.page, () => j.page.click('main p a[href="/login"]'));
    await assertOnCodeStep(j.page);
    j.clock.advance(30);
    await enterCode(j, appCode(j), { remember: true, beforeSubmit: () => shot(j, 'login-code-remember') });
    assert.equal(pathOf(j.page), '/');
    assert.equal((await rememberCookies(j.page)).length, 1, 'the browser got a remember cookie');

    await signOut(j);
    await enterPassword(j, j.password);
    assert.equal(pathOf(j.page), '/', 'no code asked: the browser is remembered');
    assert.match(await mainText(j.page), /Signed in as bob\. Verified/);
    await shot(j, 'home-remembered-browser');

    await navigate(j.page, () => j.page.click('a[href="/profile"]'));
    assert.equal(await j.page.locator('.tf-account-remembered li').count(), 1, 'the profile lists the remembered browser');
    await shot(j, 'profile-remembered-browser');
  });

  it('changes the password on the demo\'s page, and is asked for the code again', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const j = started(t);
    if (j === null) return;
    const { page } = j;
    await navigate(page, () => page.click('nav a[href="/password"]'));
    assert.equal(pathOf(page), '/password');
    for (const [id, autocomplete] of [
      ['demo-current-password', 'current-password'],
      ['demo-new-password', 'new-password'],
      ['demo-confirm-password', 'new-password'],
    ] as const) {
      assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `${id} has a label`);
      assert.equal(await page.locator(`#${id}`).getAttribute('autocomplete'), autocomplete);
    }
    await shot(j, 'change-password');
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate('document.documentElement.scrollWidth');
    assert.ok(typeof width === 'number' && width <= 390, `the page fits a phone (${String(width)} px)`);
    await shot(j, 'change-password-phone');
    await page.setViewportSize({ width: 1024, height: 800 });

    // A first try with mistakes: every one is listed, and each entry leads to its field.
    await page.fill('#demo-current-password', 'not-my-password');
    await page.fill('#demo-new-password', 'short');
    await page.fill('#demo-confirm-password', 'shorter');
    await navigate(page, () => page.click('main form button[type="submit"]'));
    assert.equal(pathOf(page), '/password');
    const links = await Promise.all((await page.locator('[role="alert"] a').all()).map((anchor) => anchor.getAttribute('href')));
    assert.deepEqual(links, ['#demo-current-password', '#demo-new-password', '#demo-confirm-password']);
    assert.equal(await page.locator('#demo-current-password').inputValue(), '', 'passwords are not written back');
    await shot(j, 'change-password-errors');

    await page.fill('#demo-current-password', j.password);
    await page.fill('#demo-new-password', NEW_PASSWORD);
    await page.fill('#demo-confirm-password', NEW_PASSWORD);
    await navigate(page, () => page.click('main form button[type="submit"]'));
    assert.equal(pathOf(page), '/');
    assert.match(await page.locator('[role="status"]').innerText(), /Your password is changed/);
    assert.match(await mainText(page), /Signed in as bob\. Verified/, 'still signed in and verified');
    await shot(j, 'home-password-changed');

    await signOut(j);
    assert.equal((await rememberCookies(page)).length, 1, 'the browser still holds its remember cookie');
    await enterPassword(j, j.password);
    assert.equal(pathOf(page), '/login');
    assert.match(await page.locator('[role="alert"]').innerText(), /./, 'the old password is refused');
    await shot(j, 'login-old-password-refused');

    await page.fill('#tf-username', USERNAME);
    await page.fill('#tf-password', NEW_PASSWORD);
    await navigate(page, () => page.click('button[value="verify"]'));
    await assertOnCodeStep(page);
    assert.deepEqual(await rememberCookies(page), [], 'the stale remember cookie was refused and cleared');
    await shot(j, 'login-code-after-password-change');
    j.clock.advance(30);
    await enterCode(j, appCode(j));
    assert.equal(pathOf(page), '/');
    assert.match(await mainText(page), /Signed in as bob\. Verified/);
  });

  it('turns two-factor authentication off on the profile, then signs in with the password alone', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const j = started(t);
    if (j === null) return;
    const { page } = j;
    await navigate(page, () => page.click('a[href="/profile"]'));
    await navigate(page, () => page.click('a[href="/disable"]'));
    assert.equal(pathOf(page), '/disable');
    await shot(j, 'disable');
    await page.check('#tf-understand');
    await navigate(page, () => page.click('main form button[type="submit"]'));
    assert.equal(pathOf(page), '/profile');
    const profile = await mainText(page);
    assert.match(profile, /Two-factor authentication was turned off\. Your devices and backup codes were removed\./);
    assert.match(profile, /Two-factor authentication is off\. Turn it on/);
    assert.equal(await j.demo.twofold.userHasDevice(USERNAME), false);
    await shot(j, 'profile-off');

    await signOut(j);
    await enterPassword(j, NEW_PASSWORD);
    assert.equal(pathOf(page), '/', 'no code asked any more');
    assert.match(await mainText(page), /Signed in as bob\. Not verified/);
    await shot(j, 'home-two-factor-off');
  });
});
