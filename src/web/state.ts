/**
 * What twofold keeps in the host's session, and how it is read back.
 *
 * Under one key (`twofold` by default):
 *
 * ```json
 * { "userId": "42",
 *   "factors": [
 *     { "type": "password", "at": 1767225600000 },
 *     { "type": "otp", "kind": "totp", "persistentId": "totp/…", "method": "device", "at": 1767225612000 } ],
 *   "activeAt": 1767225700000 }
 * ```
 *
 * `activeAt` is the last activity stamp, for the idle limit (see
 * `lifetime.ts`); a state without it counts from its newest factor.
 *
 * Each factor records what was verified, how and when, rather than a single
 * "verified" flag, so that step-up rules ("a code within the last 5 minutes")
 * can be built on it. Session data is untrusted input: a store may hold data
 * from an older version or be tampered with, so every read is validated and
 * anything malformed is dropped.
 */
import { randomBytes } from 'node:crypto';
import type { Device, JsonObject } from '../core/types.js';
import { parsePersistentId } from '../core/persistent-id.js';

/**
 * How an OTP factor was verified: against the device the user chose
 * (`device`), by trying all their devices (`match`), or not at all in this
 * session: a remembered browser stood in for `persistentId`'s device
 * (`remembered-browser`), which step-up rules should refuse; or a passkey
 * that verified its user signed in without the password (`passkey`: both
 * factors at once, and no password factor is recorded beside it).
 */
export type OtpMethod = 'device' | 'match' | 'remembered-browser' | 'passkey';

const OTP_METHODS: ReadonlySet<unknown> = new Set<OtpMethod>(['device', 'match', 'remembered-browser', 'passkey']);

/** A one-time password verified in this session. */
export interface OtpFactor {
  readonly type: 'otp';
  /** The device's kind, e.g. `totp`. */
  readonly kind: string;
  /** The device that verified it; it must still exist, be the user's and be confirmed for the factor to count. */
  readonly persistentId: string;
  readonly method: OtpMethod;
  /** When, in milliseconds since the epoch (twofold's clock). */
  readonly at: number;
}

/** The password, verified by twofold's login page (not recorded when the host checked it itself). */
export interface PasswordFactor {
  readonly type: 'password';
  readonly at: number;
}

/** A factor recorded in the session. */
export type SessionFactor = OtpFactor | PasswordFactor;

/** twofold's state in a session. */
export interface TwofoldSessionState {
  /** The user the factors were verified for; any other user finds the state cleared. */
  readonly userId: string;
  /** Oldest first. */
  readonly factors: readonly SessionFactor[];
  /** The last activity stamp (twofold's clock, ms), refreshed at most once a minute; absent in states written before it existed. */
  readonly activeAt?: number;
}

/** A login between the password and the code: proof that the password was right, never the password. */
export interface PendingLogin {
  readonly userId: string;
  /** Shown on the code step ("Signing in as ..."). */
  readonly username: string;
  /** When the password was verified. */
  readonly at: number;
  /** Random id of this sign-in: codes sent for it are bound to it (absent in markers made before). */
  readonly transaction?: string;
}

/** At most this many factors are kept per session (oldest dropped first). */
export const MAX_FACTORS = 8;

const MAX_ID_LENGTH = 255;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** Reads one factor; null when it is malformed. */
export function parseFactor(value: unknown): SessionFactor | null {
  if (!isRecord(value) || !isTime(value.at)) return null;
  if (value.type === 'password') return { type: 'password', at: value.at };
  if (value.type !== 'otp') return null;
  const { kind, persistentId, method } = value;
  const parsed = parsePersistentId(persistentId);
  if (parsed === null || parsed.kind !== kind || typeof persistentId !== 'string') return null;
  if (!OTP_METHODS.has(method)) return null;
  return { type: 'otp', kind: parsed.kind, persistentId, method: method as OtpMethod, at: value.at };
}

/**
 * Reads the state from a session value. Null when there is no usable state;
 * malformed factors are left out (compare `factors.length` with the input's
 * to know whether anything was dropped).
 */
export function parseSessionState(value: unknown): TwofoldSessionState | null {
  if (!isRecord(value) || !isId(value.userId) || !Array.isArray(value.factors)) return null;
  const factors: SessionFactor[] = [];
  for (const entry of value.factors.slice(-MAX_FACTORS) as unknown[]) {
    const factor = parseFactor(entry);
    if (factor !== null) factors.push(factor);
  }
  return { userId: value.userId, factors, ...(isTime(value.activeAt) ? { activeAt: value.activeAt } : {}) };
}

/** The number of factors a raw session value claims to have (to detect dropped entries). */
export function rawFactorCount(value: unknown): number {
  return isRecord(value) && Array.isArray(value.factors) ? value.factors.length : 0;
}

/** The JSON form of the state, as stored in the session. */
export function serializeSessionState(state: TwofoldSessionState): JsonObject {
  return {
    userId: state.userId,
    factors: state.factors.slice(-MAX_FACTORS).map((factor): JsonObject =>
      factor.type === 'password'
        ? { type: 'password', at: factor.at }
        : { type: 'otp', kind: factor.kind, persistentId: factor.persistentId, method: factor.method, at: factor.at },
    ),
    ...(state.activeAt === undefined ? {} : { activeAt: state.activeAt }),
  };
}

/** The factor recorded when `device` verifies a token at `at`. */
export function otpFactor(device: Device, method: OtpMethod, at: number): OtpFactor {
  return { type: 'otp', kind: device.kind, persistentId: device.persistentId, method, at };
}

/** `factors` with `factor` appended, keeping the newest {@link MAX_FACTORS}. */
export function appendFactor(factors: readonly SessionFactor[], factor: SessionFactor): SessionFactor[] {
  return [...factors, factor].slice(-MAX_FACTORS);
}

/** Reads a pending login marker; null when it is malformed. */
export function parsePendingLogin(value: unknown): PendingLogin | null {
  if (!isRecord(value) || !isId(value.userId) || typeof value.username !== 'string' || !isTime(value.at)) return null;
  if (value.username.length > 256) return null;
  const { transaction } = value;
  return { userId: value.userId, username: value.username, at: value.at, ...(isTransactionId(transaction) ? { transaction } : {}) };
}

/** A new random transaction id (128 bits, base64url) for binding sent codes to one sign-in, setup or step-up. */
export function newTransactionId(): string {
  return randomBytes(16).toString('base64url');
}

function isTransactionId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value);
}

/**
 * This session's transaction id for codes sent outside a pending sign-in
 * (the verify-only page, the account pages' step-up): created on first use,
 * gone with the session (its id is regenerated at sign-in).
 */
export function sessionTransaction(session: { get(key: string): unknown; set(key: string, value: string): void }, key: string): string {
  const stored = session.get(key);
  if (isTransactionId(stored)) return stored;
  const fresh = newTransactionId();
  session.set(key, fresh);
  return fresh;
}

/** The JSON form of a pending login marker. */
export function serializePendingLogin(pending: PendingLogin): JsonObject {
  return { userId: pending.userId, username: pending.username, at: pending.at, ...(pending.transaction === undefined ? {} : { transaction: pending.transaction }) };
}
