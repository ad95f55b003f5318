/**
 * A software WebAuthn authenticator for tests: ES256 keys from node:crypto,
 * authenticator data, client data and "none" attestation built by hand (with
 * the tiny CBOR encoder below), so that every field a relying party checks
 * can be set wrong on purpose. It plays both the authenticator and the
 * browser: it produces the JSON that `@simplewebauthn/browser` would post.
 */
import { createHash, createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A CBOR value this encoder can write. */
export type CborValue = number | string | Uint8Array | boolean | readonly CborValue[] | CborMap;

/** A CBOR map with keys in insertion order (COSE keys are integers). */
export type CborMap = Map<number | string, CborValue>;

function head(major: number, length: number): number[] {
  if (length < 24) return [(major << 5) | length];
  if (length < 0x100) return [(major << 5) | 24, length];
  if (length < 0x10000) return [(major << 5) | 25, length >> 8, length & 0xff];
  return [(major << 5) | 26, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
}

/** Encodes a value as CBOR (RFC 8949), definite lengths only: enough for attestation objects and COSE keys. */
export function cborEncode(value: CborValue): Uint8Array {
  const out: number[] = [];
  const write = (item: CborValue): void => {
    if (typeof item === 'number') {
      if (!Number.isSafeInteger(item)) throw new Error('cborEncode: integers only');
      out.push(...(item >= 0 ? head(0, item) : head(1, -1 - item)));
    } else if (typeof item === 'boolean') {
      out.push(item ? 0xf5 : 0xf4);
    } else if (typeof item === 'string') {
      const bytes = Buffer.from(item, 'utf8');
      out.push(...head(3, bytes.length), ...bytes);
    } else if (item instanceof Uint8Array) {
      out.push(...head(2, item.length), ...item);
    } else if (item instanceof Map) {
      out.push(...head(5, item.size));
      for (const [key, entry] of item) {
        write(key);
        write(entry);
      }
    } else {
      out.push(...head(4, item.length));
      for (const entry of item) write(entry);
    }
  };
  write(value);
  return Uint8Array.from(out);
}

/** Authenticator-data flags (WebAuthn §6.1). */
export const FLAGS = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;

const b64url = (bytes: Uint8Array | Buffer): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

/** What a ceremony may be made to get wrong. Defaults are those of an honest browser and key. */
export interface CeremonyOverrides {
  /** The page's origin in client data. */
  readonly origin?: string;
  /** The rp id whose hash goes into authenticator data. */
  readonly rpId?: string;
  /** `clientDataJSON.type`. */
  readonly type?: string;
  /** The challenge signed (base64url), instead of the options'. */
  readonly challenge?: string;
  /** Flag bits, replacing the computed ones (UP, UV, BE, BS; AT is added for registration). */
  readonly flags?: number;
  /** The signature counter to report; default: the key's next value. */
  readonly counter?: number;
  /** For assertions: the user handle to return (default the one from registration; null: none). */
  readonly userHandle?: string | null;
  /** For registration: the COSE algorithm to claim for the key. */
  readonly alg?: number;
  /** Changes the signed bytes after signing (tampering). */
  readonly tamper?: boolean;
}

/** Options of a soft authenticator. */
export interface SoftAuthenticatorOptions {
  /** The origin it runs on. */
  readonly origin: string;
  /** Whether it verifies the user (PIN) by default. Default true. */
  readonly userVerification?: boolean;
  /** A synced passkey (BE and BS set) rather than a hardware key. Default false. */
  readonly synced?: boolean;
  /** Whether the counter increases (hardware keys) or stays 0 (most passkeys). Default true. */
  readonly counts?: boolean;
  /** Seed for the credential id, so tests are reproducible. */
  readonly seed?: string;
  /** AAGUID to report. Default all zeros. */
  readonly aaguid?: string;
  /** A "packed" attestation with this certificate (DER, leaf first) and its private key; default "none". */
  readonly attestation?: { readonly chain: readonly Uint8Array[]; readonly privateKey: KeyObject };
}

/** The options JSON twofold hands to the browser (only the fields used here). */
interface CreationOptions {
  readonly challenge: string;
  readonly rp: { readonly id?: string };
  readonly user: { readonly id: string };
}

interface RequestOptions {
  readonly challenge: string;
  readonly rpId?: string;
}

/** A software authenticator holding one credential. */
export interface SoftAuthenticator {
  /** The credential id (base64url), known once registered. */
  readonly credentialId: string;
  /** The signature counter it will report next, minus one. */
  counter: number;
  /** A registration response for `options`, as the browser would post it. */
  register(options: CreationOptions, overrides?: CeremonyOverrides): Record<string, unknown>;
  /** An assertion response for `options`. */
  assert(options: RequestOptions, overrides?: CeremonyOverrides): Record<string, unknown>;
}

function signWith(key: KeyObject, data: Uint8Array): Uint8Array {
  const signer = createSign('SHA256');
  signer.update(data);
  return Uint8Array.from(signer.sign(key));
}

function authenticatorData(rpId: string, flags: number, counter: number, attested?: Uint8Array): Uint8Array {
  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(counter);
  return Uint8Array.from(Buffer.concat([sha256(rpId), Buffer.from([flags]), counterBytes, ...(attested === undefined ? [] : [attested])]));
}

function clientData(type: string, challenge: string, origin: string): Uint8Array {
  return Uint8Array.from(Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8'));
}

/** Creates a software authenticator with a fresh ES256 key. */
export function softAuthenticator(options: SoftAuthenticatorOptions): SoftAuthenticator {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key: KeyObject = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const jwk = publicKey.export({ format: 'jwk' });
  const credentialId = sha256(`soft-webauthn:${options.seed ?? Math.random().toString(36)}`).subarray(0, 20);
  const aaguid = Buffer.from((options.aaguid ?? '00000000-0000-0000-0000-000000000000').replace(/-/g, ''), 'hex');
  const uv = options.userVerification ?? true;
  const baseFlags = FLAGS.UP | (uv ? FLAGS.UV : 0) | (options.synced === true ? FLAGS.BE | FLAGS.BS : 0);
  let userHandle: string | null = null;

  const nextCounter = (overrides: CeremonyOverrides): number => {
    if (overrides.counter !== undefined) return overrides.counter;
    if (options.counts === false) return 0;
    authenticator.counter++;
    return authenticator.counter;
  };

  const sign = (data: Uint8Array): Uint8Array => signWith(key, data);

  // The PublicKeyCredential JSON a browser posts, around one response.
  const credentialJSON = (response: Record<string, unknown>): Record<string, unknown> => ({
    id: authenticator.credentialId,
    rawId: authenticator.credentialId,
    type: 'public-key',
    response,
    clientExtensionResults: {},
    authenticatorAttachment: 'cross-platform',
  });

  const authenticator: SoftAuthenticator = {
    credentialId: b64url(credentialId),
    counter: 0,

    register(creation, overrides = {}) {
      const rpId = overrides.rpId ?? creation.rp.id ?? new URL(options.origin).hostname;
      userHandle = creation.user.id;
      const cose: CborMap = new Map<number, CborValue>([
        [1, 2],
        [3, overrides.alg ?? -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]);
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credentialId.length);
      const attested = Uint8Array.from(Buffer.concat([aaguid, idLength, credentialId, cborEncode(cose)]));
      const flags = (overrides.flags ?? baseFlags) | FLAGS.AT;
      const authData = authenticatorData(rpId, flags, nextCounter(overrides), attested);
      const client = clientData(overrides.type ?? 'webauthn.create', overrides.challenge ?? creation.challenge, overrides.origin ?? options.origin);
      const attestation = options.attestation;
      const statement: CborMap =
        attestation === undefined
          ? new Map<string, CborValue>()
          : new Map<string, CborValue>([
              ['alg', -7],
              ['sig', signWith(attestation.privateKey, Uint8Array.from(Buffer.concat([authData, sha256(client)])))],
              ['x5c', [...attestation.chain]],
            ]);
      const format = attestation === undefined ? 'none' : 'packed';
      const attestationObject = cborEncode(new Map<string, CborValue>([['fmt', format], ['attStmt', statement], ['authData', authData]]));
      return credentialJSON({ clientDataJSON: b64url(client), attestationObject: b64url(attestationObject), transports: ['usb', 'nfc'] });
    },

    assert(request, overrides = {}) {
      const rpId = overrides.rpId ?? request.rpId ?? new URL(options.origin).hostname;
      const authData = authenticatorData(rpId, overrides.flags ?? baseFlags, nextCounter(overrides));
      const client = clientData(overrides.type ?? 'webauthn.get', overrides.challenge ?? request.challenge, overrides.origin ?? options.origin);
      const signature = sign(Uint8Array.from(Buffer.concat([authData, sha256(client)])));
      if (overrides.tamper === true) authData.set([(authData.at(-1) ?? 0) ^ 1], authData.length - 1);
      const handle = overrides.userHandle === undefined ? userHandle : overrides.userHandle;
      return credentialJSON({
        clientDataJSON: b64url(client),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(handle === null ? {} : { userHandle: handle }),
      });
    },
  };
  return authenticator;
}
