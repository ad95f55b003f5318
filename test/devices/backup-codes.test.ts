import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scryptSync, randomBytes } from 'node:crypto';
import {
  BACKUP_CODE_ALPHABET,
  BACKUP_CODE_LENGTH,
  formatBackupCode,
  BACKUP_CODE_SCRYPT,
  MAX_BACKUP_CODES,
  backupCodes,
  generateBackupCode,
  generateBackupCodes,
  hashBackupCode,
  normalizeBackupCode,
  remainingBackupCodes,
} from '../../src/devices/backup-codes/index.js';
import type { BackupCodesOptions, BackupCodesState } from '../../src/devices/backup-codes/index.js';
import type { JsonObject } from '../../src/core/types.js';
import { assertRejectsTwofold, assertTwofoldError, createDevice, fakeDevice, outcomeOf } from './support.js';

const NOW = 1_700_000_000_000;
const CODE_FORMAT = /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/;
const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** χ² statistic of observed counts against a uniform distribution. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
}

describe('backup codes: generation', () => {
  it('a code is 16 alphabet characters (80 bits) shown as xxxx-xxxx-xxxx-xxxx', () => {
    for (let i = 0; i < 200; i++) assert.match(generateBackupCode(), CODE_FORMAT);
    assert.equal(BACKUP_CODE_ALPHABET.length, 32);
    assert.equal(new Set(BACKUP_CODE_ALPHABET).size, 32);
    for (const ambiguous of 'ilou') assert.ok(!BACKUP_CODE_ALPHABET.includes(ambiguous));
  });

  it('a set has 10 distinct codes by default, or the count asked for', () => {
    const set = generateBackupCodes();
    assert.equal(set.length, 10);
    assert.equal(new Set(set).size, 10);
    assert.equal(generateBackupCodes(MAX_BACKUP_CODES).length, MAX_BACKUP_CODES);
    assert.deepEqual(generateBackupCodes(0), []);
    assertTwofoldError(() => generateBackupCodes(MAX_BACKUP_CODES + 1), 'INVALID_ARGUMENT');
    assertTwofoldError(() => generateBackupCodes(2.5), 'INVALID_ARGUMENT');
  });

  it('two sets made back to back share nothing', () => {
    const a = new Set(generateBackupCodes());
    assert.ok(generateBackupCodes().every((code) => !a.has(code)));
  });

  it('characters are uniform overall and at every position (χ², 31 degrees of freedom)', () => {
    // 31 degrees of freedom: mean 31, sd ≈ 7.9. A bound of 90 has p < 1e-7 per test, so it cannot flake,
    // yet a modulo-biased or stuck generator (e.g. 256 mod 30) lands in the hundreds or thousands.
    const samples = 20_000;
    const overall = new Array<number>(32).fill(0);
    const byPosition = Array.from({ length: BACKUP_CODE_LENGTH }, () => new Array<number>(32).fill(0));
    for (let i = 0; i < samples; i++) {
      const code = generateBackupCode().replaceAll('-', '');
      for (let position = 0; position < BACKUP_CODE_LENGTH; position++) {
        const index = BACKUP_CODE_ALPHABET.indexOf(code[position]!);
        overall[index]! += 1;
        byPosition[position]![index]! += 1;
      }
    }
    assert.ok(chiSquare(overall) < 90, `overall χ² = ${chiSquare(overall).toFixed(1)}`);
    byPosition.forEach((counts, position) => {
      assert.ok(chiSquare(counts) < 90, `position ${position}: χ² = ${chiSquare(counts).toFixed(1)}`);
    });
  });
});

describe('backup codes: display format', () => {
  it('groups new codes by four and earlier 10-character codes by five, from any spelling', () => {
    assert.equal(formatBackupCode('K7M29QXA 4FZT0W1C'), 'k7m2-9qxa-4fzt-0w1c');
    assert.equal(formatBackupCode('k7m2-9qxa-4fzt-0w1c'), 'k7m2-9qxa-4fzt-0w1c');
    assert.equal(formatBackupCode('k7m2 9qxa 4fzt OWIC'), 'k7m2-9qxa-4fzt-0w1c', 'Crockford look-alikes');
    assert.equal(formatBackupCode('ABCDE FGHJK'), 'abcde-fghjk');
    assert.equal(formatBackupCode('abcdu-fghjk'), null);
    for (let i = 0; i < 20; i++) {
      const code = generateBackupCode();
      assert.equal(formatBackupCode(code), code);
    }
  });
});

describe('backup codes: normalisation', () => {
  it('accepts upper case, spaces, dashes and full-width forms', () => {
    assert.equal(normalizeBackupCode('abcde-fghjk'), 'abcdefghjk');
    assert.equal(normalizeBackupCode('ABCDE-FGHJK'), 'abcdefghjk');
    assert.equal(normalizeBackupCode('  abcde fghjk \n'), 'abcdefghjk');
    assert.equal(normalizeBackupCode('ab-cd-ef-gh-jk'), 'abcdefghjk');
    assert.equal(normalizeBackupCode('ＡＢＣＤＥ－ＦＧＨＪＫ'), 'abcdefghjk');
  });

  it('reads the look-alikes i and l as 1 and o as 0', () => {
    assert.equal(normalizeBackupCode('IlIlO-oOo12'), '1111000012');
    assert.equal(normalizeBackupCode('ｉｌｏ45-67890'), '1104567890');
  });

  it('rejects what cannot be a code', () => {
    for (const input of ['abcde-fghju', 'abcd', 'a'.repeat(33), '', 'abcde_fghj!', 'abcde fghjé', '１２３']) {
      assert.equal(normalizeBackupCode(input), null, JSON.stringify(input));
    }
    for (const input of [undefined, null, 1234567890, ['abcdefghjk']]) assert.equal(normalizeBackupCode(input), null);
  });

  it('accepts the lengths a host may use, 6 to 32', () => {
    assert.equal(normalizeBackupCode('123456'), '123456');
    assert.equal(normalizeBackupCode('x'.repeat(32)), 'x'.repeat(32));
  });

  it('the kind normalises tokens the same way', () => {
    const kind = backupCodes();
    assert.equal(kind.normalizeToken('ABCDE FGHJK', { codes: [] }), 'abcdefghjk');
    assert.equal(kind.normalizeToken('nope', { codes: [] }), null);
  });
});

describe('backup codes: storage', () => {
  it('stores only scrypt hashes with the documented parameters', async () => {
    const kind = backupCodes();
    const codes = generateBackupCodes(3);
    const device = await createDevice(kind, { codes });
    assert.equal(device.secret, null);
    assert.equal(device.state.codes.length, 3);
    for (const stored of device.state.codes) {
      const match = HASH_FORMAT.exec(stored);
      assert.ok(match, stored);
      assert.deepEqual(match.slice(1, 4).map(Number), [4096, 8, 1]);
      assert.equal(Buffer.from(match[4]!, 'base64url').length, BACKUP_CODE_SCRYPT.saltBytes);
      assert.equal(Buffer.from(match[5]!, 'base64url').length, BACKUP_CODE_SCRYPT.hashBytes);
    }
  });

  it('no plaintext code appears in the state, in any spelling', async () => {
    const kind = backupCodes();
    const codes = generateBackupCodes();
    const device = await createDevice(kind, { codes });
    const json = JSON.stringify(device.state).toLowerCase();
    for (const code of codes) {
      const plain = code.replaceAll('-', '');
      for (const spelling of [code, plain, plain.slice(0, 8), plain.slice(8)]) assert.ok(!json.includes(spelling), 'a code leaked');
    }
  });

  it('the hash is salted: one code stores differently each time', async () => {
    const [a, b] = await Promise.all([hashBackupCode('abcde-fghjk'), hashBackupCode('ABCDEFGHJK')]);
    assert.notEqual(a, b);
  });

  it('hashBackupCode refuses what is not a code', async () => {
    await assertRejectsTwofold(() => hashBackupCode('not a code!'), 'INVALID_ARGUMENT');
  });

  it('hashes with other parameters keep verifying (the format is self-describing)', async () => {
    const kind = backupCodes();
    const salt = randomBytes(16);
    const legacy = `scrypt$1024$8$2$${salt.toString('base64url')}$${scryptSync('7777788888', salt, 32, { N: 1024, r: 8, p: 2 }).toString('base64url')}`;
    const longer = `scrypt$1024$4$1$${salt.toString('base64url')}$${scryptSync('99999zzzzz', salt, 64, { N: 1024, r: 4, p: 1 }).toString('base64url')}`;
    const device = { secret: null, state: kind.parseState({ codes: [legacy, longer] }) };
    assert.equal(await outcomeOf(kind, device, '77777-88888', NOW), 'match');
    assert.equal(await outcomeOf(kind, device, '99999-ZZZZZ', NOW), 'match');
    assert.deepEqual(device.state.codes, []);
  });
});

describe('backup codes: verification', () => {
  const kind = backupCodes({ throttleFactor: 0 });

  it('each code works once and only its own hash is removed', async () => {
    const codes = generateBackupCodes(4);
    const device = await createDevice(kind, { codes });
    const [, second] = device.state.codes;
    assert.equal(await outcomeOf(kind, device, codes[1]!, NOW), 'match');
    assert.equal(device.state.codes.length, 3);
    assert.ok(!device.state.codes.includes(second!));
    assert.equal(await outcomeOf(kind, device, codes[1]!, NOW), 'invalid');
    assert.equal(device.state.codes.length, 3);
    for (const code of [codes[0]!, codes[2]!, codes[3]!]) assert.equal(await outcomeOf(kind, device, code, NOW), 'match');
    assert.deepEqual(device.state.codes, []);
    assert.equal(await outcomeOf(kind, device, codes[0]!, NOW), 'invalid');
  });

  it('duplicate codes are consumed one at a time', async () => {
    const device = await createDevice(kind, { codes: ['alice-11111', 'ALICE11111', 'alice-22222'] });
    assert.equal(await outcomeOf(kind, device, 'alice-11111', NOW), 'match');
    assert.equal(device.state.codes.length, 2);
    assert.equal(await outcomeOf(kind, device, 'a1ice 11111', NOW), 'match');
    assert.equal(device.state.codes.length, 1);
    assert.equal(await outcomeOf(kind, device, 'alice-11111', NOW), 'invalid');
    assert.equal(await outcomeOf(kind, device, 'alice-22222', NOW), 'match');
  });

  it('a wrong code is invalid and changes nothing', async () => {
    const device = await createDevice(kind, { codes: generateBackupCodes(2) });
    const before = device.state;
    assert.equal(await outcomeOf(kind, device, generateBackupCode(), NOW), 'invalid');
    assert.equal(await outcomeOf(kind, device, 'abc', NOW), 'malformed');
    assert.deepEqual(device.state, before);
  });

  it('typed variants of a code verify: upper case, spaces, full width, look-alikes', async () => {
    const device = await createDevice(kind, { codes: ['k1o0v-wxyz9', 'abcde-fghjk', 'mnpqr-stvwx', '01234-56789'] });
    assert.equal(await outcomeOf(kind, device, ' K I O 0 V W X Y Z 9 ', NOW), 'match');
    assert.equal(await outcomeOf(kind, device, 'ＡＢＣＤＥ－ＦＧＨＪＫ', NOW), 'match');
    assert.equal(await outcomeOf(kind, device, 'MNPQR—STVWX', NOW), 'match');
    assert.equal(await outcomeOf(kind, device, 'OI234 S6789', NOW), 'invalid', 'S is not read as 5');
    assert.equal(await outcomeOf(kind, device, 'Ol234-56789', NOW), 'match');
  });

  it('host-chosen codes of other lengths work', async () => {
    const device = await createDevice(kind, { codes: ['123456', 'x'.repeat(32)] });
    assert.equal(await outcomeOf(kind, device, '123-456', NOW), 'match');
    assert.equal(await outcomeOf(kind, device, 'X'.repeat(32), NOW), 'match');
  });

  it('a device with no codes left rejects everything', async () => {
    const device = await createDevice(kind, { codes: [] });
    assert.equal(await outcomeOf(kind, device, generateBackupCode(), NOW), 'invalid');
  });

  it('verify re-checks the token form on its own', async () => {
    const device = await createDevice(kind, { codes: ['abcdefghjk'] });
    assert.deepEqual(await kind.verify({ token: 'ABCDEFGHJK', secret: null, state: device.state, now: NOW }), { match: false, reason: 'invalid' });
  });

  it('remainingBackupCodes counts unused codes', async () => {
    const codes = generateBackupCodes(3);
    const device = await createDevice(kind, { codes });
    assert.equal(remainingBackupCodes(fakeDevice<BackupCodesState>('backup-codes', device.state)), 3);
    await outcomeOf(kind, device, codes[0]!, NOW);
    assert.equal(remainingBackupCodes(fakeDevice<BackupCodesState>('backup-codes', device.state)), 2);
  });

  it('timing budget: a wrong code against 10 codes', async (t) => {
    const device = await createDevice(kind, { codes: generateBackupCodes(10) });
    const wrong = normalizeBackupCode(generateBackupCode())!;
    await kind.verify({ token: wrong, secret: null, state: device.state, now: NOW }); // warm-up
    const runs = 5;
    const started = performance.now();
    for (let i = 0; i < runs; i++) {
      const outcome = await kind.verify({ token: wrong, secret: null, state: device.state, now: NOW });
      assert.equal(outcome.match, false);
    }
    const perVerification = (performance.now() - started) / runs;
    t.diagnostic(`wrong code vs 10 codes: ${perVerification.toFixed(1)} ms per verification`);
    // Generous: about 50 ms on a slow 2-core machine; a regression to seconds would fail.
    assert.ok(perVerification < 1500, `${perVerification.toFixed(0)} ms`);
  });
});

describe('backup codes: creation options and configuration', () => {
  const kind = backupCodes();

  const invalid: readonly (readonly [string, unknown, RegExp])[] = [
    ['missing options', undefined, /options must be an object/],
    ['codes not an array', { codes: 'abcde-fghjk' }, /"codes" must be an array/],
    ['a code with u', { codes: ['abcde-fghjk', 'abcde-fghju'] }, /codes\[1\] is not a valid backup code/],
    ['a too short code', { codes: ['abcde'] }, /codes\[0\]/],
    ['a non-string code', { codes: [1234567890] }, /codes\[0\]/],
    ['too many codes', { codes: generateBackupCodes(MAX_BACKUP_CODES).concat(generateBackupCode()) }, /at most 50/],
    ['an unknown option', { codes: [], count: 5 }, /unknown option "count"/],
  ];
  for (const [label, options, message] of invalid) {
    it(`rejects ${label} with INVALID_OPTIONS`, async () => {
      await assertRejectsTwofold(async () => kind.create(options as BackupCodesOptions), 'INVALID_OPTIONS', message);
    });
  }

  it('the error for a bad code never repeats the codes', async () => {
    await assertRejectsTwofold(async () => kind.create({ codes: ['secrt-codes', 'uuuuu-uuuuu'] }), 'INVALID_OPTIONS', /^(?!.*(secrt|uuuuu))/s);
  });

  it('configuration: count and throttle factor', () => {
    assert.equal(kind.name, 'backup-codes');
    assert.equal(kind.count, 10);
    assert.equal(kind.throttleFactor, 1);
    assert.equal(backupCodes({ count: 16, throttleFactor: 2 }).count, 16);
    assertTwofoldError(() => backupCodes({ count: 0 }), 'INVALID_CONFIG', /count/);
    assertTwofoldError(() => backupCodes({ count: 51 }), 'INVALID_CONFIG', /count/);
    assertTwofoldError(() => backupCodes({ throttleFactor: -1 }), 'INVALID_CONFIG', /throttleFactor/);
    assert.equal('configUrl' in kind, false);
    assert.equal('generateChallenge' in kind, false);
  });
});

describe('backup codes: stored state', () => {
  const kind = backupCodes();
  const salt = Buffer.alloc(16, 1).toString('base64url');
  const hash = Buffer.alloc(32, 2).toString('base64url');
  const good = `scrypt$4096$8$1$${salt}$${hash}`;

  it('parses hashes and drops unknown fields', () => {
    assert.deepEqual(kind.parseState({ codes: [good, good], other: 1 }), { codes: [good, good] });
    assert.deepEqual(kind.parseState({ codes: [] }), { codes: [] });
  });

  const corrupt: readonly (readonly [string, JsonObject])[] = [
    ['no codes', {}],
    ['codes not an array', { codes: good }],
    ['a plaintext code', { codes: ['abcdefghjk'] }],
    ['a number', { codes: [42] }],
    ['N not a power of two', { codes: [`scrypt$4000$8$1$${salt}$${hash}`] }],
    ['N too weak', { codes: [`scrypt$512$8$1$${salt}$${hash}`] }],
    ['memory above 64 MiB', { codes: [`scrypt$1048576$8$1$${salt}$${hash}`] }],
    ['p too large', { codes: [`scrypt$4096$8$99$${salt}$${hash}`] }],
    ['short salt', { codes: [`scrypt$4096$8$1$${Buffer.alloc(8).toString('base64url')}$${hash}`] }],
    ['short hash', { codes: [`scrypt$4096$8$1$${salt}$${Buffer.alloc(8).toString('base64url')}`] }],
    ['padded base64', { codes: [`scrypt$4096$8$1$${salt}==$${hash}`] }],
    ['non-canonical base64', { codes: [`scrypt$4096$8$1$${salt.slice(0, -1)}B$${hash}`] }],
    ['other algorithm', { codes: [`bcrypt$4096$8$1$${salt}$${hash}`] }],
    ['too many', { codes: new Array<string>(MAX_BACKUP_CODES + 1).fill(good) }],
  ];
  for (const [label, state] of corrupt) {
    it(`rejects ${label} with CORRUPT_DEVICE`, () => {
      assertTwofoldError(() => kind.parseState(state), 'CORRUPT_DEVICE');
    });
  }
});
