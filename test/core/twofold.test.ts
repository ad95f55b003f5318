import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTwofold, type TwofoldOptions } from '../../src/core/twofold.js';
import { manualClock } from '../../src/core/clock.js';
import { DEVELOPMENT_SECRET } from '../../src/core/secrets.js';
import { isTwofoldError } from '../../src/core/errors.js';
import type { TwofoldEvents } from '../../src/core/events.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { SECRET_A, SECRET_B, recordingLogger, sentKind, sequenceCode, sequenceKind } from './fixtures.js';
import { seeded } from '../support/random.js';

const START = Date.UTC(2026, 10, 23, 12, 0, 0);

function setup(overrides: Partial<TwofoldOptions> = {}) {
  const clock = manualClock(START);
  const store = createMemoryStore();
  const logger = recordingLogger();
  const twofold = createTwofold({ store, kinds: [sequenceKind()], secrets: [SECRET_A], clock: clock.now, logger, ...overrides });
  const key = randomBytes(20);
  return { clock, store, logger, twofold, key, code: (counter: number) => sequenceCode(key, counter) };
}

function expectError(fn: () => unknown, code: string) {
  assert.throws(fn, (error: unknown) => isTwofoldError(error) && error.code === code);
}

async function expectRejects(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => isTwofoldError(error) && error.code === code);
}

describe('createTwofold configuration', () => {
  const store = createMemoryStore();
  const quiet = recordingLogger();

  it('rejects a missing store, missing kinds and bad kinds', () => {
    expectError(() => createTwofold({ kinds: [sequenceKind()] } as unknown as TwofoldOptions), 'INVALID_CONFIG');
    expectError(() => createTwofold({ store, kinds: [], logger: quiet }), 'INVALID_CONFIG');
    expectError(() => createTwofold({ store, kinds: [sequenceKind(), sequenceKind()], logger: quiet }), 'INVALID_CONFIG');
    expectError(() => createTwofold({ store, kinds: [sequenceKind({ name: 'Bad Name' })], logger: quiet }), 'INVALID_CONFIG');
    expectError(() => createTwofold({ store, kinds: [sequenceKind({ throttleFactor: -1 })], logger: quiet }), 'INVALID_CONFIG');
  });

  it('refuses to start in production without secrets or with the development secret', () => {
    expectError(() => createTwofold({ store, kinds: [sequenceKind()], environment: 'production' }), 'INVALID_CONFIG');
    expectError(() => createTwofold({ store, kinds: [sequenceKind()], environment: 'production', secrets: [] }), 'INVALID_CONFIG');
    expectError(
      () => createTwofold({ store, kinds: [sequenceKind()], environment: 'production', secrets: [DEVELOPMENT_SECRET] }),
      'INVALID_CONFIG',
    );
    assert.doesNotThrow(() => createTwofold({ store, kinds: [sequenceKind()], environment: 'production', secrets: [SECRET_A] }));
  });

  it('warns outside production when no secret is configured, and rejects short secrets', () => {
    const logger = recordingLogger();
    createTwofold({ store, kinds: [sequenceKind()], environment: 'development', logger });
    assert.match(logger.lines.join('\n'), /development key/);
    expectError(() => createTwofold({ store, kinds: [sequenceKind()], secrets: ['too short'], logger: quiet }), 'INVALID_CONFIG');
  });

  it('rejects a clock that does not return a finite number, at the first use', async () => {
    const twofold = createTwofold({ store, kinds: [sequenceKind()], secrets: [SECRET_A], clock: () => Number.NaN });
    await expectRejects(twofold.createDevice({ userId: 'u', kind: 'sequence' }), 'INVALID_CONFIG');
  });
});

describe('devices', () => {
  it('creates a device with a persistent id and encrypts its secret at rest', async () => {
    const { twofold, store, key } = setup();
    const created: TwofoldEvents['deviceCreated'][] = [];
    twofold.on('deviceCreated', (e) => created.push(e));
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', name: ' Phone ', options: { key } });
    assert.match(device.persistentId, /^sequence\/[A-Za-z0-9_-]{22}$/);
    assert.equal(device.name, 'Phone');
    assert.equal(device.confirmed, true);
    assert.equal(device.createdAt.getTime(), START);
    assert.equal(device.lastUsedAt, null);
    assert.equal(created.length, 1);

    const record = await store.getDevice(device.id);
    assert.ok(record?.secret);
    for (const form of [key.toString('hex'), key.toString('base64'), key.toString('base64url')]) {
      assert.ok(!record.secret.includes(form), 'plain key must not appear in storage');
      assert.ok(!JSON.stringify(record).includes(form));
    }
    assert.match(record.secret, /^tf1\./);
  });

  it('seals identical keys differently (fresh nonce per encryption)', async () => {
    const { twofold, store, key } = setup();
    const a = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    const b = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    assert.notEqual((await store.getDevice(a.id))?.secret, (await store.getDevice(b.id))?.secret);
  });

  it('rejects unknown kinds, bad user ids, bad names and bad options with clear errors', async () => {
    const { twofold } = setup();
    await expectRejects(twofold.createDevice({ userId: 'alice', kind: 'nope' }), 'UNKNOWN_KIND');
    await expectRejects(twofold.createDevice({ userId: '', kind: 'sequence' }), 'INVALID_ARGUMENT');
    await expectRejects(twofold.createDevice({ userId: 42 as unknown as string, kind: 'sequence' }), 'INVALID_ARGUMENT');
    await expectRejects(twofold.createDevice({ userId: 'x'.repeat(256), kind: 'sequence' }), 'INVALID_ARGUMENT');
    await expectRejects(twofold.createDevice({ userId: 'alice', kind: 'sequence', name: 'x'.repeat(65) }), 'INVALID_ARGUMENT');
    await expectRejects(twofold.createDevice({ userId: 'alice', kind: 'sequence', name: 'bad\nname' }), 'INVALID_ARGUMENT');
    await expectRejects(twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { counter: -1 } }), 'INVALID_OPTIONS');
    assert.equal((await twofold.listDevices('alice')).length, 0, 'nothing stored after errors');
  });

  it('loads devices only for their owner, and never throws on malformed ids', async () => {
    const { twofold } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence' });
    assert.equal((await twofold.getDevice('alice', device.persistentId))?.id, device.id);
    assert.equal(await twofold.getDevice('bob', device.persistentId), null);
    assert.equal(await twofold.getDevice('alice', `other/${device.id}`), null);
    for (const bad of [null, undefined, 42, {}, [], '', '/', 'sequence/', `sequence/${device.id}x`, '../../etc', 'x'.repeat(10_000), `Sequence/${device.id}`]) {
      assert.equal(await twofold.getDevice('alice', bad), null);
      assert.equal(await twofold.findDevice(bad), null);
    }
    assert.equal((await twofold.findDevice(device.persistentId))?.userId, 'alice');
  });

  it('lists, filters, renames, confirms and deletes', async () => {
    const { twofold, clock } = setup();
    const events: string[] = [];
    twofold.on('deviceConfirmed', () => events.push('confirmed'));
    twofold.on('deviceRemoved', () => events.push('removed'));
    const a = await twofold.createDevice({ userId: 'alice', kind: 'sequence', name: 'A' });
    clock.advance(1); // listing is oldest first; same-instant ties fall back to the random id
    const b = await twofold.createDevice({ userId: 'alice', kind: 'sequence', name: 'B', confirmed: false });
    await twofold.createDevice({ userId: 'bob', kind: 'sequence' });
    assert.deepEqual((await twofold.listDevices('alice')).map((d) => d.name), ['A', 'B']);
    assert.deepEqual((await twofold.listDevices('alice', { confirmed: true })).map((d) => d.name), ['A']);
    assert.deepEqual((await twofold.listDevices('alice', { confirmed: false })).map((d) => d.name), ['B']);
    assert.equal(await twofold.userHasDevice('carol'), false);
    assert.equal((await twofold.renameDevice('alice', a.persistentId, 'Work phone'))?.name, 'Work phone');
    assert.equal(await twofold.renameDevice('bob', a.persistentId, 'stolen'), null);
    assert.equal((await twofold.confirmDevice('alice', b.persistentId))?.confirmed, true);
    assert.equal(await twofold.deleteDevice('bob', a.persistentId), false);
    assert.equal(await twofold.deleteDevice('alice', a.persistentId), true);
    assert.equal(await twofold.deleteDevice('alice', a.persistentId), false);
    assert.equal(await twofold.deleteUserDevices('alice'), 1);
    assert.equal(await twofold.userHasDevice('alice', { confirmed: false }), false);
    assert.equal(await twofold.userHasDevice('bob'), true);
    assert.deepEqual(events, ['confirmed', 'removed', 'removed']);
  });
});

describe('verifyToken', () => {
  it('accepts a valid token once, records the use and rejects its replay', async () => {
    const { twofold, key, code, clock } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    const verified: TwofoldEvents['verified'][] = [];
    const failed: TwofoldEvents['failed'][] = [];
    twofold.on('verified', (e) => verified.push(e));
    twofold.on('failed', (e) => failed.push(e));
    clock.advance(5);
    const ok = await twofold.verifyToken('alice', device.persistentId, code(0));
    assert.equal(ok.ok, true);
    assert.equal(ok.device.lastUsedAt?.getTime(), START + 5000);
    assert.deepEqual(ok.device.state, { counter: 1 });
    const replay = await twofold.verifyToken('alice', device.persistentId, code(0));
    assert.equal(replay.ok, false);
    assert.equal(replay.reason, 'replayed-token');
    assert.equal(verified.length, 1);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.reason, 'replayed-token');
  });

  it('accepts the normalised forms people type', async () => {
    const { twofold, key, code } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    const spaced = code(0).replace(/^(...)/, '$1 ');
    assert.equal((await twofold.verifyToken('alice', device.persistentId, ` ${spaced} `)).ok, true);
    const fullWidth = code(1).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    assert.equal((await twofold.verifyToken('alice', device.persistentId, fullWidth)).ok, true);
    const dashed = code(2).replace(/^(...)/, '$1-');
    assert.equal((await twofold.verifyToken('alice', device.persistentId, dashed)).ok, true);
  });

  it('rejects malformed input without evaluating or counting it', async () => {
    const { twofold, store, key } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    const before = await store.getDevice(device.id);
    for (const bad of [null, undefined, 123456, ['123456'], { $ne: '' }, '12345', '1234567', 'abcdef', '١٢٣٤٥٦', 'x'.repeat(10_000), '%_%_%_']) {
      const result = await twofold.verifyToken('alice', device.persistentId, bad);
      assert.equal(result.ok, false);
      assert.equal(result.reason, 'malformed-token', `input ${inspect(bad).slice(0, 20)}`);
    }
    assert.deepEqual(await store.getDevice(device.id), before, 'nothing written');
  });

  it('treats unknown, foreign, malformed and deleted device ids as not found', async () => {
    const { twofold, key, code } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    for (const id of ['nope', null, 7, `sequence/${'A'.repeat(22)}`]) {
      const result = await twofold.verifyToken('alice', id, code(0));
      assert.equal(!result.ok && result.reason, 'device-not-found');
    }
    const foreign = await twofold.verifyToken('bob', device.persistentId, code(0));
    assert.equal(!foreign.ok && foreign.reason, 'device-not-found');
    assert.equal((await twofold.getDevice('alice', device.persistentId))?.failureCount, 0, "bob's attempt left alice's device alone");
    await twofold.deleteDevice('alice', device.persistentId);
    const deleted = await twofold.verifyToken('alice', device.persistentId, code(0));
    assert.equal(!deleted.ok && deleted.reason, 'device-not-found');
  });

  it('refuses unconfirmed devices unless asked to confirm them, which happens in the same write', async () => {
    const { twofold, key, code, store } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', confirmed: false, options: { key } });
    const refused = await twofold.verifyToken('alice', device.persistentId, code(0));
    assert.equal(!refused.ok && refused.reason, 'device-not-found');
    const before = (await store.getDevice(device.id))!.version;
    const confirmed = await twofold.verifyToken('alice', device.persistentId, code(0), { confirm: true });
    assert.equal(confirmed.ok && confirmed.device.confirmed, true);
    // The claim, then the success with the confirmation in the same write.
    assert.equal((await store.getDevice(device.id))!.version, before + 2, 'claim + one write');
  });
});

describe('throttling', () => {
  it('backs off exponentially, refuses without evaluating while locked, and resets on success', async () => {
    const { twofold, key, code, clock, store } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    const throttled: TwofoldEvents['throttled'][] = [];
    twofold.on('throttled', (e) => throttled.push(e));
    const pid = device.persistentId;

    const first = await twofold.verifyToken('alice', pid, '000000');
    assert.equal(!first.ok && first.reason, 'invalid-token');
    assert.equal(!first.ok && first.failureCount, 1);
    assert.equal(!first.ok && first.lockedUntil?.getTime(), START + 1000);

    // Locked: even the right code is refused, and nothing about it is stored.
    const version = (await store.getDevice(device.id))!.version;
    const locked = await twofold.verifyToken('alice', pid, code(0));
    assert.equal(!locked.ok && locked.reason, 'throttled');
    assert.equal(!locked.ok && locked.lockedUntil?.getTime(), START + 1000);
    assert.equal((await store.getDevice(device.id))!.version, version);
    assert.equal(throttled.length, 1);

    clock.advance(0.999);
    assert.equal(((await twofold.verifyToken('alice', pid, code(0))) as { reason: string }).reason, 'throttled');
    clock.advance(0.001); // exactly at the unlock time: allowed
    const second = await twofold.verifyToken('alice', pid, '000001');
    assert.equal(!second.ok && second.failureCount, 2);
    assert.equal(!second.ok && second.lockedUntil?.getTime(), START + 1000 + 2000);

    clock.advance(2);
    const third = await twofold.verifyToken('alice', pid, '000002');
    assert.equal(!third.ok && third.lockedUntil?.getTime(), START + 3000 + 4000);
    clock.advance(4);
    const fourth = await twofold.verifyToken('alice', pid, '000003');
    assert.equal(!fourth.ok && fourth.lockedUntil?.getTime(), START + 7000 + 8000);
    assert.equal((await twofold.getDevice('alice', pid))?.lockedUntil?.getTime(), START + 15000);

    clock.advance(8);
    const ok = await twofold.verifyToken('alice', pid, code(0));
    assert.equal(ok.ok, true);
    assert.equal(ok.device.failureCount, 0);
    assert.equal(ok.device.lockedUntil, null);
  });

  it('never stops growing: after 40 failures the lock lasts for years', async () => {
    const { twofold, clock } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence' });
    let last;
    for (let i = 0; i < 40; i++) {
      if (last !== undefined && !last.ok && last.lockedUntil) clock.set(last.lockedUntil);
      last = await twofold.verifyToken('alice', device.persistentId, '999999');
      assert.equal(!last.ok && last.reason, 'invalid-token');
    }
    const current = await twofold.getDevice('alice', device.persistentId);
    assert.equal(current?.failureCount, 40);
    assert.ok(current.lockedUntil !== null && current.lockedUntil.getTime() - clock.now() > 100 * 365 * 24 * 3600 * 1000);
  });

  it('is disabled by a factor of 0 (failures are still counted)', async () => {
    const { twofold, key, code } = setup({ kinds: [sequenceKind({ throttleFactor: 0 })] });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    for (let i = 0; i < 5; i++) await twofold.verifyToken('alice', device.persistentId, '000000');
    assert.equal((await twofold.getDevice('alice', device.persistentId))?.lockedUntil, null);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code(0))).ok, true);
  });

  it('resetThrottle unlocks a device at once', async () => {
    const { twofold, key, code } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    await twofold.verifyToken('alice', device.persistentId, '000000');
    assert.equal((await twofold.resetThrottle('alice', device.persistentId))?.failureCount, 0);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code(0))).ok, true);
  });
});

describe('matchToken', () => {
  it('does not count a success on one device as a failure on the others (django-otp #110/#186)', seeded(async (random) => {
    const { twofold } = setup();
    const keyA = random.bytes(20);
    const keyB = random.bytes(20);
    const a = await twofold.createDevice({ userId: 'alice', kind: 'sequence', name: 'A', options: { key: keyA } });
    const b = await twofold.createDevice({ userId: 'alice', kind: 'sequence', name: 'B', options: { key: keyB } });
    const result = await twofold.matchToken('alice', sequenceCode(keyB, 0));
    assert.equal(result.ok && result.device.id, b.id);
    assert.equal((await twofold.getDevice('alice', a.persistentId))?.failureCount, 0);
  }));

  it('counts one failure on each device when nothing matches, and skips unconfirmed devices', async () => {
    const { twofold, clock } = setup();
    const a = await twofold.createDevice({ userId: 'alice', kind: 'sequence' });
    const b = await twofold.createDevice({ userId: 'alice', kind: 'sequence' });
    const hidden = await twofold.createDevice({ userId: 'alice', kind: 'sequence', confirmed: false });
    const result = await twofold.matchToken('alice', '123456');
    assert.equal(!result.ok && result.reason, 'invalid-token');
    assert.equal((await twofold.getDevice('alice', a.persistentId))?.failureCount, 1);
    assert.equal((await twofold.getDevice('alice', b.persistentId))?.failureCount, 1);
    assert.equal((await twofold.getDevice('alice', hidden.persistentId))?.failureCount, 0);
    const again = await twofold.matchToken('alice', '123456');
    assert.equal(!again.ok && again.reason, 'throttled');
    assert.equal(!again.ok && again.lockedUntil?.getTime(), START + 1000);
    clock.advance(1);
    assert.equal(!(await twofold.matchToken('alice', '123456')).ok, true);
    assert.equal((await twofold.getDevice('alice', a.persistentId))?.failureCount, 2);
  });

  it('reports a user without devices', async () => {
    const { twofold } = setup();
    const result = await twofold.matchToken('nobody', '123456');
    assert.equal(!result.ok && result.reason, 'device-not-found');
  });
});

describe('concurrency (in-process)', () => {
  it('accepts a valid token exactly once when 50 verifications race', async () => {
    const { twofold, key, code } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    const results = await Promise.all(Array.from({ length: 50 }, () => twofold.verifyToken('alice', device.persistentId, code(0))));
    assert.equal(results.filter((r) => r.ok).length, 1);
  });

  it('evaluates at most one of 50 parallel wrong guesses per back-off window', async () => {
    const { twofold } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence' });
    const guesses = Array.from({ length: 50 }, (_, i) => String(100000 + i));
    const results = await Promise.all(guesses.map((g) => twofold.verifyToken('alice', device.persistentId, g)));
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
    assert.equal(reasons.filter((r) => r === 'invalid-token').length, 1);
    assert.equal(reasons.filter((r) => r === 'throttled').length, 49);
    assert.equal((await twofold.getDevice('alice', device.persistentId))?.failureCount, 1);
  });
});

describe('secrets at rest', () => {
  it('keeps old devices working through key rotation and re-encrypts them', seeded(async (random) => {
    const store = createMemoryStore();
    const clock = manualClock(START);
    const key = random.bytes(20);
    const old = createTwofold({ store, kinds: [sequenceKind()], secrets: [SECRET_A], clock: clock.now });
    const device = await old.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });

    const rotated = createTwofold({ store, kinds: [sequenceKind()], secrets: [SECRET_B, SECRET_A], clock: clock.now });
    assert.equal((await rotated.verifyToken('alice', device.persistentId, sequenceCode(key, 0))).ok, true);
    const fresh = await rotated.createDevice({ userId: 'bob', kind: 'sequence' });
    assert.equal(await rotated.reencryptSecrets(), 1, 'only the old device is rewritten');
    assert.equal(await rotated.reencryptSecrets(), 0);
    assert.ok(fresh);

    const onlyNew = createTwofold({ store, kinds: [sequenceKind()], secrets: [SECRET_B], clock: clock.now });
    assert.equal((await onlyNew.verifyToken('alice', device.persistentId, sequenceCode(key, 1))).ok, true);
  }));

  it('fails closed on a wrong key, a tampered secret or a secret moved to another device', async () => {
    const { twofold, store, key, code, logger } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    const other = await twofold.createDevice({ userId: 'alice', kind: 'sequence' });

    const wrongKey = createTwofold({ store, kinds: [sequenceKind()], secrets: [SECRET_B], logger });
    const result = await wrongKey.verifyToken('alice', device.persistentId, code(0));
    assert.equal(!result.ok && result.reason, 'device-unusable');

    const record = (await store.getDevice(device.id))!;
    const tampered = record.secret!.slice(0, -3) + (record.secret!.endsWith('A') ? 'BAA' : 'AAA');
    assert.ok(await store.updateDevice(device.id, record.version, { secret: tampered }));
    const afterTamper = await twofold.verifyToken('alice', device.persistentId, code(0));
    assert.equal(!afterTamper.ok && afterTamper.reason, 'device-unusable');

    const otherRecord = (await store.getDevice(other.id))!;
    const current = (await store.getDevice(device.id))!;
    assert.ok(await store.updateDevice(device.id, current.version, { secret: otherRecord.secret }));
    const swapped = await twofold.verifyToken('alice', device.persistentId, code(0));
    assert.equal(!swapped.ok && swapped.reason, 'device-unusable');
    assert.ok(logger.lines.some((l) => l.includes('cannot be used')));
    assert.ok(!logger.lines.join('\n').includes(key.toString('hex')));
  });

  it('reports a device with corrupt stored state as unusable instead of throwing', async () => {
    const { twofold, store, code } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence' });
    const record = (await store.getDevice(device.id))!;
    assert.ok(await store.updateDevice(device.id, record.version, { state: { counter: 'lots' } }));
    const result = await twofold.verifyToken('alice', device.persistentId, code(0));
    assert.equal(!result.ok && result.reason, 'device-unusable');
    assert.equal((await twofold.listDevices('alice')).length, 1, 'still listed so that it can be removed');
  });
});

describe('challenges (interactive kinds)', () => {
  function interactive(deliver: (code: string) => void | Promise<void> = () => undefined) {
    const sent: string[] = [];
    const base = setup({
      kinds: [
        sentKind(async (code) => {
          await deliver(code);
          sent.push(code);
        }),
        sequenceKind(),
      ],
    });
    return { ...base, sent };
  }

  it('sends a code, enforces the cooldown and reports the next allowed time', async () => {
    const { twofold, sent, clock } = interactive();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sent' });
    assert.equal(device.interactive, true);
    const first = await twofold.generateChallenge('alice', device.persistentId);
    assert.equal(first.ok, true);
    assert.equal(first.nextChallengeAt?.getTime(), START + 60_000);
    clock.advance(59);
    const early = await twofold.generateChallenge('alice', device.persistentId);
    assert.equal(!early.ok && early.reason, 'cooldown');
    assert.equal(early.nextChallengeAt?.getTime(), START + 60_000);
    clock.advance(1);
    assert.equal((await twofold.generateChallenge('alice', device.persistentId)).ok, true);
    assert.equal(sent.length, 2);
    const verified = await twofold.verifyToken('alice', device.persistentId, sent[1]);
    assert.equal(verified.ok, true);
    assert.equal(verified.device.nextChallengeAt, null, 'a used code ends the cooldown');
  });

  it('sends once when many requests race', async () => {
    const { twofold, sent } = interactive();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sent' });
    const results = await Promise.all(Array.from({ length: 20 }, () => twofold.generateChallenge('alice', device.persistentId)));
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal(sent.length, 1);
  });

  it('does not hold a failed send against the user', async () => {
    let fail = true;
    const { twofold, sent } = interactive(() => {
      if (fail) throw new Error('gateway down');
    });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sent' });
    const failed = await twofold.generateChallenge('alice', device.persistentId);
    assert.equal(!failed.ok && failed.reason, 'failed');
    assert.equal((await twofold.getDevice('alice', device.persistentId))?.nextChallengeAt, null);
    fail = false;
    assert.equal((await twofold.generateChallenge('alice', device.persistentId)).ok, true);
    assert.equal(sent.length, 1);
  });

  it('says when a device is not interactive or not the user’s', async () => {
    const { twofold } = interactive();
    const passive = await twofold.createDevice({ userId: 'alice', kind: 'sequence' });
    const result = await twofold.generateChallenge('alice', passive.persistentId);
    assert.equal(!result.ok && result.reason, 'not-interactive');
    const foreign = await twofold.generateChallenge('bob', passive.persistentId);
    assert.equal(!foreign.ok && foreign.reason, 'device-not-found');
  });
});

describe('events', () => {
  it('keeps working when a listener throws, and unsubscribes', async () => {
    const { twofold, key, code, logger } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence', options: { key } });
    let calls = 0;
    const off = twofold.on('verified', () => {
      calls++;
      throw new Error('listener bug');
    });
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code(0))).ok, true);
    assert.ok(logger.lines.some((l) => l.includes('listener bug')));
    off();
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code(1))).ok, true);
    assert.equal(calls, 1);
  });
});

describe('updateDevice', () => {
  it('applies an update atomically and validates the new state through the kind', async () => {
    const { twofold } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'sequence' });
    const updated = await twofold.updateDevice<{ counter: number }>('alice', device.persistentId, ({ state }) => ({ state: { counter: state.counter + 5 } }));
    assert.deepEqual(updated?.state, { counter: 5 });
    await expectRejects(
      twofold.updateDevice('alice', device.persistentId, () => ({ state: { counter: -1 } })),
      'CORRUPT_DEVICE',
    );
    assert.equal(await twofold.updateDevice('bob', device.persistentId, () => ({})), null);
  });
});
