/**
 * Issue #11, items 10 and 11, in Chromium at 360 px and 1280 px: a user
 * whose account name has a colon (`carol:admin` as a username, and
 * `github:12345` as the name the host gives the authenticator app) sets up
 * an authenticator app through the pages; the QR code loads (no 500), a QR
 * decoder (jsQR, in the page) reads an `otpauth://` URI from it with the
 * name cleaned and the same key as the page shows, and a code from that key
 * turns two-factor authentication on. A PNG of a long URI is drawn with
 * whole pixels per module, grows with the code's version, and decodes.
 * The profile's dates, written by the server in UTC, are rewritten by the
 * page script in the reader's zone (a browser in Tokyo).
 * axe-core finds nothing serious or critical on each page; screenshots go
 * to test-results/browser/names-<width>-<name>.png.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page, Response } from 'playwright-core';
import { qrCodePng, MIN_PNG_MODULE_PIXELS } from '../../src/core/qr.js';
import { decodeBase32, generateTOTP, parseOtpauthURI } from '../../src/oath/index.js';
import { startCodeHost, type CodeHost } from '../flows/account/code-support.js';
import { addTotp, totpCode, user } from '../express/support.js';
import { ACCOUNT_DATE_FORMAT } from '../../src/flows/account/options.js';
import { navigate, pathOf, screenshot, useBrowserSuite } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

const JSQR_SOURCE = readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');
const WIDTHS = [360, 1280] as const;

/** Decodes the QR code in the image at `src` (same origin, or a data URL) in the page, drawn `size` px wide (natural size when null). */
async function decodeQr(page: Page, src: string, size: number | null): Promise<{ text: string | null; width: number; height: number }> {
  if (!(await page.evaluate('typeof jsQR === "function"'))) await page.evaluate(JSQR_SOURCE);
  // A string, run in the page (no DOM types in this project's compiler settings).
  return page.evaluate<{ text: string | null; width: number; height: number }>(`new Promise((resolve, reject) => {
    const image = new Image();
    image.onerror = () => reject(new Error('the image did not load'));
    image.onload = () => {
      const width = ${size === null ? 'image.naturalWidth' : String(size)};
      const height = ${size === null ? 'image.naturalHeight' : String(size)};
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, width, height);
      context.imageSmoothingEnabled = false;
      context.drawImage(image, 0, 0, width, height);
      const pixels = context.getImageData(0, 0, width, height);
      const found = jsQR(pixels.data, width, height);
      resolve({ text: found === null ? null : found.data, width: image.naturalWidth, height: image.naturalHeight });
    };
    image.src = ${JSON.stringify(src)};
  })`);
}

/** No sideways scroll and nothing serious for axe, at each width; a screenshot at each. */
async function checkPage(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
    assert.ok(scrollWidth <= innerWidth, `${name} at ${width} px scrolls sideways: ${scrollWidth} > ${innerWidth}`);
    assert.deepEqual(await seriousViolations(page), [], `${name} at ${width} px`);
    await screenshot(page, `names-${width}-${name}`);
  }
}

/** The width and height in a PNG's header. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('account names with a colon and long URIs, in a browser', () => {
  const suite = useBrowserSuite<CodeHost>({
    startHost: () =>
      startCodeHost({
        twofold: {
          // carol signs in with an id-like name from an identity provider; carol:admin with her own username.
          account: { issuer: 'Example Site', accountName: (person) => (person.username === 'carol' ? 'github:12345' : (person.username ?? person.id)) },
        },
      }),
  });

  for (const [username, shown] of [
    ['carol:admin', 'carol-admin'],
    ['carol', 'github-12345'],
  ] as const) {
    it(`sets up an authenticator app for ${username}: the QR code decodes to a URI naming ${shown}, and its key turns 2FA on`, { timeout: suite.testTimeoutMs }, async (t) => {
      const run = suite.started(t);
      if (run === null) return;
      const { host, page } = run;
      const account = user(username);
      // Nothing the pages load fails: no 500 from the QR code, no 404 for /favicon.ico (issue 11, items 10 and 12).
      const failed: string[] = [];
      const watch = (response: Response): void => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      };
      page.on('response', watch);
      const login = await page.request.post(`${host.url}/host-login`, { form: { username: account.username, password: account.password } });
      assert.equal(login.status(), 200);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${host.url}/account/setup`);
      await checkPage(page, `${shown}-welcome`);
      await page.getByLabel('Authenticator app').check();
      await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click());
      assert.equal(pathOf(page), '/account/setup');

      // The QR code loads: no 500 for a name with a colon.
      const qr = await page.request.get(`${host.url}/account/setup/qr.svg`);
      assert.equal(qr.status(), 200, await qr.text());
      const shownQr = await page.evaluate<{ complete: boolean; width: number }>(`(() => { const image = document.querySelector('img.tf-account-qr'); return { complete: image.complete, width: image.naturalWidth }; })()`);
      assert.ok(shownQr.complete && shownQr.width > 0, 'the QR image is drawn on the page');
      await checkPage(page, `${shown}-key`);

      // What a phone's camera reads from it.
      const decoded = await decodeQr(page, '/account/setup/qr.svg', 400);
      assert.ok(decoded.text !== null, 'the QR code decodes');
      const uri = parseOtpauthURI(decoded.text);
      assert.equal(uri.accountName, shown);
      assert.equal(uri.issuer, 'Example Site');
      const key = (await page.locator('#tf-key').innerText()).replace(/\s+/g, '');
      assert.deepEqual(uri.key, decodeBase32(key), 'the QR code holds the key the page shows');

      await page.getByLabel('Device name').fill('Phone');
      const code = generateTOTP(decodeBase32(key), { time: host.clock.now() / 1000 });
      await page.locator('#tf-token').fill(code);
      await navigate(page, () => page.getByRole('button', { name: 'Confirm and turn on' }).click());
      assert.match(await page.locator('h1').innerText(), /Two-factor authentication is on/);
      await checkPage(page, `${shown}-done`);
      page.off('response', watch);
      assert.deepEqual(failed, [], 'every request of the pages succeeded');
      const devices = await host.twofold.listDevices(account.id, { kind: 'totp' });
      assert.equal(devices.length, 1);
      await host.twofold.deleteUserDevices(account.id);
      await run.browser.context.clearCookies();
    });
  }

  it('draws a PNG of a long URI with whole pixels per module, larger than a short one, and both decode', { timeout: suite.testTimeoutMs }, async (t) => {
    const run = suite.started(t);
    if (run === null) return;
    const { host, page } = run;
    await page.goto(`${host.url}/account/login`);
    const short = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example';
    const long = `otpauth://totp/${encodeURIComponent('A very long issuer name, Incorporated')}:${'someone.with.a.long.address'.repeat(3)}%40example.com?secret=${'JBSWY3DPEHPK3PXP'.repeat(4)}&issuer=${encodeURIComponent('A very long issuer name, Incorporated')}&image=${encodeURIComponent(`https://example.com/${'logo/'.repeat(40)}logo.png`)}`;
    const sizes: number[] = [];
    for (const uri of [short, long]) {
      const png = await qrCodePng(uri);
      const { width, height } = pngSize(png);
      assert.equal(width, height);
      assert.ok(width >= 256, `at least the default width: ${width}`);
      // The module count of the code's version with its quiet zone divides the width: whole pixels per module, at least the minimum.
      const version = [...Array(40).keys()].map((index) => index + 1).find((candidate) => width % (17 + 4 * candidate + 8) === 0 && width / (17 + 4 * candidate + 8) >= MIN_PNG_MODULE_PIXELS);
      assert.ok(version !== undefined, `whole pixels per module at ${width} px`);
      const decoded = await decodeQr(page, `data:image/png;base64,${Buffer.from(png).toString('base64')}`, null);
      assert.equal(decoded.width, width);
      assert.equal(decoded.text, uri, `the PNG of ${uri.length} characters decodes`);
      sizes.push(width);
    }
    assert.ok(sizes[1]! > sizes[0]!, `the long URI's PNG is larger (${sizes.join(' < ')} px)`);
  });
});

describe('dates on the profile in the reader\'s time zone, in a browser in Tokyo', () => {
  const suite = useBrowserSuite<CodeHost>({
    timezoneId: 'Asia/Tokyo',
    startHost: () => startCodeHost({ twofold: { rememberCookieAge: 30 * 86_400, passwordFingerprint: () => 'same' } }),
  });

  it('rewrites the dates of devices and remembered browsers from the server\'s UTC into the reader\'s zone, named', { timeout: suite.testTimeoutMs }, async (t) => {
    const run = suite.started(t);
    if (run === null) return;
    const { host, page } = run;
    const alice = user('alice');
    await addTotp(host.twofold, alice.id, 'Phone', 91);
    host.clock.advance(30);
    // Through the pages: the password, then the code with "Remember this browser" ticked.
    await page.goto(`${host.url}/account/login`);
    await page.fill('#tf-username', alice.username);
    await page.fill('#tf-password', alice.password);
    await navigate(page, () => page.click('button[value="verify"]'));
    await page.fill('#tf-token', totpCode(host.clock, 91));
    await page.check('#tf-remember');
    await navigate(page, () => page.click('button[value="verify"]'));
    await page.goto(`${host.url}/account/profile`);

    const dates = await page.evaluate<{ text: string; server: string; iso: string }[]>(
      `[...document.querySelectorAll('time[data-tf-date]')].map((time) => ({ text: time.textContent, server: time.getAttribute('data-tf-date'), iso: time.getAttribute('datetime') }))`,
    );
    const remembered = dates.filter((date) => /Remembered|Until/.test(date.text));
    assert.equal(remembered.length, 2, `the remembered browser's two dates: ${JSON.stringify(dates)}`);
    assert.ok(dates.some((date) => date.text.startsWith('Added')), 'the device\'s date too');
    for (const date of dates) {
      assert.match(date.server, /UTC$/, 'the server wrote UTC, named');
      const inTokyo = new Intl.DateTimeFormat('en-US', { ...ACCOUNT_DATE_FORMAT, timeZone: 'Asia/Tokyo' }).format(new Date(date.iso));
      assert.ok(date.text.includes(inTokyo), `${date.text} shows ${inTokyo}`);
      assert.doesNotMatch(date.text, /UTC/);
    }
    await checkPage(page, 'profile-tokyo');
    await host.twofold.deleteUserDevices(alice.id);
  });
});
