/**
 * Issue 11, items 1, 5, 8 and 9, in Chromium at 360 px and 1280 px, with
 * axe-core (no serious or critical violation) and no sideways scroll on
 * every page reached:
 *
 * - item 5: the admin's first sign-in with a backup code offers no "Use one
 *   of your devices instead" (the admin has no device);
 * - item 1: the admin's "Replace all codes" asks first and says the old codes
 *   stop working; a reload of the new codes shows the same set;
 * - item 8: a phone number added and made primary is still listed among the
 *   backup phone numbers on the profile;
 * - item 9: after a refused first send in the setup wizard, "Send code" is
 *   disabled and its hint counts down, then enables, with no reload
 *   (Playwright's clock stands in for the minute of waiting).
 *
 * The demo site serves items 1 and 5; the account pages' test host (phone
 * codes through the development gateway, a budget of one text message a
 * minute) serves items 8 and 9. Screenshots go to
 * test-results/browser/items-<width>-<name>.png.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { issueBackupCodes } from '../../src/devices/backup-codes/index.js';
import { addTotp, totpCode, user } from '../express/support.js';
import { codeIn, lastMessage, startCodeHost } from '../flows/account/code-support.js';
import { mainText, navigate, pathOf, screenshot, useBrowserSuite, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';
import { startDemoHost } from '../support/demo-host.js';
import { seriousViolations } from '../support/axe.js';

const WIDTHS = [360, 1280] as const;

/** A screenshot, the axe check and the sideways-scroll check of the page as it is now. */
async function check(page: Page, width: number, name: string): Promise<void> {
  await screenshot(page, `items-${width}-${name}`);
  assert.deepEqual(await seriousViolations(page), [], `${name} at ${width} px: no serious or critical axe violation`);
  const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  );
  assert.ok(scrollWidth <= innerWidth, `${name} at ${width} px scrolls sideways: ${scrollWidth} > ${innerWidth}`);
}

/** A fresh tab of `width` in a browser with no cookies: each width starts signed out. */
async function freshTab(current: Page, width: number): Promise<Page> {
  await current.context().clearCookies();
  const page = await current.context().newPage();
  await page.setViewportSize({ width, height: 800 });
  return page;
}

describe('the admin in the demo at 360 px and 1280 px: first sign-in with a backup code, replacing codes', () => {
  const suite = useBrowserSuite({ startHost: () => startDemoHost('twofold-items-demo-'), screenshotPrefix: 'items-' });

  it('signs the admin in with a backup code and no way to devices, then replaces a user\'s codes only after asking (items 5 and 1)', { timeout: BROWSER_TEST_TIMEOUT_MS * 2 }, async (t) => {
    const run = suite.started(t);
    if (run === null) return;
    const { demo, url } = run.host;
    const admin = demo.seedUsers.find((seed) => seed.isStaff);
    assert.ok(admin !== undefined, 'the demo seeds a staff user');
    for (const [index, width] of WIDTHS.entries()) {
      const page = await freshTab(run.page, width);
      // Item 5: the backup-code step is the only way in, and says nothing of devices the admin does not have.
      await page.goto(`${url}/login`);
      await page.fill('#tf-username', admin.username);
      await page.fill('#tf-password', admin.password);
      await navigate(page, () => page.click('button[value="verify"]'));
      assert.equal(pathOf(page), '/login/backup', 'the backup-code step');
      assert.doesNotMatch(await mainText(page), /Use one of your devices instead/);
      assert.equal(await page.locator('#tf-token').count(), 1);
      await check(page, width, 'admin-backup-step');
      const code = demo.adminBackupCodes[index];
      assert.ok(code !== undefined, 'the demo printed backup codes for its staff user');
      await page.fill('#tf-token', code);
      await navigate(page, () => page.click('button[value="verify"]'));
      assert.equal(pathOf(page), '/login/backup', 'the page saying how many codes are left');
      await check(page, width, 'admin-codes-left');
      await navigate(page, () => page.click('main a.tf-button >> text=Continue'));
      assert.ok(!pathOf(page).startsWith('/login'), `signed in (at ${pathOf(page)})`);

      // Item 1: the user has codes, so "Replace all codes" asks first and says the old ones stop working.
      const old = (await issueBackupCodes(demo.twofold, 'bob')).codes;
      await page.goto(`${url}/admin/user?id=bob`);
      await check(page, width, 'admin-user-with-codes');
      await navigate(page, () => page.click('button[value="regenerate"]'));
      assert.equal(page.url(), `${url}/admin/backup-codes?user=bob&replace=1`);
      assert.match(await mainText(page), /The 10 unused backup codes of this user stop working at once/);
      await check(page, width, 'admin-replace-confirm');
      await navigate(page, () => page.click('main button.tf-button-danger'));
      assert.equal(page.url(), `${url}/admin/backup-codes?user=bob`);
      const codes = await page.locator('.tf-codes code').allInnerTexts();
      assert.equal(codes.length, 10);
      assert.ok(codes.every((shown) => !old.includes(shown)), 'a new set');
      await check(page, width, 'admin-new-codes');
      // A reload shows the same set: nothing is issued again.
      await page.reload();
      assert.deepEqual(await page.locator('.tf-codes code').allInnerTexts(), codes);
      await navigate(page, () => page.click('text=Done, back to the user'));
      assert.match(await mainText(page), /10 codes left/);
      assert.ok(!(await page.content()).includes(codes[0]!), 'the codes are not shown again');
      await page.close();
    }
  });
});

describe('the account pages at 360 px and 1280 px: a primary backup phone, and "Send code" after a refused send', () => {
  const suite = useBrowserSuite({
    startHost: () => startCodeHost({ phone: { allowedRegions: ['NL'], budgets: [{ scope: 'user', limit: 1, windowSeconds: 60 }] } }),
  });

  /** The hidden CSRF field of the page at `url`, read in the browser's session. */
  async function csrfAt(page: Page, url: string): Promise<string> {
    const text = await (await page.request.get(url)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    assert.ok(token !== undefined, `a CSRF field on ${url}`);
    return token;
  }

  it('keeps a phone number listed on the profile once it is made primary (item 8)', { timeout: BROWSER_TEST_TIMEOUT_MS * 2 }, async (t) => {
    const run = suite.started(t);
    if (run === null) return;
    const host = run.host;
    for (const [index, width] of WIDTHS.entries()) {
      // A user of their own at each width, who starts with no device and no primary choice.
      const account = user(['alice', 'bob'][index]!);
      const page = await freshTab(run.page, width);
      host.clock.advance(120); // A new minute of the sending budget, and a new TOTP step.
      const seed = 90 + index;
      await addTotp(host.twofold, account.id, 'Authenticator app', seed);
      // The app is the older device, so it is primary until the phone is made so (devices added in the same millisecond have no order).
      host.clock.advance(1);
      // Signed in with the host's password login, then confirmed with the app's code.
      assert.equal((await page.request.post(`${host.url}/host-login`, { form: { username: account.username, password: account.password } })).status(), 200);
      const reauth = `${host.url}/account/reauthenticate`;
      const confirmed = await page.request.post(reauth, { form: { _csrf: await csrfAt(page, reauth), token: totpCode(host.clock, seed) }, maxRedirects: 0 });
      assert.equal(confirmed.status(), 303);

      const ending = String(41 + index);
      await page.goto(`${host.url}/account/setup?method=sms`);
      await check(page, width, 'add-phone');
      await page.fill('#tf-number', `06 414141${ending}`);
      await navigate(page, () => page.click('#tf-send-first'));
      await check(page, width, 'add-phone-code');
      await page.fill('#tf-token', codeIn(lastMessage(host)));
      await navigate(page, () => page.click('button[value="confirm"]'));
      assert.equal(await page.locator('[role="alert"]').count(), 0, await mainText(page));
      await page.goto(`${host.url}/account/profile`);
      const phoneName = `Phone ending in ${ending}`;
      await navigate(page, () => page.locator('li.tf-account-device', { hasText: phoneName }).locator('button', { hasText: 'Make primary' }).click());
      assert.equal(pathOf(page), '/account/profile');
      const phones = await page.locator('section.tf-account-phones').innerText();
      assert.doesNotMatch(phones, /You have no backup phone number/);
      assert.match(phones, new RegExp(`${phoneName}\\s*Primary`));
      await check(page, width, 'profile-primary-phone');
      await host.twofold.deleteUserDevices(account.id);
      await page.close();
    }
  });

  it('disables "Send code" after a refused first send and counts its hint down to enabling it, with no reload (item 9)', { timeout: BROWSER_TEST_TIMEOUT_MS * 2 }, async (t) => {
    const run = suite.started(t);
    if (run === null) return;
    const host = run.host;
    const carol = user('carol');
    for (const width of WIDTHS) {
      const page = await freshTab(run.page, width);
      await host.twofold.deleteUserDevices(carol.id);
      host.clock.advance(120); // The budget of the previous width is spent and gone.
      assert.equal((await page.request.post(`${host.url}/host-login`, { form: { username: carol.username, password: carol.password } })).status(), 200);
      const setup = `${host.url}/account/setup`;
      const start = await page.request.post(setup, { form: { _csrf: await csrfAt(page, setup), action: 'start', method: 'sms' }, maxRedirects: 0 });
      assert.equal(start.status(), 303);
      // The one text message of this minute goes to a first number; a second setup is then refused.
      const first = await page.request.post(setup, { form: { _csrf: await csrfAt(page, setup), action: 'send', method: 'sms', number: '06 20202020' }, maxRedirects: 0 });
      assert.equal(first.status(), 303);

      // The page's clock starts behind the server's and is stopped exactly at it once the refusal has loaded and
      // been checked (axe waits on timers, which a stopped clock never fires): real seconds on a loaded machine
      // would otherwise move the countdown on.
      const serverNow = host.clock.now();
      await page.clock.install({ time: serverNow - 120_000 });
      await page.goto(`${setup}?method=sms`);
      await page.fill('#tf-number', '06 30303030');
      await navigate(page, () => page.click('#tf-send-first'));
      const hint = page.locator('#tf-send-hint');
      const button = page.locator('#tf-send-first');
      assert.equal(await button.isDisabled(), true, 'disabled while the budget is spent');
      await check(page, width, 'setup-send-refused');
      await page.clock.pauseAt(serverNow);
      assert.match(await hint.innerText(), /You can ask for a code in 1 minute \(\d\d:\d\d:\d\d UTC\)/);
      await screenshot(page, `items-${width}-setup-send-countdown`);
      await page.clock.runFor(32_000);
      assert.match(await hint.innerText(), /in 2\d seconds/);
      assert.equal(await button.isDisabled(), true);
      await page.clock.runFor(31_000);
      assert.equal(await hint.innerText(), 'You can ask for a code now.');
      assert.equal(await button.isDisabled(), false, 'enabled once a code may go out');
      await page.clock.resume();
      await check(page, width, 'setup-send-ready');
      await host.twofold.deleteUserDevices(carol.id);
      await page.close();
    }
  });
});
