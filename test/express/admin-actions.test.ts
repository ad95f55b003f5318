/**
 * The device admin's pages and actions over HTTP (Express): search, adding
 * devices, confirming with a code (and its throttling), resetting
 * throttling, backup codes shown once, renaming, deleting with a
 * confirmation, and escaping of everything users control.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { remainingBackupCodes, type BackupCodesState } from '../../src/devices/backup-codes/index.js';
import type { Device } from '../../src/core/types.js';
import { decodeBase32, generateTOTP } from '../../src/oath/index.js';
import { unescapeHtml, type Browser, type Page } from './support.js';
import { csrfOf, devicePath, startAdminHost, type AdminHost } from './admin-harness.js';

function keyOf(page: Page): string {
  const match = /<p class="tf-key"[^>]*><code>([A-Z2-7 ]+)<\/code><\/p>/.exec(page.text);
  assert.ok(match !== null, 'the page shows a key');
  return match[1]!.replaceAll(' ', '');
}

function errorTexts(page: Page): string[] {
  const summary = /<div class="tf-alert tf-alert-error" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(page.text);
  return summary === null ? [] : [...summary[1]!.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => unescapeHtml(m[1]!));
}

function noticeTexts(page: Page): string[] {
  return [...page.text.matchAll(/<div class="tf-alert tf-alert-notice" role="status"><p>([^<]*)<\/p><\/div>/g)].map((m) => unescapeHtml(m[1]!));
}

/** The user ids linked from the device table, in order. */
function listedUsers(page: Page): string[] {
  return [...page.text.matchAll(/<tr><td[^>]*><a href="\/admin\/user\?id=([^"]*)">/g)].map((m) => decodeURIComponent(unescapeHtml(m[1]!)));
}

async function post(client: Browser, path: string, fields: Record<string, string>, from = '/admin/'): Promise<Page> {
  return client.post(path, { _csrf: csrfOf(await client.get(from)), ...fields });
}

async function createDevice(client: Browser, userId: string, kind = 'totp', name = 'Phone'): Promise<string> {
  const created = await post(client, '/admin/devices', { user: userId, kind, name });
  assert.equal(created.status, 303, created.text);
  return created.location!.replace('/admin/devices/', '');
}

describe('admin: search and listing', () => {
  let host: AdminHost;
  let staff: Browser;
  before(async () => {
    host = await startAdminHost({ maxScan: 1000 });
    staff = await host.signInVerified('sam');
  });
  after(() => host.close());

  it('lists every user with a device, sorted, when the query is empty', async () => {
    const page = await staff.get('/admin/');
    assert.deepEqual([...new Set(listedUsers(page))], ['s1', 'u1', 'u2']);
    assert.match(page.text, /3 devices of 3 users/);
  });

  it('finds users by a case-insensitive substring of their id, and nobody else', async () => {
    await createDevice(staff, 'u1', 'totp', 'Second');
    const page = await staff.get('/admin/?q=U1');
    assert.deepEqual(listedUsers(page), ['u1', 'u1']);
    assert.match(page.text, /2 devices of 1 user</);
    assert.match(page.text, /value="U1"/);
    const none = await staff.get('/admin/?q=nobody');
    assert.deepEqual(listedUsers(none), []);
    assert.match(none.text, /No device belongs to a user whose id contains “nobody”/);
  });

  it('escapes the query wherever it is shown', async () => {
    const page = await staff.get(`/admin/?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes('<script>'));
    assert.match(page.text, /&quot;&gt;&lt;script&gt;/);
  });

  it('says when the scan stopped at its limit', async () => {
    const small = await startAdminHost({ maxScan: 2 });
    try {
      const client = await small.signInVerified('sam');
      const page = await client.get('/admin/');
      assert.match(page.text, /Only the first 2 devices are shown/);
      const all = await client.get('/admin/?q=u');
      assert.match(all.text, /Only the first 2 devices are shown/);
    } finally {
      await small.close();
    }
  });

  it('shows a user page for a known user without devices, and 404 for unknown users without devices', async () => {
    const stella = await staff.get('/admin/user?id=s2');
    assert.equal(stella.status, 200);
    assert.match(stella.text, /Devices of stella/);
    assert.match(stella.text, /no two-factor device yet/);
    assert.equal((await staff.get('/admin/user?id=ghost')).status, 404);
    assert.equal((await staff.get('/admin/user')).status, 404);
  });
});

describe('admin: adding and confirming devices', () => {
  let host: AdminHost;
  let staff: Browser;
  before(async () => {
    host = await startAdminHost();
    staff = await host.signInVerified('sam');
  });
  after(() => host.close());

  it('creates an unconfirmed device that the user cannot sign in with yet', async () => {
    const pid = await createDevice(staff, 'u2', 'totp', 'Bob phone');
    const device = await host.twofold.findDevice(pid);
    assert.equal(device?.userId, 'u2');
    assert.equal(device.confirmed, false);
    assert.equal(device.name, 'Bob phone');
    const key = keyOf(await staff.get(devicePath(pid)));
    const code = generateTOTP(decodeBase32(key), { time: host.clock.now() / 1000 });
    assert.equal((await host.twofold.matchToken('u2', code)).ok, false, 'unconfirmed devices do not sign anyone in');
  });

  it('names a device after its kind when no name is given', async () => {
    const pid = await createDevice(staff, 'u2', 'hotp', '  ');
    assert.equal((await host.twofold.findDevice(pid))?.name, 'Hardware token');
  });

  it('refuses devices for unknown users, unknown kinds and bad names, keeping what was typed', async () => {
    const ghost = await post(staff, '/admin/devices', { user: 'ghost', kind: 'totp', name: 'X' });
    assert.equal(ghost.status, 400);
    assert.deepEqual(errorTexts(ghost), ['There is no user with the id “ghost”.']);
    assert.match(ghost.text, /id="tf-create-user"[^>]*value="ghost"/);
    const empty = await post(staff, '/admin/devices', { user: ' ', kind: 'totp' });
    assert.deepEqual(errorTexts(empty), ['Enter the id of the user.']);
    for (const kind of ['backup-codes', 'sms', '']) {
      const bad = await post(staff, '/admin/devices', { user: 'u1', kind, name: 'X' });
      assert.equal(bad.status, 400, kind);
      assert.deepEqual(errorTexts(bad), ['Choose one of the kinds offered.']);
    }
    const long = await post(staff, '/admin/devices', { user: 'u1', kind: 'totp', name: 'x'.repeat(65) });
    assert.deepEqual(errorTexts(long), ['A device name is 1 to 64 characters, without line breaks.']);
    const control = await post(staff, '/admin/devices', { user: 'u1', kind: 'totp', name: 'a\nb' });
    assert.deepEqual(errorTexts(control), ['A device name is 1 to 64 characters, without line breaks.']);
    assert.equal((await host.twofold.listDevices('u1', { kind: 'totp' })).length, 0);
  });

  it('refuses a wrong code, then throttles, with the count and the unlock time', async () => {
    const pid = await createDevice(staff, 'u1');
    const page = await staff.get(devicePath(pid));
    const key = keyOf(page);
    const token = csrfOf(page);
    const empty = await staff.post(devicePath(pid, 'confirm'), { _csrf: token, token: '  ' });
    assert.equal(empty.status, 400);
    assert.deepEqual(errorTexts(empty), ['Enter the code the app shows.']);

    const good = generateTOTP(decodeBase32(key), { time: host.clock.now() / 1000 });
    const wrong = good === '000000' ? '111111' : '000000';
    const first = await staff.post(devicePath(pid, 'confirm'), { _csrf: token, token: wrong });
    assert.equal(first.status, 400);
    assert.equal(first.headers.get('retry-after'), null, 'a wrong code is not a reason to wait');
    assert.match(errorTexts(first)[0]!, /That code was not accepted/);
    assert.match(first.text, /id="tf-token"[^>]*aria-invalid="true"/);
    const throttled = await staff.post(devicePath(pid, 'confirm'), { _csrf: token, token: good });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '1', 'whole seconds until the device may be tried again');
    assert.deepEqual(errorTexts(throttled), [
      'Verification is paused after 1 failed attempt. Try again in 1 second (00:00:01 UTC), or reset throttling below.',
    ]);
    assert.equal((await host.twofold.findDevice(pid))?.confirmed, false);
    assert.match(throttled.text, /Reset throttling/);

    host.clock.advance(1);
    const confirmed = await staff.post(devicePath(pid, 'confirm'), { _csrf: token, token: good });
    assert.equal(confirmed.status, 303);
    assert.equal((await host.twofold.findDevice(pid))?.confirmed, true);
    const again = await staff.post(devicePath(pid, 'confirm'), { _csrf: token, token: good });
    assert.equal(again.status, 303);
    assert.deepEqual(errorTexts(await staff.get(devicePath(pid))), ['This device is already confirmed.']);
  });
});

describe('admin: throttling, backup codes, renaming, deleting', () => {
  let host: AdminHost;
  let staff: Browser;
  before(async () => {
    host = await startAdminHost();
    staff = await host.signInVerified('sam');
  });
  after(() => host.close());

  it('shows a throttled device as paused and resets it on request', async () => {
    const device = await host.twofold.createDevice({ userId: 'u2', kind: 'totp', name: 'Locked' });
    for (let i = 0; i < 3; i++) {
      host.clock.advance(10);
      await host.twofold.verifyToken('u2', device.persistentId, '000000');
    }
    const locked = await host.twofold.findDevice(device.persistentId);
    assert.equal(locked?.failureCount, 3);
    assert.ok(locked.lockedUntil !== null);
    const page = await staff.get(devicePath(device.persistentId));
    assert.match(page.text, /Paused until Jan 1, 2026, 00:00:34 UTC/);
    assert.match(page.text, /<dt>Failed attempts<\/dt><dd>3<\/dd>/);
    const reset = await staff.post(devicePath(device.persistentId, 'reset-throttle'), { _csrf: csrfOf(page) });
    assert.equal(reset.status, 303);
    const after = await host.twofold.findDevice(device.persistentId);
    assert.equal(after?.failureCount, 0);
    assert.equal(after.lockedUntil, null);
    const shown = await staff.get(devicePath(device.persistentId));
    assert.deepEqual(noticeTexts(shown), ['Throttling of “Locked” was reset.']);
    assert.match(shown.text, /No failed attempts since the last success/);
    assert.deepEqual(noticeTexts(await staff.get(devicePath(device.persistentId))), [], 'a notice is shown once');
  });

  it('regenerates backup codes only after asking, shows them until "Done" (reloads included, no-store), and they work', async () => {
    const before = (await host.twofold.listDevices('u1', { kind: 'backup-codes' }))[0]! as Device<BackupCodesState>;
    assert.equal(remainingBackupCodes(before), 5);
    // "Replace all codes" asks first, saying how many stop working; nothing changed yet.
    const question = await post(staff, '/admin/backup-codes', { user: 'u1', action: 'regenerate' }, '/admin/user?id=u1');
    assert.equal(question.via?.location, '/admin/backup-codes?user=u1&replace=1');
    assert.match(question.text, /The 5 unused backup codes of this user stop working at once/);
    assert.equal(remainingBackupCodes((await host.twofold.getDevice('u1', before.persistentId)) as Device<BackupCodesState>), 5);
    const page = await staff.post('/admin/backup-codes', { _csrf: csrfOf(question), user: 'u1', action: 'regenerate', confirm: 'yes' });
    assert.equal(page.via?.status, 303);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const codesIn = (text: string) => [...text.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!);
    const codes = codesIn(page.text);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    // A reload, and the same form sent again from another tab, show the same set: nothing is made again.
    assert.deepEqual(codesIn((await staff.get('/admin/backup-codes?user=u1')).text), codes);
    const resent = await staff.post('/admin/backup-codes', { _csrf: csrfOf(question), user: 'u1', action: 'regenerate', confirm: 'yes' });
    assert.deepEqual(codesIn(resent.text), codes);
    // "Done": no longer shown anywhere.
    const done = await staff.post('/admin/backup-codes', { _csrf: csrfOf(page), user: 'u1', action: 'saved' });
    assert.equal(done.location, '/admin/user?id=u1');
    const userPage = await staff.get('/admin/user?id=u1');
    assert.match(userPage.text, /10 codes left/);
    assert.match(userPage.text, /The new backup codes are no longer shown\./);
    for (const path of ['/admin/user?id=u1', '/admin/backup-codes?user=u1', `/admin/devices/${before.persistentId}`, '/admin/']) {
      const text = (await staff.get(path)).text;
      for (const code of codes) assert.ok(!text.includes(code), `${path} does not show a code again`);
    }
    assert.equal((await host.twofold.verifyToken('u1', before.persistentId, codes[3]!)).ok, true);
  });

  it('adds one backup code, creating the device for a user who had none', async () => {
    const page = await post(staff, '/admin/backup-codes', { user: 's2', action: 'add' }, '/admin/user?id=s2');
    assert.equal(page.status, 200);
    const codes = [...page.text.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!);
    assert.equal(codes.length, 1);
    assert.match(page.text, /One backup code was added for stella/);
    assert.equal((await host.twofold.matchToken('s2', codes[0]!)).ok, true);
    const refused = await post(staff, '/admin/backup-codes', { user: 'ghost', action: 'add' });
    assert.equal(refused.status, 400);
    const odd = await post(staff, '/admin/backup-codes', { user: 'u1', action: 'print-them-all' });
    assert.equal(odd.status, 400);
  });

  it('renames a device, refusing bad names, and escapes names everywhere', async () => {
    const pid = await createDevice(staff, 'u2', 'totp', 'Plain');
    const page = await staff.get(devicePath(pid));
    const token = csrfOf(page);
    const bad = await staff.post(devicePath(pid, 'rename'), { _csrf: token, name: '   ' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /id="tf-rename"[^>]*aria-invalid="true"/);
    const evil = '<img src=x onerror=alert(1)>';
    const renamed = await staff.post(devicePath(pid, 'rename'), { _csrf: token, name: evil });
    assert.equal(renamed.status, 303);
    assert.equal((await host.twofold.findDevice(pid))?.name, evil);
    for (const path of [devicePath(pid), '/admin/user?id=u2', '/admin/', devicePath(pid, 'delete')]) {
      const text = (await staff.get(path)).text;
      assert.ok(!text.includes('<img src=x'), path);
      assert.ok(text.includes('&lt;img src=x onerror=alert(1)&gt;'), path);
    }
  });

  it('asks before deleting, and deletes only on POST', async () => {
    const pid = await createDevice(staff, 'u2', 'totp', 'Doomed');
    const ask = await staff.get(devicePath(pid, 'delete'));
    assert.equal(ask.status, 200);
    assert.match(ask.text, /Delete the device “Doomed” of bob\?/);
    assert.ok((await host.twofold.findDevice(pid)) !== null, 'GET changes nothing');
    const done = await staff.post(devicePath(pid, 'delete'), { _csrf: csrfOf(ask) });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/admin/user?id=u2');
    assert.equal(await host.twofold.findDevice(pid), null);
    assert.deepEqual(noticeTexts(await staff.get(done.location)), ['Device “Doomed” of bob was deleted.']);
    assert.equal((await staff.get(devicePath(pid))).status, 404);
    assert.equal((await staff.post(devicePath(pid, 'delete'), { _csrf: csrfOf(ask) })).status, 404);
  });
});
