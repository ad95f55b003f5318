import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../src/core/index.js';
import { createDevelopmentGateway } from '../../src/gateways/development/index.js';
import type { DevelopmentMessage } from '../../src/gateways/development/index.js';
import type { DeliveryContext } from '../../src/gateways/types.js';

const AT = Date.UTC(2026, 0, 1, 9);
const CONTEXT: DeliveryContext = { userId: 'alice', deviceId: 'phone/abc', language: 'nl', expiresAt: new Date(AT + 300_000) };

function setup(outboxSize?: number) {
  const lines: string[] = [];
  const clock = manualClock(AT);
  const gateway = createDevelopmentGateway({ log: (line) => lines.push(line), clock: clock.now, environment: 'development', ...(outboxSize === undefined ? {} : { outboxSize }) });
  return { gateway, lines, clock };
}

describe('development gateway', () => {
  it('keeps every channel in the outbox, newest first, with its context', async () => {
    const { gateway, clock } = setup();
    await gateway.sendSms('+31612345678', '123456 is uw verificatiecode.', CONTEXT);
    clock.advance(1);
    await gateway.makeCall('+31612345678', '012345', CONTEXT);
    clock.advance(1);
    await gateway.send({ to: 'alice@example.org', from: 'a@b.example', subject: 'Your code', text: 'Code 654321', html: '<b>654321</b>' }, { ...CONTEXT, deviceId: 'email/x' });
    const outbox = gateway.outbox();
    assert.deepEqual(
      outbox.map((message) => [message.id, message.channel, message.to, message.at.getTime()]),
      [
        [3, 'email', 'alice@example.org', AT + 2000],
        [2, 'call', '+31612345678', AT + 1000],
        [1, 'sms', '+31612345678', AT],
      ],
    );
    assert.deepEqual(outbox[0], {
      id: 3,
      channel: 'email',
      to: 'alice@example.org',
      subject: 'Your code',
      text: 'Code 654321',
      html: '<b>654321</b>',
      from: 'a@b.example',
      at: new Date(AT + 2000),
      language: 'nl',
      userId: 'alice',
      deviceId: 'email/x',
      expiresAt: new Date(AT + 300_000),
    });
    assert.equal(outbox[1]?.code, '012345');
    assert.equal(outbox[1].text, 'Your verification code is: 0 1 2 3 4 5. Once again: 0 1 2 3 4 5.');
    assert.equal(outbox[2]?.text, '123456 is uw verificatiecode.');
    assert.equal(gateway.latest('+31612345678')?.id, 2);
    assert.equal(gateway.latest('nobody@example.org'), undefined);
    // A copy: changing it changes nothing.
    (outbox as DevelopmentMessage[]).length = 0;
    assert.equal(gateway.outbox().length, 3);
    gateway.clear();
    assert.deepEqual(gateway.outbox(), []);
  });

  it('is bounded: the oldest messages go first', async () => {
    const { gateway } = setup(3);
    for (let i = 1; i <= 5; i++) await gateway.sendSms('+31612345678', `message ${i}`, CONTEXT);
    assert.deepEqual(
      gateway.outbox().map((message) => message.text),
      ['message 5', 'message 4', 'message 3'],
    );
  });

  it('writes one clearly marked line per message (the only place a code is logged)', async () => {
    const { gateway, lines } = setup();
    await gateway.sendSms('+31612345678', 'Code\n123456', CONTEXT);
    await gateway.send({ to: 'alice@example.org', subject: 'Your code', text: 'Code:\n\n654321' }, CONTEXT);
    assert.deepEqual(lines, [
      '[twofold development gateway: never use in production] text message to +31612345678: Code 123456',
      '[twofold development gateway: never use in production] e-mail to alice@example.org [Your code]: Code: 654321',
    ]);
  });

  it('can simulate a provider outage: sends throw and deliver nothing', async () => {
    const { gateway, lines } = setup();
    gateway.simulateFailure('provider down');
    await assert.rejects(gateway.sendSms('+31612345678', 'x', CONTEXT), /simulated failure: provider down/);
    await assert.rejects(gateway.makeCall('+31612345678', '123456', CONTEXT), /provider down/);
    await assert.rejects(gateway.send({ to: 'a@example.org', subject: 's', text: 't' }, CONTEXT), /provider down/);
    assert.deepEqual(gateway.outbox(), []);
    assert.deepEqual(lines, []);
    gateway.simulateFailure(null);
    await gateway.sendSms('+31612345678', 'x', CONTEXT);
    assert.equal(gateway.outbox().length, 1);
  });

  it('refuses to exist in production, and refuses a bad outbox size', () => {
    const isConfigError = (error: unknown) => error instanceof Error && 'code' in error && error.code === 'INVALID_CONFIG';
    assert.throws(() => createDevelopmentGateway({ environment: 'production' }), (error: unknown) => isConfigError(error) && /must not be used in production/.test(String(error)));
    for (const outboxSize of [0, 1001, 1.5]) assert.throws(() => createDevelopmentGateway({ environment: 'test', outboxSize }), isConfigError);
  });

  it('follows NODE_ENV when no environment is given', () => {
    const previous = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'production';
      assert.throws(() => createDevelopmentGateway(), /production/);
      process.env.NODE_ENV = 'development';
      assert.doesNotThrow(() => createDevelopmentGateway());
    } finally {
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
    }
  });
});
