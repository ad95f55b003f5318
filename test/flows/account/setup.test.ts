import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, startHost, totpCode, user, type Host } from '../../express/support.js';
import { encodeBase32 } from '../../../src/oath/index.js';
import { primaryDevice } from '../../../src/flows/shared/primary.js';
import { accountErrors, codeFor, enrol, hotpCodeFor, keyOf, reauthenticate, signIn, SESSION_COOKIE } from './support.js';
import { seeded } from '../../support/random.js';

const carol = user('carol').id;
const dave = user('<dave & "co">').id;

describe('setup wizard', () => {
  let host: Host;
  before(async () => {
    host = await startHost();
  });
  after(async () => {
    await host.close();
  });

  it('lets a user without 2FA enrol after the password alone, verifies the session at once and offers backup codes', async () => {
    const b = await signIn(host, 'carol');
    assert.equal((await b.get('/whoami')).text.includes('"verified":false'), true);
    const welcome = await b.get('/account/setup');
    assert.equal(welcome.status, 200);
    assert.equal(welcome.headers.get('cache-control'), 'no-store');
    // One method: no choice is offered, the method travels as a hidden field.
    assert.doesNotMatch(welcome.text, /type="radio"/);
    assert.match(welcome.text, /<input type="hidden" name="method" value="totp">/);

    const started = await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' });
    assert.equal(started.status, 303);
    assert.equal(started.location, '/account/setup');
    assert.deepEqual(await host.twofold.listDevices(carol), [], 'nothing is stored before the code');

    const keyPage = await b.get('/account/setup');
    assert.equal(keyPage.status, 200);
    assert.equal(keyPage.headers.get('cache-control'), 'no-store');
    // The key is shown for reading in groups of four, and it is 160 bits.
    const shown = /<code class="tf-account-key"[^>]*>([^<]*)<\/code>/.exec(keyPage.text)![1]!;
    assert.match(shown, /^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    const key = keyOf(keyPage);
    assert.equal(key.length, 20);
    assert.match(keyPage.text, /autocomplete="one-time-code"/);
    assert.match(keyPage.text, /inputmode="numeric"/);
    assert.match(keyPage.text, /value="Authenticator app"/, 'the default name is the kind in words');

    const before = b.cookie(SESSION_COOKIE);
    const done = await b.post('/account/setup', { _csrf: csrfOf(keyPage), action: 'confirm', name: 'My phone', token: codeFor(key, host.clock) });
    assert.equal(done.status, 303);
    assert.match(done.location ?? '', /^\/account\/setup\/done\?device=totp%2F/);
    assert.notEqual(b.cookie(SESSION_COOKIE), before, 'the session id was rotated');

    const devices = await host.twofold.listDevices(carol);
    assert.equal(devices.length, 1);
    assert.equal(devices[0]!.name, 'My phone');
    assert.equal(devices[0]!.confirmed, true);
    assert.equal((await primaryDevice(host.twofold, carol))?.persistentId, devices[0]!.persistentId, 'the first device is primary');
    const whoami = JSON.parse((await b.get('/whoami')).text) as { verified: boolean; device: string };
    assert.equal(whoami.verified, true);
    assert.equal(whoami.device, devices[0]!.persistentId);

    const donePage = await b.get(done.location!);
    assert.equal(donePage.status, 200);
    assert.match(donePage.text, /From now on, after your password, signing in asks you to confirm it is you with My phone/);
    assert.match(donePage.text, /<form method="post" action="\/account\/backup-codes">/);

    // Once confirmed, the key is never shown again: no QR code, no key on the setup page.
    assert.equal((await b.get('/account/setup/qr.svg')).status, 404);
    const afterwards = await b.get('/account/setup');
    const base32 = encodeBase32(key, { padding: false });
    for (const page of [afterwards, donePage, await b.get('/account/profile')]) {
      assert.equal(page.text.includes(base32.slice(0, 16)), false);
      assert.equal(page.text.replaceAll(' ', '').includes(base32.slice(0, 16)), false);
      assert.doesNotMatch(page.text, /otpauth/);
    }
    // The code used to confirm cannot be used again (its time step is recorded).
    const replay = await host.twofold.verifyToken(carol, devices[0]!.persistentId, codeFor(key, host.clock));
    assert.equal(replay.ok, false);
    await host.twofold.deleteUserDevices(carol);
  });

  it('leaves no device behind when abandoned or cancelled, and keeps the key out of every URL', async () => {
    const b = await signIn(host, 'carol');
    const welcome = await b.get('/account/setup');
    const started = await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' });
    const keyPage = await b.get('/account/setup');
    const key = encodeBase32(keyOf(keyPage), { padding: false });
    // The key appears in the page once, as text to read; never in a link, an image URL, a form action or a Location.
    assert.equal(keyPage.text.split(key.replace(/(.{4})(?=.)/g, '$1 ')).length, 2);
    assert.equal(keyPage.text.includes(key), false);
    for (const attribute of keyPage.text.matchAll(/(?:href|src|action)="([^"]*)"/g)) {
      assert.doesNotMatch(attribute[1]!, /otpauth|secret=/i);
    }
    assert.match(keyPage.text, /<img class="tf-account-qr" src="\/account\/setup\/qr.svg"/);
    assert.equal(started.location?.includes(key), false);

    // Abandoned: the user walks away. Nothing exists, confirmed or not, in the store.
    host.clock.advance(3600);
    assert.deepEqual(await host.twofold.listDevices(carol), []);
    assert.deepEqual(await host.twofold.store.scanDevices({ limit: 1000 }).then((all) => all.filter((d) => d.userId === carol)), []);
    const expired = await b.get('/account/setup');
    assert.deepEqual(accountErrors(expired.text), ['Setting up took too long, so it was cancelled. Start again: you will get a new key.']);
    assert.equal((await b.get('/account/setup/qr.svg')).status, 404);

    // Cancelled: the key is forgotten at once.
    const again = await b.post('/account/setup', { _csrf: csrfOf(expired), action: 'start', method: 'totp' });
    assert.equal(again.status, 303);
    assert.equal((await b.get('/account/setup/qr.svg')).status, 200);
    const cancelled = await b.post('/account/setup', { _csrf: csrfOf(await b.get('/account/setup')), action: 'cancel' });
    assert.equal(cancelled.status, 303);
    assert.equal(cancelled.location, '/account/profile');
    assert.equal((await b.get('/account/setup/qr.svg')).status, 404);
    assert.deepEqual(await host.twofold.listDevices(carol), []);
  });

  it('serves the QR code only to the session that started the setup, never cached', async () => {
    const b = await signIn(host, 'carol');
    const welcome = await b.get('/account/setup');
    await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' });
    const qr = await b.get('/account/setup/qr.svg');
    assert.equal(qr.status, 200);
    assert.equal(qr.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
    assert.equal(qr.headers.get('cache-control'), 'no-store');
    assert.equal(qr.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(qr.headers.get('cross-origin-resource-policy'), 'same-origin');
    assert.match(qr.text, /^<svg /);

    const anonymous = await host.browser().get('/account/setup/qr.svg');
    assert.equal(anonymous.status, 403);
    const sameUserOtherSession = await (await signIn(host, 'carol')).get('/account/setup/qr.svg');
    assert.equal(sameUserOtherSession.status, 404);
    const otherUser = await (await signIn(host, 'bob')).get('/account/setup/qr.svg');
    assert.equal(otherUser.status, 404);
    // A careless host switching users in the same session does not hand over the setup.
    const switched = await b.post('/host-switch', { id: user('bob').id });
    assert.equal(switched.status, 200);
    assert.equal((await b.get('/account/setup/qr.svg')).status, 404);
    await b.post('/host-switch', { id: carol });
    assert.equal((await b.get('/account/setup/qr.svg')).status, 404, 'the foreign setup was discarded, not kept for later');
  });

  it('rejects a code from another key, and a confirmation from another session', seeded(async (random) => {
    const x = await signIn(host, 'carol');
    const y = await signIn(host, 'carol');
    await x.post('/account/setup', { _csrf: csrfOf(await x.get('/account/setup')), action: 'start', method: 'totp' });
    const keyPage = await x.get('/account/setup');
    const key = keyOf(keyPage);

    const otherSeed = await x.post('/account/setup', {
      _csrf: csrfOf(keyPage),
      action: 'confirm',
      name: 'Phone',
      token: codeFor(new Uint8Array(random.bytes(20)), host.clock),
    });
    assert.equal(otherSeed.status, 401);
    assert.deepEqual(accountErrors(otherSeed.text), [
      'That code does not match the new key. Check that you are reading the new entry in the app, and enter its current code.',
    ]);
    assert.match(otherSeed.text, /aria-invalid="true"/);

    host.clock.advance(1);
    const fromY = await y.post('/account/setup', { _csrf: csrfOf(await y.get('/account/setup')), action: 'confirm', name: 'Phone', token: codeFor(key, host.clock) });
    assert.equal(fromY.status, 400);
    assert.deepEqual(accountErrors(fromY.text), ['No setup is in progress in this browser. Start again.']);
    assert.deepEqual(await host.twofold.listDevices(carol), []);
    // A session that forged X's setup into its own cookie-less store has nothing to forge with: the QR stays X's.
    assert.equal((await y.get('/account/setup/qr.svg')).status, 404);
  }));

  it('backs off after wrong confirmation codes: 20 quick attempts evaluate one, and the right code waits too', async () => {
    const b = await signIn(host, 'carol');
    await b.post('/account/setup', { _csrf: csrfOf(await b.get('/account/setup')), action: 'start', method: 'totp' });
    const keyPage = await b.get('/account/setup');
    const key = keyOf(keyPage);
    const csrf = csrfOf(keyPage);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const wrong = await b.post('/account/setup', { _csrf: csrf, action: 'confirm', name: 'Phone', token: '000000' === codeFor(key, host.clock) ? '111111' : '000000' });
      statuses.push(wrong.status);
    }
    assert.deepEqual(statuses, [401, ...Array<number>(19).fill(429)]);
    const locked = await b.post('/account/setup', { _csrf: csrf, action: 'confirm', name: 'Phone', token: codeFor(key, host.clock) });
    assert.equal(locked.status, 429, 'the right code is not even looked at while backing off');
    assert.match(accountErrors(locked.text)[0] ?? '', /^That is 1 wrong code\. You can try again in 1 second \(\d\d:\d\d:\d\d UTC\)\.$/);
    assert.deepEqual(await host.twofold.listDevices(carol), []);

    // The delay doubles with each wrong code that is evaluated.
    host.clock.advance(1);
    const second = await b.post('/account/setup', { _csrf: csrf, action: 'confirm', name: 'Phone', token: '12345' });
    assert.equal(second.status, 401);
    const third = await b.post('/account/setup', { _csrf: csrf, action: 'confirm', name: 'Phone', token: codeFor(key, host.clock) });
    assert.equal(third.status, 429);
    assert.match(accountErrors(third.text)[0]!, /^That is 2 wrong codes in a row\. You can try again in 2 seconds/);
    host.clock.advance(2);
    const right = await b.post('/account/setup', { _csrf: csrf, action: 'confirm', name: 'Phone', token: codeFor(key, host.clock) });
    assert.equal(right.status, 303);
    assert.equal((await host.twofold.listDevices(carol)).length, 1);
    await host.twofold.deleteUserDevices(carol);
  });

  it('keeps the name and asks again for a missing code or a bad name, without counting a failure', async () => {
    const b = await signIn(host, 'carol');
    await b.post('/account/setup', { _csrf: csrfOf(await b.get('/account/setup')), action: 'start', method: 'totp' });
    const keyPage = await b.get('/account/setup');
    const key = keyOf(keyPage);
    const csrf = csrfOf(keyPage);
    const cases: [string, string, string][] = [
      ['', codeFor(key, host.clock), 'Give the device a name.'],
      ['   ', codeFor(key, host.clock), 'Give the device a name.'],
      ['x'.repeat(65), codeFor(key, host.clock), 'The name can have at most 64 characters.'],
      ['bad\u0007name', codeFor(key, host.clock), 'The name cannot contain line breaks or other control characters.'],
      ['Tablet', '', 'Enter the code the app shows.'],
    ];
    for (const [name, token, error] of cases) {
      const page = await b.post('/account/setup', { _csrf: csrf, action: 'confirm', name, token });
      assert.equal(page.status, 400, name);
      assert.deepEqual(accountErrors(page.text), [error]);
    }
    const kept = await b.post('/account/setup', { _csrf: csrf, action: 'confirm', name: '<Tablet & "co">', token: '' });
    assert.match(kept.text, /value="&lt;Tablet &amp; &quot;co&quot;&gt;"/, 'the typed name is kept, escaped');
    const ok = await b.post('/account/setup', { _csrf: csrf, action: 'confirm', name: '  <Tablet & "co">  ', token: codeFor(key, host.clock) });
    assert.equal(ok.status, 303, 'no failure was counted: no back-off');
    assert.equal((await host.twofold.listDevices(carol))[0]?.name, '<Tablet & "co">');
    await host.twofold.deleteUserDevices(carol);
  });

  it('lands on a safe next when done, and ignores an unsafe one', async () => {
    const b = await signIn(host, 'carol');
    const welcome = await b.get('/account/setup?next=%2Fsecret%3Fa%3D1');
    assert.match(welcome.text, /<input type="hidden" name="next" value="\/secret\?a=1">/);
    await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp', next: '/secret?a=1' });
    const keyPage = await b.get('/account/setup');
    const done = await b.post('/account/setup', { _csrf: csrfOf(keyPage), action: 'confirm', name: 'Phone', token: codeFor(keyOf(keyPage), host.clock), next: '//evil.example' });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/secret?a=1', 'the next kept with the setup wins over anything posted later');
    assert.equal((await b.get('/secret')).text, 'secret page');
    await host.twofold.deleteUserDevices(carol);

    const c = await signIn(host, 'carol');
    for (const unsafe of ['//evil.example', 'https://evil.example/', '/\\evil.example', '%2F%2Fevil.example']) {
      const w = await c.get(`/account/setup?next=${encodeURIComponent(unsafe)}`);
      assert.doesNotMatch(w.text, /name="next"/, unsafe);
      await c.post('/account/setup', { _csrf: csrfOf(w), action: 'start', method: 'totp', next: unsafe });
    }
    const keyPage2 = await c.get('/account/setup');
    const done2 = await c.post('/account/setup', { _csrf: csrfOf(keyPage2), action: 'confirm', name: 'Phone', token: codeFor(keyOf(keyPage2), host.clock) });
    assert.match(done2.location ?? '', /^\/account\/setup\/done\?/);
    await host.twofold.deleteUserDevices(carol);
  });

  it('needs a signed-in user: anonymous visitors are sent to the login page, and pending logins are not signed in', async () => {
    const anonymous = host.browser();
    const page = await anonymous.get('/account/setup');
    assert.equal(page.status, 303);
    assert.equal(page.location, '/account/login?next=%2Faccount%2Fsetup');
    const profile = await anonymous.get('/account/profile');
    const post = await anonymous.post('/account/setup', { _csrf: csrfOf(await anonymous.get('/account/login')), action: 'start', method: 'totp' });
    assert.equal(post.status, 303);
    assert.match(post.location ?? '', /^\/account\/login\?next=/);
    assert.equal(profile.status, 303);
  });

  it('asks a user who already has 2FA for a recent code before adding a device, and names the second one by number', async () => {
    const device = await addTotp(host.twofold, dave, 'Authenticator app', 41);
    const b = await signIn(host, '<dave & "co">');
    const refused = await b.get('/account/setup');
    assert.equal(refused.status, 303);
    assert.equal(refused.location, '/account/reauthenticate?next=%2Faccount%2Fsetup');
    const start = await b.post('/account/setup', { _csrf: csrfOf(await b.get('/account/reauthenticate')), action: 'start', method: 'totp' });
    assert.equal(start.status, 303);
    assert.equal(start.location, '/account/reauthenticate?next=%2Faccount%2Fsetup');
    assert.equal((await b.get('/account/setup/qr.svg')).status, 404, 'no setup was started');

    const verified = await reauthenticate(b, totpCode(host.clock, 41), { next: '/account/setup' });
    assert.equal(verified.status, 303);
    assert.equal(verified.location, '/account/setup');
    const welcome = await b.get('/account/setup');
    assert.equal(welcome.status, 200);
    assert.match(welcome.text, /You are adding another device/);
    await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' });
    const keyPage = await b.get('/account/setup');
    assert.match(keyPage.text, /value="Authenticator app 2"/);

    // Fifteen minutes after the code the verification is no longer recent: the confirmation is refused too.
    host.clock.advance(901);
    const stale = await b.post('/account/setup', { _csrf: csrfOf(keyPage), action: 'confirm', name: 'Second', token: codeFor(keyOf(keyPage), host.clock) });
    assert.equal(stale.status, 303);
    assert.equal(stale.location, '/account/reauthenticate?next=%2Faccount%2Fsetup');
    assert.equal((await host.twofold.listDevices(dave)).length, 1);
    host.clock.advance(30);
    await reauthenticate(b, totpCode(host.clock, 41));
    // Within the window (exactly 900 s later still counts), the second device is added.
    host.clock.advance(900);
    const restarted = await b.get('/account/setup');
    assert.deepEqual(accountErrors(restarted.text), ['Setting up took too long, so it was cancelled. Start again: you will get a new key.']);
    await b.post('/account/setup', { _csrf: csrfOf(restarted), action: 'start', method: 'totp' });
    const keyPage2 = await b.get('/account/setup');
    const added = await b.post('/account/setup', { _csrf: csrfOf(keyPage2), action: 'confirm', name: '', token: codeFor(keyOf(keyPage2), host.clock) });
    assert.equal(added.status, 400, 'an empty name is refused');
    const added2 = await b.post('/account/setup', { _csrf: csrfOf(keyPage2), action: 'confirm', name: 'Authenticator app 2', token: codeFor(keyOf(keyPage2), host.clock) });
    assert.equal(added2.status, 303);
    const names = (await host.twofold.listDevices(dave)).map((d) => d.name);
    assert.deepEqual(names, ['Authenticator app', 'Authenticator app 2']);
    assert.equal((await primaryDevice(host.twofold, dave))?.persistentId, device.persistentId, 'adding a device keeps the primary one');
    const addedPage = await b.get(added2.location!);
    assert.doesNotMatch(addedPage.text, /From now on/, 'the new device is not the one asked first');
    assert.match(addedPage.text, /Authenticator app 2 is ready\. Signing in still asks Authenticator app first;/);
    await host.twofold.deleteUserDevices(dave);
  });

  it('refuses to finish a first enrolment once another session added a device meanwhile', async () => {
    const b = await signIn(host, 'carol');
    await b.post('/account/setup', { _csrf: csrfOf(await b.get('/account/setup')), action: 'start', method: 'totp' });
    const keyPage = await b.get('/account/setup');
    await addTotp(host.twofold, carol, 'Added elsewhere', 42);
    const late = await b.post('/account/setup', { _csrf: csrfOf(keyPage), action: 'confirm', name: 'Mine', token: codeFor(keyOf(keyPage), host.clock) });
    assert.equal(late.status, 303);
    assert.match(late.location ?? '', /^\/account\/reauthenticate/);
    assert.deepEqual((await host.twofold.listDevices(carol)).map((d) => d.name), ['Added elsewhere']);
    await host.twofold.deleteUserDevices(carol);
  });

  it('refuses a setup post without the CSRF token or from another site', async () => {
    const b = await signIn(host, 'carol');
    const welcome = await b.get('/account/setup');
    const missing = await b.post('/account/setup', { action: 'start', method: 'totp' });
    assert.equal(missing.status, 403);
    const crossSite = await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' }, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    assert.equal((await b.get('/account/setup/qr.svg')).status, 404);
  });
});

describe('setup wizard with several methods', () => {
  let host: Host;
  before(async () => {
    host = await startHost({ twofold: { account: { methods: ['totp', 'hotp'], issuer: 'Example & Co' } } });
  });
  after(async () => {
    await host.close();
  });

  it('offers a choice of method, requires one, and sets up a counter-based key', async () => {
    const b = await signIn(host, 'carol');
    const welcome = await b.get('/account/setup');
    assert.match(welcome.text, /<legend>How do you want to get your codes\?<\/legend>/);
    assert.match(welcome.text, /type="radio" name="method" id="tf-method-0" value="totp" checked/);
    assert.match(welcome.text, /type="radio" name="method" id="tf-method-1" value="hotp"/);
    const none = await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start' });
    assert.equal(none.status, 400);
    assert.deepEqual(accountErrors(none.text), ['Choose how you want to get your codes.']);
    assert.match(none.text, /<a href="#tf-method">/);
    const unknown = await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'backup-codes' });
    assert.equal(unknown.status, 400);

    const enrolment = await enrol(host, b, { method: 'hotp', name: 'Key fob' });
    const [device] = await host.twofold.listDevices(carol);
    assert.equal(device?.kind, 'hotp');
    assert.equal(device.name, 'Key fob');
    assert.equal(enrolment.device, device.persistentId);
    // The confirmation code (counter 0) is used up; the next one works.
    assert.equal((await host.twofold.verifyToken(carol, device.persistentId, hotpCodeFor(enrolment.key, 0))).ok, false);
    host.clock.advance(1);
    assert.equal((await host.twofold.verifyToken(carol, device.persistentId, hotpCodeFor(enrolment.key, 1))).ok, true);
    await host.twofold.deleteUserDevices(carol);
  });

  it('puts the configured issuer into the QR code (and nothing into a URL)', async () => {
    const b = await signIn(host, 'carol');
    const welcome = await b.get('/account/setup');
    await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' });
    const keyPage = await b.get('/account/setup');
    assert.match(keyPage.text, /as a time-based key/);
    const qr = await b.get('/account/setup/qr.svg');
    assert.equal(qr.status, 200);
  });

  it('sets up a user whose name has a colon: the QR code shows it with a hyphen instead of failing', async () => {
    const b = await signIn(host, 'carol:admin');
    const welcome = await b.get('/account/setup');
    await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' });
    const qr = await b.get('/account/setup/qr.svg');
    assert.equal(qr.status, 200);
    assert.match(qr.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    assert.match(qr.text, /^<svg/);
  });
});
