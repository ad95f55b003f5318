/**
 * Issue 9, item 2 at the core: a sent code is bound to the transaction that
 * asked for it. Any interactive kind gets this from the core (here the test
 * suite's own `sent` kind, and the built-in e-mail kind).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../src/core/twofold.js';
import { manualClock } from '../../src/core/clock.js';
import { isTwofoldError } from '../../src/core/errors.js';
import type { TwofoldEvents } from '../../src/core/events.js';
import { BINDING_STATE_KEY } from '../../src/core/binding.js';
import { email } from '../../src/devices/email/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { SECRET_A, sentKind } from './fixtures.js';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

function setup() {
  const clock = manualClock(NOW);
  const store = createMemoryStore();
  const sent: string[] = [];
  const mails: string[] = [];
  const twofold = createTwofold({
    store,
    kinds: [
      sentKind((code) => void sent.push(code)),
      email({
        sender: {
          send: (message) => {
            mails.push(/\b(\d{6})\b/.exec(message.text)![1]!);
            return Promise.resolve();
          },
        },
        budgets: [],
      }),
    ],
    secrets: [SECRET_A],
    clock: clock.now,
  });
  const failed: TwofoldEvents['failed'][] = [];
  twofold.on('failed', (event) => failed.push(event));
  return { twofold, store, clock, sent, mails, failed };
}

describe('codes bound to the transaction that asked for them', () => {
  it('refuses a code sent for sign-in A in sign-in B, as a wrong code, and keeps it for A', async () => {
    const { twofold, clock, sent, failed } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sent' });
    assert.equal((await twofold.generateChallenge('alice', device.persistentId, { binding: 'sign-in-A' })).ok, true);
    const code = sent[0]!;

    const elsewhere = await twofold.verifyToken('alice', device.persistentId, code, { binding: 'sign-in-B' });
    assert.equal(!elsewhere.ok && elsewhere.reason, 'invalid-token');
    assert.equal(failed.at(-1)?.detail, 'bound-to-another-transaction');
    const unbound = await twofold.verifyToken('alice', device.persistentId, code);
    assert.equal(!unbound.ok && unbound.reason, 'throttled', 'the refusal counted as a failure');
    clock.advance(1);
    const without = await twofold.verifyToken('alice', device.persistentId, code);
    assert.equal(!without.ok && without.reason, 'invalid-token', 'no binding is not the right binding');

    clock.advance(2);
    const right = await twofold.verifyToken('alice', device.persistentId, code, { binding: 'sign-in-A' });
    assert.equal(right.ok, true);
    const replay = await twofold.verifyToken('alice', device.persistentId, code, { binding: 'sign-in-A' });
    assert.equal(replay.ok, false);
  });

  it('binds matchToken the same way, and a new code replaces the binding', async () => {
    const { twofold, clock, mails } = setup();
    await twofold.createDevice({ userId: 'bob', kind: 'email', options: { address: 'bob@example.com' } });
    const [device] = await twofold.listDevices('bob');
    await twofold.generateChallenge('bob', device!.persistentId, { binding: 'A' });
    const refused = await twofold.matchToken('bob', mails[0]!, { binding: 'B' });
    assert.equal(!refused.ok && refused.reason, 'invalid-token');
    clock.advance(61);
    await twofold.generateChallenge('bob', device!.persistentId, { binding: 'B' });
    assert.equal((await twofold.matchToken('bob', mails[1]!, { binding: 'A' })).ok, false);
    clock.advance(2);
    assert.equal((await twofold.matchToken('bob', mails[1]!, { binding: 'B' })).ok, true);
  });

  it('leaves codes sent without a binding usable by any verification (as before)', async () => {
    const { twofold, sent } = setup();
    const device = await twofold.createDevice({ userId: 'carol', kind: 'sent' });
    await twofold.generateChallenge('carol', device.persistentId);
    assert.equal((await twofold.verifyToken('carol', device.persistentId, sent[0]!, { binding: 'any' })).ok, true);
  });

  it('stores only a keyed hash, which kinds and snapshots never see and kind updates keep', async () => {
    const { twofold, store, sent } = setup();
    const device = await twofold.createDevice({ userId: 'dave', kind: 'sent' });
    const result = await twofold.generateChallenge('dave', device.persistentId, { binding: 'transaction-42' });
    assert.ok(result.ok);
    assert.equal(BINDING_STATE_KEY in result.device.state, false);
    const stored = (await store.getDevice(device.id))!.state[BINDING_STATE_KEY];
    assert.match(typeof stored === 'string' ? stored : '', /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!JSON.stringify(await store.getDevice(device.id)).includes('transaction-42'));
    const renamed = await twofold.updateDevice('dave', device.persistentId, ({ state }) => ({ name: 'phone', state }));
    assert.equal(renamed !== null && BINDING_STATE_KEY in renamed.state, false);
    assert.equal((await store.getDevice(device.id))!.state[BINDING_STATE_KEY], stored);
    assert.equal((await twofold.verifyToken('dave', device.persistentId, sent[0]!, { binding: 'transaction-42' })).ok, true);
    assert.equal((await store.getDevice(device.id))!.state[BINDING_STATE_KEY], undefined, 'a used code leaves no binding');
  });

  it('refuses a binding that is not a non-empty string of at most 256 characters', async () => {
    const { twofold } = setup();
    const device = await twofold.createDevice({ userId: 'erin', kind: 'sent' });
    for (const binding of ['', 'x'.repeat(257), 42]) {
      await assert.rejects(
        twofold.generateChallenge('erin', device.persistentId, { binding } as never),
        (error: unknown) => isTwofoldError(error, 'INVALID_ARGUMENT'),
      );
      await assert.rejects(
        twofold.verifyToken('erin', device.persistentId, '123456', { binding } as never),
        (error: unknown) => isTwofoldError(error, 'INVALID_ARGUMENT'),
      );
    }
  });
});
