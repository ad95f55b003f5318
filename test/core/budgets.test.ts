/**
 * Sending budgets in the core: rule checking, budget keys, and how
 * generateChallenge turns a spent budget into `budget-exhausted` (distinct
 * from `cooldown`), fires `sendBudgetExhausted`, sends nothing and gives the
 * cooldown back. The kinds and stores have tests of their own.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TwofoldError } from '../../src/core/errors.js';
import { createTwofold, isTwofoldError, manualClock, normalizeNumericToken } from '../../src/core/index.js';
import type { DeviceKind, SendBudgetRule, Store, TwofoldEvents } from '../../src/core/index.js';
import { checkSendBudgetRules, clientBudgetSubject, createBudgetKeys } from '../../src/core/budgets.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { SECRET_A, SECRET_B, recordingLogger } from './fixtures.js';

const T = Date.UTC(2026, 0, 1);

interface Sent {
  readonly destination: string;
  readonly language: string | null | undefined;
}

type RelayState = { destination: string; sends: number };

/**
 * A minimal message-sending kind: reserves a send for its destination, then
 * "delivers" by recording it. `during` runs between the two, to interleave
 * other work; `swallow` makes it ignore a refused budget (a buggy kind).
 */
function relayKind(options: {
  budgets?: readonly SendBudgetRule[];
  cooldownSeconds?: number;
  outbox: Sent[];
  fail?: () => boolean;
  during?: () => Promise<void>;
  swallow?: boolean;
}): DeviceKind<{ destination: string }, RelayState> {
  return {
    name: 'relay',
    throttleFactor: 1,
    cooldownSeconds: options.cooldownSeconds ?? 60,
    ...(options.budgets === undefined ? {} : { sendBudgets: options.budgets }),
    create: ({ destination }) => ({ secret: null, state: { destination, sends: 0 } }),
    parseState(state) {
      const { destination, sends } = state;
      if (typeof destination !== 'string' || typeof sends !== 'number') throw new TwofoldError('CORRUPT_DEVICE', 'bad relay state');
      return { destination, sends };
    },
    normalizeToken: (input) => normalizeNumericToken(input, 6),
    verify: () => ({ match: false, reason: 'invalid' }),
    async generateChallenge({ state, language, reserveSend }) {
      assert.ok(reserveSend !== undefined, 'the core always provides reserveSend');
      try {
        await reserveSend(state.destination);
      } catch (error) {
        if (options.swallow !== true) throw error;
      }
      await options.during?.();
      if (options.fail?.() === true) throw new Error('gateway down');
      options.outbox.push({ destination: state.destination, language });
      return { state: { ...state, sends: state.sends + 1 }, message: 'sent' };
    },
  };
}

function setup(kindOptions: Omit<Parameters<typeof relayKind>[0], 'outbox'>, store: Store = createMemoryStore()) {
  const outbox: Sent[] = [];
  const clock = manualClock(T);
  const logger = recordingLogger();
  const kind = relayKind({ ...kindOptions, outbox });
  const twofold = createTwofold({ store, kinds: [kind], secrets: [SECRET_A], clock: clock.now, logger });
  const exhausted: TwofoldEvents['sendBudgetExhausted'][] = [];
  twofold.on('sendBudgetExhausted', (event) => exhausted.push(event));
  const device = (userId: string, destination: string) => twofold.createDevice({ userId, kind, options: { destination } });
  return { twofold, clock, outbox, exhausted, device, logger };
}

describe('checkSendBudgetRules', () => {
  it('accepts valid rules and returns a frozen copy', () => {
    const rules = [{ scope: 'user', limit: 3, windowSeconds: 600 }, { scope: 'global', limit: 1_000_000, windowSeconds: 366 * 86_400 }];
    const checked = checkSendBudgetRules(rules, 'test');
    assert.deepEqual(checked, rules);
    assert.ok(Object.isFrozen(checked) && Object.isFrozen(checked[0]));
    assert.deepEqual(checkSendBudgetRules([], 'test'), []);
  });

  it('refuses bad rules, naming the rule', () => {
    const bad: [unknown, RegExp][] = [
      [{}, /must be an array/],
      [[null], /rule 0 must be an object/],
      [[{ scope: 'ip', limit: 1, windowSeconds: 1 }], /rule 0: scope must be one of user, destination, client, global/],
      [[{ scope: 'user', limit: 1, windowSeconds: 1 }, { scope: 'user', limit: 0, windowSeconds: 1 }], /rule 1: limit/],
      [[{ scope: 'user', limit: 1.5, windowSeconds: 1 }], /limit/],
      [[{ scope: 'user', limit: 1_000_001, windowSeconds: 1 }], /limit/],
      [[{ scope: 'user', limit: 1, windowSeconds: 0 }], /windowSeconds/],
      [[{ scope: 'user', limit: 1, windowSeconds: 367 * 86_400 }], /windowSeconds/],
      [[{ scope: 'user', limit: 1, windowSeconds: 60, per: 'day' }], /unknown setting "per"/],
      [Array.from({ length: 17 }, () => ({ scope: 'user', limit: 1, windowSeconds: 1 })), /at most 16/],
    ];
    for (const [rules, message] of bad) {
      assert.throws(() => checkSendBudgetRules(rules, 'phone: budgets'), (error: unknown) => {
        assert.ok(isTwofoldError(error, 'INVALID_CONFIG'), String(error));
        assert.match(error.message, /^phone: budgets: /);
        assert.match(error.message, message);
        return true;
      });
    }
  });
});

describe('budget keys', () => {
  it('are keyed hashes: stable for one secret, different for another, never the subject in clear', () => {
    const keys = createBudgetKeys(SECRET_A);
    const key = keys('phone', 'destination', '+31612345678');
    assert.match(key, /^phone:destination:[A-Za-z0-9_-]{43}$/);
    assert.equal(keys('phone', 'destination', '+31612345678'), key);
    assert.notEqual(createBudgetKeys(SECRET_B)('phone', 'destination', '+31612345678'), key);
    assert.notEqual(keys('phone', 'user', '+31612345678').slice(-43), key.slice(-43), 'scope is part of the hash');
    assert.notEqual(keys('email', 'destination', '+31612345678').slice(-43), key.slice(-43), 'kind is part of the hash');
    assert.notEqual(keys('phone', 'destination', '+31612345679'), key);
    assert.ok(!key.includes('31612345678'));
    assert.equal(keys('phone', 'global', 'anything'), 'phone:global');
  });
});

describe('clientBudgetSubject', () => {
  it('counts IPv4 by address, IPv6 by /64 network, IPv4-mapped IPv6 as IPv4, other ids as given', () => {
    assert.equal(clientBudgetSubject('203.0.113.7'), '203.0.113.7');
    assert.equal(clientBudgetSubject(' 203.0.113.7 '), '203.0.113.7');
    assert.equal(clientBudgetSubject('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(clientBudgetSubject('2001:0DB8:0001:0002:ffff:1:2:3'), '2001:db8:1:2::/64', 'same network, other host: same budget');
    assert.equal(clientBudgetSubject('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(clientBudgetSubject('::1'), '0:0:0:0::/64');
    assert.equal(clientBudgetSubject('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(clientBudgetSubject('::ffff:198.51.100.4'), '198.51.100.4');
    assert.equal(clientBudgetSubject('::ffff:c633:6404'), '198.51.100.4');
    assert.equal(clientBudgetSubject('tenant-42'), 'tenant-42');
    assert.equal(clientBudgetSubject(''), null);
    assert.equal(clientBudgetSubject('   '), null);
    assert.equal(clientBudgetSubject('x'.repeat(257)), null);
  });
});

describe('generateChallenge with sending budgets', () => {
  it('counts per client (IPv6 per /64) when the caller names the client, and skips client budgets when it does not', async () => {
    const { twofold, outbox, exhausted, device } = setup({ cooldownSeconds: 0, budgets: [{ scope: 'client', limit: 2, windowSeconds: 600 }] });
    const reason = async (userId: string, persistentId: string, client?: string) => {
      const result = await twofold.generateChallenge(userId, persistentId, client === undefined ? {} : { client });
      return result.ok ? 'ok' : result.reason === 'budget-exhausted' ? `budget:${result.scope}` : result.reason;
    };
    // One attacker, many accounts: the client's budget stops them whichever account they use.
    const victims = await Promise.all(['u1', 'u2', 'u3'].map((userId) => device(userId, `dest-${userId}`)));
    assert.equal(await reason('u1', victims[0]!.persistentId, '2001:db8:5:6::1'), 'ok');
    assert.equal(await reason('u2', victims[1]!.persistentId, '2001:db8:5:6::ffff'), 'ok');
    assert.equal(await reason('u3', victims[2]!.persistentId, '2001:db8:5:6:1:2:3:4'), 'budget:client');
    assert.equal(await reason('u3', victims[2]!.persistentId, '2001:db8:5:7::1'), 'ok', 'another /64 has its own budget');
    assert.equal(await reason('u3', victims[2]!.persistentId), 'ok', 'no client named: client budgets do not apply');
    assert.equal(outbox.length, 4);
    assert.deepEqual(exhausted.map((event) => event.scope), ['client']);
  });

  it('refuses with budget-exhausted, fires the event, sends nothing and keeps the cooldown free', async () => {
    const { twofold, clock, outbox, exhausted, device } = setup({ budgets: [{ scope: 'destination', limit: 2, windowSeconds: 3600 }], cooldownSeconds: 60 });
    const phone = await device('alice', 'dest-1');
    assert.equal((await twofold.generateChallenge('alice', phone.persistentId)).ok, true);
    clock.advance(60);
    assert.equal((await twofold.generateChallenge('alice', phone.persistentId)).ok, true);
    clock.advance(30);
    const tooSoon = await twofold.generateChallenge('alice', phone.persistentId);
    assert.deepEqual(tooSoon.ok ? null : [tooSoon.reason, tooSoon.nextChallengeAt], ['cooldown', new Date(T + 120_000)], 'the cooldown is checked first');
    clock.advance(30);
    const refused = await twofold.generateChallenge('alice', phone.persistentId);
    if (refused.ok || refused.reason !== 'budget-exhausted') assert.fail(`expected budget-exhausted, got ${refused.ok ? 'ok' : refused.reason}`);
    assert.equal(refused.scope, 'destination');
    assert.deepEqual(refused.nextChallengeAt, new Date(T + 3600_000));
    assert.equal(refused.device.persistentId, phone.persistentId);
    assert.equal(outbox.length, 2, 'no gateway call');
    assert.equal(exhausted.length, 1);
    assert.equal(exhausted[0]?.device.persistentId, phone.persistentId);
    assert.equal(exhausted[0].scope, 'destination');
    assert.deepEqual(exhausted[0].retryAt, new Date(T + 3600_000));
    assert.deepEqual(exhausted[0].at, new Date(T + 120_000));
    // Nothing was sent, so no cooldown was used up: the device is not cooling down.
    assert.equal((await twofold.getDevice('alice', phone.persistentId))?.nextChallengeAt, null);
    assert.equal((await twofold.getDevice('alice', phone.persistentId))?.state.sends, 2, 'the refused challenge stored nothing');
    // Sliding window: the first send leaves it exactly one hour after it happened.
    clock.set(T + 3600_000 - 1);
    assert.equal((await twofold.generateChallenge('alice', phone.persistentId)).ok, false);
    clock.set(T + 3600_000);
    assert.equal((await twofold.generateChallenge('alice', phone.persistentId)).ok, true);
  });

  it('counts per user across devices, per destination across users, and globally', async () => {
    const { twofold, exhausted, device } = setup({
      cooldownSeconds: 0,
      budgets: [
        { scope: 'user', limit: 3, windowSeconds: 600 },
        { scope: 'destination', limit: 2, windowSeconds: 600 },
        { scope: 'global', limit: 6, windowSeconds: 600 },
      ],
    });
    const reason = async (userId: string, persistentId: string) => {
      const result = await twofold.generateChallenge(userId, persistentId);
      return result.ok ? 'ok' : result.reason === 'budget-exhausted' ? `budget:${result.scope}` : result.reason;
    };
    const a1 = await device('alice', 'a-one');
    const a2 = await device('alice', 'a-two');
    const b1 = await device('bob', 'a-one'); // same destination as alice's first
    const c1 = await device('carol', 'c-one');
    const d1 = await device('dave', 'd-one');
    assert.equal(await reason('alice', a1.persistentId), 'ok');
    assert.equal(await reason('alice', a2.persistentId), 'ok');
    assert.equal(await reason('alice', a2.persistentId), 'ok');
    assert.equal(await reason('alice', a1.persistentId), 'budget:user');
    assert.equal(await reason('bob', b1.persistentId), 'ok');
    assert.equal(await reason('bob', b1.persistentId), 'budget:destination');
    assert.equal(await reason('carol', c1.persistentId), 'ok');
    assert.equal(await reason('carol', c1.persistentId), 'ok');
    assert.equal(await reason('dave', d1.persistentId), 'budget:global');
    assert.deepEqual(
      exhausted.map((event) => event.scope),
      ['user', 'destination', 'global'],
    );
  });

  it('lets exactly `limit` of many concurrent challenges through', async () => {
    const { twofold, outbox, device } = setup({ cooldownSeconds: 60, budgets: [{ scope: 'user', limit: 4, windowSeconds: 3600 }] });
    const devices = await Promise.all(Array.from({ length: 20 }, (_, index) => device('alice', `dest-${index}`)));
    const results = await Promise.all(devices.map((d) => twofold.generateChallenge('alice', d.persistentId)));
    assert.equal(results.filter((result) => result.ok).length, 4);
    assert.equal(results.filter((result) => !result.ok && result.reason === 'budget-exhausted').length, 16);
    assert.equal(outbox.length, 4);
  });

  it('counts a failed delivery (a provider may bill it), but frees the cooldown', async () => {
    let failing = true;
    const { twofold, outbox, device } = setup({ cooldownSeconds: 60, budgets: [{ scope: 'destination', limit: 2, windowSeconds: 3600 }], fail: () => failing });
    const phone = await device('alice', 'dest');
    const failed = await twofold.generateChallenge('alice', phone.persistentId);
    assert.equal(failed.ok ? 'ok' : failed.reason, 'failed');
    failing = false;
    assert.equal((await twofold.generateChallenge('alice', phone.persistentId)).ok, true, 'asked again at once');
    assert.equal(outbox.length, 1);
  });

  it('treats a kind that ignores a refusal as refused: nothing stored, an error logged', async () => {
    const { twofold, outbox, device, logger } = setup({ cooldownSeconds: 0, swallow: true, budgets: [{ scope: 'global', limit: 1, windowSeconds: 60 }] });
    const phone = await device('alice', 'dest');
    assert.equal((await twofold.generateChallenge('alice', phone.persistentId)).ok, true);
    const refused = await twofold.generateChallenge('alice', phone.persistentId);
    assert.equal(refused.ok ? 'ok' : refused.reason, 'budget-exhausted');
    assert.equal((await twofold.getDevice('alice', phone.persistentId))?.state.sends, 1);
    assert.equal(outbox.length, 2, 'the buggy kind did send');
    assert.ok(logger.lines.some((line) => line.startsWith('error: ') && line.includes('went on after its sending budget was refused')));
  });

  it('gives the cooldown back even when another write touched the device while sending', async () => {
    const current: { twofold?: ReturnType<typeof createTwofold>; persistentId?: string } = {};
    const { twofold, device } = setup({
      cooldownSeconds: 60,
      fail: () => true,
      during: async () => {
        // A rename bumps the device's version between the claim and its release.
        await current.twofold?.renameDevice('alice', current.persistentId ?? '', 'renamed while sending');
      },
    });
    current.twofold = twofold;
    const phone = await device('alice', 'dest');
    current.persistentId = phone.persistentId;
    const failed = await twofold.generateChallenge('alice', phone.persistentId);
    assert.equal(failed.ok ? 'ok' : failed.reason, 'failed');
    const after = await twofold.getDevice('alice', phone.persistentId);
    assert.equal(after?.name, 'renamed while sending');
    assert.equal(after.nextChallengeAt, null, 'the claim was released despite the concurrent write');
  });

  it('passes the user’s language to the kind when it is a well-formed tag', async () => {
    const { twofold, outbox, device } = setup({ cooldownSeconds: 0 });
    const phone = await device('alice', 'dest');
    await twofold.generateChallenge('alice', phone.persistentId, { language: 'pt-BR' });
    await twofold.generateChallenge('alice', phone.persistentId, { language: '<script>' });
    await twofold.generateChallenge('alice', phone.persistentId);
    assert.deepEqual(
      outbox.map((sent) => sent.language),
      ['pt-BR', null, null],
    );
  });

  it('refuses a destination-less reservation as a failed challenge', async () => {
    const outbox: Sent[] = [];
    const kind = relayKind({ outbox, cooldownSeconds: 0 });
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [kind], secrets: [SECRET_A], logger: recordingLogger() });
    const phone = await twofold.createDevice({ userId: 'alice', kind, options: { destination: '' } });
    const result = await twofold.generateChallenge('alice', phone.persistentId);
    assert.ok(!result.ok && result.reason === 'failed');
    assert.ok(isTwofoldError(result.error, 'INVALID_ARGUMENT'));
  });

  it('checks budgets when the instance is created', () => {
    const outbox: Sent[] = [];
    const store = createMemoryStore();
    assert.throws(
      () => createTwofold({ store, kinds: [relayKind({ outbox, budgets: [{ scope: 'user', limit: 0, windowSeconds: 1 }] })], secrets: [SECRET_A] }),
      (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && /kind relay: sendBudgets: rule 0: limit/.test(error.message),
    );
    const withoutBudgets: Partial<Store> = { ...store };
    delete withoutBudgets.recordSend;
    assert.throws(
      () => createTwofold({ store: withoutBudgets as Store, kinds: [relayKind({ outbox, budgets: [{ scope: 'user', limit: 1, windowSeconds: 1 }] })], secrets: [SECRET_A] }),
      (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && /does not implement recordSend/.test(error.message),
    );
    // Without budgets such a store is fine.
    assert.doesNotThrow(() => createTwofold({ store: withoutBudgets as Store, kinds: [relayKind({ outbox, budgets: [] })], secrets: [SECRET_A] }));
  });
});
