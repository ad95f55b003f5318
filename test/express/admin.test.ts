/**
 * The device admin over HTTP (Express): who may enter (django-otp's
 * OTPAdminSite: staff AND verified), what it shows of keys (only until a
 * device is confirmed, ASVS 14.2.6; or always with the explicit opt-in),
 * the QR-code route's rules, response headers, CSRF and unknown devices.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase32, encodeBase32, generateTOTP } from '../../src/oath/index.js';
import type { Browser, Page } from './support.js';
import { csrfOf, devicePath, startAdminHost, type AdminHost } from './admin-harness.js';
import { TEST_SECRET } from './support.js';
import { createTwofold } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createAdminHandler } from '../../src/flows/admin/index.js';

const UNKNOWN_DEVICE = 'totp/AAAAAAAAAAAAAAAAAAAAAA';

/** Adds a device through the admin and returns its persistent id. */
async function createDevice(client: Browser, userId: string, kind = 'totp', name = 'Phone'): Promise<string> {
  const form = await client.get('/admin/');
  const created = await client.post('/admin/devices', { _csrf: csrfOf(form), user: userId, kind, name });
  assert.equal(created.status, 303, created.text);
  const match = /^\/admin\/devices\/([a-z-]+\/[A-Za-z0-9_-]{22})$/.exec(created.location ?? '');
  assert.ok(match !== null, `redirected to the new device, got ${created.location}`);
  return match[1]!;
}

function keyOf(page: Page): string | null {
  const match = /<p class="tf-key"[^>]*><code>([A-Z2-7 ]+)<\/code><\/p>/.exec(page.text);
  return match === null ? null : match[1]!;
}

function assertSecurityHeaders(page: Page): void {
  assert.equal(page.headers.get('cache-control'), 'no-store');
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
}

describe('admin access (OTPAdminSite: staff and verified)', () => {
  let host: AdminHost;
  before(async () => {
    host = await startAdminHost();
  });
  after(() => host.close());

  it('redirects anonymous visitors to the sign-in page, with a safe next, before resolving any route', async () => {
    const client = host.browser();
    for (const path of ['/admin', '/admin/', '/admin/user?id=u1', devicePath(UNKNOWN_DEVICE), devicePath(UNKNOWN_DEVICE, 'qr.svg'), '/admin/no-such-page']) {
      const page = await client.get(path);
      assert.equal(page.status, 302, path);
      const location = new URL(page.location ?? '', host.url);
      assert.equal(location.pathname, '/account/login');
      assert.equal(location.searchParams.get('next'), path);
    }
  });

  it('refuses an anonymous POST without changing anything, and sends it to sign in', async () => {
    const page = await host.browser().post('/admin/devices', { user: 'u1', kind: 'totp', name: 'x' });
    assert.equal(page.status, 303);
    assert.equal(page.location, '/account/login?next=%2Fadmin%2F');
    assert.equal((await host.twofold.listDevices('u1', { kind: 'totp' })).length, 0);
  });

  it('sends signed-in but unverified staff to the OTP sign-in page, with next', async () => {
    const client = await host.signInUnverified('sam');
    const page = await client.get('/admin/user?id=u1');
    assert.equal(page.status, 302);
    assert.equal(page.location, '/account/login?next=%2Fadmin%2Fuser%3Fid%3Du1');
    // sam has only backup codes: that page sends him to the backup-code step, which comes back once verified.
    const login = await client.get(page.location);
    assert.equal(login.status, 302);
    assert.equal(login.location, '/account/verify/backup?next=%2Fadmin%2Fuser%3Fid%3Du1');
    const backup = await client.get(login.location);
    assert.equal(backup.status, 200);
    assert.match(backup.text, /name="token"/);
  });

  it('also sends staff without any device to sign in (they cannot be verified, so they cannot enter)', async () => {
    const client = await host.signInUnverified('stella');
    const page = await client.get('/admin/');
    assert.equal(page.status, 302);
    assert.equal(page.location, '/account/login?next=%2Fadmin%2F');
  });

  it('answers 403 to a signed-in user who is not staff, verified or not, without asking for a code', async () => {
    for (const client of [await host.signInUnverified('alice'), await host.signInVerified('bob')]) {
      const page = await client.get('/admin/');
      assert.equal(page.status, 403);
      assert.match(page.text, /staff only/);
      assert.match(page.text, /href="\/account\/logout"/);
      assertSecurityHeaders(page);
      const device = await client.get(devicePath(UNKNOWN_DEVICE));
      assert.equal(device.status, 403, 'no probing of device ids either');
    }
  });

  it('lets verified staff in, with security headers', async () => {
    const client = await host.signInVerified('sam');
    const page = await client.get('/admin/');
    assert.equal(page.status, 200);
    assertSecurityHeaders(page);
    assert.match(page.text, /<h1>Two-factor devices<\/h1>/);
    assert.match(page.text, /Signed in as sam/);
  });

  it('serves its stylesheet to anyone (it holds nothing private)', async () => {
    const page = await host.browser().get('/admin/admin.css');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/css/);
    assert.match(page.text, /\.tf-table/);
  });
});

describe('admin: keys and QR codes', () => {
  let host: AdminHost;
  let staff: Browser;
  before(async () => {
    host = await startAdminHost();
    staff = await host.signInVerified('sam');
  });
  after(() => host.close());

  it('shows an unconfirmed device its QR code (SVG, no-store) and its key grouped by four, then hides both for good once confirmed', async () => {
    const pid = await createDevice(staff, 'u1', 'totp', 'Alice phone');
    const page = await staff.get(devicePath(pid));
    assert.equal(page.status, 200);
    assertSecurityHeaders(page);
    assert.match(page.text, /Device “Alice phone” added for alice/);
    assert.match(page.text, new RegExp(`<img src="${devicePath(pid, 'qr.svg')}"`));
    const grouped = keyOf(page);
    assert.ok(grouped !== null, 'the key is shown while unconfirmed');
    assert.match(grouped, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    const key = grouped.replaceAll(' ', '');
    assert.equal(decodeBase32(key).length, 20);

    const qr = await staff.get(devicePath(pid, 'qr.svg'));
    assert.equal(qr.status, 200);
    assert.match(qr.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    assert.equal(qr.headers.get('cache-control'), 'no-store');
    assert.equal(qr.headers.get('x-content-type-options'), 'nosniff');
    assert.match(qr.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(qr.text, /<svg[\s\S]*<\/svg>/);

    // The key on the page is the device's: a code made from it confirms the device.
    const code = generateTOTP(decodeBase32(key), { time: host.clock.now() / 1000 });
    const confirmed = await staff.post(devicePath(pid, 'confirm'), { _csrf: csrfOf(page), token: code });
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.location, devicePath(pid));
    assert.equal((await host.twofold.findDevice(pid))?.confirmed, true);

    const after = await staff.get(devicePath(pid));
    assert.match(after.text, /is confirmed and active/);
    assert.match(after.text, /never shown again/);
    // Nowhere in the admin: not the base32 key (grouped or not), not its hex form, not the URI, not the QR image.
    const hex = Buffer.from(decodeBase32(key)).toString('hex');
    for (const path of [devicePath(pid), '/admin/', '/admin/?q=u1', '/admin/user?id=u1', devicePath(pid, 'delete')]) {
      const text = (await staff.get(path)).text;
      for (const secret of [grouped, key, key.toLowerCase(), hex, 'otpauth:', 'qr.svg']) {
        assert.ok(!text.includes(secret), `${path} does not contain ${secret === 'qr.svg' || secret === 'otpauth:' ? secret : 'the key'}`);
      }
    }
    const hidden = await staff.get(devicePath(pid, 'qr.svg'));
    assert.equal(hidden.status, 403);
    assert.ok(!hidden.text.includes('<svg'));
    assert.equal(hidden.headers.get('cache-control'), 'no-store');
  });

  it('shows HOTP devices the same way, with their counter', async () => {
    const pid = await createDevice(staff, 'u2', 'hotp', 'Token');
    const page = await staff.get(devicePath(pid));
    assert.ok(keyOf(page) !== null);
    assert.match(page.text, /6 digits, next counter 0, SHA1/);
    assert.equal((await staff.get(devicePath(pid, 'qr.svg'))).status, 200);
  });

  it('answers 404 for the QR code of a kind without one, and for unknown or malformed devices', async () => {
    const codes = (await host.twofold.listDevices('u1', { kind: 'backup-codes' }))[0]!;
    assert.equal((await staff.get(devicePath(codes.persistentId, 'qr.svg'))).status, 404);
    const form = await staff.get('/admin/');
    const token = csrfOf(form);
    const malformed = ['totp/short', 'Totp/AAAAAAAAAAAAAAAAAAAAAA', 'totp/AAAAAAAAAAAAAAAAAAAAA%2F', '..%2F..'];
    for (const pid of [UNKNOWN_DEVICE, `hotp/${codes.id}`, ...malformed]) {
      for (const action of [undefined, 'qr.svg', 'delete']) {
        const page = await staff.get(devicePath(pid, action));
        assert.equal(page.status, 404, `GET ${devicePath(pid, action)}`);
        assert.match(page.text, /no such device or page/);
      }
      for (const action of ['confirm', 'rename', 'reset-throttle', 'delete']) {
        const page = await staff.post(devicePath(pid, action), { _csrf: token, token: '123456', name: 'x' });
        assert.equal(page.status, 404, `POST ${devicePath(pid, action)}`);
      }
    }
    assert.equal((await staff.get('/admin/devices/totp')).status, 404);
    assert.equal((await staff.get('/admin/nothing-here')).status, 404);
    assert.equal((await staff.get(devicePath(codes.persistentId, 'explode'))).status, 404);
    assert.deepEqual(host.logged.filter((line) => line.startsWith('error')), []);
  });

  it('refuses GET on routes that change things (405 with Allow), and changes nothing', async () => {
    const pid = await createDevice(staff, 'u2', 'totp', 'Kept');
    for (const action of ['confirm', 'rename', 'reset-throttle']) {
      const page = await staff.get(devicePath(pid, action));
      assert.equal(page.status, 405);
      assert.equal(page.headers.get('allow'), 'POST');
    }
    assert.equal((await staff.get('/admin/devices')).status, 405);
    // GET of the backup codes shows a revealed set or asks before replacing one; with nothing to show it goes home, changing nothing.
    const codes = await staff.get('/admin/backup-codes');
    assert.equal(codes.status, 302);
    assert.equal(codes.location, '/admin/');
    assert.equal((await staff.post('/admin/', { _csrf: csrfOf(await staff.get('/admin/')) })).status, 405);
    assert.equal((await host.twofold.findDevice(pid))?.confirmed, false);
  });
});

describe('admin: showSecretsOfConfirmedDevices (the opt-in)', () => {
  let host: AdminHost;
  before(async () => {
    host = await startAdminHost({ showSecretsOfConfirmedDevices: true });
  });
  after(() => host.close());

  it('keeps showing the key and QR code of a confirmed device, with a warning', async () => {
    const staff = await host.signInVerified('sam');
    const pid = await createDevice(staff, 'u1');
    const device = (await host.twofold.confirmDevice('u1', pid))!;
    assert.equal(device.confirmed, true);
    const page = await staff.get(devicePath(pid));
    const key = keyOf(page);
    assert.ok(key !== null);
    assert.match(page.text, /already active: its key is shown only because this site enables showSecretsOfConfirmedDevices/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const qr = await staff.get(devicePath(pid, 'qr.svg'));
    assert.equal(qr.status, 200);
    assert.equal(qr.headers.get('cache-control'), 'no-store');
    // The same key as stored: a code from it verifies.
    const code = generateTOTP(decodeBase32(key.replaceAll(' ', '')), { time: host.clock.now() / 1000 });
    assert.equal((await host.twofold.verifyToken('u1', pid, code)).ok, true);
    assert.equal(encodeBase32(decodeBase32(key.replaceAll(' ', ''))), key.replaceAll(' ', ''));
  });
});

describe('admin: CSRF', () => {
  let host: AdminHost;
  let staff: Browser;
  let pid: string;
  let token: string;
  before(async () => {
    host = await startAdminHost();
    staff = await host.signInVerified('sam');
    pid = await createDevice(staff, 'u1', 'totp', 'Original');
    token = csrfOf(await staff.get(devicePath(pid)));
  });
  after(() => host.close());

  async function unchanged(): Promise<void> {
    const device = await host.twofold.findDevice(pid);
    assert.equal(device?.name, 'Original');
  }

  it('refuses a POST without a token, or with a wrong one, or with another session\'s', async () => {
    const other = await host.signInVerified('sam');
    const otherToken = csrfOf(await other.get('/admin/'));
    for (const fields of [{ name: 'Renamed' }, { _csrf: '', name: 'Renamed' }, { _csrf: 'x'.repeat(43), name: 'Renamed' }, { _csrf: otherToken, name: 'Renamed' }]) {
      const page = await staff.post(devicePath(pid, 'rename'), fields);
      assert.equal(page.status, 403, `${JSON.stringify(fields)} -> ${page.location}`);
      assert.match(page.text, /expired or was sent from another site/);
      await unchanged();
    }
  });

  it('refuses a POST that the browser marks as cross-site, even with the right token', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }]) {
      const page = await staff.post(devicePath(pid, 'rename'), { _csrf: token, name: 'Renamed' }, headers);
      assert.equal(page.status, 403, JSON.stringify(headers));
      await unchanged();
    }
    for (const [path, fields] of [
      ['/admin/devices', { user: 'u1', kind: 'totp', name: 'Evil' }],
      ['/admin/backup-codes', { user: 'u1', action: 'regenerate' }],
      [devicePath(pid, 'delete'), {}],
      [devicePath(pid, 'reset-throttle'), {}],
      [devicePath(pid, 'confirm'), { token: '000000' }],
    ] as const) {
      const page = await staff.post(path, { ...fields, _csrf: token }, { origin: 'https://evil.example' });
      assert.equal(page.status, 403, path);
    }
    assert.equal((await host.twofold.listDevices('u1', { kind: 'totp' })).length, 1);
    assert.equal((await host.twofold.findDevice(pid))?.failureCount, 0);
  });

  it('accepts the same POST from the same origin with the token', async () => {
    const page = await staff.post(devicePath(pid, 'rename'), { _csrf: token, name: 'Renamed' }, { origin: host.url, 'sec-fetch-site': 'same-origin' });
    assert.equal(page.status, 303);
    assert.equal((await host.twofold.findDevice(pid))?.name, 'Renamed');
  });

  it('refuses bodies that are not forms or are too large', async () => {
    const json = await staff.post(devicePath(pid, 'rename'), { _csrf: token, name: 'x' }, { 'content-type': 'application/json' });
    assert.equal(json.status, 415);
    const large = await staff.post(devicePath(pid, 'rename'), { _csrf: token, name: 'x'.repeat(20_000) });
    assert.equal(large.status, 413);
  });
});

describe('admin in production', () => {
  it('starts without web secrets when NODE_ENV is production (it seals nothing)', () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
      assert.doesNotThrow(() => createAdminHandler({ twofold, isStaff: () => true }));
    } finally {
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
    }
  });
});
