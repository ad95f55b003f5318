/**
 * What people expect from the account pages (issue 11): the page script and
 * its CSP, copy and print buttons that appear only with the script, "Open in
 * authenticator app" through a session redirect (the key stays out of the
 * page's links), the site's name in the backup-code file, "This browser"
 * among remembered browsers, and dates with their time zone named.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import vm from 'node:vm';
import { addTotp, csrfOf, errorsOf, passwordStep, startHost, totpCode, user, type Browser, type Host, type Page } from '../../express/support.js';
import { encodeBase32 } from '../../../src/oath/index.js';
import { backupCodesDisposition } from '../../../src/flows/account/backup-code-pages.js';
import { keyOf, reauthenticate, signIn } from './support.js';

const alice = user('alice').id;
const bob = user('bob').id;

describe('account pages: what people expect', () => {
  let host: Host;
  before(async () => {
    host = await startHost({
      twofold: { rememberCookieAge: 30 * 86_400, passwordFingerprint: () => 'same-password', account: { issuer: 'Example Site' } },
    });
  });
  after(async () => {
    await host.close();
  });

  it('serves the page script from the app and allows only it: no inline script, every page loads it deferred', async () => {
    const b = await signIn(host, 'carol');
    const page = await b.get('/account/profile');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self';/);
    assert.doesNotMatch(page.headers.get('content-security-policy') ?? '', /unsafe-inline/);
    assert.match(page.text, /<script src="\/account\/twofold.js" defer><\/script>/);
    assert.equal([...page.text.matchAll(/<script/g)].length, 1, 'no inline script');
    const script = await host.browser().get('/account/twofold.js');
    assert.equal(script.status, 200);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.doesNotThrow(() => new vm.Script(script.text), 'the script parses');
  });

  it('offers copy (hidden until the script shows it) and, on phones, "Open in authenticator app" through a redirect of this session', async () => {
    const b = await signIn(host, 'carol');
    const welcome = await b.get('/account/setup');
    assert.equal((await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' })).status, 303);
    const keyPage = await b.get('/account/setup');
    assert.match(keyPage.text, /<button class="tf-button tf-button-secondary" type="button" hidden data-tf-copy="tf-key" data-tf-copy-compact data-tf-copied="Copied\.">Copy key<\/button>/);
    assert.match(keyPage.text, /<a class="tf-button tf-button-secondary tf-account-open-app" href="\/account\/setup\/app">Open in authenticator app<\/a>/);
    const key = encodeBase32(keyOf(keyPage), { padding: false });
    assert.equal(keyPage.text.includes(key), false, 'the key is only shown grouped for reading, never whole in an attribute');

    const app = await b.get('/account/setup/app');
    assert.equal(app.status, 302);
    assert.equal(app.headers.get('cache-control'), 'no-store');
    const uri = new URL(app.location ?? '');
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.searchParams.get('secret'), key);
    assert.equal(uri.searchParams.get('issuer'), 'Example Site');
    assert.equal((await host.browser().get('/account/setup/app')).status, 403, 'nobody signed in');
    const other = await signIn(host, 'carol:admin');
    assert.equal((await other.get('/account/setup/app')).status, 404, 'no setup in this session');
    await host.twofold.deleteUserDevices(user('carol').id);
  });

  it('puts copy and print buttons next to new backup codes, and the site name in the downloaded file', async () => {
    await addTotp(host.twofold, bob, 'Phone', 71);
    const b = await signIn(host, 'bob');
    host.clock.advance(3600);
    assert.equal((await reauthenticate(b, totpCode(host.clock, 71))).status, 303);
    const page = await b.get('/account/backup-codes');
    const issued = await b.post('/account/backup-codes', { _csrf: csrfOf(page) });
    const reveal = issued.status === 303 ? await b.get(issued.location ?? '') : issued;
    assert.match(reveal.text, /<ol class="tf-account-codes" id="tf-codes"/);
    assert.match(reveal.text, /type="button" hidden data-tf-copy="tf-codes" data-tf-copied="Copied\.">Copy codes<\/button>/);
    assert.match(reveal.text, /type="button" hidden data-tf-print>Print<\/button>/);
    const file = await b.post('/account/backup-codes/download', { _csrf: csrfOf(reveal) });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-disposition'), 'attachment; filename="Example-Site-backup-codes.txt"');
    assert.match(file.text, /^Backup codes for bob at Example Site\n/);
    await host.twofold.deleteUserDevices(bob);
  });

  it('names the download after any site name safely', () => {
    assert.equal(backupCodesDisposition(''), 'attachment; filename="backup-codes.txt"');
    assert.equal(backupCodesDisposition('  Example  '), 'attachment; filename="Example-backup-codes.txt"');
    assert.equal(backupCodesDisposition('a"b\r\nc/d'), 'attachment; filename="a-b-c-d-backup-codes.txt"');
    assert.equal(
      backupCodesDisposition('Zürich Bank'),
      `attachment; filename="Zurich-Bank-backup-codes.txt"; filename*=UTF-8''Z%C3%BCrich%20Bank-backup-codes.txt`,
    );
    assert.equal(backupCodesDisposition('日本'), `attachment; filename="backup-codes.txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC-backup-codes.txt`);
  });

  it('marks "This browser" among remembered browsers, and names the time zone of every date', async () => {
    const device = await addTotp(host.twofold, alice, 'Phone', 72);
    const b = await signIn(host, 'alice');
    host.clock.advance(3600);
    assert.equal((await reauthenticate(b, totpCode(host.clock, 72))).status, 303);
    const now = host.clock.now();
    const ids = [randomBytes(16).toString('base64url'), randomBytes(16).toString('base64url')];
    for (const [index, id] of ids.entries()) {
      await host.twofold.store.insertRememberedBrowser({
        id,
        userId: alice,
        deviceId: device.id,
        tokenHash: randomBytes(32).toString('base64url'),
        passwordHash: randomBytes(32).toString('base64url'),
        createdAt: now - index,
        expiresAt: now + 86_400_000,
        lastUsedAt: null,
        userAgent: index === 0 ? 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' : 'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0',
      });
    }
    b.setCookie(`twofold_remember_${ids[1]!}`, `${ids[1]!}.${device.id}.${randomBytes(32).toString('base64url')}`);
    const profile = await b.get('/account/profile');
    const section = /<section class="tf-account-section tf-account-remembered">([\s\S]*?)<\/section>/.exec(profile.text)?.[1] ?? '';
    const entries = section.split('<li class="tf-account-device">').slice(1);
    assert.equal(entries.length, 2);
    assert.equal(entries.filter((entry) => entry.includes('This browser')).length, 1);
    assert.match(entries.find((entry) => entry.includes('Chrome')) ?? '', /<span class="tf-account-badge tf-account-this-browser">This browser<\/span>/);
    // Dates name their zone, as the code pages' clock times do.
    assert.match(profile.text, /Added Jan 1, 2026, \d{1,2}:\d\d [AP]M UTC/);
    assert.match(section, /Until Jan 2, 2026, \d{1,2}:\d\d [AP]M UTC/);
    await host.twofold.deleteUserDevices(alice);
  });

  it('counts throttle and cooldown messages down, points them to the other ways, and disables "Send a new code" until allowed', async () => {
    await addTotp(host.twofold, bob, 'Bob app', 73);
    host.clock.advance(1);
    const phone = await host.twofold.createDevice({ userId: bob, kind: 'sent', name: 'Bob SMS' });
    const b = host.browser();
    const follow = async (page: Page, via: Browser) => (page.status === 303 ? via.get(page.location ?? '') : page);
    const step = await follow(await passwordStep(host, b, user('bob')), b);
    const wrong = await b.post('/account/login', { _csrf: csrfOf(step), action: 'verify', token: '000000' });
    assert.equal(wrong.status, 401);
    const paused = await b.post('/account/login', { _csrf: csrfOf(step), action: 'verify', token: '000000' });
    assert.equal(paused.status, 429);
    assert.match(errorsOf(paused.text)[0] ?? '', /You can try again in 1 second/);
    assert.match(
      paused.text,
      /<div class="tf-alert tf-alert-error" role="alert" data-tf-until="2026-01-01T\d\d:\d\d:\d\d\.000Z" data-tf-relative="in 1 second" data-tf-clock="\d\d:\d\d:\d\d UTC">/,
    );
    assert.match(paused.text, /<p class="tf-alert-more"><a href="#tf-other-methods-heading">Or use one of the other ways below\.<\/a><\/p>/);
    assert.match(paused.text, /id="tf-other-methods-heading"/);

    host.clock.advance(60);
    const sent = await b.post('/account/login', { _csrf: csrfOf(step), action: 'challenge', device: phone.persistentId });
    assert.equal(sent.status, 200);
    assert.match(sent.text, /id="tf-send-code" type="submit" name="action" value="challenge" formnovalidate aria-describedby="tf-resend-hint" disabled>Send a new code</);
    assert.match(sent.text, /data-tf-done="You can ask for a new code now\." data-tf-enables="tf-send-code">You can ask for a new code in 1 minute/);
    host.clock.advance(60);
    const later = await b.get(`/account/login?device=${encodeURIComponent(phone.persistentId)}`);
    assert.equal(later.status, 200);
    assert.match(later.text, /formnovalidate>Send a new code</, 'enabled once the cooldown is over');
    await host.twofold.deleteUserDevices(bob);
  });
});
