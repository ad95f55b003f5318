/**
 * Encryption at rest for device key material: AES-256-GCM under a versioned
 * envelope that names the key it was sealed with, so that keys can be rotated
 * (`secrets: [current, ...previous]`) and old records re-encrypted later.
 *
 * Envelope: `tf1.<keyId>.<base64url(nonce ‖ ciphertext ‖ tag)>`, with a fresh
 * random 96-bit nonce per encryption. The additional authenticated data binds
 * the ciphertext to its envelope version, key id and the device id, so a
 * sealed key copied into another device's row does not decrypt.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { TwofoldError } from './errors.js';

const VERSION = 'tf1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Shortest accepted secret, in characters. 32 random base64 characters carry 192 bits. */
export const MIN_SECRET_LENGTH = 32;

/**
 * The key used when none is configured outside production. It is public, so
 * anything sealed with it is not protected; production refuses it.
 */
export const DEVELOPMENT_SECRET = 'twofold-development-secret-not-for-production-use';

/**
 * How many opened envelopes a box keeps, so that a device verified again
 * soon is not decrypted again (AES-GCM set-up is most of a verification's
 * CPU on a fast store). This keeps no secret that was not already in reach:
 * the derived keys that open every envelope live in the same process for its
 * whole life. An entry answers only for the exact envelope text and device
 * id it was opened for (one entry per device id), so a changed, moved or
 * tampered envelope misses it and is authenticated as ever.
 */
export const OPENED_CACHE_SIZE = 4096;

interface DerivedKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Seals and opens device secrets with a key ring. */
export interface SecretBox {
  /** Id of the key new envelopes are sealed with. */
  readonly currentKeyId: string;
  /** Encrypts `plain` for the record identified by `context` (the device id). */
  seal(plain: Uint8Array, context: string): string;
  /** Decrypts an envelope; throws `DECRYPTION_FAILED` on a wrong key, tampering or a malformed envelope. */
  open(envelope: string, context: string): Uint8Array;
  /** Whether an envelope was sealed with an older key and should be re-encrypted. */
  isStale(envelope: string): boolean;
}

function deriveKey(secret: string): DerivedKey {
  const material = Buffer.from(secret, 'utf8');
  const key = Buffer.from(hkdfSync('sha256', material, 'twofold/secrets', 'aes-256-gcm key', 32));
  const id = Buffer.from(hkdfSync('sha256', material, 'twofold/secrets', 'key id', 6)).toString('hex');
  return { id, key };
}

/**
 * Builds a {@link SecretBox} from secrets, newest first. The first one seals;
 * all of them open. Throws `INVALID_CONFIG` for short, duplicate or empty lists.
 */
export function createSecretBox(secrets: readonly string[]): SecretBox {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new TwofoldError('INVALID_CONFIG', 'secrets must be a non-empty array of strings, newest first');
  }
  const keys = secrets.map((secret, index) => {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      throw new TwofoldError(
        'INVALID_CONFIG',
        `secrets[${index}] must be a string of at least ${MIN_SECRET_LENGTH} characters (generate one with \`npx twofold genkey\`)`,
      );
    }
    return deriveKey(secret);
  });
  const byId = new Map<string, DerivedKey>();
  for (const key of keys) {
    if (byId.has(key.id)) throw new TwofoldError('INVALID_CONFIG', 'secrets contains the same key twice');
    byId.set(key.id, key);
  }
  const current = keys[0]!;

  const aad = (keyId: string, context: string) => Buffer.from(`${VERSION}|${keyId}|${context}`, 'utf8');
  // Envelopes opened lately, by device id, with the exact envelope text each answers for (see OPENED_CACHE_SIZE).
  const opened = new Map<string, { readonly envelope: string; readonly plain: Uint8Array }>();

  return {
    currentKeyId: current.id,
    seal(plain, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      cipher.setAAD(aad(current.id, context));
      const body = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${current.id}.${body.toString('base64url')}`;
    },
    open(envelope, context) {
      const cacheable = typeof envelope === 'string' && typeof context === 'string';
      const cached = cacheable ? opened.get(context) : undefined;
      // A copy: what a caller does with its bytes never reaches the cache (`new Uint8Array(bytes)` copies faster than `slice()`).
      if (cached !== undefined && cached.envelope === envelope) return new Uint8Array(cached.plain);
      const plain = openEnvelope(envelope, context);
      if (cacheable) {
        // One entry per device: a re-sealed envelope replaces the old one.
        if (cached !== undefined) opened.delete(context);
        else if (opened.size >= OPENED_CACHE_SIZE) opened.delete(opened.keys().next().value!);
        opened.set(context, { envelope, plain: new Uint8Array(plain) });
      }
      return plain;
    },
    isStale(envelope) {
      return !envelope.startsWith(`${VERSION}.${current.id}.`);
    },
  };

  function openEnvelope(envelope: string, context: string): Uint8Array {
    const parts = typeof envelope === 'string' ? envelope.split('.') : [];
    const [version, keyId, payload] = parts;
    if (parts.length !== 3 || version !== VERSION || keyId === undefined || payload === undefined) {
      throw new TwofoldError('DECRYPTION_FAILED', 'stored secret is not a twofold envelope');
    }
    const key = byId.get(keyId);
    if (key === undefined) {
      throw new TwofoldError('DECRYPTION_FAILED', `stored secret was sealed with key ${keyId}, which is not configured`);
    }
    const body = Buffer.from(payload, 'base64url');
    if (body.length < NONCE_BYTES + TAG_BYTES) {
      throw new TwofoldError('DECRYPTION_FAILED', 'stored secret is truncated');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, body.subarray(0, NONCE_BYTES));
      decipher.setAAD(aad(keyId, context));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)), decipher.final()]);
      return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
    } catch (cause) {
      throw new TwofoldError('DECRYPTION_FAILED', 'stored secret failed authentication (wrong key or tampered data)', { cause });
    }
  }
}

/** A new random secret suitable for `secrets`: 32 random bytes, base64url (43 characters). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The encryption secrets from an environment variable (default
 * `TWOFOLD_SECRETS`): comma-separated, newest first, blanks ignored. An unset
 * or empty variable is a clear start-up error naming the variable, not a
 * `TypeError` from `undefined.split` later.
 *
 * @throws TwofoldError `INVALID_CONFIG` when the variable holds no secret
 * @example
 * ```ts
 * const twofold = createTwofold({ store, kinds, secrets: secretsFromEnvironment() });
 * ```
 */
export function secretsFromEnvironment(name = 'TWOFOLD_SECRETS', env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const secrets = (env[name] ?? '').split(',').map((secret) => secret.trim()).filter((secret) => secret !== '');
  if (secrets.length === 0) {
    throw new TwofoldError(
      'INVALID_CONFIG',
      `${name} is not set: set it to your encryption secrets, comma-separated, newest first (create one with \`npx twofold genkey\`)`,
    );
  }
  return secrets;
}
