import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consoleCode } from '../../examples/custom-kind/console-code.js';
import type { ConsoleCodeDelivery, ConsoleCodeKind, ConsoleCodeState } from '../../examples/custom-kind/console-code.js';
import type { AnyDeviceKind } from '../../src/core/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { hotp } from '../../src/devices/hotp/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { assertTwofoldError, createDevice, fakeDevice, outcomeOf, store } from './support.js';
import type { TestDevice } from './support.js';

const NOW = 1_700_000_000_000;

/** A console-code kind whose deliveries land in `outbox`. */
function setup(config: { lifetimeSeconds?: number; digits?: number } = {}): { kind: ConsoleCodeKind; outbox: ConsoleCodeDelivery[] } {
  const outbox: ConsoleCodeDelivery[] = [];
  const kind = consoleCode({ ...config, deliver: (delivery) => void outbox.push(delivery) });
  return { kind, outbox };
}

/** Runs a challenge like the core does and persists the returned state. */
async function challenge(kind: ConsoleCodeKind, device: TestDevice<ConsoleCodeState>, now: number): Promise<string> {
  const result = await kind.generateChallenge({ device: fakeDevice('console-code', device.state), secret: device.secret, state: device.state, now });
  device.state = store(kind, result.state);
  return result.message;
}

describe('example kind: console code', () => {
  it('delivers a code, accepts it once, then reports it as gone', async () => {
    const { kind, outbox } = setup();
    const device = await createDevice(kind, { destination: 'ops-console-2' });
    const message = await challenge(kind, device, NOW);
    assert.equal(message, 'A 6-digit code was sent to ops-console-2.');
    assert.equal(outbox.length, 1);
    const sent = outbox[0]!;
    assert.match(sent.code, /^\d{6}$/);
    assert.equal(sent.destination, 'ops-console-2');
    assert.equal(sent.expiresAt.getTime(), NOW + 300_000);
    assert.equal(await outcomeOf(kind, device, sent.code, NOW + 1000), 'match');
    assert.equal(await outcomeOf(kind, device, sent.code, NOW + 2000), 'invalid');
    assert.deepEqual(device.state, { destination: 'ops-console-2', codeHash: null, expiresAt: null });
  });

  it('the state holds a keyed hash, never the code', async () => {
    const { kind, outbox } = setup();
    const device = await createDevice(kind, { destination: 'ops' });
    await challenge(kind, device, NOW);
    assert.ok(!JSON.stringify(device.state).includes(outbox[0]!.code));
    assert.match(device.state.codeHash ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(device.secret?.length, 32);
  });

  it('a code expires after its lifetime (valid until one millisecond before)', async () => {
    const { kind, outbox } = setup({ lifetimeSeconds: 60 });
    const device = await createDevice(kind, { destination: 'ops' });
    await challenge(kind, device, NOW);
    const code = outbox[0]!.code;
    assert.equal(await outcomeOf(kind, device, code, NOW + 60_000), 'expired');
    assert.equal(await outcomeOf(kind, device, code, NOW + 59_999), 'match');
  });

  it('a wrong code is invalid and does not use up the right one', async () => {
    const { kind, outbox } = setup();
    const device = await createDevice(kind, { destination: 'ops' });
    await challenge(kind, device, NOW);
    const code = outbox[0]!.code;
    const wrong = code === '000000' ? '000001' : '000000';
    assert.equal(await outcomeOf(kind, device, wrong, NOW), 'invalid');
    assert.equal(await outcomeOf(kind, device, code, NOW), 'match');
  });

  it('a new challenge replaces the previous code', async () => {
    const { kind, outbox } = setup();
    const device = await createDevice(kind, { destination: 'ops' });
    await challenge(kind, device, NOW);
    await challenge(kind, device, NOW + 40_000);
    const [first, second] = outbox;
    if (first!.code !== second!.code) assert.equal(await outcomeOf(kind, device, first!.code, NOW + 41_000), 'invalid');
    assert.equal(await outcomeOf(kind, device, second!.code, NOW + 41_000), 'match');
  });

  it('nothing verifies before the first challenge', async () => {
    const { kind } = setup();
    const device = await createDevice(kind, { destination: 'ops' });
    assert.equal(await outcomeOf(kind, device, '123456', NOW), 'invalid');
  });

  it('typed variants are normalised; the configured length is enforced', async () => {
    const { kind, outbox } = setup({ digits: 8 });
    const device = await createDevice(kind, { destination: 'ops' });
    await challenge(kind, device, NOW);
    const code = outbox[0]!.code;
    assert.match(code, /^\d{8}$/);
    assert.equal(await outcomeOf(kind, device, code.slice(0, 6), NOW), 'malformed');
    const fullWidth = code.replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit)));
    assert.equal(await outcomeOf(kind, device, ` ${fullWidth.slice(0, 4)} ${fullWidth.slice(4)} `, NOW), 'match');
  });

  it('codes are 6 digits with leading zeros kept, and vary', async () => {
    const { kind, outbox } = setup();
    const device = await createDevice(kind, { destination: 'ops' });
    for (let i = 0; i < 200; i++) await challenge(kind, device, NOW + i);
    assert.ok(outbox.every((delivery) => /^\d{6}$/.test(delivery.code)));
    assert.ok(new Set(outbox.map((delivery) => delivery.code)).size > 190);
  });

  it('a failed delivery propagates and leaves nothing to verify', async () => {
    const kind = consoleCode({
      deliver: () => {
        throw new Error('console offline');
      },
    });
    const device = await createDevice(kind, { destination: 'ops' });
    await assert.rejects(
      kind.generateChallenge({ device: fakeDevice('console-code', device.state), secret: device.secret, state: device.state, now: NOW }),
      /console offline/,
    );
    assert.equal(device.state.codeHash, null);
  });

  it('validates options, configuration and stored state', () => {
    const { kind } = setup();
    assertTwofoldError(() => kind.create({ destination: '' }), 'INVALID_OPTIONS', /destination/);
    assertTwofoldError(() => kind.create({} as { destination: string }), 'INVALID_OPTIONS', /destination/);
    assertTwofoldError(() => consoleCode({ deliver: () => undefined, lifetimeSeconds: 3600 }), 'INVALID_CONFIG', /lifetimeSeconds/);
    assertTwofoldError(() => consoleCode({ deliver: () => undefined, digits: 4 }), 'INVALID_CONFIG', /digits/);
    assertTwofoldError(() => consoleCode({ deliver: 'print' as unknown as () => void }), 'INVALID_CONFIG', /deliver/);
    assertTwofoldError(() => kind.parseState({ destination: 'ops', codeHash: '123456', expiresAt: NOW }), 'CORRUPT_DEVICE');
    assertTwofoldError(() => kind.parseState({ destination: 'ops', codeHash: null, expiresAt: NOW }), 'CORRUPT_DEVICE');
    assertTwofoldError(() => kind.parseState({ codeHash: null, expiresAt: null }), 'CORRUPT_DEVICE');
  });

  it('declares what the core needs: name, throttle factor, cooldown, interactivity', () => {
    const { kind } = setup();
    assert.equal(kind.name, 'console-code');
    assert.equal(kind.throttleFactor, 1);
    assert.equal(kind.cooldownSeconds, 30);
    assert.equal(typeof kind.generateChallenge, 'function');
  });

  it('it and the built-in kinds fit the core registry type', () => {
    const kinds: AnyDeviceKind[] = [totp(), hotp(), backupCodes(), setup().kind];
    assert.deepEqual(kinds.map((kind) => kind.name), ['totp', 'hotp', 'backup-codes', 'console-code']);
  });
});
