import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTwofold, isTwofoldError, manualClock } from '../../src/core/index.js';
import type { Device, Store, TwofoldEvents } from '../../src/core/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { openSqliteStore } from '../../src/store/kysely/index.js';
import {
  DEFAULT_PHONE_BUDGETS,
  DEFAULT_SMS_TEXTS,
  checkPhoneNumber,
  formatPhoneNumber,
  maskPhoneNumber,
  phone,
} from '../../src/devices/phone/index.js';
import type { PhoneConfig, PhoneGateway, PhoneState } from '../../src/devices/phone/index.js';
import { createDevelopmentGateway } from '../../src/gateways/development/index.js';
import { assertTwofoldError, createDevice } from './support.js';

const T = Date.UTC(2026, 5, 1, 10);
const SECRET = 'phone-device-test-secret-at-least-32-chars';

function setup(config: Partial<PhoneConfig> = {}, store: Store = createMemoryStore()) {
  const clock = manualClock(T);
  const gateway = createDevelopmentGateway({ log: () => undefined, clock: clock.now, environment: 'test' });
  const kind = phone({ gateway, defaultRegion: 'NL', ...config });
  const twofold = createTwofold({ store, kinds: [kind], secrets: [SECRET], clock: clock.now });
  const challenge = async (userId: string, persistentId: string, language?: string) => {
    const result = await twofold.generateChallenge(userId, persistentId, language === undefined ? {} : { language });
    return result.ok ? 'ok' : result.reason === 'budget-exhausted' ? `budget:${result.scope}` : result.reason;
  };
  const add = (userId: string, number: string, method: 'sms' | 'call' = 'sms') => twofold.createDevice({ userId, kind, options: { number, method } });
  return { clock, gateway, kind, twofold, challenge, add };
}

describe('phone numbers', () => {
  it('validates and returns E.164', () => {
    const policy = { defaultRegion: 'NL' as const };
    const cases: [string, string, string | null, string | null][] = [
      ['+31 6 12345678', '+31612345678', 'NL', 'MOBILE'],
      ['06-1234 5678', '+31612345678', 'NL', 'MOBILE'],
      ['(020) 123 4567', '+31201234567', 'NL', 'FIXED_LINE'],
      ['＋３１６１２３４５６７８', '+31612345678', 'NL', 'MOBILE'],
      ['+1 202-456-1111', '+12024561111', 'US', 'FIXED_LINE_OR_MOBILE'],
      ['+41 52 420 42 42', '+41524204242', 'CH', 'FIXED_LINE'],
      ['+44 7400 123456', '+447400123456', 'GB', 'MOBILE'],
    ];
    for (const [input, number, region, type] of cases) {
      assert.deepEqual(checkPhoneNumber(input, policy), { ok: true, number, region, type }, input);
    }
  });

  it('refuses what is not a complete, callable, acceptable number', () => {
    const cases: [unknown, string, object][] = [
      ['', 'empty', {}],
      ['0612345678', 'missing-country-code', {}],
      ['+31 6 1234 567', 'invalid', {}],
      ['+3161234567a', 'invalid', {}],
      ['tel:+31612345678', 'invalid', {}],
      ['+31 6 12345678 ext. 12', 'invalid', {}],
      ['+31 6 12345678;ext=12', 'invalid', {}],
      ['+' + '1'.repeat(70), 'invalid', {}],
      [31612345678, 'invalid', {}],
      ['+44 909 0123456', 'number-type-refused', {}],
      ['+31 900 1234567', 'number-type-refused', {}],
      ['+1 900 555 1234', 'number-type-refused', {}],
      ['+32 470 12 34 56', 'region-not-allowed', { allowedRegions: ['NL'] }],
      ['+882 34 5678 9012', 'region-not-allowed', { allowedRegions: ['NL'] }],
      ['+1 800 555 1234', 'number-type-refused', { refusedNumberTypes: ['TOLL_FREE'] }],
    ];
    for (const [input, reason, policy] of cases) assert.deepEqual(checkPhoneNumber(input, policy), { ok: false, reason }, String(input));
    assert.equal(checkPhoneNumber('+44 909 0123456', { refusedNumberTypes: [] }).ok, true, 'the refused types are configurable');
  });

  it('formats in international notation and masks all but the country code and last two digits', () => {
    assert.equal(formatPhoneNumber('+31612345678'), '+31 6 12345678');
    assert.equal(formatPhoneNumber('+12024561111'), '+1 202 456 1111');
    assert.equal(formatPhoneNumber('nonsense'), 'nonsense');
    assert.equal(maskPhoneNumber('+31612345678'), '+31 • ••••••78');
    assert.equal(maskPhoneNumber('+41524204242'), '+41 •• ••• •• 42');
    assert.equal(maskPhoneNumber('+12024561111'), '+1 ••• ••• ••11');
    assert.equal(maskPhoneNumber('nonsense'), '•••');
  });
});

describe('phone kind: configuration and devices', () => {
  const smsOnly: PhoneGateway = { sendSms: () => Promise.resolve() };

  it('offers calls only when the gateway can make them', () => {
    const gateway = createDevelopmentGateway({ environment: 'test', log: () => undefined });
    assert.deepEqual(phone({ gateway }).methods, ['sms', 'call']);
    assert.deepEqual(phone({ gateway, methods: ['call'] }).methods, ['call']);
    assert.deepEqual(phone({ gateway: smsOnly }).methods, ['sms']);
    const kind = phone({ gateway });
    assert.equal(kind.name, 'phone');
    assert.equal(kind.cooldownSeconds, 60);
    assert.equal(kind.lifetimeSeconds, 300);
    assert.deepEqual(kind.sendBudgets, DEFAULT_PHONE_BUDGETS);
  });

  it('refuses bad configuration when it is built', () => {
    const bad: [Partial<PhoneConfig>, RegExp][] = [
      [{ methods: ['call'] }, /"call" needs a gateway with makeCall/],
      [{ methods: [] }, /"methods"/],
      [{ methods: ['fax' as 'sms'] }, /"methods"/],
      [{ defaultRegion: 'XX' as 'NL' }, /"defaultRegion"/],
      [{ allowedRegions: [] }, /"allowedRegions"/],
      [{ allowedRegions: ['NL', 'Netherlands' as 'NL'] }, /"allowedRegions"/],
      [{ smsText: 'Your code' }, /must contain \{token\}/],
      [{ webOtpDomain: 'https://example.com/login' }, /"webOtpDomain"/],
      [{ webOtpDomain: 'http://example.com' }, /"webOtpDomain"/],
      [{ lifetimeSeconds: 900 }, /lifetimeSeconds/],
    ];
    for (const [config, message] of bad) {
      assert.throws(() => phone({ gateway: smsOnly, ...config }), (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && message.test(error.message), String(message));
    }
    assert.throws(() => phone({ gateway: {} as PhoneGateway }), /"gateway"/);
  });

  it('stores the number in E.164 with the method, and refuses bad options', async () => {
    const kind = phone({ gateway: smsOnly, defaultRegion: 'NL', allowedRegions: ['NL', 'BE'] });
    const device = await createDevice(kind, { number: '06 12345678' });
    assert.deepEqual(device.state, { number: '+31612345678', method: 'sms', codeHash: null, expiresAt: null, usedHash: null });
    assert.equal(device.secret?.length, 32);
    assertTwofoldError(() => kind.create({ number: '06 12345678', method: 'call' }), 'INVALID_OPTIONS', /"method" must be one of sms/);
    assertTwofoldError(() => kind.create({ number: '+44 7400 123456' }), 'INVALID_OPTIONS', /region-not-allowed/);
    assertTwofoldError(() => kind.create({ number: '0900 1234567' }), 'INVALID_OPTIONS', /number-type-refused/);
    assertTwofoldError(() => kind.create({ number: 'call me' }), 'INVALID_OPTIONS', /\(invalid\)/);
    assertTwofoldError(() => kind.create({ number: '06 12345678', name: 'x' } as never), 'INVALID_OPTIONS', /unknown option "name"/);
    assert.deepEqual(kind.checkNumber('+32 470 12 34 56'), { ok: true, number: '+32470123456', region: 'BE', type: 'MOBILE' });
    assert.deepEqual(kind.checkNumber('+33 6 12 34 56 78'), { ok: false, reason: 'region-not-allowed' });
    assertTwofoldError(() => kind.parseState({ ...device.state, number: '0612345678' }), 'CORRUPT_DEVICE');
    assertTwofoldError(() => kind.parseState({ ...device.state, method: 'fax' }), 'CORRUPT_DEVICE');
  });
});

describe('phone kind through the core, at exact times', () => {
  it('texts the code in the user’s language; it is valid until 299.999 s and used once', async () => {
    const { twofold, gateway, challenge, add, clock } = setup();
    const device = await add('alice', '06 12345678');
    const result = await twofold.generateChallenge('alice', device.persistentId, { language: 'nl-BE' });
    assert.ok(result.ok);
    assert.equal(result.message, 'We sent a text message with a code to +31 • ••••••78.');
    const [sms] = gateway.outbox();
    assert.equal(sms?.channel, 'sms');
    assert.equal(sms.to, '+31612345678');
    const code = sms.text.slice(0, 6);
    assert.equal(sms.text, DEFAULT_SMS_TEXTS.nl!.replace('{token}', code).replace('{minutes}', '5'));
    assert.equal(sms.language, 'nl-BE');
    clock.advance(299.999);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code)).ok, true);
    const replay = await twofold.verifyToken('alice', device.persistentId, code);
    assert.equal(replay.ok ? 'ok' : replay.reason, 'replayed-token');
    assert.equal(await challenge('alice', device.persistentId, 'ja'), 'ok');
    assert.match(gateway.outbox()[0]?.text ?? '', /^\d{6} is your verification code\. It expires in 5 minutes\./, 'English for other languages');
    clock.advance(300);
    const late = await twofold.verifyToken('alice', device.persistentId, gateway.outbox()[0]?.text.slice(0, 6) ?? '');
    assert.equal(late.ok ? 'ok' : late.reason, 'expired-token');
  });

  it('reads the code by voice for call devices', async () => {
    const { twofold, gateway, add, kind } = setup();
    const device = await add('alice', '+31 6 12345678', 'call');
    const result = await twofold.generateChallenge('alice', device.persistentId);
    assert.ok(result.ok);
    assert.equal(result.message, 'We are calling +31 • ••••••78 to read you a code.');
    assert.equal(await kind.maskedDestination(device as Device<PhoneState>), '+31 • ••••••78');
    const [call] = gateway.outbox();
    assert.equal(call?.channel, 'call');
    assert.match(call.code ?? '', /^\d{6}$/);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, call.code)).ok, true);
  });

  it('uses the host’s template and the WebOTP line', async () => {
    const { twofold, gateway, add } = setup({
      smsText: ({ token, language }) => `${language === 'fr' ? 'Code' : 'Code'} ${token}`,
      webOtpDomain: 'login.example.com',
    });
    const device = await add('alice', '06 12345678');
    await twofold.generateChallenge('alice', device.persistentId, { language: 'fr' });
    const text = gateway.outbox()[0]?.text ?? '';
    const code = text.slice(5, 11);
    assert.equal(text, `Code ${code}\n\n@login.example.com #${code}`);
  });

  it('takes the WebOTP host from an origin, and puts the line last in the default text too', async () => {
    const { twofold, gateway, add } = setup({ webOtpDomain: 'https://login.example.com:8443' });
    const device = await add('alice', '06 12345678');
    await twofold.generateChallenge('alice', device.persistentId, { language: 'nl' });
    const text = gateway.outbox()[0]?.text ?? '';
    const code = /^(\d{6}) is uw verificatiecode/.exec(text)?.[1];
    assert.ok(code !== undefined, text);
    assert.equal(text.split('\n').at(-1), `@login.example.com #${code}`);
  });

  it('a failed send leaves no cooldown and no code', async () => {
    const { twofold, gateway, challenge, add } = setup();
    const device = await add('alice', '06 12345678');
    gateway.simulateFailure('carrier unreachable');
    const failed = await twofold.generateChallenge('alice', device.persistentId);
    assert.ok(!failed.ok && failed.reason === 'failed');
    gateway.simulateFailure(null);
    assert.equal((await twofold.getDevice('alice', device.persistentId))?.state.codeHash, null);
    assert.equal(await challenge('alice', device.persistentId), 'ok');
    assert.equal(await challenge('alice', device.persistentId), 'cooldown');
  });

  it('stops sending to numbers a tightened policy no longer accepts', async () => {
    const store = createMemoryStore();
    const before = setup({}, store);
    const device = await before.add('alice', '+32 470 12 34 56');
    const after = setup({ allowedRegions: ['NL'] }, store);
    const result = await after.twofold.generateChallenge('alice', device.persistentId);
    assert.ok(!result.ok && result.reason === 'failed');
    assert.match(String(result.error), /not accepted any more \(region-not-allowed\)/);
    assert.deepEqual(after.gateway.outbox(), []);
  });

  it('budgets texts per number, per user and for the site, over sliding windows', async () => {
    const { twofold, gateway, challenge, add, clock } = setup({
      cooldownSeconds: 0,
      budgets: [
        { scope: 'destination', limit: 2, windowSeconds: 600 },
        { scope: 'user', limit: 3, windowSeconds: 600 },
        { scope: 'global', limit: 5, windowSeconds: 60 },
      ],
    });
    const events: TwofoldEvents['sendBudgetExhausted'][] = [];
    twofold.on('sendBudgetExhausted', (event) => events.push(event));
    const alice1 = await add('alice', '06 11111111');
    const alice2 = await add('alice', '06 22222222');
    const bob = await add('bob', '06 11111111'); // alice's first number, again
    const carol = await add('carol', '06 33333333');
    const dave = await add('dave', '06 44444444');
    assert.equal(await challenge('alice', alice1.persistentId), 'ok');
    assert.equal(await challenge('alice', alice1.persistentId), 'ok');
    assert.equal(await challenge('alice', alice1.persistentId), 'budget:destination');
    assert.equal(await challenge('alice', alice2.persistentId), 'ok');
    assert.equal(await challenge('alice', alice2.persistentId), 'budget:user');
    assert.equal(await challenge('bob', bob.persistentId), 'budget:destination', 'the number is spent, whoever asks');
    assert.equal(await challenge('carol', carol.persistentId), 'ok');
    assert.equal(await challenge('carol', carol.persistentId), 'ok');
    clock.advance(59.999);
    assert.equal(await challenge('dave', dave.persistentId), 'budget:global');
    clock.advance(0.001);
    assert.equal(await challenge('dave', dave.persistentId), 'ok', 'the first send left the 60 s window');
    assert.equal(gateway.outbox().length, 6);
    assert.deepEqual(
      events.map((event) => [event.device.userId, event.scope, event.retryAt.getTime() - T]),
      [
        ['alice', 'destination', 600_000],
        ['alice', 'user', 600_000],
        ['bob', 'destination', 600_000],
        ['dave', 'global', 60_000],
      ],
    );
  });

  it('reports the cooldown first, then the budget', async () => {
    const { challenge, add, clock } = setup({ budgets: [{ scope: 'destination', limit: 1, windowSeconds: 3600 }] });
    const device = await add('alice', '06 12345678');
    assert.equal(await challenge('alice', device.persistentId), 'ok');
    clock.advance(30);
    assert.equal(await challenge('alice', device.persistentId), 'cooldown');
    clock.advance(30);
    assert.equal(await challenge('alice', device.persistentId), 'budget:destination');
    clock.advance(3540);
    assert.equal(await challenge('alice', device.persistentId), 'ok');
  });

  describe('on SQLite', () => {
    const directory = mkdtempSync(join(tmpdir(), 'twofold-phone-test-'));
    after(() => {
      rmSync(directory, { recursive: true, force: true });
    });

    it('keeps budgets under keyed hashes: no number and no user id in the table', async () => {
      const { store, db } = await openSqliteStore({ filename: join(directory, 'budgets.sqlite') });
      try {
        const { twofold, challenge, add } = setup({}, store);
        const device = await add('alice@example.org', '06 12345678');
        assert.equal(await challenge('alice@example.org', device.persistentId), 'ok');
        const { rows } = await sql<{ key: string; sent_at: number; expires_at: number }>`select key, sent_at, expires_at from twofold_sends order by key`.execute(db);
        assert.deepEqual(
          rows.map((row) => row.key.replace(/[A-Za-z0-9_-]{43}$/, '<hmac>')),
          ['phone:destination:<hmac>', 'phone:global', 'phone:user:<hmac>'],
        );
        assert.deepEqual(
          rows.map((row) => [row.sent_at, row.expires_at - row.sent_at]),
          [
            [T, 86_400_000],
            [T, 3_600_000],
            [T, 86_400_000],
          ],
        );
        for (const row of rows) assert.ok(!row.key.includes('12345678') && !row.key.includes('alice'), row.key);
        await twofold.close();
      } finally {
        await store.close();
      }
    });
  });
});
