/**
 * Step-up in a real browser (Debian's Chromium through playwright-core), on
 * the demo site with a manual clock: alice, signed in with her password and
 * a TOTP code, opens the dashboard 16 minutes later and is let through (any
 * second factor within 12 hours); the e-mail page needs the password and a
 * code within 15 minutes, so she lands on the step-up page, gives the
 * password, then a code, and is back on the e-mail page. When the window
 * has passed again, sending the e-mail form is refused: the step-up page
 * says the form was not saved, and after the password and a code she is
 * back on the form and sends it again. The payment page names a security
 * key, which she does not have: the page says so and offers nothing else.
 * Lock drops the elevation: the dashboard asks again. axe-core finds
 * nothing serious or critical on any step-up page; screenshots go to
 * test-results/browser/step-up-NN-<name>.png.
 *
 * (The security-key ceremony on the step-up page is tested with the
 * WebAuthn pages, which are built separately.)
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { addTotp, totpCode } from '../express/support.js';
import { seriousViolations } from '../support/axe.js';
import { mainText, navigate, pathOf, screenshot, useBrowserSuite, type TestBrowser, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';
import { startDemoHost, type DemoHost } from '../support/demo-host.js';

const SEED = 51;
const ALICE_PASSWORD = 'alice-demo-password';
const RESUBMIT = 'What you sent was not saved. Once you have confirmed it is you, you will be back on the page: submit the form again.';

interface Run extends DemoHost {
  readonly browser: TestBrowser;
  readonly page: Page;
}

/** The demo with alice's authenticator app added. */
async function startHost(): Promise<DemoHost> {
  const host = await startDemoHost('twofold-step-up-browser-');
  try {
    const alice = await host.demo.users.verifyPassword('alice', ALICE_PASSWORD);
    assert.ok(alice !== null);
    await addTotp(host.demo.twofold, alice.id, 'Alice phone', SEED);
    return host;
  } catch (error) {
    await host.close();
    throw error;
  }
}

/** A full-page screenshot and an axe check of the page as it is now. */
async function check(page: Page, name: string): Promise<void> {
  await screenshot(page, `step-up-${name}`);
  assert.deepEqual(await seriousViolations(page), [], `axe on ${name}`);
}

/** On the step-up page: the password, then (on the page it comes back to) a code. */
async function stepUp(s: Run, shot: string): Promise<void> {
  assert.equal(pathOf(s.page), '/step-up');
  assert.equal(await s.page.locator('#tf-token').count(), 0, 'the password first, alone');
  await s.page.fill('#tf-password', ALICE_PASSWORD);
  await navigate(s.page, () => s.page.click('button[value="password"]'));
  assert.equal(pathOf(s.page), '/step-up', 'a code is still missing');
  assert.equal(await s.page.locator('#tf-password').count(), 0, 'the password is not asked twice');
  await check(s.page, `${shot}-code`);
  await s.page.fill('#tf-token', totpCode(s.clock, SEED));
  await navigate(s.page, () => s.page.click('button[value="verify"]'));
}

describe('step-up in Chromium', () => {
  const suite = useBrowserSuite({ startHost });
  function run(t: TestContext): Run | null {
    const started = suite.started(t);
    return started === null ? null : { ...started.host, browser: started.browser, page: started.page };
  }

  it('asks for what each page needs, only that, and brings alice back', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const s = run(t);
    if (s === null) return;
    const { page, url, clock } = s;

    await page.goto(`${url}/login?next=%2F`);
    await page.fill('#tf-username', 'alice');
    await page.fill('#tf-password', ALICE_PASSWORD);
    await navigate(page, () => page.click('button[value="verify"]'));
    await page.fill('#tf-token', totpCode(clock, SEED));
    await navigate(page, () => page.click('button[value="verify"]'));
    assert.equal(pathOf(page), '/');

    clock.advance(16 * 60);
    await page.goto(`${url}/dashboard`);
    assert.equal(pathOf(page), '/dashboard', 'the code of the sign-in counts for 12 hours');
    await check(page, '01-dashboard');

    await page.goto(`${url}/email`);
    assert.equal(pathOf(page), '/step-up');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/email');
    const asked = await mainText(page);
    assert.match(asked, /Your password, entered in the last 15 minutes\./);
    assert.match(asked, /A code from one of these devices, entered in the last 15 minutes: Alice phone\./);
    await check(page, '02-password');
    await stepUp(s, '03');
    assert.equal(pathOf(page), '/email', 'back on the page asked for');
    await check(page, '04-email');

    // The window passes while the form is open: sending it is refused, and said so.
    clock.advance(16 * 60);
    await page.fill('#demo-email', 'alice@example.org');
    await navigate(page, () => page.click('main form button[type="submit"]'));
    assert.equal(pathOf(page), '/step-up');
    assert.match(await mainText(page), new RegExp(RESUBMIT.replace(/[.:]/g, '\\$&')));
    await check(page, '05-resubmit');
    await stepUp(s, '06');
    assert.equal(pathOf(page), '/email', 'back on the form');
    await page.fill('#demo-email', 'alice@example.org');
    await navigate(page, () => page.click('main form button[type="submit"]'));
    assert.match(await mainText(page), /Saved: your address is now alice@example\.org/);

    await page.goto(`${url}/payments`);
    assert.equal(pathOf(page), '/step-up');
    const key = await mainText(page);
    assert.match(key, /None of your devices can confirm this/);
    assert.equal(await page.locator('#tf-token').count(), 0, 'an authenticator app is not offered for a security key');
    assert.equal(await page.locator('#tf-password').count(), 0, 'nor the password');
    await check(page, '07-security-key');

    await page.goto(`${url}/profile`);
    await navigate(page, () => page.click('main form[action="/step-up/lock"] button'));
    assert.equal(pathOf(page), '/');
    await page.goto(`${url}/dashboard`);
    assert.notEqual(pathOf(page), '/dashboard', 'locked: the dashboard asks again');
    await check(page, '08-after-lock');
  });
});
