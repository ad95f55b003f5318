/**
 * Issue #11's browser habits in Chromium, at 360 px and 1280 px: reload,
 * Back and a second tab on the sign-in steps and the new-backup-codes page,
 * a form from a tab that fell behind, cookies turned off, and the page after
 * a backup code. Every twofold page visited is checked with axe-core (no
 * serious or critical violation) and photographed under
 * test-results/browser/habits-<width>-NN-<name>.png.
 *
 * The host is the sign-in flows' test host (Express, twofold under
 * /account, a manual clock): codes come from the clock and the text
 * messages from the development gateway, never from waiting.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, Request } from 'playwright-core';
import { issueBackupCodes } from '../../src/devices/backup-codes/index.js';
import { addTotp, startFlowHost, totpCode, type FlowHost } from '../flows/login/support.js';
import { BROWSER_TEST_TIMEOUT_MS, mainText, navigate, pathOf, screenshot, useBrowserSuite, type TestBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

const MOBILE = '+31612345678';

/** The method of the next main-frame document request while `action` runs (a reload or Back that re-posts shows POST). */
async function documentMethod(page: Page, action: () => Promise<unknown>): Promise<string> {
  const request = page.waitForRequest((candidate: Request) => candidate.isNavigationRequest() && candidate.frame() === page.mainFrame());
  await Promise.all([request, action()]);
  await page.waitForLoadState('load');
  return (await request).method();
}

for (const width of [360, 1280] as const) {
  describe(`browser habits at ${width} px`, () => {
    let shots = 0;
    const suite = useBrowserSuite({ startHost: () => startFlowHost(), viewport: { width, height: 800 }, screenshotPrefix: `habits-${width}-` });

    async function ready(t: TestContext): Promise<{ host: FlowHost; browser: TestBrowser } | null> {
      const run = suite.started(t);
      if (run === null) return null;
      // Each test starts signed out, whatever the one before left behind.
      await run.browser.context.clearCookies();
      return { host: run.host, browser: run.browser };
    }

    /** A screenshot and the axe check of a twofold page. */
    async function check(page: Page, name: string): Promise<void> {
      shots += 1;
      await screenshot(page, `habits-${width}-${String(shots).padStart(2, '0')}-${name}`);
      assert.deepEqual(await seriousViolations(page), [], `${name}: no serious or critical axe violation`);
      const scroll = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      assert.ok(scroll <= 0, `${name}: no sideways scroll (${scroll} px)`);
    }

    async function signInWithPassword(page: Page, base: string, username: string, password: string): Promise<void> {
      await page.goto(`${base}/account/login?next=%2Fsecret`);
      await page.fill('#tf-username', username);
      await page.fill('#tf-password', password);
      await navigate(page, () => page.click('button[value="verify"]'));
    }

    it('reloads, goes Back to and opens in a second tab the code step; a stale tab is led on; the code went out once', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
      const s = await ready(t);
      if (s === null) return;
      const alice = s.host.user('alice');
      await s.host.twofold.deleteUserDevices(alice.id);
      await s.host.twofold.createDevice({ userId: alice.id, kind: 'phone', name: 'Mobile', options: { number: MOBILE, method: 'sms' } });
      const page = await s.browser.newPage();
      await signInWithPassword(page, s.host.url, alice.username, alice.password);
      assert.equal(pathOf(page), '/account/login', 'the code step is a page of its own (a GET)');
      assert.match(await mainText(page), /Your password is correct/);
      await check(page, 'code-step');
      const sent = s.host.gateway.outbox().length;

      assert.equal(await documentMethod(page, () => page.reload()), 'GET', 'a reload asks for the page again, it does not re-post the password');
      assert.match(await mainText(page), /Enter your code/);
      assert.doesNotMatch(await mainText(page), /Your password is correct/, 'said once');
      assert.equal(s.host.gateway.outbox().length, sent, 'a reload sends no text message');
      await check(page, 'code-step-reloaded');

      const second = await s.browser.newPage();
      await second.goto(`${s.host.url}/account/login?next=%2Fsecret`);
      assert.match(await mainText(second), /Enter your code/);
      await check(second, 'code-step-second-tab');

      const code = /\b(\d{6})\b/.exec(s.host.gateway.latest(MOBILE)?.text ?? '')?.[1];
      assert.ok(code !== undefined);
      await page.fill('#tf-token', code);
      await navigate(page, () => page.click('button[value="verify"]'));
      assert.equal(pathOf(page), '/secret');

      // Back: a GET of the sign-in page (no resubmission), which a verified user may use to switch accounts.
      assert.equal(await documentMethod(page, () => page.goBack()), 'GET');
      assert.equal(pathOf(page), '/account/login');
      await check(page, 'back-after-sign-in');

      // The second tab fell behind: its form is refused, says so, and leads to where the user was going.
      await second.fill('#tf-token', code);
      await navigate(second, () => second.click('button[value="verify"]'));
      assert.match(await mainText(second), /you are already signed in, perhaps in another tab or window/);
      await check(second, 'stale-tab');
      await navigate(second, () => second.click('main a.tf-button'));
      assert.equal(pathOf(second), '/secret');
      await second.close();
      await page.context().clearCookies();
      await page.close();
    });

    it('tells a browser that keeps no cookies that signing in needs them', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
      const s = await ready(t);
      if (s === null) return;
      const page = await s.browser.newPage();
      await page.goto(`${s.host.url}/account/login`);
      await page.fill('#tf-username', 'alice');
      await page.fill('#tf-password', 'whatever');
      // Cookies off: the browser kept nothing the page set, so the form goes back without any cookie.
      await page.context().clearCookies();
      await navigate(page, () => page.click('button[value="verify"]'));
      assert.match(await mainText(page), /Signing in needs cookies/);
      await check(page, 'cookies-off');
      await page.close();
    });

    it('shows new backup codes until "saved": reload, Back and a second tab show the same set; replacing asks first', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
      const s = await ready(t);
      if (s === null) return;
      const bob = s.host.user('bob');
      await s.host.twofold.deleteUserDevices(bob.id);
      const seed = 40 + width;
      await addTotp(s.host.twofold, bob.id, 'Phone', seed);
      await issueBackupCodes(s.host.twofold, bob.id, { count: 5 });
      s.host.clock.advance(30);
      const page = await s.browser.newPage();
      await signInWithPassword(page, s.host.url, bob.username, bob.password);
      await page.fill('#tf-token', totpCode(s.host.clock, seed));
      await navigate(page, () => page.click('button[value="verify"]'));

      await page.goto(`${s.host.url}/account/backup-codes`);
      await check(page, 'backup-codes');
      await navigate(page, () => page.click('main form button[type="submit"]'));
      assert.match(await mainText(page), /Replace all your backup codes\?/);
      assert.match(await mainText(page), /The 5 backup codes you have now stop working at once/);
      await check(page, 'backup-codes-replace');
      await navigate(page, () => page.click('button[value="yes"]'));
      const codes = await page.locator('.tf-account-codes code').allInnerTexts();
      assert.equal(codes.length, 10);
      await check(page, 'backup-codes-new');

      assert.equal(await documentMethod(page, () => page.reload()), 'GET');
      assert.deepEqual(await page.locator('.tf-account-codes code').allInnerTexts(), codes, 'a reload shows the same set');
      const second = await s.browser.newPage();
      await second.goto(`${s.host.url}/account/backup-codes`);
      assert.deepEqual(await second.locator('.tf-account-codes code').allInnerTexts(), codes, 'so does a second tab');
      await second.close();
      assert.equal(await documentMethod(page, () => page.goBack()), 'GET');
      assert.equal(await documentMethod(page, () => page.goForward()), 'GET');
      assert.deepEqual(await page.locator('.tf-account-codes code').allInnerTexts(), codes, 'Back and Forward make none either');

      await navigate(page, () => page.click('button[value="saved"]'));
      assert.equal(pathOf(page), '/account/profile');
      assert.match(await mainText(page), /Your new backup codes are in place/);
      assert.match(await mainText(page), /10 unused backup codes/);
      await check(page, 'profile-after-saved');
      await page.context().clearCookies();
      await page.close();
    });

    it('says how many backup codes are left after one, and offers new ones when few are', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
      const s = await ready(t);
      if (s === null) return;
      const carol = s.host.user('carol');
      await s.host.twofold.deleteUserDevices(carol.id);
      await addTotp(s.host.twofold, carol.id, 'Phone', 70 + width);
      const { codes } = await issueBackupCodes(s.host.twofold, carol.id, { count: 2 });
      const page = await s.browser.newPage();
      await signInWithPassword(page, s.host.url, carol.username, carol.password);
      assert.match(await mainText(page), /Lost your device\?/);
      await navigate(page, () => page.click('.tf-other-methods a[href^="/account/login/backup"]'));
      assert.match(await mainText(page), /Lost your device\?/);
      await check(page, 'backup-step');
      await page.fill('#tf-token', codes[0]!);
      await navigate(page, () => page.click('button[value="verify"]'));
      assert.equal(pathOf(page), '/account/login/backup');
      assert.match(await mainText(page), /You have 1 backup code left\. Make a new set now/);
      assert.equal(await page.locator('main a[href="/account/backup-codes"]').count(), 1);
      await check(page, 'backup-codes-left');
      // Said once: a reload goes on to the destination.
      await page.reload();
      assert.equal(pathOf(page), '/secret');
      await page.context().clearCookies();
      await page.close();
    });
  });
}
