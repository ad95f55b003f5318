/**
 * "Remember this browser" over real HTTP at exact times: off by default,
 * issued only after a real code, skips the second factor (never the
 * password) for its own user only, dies with the password, the device, a
 * revocation or two-factor authentication, never slides, and a tampered,
 * unknown or stale cookie is cleared and counted against the device.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { issueBackupCodes } from '../../../src/devices/backup-codes/manage.js';
import {
  forgetRememberedBrowsers,
  listRememberedBrowsers,
  revokeAllRememberedBrowsers,
  revokeRememberedBrowser,
} from '../../../src/flows/remember/index.js';
import {
  addTotp,
  csrfOf,
  passwordStep,
  rememberCookies,
  rememberSetCookies,
  totpCode,
  whoami,
  withFlowHost,
  wrongTotp,
  type FlowBrowser,
  type FlowHost,
  type FlowUser,
} from '../login/support.js';

const DAY = 86_400;

/** Signs `user` in with password and TOTP code (seed) ticking "remember"; returns the final answer. */
async function rememberedLogin(host: FlowHost, b: FlowBrowser, user: FlowUser, seed: number, remember = true) {
  const step = await passwordStep(b, user);
  assert.equal(step.status, 200, 'the token step');
  return b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, seed), remember: remember ? 'on' : undefined });
}

/** Signs out of the host (the remember cookie stays, as it would in a browser). */
async function signOut(b: FlowBrowser): Promise<void> {
  const page = await b.get('/account/logout');
  assert.equal((await b.post('/account/logout', { _csrf: csrfOf(page) })).status, 303);
}

/** Password only; returns the answer: 303 when the browser was remembered, 200 (the token step) otherwise. */
function passwordOnly(b: FlowBrowser, user: FlowUser) {
  return passwordStep(b, user, '/secret');
}

async function failures(host: FlowHost, user: FlowUser, persistentId: string): Promise<number | undefined> {
  return (await host.twofold.getDevice(user.id, persistentId))?.failureCount;
}

describe('remember this browser: issuing', () => {
  it('is off by default: no checkbox, and remember=on sets no cookie and stores nothing', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(b, alice);
      assert.doesNotMatch(step.text, /Remember this browser|name="remember"/);
      const done = await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1), remember: 'on' });
      assert.equal(done.status, 303);
      assert.deepEqual(rememberSetCookies(done), []);
      assert.deepEqual(await host.store.listRememberedBrowsers(alice.id), []);
    }));

  it('offers an unticked checkbox, and issues a cookie only after a correct code with the box ticked', () =>
    withFlowHost({ rememberDays: 30 }, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser({ 'user-agent': 'Mozilla/5.0 (Test) Firefox/140.0' });
      const step = await passwordStep(b, alice);
      assert.match(step.text, /<input id="tf-remember" name="remember" type="checkbox" value="on" aria-describedby="tf-remember-hint">/);
      assert.match(step.text, /<label for="tf-remember">Remember this browser for 30 days<\/label>/);
      // A wrong code with the box ticked: nothing is remembered, the box stays ticked.
      const refused = await b.post('/account/login', { _csrf: csrfOf(step), token: wrongTotp(host.clock, 1, totpCode), remember: 'on' });
      assert.equal(refused.status, 401);
      assert.deepEqual(rememberSetCookies(refused), []);
      assert.match(refused.text, /name="remember" type="checkbox" value="on" aria-describedby="tf-remember-hint" checked>/);
      host.clock.advance(2);
      // Without the box: nothing either.
      const other = host.browser();
      assert.deepEqual(rememberSetCookies(await rememberedLogin(host, other, alice, 1, false)), []);
      host.clock.advance(30);
      const done = await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1), remember: 'on' });
      assert.equal(done.status, 303);
      const [cookie] = rememberSetCookies(done);
      assert.ok(cookie !== undefined);
      assert.match(cookie, /^twofold_remember_[A-Za-z0-9_-]{22}=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}; Max-Age=2592000; Expires=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
      assert.doesNotMatch(cookie, /Secure/, 'plain HTTP');
      assert.ok(!cookie.includes(alice.id + '.') && !cookie.includes('alice'));
      const [record] = await host.store.listRememberedBrowsers(alice.id);
      assert.ok(record !== undefined);
      assert.equal(record.deviceId, phone.id);
      assert.equal(record.createdAt, host.clock.now());
      assert.equal(record.expiresAt, host.clock.now() + 30 * DAY * 1000);
      assert.equal(record.userAgent, 'Mozilla/5.0 (Test) Firefox/140.0');
      // The store keeps hashes only: neither the cookie's secret nor the fingerprint.
      const secret = cookie.split(';')[0]!.split('.')[2]!;
      assert.ok(!JSON.stringify(record).includes(secret));
      const fingerprint = createHash('sha256').update(`pw:${alice.password}`).digest('hex');
      assert.ok(!JSON.stringify(record).includes(fingerprint));
      const remembered = host.events.find((event) => event.name === 'browserRemembered');
      assert.ok(remembered?.name === 'browserRemembered');
      assert.equal(remembered.payload.browserId, record.id);
      assert.ok(!JSON.stringify(host.events).includes(secret));
    }));

  it('is never issued after a backup code', () =>
    withFlowHost({ rememberDays: 30 }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const { codes } = await issueBackupCodes(host.twofold, alice.id);
      const b = host.browser();
      await passwordStep(b, alice);
      const page = await b.get('/account/login/backup');
      assert.doesNotMatch(page.text, /name="remember"/);
      const done = await b.post('/account/login/backup', { _csrf: csrfOf(page), token: codes[0]!, remember: 'on' });
      assert.equal(done.via?.status, 303);
      assert.deepEqual(rememberSetCookies(done.via), []);
    }));

  it('sets __Host-, Secure behind HTTPS; __Secure- with a domain; and the configured attributes', async () => {
    await withFlowHost({ rememberDays: 30, trustProxy: true }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser({ 'x-forwarded-proto': 'https' });
      const [cookie] = rememberSetCookies(await rememberedLogin(host, b, alice, 1));
      assert.match(cookie ?? '', /^__Host-twofold_remember_[A-Za-z0-9_-]{22}=[^;]+; Max-Age=2592000; Expires=[^;]+; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
      // Behind HTTPS the __Host- cookie is read back: the next sign-in skips the code.
      await signOut(b);
      assert.equal((await passwordOnly(b, alice)).status, 303);
    });
    await withFlowHost(
      {
        rememberDays: 1,
        twofold: { rememberCookieDomain: 'example.test', rememberCookieSecure: true, rememberCookieSameSite: 'Strict', rememberCookieHttpOnly: false },
      },
      async (host) => {
        const alice = host.user('alice');
        await addTotp(host.twofold, alice.id, 'Alice phone', 1);
        const b = host.browser();
        const page = await passwordStep(b, alice);
        assert.match(page.text, /Remember this browser for 1 day</);
        const [cookie] = rememberSetCookies(await b.post('/account/login', { _csrf: csrfOf(page), token: totpCode(host.clock, 1), remember: 'on' }));
        assert.match(cookie ?? '', /^__Secure-twofold_remember_[A-Za-z0-9_-]{22}=[^;]+; Max-Age=86400; Expires=[^;]+; Path=\/; Domain=example.test; Secure; SameSite=Strict$/);
      },
    );
    await withFlowHost({ rememberDays: 1, twofold: { rememberCookieAge: 5400, rememberCookiePrefix: 'my_remember_', rememberCookiePath: '/account' } }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const page = await passwordStep(b, alice);
      assert.match(page.text, /Remember this browser for 1 hour</);
      const done = await b.post('/account/login', { _csrf: csrfOf(page), token: totpCode(host.clock, 1), remember: 'on' });
      const [cookie] = done.headers.getSetCookie().filter((line) => line.startsWith('my_remember_'));
      assert.match(cookie ?? '', /^my_remember_[A-Za-z0-9_-]{22}=[^;]+; Max-Age=5400; Expires=[^;]+; Path=\/account; HttpOnly; SameSite=Lax$/);
    });
  });

  it('refuses unsafe or inconsistent settings at start-up', async () => {
    const bad: Record<string, unknown>[] = [
      { rememberCookieAge: 30 * DAY },
      { rememberCookieAge: 59, passwordFingerprint: () => 'x' },
      { rememberCookieAge: 401 * DAY, passwordFingerprint: () => 'x' },
      { rememberCookieSecure: true },
      { rememberCookieAge: DAY, passwordFingerprint: () => 'x', rememberCookieSameSite: 'None' },
      { rememberCookieAge: DAY, passwordFingerprint: () => 'x', rememberCookieSameSite: 'lax' },
      { rememberCookieAge: DAY, passwordFingerprint: () => 'x', rememberCookiePrefix: '__Host-x_', rememberCookieSecure: 'auto' },
      { rememberCookieAge: DAY, passwordFingerprint: () => 'x', rememberCookiePrefix: '__Host-x_', rememberCookieSecure: true, rememberCookieDomain: 'a.test' },
      { rememberCookieAge: DAY, passwordFingerprint: () => 'x', rememberCookiePrefix: 'bad;name' },
      { rememberCookieAge: DAY, passwordFingerprint: () => 'x', rememberCookiePath: '/a; Secure' },
      { rememberCookieAge: DAY, passwordFingerprint: () => 'x', rememberCookieDomain: 'evil.test; Path=/' },
    ];
    for (const options of bad) {
      await assert.rejects(withFlowHost({ twofold: options }, () => Promise.resolve()), /remember|passwordFingerprint/i, JSON.stringify(Object.keys(options)));
    }
  });
});

describe('remember this browser: using it', () => {
  it('skips the code for the same user only (after the password), records remembered-browser, and leaves other users\' cookies alone', () =>
    withFlowHost({ rememberDays: 30 }, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const b = host.browser();
      await rememberedLogin(host, b, alice, 1);
      await signOut(b);
      const [[name, value]] = rememberCookies(b) as [[string, string]];

      // The cookie never replaces the password.
      const login = await b.get('/account/login');
      const wrongPassword = await b.post('/account/login', { _csrf: csrfOf(login), username: 'alice', password: 'not-it' });
      assert.equal(wrongPassword.status, 401);
      assert.equal((await whoami(b)).user, null);

      // Bob in the same browser still gets the code step; Alice's cookie is neither used nor cleared.
      const bobStep = await passwordOnly(b, bob);
      assert.equal(bobStep.status, 200);
      assert.match(bobStep.text, /Enter your code/);
      assert.deepEqual(rememberSetCookies(bobStep), []);
      assert.equal(b.cookie(name), value);
      const bobCancel = await b.post('/account/login', { _csrf: csrfOf(bobStep), action: 'cancel' });
      assert.equal(bobCancel.via?.status, 303);

      // Alice: the password alone signs in, with a new session id.
      host.clock.advance(DAY);
      const before = b.cookie('connect.sid');
      const done = await passwordOnly(b, alice);
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      assert.notEqual(b.cookie('connect.sid'), before);
      assert.equal((await b.get('/secret')).status, 200);
      const me = await whoami(b);
      assert.deepEqual(
        me.factors.map((factor) => [factor.type, factor.persistentId, factor.method]),
        [['password', undefined, undefined], ['otp', phone.persistentId, 'remembered-browser']],
      );
      const [record] = await host.store.listRememberedBrowsers(alice.id);
      assert.equal(record?.lastUsedAt, host.clock.now());
      const used = host.events.filter((event) => event.name === 'rememberedBrowserUsed');
      assert.equal(used.length, 1);
      const verified = host.events.filter((event) => event.name === 'userVerified').at(-1);
      assert.ok(verified?.name === 'userVerified');
      assert.equal(verified.payload.method, 'remembered-browser');
      assert.equal(verified.payload.device.persistentId, phone.persistentId);
    }));

  it('never slides: usable daily until day 30 minus a second, refused at day 30 (then cleared and counted)', () =>
    withFlowHost({ rememberDays: 30 }, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      await rememberedLogin(host, b, alice, 1);
      const start = host.clock.now();
      for (let day = 1; day <= 29; day++) {
        host.clock.set(start + day * DAY * 1000);
        await signOut(b);
        const answer = await passwordOnly(b, alice);
        assert.equal(answer.status, 303, `day ${day}`);
        assert.deepEqual(rememberSetCookies(answer), [], 'never re-issued or extended');
      }
      host.clock.set(start + 30 * DAY * 1000 - 1000);
      await signOut(b);
      assert.equal((await passwordOnly(b, alice)).status, 303, 'one second before the end');
      host.clock.set(start + 30 * DAY * 1000);
      await signOut(b);
      const refused = await passwordOnly(b, alice);
      assert.equal(refused.status, 200, 'the token step again');
      // The expired cookie is cleared by the password's answer (the redirect to the token step).
      assert.equal(rememberSetCookies(refused.via!).length, 1);
      assert.match(rememberSetCookies(refused.via!)[0]!, /Max-Age=0/);
      assert.deepEqual(rememberCookies(b), []);
      assert.equal(await failures(host, alice, phone.persistentId), 1);
      assert.deepEqual(await host.store.listRememberedBrowsers(alice.id), []);
      const rejected = host.events.find((event) => event.name === 'rememberedBrowserRejected');
      assert.ok(rejected?.name === 'rememberedBrowserRejected');
      assert.equal(rejected.payload.reason, 'expired');
      assert.equal(rejected.payload.device?.persistentId, phone.persistentId);
    }));

  it('clears a tampered, unknown or malformed cookie and counts a failure on the device it names (if it is the user\'s)', () =>
    withFlowHost({ rememberDays: 30 }, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const bobPhone = await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const b = host.browser();
      await rememberedLogin(host, b, alice, 1);
      await signOut(b);
      const [[name, value]] = rememberCookies(b) as [[string, string]];
      const [recordId, deviceId, secret] = value.split('.') as [string, string, string];
      const flip = (text: string) => text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');
      const cases: [string, string, string, number][] = [
        ['tampered secret', name, `${recordId}.${deviceId}.${flip(secret)}`, 1],
        ['unknown record naming alice\'s phone', `twofold_remember_${'Z'.repeat(22)}`, `${'Z'.repeat(22)}.${deviceId}.${secret}`, 1],
        ['unknown record naming bob\'s phone', `twofold_remember_${'Y'.repeat(22)}`, `${'Y'.repeat(22)}.${bobPhone.id}.${secret}`, 0],
        ['moved under another name', `twofold_remember_${'X'.repeat(22)}`, value, 0],
        ['malformed', `twofold_remember_${'W'.repeat(22)}`, 'garbage', 0],
      ];
      for (const [label, cookieName, cookieValue, counted] of cases) {
        host.clock.advance(60);
        const browser = host.browser();
        browser.setCookie(cookieName, cookieValue);
        const before = await failures(host, alice, phone.persistentId);
        const answer = await passwordOnly(browser, alice);
        assert.equal(answer.status, 200, `${label}: the code is asked`);
        assert.ok(rememberSetCookies(answer.via ?? answer).some((line) => line.startsWith(`${cookieName}=;`) && /Max-Age=0/.test(line)), `${label}: cleared`);
        assert.equal(browser.cookie(cookieName), undefined, label);
        assert.equal((await failures(host, alice, phone.persistentId))! - before!, counted, `${label}: failures counted`);
      }
      assert.equal(await failures(host, bob, bobPhone.persistentId), 0, 'another user\'s device is never charged');
      // The real cookie still works (a forged one naming its record did not kill it).
      host.clock.advance(60);
      assert.equal((await passwordOnly(b, alice)).status, 303);
      const reasons = host.events.filter((event) => event.name === 'rememberedBrowserRejected').map((event) => event.payload.reason);
      assert.deepEqual(reasons, ['tampered', 'unknown', 'unknown', 'malformed', 'malformed']);
    }));

  it('throttles forged cookies like codes: a failure per back-off window, and none while the device is locked', () =>
    withFlowHost({ rememberDays: 30 }, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      for (let i = 0; i < 5; i++) {
        const browser = host.browser();
        const id = `${String(i)}${'Q'.repeat(21)}`;
        browser.setCookie(`twofold_remember_${id}`, `${id}.${phone.id}.${'s'.repeat(43)}`);
        assert.equal((await passwordOnly(browser, alice)).status, 200);
      }
      // Five forgeries at the same instant: one failure (the others met the back-off).
      assert.equal(await failures(host, alice, phone.persistentId), 1);
      // While the device backs off, even a genuine cookie is not honoured (and not cleared).
      const b = host.browser();
      host.clock.advance(1);
      await rememberedLogin(host, b, alice, 1);
      await signOut(b);
      const forged = host.browser();
      forged.setCookie(`twofold_remember_${'P'.repeat(22)}`, `${'P'.repeat(22)}.${phone.id}.${'s'.repeat(43)}`);
      await passwordOnly(forged, alice);
      const locked = await passwordOnly(b, alice);
      assert.equal(locked.status, 200);
      assert.deepEqual(rememberSetCookies(locked), []);
      assert.equal(rememberCookies(b).length, 1);
      host.clock.advance(1);
      assert.equal((await passwordOnly(b, alice)).status, 303);
    }));

  it('stops working when the password changes', () =>
    withFlowHost({ rememberDays: 30 }, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      await rememberedLogin(host, b, alice, 1);
      await signOut(b);
      alice.password = 'a-brand-new-password';
      host.clock.advance(60);
      const answer = await passwordOnly(b, alice);
      assert.equal(answer.status, 200);
      assert.deepEqual(rememberCookies(b), []);
      assert.equal(await failures(host, alice, phone.persistentId), 1);
      assert.deepEqual(await host.store.listRememberedBrowsers(alice.id), []);
      const rejected = host.events.find((event) => event.name === 'rememberedBrowserRejected');
      assert.equal(rejected?.name === 'rememberedBrowserRejected' ? rejected.payload.reason : null, 'password-changed');
    }));

  it('stops working when its device is removed (its record goes at once), revoked, revoked with the rest, or 2FA is disabled', () =>
    withFlowHost({ rememberDays: 30 }, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      host.clock.advance(1);
      const spare = await addTotp(host.twofold, alice.id, 'Spare', 2);
      const remembered = async (seed: number) => {
        const b = host.browser();
        const step = await passwordStep(b, alice);
        const device = seed === 1 ? phone : spare;
        const done = await b.post('/account/login', { _csrf: csrfOf(step), device: device.persistentId, token: totpCode(host.clock, seed), remember: 'on' });
        assert.equal(done.status, 303);
        await signOut(b);
        return b;
      };
      const works = async (b: FlowBrowser) => (await passwordOnly(b, alice)).status === 303;

      // Device removal: the browsers it remembered are forgotten at once.
      const viaSpare = await remembered(2);
      host.clock.advance(30);
      const viaPhone = await remembered(1);
      assert.equal((await host.store.listRememberedBrowsers(alice.id)).length, 2);
      assert.equal(await host.twofold.deleteDevice(alice.id, spare.persistentId), true);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal((await host.store.listRememberedBrowsers(alice.id)).length, 1);
      assert.equal(await works(viaSpare), false);
      assert.deepEqual(rememberCookies(viaSpare), []);
      assert.equal(await works(viaPhone), true);
      await signOut(viaPhone);

      // Revoke one of three: only that one stops.
      host.clock.advance(30);
      const second = await remembered(1);
      host.clock.advance(30);
      const third = await remembered(1);
      const listed = await listRememberedBrowsers(host.twofold, alice.id);
      assert.equal(listed.length, 3);
      assert.deepEqual(listed.map((entry) => entry.device.name), ['Alice phone', 'Alice phone', 'Alice phone']);
      assert.ok(listed.every((entry) => entry.expiresAt.getTime() - entry.createdAt.getTime() === 30 * DAY * 1000));
      assert.equal(await revokeRememberedBrowser(host.twofold, host.user('bob').id, listed[1]!.id), false, 'not bob\'s to revoke');
      assert.equal(await revokeRememberedBrowser(host.twofold, alice.id, listed[1]!.id), true);
      assert.equal(await works(second), false);
      // The revoked cookie counted a failure on the phone: its one-second back-off passes first.
      host.clock.advance(1);
      assert.equal(await works(viaPhone), true);
      await signOut(viaPhone);
      assert.equal(await works(third), true);
      await signOut(third);

      // Revoke all.
      assert.equal(await revokeAllRememberedBrowsers(host.twofold, alice.id), 2);
      assert.equal(await works(viaPhone), false);
      assert.equal(await works(third), false);

      // Disable (what the account pages do): every remembered browser and every device goes; after 2FA is
      // turned on again with a new device, the old cookie skips nothing.
      host.clock.advance(30);
      const last = await remembered(1);
      assert.equal(await forgetRememberedBrowsers(host.twofold, alice.id), 1);
      await host.twofold.deleteUserDevices(alice.id);
      const fresh = await addTotp(host.twofold, alice.id, 'New phone', 3);
      const answer = await passwordOnly(last, alice);
      assert.equal(answer.status, 200);
      assert.match(answer.text, /Enter the code shown by New phone/);
      assert.deepEqual(rememberCookies(last), []);
      assert.equal(await failures(host, alice, fresh.persistentId), 0, 'the old cookie named a device that is gone');
    }));

  it('lists what the profile shows: created, last used, user agent, device; expired ones are pruned', () =>
    withFlowHost({ rememberDays: 2 }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser({ 'user-agent': `Agent\t${'x'.repeat(600)}` });
      await rememberedLogin(host, b, alice, 1);
      const created = host.clock.now();
      await signOut(b);
      host.clock.advance(3600);
      await passwordOnly(b, alice);
      const [entry] = await listRememberedBrowsers(host.twofold, alice.id);
      assert.ok(entry !== undefined);
      assert.equal(entry.createdAt.getTime(), created);
      assert.equal(entry.lastUsedAt?.getTime(), created + 3600_000);
      assert.equal(entry.userAgent.length, 512);
      assert.match(entry.userAgent, /^Agent x/);
      assert.equal(entry.device.name, 'Alice phone');
      host.clock.advance(2 * DAY);
      assert.deepEqual(await listRememberedBrowsers(host.twofold, alice.id), []);
      assert.deepEqual(await host.store.listRememberedBrowsers(alice.id), []);
    }));
});
