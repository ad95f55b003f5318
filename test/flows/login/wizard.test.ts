/**
 * The login wizard over real HTTP at exact times: password, then a code from
 * the primary device (or another one, or a backup code). Its order cannot be
 * skipped or bent, a code is checked against the chosen device only, the
 * password step runs out at exactly 600 s, and the password is nowhere.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueBackupCodes } from '../../../src/devices/backup-codes/manage.js';
import { setPrimaryDevice } from '../../../src/flows/shared/primary.js';
import {
  addTotp,
  csrfOf,
  errorsOf,
  inputValue,
  noticesOf,
  passwordStep,
  totpCode,
  whoami,
  withFlowHost,
  wrongTotp,
  type FlowHost,
} from './support.js';

const wrong = (host: FlowHost, seed: number) => wrongTotp(host.clock, seed, totpCode);

describe('login wizard: order and hidden fields', () => {
  it('refuses a code without a password step in this session, and evaluates nothing', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const device = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const csrf = csrfOf(await b.get('/account/login'));
      for (const [path, fields] of [
        ['/account/login', { device: device.persistentId, token: totpCode(host.clock, 1) }],
        ['/account/login', { token: totpCode(host.clock, 1) }],
        ['/account/login/backup', { token: 'abcde-fghjk' }],
        ['/account/verify', { token: totpCode(host.clock, 1) }],
      ] as const) {
        const page = await b.post(path, { _csrf: csrf, ...fields });
        assert.equal(page.status, 400, path);
        assert.deepEqual(errorsOf(page.text), ['Your sign-in took too long and was cancelled. Enter your username and password again.'], path);
        assert.match(page.text, /name="username"/);
      }
      assert.equal((await whoami(b)).user, null);
      const untouched = await host.twofold.getDevice(alice.id, device.persistentId);
      assert.equal(untouched?.failureCount, 0);
      assert.equal(untouched.lastUsedAt, null);
      // The code was not used up: the real wizard accepts it.
      const step = await passwordStep(b, alice);
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1) })).status, 303);
    }));

  it('takes the user from the session, never from the form: extra user fields change nothing', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const b = host.browser();
      const step = await passwordStep(b, alice);
      const done = await b.post('/account/login', {
        _csrf: csrfOf(step),
        token: totpCode(host.clock, 1),
        userId: bob.id,
        user: bob.id,
        username: undefined,
        pending: JSON.stringify({ userId: bob.id }),
      });
      assert.equal(done.status, 303);
      assert.equal((await whoami(b)).user, alice.id);
      // Bob's code in Alice's wizard is just a wrong code for Alice's device.
      const other = host.browser();
      const otherStep = await passwordStep(other, alice);
      host.clock.advance(31);
      const refused = await other.post('/account/login', { _csrf: csrfOf(otherStep), token: totpCode(host.clock, 2), userId: bob.id });
      assert.equal(refused.status, 401);
      assert.equal((await whoami(other)).user, null);
    }));

  it('refuses a changed device field (another user\'s, made up, backup codes, unconfirmed) before looking at the code', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      const alicePhone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const bobPhone = await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const { device: backup } = await issueBackupCodes(host.twofold, alice.id);
      const unconfirmed = await host.twofold.createDevice({ userId: alice.id, kind: 'totp', name: 'Pending', confirmed: false });
      const b = host.browser();
      const step = await passwordStep(b, alice);
      assert.equal(inputValue(step.text, 'device'), alicePhone.persistentId);
      for (const device of [bobPhone.persistentId, 'totp/AAAAAAAAAAAAAAAAAAAAAA', backup.persistentId, unconfirmed.persistentId, 'garbage', '']) {
        const page = await b.post('/account/login', { _csrf: csrfOf(step), device, token: totpCode(host.clock, 2) });
        if (device === '') {
          // An empty device is the primary one: Bob's code is simply wrong there.
          assert.equal(page.status, 401);
          continue;
        }
        assert.equal(page.status, 400, device);
        assert.deepEqual(errorsOf(page.text), ['That device cannot be used here. Choose one of your own devices.'], device);
      }
      assert.equal((await host.twofold.getDevice(bob.id, bobPhone.persistentId))?.failureCount, 0);
      assert.equal((await host.twofold.getDevice(bob.id, bobPhone.persistentId))?.lastUsedAt, null);
      assert.equal((await host.twofold.getDevice(alice.id, alicePhone.persistentId))?.failureCount, 1, 'only the empty-device attempt counted');
      assert.equal((await whoami(b)).user, null);
    }));

  it('rotates the session id after the password and after the code; old ids grant nothing', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const login = await b.get('/account/login');
      const anonymous = b.cookie('connect.sid');
      const step = await b.post('/account/login', { _csrf: csrfOf(login), username: alice.username, password: alice.password });
      const pending = b.cookie('connect.sid');
      assert.notEqual(pending, anonymous);
      // The CSRF token changed with the session: the anonymous page's token is refused now.
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(login), token: totpCode(host.clock, 1) })).status, 403);
      await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1) });
      const verified = b.cookie('connect.sid');
      assert.notEqual(verified, pending);
      assert.equal((await whoami(b)).verified, true);
      for (const old of [anonymous!, pending!]) {
        const replay = host.browser();
        replay.setCookie('connect.sid', old);
        assert.equal((await whoami(replay)).user, null);
        assert.equal((await replay.get('/secret')).status, 302);
      }
    }));

  it('keeps the password out of the session, the pages and the cookies', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(b, alice);
      assert.ok(!step.text.includes(alice.password));
      assert.doesNotMatch(step.text, /name="password"/);
      assert.ok(!(await host.allSessions()).includes(alice.password));
      assert.ok(![...b.cookies().values()].some((value) => value.includes(alice.password)));
      assert.ok(!step.headers.getSetCookie().some((line) => line.includes(alice.password)));
      const backup = await b.get('/account/login/backup');
      assert.ok(!backup.text.includes(alice.password));
      await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1) });
      assert.ok(!(await host.allSessions()).includes(alice.password));
    }));

  it('starts over with "Use a different account", in a new session', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(b, alice, '/secret');
      const pending = b.cookie('connect.sid');
      const cancel = await b.post('/account/login', { _csrf: csrfOf(step), action: 'cancel', next: '/secret' });
      assert.equal(cancel.via?.status, 303);
      assert.equal(cancel.via.location, '/account/login?next=%2Fsecret');
      assert.notEqual(b.cookie('connect.sid'), pending);
      assert.ok(!(await host.allSessions()).includes('twofoldPending'));
      assert.match(cancel.text, /name="username"/);
    }));
});

describe('login wizard: the password step times out', () => {
  it('after exactly 600 s by default: 599 s still works, 600 s says why and asks for the password again', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const early = host.browser();
      const earlyStep = await passwordStep(early, alice);
      const late = host.browser();
      const lateStep = await passwordStep(late, alice);
      const lateBackup = host.browser();
      await passwordStep(lateBackup, alice);
      host.clock.advance(599);
      assert.equal((await early.post('/account/login', { _csrf: csrfOf(earlyStep), token: totpCode(host.clock, 1) })).status, 303);
      host.clock.advance(1);
      const expired = await late.post('/account/login', { _csrf: csrfOf(lateStep), token: totpCode(host.clock, 1, 1) });
      assert.equal(expired.status, 400);
      assert.deepEqual(errorsOf(expired.text), ['Your sign-in took too long and was cancelled. Enter your username and password again.']);
      assert.match(expired.text, /name="username"/);
      // The same on a GET of the backup step, and the marker is gone for good.
      const backup = await lateBackup.get('/account/login/backup');
      assert.deepEqual(errorsOf(backup.text), ['Your sign-in took too long and was cancelled. Enter your username and password again.']);
      assert.ok(!(await host.allSessions()).includes('twofoldPending'));
    }));

  it('never with pendingLoginSeconds: 0', () =>
    withFlowHost({ twofold: { pendingLoginSeconds: 0 } }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(b, alice);
      host.clock.advance(30 * 86_400);
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1) })).status, 303);
    }));

  it('after a configured time, checked at start-up (0, or 30 to 86400)', async () => {
    await withFlowHost({ twofold: { pendingLoginSeconds: 30 } }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const step = await passwordStep(b, alice);
      host.clock.advance(30);
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1) })).status, 400);
    });
    for (const bad of [29, 86_401, -1, 0.5]) {
      await assert.rejects(withFlowHost({ twofold: { pendingLoginSeconds: bad } }, () => Promise.resolve()), /pendingLoginSeconds/);
    }
  });
});

describe('login wizard: devices', () => {
  it('asks the primary device first, lists the others, and checks a code only against the chosen device', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const first = await addTotp(host.twofold, alice.id, 'Old phone', 1);
      host.clock.advance(1);
      const second = await addTotp(host.twofold, alice.id, 'New phone', 2);
      host.clock.advance(1);
      const phone = await host.twofold.createDevice({ userId: alice.id, kind: 'sent', name: 'Alice SMS' });
      await setPrimaryDevice(host.twofold, alice.id, second.persistentId);
      host.clock.advance(30);
      const b = host.browser();
      const step = await passwordStep(b, alice, '/secret');
      assert.match(step.text, /Enter the code shown by New phone\./);
      assert.equal(inputValue(step.text, 'device'), second.persistentId);
      assert.match(step.text, /<h2 id="tf-other-methods-heading">Other ways to confirm it is you<\/h2>/);
      assert.ok(step.text.includes(`<a href="/account/login?device=${encodeURIComponent(first.persistentId)}&amp;next=%2Fsecret">Use Old phone</a>`));
      assert.match(step.text, /<button class="tf-button tf-button-link" type="submit" name="action" value="challenge">Send a code to Alice SMS<\/button>/);
      assert.doesNotMatch(step.text, /Use a backup code/, 'no backup codes, no link');

      // The old phone's code on the new phone's step is wrong there, and throttles the new phone only.
      const refused = await b.post('/account/login', { _csrf: csrfOf(step), device: second.persistentId, token: totpCode(host.clock, 1), next: '/secret' });
      assert.equal(refused.status, 401);
      assert.equal((await host.twofold.getDevice(alice.id, second.persistentId))?.failureCount, 1);
      assert.equal((await host.twofold.getDevice(alice.id, first.persistentId))?.failureCount, 0);
      assert.equal((await host.twofold.getDevice(alice.id, phone.persistentId))?.failureCount, 0);

      // Choosing the old phone (a plain link: nothing changes on the server) and using its code.
      const chosen = await b.get(`/account/login?device=${encodeURIComponent(first.persistentId)}&next=%2Fsecret`);
      assert.match(chosen.text, /Enter the code shown by Old phone\./);
      assert.ok(chosen.text.includes('Use New phone'));
      const done = await b.post('/account/login', { _csrf: csrfOf(chosen), device: first.persistentId, token: totpCode(host.clock, 1), next: '/secret' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      const me = await whoami(b);
      assert.equal(me.device, first.persistentId);
      assert.deepEqual(
        me.factors.map((factor) => [factor.type, factor.method]),
        [['password', undefined], ['otp', 'device']],
      );
    }));

  it('ignores a foreign device in the choice link (the primary is asked instead)', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      const mine = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const bobs = await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const b = host.browser();
      await passwordStep(b, alice);
      const page = await b.get(`/account/login?device=${encodeURIComponent(bobs.persistentId)}`);
      assert.equal(inputValue(page.text, 'device'), mine.persistentId);
      assert.doesNotMatch(page.text, /Bob phone/);
    }));

  it('sends a code to another interactive device and then asks for that device\'s code', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice app', 1);
      host.clock.advance(1);
      const phone = await host.twofold.createDevice({ userId: alice.id, kind: 'sent', name: 'Alice SMS' });
      const b = host.browser();
      const step = await passwordStep(b, alice);
      const sent = await b.post('/account/login', { _csrf: csrfOf(step), device: phone.persistentId, action: 'challenge' });
      assert.equal(sent.status, 200);
      assert.deepEqual(noticesOf(sent.text), ['We sent you a code.']);
      assert.equal(inputValue(sent.text, 'device'), phone.persistentId);
      assert.match(sent.text, /Enter the code we sent you\./);
      assert.ok(sent.text.includes('Use Alice app'));
      const done = await b.post('/account/login', { _csrf: csrfOf(sent), device: phone.persistentId, token: host.sent[0]! });
      assert.equal(done.status, 303);
      assert.equal((await whoami(b)).device, phone.persistentId);
    }));

  it('keeps throttling per device, with the message at exact times', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const app = await addTotp(host.twofold, alice.id, 'Alice app', 1);
      host.clock.advance(1);
      const spare = await addTotp(host.twofold, alice.id, 'Spare', 2);
      const b = host.browser();
      const csrf = csrfOf(await passwordStep(b, alice));
      assert.equal((await b.post('/account/login', { _csrf: csrf, token: wrong(host, 1) })).status, 401);
      const locked = await b.post('/account/login', { _csrf: csrf, token: totpCode(host.clock, 1) });
      assert.equal(locked.status, 429);
      assert.equal(locked.headers.get('retry-after'), '1');
      assert.deepEqual(errorsOf(locked.text), ['Verification is paused after 1 failed attempt. You can try again in 1 second (00:00:02 UTC).']);
      // The other device is not held back by the first one's failures.
      const other = await b.post('/account/login', { _csrf: csrf, device: spare.persistentId, token: totpCode(host.clock, 2) });
      assert.equal(other.status, 303);
      assert.equal((await host.twofold.getDevice(alice.id, app.persistentId))?.failureCount, 1);
    }));
});

describe('login wizard: backup codes', () => {
  it('has a step of its own: single use, text keyboard, the count not shown before success, the remainder in userVerified', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      host.clock.advance(1);
      const { device, codes } = await issueBackupCodes(host.twofold, alice.id, { count: 7 });
      const b = host.browser();
      const step = await passwordStep(b, alice, '/secret');
      assert.match(step.text, /<a href="\/account\/login\/backup\?next=%2Fsecret">Use a backup code<\/a>/);
      const page = await b.get('/account/login/backup?next=%2Fsecret');
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1>Use a backup code<\/h1>/);
      assert.match(page.text, /<label for="tf-token">Backup code<\/label>/);
      assert.match(page.text, /autocomplete="one-time-code" inputmode="text"/);
      assert.doesNotMatch(page.text, /\b7\b|seven/i, 'how many codes are left is not shown');
      assert.match(page.text, /<a href="\/account\/login\?next=%2Fsecret">Use one of your devices instead<\/a>/);

      const done = await b.post('/account/login/backup', { _csrf: csrfOf(page), token: codes[0]!.toUpperCase(), next: '/secret' });
      // Accepted: the page after it says how many are left (6 is not few: no warning), then goes on to /secret.
      assert.equal(done.via?.status, 303);
      assert.equal(done.via.location, '/account/login/backup?next=%2Fsecret');
      assert.match(done.text, /You signed in with a backup code\. You have 6 backup codes left\./);
      assert.doesNotMatch(done.text, /Get new backup codes/);
      assert.match(done.text, /<a class="tf-button" href="\/secret">Continue<\/a>/);
      assert.equal((await whoami(b)).device, device.persistentId);
      const verified = host.events.filter((event) => event.name === 'userVerified');
      assert.equal(verified.length, 1);
      const [event] = verified;
      assert.ok(event?.name === 'userVerified');
      assert.equal(event.payload.backupCodesRemaining, 6);
      assert.equal(event.payload.device.kind, 'backup-codes');
      assert.equal(event.payload.flow, 'login');
      assert.equal(event.payload.method, 'device');
      assert.deepEqual(event.payload.user, { id: alice.id, username: 'alice' });
      assert.equal(event.payload.request.path, '/account/login/backup');
      assert.ok(!JSON.stringify(event.payload).includes(codes[0]!));

      // The same code a second time: refused.
      host.clock.advance(5);
      const again = host.browser();
      await passwordStep(again, alice);
      const second = await again.get('/account/login/backup');
      const refused = await again.post('/account/login/backup', { _csrf: csrfOf(second), token: codes[0]! });
      assert.equal(refused.status, 401);
      assert.deepEqual(errorsOf(refused.text), ['That code was not accepted. Check it and try again.']);
      assert.equal((await whoami(again)).user, null);
    }));

  it('goes straight to the backup step for a user with only backup codes, and answers the same for a user without any', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      const { codes } = await issueBackupCodes(host.twofold, alice.id);
      const b = host.browser();
      const step = await passwordStep(b, alice);
      assert.equal(step.status, 303);
      assert.equal(step.location, '/account/login/backup');
      const page = await b.get(step.location);
      assert.equal((await b.post('/account/login/backup', { _csrf: csrfOf(page), token: codes[1]! })).via?.status, 303);

      // Bob has a phone but no backup codes: the step exists, and a code there is just not accepted.
      await addTotp(host.twofold, bob.id, 'Bob phone', 2);
      const other = host.browser();
      const otherStep = await passwordStep(other, bob);
      assert.doesNotMatch(otherStep.text, /Use a backup code/);
      const backup = await other.get('/account/login/backup');
      assert.equal(backup.status, 200);
      const refused = await other.post('/account/login/backup', { _csrf: csrfOf(backup), token: codes[2]! });
      assert.equal(refused.status, 401);
      assert.deepEqual(errorsOf(refused.text), ['That code was not accepted. Check it and try again.']);
    }));
});

describe('login wizard: without a device', () => {
  it('signs a user without a device in with the password alone (not verified)', () =>
    withFlowHost({}, async (host) => {
      const b = host.browser();
      const done = await passwordStep(b, host.user('carol'), '/maybe');
      assert.equal(done.status, 303);
      assert.equal(done.location, '/maybe');
      assert.equal((await b.get('/maybe')).status, 200);
      const me = await whoami(b);
      assert.equal(me.user, '3');
      assert.equal(me.verified, false);
      assert.equal(host.events.length, 0, 'no userVerified for a password-only sign-in');
    }));
});
