/**
 * OATH benchmarks: twofold against otplib 13 and otpauth 9 on the same key,
 * the same counters and the same clock.
 *
 * - HOTP generation: one token per call for consecutive counters, as a
 *   device's "next token" would be computed.
 * - TOTP verification of a wrong token with a window of one step each side:
 *   the common case an attacker can repeat, and the costliest for a correct
 *   implementation (every candidate is computed). otplib's equivalent is
 *   `epochTolerance: 30` (one period each side).
 *
 * Each library is used the way an application would: otpauth through a
 * `TOTP`/`HOTP` object built once per device, otplib through its functional
 * sync API with the raw key bytes (its default plugin, @noble/hashes).
 * Before measuring, the cases are checked to produce the same tokens.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import { generateSync as otplibGenerate, verifySync as otplibVerify } from 'otplib';
import type { HashAlgorithm } from '../src/oath/index.js';
import { generateHOTP, hotpCandidates, timeStep, verifyTOTP } from '../src/oath/index.js';
import type { BenchmarkGroup } from './main.js';

const BATCH = 100;

/** A 6-digit token that `key` does not produce within two steps of now: wrong for the whole run. */
function wrongToken(key: Uint8Array, algorithm: HashAlgorithm): string {
  const step = timeStep();
  const nearby = new Set(hotpCandidates(key, step - 2, 5, { algorithm }));
  let candidate = 0;
  while (nearby.has(String(candidate).padStart(6, '0'))) candidate++;
  return String(candidate).padStart(6, '0');
}

function otplibAlgorithm(algorithm: HashAlgorithm): 'sha1' | 'sha256' | 'sha512' {
  return algorithm === 'SHA1' ? 'sha1' : algorithm === 'SHA256' ? 'sha256' : 'sha512';
}

function hotpGroup(key: Uint8Array, firstCounter: number): BenchmarkGroup {
  const secret = new Secret({ buffer: key.slice().buffer });
  const otpauthHotp = new HOTP({ secret, algorithm: 'SHA1', digits: 6 });
  for (let counter = firstCounter; counter < firstCounter + 50; counter++) {
    const expected = generateHOTP(key, counter);
    assert.equal(otpauthHotp.generate({ counter }), expected);
    assert.equal(otplibGenerate({ strategy: 'hotp', secret: key, counter }), expected);
  }
  let twofoldCounter = firstCounter;
  let otplibCounter = firstCounter;
  let otpauthCounter = firstCounter;
  return {
    name: 'HOTP generate (SHA1, 6 digits)',
    batch: BATCH,
    cases: [
      { library: 'twofold', run: () => generateHOTP(key, twofoldCounter++) },
      { library: 'otplib 13', run: () => otplibGenerate({ strategy: 'hotp', secret: key, counter: otplibCounter++ }) },
      { library: 'otpauth 9', run: () => otpauthHotp.generate({ counter: otpauthCounter++ }) },
    ],
  };
}

function totpVerifyGroup(key: Uint8Array, algorithm: HashAlgorithm): BenchmarkGroup {
  const secret = new Secret({ buffer: key.slice().buffer });
  const otpauthTotp = new TOTP({ secret, algorithm, digits: 6, period: 30 });
  const otplibOptions = {
    strategy: 'totp',
    secret: key,
    algorithm: otplibAlgorithm(algorithm),
    epochTolerance: 30,
  } as const;
  const wrong = wrongToken(key, algorithm);
  // Same answers on a right and a wrong token, so that all three do the same work.
  const now = Math.floor(Date.now() / 1000);
  const right = otpauthTotp.generate({ timestamp: now * 1000 });
  assert.equal(verifyTOTP(key, right, { algorithm, time: now }) !== null, true);
  assert.equal(otplibVerify({ ...otplibOptions, token: right, epoch: now }).valid, true);
  assert.equal(verifyTOTP(key, wrong, { algorithm, time: now }), null);
  assert.equal(otpauthTotp.validate({ token: wrong, timestamp: now * 1000, window: 1 }), null);
  assert.equal(otplibVerify({ ...otplibOptions, token: wrong, epoch: now }).valid, false);
  return {
    name: `TOTP verify wrong token, window 1 (${algorithm}, 6 digits)`,
    batch: BATCH,
    cases: [
      { library: 'twofold', run: () => verifyTOTP(key, wrong, { algorithm, window: 1 }) },
      { library: 'otplib 13', run: () => otplibVerify({ ...otplibOptions, token: wrong }) },
      { library: 'otpauth 9', run: () => otpauthTotp.validate({ token: wrong, window: 1 }) },
    ],
  };
}

/** The OATH benchmark groups (SHA-1 first: it is what authenticator apps use). */
export function oathBenchmarkGroups(): BenchmarkGroup[] {
  const key = new Uint8Array(randomBytes(20));
  return [
    hotpGroup(key, 1_000_000),
    totpVerifyGroup(key, 'SHA1'),
    totpVerifyGroup(new Uint8Array(randomBytes(32)), 'SHA256'),
    totpVerifyGroup(new Uint8Array(randomBytes(64)), 'SHA512'),
  ];
}
