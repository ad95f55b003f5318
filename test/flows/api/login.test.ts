/**
 * The sign-in JSON API over real HTTP: every endpoint, the CSRF header, the
 * same rules and messages as the pages (with machine-readable codes), 429
 * with Retry-After, session rotation, remembered browsers and the policy.
 * Bodies are read through the exported types.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueBackupCodes } from '../../../src/devices/backup-codes/manage.js';
import type {
  ApiError,
  LoginApiErrorCode,
  LoginCancelResponse,
  LoginChallengeResponse,
  LoginResponse,
  LogoutResponse,
  SecondFactorRequiredResponse,
  SessionResponse,
  SetupRequiredResponse,
  SignedInResponse,
} from '../../../src/flows/api/types.js';
import {
  addTotp,
  rememberCookies,
  rememberSetCookies,
  totpCode,
  whoami,
  withFlowHost,
  wrongTotp,
  type FlowBrowser,
  type FlowHost,
  type FlowUser,
  type Page,
} from '../login/support.js';

/** The JSON body of an answer (checking its headers); cast it to the documented type. */
function body(page: Page): unknown {
  assert.match(page.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  return JSON.parse(page.text);
}

function apiError(page: Page, status: number, code: LoginApiErrorCode): ApiError<LoginApiErrorCode> {
  assert.equal(page.status, status, page.text);
  const error = body(page) as ApiError<LoginApiErrorCode>;
  assert.equal(error.error, code);
  assert.equal(typeof error.message, 'string');
  return error;
}

async function session(b: FlowBrowser): Promise<SessionResponse> {
  const page = await b.get('/account/api/session');
  assert.equal(page.status, 200);
  return body(page) as SessionResponse;
}

/** POSTs JSON with the session's current CSRF token. */
async function post(b: FlowBrowser, path: string, data: unknown, headers: Record<string, string> = {}): Promise<Page> {
  const { csrfToken } = await session(b);
  return b.json(path, data, { 'x-csrf-token': csrfToken, ...headers });
}

async function apiLogin(b: FlowBrowser, user: FlowUser): Promise<LoginResponse> {
  const page = await post(b, '/account/api/login', { username: user.username, password: user.password });
  assert.equal(page.status, 200, page.text);
  return (body(page) as LoginResponse);
}

describe('JSON API: session', () => {
  it('says who is signed in and hands out the CSRF token; anonymous first', () =>
    withFlowHost({}, async (host) => {
      const b = host.browser();
      const anonymous = await session(b);
      assert.equal(anonymous.user, null);
      assert.equal(anonymous.verified, false);
      assert.deepEqual(anonymous.factors, []);
      assert.equal(anonymous.pendingLogin, null);
      assert.equal(anonymous.setupRequired, false);
      assert.match(anonymous.csrfToken, /^[A-Za-z0-9_-]{43}$/);
      assert.equal((await session(b)).csrfToken, anonymous.csrfToken, 'stable within a session');
    }));
});

describe('JSON API: CSRF and request shape', () => {
  it('refuses a POST without the X-CSRF-Token header, with a wrong one, cross-site, or malformed, changing nothing', () =>
    withFlowHost({}, async (host: FlowHost) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const { csrfToken } = await session(b);
      const credentials = { username: alice.username, password: alice.password };
      const other = (await session(host.browser())).csrfToken;
      for (const [label, headers] of [
        ['no header', {}],
        ['wrong token', { 'x-csrf-token': csrfToken.slice(0, -1) + (csrfToken.endsWith('A') ? 'B' : 'A') }],
        ['another session\'s token', { 'x-csrf-token': other }],
        ['cross-site Origin', { 'x-csrf-token': csrfToken, origin: 'https://evil.example' }],
        ['cross-site Sec-Fetch-Site', { 'x-csrf-token': csrfToken, 'sec-fetch-site': 'cross-site' }],
      ] as const) {
        const page = await b.json('/account/api/login', credentials, headers);
        apiError(page, 403, 'csrf');
        assert.ok(label.length > 0);
      }
      // The token in the body (as a form would send it) does not count.
      apiError(await b.json('/account/api/login', { ...credentials, _csrf: csrfToken }), 403, 'csrf');
      apiError(await b.raw('/account/api/login', new URLSearchParams(credentials).toString(), 'application/x-www-form-urlencoded', { 'x-csrf-token': csrfToken }), 415, 'unsupported_media_type');
      apiError(await b.raw('/account/api/login', '{"username":', 'application/json', { 'x-csrf-token': csrfToken }), 400, 'bad_request');
      apiError(await b.raw('/account/api/login', '["alice"]', 'application/json', { 'x-csrf-token': csrfToken }), 400, 'bad_request');
      apiError(await b.json('/account/api/login', { username: ['alice'], password: alice.password }, { 'x-csrf-token': csrfToken }), 400, 'bad_request');
      apiError(await b.json('/account/api/login', { username: 'x'.repeat(20_000), password: 'y' }, { 'x-csrf-token': csrfToken }), 413, 'too_large');
      assert.equal((await session(b)).pendingLogin, null);
      // A GET is not a way in either.
      assert.equal((await b.get('/account/api/login')).status, 404);
    }));
});

describe('JSON API: login', () => {
  it('refuses bad credentials with the pages\' message, the same for every user', () =>
    withFlowHost({}, async (host) => {
      await addTotp(host.twofold, host.user('alice').id, 'Alice phone', 1);
      const answers = [];
      for (const username of ['alice', 'carol', 'nobody']) {
        const error = apiError(await post(host.browser(), '/account/api/login', { username, password: 'wrong-password-123' }), 401, 'bad_credentials');
        answers.push(error);
      }
      assert.deepEqual(answers[0], answers[1]);
      assert.deepEqual(answers[1], answers[2]);
      assert.equal(answers[0]?.message, 'The username or the password is not right. Check both (they are case-sensitive) and try again.');
      apiError(await post(host.browser(), '/account/api/login', { username: 'alice' }), 400, 'credentials_required');
    }));

  it('signs a user without a device in with the password, rotating the session and the CSRF token', () =>
    withFlowHost({}, async (host) => {
      const b = host.browser();
      const before = await session(b);
      const sid = b.cookie('connect.sid');
      const answer = await apiLogin(b, host.user('carol'));
      assert.equal(answer.status, 'signed-in');
      const signedIn = answer;
      assert.deepEqual(signedIn.user, { id: '3', username: 'carol' });
      assert.equal(signedIn.verified, false);
      assert.deepEqual(signedIn.factors, [{ type: 'password', at: new Date(host.clock.now()).toISOString() }]);
      assert.notEqual(signedIn.csrfToken, before.csrfToken);
      assert.notEqual(b.cookie('connect.sid'), sid);
      assert.equal((await session(b)).csrfToken, signedIn.csrfToken);
    }));

  it('runs the wizard: second factor required (primary, other methods, backup codes, deadline), then verify', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      host.clock.advance(1);
      const sms = await host.twofold.createDevice({ userId: alice.id, kind: 'sent', name: 'Alice SMS' });
      await issueBackupCodes(host.twofold, alice.id);
      const b = host.browser();
      const anonymousSid = b.cookie('connect.sid');
      const answer = (await apiLogin(b, alice)) as SecondFactorRequiredResponse;
      assert.equal(answer.status, 'second-factor-required');
      const primary = { id: phone.persistentId, name: 'Alice phone', kind: 'totp', interactive: false, primary: true, delivery: null };
      // A kind of the host's own that does not say where its codes go.
      const other = { id: sms.persistentId, name: 'Alice SMS', kind: 'sent', interactive: true, primary: false, delivery: { channel: 'other', destination: null } };
      assert.deepEqual(answer.devices, [primary, other]);
      assert.deepEqual(answer.primary, primary);
      assert.deepEqual(answer.otherMethods, [other]);
      assert.equal(answer.backupCodes, true);
      assert.deepEqual(answer.remember, { available: false, ageSeconds: null });
      assert.equal(answer.pendingExpiresAt, new Date(host.clock.now() + 600_000).toISOString());
      assert.equal(answer.firstCode, null, 'the primary device shows its own codes: nothing was sent');
      assert.equal(host.sent.length, 0);
      const pendingSid = b.cookie('connect.sid');
      assert.notEqual(pendingSid, anonymousSid);
      const state = await session(b);
      assert.equal(state.user, null, 'nobody is signed in yet');
      assert.deepEqual(state.pendingLogin, { username: 'alice', startedAt: new Date(host.clock.now()).toISOString(), expiresAt: answer.pendingExpiresAt });
      assert.equal(state.csrfToken, answer.csrfToken);
      assert.deepEqual(JSON.parse((await b.get('/api/data')).text), { error: 'login_required' });

      apiError(await post(b, '/account/api/login/verify', { code: '' }), 400, 'token_required');
      const wrong = apiError(await post(b, '/account/api/login/verify', { code: wrongTotp(host.clock, 1, totpCode) }), 401, 'invalid_token');
      assert.equal(wrong.message, 'That code was not accepted. Check it and try again.');
      const locked = await post(b, '/account/api/login/verify', { code: totpCode(host.clock, 1) });
      const throttled = apiError(locked, 429, 'throttled');
      assert.equal(throttled.retryAt, new Date(host.clock.now() + 1000).toISOString());
      assert.equal(locked.headers.get('retry-after'), '1');
      assert.equal(throttled.message, 'Verification is paused after 1 failed attempt. You can try again in 1 second (00:00:02 UTC).');
      host.clock.advance(1);
      const done = await post(b, '/account/api/login/verify', { code: totpCode(host.clock, 1), device: phone.persistentId });
      assert.equal(done.status, 200);
      const signedIn = (body(done) as SignedInResponse);
      assert.equal(signedIn.status, 'signed-in');
      assert.equal(signedIn.verified, true);
      assert.deepEqual(
        signedIn.factors.map((factor) => [factor.type, factor.type === 'otp' ? factor.method : null]),
        [['password', null], ['otp', 'device']],
      );
      assert.notEqual(b.cookie('connect.sid'), pendingSid);
      assert.deepEqual(JSON.parse((await b.get('/api/data')).text), { data: 42 });
      const [event] = host.events;
      assert.ok(event?.name === 'userVerified');
      assert.equal(event.payload.flow, 'api');
    }));

  it('checks a code against the chosen device only, refuses other users\' devices, and takes backup codes', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const bob = host.user('bob');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      host.clock.advance(1);
      const spare = await addTotp(host.twofold, alice.id, 'Spare', 2);
      const bobPhone = await addTotp(host.twofold, bob.id, 'Bob phone', 3);
      const { codes } = await issueBackupCodes(host.twofold, alice.id);
      const b = host.browser();
      await apiLogin(b, alice);
      apiError(await post(b, '/account/api/login/verify', { code: totpCode(host.clock, 3), device: bobPhone.persistentId }), 400, 'device_not_available');
      apiError(await post(b, '/account/api/login/verify', { code: totpCode(host.clock, 2), device: phone.persistentId }), 401, 'invalid_token');
      assert.equal((await host.twofold.getDevice(bob.id, bobPhone.persistentId))?.failureCount, 0);
      assert.equal((await host.twofold.getDevice(alice.id, spare.persistentId))?.failureCount, 0);
      assert.equal((await host.twofold.getDevice(alice.id, phone.persistentId))?.failureCount, 1);
      apiError(await post(b, '/account/api/login/verify', { code: 1234 }), 400, 'bad_request');
      const done = await post(b, '/account/api/login/verify', { code: codes[0], backupCode: true });
      assert.equal((body(done) as SignedInResponse).status, 'signed-in');

      const again = host.browser();
      await apiLogin(again, alice);
      apiError(await post(again, '/account/api/login/verify', { code: codes[0], backupCode: true }), 401, 'invalid_token');
    }));

  it('sends a code to an interactive device, with the cooldown as 429 and Retry-After', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice app', 1);
      host.clock.advance(1);
      const sms = await host.twofold.createDevice({ userId: alice.id, kind: 'sent', name: 'Alice SMS' });
      const b = host.browser();
      await apiLogin(b, alice);
      apiError(await post(b, '/account/api/login/challenge', {}), 400, 'not_interactive');
      const sent = await post(b, '/account/api/login/challenge', { device: sms.persistentId });
      assert.equal(sent.status, 200);
      const answer = (body(sent) as LoginChallengeResponse);
      assert.deepEqual(answer, {
        status: 'code-sent',
        device: { id: sms.persistentId, name: 'Alice SMS', kind: 'sent', interactive: true, primary: false, delivery: { channel: 'other', destination: null } },
        message: 'We sent you a code.',
        nextChallengeAt: new Date(host.clock.now() + 60_000).toISOString(),
      });
      host.clock.advance(15);
      const cooling = await post(b, '/account/api/login/challenge', { device: sms.persistentId });
      const error = apiError(cooling, 429, 'cooldown');
      assert.equal(cooling.headers.get('retry-after'), '45');
      assert.equal(error.message, 'A code was sent a moment ago. You can ask for a new one in 45 seconds (00:01:01 UTC).');
      assert.equal(host.sent.length, 1);
      const done = await post(b, '/account/api/login/verify', { device: sms.persistentId, code: host.sent[0] });
      assert.equal((body(done) as SignedInResponse).verified, true);
    }));

  it('times out after exactly 600 s, and cancels on request', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      await apiLogin(b, alice);
      host.clock.advance(600);
      const expired = apiError(await post(b, '/account/api/login/verify', { code: totpCode(host.clock, 1) }), 400, 'pending_expired');
      assert.equal(expired.message, 'Your sign-in took too long and was cancelled. Enter your username and password again.');
      apiError(await post(b, '/account/api/login/verify', { code: totpCode(host.clock, 1) }), 400, 'no_login_in_progress');

      const c = host.browser();
      await apiLogin(c, alice);
      const sid = c.cookie('connect.sid');
      const cancelled = await post(c, '/account/api/login/cancel', {});
      const answer = (body(cancelled) as LoginCancelResponse);
      assert.equal(answer.status, 'cancelled');
      assert.notEqual(c.cookie('connect.sid'), sid);
      assert.equal((await session(c)).pendingLogin, null);
      apiError(await post(c, '/account/api/login/verify', { code: totpCode(host.clock, 1) }), 400, 'no_login_in_progress');
    }));

  it('verifies a user the host signed in (verify-only), and signs out', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      assert.equal((await b.post('/host-login', { username: alice.username, password: alice.password })).status, 200);
      const before = await session(b);
      assert.deepEqual(before.user, { id: alice.id, username: 'alice' });
      assert.equal(before.verified, false);
      const done = body(await post(b, '/account/api/login/verify', { code: totpCode(host.clock, 1) })) as SignedInResponse;
      assert.equal(done.verified, true);
      assert.deepEqual(done.factors.map((factor) => factor.type), ['otp']);
      // Verified: verifying again changes nothing and evaluates nothing.
      assert.equal((body(await post(b, '/account/api/login/verify', { code: '000000' })) as SignedInResponse).verified, true);
      const [device] = await host.twofold.listDevices(alice.id);
      assert.equal(device?.failureCount, 0);

      const sid = b.cookie('connect.sid');
      const out = (body(await post(b, '/account/api/logout', {})) as LogoutResponse);
      assert.equal(out.status, 'signed-out');
      assert.notEqual(b.cookie('connect.sid'), sid);
      assert.equal((await whoami(b)).user, null);
      const replay = host.browser();
      replay.setCookie('connect.sid', sid!);
      assert.equal((await whoami(replay)).user, null);
    }));

  it('remembers a browser on request, honours it on the next login, and answers setup-required under the policy', () =>
    withFlowHost({ rememberDays: 30, twofold: { requireTwoFactor: (user) => user.id === '4' } }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      const first = (await apiLogin(b, alice)) as SecondFactorRequiredResponse;
      assert.deepEqual(first.remember, { available: true, ageSeconds: 30 * 86_400 });
      const done = await post(b, '/account/api/login/verify', { code: totpCode(host.clock, 1), remember: true });
      assert.equal(rememberSetCookies(done).length, 1);
      await post(b, '/account/api/logout', {});
      assert.equal(rememberCookies(b).length, 1);
      host.clock.advance(3600);
      const again = (await apiLogin(b, alice)) as SignedInResponse;
      assert.equal(again.status, 'signed-in');
      assert.equal(again.verified, true);
      assert.deepEqual(again.factors.map((factor) => (factor.type === 'otp' ? factor.method : factor.type)), ['password', 'remembered-browser']);

      const dora = host.browser();
      const required = (await apiLogin(dora, host.user('dora'))) as SetupRequiredResponse;
      assert.equal(required.status, 'setup-required');
      assert.equal(required.setupUrl, '/account/setup');
      assert.equal((await session(dora)).setupRequired, true);
      apiError(await post(dora, '/account/api/login/verify', { code: '123456' }), 403, 'setup_required');
    }));

  it('reads its bodies when the host parses JSON itself (express.json())', () =>
    withFlowHost({ jsonParser: true }, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser();
      assert.equal((await apiLogin(b, alice)).status, 'second-factor-required');
      assert.equal((body(await post(b, '/account/api/login/verify', { code: totpCode(host.clock, 1) })) as SignedInResponse).status, 'signed-in');
    }));
});
