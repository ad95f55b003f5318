/**
 * Codes by text message and e-mail in the demo site, in a real browser
 * (Debian's Chromium through playwright-core), as a newcomer tries them with
 * the development gateway: bob, who has no second factor, signs in with his
 * password, chooses "Text message" in the setup wizard, types a number, and
 * reads the code on the demo's outbox page in a second tab. He signs out and
 * in again: the code goes out with the password, and he reads it on the
 * outbox. "Send a new code" too early says when he may ask again; once the
 * cooldown is over a new code arrives, works, and the old one does not. Then
 * he adds e-mail as a second device and signs in with "Send a code to ..."
 * from the other ways.
 *
 * The demo runs in-process on 127.0.0.1 (random port) with a temporary data
 * directory and a manual clock, so the cooldown ends without waiting a
 * minute. Every code is read off the outbox page, as a person would. A
 * full-page screenshot of every page visited goes to
 * test-results/browser/side-channel-NN-<name>.png.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { mainText, navigate, pathOf, screenshot, useBrowserSuite, SCREENSHOT_DIR, type TestBrowser, BROWSER_TEST_TIMEOUT_MS } from '../support/browser.js';
import { startDemoStory, type DemoHost } from '../support/demo-host.js';

const USERNAME = 'bob';
/** A number from the range the US keeps for fiction, typed the way Americans write it (the demo's default region is US). */
const PHONE_TYPED = '201-555-0123';
/** How the outbox writes it: the full number, in international notation. */
const PHONE_SHOWN = '+1 201 555 0123';

interface Run extends DemoHost {
  readonly browser: TestBrowser;
  /** The tab where bob signs in. */
  readonly page: Page;
  /** The tab with the outbox, once opened from a link. */
  outbox: Page | null;
  readonly password: string;
  /** Screenshots taken, in order. */
  readonly shots: string[];
}

/** A full-page screenshot of `page` (default: the sign-in tab), numbered in the order of the run. */
async function shot(r: Run, name: string, page: Page = r.page): Promise<void> {
  const file = `side-channel-${String(r.shots.length + 1).padStart(2, '0')}-${name}`;
  await screenshot(page, file);
  r.shots.push(`${file}.png`);
}

/** From the home page: Sign in, then the password step. Lands wherever the site sends the user next. */
async function enterPassword(r: Run): Promise<void> {
  await r.page.goto(`${r.url}/`);
  await navigate(r.page, () => r.page.click('a[href="/login"]'));
  await r.page.fill('#tf-username', USERNAME);
  await r.page.fill('#tf-password', r.password);
  await navigate(r.page, () => r.page.click('button[value="verify"]'));
}

async function signOut(r: Run): Promise<void> {
  await r.page.goto(`${r.url}/logout`);
  await navigate(r.page, () => r.page.click('main form button[type="submit"]'));
  assert.match(await mainText(r.page), /You are not signed in/);
}

/** One message as the outbox shows it. */
interface ShownMessage {
  readonly heading: string;
  readonly body: string;
  /** The six-digit code in the body, as a person picks it out. */
  readonly code: string;
}

/**
 * Brings the outbox tab up to date: the first time by following the demo's
 * "outbox page" link on the current page (it opens a new tab), later by
 * reloading that tab. Returns the messages, newest first.
 */
async function readOutbox(r: Run, screenshotName: string): Promise<ShownMessage[]> {
  let outbox = r.outbox;
  if (outbox === null) {
    const [opened] = await Promise.all([r.page.context().waitForEvent('page'), r.page.click('.demo-dev-note a[href="/outbox"]')]);
    await opened.waitForLoadState('load');
    outbox = opened;
    r.outbox = opened;
  } else {
    await outbox.reload({ waitUntil: 'load' });
  }
  assert.equal(pathOf(outbox), '/outbox');
  assert.match(await outbox.locator('.demo-dev-banner').innerText(), /^Development only\./);
  await shot(r, screenshotName, outbox);
  const items = await outbox.locator('.demo-message').all();
  const messages: ShownMessage[] = [];
  for (const item of items) {
    const heading = await item.locator('h2').innerText();
    const body = await item.locator('.demo-message-body').innerText();
    const code = /\b(\d{6})\b/.exec(body)?.[1] ?? '';
    messages.push({ heading, body, code });
  }
  // Back to the sign-in tab, as a person would after reading the code.
  await r.page.bringToFront();
  return messages;
}

/** The newest message, which must be new since `before` messages were seen and go to `heading`. */
function newest(messages: readonly ShownMessage[], before: number, heading: string): ShownMessage {
  assert.equal(messages.length, before + 1, `one new message in the outbox (${messages.map((m) => m.heading).join(', ')})`);
  const message = messages[0]!;
  assert.equal(message.heading, heading);
  assert.match(message.code, /^\d{6}$/, `a code in ${JSON.stringify(message.body)}`);
  return message;
}

/** Types a code into the sign-in tab's code field and presses `button`. */
async function enterCode(r: Run, code: string, button = 'button[value="verify"]'): Promise<void> {
  await r.page.fill('#tf-token', code);
  await navigate(r.page, () => r.page.click(button));
}

describe('codes by text message and e-mail in Chromium: bob tries them with the demo\'s outbox', () => {
  const suite = useBrowserSuite({
    startHost: () => startDemoStory<{ outbox: Page | null; readonly shots: string[] }>('twofold-side-channel-', USERNAME, { outbox: null, shots: [] }, Date.UTC(2026, 4, 4, 10, 0, 0)),
    screenshotPrefix: 'side-channel-',
    afterAll: ({ host }) => console.log(`side-channel screenshots in ${SCREENSHOT_DIR}:\n  ${host.shots.join('\n  ')}`),
  });
  /** The story so far: the same object in every test (the outbox tab stays open from one to the next). */
  function started(t: TestContext): Run | null {
    const run = suite.started(t);
    return run === null ? null : Object.assign(run.host, { browser: run.browser, page: run.page });
  }

  it('sets up codes by text message, reading the first code on the outbox page in a second tab', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const { page } = r;
    await enterPassword(r);
    assert.equal(pathOf(page), '/', 'no code asked: bob has no second factor yet');
    assert.match(await mainText(page), /Signed in as bob\. Not verified/);
    assert.equal(await page.locator('a[href="/outbox"]').count(), 1, 'the home page links to the outbox');
    await shot(r, 'home-password-only');

    await navigate(page, () => page.click('a[href="/setup"]'));
    await shot(r, 'setup-welcome');
    await page.getByRole('radio', { name: /^Text message/ }).check();
    await navigate(page, () => page.click('button[value="start"]'));
    assert.equal(pathOf(page), '/setup');
    assert.equal(await page.getByRole('radio', { name: /^Text message/ }).isChecked(), true);
    assert.equal(await page.locator('#tf-number').getAttribute('autocomplete'), 'tel');
    await shot(r, 'setup-number');

    await page.fill('#tf-number', PHONE_TYPED);
    await navigate(page, () => page.click('button[value="send"]'));
    assert.match(await mainText(page), /We sent a text message with a code to \+1 ••• ••• ••23\./);
    await shot(r, 'setup-code');

    const messages = await readOutbox(r, 'outbox-setup');
    const message = newest(messages, 0, `Text message to ${PHONE_SHOWN}`);
    // On a phone-sized screen the outbox must not scroll sideways.
    const outbox = r.outbox!;
    await outbox.setViewportSize({ width: 390, height: 844 });
    const width = await outbox.evaluate('document.documentElement.scrollWidth');
    assert.ok(typeof width === 'number' && width <= 390, `the outbox fits a phone (${String(width)} px)`);
    await shot(r, 'outbox-phone', outbox);
    await outbox.setViewportSize({ width: 1024, height: 800 });

    await enterCode(r, message.code, 'button[value="confirm"]');
    assert.equal(pathOf(page), '/setup/done');
    assert.match(await page.locator('h1').innerText(), /Two-factor authentication is on/);
    await shot(r, 'setup-done');
    await navigate(page, () => page.click('main a.tf-button-secondary'));
    assert.equal(pathOf(page), '/profile');
    assert.match(await mainText(page), /Phone ending in 23/);
    // The number is the primary device, and still listed where codes can go (issue 11, item 8).
    const phones = await page.locator('section.tf-account-phones').innerText();
    assert.match(phones, /Backup phone numbers/);
    assert.match(phones, /Phone ending in 23/);
    assert.doesNotMatch(phones, /You have no backup phone number/);
    await shot(r, 'profile-sms');
  });

  it('signs in with the password and the code sent with it; a new code only after the cooldown, and only the new one works', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const { page } = r;
    await signOut(r);
    const seen = (await readOutbox(r, 'outbox-before-sign-in')).length;

    await enterPassword(r);
    assert.equal(pathOf(page), '/login', 'the site asks for a code');
    assert.match(await mainText(page), /We sent a text message with a code to \+1 ••• ••• ••23\./);
    await shot(r, 'login-code-sent');
    const first = newest(await readOutbox(r, 'outbox-sign-in'), seen, `Text message to ${PHONE_SHOWN}`);

    // Too early: the page says when a new code may be asked for, and sends nothing.
    await navigate(page, () => page.click('form.tf-token-step button[value="challenge"]'));
    const refused = await page.locator('[role="alert"]').innerText();
    assert.match(refused, /A code was sent a moment ago\. You can ask for a new one in 1 minute/);
    await shot(r, 'login-resend-too-early');
    assert.equal((await readOutbox(r, 'outbox-nothing-new')).length, seen + 1, 'no message sent');

    // The cooldown (60 s) is over: a new code goes out.
    r.clock.advance(60);
    await navigate(page, () => page.click('form.tf-token-step button[value="challenge"]'));
    assert.equal(await page.locator('[role="alert"]').count(), 0);
    assert.match(await mainText(page), /We sent a text message with a code to \+1 ••• ••• ••23\./);
    await shot(r, 'login-resent');
    const second = newest(await readOutbox(r, 'outbox-resent'), seen + 1, `Text message to ${PHONE_SHOWN}`);
    assert.notEqual(second.code, first.code);

    await enterCode(r, first.code);
    assert.equal(pathOf(page), '/login');
    assert.match(await page.locator('[role="alert"]').innerText(), /not accepted|wrong|used/i, 'the replaced code is refused');
    await shot(r, 'login-old-code-refused');
    // A wrong code backs off one second before the next one is looked at.
    r.clock.advance(2);
    await enterCode(r, second.code);
    assert.equal(pathOf(page), '/');
    assert.match(await mainText(page), /Signed in as bob\. Verified with the device “Phone ending in 23” \(phone\)/);
    await shot(r, 'home-verified-sms');
  });

  it('adds e-mail as a second device, and signs in with "Send a code to" the e-mail address from the other ways', { timeout: BROWSER_TEST_TIMEOUT_MS }, async (t) => {
    const r = started(t);
    if (r === null) return;
    const { page } = r;
    await navigate(page, () => page.click('a[href="/profile"]'));
    await navigate(page, () => page.click('main a[href="/setup"]'));
    await shot(r, 'setup-another-welcome');
    await page.getByRole('radio', { name: /^E-mail/ }).check();
    await navigate(page, () => page.click('button[value="start"]'));
    assert.equal(await page.locator('#tf-address').inputValue(), 'bob@example.com', 'the account\'s address is filled in');
    await shot(r, 'setup-email-address');
    await navigate(page, () => page.click('button[value="send"]'));
    assert.match(await mainText(page), /We sent an e-mail with a code to b•••@example\.com\./);
    await shot(r, 'setup-email-code');
    const shown = await readOutbox(r, 'outbox-email-setup');
    const seen = shown.length;
    const mail = shown[0]!;
    assert.equal(mail.heading, 'E-mail to bob@example.com');
    await enterCode(r, mail.code, 'button[value="confirm"]');
    assert.notEqual(pathOf(page), '/setup', 'the e-mail device is confirmed');
    await shot(r, 'setup-email-done');
    await navigate(page, () => page.click('a[href="/profile"]'));
    assert.match(await mainText(page), /E-mail b•••@example\.com/);
    await shot(r, 'profile-sms-and-email');

    await signOut(r);
    await enterPassword(r);
    const phoneCode = newest(await readOutbox(r, 'outbox-sign-in-phone'), seen, `Text message to ${PHONE_SHOWN}`);
    assert.match(phoneCode.body, /\d{6}/);
    const other = page.locator('.tf-other-methods button[value="challenge"]', { hasText: 'Send a code to E-mail b•••@example.com' });
    assert.equal(await other.count(), 1, 'the other ways offer the e-mail device');
    await shot(r, 'login-other-ways');
    await navigate(page, () => other.click());
    assert.match(await mainText(page), /We sent an e-mail with a code to b•••@example\.com\./);
    await shot(r, 'login-email-sent');
    const emailed = newest(await readOutbox(r, 'outbox-sign-in-email'), seen + 1, 'E-mail to bob@example.com');
    await enterCode(r, emailed.code);
    assert.equal(pathOf(page), '/');
    assert.match(await mainText(page), /Signed in as bob\. Verified with the device “E-mail b•••@example\.com” \(email\)/);
    await shot(r, 'home-verified-email');
  });
});
