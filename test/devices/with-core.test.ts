/**
 * The built-in kinds through a full twofold instance: the checklist scenarios
 * (OTP-1, OTP-3, OTP-5, BC-1, BC-5) at exact instants with a manual clock.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../src/core/twofold.js';
import { manualClock } from '../../src/core/clock.js';
import { totp } from '../../src/devices/totp/index.js';
import { hotp } from '../../src/devices/hotp/index.js';
import { backupCodes, issueBackupCodes, addBackupCode, remainingBackupCodes, type BackupCodesState } from '../../src/devices/backup-codes/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { generateHOTP, generateTOTP, parseOtpauthURI } from '../../src/oath/index.js';
import { isTwofoldError } from '../../src/core/errors.js';
import type { Device } from '../../src/core/types.js';
import { SECRET_A } from '../core/fixtures.js';
import { seeded } from '../support/random.js';

// A step boundary, so that step arithmetic in the assertions is exact.
const T0 = Math.floor(Date.UTC(2026, 10, 23, 12, 0, 0) / 30_000) * 30_000;

function setup() {
  const clock = manualClock(T0 + 5_000);
  const twofold = createTwofold({
    store: createMemoryStore(),
    kinds: [totp(), hotp(), backupCodes()],
    secrets: [SECRET_A],
    clock: clock.now,
    issuer: 'Example: Corp',
  });
  return { clock, twofold };
}

const codeAt = (key: Uint8Array, ms: number) => generateTOTP(key, { time: ms / 1000 });

describe('TOTP through the core', () => {
  it('accepts a code at most once and never an older step afterwards (OTP-1)', seeded(async (random) => {
    const { clock, twofold } = setup();
    const key = random.bytes(20);
    const device = await twofold.createDevice({ userId: 'alice', kind: 'totp', options: { key } });
    const now = clock.now();
    assert.equal((await twofold.verifyToken('alice', device.persistentId, codeAt(key, now))).ok, true);
    const again = await twofold.verifyToken('alice', device.persistentId, codeAt(key, now));
    assert.equal(!again.ok && again.reason, 'replayed-token');
    clock.advance(1); // past the 1 s back-off of that failure
    const older = await twofold.verifyToken('alice', device.persistentId, codeAt(key, now - 30_000));
    assert.equal(!older.ok && older.reason, 'replayed-token');
    clock.advance(29);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, codeAt(key, now + 30_000))).ok, true);
  }));

  it('accepts only codes within ±1 step on fresh devices (OTP-3)', seeded(async (random) => {
    const { clock, twofold } = setup();
    for (let k = -3; k <= 3; k++) {
      const key = random.bytes(20);
      const device = await twofold.createDevice({ userId: `user${k}`, kind: 'totp', options: { key } });
      const result = await twofold.verifyToken(`user${k}`, device.persistentId, codeAt(key, clock.now() + k * 30_000));
      assert.equal(result.ok, Math.abs(k) <= 1, `offset ${k}`);
    }
    const strictKey = random.bytes(20);
    const strict = await twofold.createDevice({ userId: 'strict', kind: 'totp', options: { key: strictKey, tolerance: 0 } });
    assert.equal((await twofold.verifyToken('strict', strict.persistentId, codeAt(strictKey, clock.now() - 30_000))).ok, false);
    clock.advance(1);
    assert.equal((await twofold.verifyToken('strict', strict.persistentId, codeAt(strictKey, clock.now()))).ok, true);
  }));

  it('refuses keys shorter than 128 bits and steps longer than 2 minutes', seeded(async (random) => {
    const { twofold } = setup();
    await assert.rejects(twofold.createDevice({ userId: 'a', kind: 'totp', options: { key: random.bytes(15) } }), (e: unknown) => isTwofoldError(e, 'INVALID_OPTIONS'));
    await assert.rejects(twofold.createDevice({ userId: 'a', kind: 'totp', options: { step: 121 } }), (e: unknown) => isTwofoldError(e, 'INVALID_OPTIONS'));
    await assert.rejects(twofold.createDevice({ userId: 'a', kind: 'totp', options: { digits: 5 } }), (e: unknown) => isTwofoldError(e, 'INVALID_OPTIONS'));
  }));

  it('generates 160-bit random keys and a provisioning URI that carries them', async () => {
    const { twofold } = setup();
    const keys = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const device = await twofold.createDevice({ userId: 'alice', kind: 'totp' });
      const uri = await twofold.configUrl(device, { accountName: 'alice@example.com' });
      const parsed = parseOtpauthURI(uri);
      assert.equal(parsed.key.length, 20);
      assert.equal(parsed.issuer, 'Example Corp', 'colons removed from the issuer');
      keys.add(Buffer.from(parsed.key).toString('hex'));
    }
    assert.equal(keys.size, 200);
  });

  it('renders the QR code of a device as SVG and PNG', async () => {
    const { twofold } = setup();
    const device = await twofold.createDevice({ userId: 'alice', kind: 'totp' });
    assert.match(await twofold.qrCodeSvg(device), /^<svg/);
    assert.equal(Buffer.from(await twofold.qrCodePng(device)).subarray(1, 4).toString(), 'PNG');
  });
});

describe('HOTP through the core (OTP-5)', () => {
  it('advances only on success, bounds the look-ahead and rejects used counters', seeded(async (random) => {
    const { clock, twofold } = setup();
    const key = random.bytes(20);
    const device = await twofold.createDevice({ userId: 'alice', kind: 'hotp', options: { key, tolerance: 5 } });
    const code = (c: number) => generateHOTP(key, c);
    const step = () => clock.advance(60);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code(3))).ok, true);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code(3))).ok, false);
    step();
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code(2))).ok, false);
    step();
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code(4 + 5 + 1))).ok, false);
    step();
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code(4))).ok, true);
    const race = await Promise.all(Array.from({ length: 20 }, () => twofold.verifyToken('alice', device.persistentId, code(5))));
    assert.equal(race.filter((r) => r.ok).length, 1);
  }));
});

describe('backup codes through the core', () => {
  it('works once per code, also under concurrency, and counts down (BC-1)', async () => {
    const { clock, twofold } = setup();
    const { device, codes } = await issueBackupCodes(twofold, 'alice');
    assert.equal(codes.length, 10);
    assert.equal(remainingBackupCodes(device), 10);
    const [first, second] = codes as [string, string];
    const used = await twofold.verifyToken('alice', device.persistentId, first.toUpperCase());
    assert.equal(used.ok, true);
    assert.equal(remainingBackupCodes(used.device as Device<BackupCodesState>), 9);
    clock.advance(1);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, first)).ok, false);
    clock.advance(2);
    const race = await Promise.all(Array.from({ length: 20 }, () => twofold.verifyToken('alice', device.persistentId, second)));
    assert.equal(race.filter((r) => r.ok).length, 1);
    const after = await twofold.getDevice('alice', device.persistentId);
    assert.equal(remainingBackupCodes(after as Device<BackupCodesState>), 8);
  });

  it('replaces the whole set when regenerated (BC-5)', async () => {
    const { clock, twofold } = setup();
    const a = await issueBackupCodes(twofold, 'alice');
    const b = await issueBackupCodes(twofold, 'alice');
    assert.equal(a.device.id, b.device.id, 'same device, new codes');
    assert.equal((await twofold.listDevices('alice')).length, 1);
    for (const old of a.codes.slice(0, 3)) {
      assert.equal((await twofold.verifyToken('alice', a.device.persistentId, old)).ok, false);
      clock.advance(600);
    }
    assert.equal((await twofold.verifyToken('alice', b.device.persistentId, b.codes[0])).ok, true);
  });

  it('adds single codes like django-otp’s addstatictoken', async () => {
    const { twofold } = setup();
    const { code, device } = await addBackupCode(twofold, 'bob');
    assert.equal(device.name, 'Backup codes');
    await addBackupCode(twofold, 'bob', 'wxyz-2345');
    const current = await twofold.getDevice('bob', device.persistentId);
    assert.equal(remainingBackupCodes(current as Device<BackupCodesState>), 2);
    assert.equal((await twofold.verifyToken('bob', device.persistentId, 'WXYZ 2345')).ok, true);
    assert.equal((await twofold.verifyToken('bob', device.persistentId, code)).ok, true);
    await assert.rejects(addBackupCode(twofold, 'bob', 'uuuuuu'), (e: unknown) => isTwofoldError(e, 'INVALID_ARGUMENT'));
  });

  it('lets matchToken find the backup code without counting a failure on the authenticator', async () => {
    const { twofold } = setup();
    const app = await twofold.createDevice({ userId: 'alice', kind: 'totp' });
    const { codes } = await issueBackupCodes(twofold, 'alice');
    const result = await twofold.matchToken('alice', codes[4]);
    assert.equal(result.ok && result.device.kind, 'backup-codes');
    assert.equal((await twofold.getDevice('alice', app.persistentId))?.failureCount, 0);
  });
});
