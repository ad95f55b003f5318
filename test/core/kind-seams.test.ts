/**
 * The two core seams for YubiKeys, with a minimal kind: a kind-proposed
 * device id (one physical token, one registration) and prepareVerify (a
 * remote answer asked once per attempt; SERVICE_UNAVAILABLE reaches the
 * caller, any other error makes the device unusable for that attempt).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../src/core/twofold.js';
import { TwofoldError, isTwofoldError } from '../../src/core/errors.js';
import type { DeviceKind, JsonValue } from '../../src/core/types.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { SECRET_A, recordingLogger } from './fixtures.js';

type RemoteState = { serial: string; used: string[] };

function remoteKind(answer: (token: string) => Promise<JsonValue>, id?: string): DeviceKind<{ serial: string }, RemoteState> {
  return {
    name: 'remote',
    throttleFactor: 1,
    create: (options) => ({ secret: null, state: { serial: options.serial, used: [] }, ...(id === undefined ? { id: `serial${options.serial}`.padEnd(22, 'x') } : { id }) }),
    parseState: (state) => state as RemoteState,
    normalizeToken: (input) => (input.trim() === '' ? null : input.trim()),
    prepareVerify: ({ token }) => answer(token),
    verify: ({ token, state, prepared }) => {
      if (prepared !== 'ok') return { match: false, reason: 'invalid' };
      if (state.used.includes(token)) return { match: false, reason: 'replayed' };
      return { match: true, state: { ...state, used: [...state.used, token] } };
    },
  };
}

describe('kind-proposed device ids', () => {
  it('makes a second registration of the same token DEVICE_EXISTS, for any user', async () => {
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [remoteKind(() => Promise.resolve('ok'))], secrets: [SECRET_A] });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'remote', options: { serial: '42' } });
    assert.equal(device.id, 'serial42xxxxxxxxxxxxxx');
    for (const userId of ['alice', 'bob']) {
      await assert.rejects(twofold.createDevice({ userId, kind: 'remote', options: { serial: '42' } }), (e: unknown) => isTwofoldError(e, 'DEVICE_EXISTS'));
    }
    await twofold.createDevice({ userId: 'bob', kind: 'remote', options: { serial: '43' } });
  });

  it('refuses a malformed proposed id', async () => {
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [remoteKind(() => Promise.resolve('ok'), 'not/an/id')], secrets: [SECRET_A] });
    await assert.rejects(twofold.createDevice({ userId: 'alice', kind: 'remote', options: { serial: '1' } }), (e: unknown) => isTwofoldError(e, 'INVALID_OPTIONS'));
  });
});

describe('prepareVerify', () => {
  it('hands the answer to verify, and lets SERVICE_UNAVAILABLE through without counting a failure', async () => {
    let mode: 'ok' | 'down' | 'broken' = 'ok';
    const asked: string[] = [];
    const kind = remoteKind((token) => {
      asked.push(token);
      if (mode === 'down') return Promise.reject(new TwofoldError('SERVICE_UNAVAILABLE', 'no answer'));
      if (mode === 'broken') return Promise.reject(new Error('bug'));
      return Promise.resolve('ok');
    });
    const logger = recordingLogger();
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [kind], secrets: [SECRET_A], logger });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'remote', options: { serial: '7' } });
    assert.equal((await twofold.verifyToken('alice', device.persistentId, 'one')).ok, true);
    assert.deepEqual(asked, ['one']);
    mode = 'down';
    await assert.rejects(twofold.verifyToken('alice', device.persistentId, 'two'), (e: unknown) => isTwofoldError(e, 'SERVICE_UNAVAILABLE'));
    await assert.rejects(twofold.matchToken('alice', 'two'), (e: unknown) => isTwofoldError(e, 'SERVICE_UNAVAILABLE'));
    assert.equal((await twofold.getDevice('alice', device.persistentId))?.failureCount, 0);
    mode = 'broken';
    const broken = await twofold.verifyToken('alice', device.persistentId, 'three');
    assert.equal(!broken.ok && broken.reason, 'device-unusable');
    assert.ok(logger.lines.some((line) => line.includes('bug')));
    assert.equal((await twofold.verifyToken('alice', device.persistentId, '   ')).ok, false, 'malformed input never reaches the service');
    assert.deepEqual(asked, ['one', 'two', 'two', 'three']);
  });
});
