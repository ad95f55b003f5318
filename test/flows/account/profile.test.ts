import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { addTotp, csrfOf, startHost, totpCode, user, type Host } from '../../express/support.js';
import { issueBackupCodes } from '../../../src/devices/backup-codes/index.js';
import { primaryDevice, setPrimaryDevice } from '../../../src/flows/shared/primary.js';
import type { WebEvents } from '../../../src/flows/shared/events.js';
import type { Device } from '../../../src/core/types.js';
import { accountErrors, accountNotices, reauthenticate, signIn, SESSION_COOKIE } from './support.js';

const alice = user('alice').id;
const bob = user('bob').id;
const DAY = 86_400_000;

async function rememberBrowser(host: Host, userId: string, device: Device, userAgent: string): Promise<string> {
  const id = randomBytes(16).toString('base64url');
  const now = host.clock.now();
  await host.twofold.store.insertRememberedBrowser({
    id,
    userId,
    deviceId: device.id,
    tokenHash: randomBytes(32).toString('base64url'),
    passwordHash: randomBytes(32).toString('base64url'),
    createdAt: now,
    expiresAt: now + 30 * DAY,
    lastUsedAt: null,
    userAgent,
  });
  return id;
}

describe('profile and disable', () => {
  let host: Host;
  const disabled: WebEvents['twoFactorDisabled'][] = [];
  before(async () => {
    host = await startHost({ twofold: { rememberCookieAge: 30 * 86_400, passwordFingerprint: () => 'same-password' } });
    host.otp.config.events.on('twoFactorDisabled', (event) => {
      disabled.push(event);
    });
  });
  after(async () => {
    await host.close();
  });

  async function verified(username: string, seed: number, device?: string) {
    const b = await signIn(host, username);
    host.clock.advance(30);
    const answer = await reauthenticate(b, totpCode(host.clock, seed), device === undefined ? {} : { device });
    assert.equal(answer.status, 303, answer.text);
    return b;
  }

  it('shows a user without 2FA that it is off, with the way to turn it on', async () => {
    const b = await signIn(host, 'carol');
    const page = await b.get('/account/profile');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.match(page.text, /Two-factor authentication is off\./);
    assert.match(page.text, /<a class="tf-button" href="\/account\/setup">Set up two-factor authentication<\/a>/);
    assert.doesNotMatch(page.text, /Your devices/);
    const disable = await b.get('/account/disable');
    assert.equal(disable.status, 303);
    assert.equal(disable.location, '/account/profile', 'nothing to turn off');
  });

  it('lists everything: status, primary method, each device with kind, dates and actions, backup codes left, remembered browsers', async () => {
    const first = await addTotp(host.twofold, alice, 'Phone <one>', 1);
    host.clock.advance(60);
    const second = await addTotp(host.twofold, alice, 'Tablet', 3);
    await setPrimaryDevice(host.twofold, alice, second.persistentId);
    const { codes } = await issueBackupCodes(host.twofold, alice);
    const browserId = await rememberBrowser(host, alice, first, 'Firefox <on> Linux');
    await addTotp(host.twofold, bob, 'Bob phone', 2);
    const bobBrowser = await rememberBrowser(host, bob, (await host.twofold.listDevices(bob))[0]!, 'Bob browser');

    const b = await verified('alice', 3);
    // One backup code used: the count follows.
    host.clock.advance(30);
    const [codesDevice] = await host.twofold.listDevices(alice, { kind: 'backup-codes' });
    assert.equal((await host.twofold.verifyToken(alice, codesDevice!.persistentId, codes[0]!)).ok, true);

    const page = await b.get('/account/profile');
    assert.equal(page.status, 200);
    const text = page.text;
    assert.match(text, /Two-factor authentication is on/);
    assert.match(text, /Sign-in asks first for a code from Tablet\./);
    // Primary first, then the others; names escaped; kinds in words; dates; last use.
    const names = [...text.matchAll(/<span class="tf-account-device-name">([^<]*)<\/span>/g)].map((m) => m[1]);
    assert.deepEqual(names.slice(0, 2), ['Tablet', 'Phone &lt;one&gt;']);
    // Each date carries the text the page script rewrites in the reader's own time zone.
    assert.match(text, /Authenticator app · <time datetime="2026-[^"]+" data-tf-date="[A-Z][a-z]{2} \d+, 2026, [^"]+ UTC">Added [A-Z][a-z]{2} \d+, 2026/);
    assert.match(text, /Not used yet/);
    assert.match(text, /<time datetime="[^"]+" data-tf-date="[^"]+">Last used /, 'the device used to verify shows its last use');
    assert.match(text, /You have 9 unused backup codes left\./);
    assert.doesNotMatch(text, /Bob phone/);
    // Links to every action.
    assert.match(text, new RegExp(`href="/account/devices/rename\\?device=${encodeURIComponent(first.persistentId)}"`));
    assert.match(text, new RegExp(`href="/account/devices/remove\\?device=${encodeURIComponent(first.persistentId)}"`));
    assert.match(text, new RegExp(`<input type="hidden" name="device" value="${first.persistentId}">\\n<button class="tf-button tf-button-link" type="submit">Make primary</button>`));
    assert.equal([...text.matchAll(/Make primary/g)].length, 1, 'not for the primary device');
    assert.match(text, /href="\/account\/setup">Add another device</);
    assert.match(text, /href="\/account\/backup-codes">Manage backup codes</);
    assert.match(text, /href="\/account\/disable">Turn off two-factor authentication</);
    // Remembered browsers, with their forget buttons (only the user's own).
    assert.match(text, /<h2>Remembered browsers<\/h2>/);
    assert.match(text, /Firefox &lt;on&gt; Linux/);
    assert.match(text, /Remembered [A-Z][a-z]{2} \d+, 2026, [^<]* with Phone &lt;one&gt;/);
    assert.match(text, new RegExp(`<input type="hidden" name="browser" value="${browserId}">`));
    assert.doesNotMatch(text, /Bob browser/);

    // Forgetting a remembered browser: CSRF, ownership, then gone.
    const forgetFields = { _csrf: csrfOf(page), browser: bobBrowser };
    assert.equal((await b.post('/account/remembered-browsers/forget', forgetFields)).status, 404);
    assert.notEqual(await host.twofold.store.getRememberedBrowser(bobBrowser), null);
    assert.equal((await b.post('/account/remembered-browsers/forget', { browser: browserId })).status, 403);
    const forgotten = await b.post('/account/remembered-browsers/forget', { _csrf: csrfOf(page), browser: browserId });
    assert.equal(forgotten.status, 303);
    assert.equal(await host.twofold.store.getRememberedBrowser(browserId), null);
    const after = await b.get('/account/profile');
    assert.deepEqual(accountNotices(after.text), ['That browser is forgotten: it will ask for a code at the next sign-in.']);
    assert.match(after.text, /No browser is remembered\./);
    await host.twofold.deleteUserDevices(alice);
    await host.twofold.deleteUserDevices(bob);
  });

  it('names remembered browsers in a few words, in the reader\u2019s language, with the full User-Agent as a tooltip', async () => {
    const phone = await addTotp(host.twofold, alice, 'Phone', 1);
    const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
    const linuxOnly = 'Mozilla/5.0 (X11; Linux x86_64) SomethingNew/1.0';
    for (const agent of [chrome, iphone, linuxOnly, 'curl/8.5.0', '']) {
      await rememberBrowser(host, alice, phone, agent);
      host.clock.advance(1);
    }
    const b = await verified('alice', 1);
    const labels = (text: string) => {
      const section = text.slice(text.indexOf('tf-account-remembered'));
      return [...section.matchAll(/<li class="tf-account-device">\n<span class="tf-account-device-name"(?: title="([^"]*)")?>([^<]*)<\/span>/g)].map((m) => [
        m[2],
        m[1] ?? null,
      ]);
    };
    assert.deepEqual(labels((await b.get('/account/profile')).text), [
      ['Chrome on Linux', chrome],
      ['Safari on iPhone', iphone],
      ['Unknown browser on Linux', linuxOnly],
      ['Unknown browser', 'curl/8.5.0'],
      ['Unknown browser', null],
    ]);
    const dutch = labels((await b.get('/account/profile', { 'accept-language': 'nl' })).text);
    assert.deepEqual(
      dutch.map(([label]) => label),
      ['Chrome op Linux', 'Safari op iPhone', 'Onbekende browser op Linux', 'Onbekende browser', 'Onbekende browser'],
    );
    await host.twofold.deleteUserDevices(alice);
  });

  it('turns 2FA off only with "Yes, I am sure": removes every device, the primary choice and remembered browsers, and rotates the session', async () => {
    const phone = await addTotp(host.twofold, alice, 'Phone', 1);
    host.clock.advance(1);
    await addTotp(host.twofold, alice, 'Tablet', 3);
    await issueBackupCodes(host.twofold, alice);
    await setPrimaryDevice(host.twofold, alice, phone.persistentId);
    const browserId = await rememberBrowser(host, alice, phone, 'Browser');
    const bobs = await addTotp(host.twofold, bob, 'Bob phone', 2);

    const b = await verified('alice', 1, phone.persistentId);
    const page = await b.get('/account/disable');
    assert.equal(page.status, 200);
    assert.match(page.text, /<input id="tf-understand" name="understand" type="checkbox" value="yes">/);
    assert.match(page.text, /<label class="tf-account-check" for="tf-understand">/);

    const unticked = await b.post('/account/disable', { _csrf: csrfOf(page) });
    assert.equal(unticked.status, 400);
    assert.deepEqual(accountErrors(unticked.text), ['Tick "Yes, I am sure" to turn off two-factor authentication. Nothing was changed.']);
    assert.match(unticked.text, /aria-invalid="true"/);
    assert.equal((await host.twofold.listDevices(alice)).length, 3);
    assert.equal((await b.post('/account/disable', { understand: 'yes' })).status, 403, 'CSRF token required');
    const crossSite = await b.post('/account/disable', { _csrf: csrfOf(page), understand: 'yes' }, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.status, 403);
    assert.equal((await host.twofold.listDevices(alice)).length, 3);

    disabled.length = 0;
    const before = b.cookie(SESSION_COOKIE);
    const done = await b.post('/account/disable', { _csrf: csrfOf(page), understand: 'yes' });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/account/profile');
    assert.notEqual(b.cookie(SESSION_COOKIE), before, 'the session id was rotated');
    assert.deepEqual(await host.twofold.listDevices(alice), []);
    assert.equal(await host.twofold.store.getUserPreferences(alice), null);
    assert.equal(await host.twofold.store.getRememberedBrowser(browserId), null);
    assert.notEqual(await host.twofold.getDevice(bob, bobs.persistentId), null, 'other users keep theirs');
    const whoami = JSON.parse((await b.get('/whoami')).text) as { user: string; verified: boolean; factors: unknown[] };
    assert.equal(whoami.user, alice, 'the host login stays');
    assert.equal(whoami.verified, false);
    assert.deepEqual(whoami.factors, []);
    const profile = await b.get('/account/profile');
    assert.deepEqual(accountNotices(profile.text), ['Two-factor authentication was turned off. Your devices and backup codes were removed.']);
    assert.equal(profile.text.split('Two-factor authentication is off.').length, 2, 'the status line says it, once: the notice does not repeat it');
    assert.equal(disabled.length, 1);
    assert.equal(disabled[0]!.removedDevices, 3);
    assert.equal(disabled[0]!.forgottenBrowsers, 1);
    await host.twofold.deleteUserDevices(bob);
  });

  it('asks for a recent code before turning 2FA off', async () => {
    await addTotp(host.twofold, alice, 'Phone', 1);
    const unverified = await signIn(host, 'alice');
    const refused = await unverified.get('/account/disable');
    assert.equal(refused.status, 303);
    assert.equal(refused.location, '/account/reauthenticate?next=%2Faccount%2Fdisable');
    const b = await verified('alice', 1);
    host.clock.advance(900);
    const page = await b.get('/account/disable');
    assert.equal(page.status, 200, 'exactly 900 s after the code: still recent');
    host.clock.advance(1);
    const stale = await b.post('/account/disable', { _csrf: csrfOf(page), understand: 'yes' });
    assert.equal(stale.status, 303);
    assert.equal(stale.location, '/account/reauthenticate?next=%2Faccount%2Fdisable');
    assert.equal((await host.twofold.listDevices(alice)).length, 1);
    await host.twofold.deleteUserDevices(alice);
  });

  it('promotes the next device when the primary one is removed by anyone (admin, CLI)', async () => {
    const first = await addTotp(host.twofold, alice, 'First', 1);
    host.clock.advance(1);
    const second = await addTotp(host.twofold, alice, 'Second', 3);
    host.clock.advance(1);
    const third = await addTotp(host.twofold, alice, 'Third', 4);
    await setPrimaryDevice(host.twofold, alice, third.persistentId);
    await host.twofold.deleteDevice(alice, third.persistentId);
    assert.equal((await primaryDevice(host.twofold, alice))?.id, first.id);
    await host.twofold.deleteDevice(alice, first.persistentId);
    assert.equal((await primaryDevice(host.twofold, alice))?.id, second.id);
    await host.twofold.deleteUserDevices(alice);
    assert.equal(await primaryDevice(host.twofold, alice), null);
  });
});
