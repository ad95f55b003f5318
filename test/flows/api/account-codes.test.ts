/**
 * The account JSON API for setups by text message, voice call and e-mail:
 * start with a number or address, resend within the cooldown and budgets,
 * confirm, cancel; machine-readable errors with `Retry-After` where waiting
 * helps. Codes are read from the development gateway's outbox.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { user } from '../../express/support.js';
import type { AccountDevicesResponse, CodeSetupResponse, SetupConfirmResponse } from '../../../src/flows/api/types.js';
import { csrfToken, jsonClient, type JsonClient, type JsonPage } from '../account/support.js';
import { codeIn, lastMessage, signInAt, startCodeHost, type CodeHost } from '../account/code-support.js';

const alice = user('alice');
const bob = user('bob');
const carol = user('carol');

describe('account JSON API: setup by code', () => {
  let host: CodeHost;
  before(async () => {
    host = await startCodeHost({ phone: { budgets: [{ scope: 'destination', limit: 3, windowSeconds: 3600 }] } });
  });
  after(async () => {
    await host.close();
  });

  /** A JSON client for a user signed in by the host's own login, with the session's CSRF token. */
  async function client(account: typeof carol) {
    const b = await signInAt(host, account);
    const api = jsonClient(host, b);
    // A page with a form: the code page for users with two-factor authentication, the setup page for the others.
    const state = { token: await csrfToken(b, (await host.twofold.userHasDevice(account.id)) ? '/account/reauthenticate' : '/account/setup') };
    return {
      b,
      api,
      state,
      post: (path: string, body: unknown, headers: Readonly<Record<string, string>> = {}): Promise<JsonPage> =>
        api.post(`/account/api${path}`, body, { 'x-csrf-token': state.token, ...headers }),
    };
  }

  const secondsUntil = (iso: unknown) => (Date.parse(String(iso)) - host.clock.now()) / 1000;

  it('sets up text messages: start sends the code, resend waits for the cooldown, confirm turns it on', async () => {
    const c = await client(carol);
    host.clock.advance(3600);
    const started = await c.post('/setup/start', { method: 'sms', number: '06 12345678' });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.headers.get('cache-control'), 'no-store');
    const start = started.body as unknown as CodeSetupResponse;
    assert.deepEqual(start, {
      status: 'code-sent',
      method: 'sms',
      destination: { channel: 'sms', masked: '+31 • ••••••78' },
      message: 'We sent a text message with a code to +31 • ••••••78.',
      defaultName: 'Phone ending in 78',
      expiresAt: new Date(host.clock.now() + 600_000).toISOString(),
      nextCodeAt: new Date(host.clock.now() + 60_000).toISOString(),
    });
    const [pending] = await host.twofold.listDevices(carol.id, { confirmed: false });
    assert.equal(pending?.state.number, '+31612345678');
    const first = lastMessage(host);

    const early = await c.post('/setup/resend', {});
    assert.equal(early.status, 429);
    assert.equal(early.body.error, 'cooldown');
    assert.equal(early.headers.get('retry-after'), '60');
    assert.equal(secondsUntil(early.body.retryAt), 60);
    host.clock.advance(60);
    const again = await c.post('/setup/resend', {});
    assert.equal(again.status, 200);
    assert.equal((again.body as unknown as CodeSetupResponse).message, 'We sent a new text message to +31 • ••••••78. Only the newest code works.');
    const second = lastMessage(host);
    assert.notEqual(second.id, first.id);

    const code = codeIn(second);
    const wrong = await c.post('/setup/confirm', { token: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, 'invalid_token');
    assert.equal(wrong.body.failures, 1);
    assert.equal(wrong.body.message, 'That code is not right, or it has expired. Check it, or ask for a new code.');
    const throttled = await c.post('/setup/confirm', { token: code });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.body.error, 'throttled');
    assert.equal(throttled.headers.get('retry-after'), '1');
    host.clock.advance(1);
    const confirmed = await c.post('/setup/confirm', { token: code, name: 'Work phone' });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const body = confirmed.body as unknown as SetupConfirmResponse;
    assert.equal(body.firstDevice, true);
    assert.equal(body.verified, true);
    assert.equal(body.device.name, 'Work phone');
    assert.equal(body.device.kind, 'phone');
    assert.deepEqual(body.device.destination, { channel: 'sms', masked: '+31 • ••••••78' });
    c.state.token = body.csrfToken;

    const devices = await c.api.get('/account/api/devices');
    const listed = devices.body as unknown as AccountDevicesResponse;
    assert.deepEqual(listed.setupMethods, ['totp', 'sms', 'call', 'email']);
    assert.deepEqual(listed.devices.map((device) => [device.name, device.destination?.masked]), [['Work phone', '+31 • ••••••78']]);
    const replay = await host.twofold.verifyToken(carol.id, body.device.id, code);
    assert.equal(replay.ok ? null : replay.reason, 'replayed-token', 'the code worked once');
    await host.twofold.deleteUserDevices(carol.id);
  });

  it('refuses numbers and addresses with a code and the kind’s reason; e-mail defaults to the user’s address', async () => {
    const c = await client(carol);
    host.clock.advance(3600);
    const cases: [unknown, number, string, string | undefined][] = [
      [{ method: 'sms' }, 400, 'invalid_number', 'empty'],
      [{ method: 'call', number: 'call me' }, 400, 'invalid_number', 'invalid'],
      [{ method: 'sms', number: '0900 1234567' }, 400, 'invalid_number', 'number-type-refused'],
      [{ method: 'sms', number: 612345678 }, 400, 'bad_request', undefined],
      [{ method: 'email', address: 'carol at example.com' }, 400, 'invalid_address', 'invalid'],
      [{ method: 'fax', number: '06 12345678' }, 400, 'unknown_method', undefined],
    ];
    for (const [request, status, error, reason] of cases) {
      const answer = await c.post('/setup/start', request);
      assert.equal(answer.status, status, JSON.stringify(request));
      assert.equal(answer.body.error, error);
      assert.equal(answer.body.reason, reason);
    }
    assert.deepEqual(await host.twofold.listDevices(carol.id), []);

    const byMail = await c.post('/setup/start', { method: 'email' });
    assert.equal(byMail.status, 200);
    assert.deepEqual((byMail.body as unknown as CodeSetupResponse).destination, { channel: 'email', masked: 'c•••l@example.com' });
    assert.equal(lastMessage(host).to, 'carol@example.com');
    // Cancelling removes the unconfirmed device; a second cancel has nothing to do.
    const cancelled = await c.post('/setup/cancel', {});
    assert.deepEqual(cancelled.body, { cancelled: true });
    assert.deepEqual(await host.twofold.listDevices(carol.id), []);
    assert.deepEqual((await c.post('/setup/cancel', {})).body, { cancelled: false });
    const nothing = await c.post('/setup/resend', {});
    assert.equal(nothing.status, 400);
    assert.equal(nothing.body.error, 'setup_not_started');
    assert.equal((await c.post('/setup/start', { method: 'totp' })).status, 200);
    const key = await c.post('/setup/resend', {});
    assert.equal(key.body.error, 'not_interactive', 'an app setup has nothing to resend');
  });

  it('answers 503 for a failed delivery (ask again at once) and 429 with Retry-After once a budget is spent', async () => {
    const c = await client(bob);
    host.clock.advance(3600);
    host.gateway.simulateFailure('down');
    const failed = await c.post('/setup/start', { method: 'sms', number: '+31 6 11223344' });
    assert.equal(failed.status, 503);
    assert.equal(failed.body.error, 'challenge_failed');
    assert.equal(failed.headers.get('retry-after'), null);
    assert.deepEqual(await host.twofold.listDevices(bob.id), []);
    host.gateway.simulateFailure(null);
    // The failed attempt counts against the number's budget (a provider may bill it): two more fit in the hour.
    assert.equal((await c.post('/setup/start', { method: 'sms', number: '+31 6 11223344' })).status, 200);
    host.clock.advance(60);
    assert.equal((await c.post('/setup/resend', {})).status, 200);
    host.clock.advance(60);
    const spent = await c.post('/setup/resend', {});
    assert.equal(spent.status, 429);
    assert.equal(spent.body.error, 'send_limit');
    assert.equal(spent.headers.get('retry-after'), String(3600 - 120));
    assert.equal(secondsUntil(spent.body.retryAt), 3600 - 120);
    assert.match(String(spent.body.message), /^Too many codes were sent lately\. You can ask for a new one in 58 minutes/);
    await host.twofold.deleteUserDevices(bob.id);
  });

  it('sends the "confirm it is you" code in the request’s language', async () => {
    const device = await host.twofold.createDevice({ userId: alice.id, kind: 'phone', name: 'Phone', options: { number: '+31 6 55443322', method: 'sms' } });
    const c: { api: JsonClient; post: (path: string, body: unknown, headers?: Readonly<Record<string, string>>) => Promise<JsonPage> } = await client(alice);
    host.clock.advance(3600);
    const sent = await c.post('/reauthenticate', { action: 'challenge', device: device.persistentId }, { 'accept-language': 'es' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.message, 'Te hemos enviado un SMS con un código al +31 • ••••••22.');
    assert.equal(lastMessage(host).language, 'es');
    const early = await c.post('/reauthenticate', { action: 'challenge', device: device.persistentId });
    assert.equal(early.status, 429);
    assert.equal(early.body.error, 'cooldown');
    const verified = await c.post('/reauthenticate', { device: device.persistentId, token: codeIn(lastMessage(host)) });
    assert.equal(verified.status, 200);
    await host.twofold.deleteUserDevices(alice.id);
  });

  it('charges codes to the client’s address: another user from the same address shares its budget', async () => {
    const strict = await startCodeHost({ phone: { budgets: [{ scope: 'client', limit: 1, windowSeconds: 3600 }] } });
    try {
      const post = async (account: typeof carol, body: unknown) => {
        const b = await signInAt(strict, account);
        return jsonClient(strict, b).post('/account/api/setup/start', body, { 'x-csrf-token': await csrfToken(b, '/account/setup') });
      };
      assert.equal((await post(carol, { method: 'sms', number: '+31 6 12345678' })).status, 200);
      const refused = await post(bob, { method: 'sms', number: '+31 6 87654321' });
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error, 'send_limit');
      assert.equal(refused.headers.get('retry-after'), '3600');
    } finally {
      await strict.close();
    }
  });
});
