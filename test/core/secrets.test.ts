import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSecretBox, generateSecret, secretsFromEnvironment } from '../../src/core/secrets.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { SECRET_A, SECRET_B } from './fixtures.js';
import { seeded } from '../support/random.js';

describe('secret box (AES-256-GCM envelope)', () => {
  it('round-trips and binds the ciphertext to its context', seeded((random) => {
    const box = createSecretBox([SECRET_A]);
    const plain = random.bytes(20);
    const sealed = box.seal(plain, 'device-1');
    assert.match(sealed, /^tf1\.[0-9a-f]{12}\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(Buffer.from(box.open(sealed, 'device-1')), plain);
    assert.throws(() => box.open(sealed, 'device-2'), (e: unknown) => isTwofoldError(e, 'DECRYPTION_FAILED'));
  }));

  it('uses a fresh nonce every time (100,000 seals, no repeat)', seeded((random) => {
    const box = createSecretBox([SECRET_A]);
    const plain = random.bytes(20);
    const nonces = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const body = Buffer.from(box.seal(plain, 'd').split('.')[2]!, 'base64url');
      nonces.add(body.subarray(0, 12).toString('hex'));
    }
    assert.equal(nonces.size, 100_000);
  }));

  it('detects any flipped byte, truncation, foreign keys and garbage', seeded((random) => {
    const box = createSecretBox([SECRET_A]);
    const sealed = box.seal(random.bytes(20), 'd');
    const [version, keyId, payload] = sealed.split('.') as [string, string, string];
    const body = Buffer.from(payload, 'base64url');
    for (let i = 0; i < body.length; i++) {
      const copy = Buffer.from(body);
      copy[i]! ^= 0x01;
      assert.throws(() => box.open(`${version}.${keyId}.${copy.toString('base64url')}`, 'd'), (e: unknown) => isTwofoldError(e, 'DECRYPTION_FAILED'));
    }
    for (const bad of ['', 'tf1', 'tf1..', `tf2.${keyId}.${payload}`, `tf1.${keyId}.AAAA`, `tf1.000000000000.${payload}`, 'x'.repeat(500)]) {
      assert.throws(() => box.open(bad, 'd'), (e: unknown) => isTwofoldError(e, 'DECRYPTION_FAILED'));
    }
    const other = createSecretBox([SECRET_B]);
    assert.throws(() => other.open(sealed, 'd'), (e: unknown) => isTwofoldError(e, 'DECRYPTION_FAILED'));
  }));

  it('rotates: the newest key seals, older keys still open, stale envelopes are recognised', () => {
    const old = createSecretBox([SECRET_A]);
    const sealed = old.seal(Buffer.from('key'), 'd');
    const rotated = createSecretBox([SECRET_B, SECRET_A]);
    assert.equal(Buffer.from(rotated.open(sealed, 'd')).toString(), 'key');
    assert.equal(rotated.isStale(sealed), true);
    assert.equal(rotated.isStale(rotated.seal(Buffer.from('key'), 'd')), false);
    assert.notEqual(rotated.currentKeyId, old.currentKeyId);
  });

  it('rejects unusable key lists', () => {
    for (const secrets of [[], ['short'], [SECRET_A, SECRET_A], [42 as unknown as string]]) {
      assert.throws(() => createSecretBox(secrets), (e: unknown) => isTwofoldError(e, 'INVALID_CONFIG'));
    }
  });

  it('generates secrets that are long enough and unique', () => {
    const a = generateSecret();
    assert.equal(a.length, 43);
    assert.notEqual(a, generateSecret());
    assert.doesNotThrow(() => createSecretBox([a]));
  });
});

describe('secretsFromEnvironment', () => {
  it('reads TWOFOLD_SECRETS: comma-separated, newest first, blanks ignored', () => {
    assert.deepEqual(secretsFromEnvironment(undefined, { TWOFOLD_SECRETS: ` ${SECRET_A} , ${SECRET_B},` }), [SECRET_A, SECRET_B]);
    assert.deepEqual(secretsFromEnvironment('APP_KEYS', { APP_KEYS: SECRET_B }), [SECRET_B]);
  });

  it('stops with a message naming the variable and genkey when it is unset or empty, never a TypeError', () => {
    for (const env of [{}, { TWOFOLD_SECRETS: '' }, { TWOFOLD_SECRETS: ' , ' }, { TWOFOLD_SECRET: SECRET_A }]) {
      assert.throws(
        () => secretsFromEnvironment(undefined, env),
        (e: unknown) => isTwofoldError(e, 'INVALID_CONFIG') && /TWOFOLD_SECRETS is not set/.test(e.message) && e.message.includes('npx twofold genkey'),
      );
    }
  });
});

describe('secret box: envelopes opened again', () => {
  it('hands out a copy each time, and a cached envelope opens for its device id only', seeded((random) => {
    const box = createSecretBox([SECRET_A]);
    const plain = random.bytes(20);
    const envelope = box.seal(plain, 'device-1');
    const first = box.open(envelope, 'device-1');
    first.fill(0);
    assert.deepEqual(box.open(envelope, 'device-1'), new Uint8Array(plain), 'what a caller did to its copy never reaches the next');
    assert.throws(() => box.open(envelope, 'device-2'), (e: unknown) => isTwofoldError(e, 'DECRYPTION_FAILED'));
    const tampered = `${envelope.slice(0, -2)}${envelope.endsWith('AA') ? 'AB' : 'AA'}`;
    assert.throws(() => box.open(tampered, 'device-1'), (e: unknown) => isTwofoldError(e, 'DECRYPTION_FAILED'));
  }));

  it('answers for the envelope last opened per device, and opens an older or newer one of that device as ever', seeded((random) => {
    const box = createSecretBox([SECRET_A]);
    const [one, two] = [random.bytes(20), random.bytes(20)];
    const [first, second] = [box.seal(one, 'device-1'), box.seal(two, 'device-1')];
    for (const [envelope, plain] of [[first, one], [second, two], [first, one], [first, one], [second, two]] as const) {
      assert.deepEqual(box.open(envelope, 'device-1'), new Uint8Array(plain));
    }
    // A tampered form of the envelope just opened is authenticated, not answered from the cache.
    const tampered = `${second.slice(0, -2)}${second.endsWith('AA') ? 'AB' : 'AA'}`;
    assert.throws(() => box.open(tampered, 'device-1'), (e: unknown) => isTwofoldError(e, 'DECRYPTION_FAILED'));
    assert.deepEqual(box.open(second, 'device-1'), new Uint8Array(two));
  }));
});
