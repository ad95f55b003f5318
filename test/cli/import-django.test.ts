import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { SECRETS, hasDjango, makeFixture, type ScenarioManifest } from '../import/django-support.js';
import { requireOrSkip } from '../support/env.js';

describe('twofold import django', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-cli-import-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'twofold.sqlite')}`, TWOFOLD_SECRETS: SECRETS.join(',') };
  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { env, out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('explains itself and refuses incomplete command lines', async () => {
    const help = await run('import', '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: twofold import django --database/);
    assert.match((await run('--help')).out, /\bimport\b/);
    assert.equal((await run('import', 'django', '--database', 'x.sqlite3')).code, 2);
    assert.equal((await run('import', 'rails', '--database', 'x', '--user-column', 'username')).code, 2);
    const bad = await run('import', 'django', '--database', 'x', '--user-column', 'username', '--batch-size', 'many');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /--batch-size/);
  });

  it('dry-runs, imports, and on a second run creates nothing', async (t) => {
    if (!requireOrSkip(t, hasDjango(), 'python3 with Django and django-otp is missing')) return;
    const file = join(dir, 'django.sqlite3');
    const manifest = makeFixture(['--database', `sqlite:${file}`]) as ScenarioManifest;
    const args = ['import', 'django', '--database', file, '--user-column', 'username', '--batch-size', '4', '--yubikey-services', 'default'];

    const dry = await run(...args, '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^Dry run: nothing was written/m);
    assert.match(dry.out, /Devices created: backup-codes 1, email 2, hotp 2, phone 2, totp 5, webauthn 1, yubikey 1, yubikey-remote 1$/m);
    assert.match(dry.out, /… 4\/6 users/);
    assert.match(dry.out, /Rows not imported \(6\):/);
    assert.match(dry.out, /otp_yubikey_remoteyubikeydevice \d+ \(Django user \d+\): .*Django's validation service "corporate" \(client id 777, https:\/\/yk\.example\.org/);
    assert.match(dry.out, /otp_totp_totpdevice \d+ \(Django user \d+\): the key is 10 bytes/);
    assert.match((await run('devices', 'alice')).out, /alice has no devices/);

    const real = await run(...args);
    assert.equal(real.code, 0, real.err);
    assert.doesNotMatch(real.out, /Dry run/);
    assert.match(real.out, /Primary devices set from "default": 4/);
    const alice = await run('devices', 'alice');
    assert.match(alice.out, /totp\/\S+ {2}totp {2}"default" {2}confirmed/);
    assert.match(alice.out, /backup-codes {2}"backup" {2}confirmed, 5 code\(s\) left/);

    const again = await run(...args);
    assert.match(again.out, /Devices created: none/);
    assert.match(again.out, /Already imported by an earlier run: 15/);

    // Without the application's service names, remote YubiKeys are reported rather than given a guessed service.
    const unnamed = await run(...args.slice(0, -2), '--dry-run');
    assert.match(unnamed.out, /otp_yubikey_remoteyubikeydevice \d+ .*no yubikey-remote kind registered/);
    assert.equal(manifest.users.alice, 1);
  });
});
