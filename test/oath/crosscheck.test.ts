// Cross-checks against two independent npm implementations, otplib 13 (on
// @noble/hashes) and otpauth 9 (on node:crypto), on thousands of random
// keys, counters, times, digit counts and algorithms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOTP, Secret, TOTP } from 'otpauth';
import { createGuardrails, generateSync as otplibGenerate, verifySync as otplibVerify } from 'otplib';
import { generateHOTP, generateTOTP, timeStep, verifyHOTP, verifyTOTP } from '../../src/oath/index.js';
import type { HashAlgorithm } from '../../src/oath/index.js';
import { seeded, type Random } from '../support/random.js';

const ALGORITHMS: readonly HashAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
/** otplib refuses keys under 16 bytes by default; we test short and long keys too. */
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 1, MAX_SECRET_BYTES: 1024 });

const lower = (algorithm: HashAlgorithm): 'sha1' | 'sha256' | 'sha512' =>
  algorithm === 'SHA1' ? 'sha1' : algorithm === 'SHA256' ? 'sha256' : 'sha512';

function randomCounter(random: Random): number {
  switch (random.int(4)) {
    case 0:
      return random.int(0, 1000);
    case 1:
      return random.int(0, 2 ** 32 + 1000);
    case 2:
      return Number.MAX_SAFE_INTEGER - random.int(0, 1000);
    default:
      return Math.floor(random.float() * Number.MAX_SAFE_INTEGER);
  }
}

function otpauthSecret(key: Uint8Array): Secret {
  return new Secret({ buffer: key.slice().buffer });
}

describe('cross-check with otplib and otpauth', () => {
  it('HOTP: 3000 random keys (1..200 bytes), counters up to 2^53 - 1, 6..8 digits, all algorithms', seeded((random) => {
    for (let i = 0; i < 3000; i++) {
      const key = new Uint8Array(random.bytes(random.int(1, 201)));
      const counter = randomCounter(random);
      const digits = random.int(6, 9);
      const algorithm = ALGORITHMS[i % 3]!;
      const ours = generateHOTP(key, counter, { digits, algorithm });
      assert.equal(ours, HOTP.generate({ secret: otpauthSecret(key), counter, digits, algorithm }), `otpauth ${i}`);
      assert.equal(
        ours,
        otplibGenerate({ strategy: 'hotp', secret: key, counter, digits, algorithm: lower(algorithm), guardrails }),
        `otplib ${i}`,
      );
    }
  }));

  it('TOTP: 3000 random times (fractional, up to year 3000+), steps, t0, 6..8 digits, all algorithms', seeded((random) => {
    for (let i = 0; i < 3000; i++) {
      const key = new Uint8Array(random.bytes(random.int(10, 80)));
      const step = [1, 30, 60, random.int(1, 3600)][random.int(4)]!;
      const time = random.int(0, 2 ** 35) + (i % 2 === 0 ? random.float() : 0);
      const digits = random.int(6, 9);
      const algorithm = ALGORITHMS[i % 3]!;
      const ours = generateTOTP(key, { time, step, digits, algorithm });
      // otpauth works in milliseconds.
      assert.equal(ours, TOTP.generate({ secret: otpauthSecret(key), timestamp: time * 1000, period: step, digits, algorithm }), `otpauth ${i}`);
      const t0 = random.int(0, 1000);
      assert.equal(
        generateTOTP(key, { time: time + t0, t0, step, digits, algorithm }),
        otplibGenerate({ strategy: 'totp', secret: key, epoch: time + t0, t0, period: step, digits, algorithm: lower(algorithm), guardrails }),
        `otplib ${i}`,
      );
    }
  }));

  it('TOTP verification agrees on tokens from two steps before to two steps after (window 1)', seeded((random) => {
    for (let i = 0; i < 1000; i++) {
      const key = new Uint8Array(random.bytes(20));
      const algorithm = ALGORITHMS[i % 3]!;
      const time = random.int(60, 2 ** 33);
      const offset = random.int(-2, 3);
      const token = generateTOTP(key, { time: time + offset * 30, algorithm });
      const T = timeStep({ time });
      const ours = verifyTOTP(key, token, { time, algorithm });
      const theirs = TOTP.validate({ token, secret: otpauthSecret(key), algorithm, timestamp: time * 1000, window: 1 });
      const otplib = otplibVerify({ strategy: 'totp', secret: key, token, epoch: time, epochTolerance: 30, algorithm: lower(algorithm), guardrails });
      // A token can also collide with a neighbouring step's token: all three must agree on the earliest step.
      assert.equal(ours === null ? null : ours - T, theirs, `otpauth ${i}`);
      assert.equal(otplib.valid, ours !== null, `otplib ${i}`);
      if (Math.abs(offset) <= 1) assert.notEqual(ours, null);
    }
  }));

  it('HOTP verification agrees with otplib on look-ahead windows', seeded((random) => {
    for (let i = 0; i < 1000; i++) {
      const key = new Uint8Array(random.bytes(20));
      const counter = random.int(0, 2 ** 40);
      const window = random.int(0, 10);
      const token = generateHOTP(key, counter + random.int(-2, 12));
      const ours = verifyHOTP(key, token, counter, { window });
      const theirs = otplibVerify({ strategy: 'hotp', secret: key, token, counter, counterTolerance: window });
      assert.equal(ours, theirs.valid ? counter + theirs.delta : null, `case ${i}`);
    }
  }));
});
