import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../src/cli/main.js';
import { SECRET_A } from '../core/fixtures.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('twofold CLI', () => {
  let dir: string;
  let env: Record<string, string>;

  async function run(...argv: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { env, out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-cli-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'cli.sqlite')}`, TWOFOLD_SECRETS: SECRET_A };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help for the program and for every command', async () => {
    const main = await run('--help');
    assert.equal(main.code, 0);
    for (const command of ['migrate', 'devices', 'addstatictoken', 'status', 'disable', 'genkey', 'reencrypt']) {
      assert.match(main.out, new RegExp(`\\b${command}\\b`));
      const help = await run(command, '--help');
      assert.equal(help.code, 0, command);
      assert.match(help.out, new RegExp(`Usage: twofold ${command}`));
      assert.match(help.out, /DATABASE_URL/);
    }
  });

  it('reports usage errors with exit code 2', async () => {
    assert.equal((await run('frobnicate')).code, 2);
    assert.equal((await run('devices')).code, 2);
    assert.equal((await run('devices', 'a', 'b')).code, 2);
    assert.equal((await run('addstatictoken', 'alice', '--bogus')).code, 2);
    assert.equal((await run('status')).code, 2);
  });

  it('migrates, adds backup codes, lists devices, reports status and disables', async () => {
    const migrate = await run('migrate');
    assert.equal(migrate.code, 0, migrate.err);
    assert.match((await run('migrate')).out, /up to date/);

    const first = await run('addstatictoken', 'alice');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^[0-9a-hjkmnp-tv-z]{4}(?:-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    const explicit = await run('addstatictoken', 'alice', '--token', 'abcd-2345-wxyz');
    assert.equal(explicit.out, 'abcd-2345-wxyz');
    const bad = await run('addstatictoken', 'alice', '-t', 'no!');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /backup code must be/);

    const devices = await run('devices', 'alice');
    assert.equal(devices.code, 0);
    assert.match(devices.out, /^backup-codes\/\S+ {2}backup-codes {2}"Backup codes" {2}confirmed, 2 code\(s\) left {2}last used never$/);
    assert.ok(!devices.out.includes('scrypt$'), 'no hashes printed');
    assert.equal((await run('devices', 'nobody')).out, 'nobody has no devices.');

    assert.equal((await run('status', 'alice', 'bob')).out, 'alice: enabled\nbob: disabled');
    assert.equal((await run('disable', 'alice')).out, 'alice: removed 1 device(s)');
    assert.equal((await run('status', 'alice')).out, 'alice: disabled');
  });

  it('generates keys and re-encrypts after a rotation', async () => {
    const key = await run('genkey');
    assert.match(key.out, /^[A-Za-z0-9_-]{43}$/);
    await run('addstatictoken', 'carol');
    env = { ...env, TWOFOLD_SECRETS: `${key.out},${SECRET_A}` };
    const reencrypt = await run('reencrypt');
    assert.equal(reencrypt.code, 0, reencrypt.err);
    assert.match(reencrypt.out, /^Re-encrypted \d+ device secret\(s\)\.$/);
  });

  it('refuses to run without secrets in production and says why', async () => {
    const saved = env;
    env = { DATABASE_URL: saved.DATABASE_URL!, NODE_ENV: 'production' };
    const result = await run('status', 'alice');
    env = saved;
    assert.equal(result.code, 1);
    assert.match(result.err, /no encryption secrets configured/);
  });

  it('rejects an unsupported database URL clearly', async () => {
    const saved = env;
    env = { ...saved, DATABASE_URL: 'mysql://localhost/x' };
    const result = await run('status', 'alice');
    env = saved;
    assert.equal(result.code, 1);
    assert.match(result.err, /DATABASE_URL|database URL|unsupported/i);
  });

  it('runs as a program', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'status', 'alice'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^alice: (enabled|disabled)\n$/);
  });
});
