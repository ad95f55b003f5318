/**
 * What a `webauthn` device keeps: one credential per device. The credential's
 * public key is the device's `secret` (sealed at rest like every secret, so
 * the row cannot be edited to swap in another key without the encryption
 * key, and listings never show it); everything else is `state`.
 */
import type { JsonObject } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import { deviceIdFromKey } from '../../core/persistent-id.js';

/** The kind's name, stored with every WebAuthn device. */
export const WEBAUTHN_KIND_NAME = 'webauthn';

/** Longest credential id WebAuthn allows (bytes). */
export const MAX_CREDENTIAL_ID_BYTES = 1023;

/** Transports an authenticator may report (WebAuthn L3 `AuthenticatorTransport`). */
export const KNOWN_TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;

/** One of {@link KNOWN_TRANSPORTS}. */
export type AuthenticatorTransport = (typeof KNOWN_TRANSPORTS)[number];

/** The state of a `webauthn` device. */
export interface WebAuthnState extends JsonObject {
  /** The credential id, base64url: how the browser names the key. */
  credentialId: string;
  /** The highest signature counter seen (0 for authenticators without one, such as most passkeys). */
  counter: number;
  /** How the browser can reach the authenticator, as reported at registration. */
  transports: AuthenticatorTransport[];
  /**
   * Backup eligible: a synced passkey (true) versus a key bound to one device
   * (false). Never changes. Null when the registration did not record it (an
   * imported credential): the first accepted assertion sets it.
   */
  backupEligible: boolean | null;
  /** Backed up, as of the latest ceremony. */
  backedUp: boolean;
  /** The authenticator model (all zeros when not disclosed). */
  aaguid: string;
  /** Whether the user was verified (PIN, biometrics) at registration. */
  userVerified: boolean;
  /** The attestation format at registration (`none`, `packed`, ...). */
  attestationFormat: string;
  /** The WebAuthn user handle, base64url: random, the same for all of a user's credentials, never the host's user id. */
  userHandle: string;
  /** Set once an assertion's counter went backwards: the key may have been cloned. */
  cloneSuspected: boolean;
  /** SHA-256 (base64url) of the challenge of the latest accepted assertion, or null. */
  lastChallenge: string | null;
}

/** What `createDevice({ kind: 'webauthn', options })` takes: a verified registration (see `finishRegistration`). */
export interface WebAuthnCreateOptions {
  readonly credentialId: string;
  /** The COSE public key. */
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly backupEligible: boolean | null;
  readonly backedUp: boolean;
  readonly aaguid: string;
  readonly userVerified: boolean;
  readonly attestationFormat: string;
  readonly userHandle: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FORMAT = /^[a-z0-9-]{1,32}$/;
const MAX_COUNTER = 0xffffffff;

/** Whether `value` is base64url text of 1 to `maxBytes` bytes. */
export function isBase64Url(value: unknown, maxBytes: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= Math.ceil((maxBytes * 4) / 3) && BASE64URL.test(value);
}

/** Keeps the transports WebAuthn knows, once each, in a stable order. */
export function knownTransports(values: readonly unknown[]): AuthenticatorTransport[] {
  return KNOWN_TRANSPORTS.filter((transport) => values.includes(transport));
}

type Check = (value: unknown) => boolean;

const FIELDS: Record<keyof WebAuthnState, Check> = {
  credentialId: (value) => isBase64Url(value, MAX_CREDENTIAL_ID_BYTES),
  counter: (value) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNTER,
  transports: (value) => Array.isArray(value) && value.every((item) => (KNOWN_TRANSPORTS as readonly unknown[]).includes(item)),
  backupEligible: (value) => value === null || typeof value === 'boolean',
  backedUp: (value) => typeof value === 'boolean',
  aaguid: (value) => typeof value === 'string' && AAGUID.test(value),
  userVerified: (value) => typeof value === 'boolean',
  attestationFormat: (value) => typeof value === 'string' && FORMAT.test(value),
  userHandle: (value) => isBase64Url(value, 64),
  cloneSuspected: (value) => typeof value === 'boolean',
  lastChallenge: (value) => value === null || (typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value)),
};

/** Checks state read from storage; throws `CORRUPT_DEVICE` naming the first bad field. */
export function parseWebAuthnState(state: JsonObject): WebAuthnState {
  for (const [field, check] of Object.entries(FIELDS)) {
    if (!check(state[field])) throw new TwofoldError('CORRUPT_DEVICE', `webauthn: stored state is corrupt: "${field}" is missing or malformed`);
  }
  if (state.backedUp === true && state.backupEligible !== true) {
    throw new TwofoldError('CORRUPT_DEVICE', 'webauthn: stored state is corrupt: backed up but not backup eligible');
  }
  return state as WebAuthnState;
}

/**
 * The device id of a credential: derived from its credential id, so that the
 * store's unique id refuses the same credential for a second device, of this
 * user or of another, atomically across processes (WebAuthn L3 §7.1 step 26).
 */
export function credentialDeviceId(credentialId: string): string {
  return deviceIdFromKey(`webauthn credential|${credentialId}`);
}

/** Turns creation options into the device's secret (the public key), state and id; throws `INVALID_OPTIONS`. */
export function createWebAuthnDevice(options: WebAuthnCreateOptions): { secret: Uint8Array; state: WebAuthnState; id: string } {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new TwofoldError('INVALID_OPTIONS', 'webauthn: devices are created from a verified registration (see finishRegistration)');
  }
  const { publicKey } = options;
  if (!(publicKey instanceof Uint8Array) || publicKey.length < 16 || publicKey.length > 2048) {
    throw new TwofoldError('INVALID_OPTIONS', 'webauthn: publicKey must be the COSE public key (16 to 2048 bytes)');
  }
  const transports: unknown = options.transports;
  const state = {
    credentialId: options.credentialId,
    counter: options.counter,
    transports: Array.isArray(transports) ? knownTransports(transports) : [],
    backupEligible: options.backupEligible,
    backedUp: options.backedUp,
    aaguid: options.aaguid,
    userVerified: options.userVerified,
    attestationFormat: options.attestationFormat,
    userHandle: options.userHandle,
    cloneSuspected: false,
    lastChallenge: null,
  };
  try {
    const parsed = parseWebAuthnState(state);
    return { secret: Uint8Array.from(publicKey), state: parsed, id: credentialDeviceId(parsed.credentialId) };
  } catch (error) {
    throw new TwofoldError('INVALID_OPTIONS', (error as Error).message.replace('stored state is corrupt', 'invalid options'));
  }
}

/** The devices whose state reads as WebAuthn state, with it (listings include corrupt devices so they can be removed; ceremonies skip them). */
export function readableCredentials<D extends { readonly state: JsonObject }>(devices: readonly D[]): { readonly device: D; readonly state: WebAuthnState }[] {
  const readable: { device: D; state: WebAuthnState }[] = [];
  for (const device of devices) {
    try {
      readable.push({ device, state: parseWebAuthnState(device.state) });
    } catch {
      // Corrupt: the core logs it when it is used; offering it would only fail later.
    }
  }
  return readable;
}
