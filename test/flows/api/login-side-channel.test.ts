/**
 * The sign-in JSON API with devices that send codes, at exact times: the
 * answer to the password says which device got a code, where (masked) and
 * by which channel, and when the next may be asked for; the challenge
 * endpoint resends, answering 429 with Retry-After for the cooldown and
 * spent budgets and 503 for a failed delivery, in the request's language.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Device } from '../../../src/core/types.js';
import type {
  ApiError,
  LoginApiErrorCode,
  LoginChallengeResponse,
  SecondFactorRequiredResponse,
  SessionResponse,
  SignedInResponse,
} from '../../../src/flows/api/types.js';
import { codeIn, sentTo, withFlowHost, type FlowBrowser, type FlowHost, type FlowUser, type Page } from '../login/support.js';

const MOBILE = '+31612345678';
const MOBILE_MASKED = '+31 • ••••••78';

function body(page: Page): unknown {
  assert.match(page.headers.get('content-type') ?? '', /^application\/json/);
  return JSON.parse(page.text);
}

function apiError(page: Page, status: number, code: LoginApiErrorCode): ApiError<LoginApiErrorCode> {
  assert.equal(page.status, status, page.text);
  const error = body(page) as ApiError<LoginApiErrorCode>;
  assert.equal(error.error, code);
  return error;
}

async function post(b: FlowBrowser, path: string, data: unknown): Promise<Page> {
  const { csrfToken } = JSON.parse((await b.get('/account/api/session')).text) as SessionResponse;
  return b.json(path, data, { 'x-csrf-token': csrfToken });
}

async function apiLogin(b: FlowBrowser, user: FlowUser): Promise<SecondFactorRequiredResponse> {
  const page = await post(b, '/account/api/login', { username: user.username, password: user.password });
  assert.equal(page.status, 200, page.text);
  const answer = body(page) as SecondFactorRequiredResponse;
  assert.equal(answer.status, 'second-factor-required');
  return answer;
}

function addPhone(host: FlowHost, user: FlowUser, number = MOBILE, method: 'sms' | 'call' = 'sms', name = 'Mobile'): Promise<Device> {
  return host.twofold.createDevice({ userId: user.id, kind: 'phone', name, options: { number, method } });
}

describe('JSON API: signing in with a device that sends codes', () => {
  it('sends the first code with the password and says which device, where, by which channel, and when the next may be asked for', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice);
      host.clock.advance(1);
      const mail = await host.twofold.createDevice({ userId: alice.id, kind: 'email', name: 'Mail', options: { address: 'alice@example.org' } });
      const b = host.browser();
      const answer = await apiLogin(b, alice);
      assert.deepEqual(answer.primary, {
        id: mobile.persistentId,
        name: 'Mobile',
        kind: 'phone',
        interactive: true,
        primary: true,
        delivery: { channel: 'sms', destination: MOBILE_MASKED },
      });
      assert.deepEqual(answer.otherMethods, [
        { id: mail.persistentId, name: 'Mail', kind: 'email', interactive: true, primary: false, delivery: { channel: 'email', destination: 'a•••e@example.org' } },
      ]);
      assert.deepEqual(answer.firstCode, {
        status: 'code-sent',
        device: mobile.persistentId,
        message: `We sent a text message with a code to ${MOBILE_MASKED}.`,
        nextChallengeAt: new Date(host.clock.now() + 60_000).toISOString(),
      });
      assert.equal(host.gateway.outbox().length, 1);
      assert.ok(!JSON.stringify(answer).includes(MOBILE), 'the number is only given masked');
      const done = await post(b, '/account/api/login/verify', { code: codeIn(sentTo(host, MOBILE)) });
      assert.equal((body(done) as SignedInResponse).verified, true);
    }));

  it('resends: 429 with Retry-After until exactly the end of the cooldown, then sent; the other device gets its own code', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice);
      host.clock.advance(1);
      const landline = await addPhone(host, alice, '+31201234567', 'call', 'Landline');
      const b = host.browser();
      await apiLogin(b, alice);
      host.clock.advance(59);
      const early = await post(b, '/account/api/login/challenge', {});
      const cooldown = apiError(early, 429, 'cooldown');
      assert.equal(early.headers.get('retry-after'), '1');
      assert.equal(cooldown.retryAt, new Date(host.clock.now() + 1000).toISOString());
      assert.equal(cooldown.message, 'A code was sent a moment ago. You can ask for a new one in 1 second (00:01:01 UTC).');
      host.clock.advance(1);
      const resent = await post(b, '/account/api/login/challenge', { device: mobile.persistentId });
      assert.equal(resent.status, 200);
      const answer = body(resent) as LoginChallengeResponse;
      assert.equal(answer.status, 'code-sent');
      assert.equal(answer.device.id, mobile.persistentId);
      assert.deepEqual(answer.device.delivery, { channel: 'sms', destination: MOBILE_MASKED });
      assert.equal(answer.nextChallengeAt, new Date(host.clock.now() + 60_000).toISOString());
      const mobileCode = codeIn(sentTo(host, MOBILE));

      const called = body(await post(b, '/account/api/login/challenge', { device: landline.persistentId })) as LoginChallengeResponse;
      assert.equal(called.message, 'We are calling +31 •• ••• ••67 now: a voice will read you a code.');
      assert.deepEqual(called.device.delivery, { channel: 'call', destination: '+31 •• ••• ••67' });
      assert.equal(called.device.primary, false);
      apiError(await post(b, '/account/api/login/verify', { device: landline.persistentId, code: mobileCode }), 401, 'invalid_token');
      host.clock.advance(1);
      const done = await post(b, '/account/api/login/verify', { device: landline.persistentId, code: codeIn(sentTo(host, '+31201234567')) });
      assert.equal((body(done) as SignedInResponse).status, 'signed-in');
    }));

  it('answers 429 send_limit with Retry-After when a budget is spent, and 503 for a failed delivery (then sends at once)', () =>
    withFlowHost({ phone: { budgets: [{ scope: 'user', limit: 2, windowSeconds: 600 }] }, twofold: { pendingLoginSeconds: 0 } }, async (host) => {
      const alice = host.user('alice');
      await addPhone(host, alice);
      const b = host.browser();
      await apiLogin(b, alice);
      host.clock.advance(60);
      assert.equal((await post(b, '/account/api/login/challenge', {})).status, 200);
      host.clock.advance(60);
      const spent = await post(b, '/account/api/login/challenge', {});
      const error = apiError(spent, 429, 'send_limit');
      assert.equal(spent.headers.get('retry-after'), '480');
      assert.equal(error.retryAt, new Date(host.clock.now() + 480_000).toISOString());
      assert.equal(error.message, 'Too many codes were sent lately. You can ask for a new one in 8 minutes (00:10:00 UTC).');

      // Once both sends are out of the window (a failed delivery counts too, as a provider may bill it).
      host.clock.advance(540);
      host.gateway.simulateFailure('provider down');
      const failed = apiError(await post(b, '/account/api/login/challenge', {}), 503, 'challenge_failed');
      assert.equal(failed.message, 'We could not send you a code just now. Wait a moment and try again.');
      host.gateway.simulateFailure(null);
      assert.equal((await post(b, '/account/api/login/challenge', {})).status, 200);
      assert.equal(host.gateway.outbox().length, 3);
    }));

  it('says in firstCode why the first code was not sent, and keeps the sign-in going', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile = await addPhone(host, alice);
      host.gateway.simulateFailure('provider down');
      const b = host.browser();
      const answer = await apiLogin(b, alice);
      assert.deepEqual(answer.firstCode, {
        status: 'not-sent',
        device: mobile.persistentId,
        error: 'challenge_failed',
        message: 'We could not send you a code just now. Wait a moment and try again.',
        nextChallengeAt: null,
      });
      host.gateway.simulateFailure(null);
      const sent = body(await post(b, '/account/api/login/challenge', {})) as LoginChallengeResponse;
      assert.equal(sent.status, 'code-sent');

      // Another client signing in within the cooldown: nothing sent, and when it may be.
      host.clock.advance(20);
      const other = await apiLogin(host.browser(), alice);
      assert.deepEqual(other.firstCode, {
        status: 'not-sent',
        device: mobile.persistentId,
        error: 'cooldown',
        message: 'A code was sent a moment ago. You can ask for a new one in 40 seconds (00:01:00 UTC).',
        nextChallengeAt: new Date(host.clock.now() + 40_000).toISOString(),
      });
      assert.equal(host.gateway.outbox().length, 1);
    }));

  it('sends in the request\'s language: the message, the answer and DeliveryContext.language', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addPhone(host, alice);
      const b = host.browser({ 'accept-language': 'de-AT' });
      const answer = await apiLogin(b, alice);
      assert.equal(answer.firstCode?.message, `Wir haben eine SMS mit einem Code an ${MOBILE_MASKED} gesendet.`);
      const message = sentTo(host, MOBILE);
      assert.equal(message.language, 'de');
      assert.match(message.text, /ist Ihr Bestätigungscode/);
    }));
});
