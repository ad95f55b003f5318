/**
 * A setup in progress: the new key lives only in the session of the browser
 * that started it, sealed (AES-256-GCM, see `secrets.ts`) under a key derived
 * from the web layer's `secrets`, and bound to the user, the setup's random id
 * and the method. Nothing reaches the store until the user proves possession
 * with a code, so an abandoned setup leaves no device behind (checklist EN-2),
 * and a session store that keeps data on the client, or in a database, never
 * holds the key in the clear.
 *
 * The code is first checked in memory with the kind's own pure functions;
 * only a matching code creates the device (unconfirmed) and confirms it with
 * `verifyToken(..., { confirm: true })`, which also records the code's time
 * step, so the code used to confirm cannot sign in afterwards.
 *
 * Wrong codes back off like a device does (factor × 2^(n−1) seconds, with
 * the kind's throttle factor and at least 1 s), counted in the session for
 * this setup: a new setup means a new key, so guesses against an old key are
 * worth nothing.
 */
import { randomBytes } from 'node:crypto';
import { createSessionSealer } from '../shared/code-reveal.js';
import type { AnyDeviceKind } from '../../core/twofold.js';
import type { JsonObject, KindCreated } from '../../core/types.js';
import { throttleUnlocksAt } from '../../core/throttle.js';
import { deviceIdFromKey, formatPersistentId } from '../../core/persistent-id.js';
import { encodeBase32 } from '../../oath/index.js';
import { isSafeRedirect } from '../../web/redirect.js';

/** Bytes of a new key: 160 bits, RFC 4226's recommendation. */
export const SETUP_KEY_BYTES = 20;

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const SEALED_MAX_LENGTH = 1024;

/** The setup in progress, as kept in the session. */
export interface PendingSetup {
  /** Random id (128 bits), bound into the sealed key. */
  readonly id: string;
  readonly userId: string;
  /** The kind being set up, e.g. `totp`. */
  readonly method: string;
  /** The key, sealed. */
  readonly sealedKey: string;
  readonly startedAt: number;
  /** Wrong codes entered for this setup. */
  readonly failures: number;
  readonly lastFailureAt: number | null;
  /** A safe page to land on when done, or null. */
  readonly next: string | null;
}

/** Seals and opens what the account pages keep in a session (a key being set up, codes to download). */
export interface AccountSealer {
  /** Encrypts `plain`, bound to `context` (a string naming what it is and whose). */
  seal(plain: Uint8Array, context: string): string;
  /** The plain bytes, or null when the envelope does not open (another secret, tampering, another context). */
  open(envelope: string, context: string): Uint8Array | null;
}

function setupContext(setup: Pick<PendingSetup, 'id' | 'userId' | 'method'>): string {
  return `account-setup|${setup.method}|${setup.id}|${setup.userId}`;
}

/**
 * A sealer keyed by the web `secrets` (newest first). Each secret is first
 * turned into a key of its own for this purpose (HKDF), so that nothing
 * sealed here can be opened as a device secret, or the other way round.
 */
export function createAccountSealer(secrets: readonly string[]): AccountSealer {
  return createSessionSealer(secrets, 'account session state');
}

/** The key of a setup, or null when it does not open. */
export function openSetupKey(sealer: AccountSealer, setup: PendingSetup): Uint8Array | null {
  return sealer.open(setup.sealedKey, setupContext(setup));
}

/** A new setup for `userId` with a fresh random key. */
export function newPendingSetup(
  sealer: AccountSealer,
  input: { readonly userId: string; readonly method: string; readonly now: number; readonly next: string | null },
): { readonly setup: PendingSetup; readonly key: Uint8Array } {
  const key = new Uint8Array(randomBytes(SETUP_KEY_BYTES));
  const id = randomBytes(16).toString('base64url');
  const bound = { id, userId: input.userId, method: input.method };
  return {
    key,
    setup: {
      ...bound,
      sealedKey: sealer.seal(key, setupContext(bound)),
      startedAt: input.now,
      failures: 0,
      lastFailureAt: null,
      next: isSafeRedirect(input.next) ? input.next : null,
    },
  };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads a setup from the session (untrusted); null when absent or malformed. */
export function parsePendingSetup(value: unknown): PendingSetup | null {
  if (!isRecord(value)) return null;
  const { id, userId, method, sealedKey, startedAt, failures, lastFailureAt, next } = value;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return null;
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 255) return null;
  if (typeof method !== 'string' || !/^[a-z0-9-]{1,64}$/.test(method)) return null;
  if (typeof sealedKey !== 'string' || sealedKey.length > SEALED_MAX_LENGTH) return null;
  if (!isTime(startedAt) || !isTime(failures) || (lastFailureAt !== null && !isTime(lastFailureAt))) return null;
  if (next !== null && !isSafeRedirect(next)) return null;
  return { id, userId, method, sealedKey, startedAt, failures, lastFailureAt, next };
}

/** The JSON form of a setup, for the session. */
export function serializePendingSetup(setup: PendingSetup): JsonObject {
  return {
    id: setup.id,
    userId: setup.userId,
    method: setup.method,
    sealedKey: setup.sealedKey,
    startedAt: setup.startedAt,
    failures: setup.failures,
    lastFailureAt: setup.lastFailureAt,
    next: setup.next,
  };
}

/**
 * The persistent id the device of this setup gets: derived from the setup's
 * random id, so every process creating it for the same setup picks the same
 * id and the store lets only one in (a double submit makes one device).
 */
export function setupDevicePersistentId(setup: Pick<PendingSetup, 'id' | 'userId' | 'method'>): string {
  return formatPersistentId(setup.method, setupDeviceId(setup));
}

/** The device id part of {@link setupDevicePersistentId}. */
export function setupDeviceId(setup: Pick<PendingSetup, 'id' | 'userId' | 'method'>): string {
  return deviceIdFromKey(`account-setup|${setup.method}|${setup.userId}|${setup.id}`);
}

/** When the setup stops being accepted. */
export function setupExpiresAt(setup: PendingSetup, timeoutMs: number): number {
  return setup.startedAt + timeoutMs;
}

/** Until when wrong codes hold the setup back, or null when a code may be tried now. */
export function setupLockedUntil(setup: PendingSetup, kind: AnyDeviceKind, now: number): number | null {
  const unlocks = throttleUnlocksAt(setup.failures, setup.lastFailureAt, Math.max(1, kind.throttleFactor));
  return unlocks !== null && unlocks > now ? unlocks : null;
}

/** The setup after one more wrong code at `now`. */
export function withFailure(setup: PendingSetup, now: number): PendingSetup {
  return { ...setup, failures: setup.failures + 1, lastFailureAt: now };
}

type Creator = { create(options: unknown): KindCreated<JsonObject> | Promise<KindCreated<JsonObject>> };

/** The state a new device of `kind` with `key` starts with (the kind's defaults; nothing is stored). */
export async function initialState(kind: AnyDeviceKind, key: Uint8Array): Promise<JsonObject> {
  // A kind validates its own options; `{ key }` is what totp and hotp accept.
  const created = await (kind as unknown as Creator).create({ key });
  return kind.parseState(structuredClone(created.state));
}

/** The `otpauth://` URI of the key being set up. */
export function provisioningUri(
  kind: AnyDeviceKind,
  key: Uint8Array,
  state: JsonObject,
  label: { readonly accountName: string; readonly issuer: string | undefined },
): string {
  if (kind.configUrl === undefined) throw new Error(`kind ${kind.name} has no provisioning URI`);
  return kind.configUrl({ secret: key, state, accountName: label.accountName, issuer: label.issuer });
}

/**
 * Whether `token` is a current code of the key, by the kind's own rules
 * (for TOTP: the configured tolerance, ±1 step by default). Pure: nothing is
 * read or written, so a wrong code here costs the store nothing.
 */
export async function matchesKey(kind: AnyDeviceKind, key: Uint8Array, state: JsonObject, token: string, now: number): Promise<boolean> {
  const normalized = kind.normalizeToken(token, state);
  if (normalized === null) return false;
  try {
    return (await kind.verify({ token: normalized, secret: key, state, now })).match;
  } catch {
    return false;
  }
}

/** The key in base32 without padding, in groups of four for reading aloud or typing: `ABCD EFGH ...`. */
export function formatKeyForReading(key: Uint8Array): string {
  return encodeBase32(key, { padding: false }).replace(/(.{4})(?=.)/g, '$1 ');
}

/** The key in base32 without padding, as apps accept it. */
export function keyInBase32(key: Uint8Array): string {
  return encodeBase32(key, { padding: false });
}
