/**
 * The `yubikey-remote` kind against a stand-in validation service on
 * 127.0.0.1, through a full twofold instance: protocol, signatures, nonces,
 * several servers, timeouts, replays, and the core's prepareVerify seam.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, type Twofold } from '../../src/core/twofold.js';
import { manualClock, type ManualClock } from '../../src/core/clock.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { yubikey } from '../../src/devices/yubikey/index.js';
import {
  YubicoServiceError,
  judgeResponse,
  signParameters,
  verifyRequest,
  yubikeyRemote,
  type YubicoServiceConfig,
  type YubicoServiceFailure,
} from '../../src/devices/yubikey-remote/index.js';
import { SECRET_A, recordingLogger } from '../core/fixtures.js';
import { startStandInService, type ServerBehaviour, type StandInService } from '../support/yubico-server.js';
import { simulatedKey, touch, typeOn, type SimulatedKey } from '../support/yubikey-simulator.js';

const CLIENT_ID = '4711';
const API_KEY = Buffer.alloc(20, 0x5a).toString('base64');

interface Setup {
  twofold: Twofold;
  service: StandInService;
  key: SimulatedKey;
  logger: ReturnType<typeof recordingLogger>;
  clock: ManualClock;
}

const running: StandInService[] = [];

async function setup(behaviours: ServerBehaviour[], settings: Partial<YubicoServiceConfig> = {}, seed = 1): Promise<Setup> {
  const key = simulatedKey({ seed });
  const service = await startStandInService({ clientId: CLIENT_ID, apiKey: API_KEY, keys: [key], behaviours });
  running.push(service);
  const logger = recordingLogger();
  const kind = yubikeyRemote({ services: [{ name: 'default', clientId: CLIENT_ID, apiKey: API_KEY, urls: service.urls, timeoutMs: 5000, ...settings }] });
  const clock = manualClock(Date.UTC(2026, 11, 6, 12));
  const twofold = createTwofold({ store: createMemoryStore(), kinds: [kind, yubikey()], secrets: [SECRET_A], logger, clock: clock.now });
  return { twofold, service, key, logger, clock };
}

async function register(s: Setup, userId = 'alice') {
  return s.twofold.createDevice({ userId, kind: 'yubikey-remote', options: { otp: touch(s.key) } });
}

async function unavailable(action: () => Promise<unknown>, failure: YubicoServiceFailure): Promise<YubicoServiceError> {
  let caught: unknown;
  await assert.rejects(action, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(isTwofoldError(caught, 'SERVICE_UNAVAILABLE'), String(caught));
  assert.ok(caught instanceof YubicoServiceError);
  assert.equal(caught.failure, failure, caught.message);
  return caught;
}

after(async () => {
  await Promise.all(running.map((service) => service.close()));
});

describe('validation protocol messages', () => {
  it('signs requests over the sorted parameters and checks answers', () => {
    const key = Buffer.alloc(20, 1);
    const request = verifyRequest({ clientId: '1', apiKey: key, otp: 'cccccc', nonce: 'abcdefabcdefabcdef', syncLevel: 'secure' });
    assert.equal(request.h, signParameters({ sl: 'secure', timestamp: '1', otp: 'cccccc', nonce: 'abcdefabcdefabcdef', id: '1' }, key));
    // The protocol's worked example: "a=2&b=1&c=3" is what is signed, whatever the order.
    assert.equal(signParameters({ b: '1', a: '2', c: '3' }, key), signParameters({ c: '3', a: '2', b: '1' }, key));
    const answer = { nonce: request.nonce!, otp: 'cccccc', status: 'OK', sessioncounter: '32773', sessionuse: '9', t: '2026-12-06T10:00:00Z0123' };
    const body = Object.entries({ ...answer, h: signParameters(answer, key) }).map(([k, v]) => `${k}=${v}`).join('\r\n');
    assert.deepEqual(judgeResponse(body, request, key), { trusted: true, status: 'OK', usageCounter: 5, sessionCounter: 9 });
    assert.deepEqual(judgeResponse(body, request, Buffer.alloc(20, 2)), { trusted: false, problem: 'bad-signature', claimed: 'OK' });
    assert.deepEqual(judgeResponse(body, { ...request, nonce: 'other' }, key), { trusted: false, problem: 'nonce-mismatch', claimed: 'OK' });
    assert.deepEqual(judgeResponse('nonsense', request, key), { trusted: false, problem: 'unparsable', claimed: null });
  });
});

describe('yubikey-remote kind', () => {
  it('registers with a fresh token, then accepts each new token once', async () => {
    const s = await setup(['normal']);
    const device = await register(s);
    assert.equal(device.state.publicId, s.key.publicId);
    assert.equal(device.state.lastSessionCounter, 0);
    const token = touch(s.key);
    assert.equal((await s.twofold.verifyToken('alice', device.persistentId, `${token}\n`)).ok, true);
    const again = await s.twofold.verifyToken('alice', device.persistentId, token);
    assert.equal(!again.ok && again.reason, 'replayed-token');
    s.clock.advance(60_000); // past the back-off of that failure
    const typed = typeOn(touch(s.key), 'dvorak', { capsLock: true });
    assert.equal((await s.twofold.matchToken('alice', typed)).ok, true, 'layout mapped back, found by public id');
    const request = s.service.requests.at(-1)!.parameters;
    assert.equal(request.id, CLIENT_ID);
    assert.match(request.nonce!, /^[0-9a-f]{32}$/);
    assert.equal(request.timestamp, '1');
    assert.equal(new Set(s.service.requests.map((r) => r.parameters.nonce)).size, s.service.requests.length, 'a fresh nonce per request');
  });

  it('refuses a replay the service reports even if the device would allow it', async () => {
    const s = await setup(['normal']);
    const device = await s.twofold.createDevice({ userId: 'alice', kind: 'yubikey-remote', options: { publicId: s.key.publicId } });
    // Someone else (another site on the same service) used the token first: the device has never seen it.
    s.service.behave(0, { status: 'REPLAYED_OTP' });
    const result = await s.twofold.verifyToken('alice', device.persistentId, touch(s.key));
    assert.equal(!result.ok && result.reason, 'replayed-token');
    s.service.behave(0, 'normal');
    s.clock.advance(60_000);
    assert.equal((await s.twofold.verifyToken('alice', device.persistentId, touch(s.key))).ok, true);
  });

  it('refuses a token older than the last accepted one, whatever the service says', async () => {
    const s = await setup([{ status: 'OK' }]);
    const device = await register(s);
    const older = touch(s.key);
    const newer = touch(s.key);
    assert.equal((await s.twofold.verifyToken('alice', device.persistentId, newer)).ok, true);
    const result = await s.twofold.verifyToken('alice', device.persistentId, older);
    assert.equal(!result.ok && result.reason, 'replayed-token', 'a forgetful service is not enough to replay');
  });

  it('maps BAD_OTP to an invalid token, counted as a failure', async () => {
    const s = await setup(['normal']);
    const device = await register(s);
    const forged = s.key.publicId + 'c'.repeat(32);
    const result = await s.twofold.verifyToken('alice', device.persistentId, forged);
    assert.equal(!result.ok && result.reason, 'invalid-token');
    assert.equal(!result.ok && result.failureCount, 1);
  });

  it('never accepts an answer with a bad signature, another nonce or another OTP', async () => {
    for (const behaviour of ['wrong-key-signature', 'unsigned', 'wrong-nonce', 'wrong-otp', 'garbage'] as const) {
      const s = await setup(['normal']);
      const device = await register(s);
      s.service.behave(0, behaviour);
      const error = await unavailable(() => s.twofold.verifyToken('alice', device.persistentId, touch(s.key)), 'untrusted-response');
      assert.ok(!error.message.includes(s.key.publicId), 'no OTP in the message');
      const unchanged = await s.twofold.getDevice('alice', device.persistentId);
      assert.equal(unchanged?.failureCount, 0, `${behaviour}: nothing held against the user`);
      assert.equal(unchanged.lastUsedAt, null);
    }
  });

  it('reports service statuses as clear failures', async () => {
    const cases: [string, YubicoServiceFailure][] = [
      ['BAD_SIGNATURE', 'misconfigured'],
      ['NO_SUCH_CLIENT', 'misconfigured'],
      ['MISSING_PARAMETER', 'misconfigured'],
      ['OPERATION_NOT_ALLOWED', 'misconfigured'],
      ['BACKEND_ERROR', 'service-error'],
      ['NOT_ENOUGH_ANSWERS', 'service-error'],
      ['REPLAYED_REQUEST', 'service-error'],
      ['SOMETHING_NEW', 'untrusted-response'],
    ];
    const s = await setup(['normal']);
    const device = await register(s);
    for (const [status, failure] of cases) {
      s.service.behave(0, { status });
      const error = await unavailable(() => s.twofold.verifyToken('alice', device.persistentId, touch(s.key)), failure);
      assert.match(error.message, new RegExp(status));
    }
  });

  it('detects a wrong API key: the service says BAD_SIGNATURE', async () => {
    const s = await setup(['normal']);
    const device = await register(s);
    const wrong = yubikeyRemote({ services: [{ name: 'default', clientId: CLIENT_ID, apiKey: Buffer.alloc(20, 1).toString('base64'), urls: s.service.urls }] });
    const twofold = createTwofold({ store: s.twofold.store, kinds: [wrong], secrets: [SECRET_A], logger: s.logger });
    // The service cannot sign for a client whose key it does not share: the answer is untrusted, or a misconfiguration.
    const error = await unavailable(() => twofold.verifyToken('alice', device.persistentId, touch(s.key)), 'untrusted-response');
    assert.match(error.message, /BAD_SIGNATURE/);
  });

  it('survives a hanging first server, in parallel and in order', async () => {
    for (const strategy of ['parallel', 'sequential'] as const) {
      // Long enough for a loaded machine to answer, short enough to wait out.
      const s = await setup(['hang', 'normal'], { strategy, timeoutMs: 1500 });
      const device = await register(s);
      const started = Date.now();
      assert.equal((await s.twofold.verifyToken('alice', device.persistentId, touch(s.key))).ok, true, strategy);
      const elapsed = Date.now() - started;
      if (strategy === 'sequential') assert.ok(elapsed >= 1400, `waited for the timeout (${elapsed} ms)`);
    }
  });

  it('takes the second server when the first fails or lies', async () => {
    for (const first of ['http-500', 'redirect', 'wrong-key-signature', { status: 'BACKEND_ERROR' }] as ServerBehaviour[]) {
      const s = await setup([first, 'normal'], { strategy: 'sequential' });
      const device = await register(s);
      assert.equal((await s.twofold.verifyToken('alice', device.persistentId, touch(s.key))).ok, true, JSON.stringify(first));
    }
  });

  it('says "try again" when no server answers in time, and when none can be reached', async () => {
    const s = await setup(['normal', 'normal'], { timeoutMs: 1500 });
    const device = await register(s);
    s.service.behave(0, 'hang');
    s.service.behave(1, 'hang');
    await unavailable(() => s.twofold.verifyToken('alice', device.persistentId, touch(s.key)), 'timeout');
    await unavailable(() => s.twofold.matchToken('alice', touch(s.key)), 'timeout');
    const closed = yubikeyRemote({ services: [{ name: 'default', clientId: CLIENT_ID, apiKey: API_KEY, urls: ['http://127.0.0.1:9/verify'], timeoutMs: 1500 }] });
    const twofold = createTwofold({ store: s.twofold.store, kinds: [closed], secrets: [SECRET_A], logger: s.logger });
    await unavailable(() => twofold.verifyToken('alice', device.persistentId, touch(s.key)), 'unreachable');
    s.service.behave(0, 'redirect');
    s.service.behave(1, 'redirect');
    await unavailable(() => s.twofold.verifyToken('alice', device.persistentId, touch(s.key)), 'unreachable');
    s.service.behave(0, 'normal');
    assert.equal((await s.twofold.verifyToken('alice', device.persistentId, touch(s.key))).ok, true, 'works again afterwards');
  });

  it('asks the service once per attempt, even when the write is retried', async () => {
    const s = await setup(['normal']);
    const device = await register(s);
    const before = s.service.requests.length;
    // A rename lands between the service's answer and the compare-and-swap write.
    const store = s.twofold.store;
    const update = store.updateDevice.bind(store);
    let lostWrites = 0;
    store.updateDevice = async (id, version, changes) => {
      if (lostWrites === 0 && changes.state !== undefined) await update(id, version, { name: 'renamed' });
      const written = await update(id, version, changes);
      if (!written) lostWrites++;
      return written;
    };
    const result = await s.twofold.verifyToken('alice', device.persistentId, touch(s.key));
    store.updateDevice = update;
    assert.equal(result.ok, true);
    assert.equal(lostWrites, 1, 'the first write lost the race');
    assert.equal(s.service.requests.length - before, 1, 'one request for one attempt');
  });

  it('registers one key once: a second registration is DEVICE_EXISTS, for any user and either kind', async () => {
    const s = await setup(['normal']);
    await register(s);
    for (const [userId, options] of [['bob', { otp: touch(s.key) }], ['alice', { publicId: s.key.publicId }]] as const) {
      await assert.rejects(s.twofold.createDevice({ userId, kind: 'yubikey-remote', options }), (e: unknown) => isTwofoldError(e, 'DEVICE_EXISTS'));
    }
    await assert.rejects(
      s.twofold.createDevice({ userId: 'bob', kind: 'yubikey', options: { publicId: s.key.publicId, privateId: s.key.privateId, aesKey: s.key.aesKey } }),
      (e: unknown) => isTwofoldError(e, 'DEVICE_EXISTS'),
    );
  });

  it('refuses a used or bad registration token', async () => {
    const s = await setup(['normal']);
    const token = touch(s.key);
    const first = await s.twofold.createDevice({ userId: 'alice', kind: 'yubikey-remote', options: { otp: token } });
    assert.equal(await s.twofold.deleteDevice('alice', first.persistentId), true);
    await assert.rejects(s.twofold.createDevice({ userId: 'bob', kind: 'yubikey-remote', options: { otp: token } }), /already used/);
    const t = await setup(['normal'], {}, 2);
    await assert.rejects(t.twofold.createDevice({ userId: 'bob', kind: 'yubikey-remote', options: { otp: t.key.publicId + 'c'.repeat(32) } }), /does not accept/);
    await assert.rejects(t.twofold.createDevice({ userId: 'bob', kind: 'yubikey-remote', options: { otp: 'hello' } }), /not a YubiKey token/);
    await assert.rejects(t.twofold.createDevice({ userId: 'bob', kind: 'yubikey-remote', options: {} }), /exactly one/);
    await assert.rejects(t.twofold.createDevice({ userId: 'bob', kind: 'yubikey-remote', options: { publicId: 'cccccccc', service: 'other' } }), /service/);
    await assert.rejects(t.twofold.createDevice({ userId: 'bob', kind: 'yubikey-remote', options: { publicId: 'cccccccc', extra: 1 } as never }), /unknown option "extra"/);
  });

  it('checks its configuration when built', () => {
    const base = { name: 'default', clientId: CLIENT_ID, apiKey: API_KEY };
    const bad: [unknown, RegExp][] = [
      [{ services: [] }, /at least one/],
      [{ services: [{ ...base, name: 'yubicloud' }] }, /no validation service is named "default"/],
      [{ services: [base, { ...base }] }, /ambiguous/],
      [{ services: [{ ...base, apiKey: 'short' }] }, /apiKey/],
      [{ services: [{ ...base, clientId: 'abc' }] }, /clientId/],
      [{ services: [{ ...base, urls: ['http://example.com/verify'] }] }, /https/],
      [{ services: [{ ...base, urls: ['https://example.com/verify?id=1'] }] }, /no query/],
      [{ services: [{ ...base, timeoutMs: 5 }] }, /timeoutMs/],
      [{ services: [{ ...base, strategy: 'random' }] }, /strategy/],
      [{ services: [{ ...base, syncLevel: 101 }] }, /syncLevel/],
      [{ services: [{ ...base, url: 'x' }] }, /unknown setting "url"/],
      [{ services: [base], defaultService: 'other' }, /no validation service is named "other"/],
      [{ services: [base], servers: [] }, /unknown setting "servers"/],
    ];
    for (const [config, message] of bad) {
      assert.throws(() => yubikeyRemote(config as never), (e: unknown) => isTwofoldError(e, 'INVALID_CONFIG') && message.test(e.message), JSON.stringify(config));
    }
    assert.doesNotThrow(() => yubikeyRemote({ services: [{ ...base, urls: ['http://10.0.0.1/wsapi/2.0/verify'], allowHttp: true }] }));
    assert.doesNotThrow(() => yubikeyRemote({ services: [{ ...base, name: 'yubicloud' }], defaultService: 'yubicloud' }));
  });
});
