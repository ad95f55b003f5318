/**
 * The pages as people expect them (issue 11), in Chromium: every page fits
 * 360 px and 1280 px in every shipped language with no sideways scroll
 * (`scrollWidth <= innerWidth`), axe-core finds nothing serious or critical,
 * the copy and print buttons appear and copy, "Open in authenticator app"
 * shows on a narrow screen only, and "Send a new code" counts down and
 * enables itself (Playwright's clock stands in for a minute of waiting).
 *
 * The hosts are the account pages' test host (totp, backup codes, phone and
 * e-mail through the development gateway) and the admin's; screenshots of
 * every page at 360 px go to test-results/browser/polish-<lang>-<page>.png.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { addTotp, totpCode, user } from '../express/support.js';
import { startAdminHost, type AdminHost } from '../express/admin-harness.js';
import { startCodeHost, type CodeHost } from '../flows/account/code-support.js';
import { issueBackupCodes } from '../../src/devices/backup-codes/index.js';
import { screenshot, useBrowserSuite, BROWSER_TEST_TIMEOUT_MS, type TestBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';
const LANGUAGES = ['en', 'nl', 'de', 'fr', 'es', 'pt-BR'] as const;
const WIDTHS = [360, 1280] as const;

interface Run {
  readonly host: CodeHost;
  readonly admin: AdminHost;
  readonly browser: TestBrowser;
  readonly page: Page;
}

/** The account pages' host and the admin's, started and stopped together. */
async function startHosts(): Promise<Pick<Run, 'host' | 'admin'> & { close(): Promise<void> }> {
  const host = await startCodeHost({
    phone: { allowedRegions: ['NL', 'BE'], budgets: [] },
    twofold: { rememberCookieAge: 30 * 86_400, passwordFingerprint: () => 'same', account: { issuer: 'Example Site', userEmail: () => 'someone@example.com' } },
  });
  try {
    const admin = await startAdminHost();
    return {
      host,
      admin,
      async close() {
        try {
          await host.close();
        } finally {
          await admin.close();
        }
      },
    };
  } catch (error) {
    await host.close();
    throw error;
  }
}

/** The hidden CSRF field of the page at `url`, read in the browser's session. */
async function csrfAt(page: Page, url: string): Promise<string> {
  const text = await (await page.request.get(url)).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
  assert.ok(token !== undefined, `a CSRF field on ${url}`);
  return token;
}

/** Signs `username` in with the host's own login, then confirms with the app's code: a verified session in the browser. */
async function signInVerified(r: Run, username: string, seed: number, device?: string): Promise<void> {
  const account = user(username);
  const login = await r.page.request.post(`${r.host.url}/host-login`, { form: { username: account.username, password: account.password } });
  assert.equal(login.status(), 200);
  r.host.clock.advance(30);
  const reauth = `${r.host.url}/account/reauthenticate`;
  const confirmed = await r.page.request.post(reauth, { form: { _csrf: await csrfAt(r.page, reauth), token: totpCode(r.host.clock, seed), ...(device === undefined ? {} : { device }) }, maxRedirects: 0 });
  assert.equal(confirmed.status(), 303);
}

/** Signs `username` in with the host's own login and starts a setup by `method`; returns the setup page's URL. */
async function startSetup(r: Run, username: string, method: string): Promise<string> {
  const account = user(username);
  await r.page.request.post(`${r.host.url}/host-login`, { form: { username: account.username, password: account.password } });
  const setup = `${r.host.url}/account/setup`;
  const start = await r.page.request.post(setup, { form: { _csrf: await csrfAt(r.page, setup), action: 'start', method }, maxRedirects: 0 });
  assert.equal(start.status(), 303);
  return setup;
}

/** Makes every request of the tab ask for `language` (the context's own locale would otherwise win over an extra header). */
async function speak(page: Page, language: string): Promise<void> {
  await page.unroute('**/*');
  await page.route('**/*', (route) => route.continue({ headers: { ...route.request().headers(), 'accept-language': language } }));
}

/** Opens `url` in `language` at each width: no sideways scroll, nothing serious for axe; a screenshot at 360 px. */
async function check(r: Run, url: string, language: string, name: string): Promise<void> {
  await speak(r.page, language);
  for (const width of WIDTHS) {
    await r.page.setViewportSize({ width, height: 800 });
    const response = await r.page.goto(url);
    assert.ok(response !== null && response.status() < 500, `${name} (${language}) loads`);
    assert.equal(await r.page.evaluate<string>('document.documentElement.lang'), language, `${name} is in ${language}`);
    const { scrollWidth, innerWidth } = await r.page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );
    if (width === 360) await screenshot(r.page, `polish-${language}-${name}`);
    assert.ok(scrollWidth <= innerWidth, `${name} in ${language} at ${width} px scrolls sideways: ${scrollWidth} > ${innerWidth}`);
    // Nor does anything stick out of its box inside the card (a long Dutch word in a heading did).
    const overflowing = await r.page.evaluate<string[]>(`[...document.querySelectorAll('main *')]
      .filter((element) => element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === 'visible')
      // Inside a box that clips or scrolls on purpose (a visually hidden table head, a scrolling wrapper) overflow is meant.
      .filter((element) => { for (let box = element.parentElement; box && box.tagName !== 'MAIN'; box = box.parentElement) if (getComputedStyle(box).overflowX !== 'visible') return false; return true; })
      .map((element) => element.tagName.toLowerCase() + (element.className ? '.' + element.className : '') + ': ' + (element.textContent || '').trim().slice(0, 40))`);
    assert.deepEqual(overflowing, [], `${name} in ${language} at ${width} px`);
    assert.deepEqual(await seriousViolations(r.page), [], `${name} in ${language} at ${width} px`);
  }
}

describe('the pages in a browser: 360 px, every language, axe, copy, print and countdowns', () => {
  const suite = useBrowserSuite({ startHost: startHosts, viewport: { width: 1280, height: 800 } });
  function started(t: TestContext): Run | null {
    const run = suite.started(t);
    return run === null ? null : { host: run.host.host, admin: run.host.admin, browser: run.browser, page: run.page };
  }

  it('fits every account page in every language, at 360 px and 1280 px, with no serious axe finding', { timeout: BROWSER_TEST_TIMEOUT_MS * 3 }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const alice = user('alice').id;
    const app = await addTotp(r.host.twofold, alice, 'Authenticator app on my phone', 81);
    const phone = await r.host.twofold.createDevice({ userId: alice, kind: 'phone', name: 'Telefoonnummer eindigend op 78', options: { number: '+31 6 12345678', method: 'sms' } });
    await issueBackupCodes(r.host.twofold, alice);
    await r.browser.context.clearCookies();
    for (const language of LANGUAGES) await check(r, `${r.host.url}/account/login`, language, 'login');
    await signInVerified(r, 'alice', 81, app.persistentId);
    const pages: [string, string][] = [
      ['profile', '/account/profile'],
      ['setup', '/account/setup'],
      ['add-phone', '/account/setup?method=sms'],
      ['add-email', '/account/setup?method=email'],
      ['backup-codes', '/account/backup-codes'],
      ['rename', `/account/devices/rename?device=${encodeURIComponent(app.persistentId)}`],
      ['remove', `/account/devices/remove?device=${encodeURIComponent(phone.persistentId)}`],
      ['disable', '/account/disable'],
      ['reauthenticate', '/account/reauthenticate'],
    ];
    for (const language of LANGUAGES) {
      for (const [name, path] of pages) await check(r, `${r.host.url}${path}`, language, name);
    }
    await r.host.twofold.deleteUserDevices(alice);
    await r.browser.context.clearCookies();
  });

  it('copies the setup key, shows "Open in authenticator app" on a narrow screen only, and fits the key step everywhere', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const setup = await startSetup(r, 'carol', 'totp');
    for (const language of LANGUAGES) await check(r, setup, language, 'setup-key');

    await speak(r.page, 'en');
    await r.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: r.host.url });
    await r.page.setViewportSize({ width: 1280, height: 800 });
    await r.page.goto(setup);
    const key = (await r.page.locator('#tf-key').innerText()).replace(/\s+/g, '');
    assert.match(key, /^[A-Z2-7]{32}$/);
    assert.equal(await r.page.locator('a.tf-account-open-app').isVisible(), false, 'no "open in app" on a wide screen');
    await r.page.getByRole('button', { name: 'Copy key' }).click();
    await r.page.locator('[data-tf-copy-status]', { hasText: 'Copied.' }).waitFor();
    assert.equal(await r.page.evaluate('navigator.clipboard.readText()'), key);
    await screenshot(r.page, 'polish-copy-key-1280');
    await r.page.setViewportSize({ width: 360, height: 800 });
    assert.equal(await r.page.locator('a.tf-account-open-app').isVisible(), true, '"Open in authenticator app" on a phone');
    await r.browser.context.clearCookies();
  });

  it('shows copy and print next to new backup codes, and copies them one per line', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const bob = user('bob').id;
    await addTotp(r.host.twofold, bob, 'Phone', 82);
    await signInVerified(r, 'bob', 82);
    await speak(r.page, 'en');
    await r.page.setViewportSize({ width: 360, height: 800 });
    await r.page.goto(`${r.host.url}/account/backup-codes`);
    await Promise.all([r.page.waitForLoadState('load'), r.page.locator('main form button[type="submit"]').first().click()]);
    await r.page.locator('#tf-codes').waitFor();
    assert.equal(await r.page.getByRole('button', { name: 'Print' }).isVisible(), true);
    await r.page.getByRole('button', { name: 'Copy codes' }).click();
    await r.page.locator('[data-tf-copy-status]', { hasText: 'Copied.' }).waitFor();
    const codes = (await r.page.locator('#tf-codes code').allInnerTexts()).map((code) => code.trim());
    assert.equal(codes.length, 10);
    assert.equal(await r.page.evaluate('navigator.clipboard.readText()'), `${codes.join('\n')}\n`);
    const { scrollWidth, innerWidth } = await r.page.evaluate<{ scrollWidth: number; innerWidth: number }>('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
    assert.ok(scrollWidth <= innerWidth);
    assert.deepEqual(await seriousViolations(r.page), []);
    await screenshot(r.page, 'polish-backup-codes-issued-360');
    await r.host.twofold.deleteUserDevices(bob);
    await r.browser.context.clearCookies();
  });

  it('fits the sign-in code step, with its other ways, in every language', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const bob = user('bob');
    await addTotp(r.host.twofold, bob.id, 'Authenticator app', 83);
    r.host.clock.advance(1);
    await r.host.twofold.createDevice({ userId: bob.id, kind: 'phone', name: 'Phone ending in 99', options: { number: '+31 6 12345699', method: 'sms' } });
    await issueBackupCodes(r.host.twofold, bob.id);
    const login = `${r.host.url}/account/login`;
    const step = await r.page.request.post(login, { form: { _csrf: await csrfAt(r.page, login), username: bob.username, password: bob.password } });
    assert.ok(step.status() < 400, `password step: ${step.status()}`);
    for (const language of LANGUAGES) await check(r, login, language, 'login-code');
    assert.match(await r.page.locator('main').innerText(), /Phone ending in 99/, 'the other ways are on the page');
    await r.host.twofold.deleteUserDevices(bob.id);
    await r.browser.context.clearCookies();
  });

  it('fits the admin pages on a phone in every language: device rows stack as labelled cards', { timeout: BROWSER_TEST_TIMEOUT_MS * 2 }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const staff = await r.admin.signInVerified('sam');
    const origin = new URL(r.admin.url);
    await r.browser.context.addCookies([...staff.cookies()].map(([name, value]) => ({ name, value, domain: origin.hostname, path: '/' })));
    for (const language of LANGUAGES) {
      await check(r, `${r.admin.url}/admin/`, language, 'admin-index');
      await check(r, `${r.admin.url}/admin/user?id=u1`, language, 'admin-user');
    }
    await r.page.setViewportSize({ width: 360, height: 800 });
    await r.page.goto(`${r.admin.url}/admin/user?id=u1`);
    const label = await r.page.evaluate<string>(`getComputedStyle(document.querySelector('.tf-table-stack td'), '::before').content`);
    assert.notEqual(label, 'none', 'each cell names its column on a phone');
    await r.browser.context.clearCookies();
  });

  it('counts "Send a new code" down and enables it when allowed, with no reload', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const setup = await startSetup(r, 'carol:admin', 'sms');
    const sent = await r.page.request.post(setup, { form: { _csrf: await csrfAt(r.page, setup), action: 'send', method: 'sms', number: '06 87654321' }, maxRedirects: 0 });
    assert.equal(sent.status(), 303);
    for (const language of LANGUAGES) await check(r, setup, language, 'setup-code');

    await speak(r.page, 'en');
    // The page's clock starts behind the server's and is then stopped exactly at it: a loaded machine's slow
    // navigation would otherwise move the countdown on by real seconds before it is read.
    await r.page.clock.install({ time: r.host.clock.now() - 30_000 });
    await r.page.goto(setup);
    await r.page.clock.pauseAt(r.host.clock.now());
    const hint = r.page.locator('#tf-resend-hint');
    const button = r.page.locator('#tf-resend');
    assert.match(await hint.innerText(), /You can ask for a new code in 1 minute \(\d\d:\d\d:\d\d UTC\)/);
    assert.equal(await button.isDisabled(), true, 'disabled during the cooldown');
    await r.page.clock.runFor(32_000);
    assert.match(await hint.innerText(), /in 2\d seconds/);
    assert.equal(await button.isDisabled(), true);
    await r.page.clock.runFor(31_000);
    assert.equal(await hint.innerText(), 'Nothing arrived? You can ask for a new code now.');
    assert.equal(await button.isDisabled(), false, 'enabled at the end of the cooldown');
    await screenshot(r.page, 'polish-resend-ready');
    await r.browser.context.clearCookies();
  });

});
