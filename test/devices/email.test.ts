import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, isTwofoldError, manualClock } from '../../src/core/index.js';
import type { Device, TwofoldEvents } from '../../src/core/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import {
  DEFAULT_EMAIL_BUDGETS,
  DEFAULT_EMAIL_HTML,
  checkEmailAddress,
  email,
  maskEmailAddress,
} from '../../src/devices/email/index.js';
import type { EmailConfig, EmailMessage, EmailSender, EmailState } from '../../src/devices/email/index.js';
import { generateCode } from '../../src/devices/side-channel/code.js';
import { escapeHtml } from '../../src/devices/side-channel/template.js';
import type { DeliveryContext } from '../../src/gateways/types.js';
import { assertTwofoldError, createDevice } from './support.js';

const T = Date.UTC(2026, 3, 1, 8);
const SECRET = 'email-device-test-secret-at-least-32-chars';

/** An e-mail sender that keeps what it is given, and fails while `failing` is set. */
function outbox(): EmailSender & { mails: { message: EmailMessage; context: DeliveryContext }[]; failing: boolean } {
  const box = {
    mails: [] as { message: EmailMessage; context: DeliveryContext }[],
    failing: false,
    send(message: EmailMessage, context: DeliveryContext): Promise<void> {
      if (box.failing) return Promise.reject(new Error('mail server down'));
      box.mails.push({ message, context });
      return Promise.resolve();
    },
  };
  return box;
}

function setup(config: Partial<EmailConfig> = {}) {
  const sender = outbox();
  const clock = manualClock(T);
  const kind = email({ sender, ...config });
  const twofold = createTwofold({ store: createMemoryStore(), kinds: [kind], secrets: [SECRET], clock: clock.now });
  const challenge = async (persistentId: string, language?: string) => {
    const result = await twofold.generateChallenge('alice', persistentId, language === undefined ? {} : { language });
    return result.ok ? 'ok' : result.reason;
  };
  const lastCode = () => /(\d{6,10})/.exec(sender.mails.at(-1)?.message.text ?? '')?.[1] ?? '';
  const verify = async (persistentId: string, token: string, options: { confirm?: boolean } = {}) => {
    const result = await twofold.verifyToken('alice', persistentId, token, options);
    return result.ok ? 'ok' : result.reason;
  };
  return { sender, clock, kind, twofold, challenge, lastCode, verify };
}

const isConfigError = (pattern: RegExp) => (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && pattern.test(error.message);

describe('e-mail kind: configuration', () => {
  it('has the documented defaults', () => {
    const kind = email({ sender: outbox() });
    assert.equal(kind.name, 'email');
    assert.equal(kind.cooldownSeconds, 60);
    assert.equal(kind.lifetimeSeconds, 300);
    assert.equal(kind.digits, 6);
    assert.equal(kind.throttleFactor, 1);
    assert.deepEqual(kind.sendBudgets, DEFAULT_EMAIL_BUDGETS);
    assert.equal(typeof kind.generateChallenge, 'function');
  });

  it('refuses lifetimes over 10 minutes and other bad settings when it is built', () => {
    const sender = outbox();
    assert.doesNotThrow(() => email({ sender, lifetimeSeconds: 600 }));
    const bad: [Partial<EmailConfig>, RegExp][] = [
      [{ lifetimeSeconds: 601 }, /lifetimeSeconds/],
      [{ lifetimeSeconds: 29 }, /lifetimeSeconds/],
      [{ lifetimeSeconds: 300.5 }, /lifetimeSeconds/],
      [{ digits: 5 }, /digits/],
      [{ digits: 11 }, /digits/],
      [{ cooldownSeconds: -1 }, /cooldownSeconds/],
      [{ throttleFactor: Number.NaN }, /throttleFactor/],
      [{ subject: 'Code {code}' }, /unknown placeholder \{code\}/],
      [{ text: 'no code here' }, /"text" must contain \{token\}/],
      [{ html: '<p>{token</p>' }, /never closed/],
      [{ text: '{token} }' }, /lone "}"/],
      [{ subject: '' }, /"subject" must be a non-empty string/],
      [{ from: 'a@example.com\nBcc: x@example.com' }, /"from"/],
      [{ budgets: [{ scope: 'ip', limit: 1, windowSeconds: 1 }] as never }, /budgets: rule 0: scope/],
    ];
    for (const [config, message] of bad) assert.throws(() => email({ sender, ...config }), isConfigError(message), String(message));
    assert.throws(() => email({} as EmailConfig), isConfigError(/"sender"/));
  });
});

describe('e-mail addresses', () => {
  it('accepts and normalises usable addresses', () => {
    const cases: [string, string][] = [
      ['alice@example.org', 'alice@example.org'],
      ['  Alice.Smith+2fa@Example.ORG ', 'Alice.Smith+2fa@example.org'],
      ["o'brien@mail.example.co.uk", "o'brien@mail.example.co.uk"],
      ['bob@bücher.example', 'bob@xn--bcher-kva.example'],
      ['root@localhost', 'root@localhost'],
    ];
    for (const [input, expected] of cases) assert.deepEqual(checkEmailAddress(input), { ok: true, address: expected }, input);
  });

  it('refuses what could not be delivered or could smuggle headers', () => {
    const cases: [unknown, string][] = [
      ['', 'empty'],
      ['   ', 'empty'],
      [`${'a'.repeat(250)}@example.org`, 'too-long'],
      ['no-at-sign', 'invalid'],
      ['@example.org', 'invalid'],
      ['alice@', 'invalid'],
      ['a b@example.org', 'invalid'],
      ['a..b@example.org', 'invalid'],
      ['.a@example.org', 'invalid'],
      ['"quoted"@example.org', 'invalid'],
      ['alice@-example.org', 'invalid'],
      ['alice@exa mple.org', 'invalid'],
      ['alice@example..org', 'invalid'],
      ['alice@example.org\r\nBcc: mallory@example.org', 'invalid'],
      [`${'a'.repeat(65)}@example.org`, 'invalid'],
      [42, 'invalid'],
    ];
    for (const [input, reason] of cases) assert.deepEqual(checkEmailAddress(input), { ok: false, reason }, String(input));
  });

  it('masks the local part for display', () => {
    assert.equal(maskEmailAddress('bouke@example.com'), 'b•••e@example.com');
    assert.equal(maskEmailAddress('tim@example.com'), 't•••@example.com');
    assert.equal(maskEmailAddress('a@example.com'), 'a•••@example.com');
    assert.equal(maskEmailAddress('not an address'), '•••');
  });
});

describe('e-mail kind: devices', () => {
  it('creates a device with an address, a 32-byte key and no code', async () => {
    const kind = email({ sender: outbox() });
    const device = await createDevice(kind, { address: 'Alice@Example.org' });
    assert.deepEqual(device.state, { address: 'Alice@example.org', codeHash: null, expiresAt: null, usedHash: null });
    assert.equal(device.secret?.length, 32);
  });

  it('refuses bad options', () => {
    const kind = email({ sender: outbox() });
    assertTwofoldError(() => kind.create({}), 'INVALID_OPTIONS', /"address" is required/);
    assertTwofoldError(() => kind.create({ address: 'nope' }), 'INVALID_OPTIONS', /not a usable e-mail address \(invalid\)/);
    assertTwofoldError(() => kind.create({ address: 'a@example.org', email: 'x' } as never), 'INVALID_OPTIONS', /unknown option "email"/);
    assertTwofoldError(() => kind.create(null as never), 'INVALID_OPTIONS');
  });

  it('creates a device without address when the host resolves addresses', async () => {
    const resolving = email({ sender: outbox(), resolveAddress: () => 'x@example.org' });
    assert.equal((await createDevice(resolving, {})).state.address, null);
  });

  it('refuses corrupt state', () => {
    const kind = email({ sender: outbox() });
    const good: EmailState = { address: 'a@example.org', codeHash: null, expiresAt: null, usedHash: null };
    const corrupt = [
      { ...good, address: 'not an address' },
      { ...good, address: 5 },
      { ...good, codeHash: 'abc', expiresAt: 5 },
      { ...good, codeHash: 'A'.repeat(43), expiresAt: null },
      { ...good, codeHash: null, expiresAt: 5 },
      { ...good, usedHash: 'short' },
    ];
    for (const state of corrupt) assertTwofoldError(() => kind.parseState(state), 'CORRUPT_DEVICE');
    assert.deepEqual(kind.parseState({ ...good, extra: 1 }), good);
  });

  it('makes uniformly random codes with leading zeros kept', () => {
    const samples = 20_000;
    const counts = Array.from({ length: 6 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < samples; i++) {
      const code = generateCode(6);
      assert.match(code, /^\d{6}$/);
      for (let position = 0; position < 6; position++) counts[position]![Number(code[position])]!++;
    }
    const leadingZero = counts[0]![0]! / samples;
    assert.ok(leadingZero > 0.085 && leadingZero < 0.115, `leading zero in ${(leadingZero * 100).toFixed(1)} % of codes`);
    // χ² with 9 degrees of freedom: above 40 happens with probability < 10⁻⁵ for uniform digits.
    for (const position of counts) {
      const chiSquare = position.reduce((sum, count) => sum + (count - samples / 10) ** 2 / (samples / 10), 0);
      assert.ok(chiSquare < 40, `χ² = ${chiSquare.toFixed(1)}`);
    }
    assert.match(generateCode(10), /^\d{10}$/);
  });
});

describe('e-mail kind through the core, at exact times', () => {
  it('sends a code by mail with the default templates; the state holds only a keyed hash', async () => {
    const { twofold, sender, lastCode } = setup({ from: 'Example <no-reply@example.com>' });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    const result = await twofold.generateChallenge('alice', device.persistentId, { language: 'fr' });
    assert.ok(result.ok);
    assert.equal(result.message, 'We sent a code to a•••e@example.org.');
    assert.deepEqual(result.nextChallengeAt, new Date(T + 60_000));
    const [mail] = sender.mails;
    const code = lastCode();
    assert.match(code, /^\d{6}$/);
    assert.equal(mail?.message.to, 'alice@example.org');
    assert.equal(mail.message.from, 'Example <no-reply@example.com>');
    assert.equal(mail.message.subject, 'Your verification code');
    assert.equal(mail.message.text.split('\n')[0], `Your verification code is ${code}.`);
    assert.equal(mail.message.html, DEFAULT_EMAIL_HTML.replace('{token}', code).replace('{minutes}', '5'));
    assert.deepEqual(mail.context, { userId: 'alice', deviceId: device.persistentId, language: 'fr', expiresAt: new Date(T + 300_000) });
    const stored = await twofold.store.getDevice(device.id);
    assert.ok(stored !== null);
    assert.ok(!JSON.stringify(stored).includes(code), 'the code is nowhere in the stored row');
    const { codeHash } = stored.state;
    assert.ok(typeof codeHash === 'string' && /^[A-Za-z0-9_-]{43}$/.test(codeHash));
    assert.equal(stored.state.expiresAt, T + 300_000);
    assert.match(stored.secret ?? '', /^tf1\./, 'the HMAC key is sealed');
  });

  it('accepts a code at 299.999 s and reports it expired at 300 s', async () => {
    const { twofold, clock, challenge, lastCode, verify } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    assert.equal(await challenge(device.persistentId), 'ok');
    clock.advance(299.999);
    assert.equal(await verify(device.persistentId, lastCode()), 'ok');
    // A success ends the cooldown: a new code may be asked for at once.
    assert.equal(await challenge(device.persistentId), 'ok');
    clock.advance(300);
    assert.equal(await verify(device.persistentId, lastCode()), 'expired-token');
  });

  it('accepts a code once; the same code again is a replay', async () => {
    const { twofold, challenge, lastCode, verify } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    await challenge(device.persistentId);
    const code = lastCode();
    assert.equal(await verify(device.persistentId, ` ${code.slice(0, 3)} ${code.slice(3)} `), 'ok');
    assert.equal(await verify(device.persistentId, code), 'replayed-token');
  });

  it('a new code kills the previous one', async () => {
    const { twofold, clock, challenge, lastCode, verify } = setup({ throttleFactor: 0 });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    await challenge(device.persistentId);
    const first = lastCode();
    clock.advance(60);
    await challenge(device.persistentId);
    const second = lastCode();
    if (first !== second) assert.equal(await verify(device.persistentId, first), 'invalid-token');
    assert.equal(await verify(device.persistentId, second), 'ok');
  });

  it('keeps 60 s between two codes: refused at 59.999 s, allowed at 60 s', async () => {
    const { twofold, clock, sender } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    assert.equal((await twofold.generateChallenge('alice', device.persistentId)).ok, true);
    clock.advance(59.999);
    const early = await twofold.generateChallenge('alice', device.persistentId);
    assert.deepEqual(early.ok ? null : [early.reason, early.nextChallengeAt], ['cooldown', new Date(T + 60_000)]);
    clock.advance(0.001);
    assert.equal((await twofold.generateChallenge('alice', device.persistentId)).ok, true);
    assert.equal(sender.mails.length, 2);
  });

  it('throttles wrong codes like every device, and a new code does not reset it', async () => {
    const { twofold, clock, challenge, lastCode, verify } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    await challenge(device.persistentId);
    const wrong = () => (lastCode() === '000000' ? '111111' : '000000');
    assert.equal(await verify(device.persistentId, wrong()), 'invalid-token');
    assert.equal(await verify(device.persistentId, lastCode()), 'throttled', 'even the right code waits out the back-off');
    clock.advance(1);
    assert.equal(await verify(device.persistentId, wrong()), 'invalid-token');
    clock.advance(1.999);
    assert.equal(await verify(device.persistentId, lastCode()), 'throttled', 'second failure: 2 s');
    clock.advance(57.001);
    assert.equal(await challenge(device.persistentId), 'ok');
    const state = await twofold.getDevice('alice', device.persistentId);
    assert.equal(state?.failureCount, 2, 'sending a new code keeps the failure count');
    assert.equal(await verify(device.persistentId, wrong()), 'invalid-token');
    const locked = await twofold.getDevice('alice', device.persistentId);
    assert.deepEqual(locked?.lockedUntil, new Date(T + 60_000 + 4000), 'third failure: 4 s, counted on from before the resend');
    clock.advance(4);
    assert.equal(await verify(device.persistentId, lastCode()), 'ok');
  });

  it('after a failed send the user may ask again at once, and no code was kept', async () => {
    const { twofold, sender, challenge, lastCode, verify } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    sender.failing = true;
    const failed = await twofold.generateChallenge('alice', device.persistentId);
    assert.ok(!failed.ok && failed.reason === 'failed');
    assert.match(String(failed.error), /mail server down/);
    const after = await twofold.getDevice('alice', device.persistentId);
    assert.equal(after?.nextChallengeAt, null);
    assert.equal(after.state.codeHash, null);
    sender.failing = false;
    assert.equal(await challenge(device.persistentId), 'ok');
    assert.equal(await verify(device.persistentId, lastCode()), 'ok');
  });

  it('sends to the address the host resolves when the device has none', async () => {
    let current: string | null = 'first@example.org';
    const { twofold, sender, clock, kind } = setup({ resolveAddress: ({ userId }) => (userId === 'alice' ? current : null) });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email' });
    assert.equal((await twofold.generateChallenge('alice', device.persistentId)).ok, true);
    current = 'second@Example.ORG';
    clock.advance(60);
    assert.equal((await twofold.generateChallenge('alice', device.persistentId)).ok, true);
    assert.deepEqual(
      sender.mails.map((mail) => mail.message.to),
      ['first@example.org', 'second@example.org'],
    );
    assert.equal(await kind.maskedDestination(device as Device<EmailState>), 's•••d@example.org');
    current = null;
    assert.equal(await kind.maskedDestination(device as Device<EmailState>), null);
    clock.advance(60);
    const none = await twofold.generateChallenge('alice', device.persistentId);
    assert.ok(!none.ok && none.reason === 'failed' && isTwofoldError(none.error, 'INVALID_ARGUMENT'));
    current = 'not an address';
    const bad = await twofold.generateChallenge('alice', device.persistentId);
    assert.ok(!bad.ok && bad.reason === 'failed', 'a failed resolution keeps no cooldown either');
  });

  it('renders function templates per language and escapes values in HTML string templates', async () => {
    const { twofold, sender, lastCode } = setup({
      digits: 8,
      subject: ({ language }) => (language === 'nl' ? 'Uw code' : 'Your code'),
      text: ({ token, minutes, language }) => `[${language ?? '-'}] ${token} / ${minutes}`,
      html: '<p title="{{x}}">{token}</p>',
    });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    await twofold.generateChallenge('alice', device.persistentId, { language: 'nl' });
    const code = lastCode();
    assert.match(code, /^\d{8}$/);
    assert.equal(sender.mails[0]?.message.subject, 'Uw code');
    assert.equal(sender.mails[0].message.text, `[nl] ${code} / 5`);
    assert.equal(sender.mails[0].message.html, `<p title="{x}">${code}</p>`);
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    const result = await twofold.verifyToken('alice', device.persistentId, code.slice(0, 6));
    assert.equal(result.ok ? 'ok' : result.reason, 'malformed-token');
  });

  it('keeps subjects on one line whatever a template function returns', async () => {
    const { twofold, sender } = setup({ subject: () => 'Code\r\nBcc: mallory@example.org' });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    await twofold.generateChallenge('alice', device.persistentId);
    assert.equal(sender.mails[0]?.message.subject, 'Code Bcc: mallory@example.org');
  });

  it('stops mail bombing: five codes an hour per address by default', async () => {
    const { twofold, clock, sender } = setup();
    const events: TwofoldEvents['sendBudgetExhausted'][] = [];
    twofold.on('sendBudgetExhausted', (event) => events.push(event));
    const device = await twofold.createDevice({ userId: 'alice', kind: 'email', options: { address: 'alice@example.org' } });
    for (let i = 0; i < 5; i++) {
      assert.equal((await twofold.generateChallenge('alice', device.persistentId)).ok, true, `code ${i + 1}`);
      clock.advance(60);
    }
    const refused = await twofold.generateChallenge('alice', device.persistentId);
    if (refused.ok || refused.reason !== 'budget-exhausted') assert.fail('expected budget-exhausted');
    assert.equal(refused.scope, 'destination');
    assert.deepEqual(refused.nextChallengeAt, new Date(T + 3600_000));
    assert.equal(sender.mails.length, 5);
    assert.equal(events.length, 1);
    clock.set(T + 3600_000);
    assert.equal((await twofold.generateChallenge('alice', device.persistentId)).ok, true);
  });

  it('refuses to send unbudgeted when driven without the core', async () => {
    const kind = email({ sender: outbox() });
    const device = await createDevice(kind, { address: 'a@example.org' });
    const input = { device: { persistentId: 'email/x', userId: 'u', kind: 'email' } as never, secret: device.secret, state: device.state, now: T };
    await assert.rejects(kind.generateChallenge(input), /must go through twofold.generateChallenge/);
    const unbudgeted = email({ sender: outbox(), budgets: [] });
    assert.equal((await unbudgeted.generateChallenge(input)).state.expiresAt, T + 300_000);
  });
});
