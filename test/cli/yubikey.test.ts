import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { createTwofold } from '../../src/core/twofold.js';
import { yubikey } from '../../src/devices/yubikey/index.js';
import { openStore } from '../../src/store/kysely/index.js';
import { SECRET_A } from '../core/fixtures.js';
import { simulatedKey, touch } from '../support/yubikey-simulator.js';

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('twofold yubikey', () => {
  let dir: string;
  let env: Record<string, string>;

  async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { env, out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-cli-yubikey-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'cli.sqlite')}`, TWOFOLD_SECRETS: SECRET_A };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is listed in the help and explains itself', async () => {
    assert.match((await run('--help')).out, /\byubikey\b/);
    const help = await run('yubikey', '--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: twofold yubikey add --user USER --public-id/);
  });

  it('reports usage errors with exit code 2', async () => {
    assert.equal((await run('yubikey')).code, 2);
    assert.equal((await run('yubikey', 'add')).code, 2, 'no user');
    assert.equal((await run('yubikey', 'frob', '--user', 'a')).code, 2);
    assert.equal((await run('yubikey', 'add', '--user', 'a', '--public-id', 'cccccccc')).code, 2, 'no key');
    assert.equal((await run('yubikey', 'remove', '--user', 'a')).code, 2, 'which key?');
    assert.equal((await run('yubikey', 'list', '--user', 'a', '--bogus')).code, 2);
  });

  it('adds a programmed key whose tokens then verify, lists it, refuses a second registration and removes it', async () => {
    const key = simulatedKey({ seed: 31 });
    const fresh = touch(key);
    const keyFile = join(dir, 'aes.hex');
    writeFileSync(keyFile, `${hexOf(key.aesKey)}\n`);
    const added = await run('yubikey', 'add', '--user', 'alice', '--public-id', key.publicId, '--private-id', hexOf(key.privateId), '--aes-key-file', keyFile, '--otp', fresh, '--name', 'Blue key');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /^yubikey\/[A-Za-z0-9_-]{22}$/);

    const listed = await run('yubikey', 'list', '--user', 'alice');
    assert.match(listed.out, new RegExp(`^yubikey/\\S+ {2}yubikey {2}${key.publicId} {2}"Blue key" {2}confirmed, counters 1/0 {2}last used never$`));
    assert.ok(!listed.out.includes(hexOf(key.aesKey)));

    // The registered key works through the library with the same database and secrets.
    const { store } = await openStore(env.DATABASE_URL!);
    const twofold = createTwofold({ store, kinds: [yubikey()], secrets: [SECRET_A] });
    assert.equal((await twofold.matchToken('alice', touch(key))).ok, true);
    const used = await twofold.matchToken('alice', fresh);
    assert.equal(!used.ok && used.reason, 'replayed-token', 'the registration token is used up');
    await store.close();

    const again = await run('yubikey', 'add', '--user', 'bob', '--public-id', key.publicId, '--private-id', hexOf(key.privateId), '--aes-key', hexOf(key.aesKey));
    assert.equal(again.code, 1);
    assert.match(again.err, /already registered/);

    const badHex = await run('yubikey', 'add', '--user', 'bob', '--public-id', 'cccccccccccc', '--private-id', 'zz', '--aes-key', hexOf(key.aesKey));
    assert.equal(badHex.code, 1);
    assert.match(badHex.err, /--private-id must be 6 bytes/);
    const badOtp = await run('yubikey', 'add', '--user', 'bob', '--public-id', 'cccccccccccc', '--private-id', '000000000000', '--aes-key', hexOf(key.aesKey), '--otp', touch(key));
    assert.equal(badOtp.code, 1);

    assert.equal((await run('yubikey', 'remove', '--user', 'bob', '--public-id', key.publicId)).code, 1, 'not bob’s');
    const removed = await run('yubikey', 'remove', '--user', 'alice', '--public-id', key.publicId.toUpperCase());
    assert.equal(removed.code, 0, removed.err);
    assert.equal((await run('yubikey', 'list', '--user', 'alice')).out, 'alice has no YubiKeys.');
  });
});
