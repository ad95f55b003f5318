/**
 * The one-page OTP login over real HTTP: password step, code step, every
 * message django-otp distinguishes, throttling at exact times, challenges,
 * foreign device ids, session rotation and what the session holds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueBackupCodes } from '../../src/devices/backup-codes/manage.js';
import {
  addTotp,
  csrfOf,
  deviceOptions,
  errorsOf,
  fullLogin,
  inputValue,
  noticesOf,
  passwordStep,
  startHost,
  totpCode,
  user,
  type Host,
} from './support.js';

const alice = user('alice');
const bob = user('bob');
const carol = user('carol');
const dave = user('<dave & "co">');

async function withHost(run: (host: Host) => Promise<void>, options?: Parameters<typeof startHost>[0]): Promise<void> {
  const host = await startHost(options);
  try {
    await run(host);
  } finally {
    await host.close();
  }
}

/** A 6-digit code that is none of the device's codes around now. */
function wrongCode(host: Host, seed: number): string {
  const near = new Set([-1, 0, 1].map((offset) => totpCode(host.clock, seed, offset)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

async function whoami(b: ReturnType<Host['browser']>): Promise<{ user: string | null; verified: boolean; device: string | null; factors: unknown[] }> {
  return JSON.parse((await b.get('/whoami')).text) as { user: string | null; verified: boolean; device: string | null; factors: unknown[] };
}

describe('one-page login: the password step', () => {
  it('first shows username and password only (no code field, no device list), with no-store and security headers', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const page = await host.browser().get('/account/login');
      assert.equal(page.status, 200);
      assert.match(page.text, /<label for="tf-username">Username<\/label>/);
      assert.match(page.text, /<input id="tf-password" name="password" type="password" autocomplete="current-password"/);
      assert.doesNotMatch(page.text, /name="token"|one-time-code/);
      assert.deepEqual(deviceOptions(page.text), []);
      assert.doesNotMatch(page.text, /Alice phone/);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(page.headers.get('referrer-policy'), 'same-origin');
      assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.match(page.text, /<link rel="stylesheet" href="\/account\/twofold.css">/);
      const css = await host.browser().get('/account/twofold.css');
      assert.equal(css.status, 200);
      assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
      assert.match(css.text, /\.tf-card/);
    }));

  it('refuses a wrong password with the same answer whether or not the user exists or has devices, and never echoes the password', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const answers = [];
      for (const username of ['alice', 'carol', 'nobody']) {
        const b = host.browser();
        const login = await b.get('/account/login');
        const page = await b.post('/account/login', { _csrf: csrfOf(login), username, password: 'wrong-password-123' });
        assert.equal(page.status, 401);
        assert.deepEqual(errorsOf(page.text), ['The username or the password is not right. Check both (they are case-sensitive) and try again.']);
        assert.deepEqual(deviceOptions(page.text), []);
        assert.ok(!page.text.includes('wrong-password-123'));
        assert.equal(inputValue(page.text, 'username'), username);
        answers.push(page.text.replace(/value="[^"]*"/g, ''));
      }
      assert.equal(answers[0], answers[1]);
      assert.equal(answers[1], answers[2]);
    }));

  it('asks for both fields when one is missing', () =>
    withHost(async (host) => {
      const b = host.browser();
      const login = await b.get('/account/login');
      const page = await b.post('/account/login', { _csrf: csrfOf(login), username: 'alice', password: '' });
      assert.equal(page.status, 400);
      assert.deepEqual(errorsOf(page.text), ['Enter your username and your password.']);
      assert.match(page.text, /<a href="#tf-password">/);
      assert.match(page.text, /id="tf-password"[^>]*aria-invalid="true"/);
    }));

  it('signs a user without devices in with the password alone, rotating the session id', () =>
    withHost(async (host) => {
      const b = host.browser();
      const login = await b.get('/account/login?next=%2Fmaybe');
      assert.equal(b.cookie('connect.sid'), undefined, 'no session is stored for an anonymous visitor');
      assert.ok(b.cookie('twofold_csrf') !== undefined, 'the form\'s token is in a cookie instead');
      const done = await b.post('/account/login', { _csrf: csrfOf(login), username: carol.username, password: carol.password, next: '/maybe' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/maybe');
      assert.ok(b.cookie('connect.sid') !== undefined);
      assert.equal(b.cookie('twofold_csrf'), undefined, 'the pre-session token is cleared once the session holds the sign-in');
      assert.equal((await b.get('/maybe')).status, 200);
      // Signed in, not verified: a plain otpRequired page still refuses.
      assert.equal((await b.get('/secret')).status, 302);
      const me = await whoami(b);
      assert.equal(me.user, carol.id);
      assert.equal(me.verified, false);
      assert.deepEqual(me.factors, [{ type: 'password', at: host.clock.now() }]);
    }));

  it('does not sign a user with devices in after the password alone: nothing is authenticated, the password is nowhere', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const bobDevice = await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const b = host.browser();
      const login = await b.get('/account/login');
      const anonymous = b.cookie('connect.sid');
      const step = await b.post('/account/login', { _csrf: csrfOf(login), username: alice.username, password: alice.password });
      assert.equal(step.status, 200);
      assert.notEqual(b.cookie('connect.sid'), anonymous, 'the session id changes after the password step');
      assert.deepEqual(noticesOf(step.text), ['Your password is correct. Now enter the code from one of your devices.']);
      assert.match(step.text, /Signing in as alice\./);
      assert.match(step.text, /Enter the code shown by Alice phone\./);
      assert.ok(!step.text.includes(bobDevice.persistentId));
      assert.doesNotMatch(step.text, /Bob phone/);
      assert.doesNotMatch(step.text, /name="password"/);
      assert.ok(!step.text.includes(alice.password));

      assert.equal((await b.get('/secret')).status, 302);
      assert.equal((await b.get('/maybe')).status, 302);
      assert.deepEqual(JSON.parse((await b.get('/api/data')).text), { error: 'login_required' });
      assert.equal((await whoami(b)).user, null);
      const stored = await host.allSessions();
      assert.ok(!stored.includes(alice.password));
      assert.match(stored, /"twofoldPending":\{"userId":"1","username":"alice","at":\d+,"transaction":"[A-Za-z0-9_-]{22}"\}/);
    }));

  it('escapes usernames and device names', () =>
    withHost(async (host) => {
      await host.twofold.createDevice({ userId: dave.id, kind: 'totp', name: '<b>"x" & y</b>', options: { key: new Uint8Array(20).fill(4) } });
      const step = await passwordStep(host, host.browser(), dave);
      assert.equal(step.status, 200);
      assert.ok(!step.text.includes('<dave'));
      assert.ok(step.text.includes('Signing in as &lt;dave &amp; &quot;co&quot;&gt;.'));
      assert.ok(!step.text.includes('<b>"x"'));
      assert.ok(step.text.includes('Enter the code shown by &lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;.'));
    }));
});

describe('one-page login: the code step', () => {
  it('signs in with the code, rotating the session id at each step and recording how and when', () =>
    withHost(async (host) => {
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(host, b, alice, '/secret');
      const pending = b.cookie('connect.sid');
      host.clock.advance(5);
      const done = await b.post('/account/login', { _csrf: csrfOf(step), device: device.persistentId, token: totpCode(host.clock, 1), next: '/secret' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      assert.notEqual(b.cookie('connect.sid'), pending);
      assert.equal((await b.get('/secret')).text, 'secret page');
      const me = await whoami(b);
      assert.deepEqual(me, {
        user: alice.id,
        verified: true,
        device: device.persistentId,
        factors: [
          { type: 'password', at: host.clock.now() - 5000 },
          { type: 'otp', kind: 'totp', persistentId: device.persistentId, method: 'device', at: host.clock.now() },
        ],
      });
      const stored = await host.allSessions();
      assert.ok(!stored.includes('twofoldPending'), 'the password marker is single-use');
      assert.ok(!stored.includes(alice.password));

      // The pending session is gone: replaying its cookie gives nothing.
      const replay = host.browser();
      replay.setCookie('connect.sid', pending!);
      assert.equal((await whoami(replay)).user, null);
      const again = await replay.get('/account/login');
      assert.deepEqual(deviceOptions(again.text), []);
    }));

  it('does not look at a code posted with the password: the wizard asks for it on its own step, against one device', () =>
    withHost(async (host) => {
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const login = await b.get('/account/login');
      const step = await b.post('/account/login', {
        _csrf: csrfOf(login),
        username: alice.username,
        password: alice.password,
        token: totpCode(host.clock, 1),
      });
      assert.equal(step.status, 200);
      assert.match(step.text, /<h1>Enter your code<\/h1>/);
      assert.equal((await whoami(b)).user, null);
      // The code was not consumed: it works on the token step.
      const done = await b.post('/account/login', { _csrf: csrfOf(step), device: device.persistentId, token: totpCode(host.clock, 1) });
      assert.equal(done.status, 303);
      const me = await whoami(b);
      assert.equal(me.device, device.persistentId);
      assert.deepEqual((me.factors[1] as { method: string }).method, 'device');
    }));

  it('says a code is required, and that a wrong, malformed or used code is not accepted (one message, no oracle)', () =>
    withHost(async (host) => {
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      // Use up the current code in one browser.
      const first = host.browser();
      assert.equal((await fullLogin(host, first, alice, 1)).status, 303);
      host.clock.advance(2); // past the 1-second back-off of any failure below

      const b = host.browser();
      const step = await passwordStep(host, b, alice);
      const csrf = csrfOf(step);
      const empty = await b.post('/account/login', { _csrf: csrf, device: device.persistentId, token: '  ' });
      assert.equal(empty.status, 400);
      assert.deepEqual(errorsOf(empty.text), ['Enter the code from your device.']);
      assert.match(empty.text, /id="tf-token"[^>]*aria-invalid="true"/);

      const invalid = 'That code was not accepted. Check it and try again.';
      const malformed = await b.post('/account/login', { _csrf: csrf, device: device.persistentId, token: 'abc!' });
      assert.equal(malformed.status, 401);
      assert.deepEqual(errorsOf(malformed.text), [invalid]);

      const wrong = await b.post('/account/login', { _csrf: csrf, device: device.persistentId, token: wrongCode(host, 1) });
      assert.equal(wrong.status, 401);
      assert.deepEqual(errorsOf(wrong.text), [invalid]);
      assert.equal(wrong.text, malformed.text);

      host.clock.advance(1);
      const replayed = await b.post('/account/login', { _csrf: csrf, device: device.persistentId, token: totpCode(host.clock, 1) });
      assert.equal(replayed.status, 401);
      assert.deepEqual(errorsOf(replayed.text), [invalid]);
      assert.equal((await whoami(b)).user, null);
    }));

  it('shows the failure count and the unlock time at exact instants, with correct plurals, and the same page for right and wrong codes', () =>
    withHost(async (host) => {
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const csrf = csrfOf(await passwordStep(host, b, alice));
      const submit = (token: string) => b.post('/account/login', { _csrf: csrf, device: device.persistentId, token });
      const wrong = wrongCode(host, 1);

      assert.equal((await submit(wrong)).status, 401); // failure 1 at 00:00:00, locked until 00:00:01
      const locked = await submit(wrong);
      assert.equal(locked.status, 429);
      assert.deepEqual(errorsOf(locked.text), [
        'Verification is paused after 1 failed attempt. You can try again in 1 second (00:00:01 UTC).',
      ]);
      const right = await submit(totpCode(host.clock, 1));
      assert.equal(right.status, 429);
      assert.equal(right.text, locked.text, 'a throttled answer does not depend on the code');

      host.clock.advance(1);
      assert.equal((await submit(wrong)).status, 401); // failure 2 at 00:00:01, locked until 00:00:03
      assert.deepEqual(errorsOf((await submit(wrong)).text), [
        'Verification is paused after 2 failed attempts. You can try again in 2 seconds (00:00:03 UTC).',
      ]);
      host.clock.advance(1);
      assert.deepEqual(errorsOf((await submit(totpCode(host.clock, 1))).text), [
        'Verification is paused after 2 failed attempts. You can try again in 1 second (00:00:03 UTC).',
      ]);
      host.clock.advance(1);
      assert.equal((await submit(wrong)).status, 401); // failure 3 at 00:00:03, locked until 00:00:07
      assert.deepEqual(errorsOf((await submit(wrong)).text), [
        'Verification is paused after 3 failed attempts. You can try again in 4 seconds (00:00:07 UTC).',
      ]);
      assert.equal((await host.twofold.getDevice(alice.id, device.persistentId))?.failureCount, 3);

      host.clock.advance(4);
      // The code refused while throttled was never consumed: it works now.
      const done = await submit(totpCode(host.clock, 1));
      assert.equal(done.status, 303);
      assert.equal((await host.twofold.getDevice(alice.id, device.persistentId))?.failureCount, 0);
    }));

  it('refuses another user\'s device id without evaluating anything: neither device is touched', () =>
    withHost(async (host) => {
      const alicePhone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const bobPhone = await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const b = host.browser();
      const step = await passwordStep(host, b, bob);
      assert.equal(inputValue(step.text, 'device'), bobPhone.persistentId);
      assert.ok(!step.text.includes(alicePhone.persistentId));
      const attempt = await b.post('/account/login', { _csrf: csrfOf(step), device: alicePhone.persistentId, token: totpCode(host.clock, 1) });
      assert.equal(attempt.status, 400);
      assert.deepEqual(errorsOf(attempt.text), ['That device cannot be used here. Choose one of your own devices.']);
      assert.equal((await whoami(b)).user, null);
      const untouched = await host.twofold.getDevice(alice.id, alicePhone.persistentId);
      assert.equal(untouched?.failureCount, 0);
      assert.equal(untouched.lastUsedAt, null);
      assert.equal((await host.twofold.getDevice(bob.id, bobPhone.persistentId))?.failureCount, 0);
      // Alice's code was not consumed.
      assert.equal((await fullLogin(host, host.browser(), alice, 1)).status, 303);
    }));

  it('ignores an unconfirmed device: it is not offered and its id is refused', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const pending = await host.twofold.createDevice({ userId: alice.id, kind: 'totp', name: 'Not yet', confirmed: false, options: { key: new Uint8Array(20).fill(9) } });
      const b = host.browser();
      const step = await passwordStep(host, b, alice);
      assert.match(step.text, /Alice phone/);
      assert.doesNotMatch(step.text, /Not yet/);
      const { generateTOTP } = await import('../../src/oath/index.js');
      const code = generateTOTP(new Uint8Array(20).fill(9), { time: host.clock.now() / 1000 });
      const attempt = await b.post('/account/login', { _csrf: csrfOf(step), device: pending.persistentId, token: code });
      assert.equal(attempt.status, 400);
      assert.equal((await whoami(b)).user, null);
      assert.equal((await host.twofold.getDevice(alice.id, pending.persistentId))?.confirmed, false);
    }));

  it('signs in with a backup code on the backup-code step, which asks for a text keyboard', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      host.clock.advance(1);
      const { device, codes } = await issueBackupCodes(host.twofold, alice.id);
      const b = host.browser();
      const step = await passwordStep(host, b, alice);
      assert.match(step.text, /href="\/account\/login\/backup">Use a backup code</);
      // Backup codes are not a device of the token step.
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), device: device.persistentId, token: codes[0]! })).status, 400);
      const page = await b.get('/account/login/backup');
      assert.equal(page.status, 200);
      assert.match(page.text, /inputmode="text"/);
      const empty = await b.post('/account/login/backup', { _csrf: csrfOf(page), token: '' });
      assert.equal(empty.status, 400);
      const done = await b.post('/account/login/backup', { _csrf: csrfOf(page), token: codes[0]! });
      assert.equal(done.via?.status, 303);
      assert.equal((await whoami(b)).device, device.persistentId);
    }));

  it('expires the password step after pendingLoginSeconds (600 s by default), exactly', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const early = host.browser();
      const earlyStep = await passwordStep(host, early, alice);
      const late = host.browser();
      const lateStep = await passwordStep(host, late, alice);
      host.clock.advance(599);
      assert.equal((await early.post('/account/login', { _csrf: csrfOf(earlyStep), token: totpCode(host.clock, 1) })).status, 303);
      host.clock.advance(1);
      const expired = await late.post('/account/login', { _csrf: csrfOf(lateStep), token: totpCode(host.clock, 1, 1) });
      assert.equal(expired.status, 400);
      assert.deepEqual(errorsOf(expired.text), ['Your sign-in took too long and was cancelled. Enter your username and password again.']);
      assert.match(expired.text, /name="username"/);
      assert.ok(!(await host.allSessions()).includes('twofoldPending'));
    }));

  it('starts over with "Use a different account"', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(host, b, alice, '/secret');
      const cancel = await b.post('/account/login', { _csrf: csrfOf(step), action: 'cancel', next: '/secret' });
      assert.equal(cancel.via?.status, 303);
      assert.equal(cancel.via.location, '/account/login?next=%2Fsecret');
      assert.match(cancel.text, /name="username"/);
      assert.deepEqual(deviceOptions(cancel.text), []);
    }));

  it('works when the host parses form bodies itself (express.urlencoded)', () =>
    withHost(
      async (host) => {
        await addTotp(host.twofold, alice.id, 'Alice phone', 1);
        const b = host.browser();
        assert.equal((await fullLogin(host, b, alice, 1, '/secret')).location, '/secret');
        assert.equal((await b.get('/secret')).status, 200);
      },
      { bodyParser: true },
    ));

  it('refuses bodies that are too large or not a form', () =>
    withHost(async (host) => {
      const b = host.browser();
      const csrf = csrfOf(await b.get('/account/login'));
      const big = await b.post('/account/login', { _csrf: csrf, username: 'x'.repeat(20_000), password: 'y' });
      assert.equal(big.status, 413);
      const json = await b.post('/account/login', { _csrf: csrf }, { 'content-type': 'application/json' });
      assert.equal(json.status, 415);
    }));
});

describe('one-page login: "Send me a code"', () => {
  async function bobWithPhone(host: Host) {
    const totpDevice = await addTotp(host.twofold, bob.id, 'Bob app', 2);
    // Created a second later, so that the app is the primary (oldest) device.
    host.clock.advance(1);
    const phone = await host.twofold.createDevice({ userId: bob.id, kind: 'sent', name: 'Bob SMS' });
    return { totpDevice, phone };
  }

  it('sends a code to an interactive device, says so in its own words (not the kind\'s), then accepts that code', () =>
    withHost(async (host) => {
      const { phone } = await bobWithPhone(host);
      const b = host.browser();
      const step = await passwordStep(host, b, bob);
      // The primary device (the oldest) shows its own codes; the phone is among the other ways in.
      assert.match(step.text, /Enter the code shown by Bob app\./);
      assert.match(step.text, /value="challenge">Send a code to Bob SMS</);
      const sent = await b.post('/account/login', { _csrf: csrfOf(step), device: phone.persistentId, action: 'challenge', token: '123456' });
      assert.equal(sent.status, 200);
      // A kind without a masked destination gets the generic sentence, never its own English message.
      assert.deepEqual(noticesOf(sent.text), ['We sent you a code.']);
      assert.deepEqual(errorsOf(sent.text), []);
      assert.equal(host.sent.length, 1);
      // The token step now asks for the phone's code, offers a new one, and says when.
      assert.match(sent.text, /Enter the code we sent you\./);
      assert.match(sent.text, /value="challenge" formnovalidate aria-describedby="tf-resend-hint" disabled>Send a new code</);
      assert.match(sent.text, /You can ask for a new code in 1 minute \(00:01:01 UTC\)\./);
      assert.equal(inputValue(sent.text, 'device'), phone.persistentId);
      const done = await b.post('/account/login', { _csrf: csrfOf(step), device: phone.persistentId, token: host.sent[0]! });
      assert.equal(done.status, 303);
      assert.equal((await whoami(b)).device, phone.persistentId);
    }));

  it('says when the next code may be sent during the cooldown', () =>
    withHost(async (host) => {
      const { phone } = await bobWithPhone(host);
      const b = host.browser();
      const csrf = csrfOf(await passwordStep(host, b, bob));
      const ask = () => b.post('/account/login', { _csrf: csrf, device: phone.persistentId, action: 'challenge' });
      assert.equal((await ask()).status, 200);
      host.clock.advance(15);
      const cooling = await ask();
      assert.equal(cooling.status, 429);
      assert.equal(cooling.headers.get('retry-after'), '45');
      assert.deepEqual(errorsOf(cooling.text), ['A code was sent a moment ago. You can ask for a new one in 45 seconds (00:01:01 UTC).']);
      host.clock.advance(45);
      assert.equal((await ask()).status, 200);
      assert.equal(host.sent.length, 2);
    }));

  it('says a device that shows its own codes does not send any', () =>
    withHost(async (host) => {
      const { totpDevice } = await bobWithPhone(host);
      const b = host.browser();
      const csrf = csrfOf(await passwordStep(host, b, bob));
      const page = await b.post('/account/login', { _csrf: csrf, device: totpDevice.persistentId, action: 'challenge' });
      assert.equal(page.status, 400);
      assert.deepEqual(errorsOf(page.text), ['This device does not send codes: enter the code it shows you instead.']);
      const none = await b.post('/account/login', { _csrf: csrf, action: 'challenge' });
      assert.deepEqual(errorsOf(none.text), ['This device does not send codes: enter the code it shows you instead.']);
      assert.equal(host.sent.length, 0);
    }));

  it('reports a failed delivery without details, logs it, and lets the user ask again at once', () =>
    withHost(async (host) => {
      const { phone } = await bobWithPhone(host);
      const b = host.browser();
      const csrf = csrfOf(await passwordStep(host, b, bob));
      host.failNextDelivery();
      const failed = await b.post('/account/login', { _csrf: csrf, device: phone.persistentId, action: 'challenge' });
      assert.equal(failed.status, 503);
      assert.deepEqual(errorsOf(failed.text), ['We could not send you a code just now. Wait a moment and try again.']);
      assert.ok(!failed.text.includes('gateway down'));
      assert.ok(host.logged.some((line) => line.includes('gateway down') && line.includes(phone.persistentId)));
      assert.equal((await b.post('/account/login', { _csrf: csrf, device: phone.persistentId, action: 'challenge' })).status, 200);
    }));

  it('ignores a foreign interactive device: no code is sent to it', () =>
    withHost(async (host) => {
      const { phone } = await bobWithPhone(host);
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(host, b, alice);
      assert.ok(!step.text.includes('Send me a code'));
      const page = await b.post('/account/login', { _csrf: csrfOf(step), device: phone.persistentId, action: 'challenge' });
      assert.equal(page.status, 400);
      assert.equal(host.sent.length, 0);
      assert.equal((await host.twofold.getDevice(bob.id, phone.persistentId))?.nextChallengeAt, null);
    }));
});

describe('one-page login: where it redirects', () => {
  const evil = [
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    'https:evil.example',
    '%2F%2Fevil.example',
    '/%2F/evil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
    '/\tevil',
    '/x\r\nLocation: https://evil.example',
    '\\\\evil.example',
    ' /evil',
  ];

  for (const next of evil) {
    it(`never follows next=${JSON.stringify(next)}`, () =>
      withHost(async (host) => {
        const b = host.browser();
        const login = await b.get(`/account/login?next=${encodeURIComponent(next)}`);
        assert.equal(inputValue(login.text, 'next'), undefined);
        const done = await b.post('/account/login', { _csrf: csrfOf(login), username: carol.username, password: carol.password, next });
        assert.equal(done.status, 303);
        assert.equal(done.location, '/');
      }));
  }

  it('follows a same-origin path with its query, and keeps it through the code step', () =>
    withHost(async (host) => {
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(host, b, alice, '/secret?tab=2&x=%2F');
      assert.equal(inputValue(step.text, 'next'), '/secret?tab=2&x=%2F');
      const done = await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1), next: '/secret?tab=2&x=%2F' });
      assert.equal(done.location, '/secret?tab=2&x=%2F');
    }));
});
