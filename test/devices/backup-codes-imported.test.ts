import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BACKUP_CODES, backupCodes, generateBackupCodes, normalizeImportedCode } from '../../src/devices/backup-codes/index.js';
import { assertRejectsTwofold, attempt, createDevice, outcomeOf } from './support.js';

const NOW = 1_700_000_000_000;
const kind = backupCodes();

describe('backup codes: imported codes (django-otp static tokens)', () => {
  it('normalises imported codes by trimming and lower-casing only', () => {
    assert.equal(normalizeImportedCode(' UsvfWyb4 '), 'usvfwyb4');
    assert.equal(normalizeImportedCode('ＡＢＣ'), 'abc');
    assert.equal(normalizeImportedCode('oil-2 7'), 'oil-2 7');
    assert.equal(normalizeImportedCode('   '), null);
    assert.equal(normalizeImportedCode('a\u0000b'), null);
    assert.equal(normalizeImportedCode('x'.repeat(65)), null);
    assert.equal(normalizeImportedCode(42), null);
  });

  it('django-otp tokens outside twofold’s alphabet work once each, as typed, in any case', async () => {
    // u, i, l and o are outside Crockford's alphabet; twofold's own normalisation would refuse or remap them.
    const device = await createDevice(kind, { codes: [], importedCodes: ['usvfwyb4', 'oilo2345', 'MixedCase1'] });
    assert.equal(device.state.codes.length, 3);
    assert.ok(device.state.codes.every((hash) => hash.startsWith('scrypt-typed$')));
    for (const typed of [' USVFWYB4 ', 'oilo2345', 'mixedcase1']) {
      const result = await attempt(kind, device, typed, NOW);
      assert.ok(result.match, typed);
      assert.equal(await outcomeOf(kind, device, typed, NOW), 'invalid', `${typed} works only once`);
    }
    assert.equal(device.state.codes.length, 0);
  });

  it('twofold’s own codes keep their forgiving input alongside imported ones', async () => {
    const [own] = generateBackupCodes(1);
    const device = await createDevice(kind, { codes: [own!], importedCodes: ['abcdefgh'] });
    const typed = own!.toUpperCase().replace('-', ' ');
    const first = await attempt(kind, device, typed, NOW);
    assert.ok(first.match);
    assert.equal(device.state.codes.length, 1);
    assert.equal(await outcomeOf(kind, device, 'ABCDEFGH', NOW), 'match');
  });

  it('an imported code is not accepted in a look-alike spelling, and a wrong one is invalid', async () => {
    const device = await createDevice(kind, { codes: [], importedCodes: ['oilo2345'] });
    // twofold's own normalisation reads o/i/l as 0/1: that must not open an imported code.
    assert.equal(await outcomeOf(kind, device, '01102345', NOW), 'invalid');
    assert.equal(await outcomeOf(kind, device, 'oilo2346', NOW), 'invalid');
  });

  it('devices without imported codes behave exactly as before', async () => {
    const device = await createDevice(kind, { codes: ['abcde-fghjk'] });
    assert.equal(await outcomeOf(kind, device, 'abcde fghjk', NOW), 'match');
    assert.equal(await outcomeOf(kind, device, 'usvfwyb4', NOW), 'malformed');
  });

  it('refuses bad imported codes by index, never echoing them, and counts them against the limit', async () => {
    await assertRejectsTwofold(async () => kind.create({ codes: [], importedCodes: ['ok', ' '] }), 'INVALID_OPTIONS', /importedCodes\[1\]/);
    await assertRejectsTwofold(async () => kind.create({ codes: [], importedCodes: 'abc' as unknown as string[] }), 'INVALID_OPTIONS');
    const many = Array.from({ length: MAX_BACKUP_CODES }, (_, i) => `code${i}`);
    await assertRejectsTwofold(async () => kind.create({ codes: ['abcde-fghjk'], importedCodes: many }), 'INVALID_OPTIONS', /at most 50/);
    await assertRejectsTwofold(async () => kind.create({ codes: [], imported: [] } as never), 'INVALID_OPTIONS', /unknown option/);
  });
});
