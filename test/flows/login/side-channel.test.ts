/**
 * Signing in with devices that send codes (text message, voice call,
 * e-mail) through the development gateway, at exact times: the code goes out
 * on the POST of the password and never on a GET, "Send a new code" obeys
 * the cooldown (429 with Retry-After until exactly its end) and the sending
 * budgets, a failed delivery answers 503 and leaves the user free to ask
 * again, codes expire at exactly their lifetime and work once, a code
 * belongs to the device it was sent to, the pages say where it went in the
 * reader's language, and the gateway gets that language.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Device } from '../../../src/core/types.js';
import {
  addTotp,
  codeIn,
  csrfOf,
  errorsOf,
  inputValue,
  noticesOf,
  passwordStep,
  sentTo,
  whoami,
  withFlowHost,
  type FlowBrowser,
  type FlowHost,
  type FlowUser,
} from './support.js';

const ALICE_MOBILE = '+31612345678';
const ALICE_MOBILE_MASKED = '+31 • ••••••78';
const ALICE_LANDLINE = '+31201234567';
const ALICE_LANDLINE_MASKED = '+31 •• ••• ••67';
const BOB_MOBILE = '+31687654321';

const PASSWORD_ACCEPTED = 'Your password is correct. Now enter the code from one of your devices.';
const SMS_SENT = `We sent a text message with a code to ${ALICE_MOBILE_MASKED}.`;

function addPhone(host: FlowHost, user: FlowUser, name: string, number: string, method: 'sms' | 'call' = 'sms'): Promise<Device> {
  return host.twofold.createDevice({ userId: user.id, kind: 'phone', name, options: { number, method } });
}

function challenge(b: FlowBrowser, csrf: string, device: Device, path = '/account/login') {
  return b.post(path, { _csrf: csrf, device: device.persistentId, action: 'challenge' });
}

function verify(b: FlowBrowser, csrf: string, device: Device, token: string, path = '/account/login') {
  return b.post(path, { _csrf: csrf, device: device.persistentId, token });
}

describe('sign-in with a device that sends codes: the first code', () => {
  it('goes out on the POST of the password, says where in the page, and signs in', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      const b = host.browser();
      const login = await b.get('/account/login');
      assert.equal(host.gateway.outbox().length, 0, 'the password page sends nothing');
      const step = await b.post('/account/login', { _csrf: csrfOf(login), username: alice.username, password: alice.password, next: '/secret' });
      assert.equal(step.status, 200);
      assert.deepEqual(noticesOf(step.text), [PASSWORD_ACCEPTED, SMS_SENT]);
      assert.deepEqual(errorsOf(step.text), []);
      assert.equal(inputValue(step.text, 'device'), mobile.persistentId);
      assert.match(step.text, /Enter the code from the text message we sent to \+31 • ••••••78\./);
      // Disabled during the cooldown (a click would only be refused), and the hint counts down to it (issue 11).
      assert.match(step.text, /id="tf-send-code" type="submit" name="action" value="challenge" formnovalidate aria-describedby="tf-resend-hint" disabled>Send a new code<\/button>/);
      assert.match(
        step.text,
        /<p class="tf-hint tf-resend-hint" id="tf-resend-hint" data-tf-until="[0-9]{4}-01-01T00:01:00.000Z" data-tf-relative="in 1 minute" data-tf-clock="00:01:00 UTC" data-tf-done="You can ask for a new code now." data-tf-enables="tf-send-code">You can ask for a new code in 1 minute \(00:01:00 UTC\)\.<\/p>/,
      );
      assert.ok(!step.text.includes(ALICE_MOBILE), 'the number is only shown masked');

      const outbox = host.gateway.outbox();
      assert.equal(outbox.length, 1);
      const [message] = outbox;
      assert.equal(message?.channel, 'sms');
      assert.equal(message.to, ALICE_MOBILE);
      assert.equal(message.userId, alice.id);
      assert.equal(message.deviceId, mobile.persistentId);
      assert.equal(message.language, 'en');
      assert.equal(message.expiresAt.getTime(), host.clock.now() + 300_000);

      const done = await verify(b, csrfOf(step), mobile, codeIn(message), '/account/login');
      assert.equal(done.status, 303);
      assert.equal((await whoami(b)).device, mobile.persistentId);
    }));

  it('is never sent by a GET: reloading the token step, choosing a device by link, or opening /verify', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      host.clock.advance(1);
      const mail = await host.twofold.createDevice({ userId: alice.id, kind: 'email', name: 'Alice mail', options: { address: 'alice@example.org' } });
      const b = host.browser();
      await passwordStep(b, alice);
      assert.equal(host.gateway.outbox().length, 1);
      host.clock.advance(120);
      const reload = await b.get('/account/login');
      assert.equal(reload.status, 200);
      // The code sent with the password is still live: the page asks for it, and offers a new one (the cooldown is over).
      assert.match(reload.text, /Enter the code from the text message we sent to \+31 • ••••••78\./);
      assert.match(reload.text, /formnovalidate>Send a new code<\/button>/);
      assert.doesNotMatch(reload.text, /tf-resend-hint/);
      const chosen = await b.get(`/account/login?device=${encodeURIComponent(mail.persistentId)}`);
      assert.equal(inputValue(chosen.text, 'device'), mail.persistentId);
      assert.match(chosen.text, /Ask for an e-mail with a code to a•••e@example\.org, then enter the code here\./);
      assert.match(chosen.text, /formnovalidate>Send me a code<\/button>/);
      assert.equal(host.gateway.outbox().length, 1, 'GETs sent nothing');

      // The verify-only page, once that code has expired: a user the host signed in asks for the first code with the button.
      host.clock.advance(180);
      const other = host.browser();
      assert.equal((await other.post('/host-login', { username: alice.username, password: alice.password })).status, 200);
      const page = await other.get('/account/verify');
      assert.equal(page.status, 200);
      assert.equal(host.gateway.outbox().length, 1);
      assert.match(page.text, /Ask for a text message with a code to \+31 • ••••••78, then enter the code here\./);
      const sent = await challenge(other, csrfOf(page), mobile, '/account/verify');
      assert.equal(sent.status, 200);
      assert.deepEqual(noticesOf(sent.text), [SMS_SENT]);
      assert.match(sent.text, /formnovalidate aria-describedby="tf-resend-hint" disabled>Send a new code<\/button>/);
      assert.equal(host.gateway.outbox().length, 2);
      const done = await verify(other, csrfOf(sent), mobile, codeIn(sentTo(host, ALICE_MOBILE)), '/account/verify');
      assert.equal(done.status, 303);
      assert.equal((await whoami(other)).verified, true);
    }));

  it('says "we sent you a code" for a kind that does not tell where, and e-mails in its own words', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      await host.twofold.createDevice({ userId: alice.id, kind: 'sent', name: 'Alice pager' });
      await host.twofold.createDevice({ userId: bob.id, kind: 'email', name: 'Bob mail', options: { address: 'bob.builder@example.org' } });
      const pager = await passwordStep(host.browser(), alice);
      assert.deepEqual(noticesOf(pager.text), [PASSWORD_ACCEPTED, 'We sent you a code.']);
      assert.match(pager.text, /Enter the code we sent you\./);
      assert.equal(host.sent.length, 1);
      const mail = await passwordStep(host.browser(), bob);
      assert.deepEqual(noticesOf(mail.text), [PASSWORD_ACCEPTED, 'We sent an e-mail with a code to b•••r@example.org.']);
      assert.match(mail.text, /Enter the code from the e-mail we sent to b•••r@example\.org\./);
      assert.equal(sentTo(host, 'bob.builder@example.org').channel, 'email');
    }));

  it('is not sent when the primary device shows its own codes', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice app', 1);
      host.clock.advance(1);
      await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      const step = await passwordStep(host.browser(), alice);
      assert.deepEqual(noticesOf(step.text), [PASSWORD_ACCEPTED]);
      assert.match(step.text, /value="challenge">Send a code to Alice mobile<\/button>/);
      assert.equal(host.gateway.outbox().length, 0);
    }));
});

describe('sign-in with a device that sends codes: a new code', () => {
  it('is refused with 429 and Retry-After before the cooldown ends, and sent at exactly its end (the old code then stops working)', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      const b = host.browser();
      const step = await passwordStep(b, alice);
      const first = codeIn(sentTo(host, ALICE_MOBILE));
      host.clock.advance(59);
      const early = await challenge(b, csrfOf(step), mobile);
      assert.equal(early.status, 429);
      assert.equal(early.headers.get('retry-after'), '1');
      assert.deepEqual(errorsOf(early.text), ['A code was sent a moment ago. You can ask for a new one in 1 second (00:01:00 UTC).']);
      assert.match(early.text, /You can ask for a new code in 1 second \(00:01:00 UTC\)\./);
      assert.equal(host.gateway.outbox().length, 1);

      host.clock.advance(1);
      const resent = await challenge(b, csrfOf(step), mobile);
      assert.equal(resent.status, 200);
      assert.deepEqual(noticesOf(resent.text), [SMS_SENT]);
      assert.equal(resent.headers.get('retry-after'), null);
      assert.match(resent.text, /You can ask for a new code in 1 minute \(00:02:00 UTC\)\./);
      const second = codeIn(sentTo(host, ALICE_MOBILE));
      assert.equal(host.gateway.outbox().length, 2);
      if (second !== first) {
        const old = await verify(b, csrfOf(step), mobile, first);
        assert.equal(old.status, 401, 'only the newest code is live');
        host.clock.advance(1); // the failed attempt's back-off
      }
      assert.equal((await verify(b, csrfOf(step), mobile, second)).status, 303);
    }));

  it('is refused with 429 and Retry-After when a sending budget is spent; the live code keeps working', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      const b = host.browser();
      const csrf = csrfOf(await passwordStep(b, alice));
      // The phone kind's default: five messages an hour to one number (the first went with the password).
      for (let sent = 2; sent <= 5; sent++) {
        host.clock.advance(60);
        assert.equal((await challenge(b, csrf, mobile)).status, 200, `message ${sent}`);
      }
      host.clock.advance(60);
      const refused = await challenge(b, csrf, mobile);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), String(3600 - 300));
      assert.deepEqual(errorsOf(refused.text), ['Too many codes were sent lately. You can ask for a new one in 55 minutes (01:00:00 UTC).']);
      assert.equal(host.gateway.outbox().length, 5);
      // The fifth code (sent 60 s ago, valid 300 s) still signs in.
      assert.equal((await verify(b, csrf, mobile, codeIn(sentTo(host, ALICE_MOBILE)))).status, 303);
    }));

  it('charges the client\'s address (req.ip): one client cannot make the site text many accounts', () =>
    withFlowHost({ phone: { budgets: [{ scope: 'client', limit: 1, windowSeconds: 3600 }] } }, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      await addPhone(host, bob, 'Bob mobile', BOB_MOBILE);
      assert.equal((await passwordStep(host.browser(), alice)).status, 200);
      // The password is accepted, so the answer is the code step (after its redirect), saying why no code went out.
      const refused = await passwordStep(host.browser(), bob);
      assert.equal(refused.via?.status, 303);
      assert.equal(refused.status, 200);
      assert.deepEqual(errorsOf(refused.text), ['Too many codes were sent lately. You can ask for a new one in 1 hour (01:00:00 UTC).']);
      assert.equal(host.gateway.latest(BOB_MOBILE), undefined);
    }));

  it('answers 503 when delivery fails, logs why without showing it, and lets the user ask again at once', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      host.gateway.simulateFailure('provider down');
      const b = host.browser();
      const step = await passwordStep(b, alice);
      // The password was accepted: the token step is shown (after its redirect), with what went wrong.
      assert.equal(step.status, 200);
      assert.deepEqual(noticesOf(step.text), [PASSWORD_ACCEPTED]);
      assert.deepEqual(errorsOf(step.text), ['We could not send you a code just now. Wait a moment and try again.']);
      assert.match(step.text, /formnovalidate>Send me a code<\/button>/);
      assert.ok(!step.text.includes('provider down'));
      assert.ok(host.logged.some((line) => line.includes('provider down') && line.includes(mobile.persistentId)));
      const again = await challenge(b, csrfOf(step), mobile);
      assert.equal(again.status, 503, 'still down');
      host.gateway.simulateFailure(null);
      const sent = await challenge(b, csrfOf(step), mobile);
      assert.equal(sent.status, 200, 'no cooldown after failed sends');
      assert.equal((await verify(b, csrfOf(step), mobile, codeIn(sentTo(host, ALICE_MOBILE)))).status, 303);
    }));
});

describe('sign-in with a device that sends codes: the code', () => {
  it('expires at exactly its lifetime: 299 s works, 300 s does not', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      const aliceMobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      const bobMobile = await addPhone(host, bob, 'Bob mobile', BOB_MOBILE);
      const early = host.browser();
      const late = host.browser();
      const earlyCsrf = csrfOf(await passwordStep(early, alice));
      const lateCsrf = csrfOf(await passwordStep(late, bob));
      host.clock.advance(299);
      assert.equal((await verify(early, earlyCsrf, aliceMobile, codeIn(sentTo(host, ALICE_MOBILE)))).status, 303);
      host.clock.advance(1);
      const expired = await verify(late, lateCsrf, bobMobile, codeIn(sentTo(host, BOB_MOBILE)));
      assert.equal(expired.status, 401);
      assert.deepEqual(errorsOf(expired.text), ['That code was not accepted. Check it and try again.']);
      // Expired: the page no longer claims a code is waiting, and a new one may be asked for.
      assert.match(expired.text, /Ask for a text message with a code to \+31 • ••••••21, then enter the code here\./);
      assert.match(expired.text, /formnovalidate>Send me a code<\/button>/);
    }));

  it('works once: the next sign-in gets a new code (a used code ends the cooldown), and the used one is refused', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      const first = host.browser();
      const csrf = csrfOf(await passwordStep(first, alice));
      const code = codeIn(sentTo(host, ALICE_MOBILE));
      host.clock.advance(10);
      assert.equal((await verify(first, csrf, mobile, code)).status, 303);
      host.clock.advance(10);
      const second = host.browser();
      const step = await passwordStep(second, alice);
      assert.deepEqual(noticesOf(step.text), [PASSWORD_ACCEPTED, SMS_SENT]);
      assert.equal(host.gateway.outbox().length, 2);
      const fresh = codeIn(sentTo(host, ALICE_MOBILE));
      if (fresh !== code) {
        assert.equal((await verify(second, csrfOf(step), mobile, code)).status, 401);
        host.clock.advance(1);
      }
      assert.equal((await verify(second, csrfOf(step), mobile, fresh)).status, 303);
    }));

  it('is not sent again by a sign-in started over within the cooldown: the page asks for the live code and says when a new one may be sent', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      const other = host.browser();
      await passwordStep(other, alice);
      const code = codeIn(sentTo(host, ALICE_MOBILE));
      // Another browser's sign-in cannot use it: the code is bound to the sign-in that asked for it (issue 9).
      const elsewhere = host.browser();
      const elsewhereStep = await passwordStep(elsewhere, alice);
      assert.equal((await verify(elsewhere, csrfOf(elsewhereStep), mobile, code)).status, 401);
      host.clock.advance(20);
      // Started over in the same browser, it is the same sign-in: the code sent first still works.
      const second = other;
      const step = await passwordStep(second, alice);
      assert.equal(step.status, 200);
      assert.deepEqual(noticesOf(step.text), [PASSWORD_ACCEPTED]);
      assert.deepEqual(errorsOf(step.text), []);
      assert.equal(host.gateway.outbox().length, 1);
      assert.match(step.text, /Enter the code from the text message we sent to \+31 • ••••••78\./);
      assert.match(step.text, /You can ask for a new code in 40 seconds \(00:01:00 UTC\)\./);
      assert.equal((await verify(second, csrfOf(step), mobile, code)).status, 303);
    }));

  it('belongs to the device it was sent to: "send to my other phone" asks for that phone\'s code only', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      host.clock.advance(1);
      const landline = await addPhone(host, alice, 'Alice landline', ALICE_LANDLINE, 'call');
      const b = host.browser();
      const step = await passwordStep(b, alice);
      assert.match(step.text, /value="challenge">Send a code to Alice landline<\/button>/);
      const mobileCode = codeIn(sentTo(host, ALICE_MOBILE));
      const called = await challenge(b, csrfOf(step), landline);
      assert.equal(called.status, 200);
      assert.deepEqual(noticesOf(called.text), [`We are calling ${ALICE_LANDLINE_MASKED} now: a voice will read you a code.`]);
      assert.equal(inputValue(called.text, 'device'), landline.persistentId);
      assert.match(called.text, /Enter the code the voice read out when we called \+31 •• ••• ••67\./);
      assert.match(called.text, /value="challenge">Send a code to Alice mobile<\/button>/);
      const call = sentTo(host, ALICE_LANDLINE);
      assert.equal(call.channel, 'call');

      // The mobile's code on the landline's step is wrong there, and counts against the landline only.
      const wrong = await verify(b, csrfOf(step), landline, mobileCode);
      assert.equal(wrong.status, 401);
      assert.equal((await host.twofold.getDevice(alice.id, landline.persistentId))?.failureCount, 1);
      assert.equal((await host.twofold.getDevice(alice.id, mobile.persistentId))?.failureCount, 0);
      const locked = await verify(b, csrfOf(step), landline, codeIn(call));
      assert.equal(locked.status, 429);
      assert.equal(locked.headers.get('retry-after'), '1');
      host.clock.advance(1);
      assert.equal((await verify(b, csrfOf(step), landline, codeIn(call))).status, 303);
      assert.equal((await whoami(b)).device, landline.persistentId);
    }));
});

describe('sign-in with a device that sends codes: the reader\'s language', () => {
  it('reaches the gateway (DeliveryContext.language) and the page: Accept-Language nl', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice, 'Alice mobile', ALICE_MOBILE);
      const b = host.browser({ 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5' });
      const step = await passwordStep(b, alice);
      const message = sentTo(host, ALICE_MOBILE);
      assert.equal(message.language, 'nl');
      assert.match(message.text, /is uw verificatiecode/);
      assert.deepEqual(noticesOf(step.text), [
        'Je wachtwoord is juist. Voer nu de code van een van je apparaten in.',
        `We hebben een sms met een code gestuurd naar ${ALICE_MOBILE_MASKED}.`,
      ]);
      assert.match(step.text, /Nieuwe code sturen/);
      host.clock.advance(30);
      const early = await challenge(b, csrfOf(step), mobile);
      assert.equal(early.status, 429);
      assert.equal(early.headers.get('retry-after'), '30');
      assert.equal((await verify(b, csrfOf(step), mobile, codeIn(message))).status, 303);
    }));
});
