/**
 * What the e-mail and phone kinds share (django-otp's SideChannelDevice): a
 * random numeric code sent through a side channel, kept only as a keyed hash,
 * valid for a few minutes and usable once.
 *
 * The key of the hash is the device's own 32-byte random secret, which the
 * core encrypts at rest. A six-digit code has a million values, so a plain
 * hash in the database would be reversed at once; under a secret key it
 * reveals nothing. The hash of the last code used is kept too, so a replay is
 * reported as `replayed` rather than `invalid`.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { TwofoldError } from '../../core/errors.js';
import { normalizeNumericToken } from '../../core/normalize.js';
import { checkSendBudgetRules } from '../../core/budgets.js';
import type { JsonObject, KindChallengeInput, KindVerifyOutcome, SendBudgetRule } from '../../core/types.js';

/** Bytes of a device's HMAC key. */
export const CODE_KEY_BYTES = 32;
/** Longest lifetime of a sent code: 10 minutes (NIST SP 800-63B §3.1.3.2, ASVS 6.5.5). */
export const MAX_CODE_LIFETIME_SECONDS = 600;
/** Shortest lifetime accepted: less would expire before a text message arrives. */
export const MIN_CODE_LIFETIME_SECONDS = 30;
/** Longest cooldown accepted between two codes of one device. */
export const MAX_COOLDOWN_SECONDS = 3600;

/** Settings every code-sending kind accepts. */
export interface SentCodeConfig {
  /** Digits per code, 6 to 10. Default 6. */
  readonly digits?: number;
  /** Seconds a code stays valid, 30 to 600. Default 300. */
  readonly lifetimeSeconds?: number;
  /** Seconds between two codes for one device (the core enforces it), 0 to 3600. Default 60. */
  readonly cooldownSeconds?: number;
  /** Throttle back-off factor in seconds after failed verifications. Default 1. */
  readonly throttleFactor?: number;
  /**
   * Sending budgets (see docs/delivery.md); `[]` turns them off. Each kind
   * has its own defaults.
   */
  readonly budgets?: readonly SendBudgetRule[];
}

/** The keys of {@link SentCodeConfig}, which every code-sending kind accepts besides its own. */
export const SENT_CODE_CONFIG_KEYS: readonly string[] = ['digits', 'lifetimeSeconds', 'cooldownSeconds', 'throttleFactor', 'budgets'];

/** {@link SentCodeConfig} after checking, with defaults applied. */
export interface SentCodeSettings {
  readonly digits: number;
  readonly lifetimeSeconds: number;
  readonly cooldownSeconds: number;
  readonly throttleFactor: number;
  readonly budgets: readonly SendBudgetRule[];
}

/** The part of a device's state about its codes: hashes and an expiry, never a code. */
export interface SentCodeFields {
  /** HMAC-SHA-256 (base64url) of the live code, or null when there is none. */
  readonly codeHash: string | null;
  /** When the live code expires (ms since the epoch), or null. */
  readonly expiresAt: number | null;
  /** HMAC-SHA-256 of the last code accepted, to tell a replay from a wrong code. */
  readonly usedHash: string | null;
}

/** Fields of a device that has never been sent a code. */
export const NO_CODE: SentCodeFields = Object.freeze({ codeHash: null, expiresAt: null, usedHash: null });

const HASH_PATTERN = /^[A-Za-z0-9_-]{43}$/;
// Stores keep timestamps up to what a Date can represent.
const MAX_TIMESTAMP = 8_640_000_000_000_000;

/** Builds the `INVALID_CONFIG` error of kind `kind`. */
export function configError(kind: string, message: string): TwofoldError {
  return new TwofoldError('INVALID_CONFIG', `${kind}: ${message}`);
}

/**
 * Checks the shared settings of a kind's configuration and applies the
 * defaults. Throws `INVALID_CONFIG` naming the setting.
 */
export function readSentCodeConfig(kind: string, config: SentCodeConfig, defaultBudgets: readonly SendBudgetRule[]): SentCodeSettings {
  const digits = config.digits ?? 6;
  const lifetimeSeconds = config.lifetimeSeconds ?? 300;
  const cooldownSeconds = config.cooldownSeconds ?? 60;
  const throttleFactor = config.throttleFactor ?? 1;
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 6 || digits > 10) {
    throw configError(kind, '"digits" must be an integer from 6 to 10');
  }
  if (
    typeof lifetimeSeconds !== 'number' ||
    !Number.isInteger(lifetimeSeconds) ||
    lifetimeSeconds < MIN_CODE_LIFETIME_SECONDS ||
    lifetimeSeconds > MAX_CODE_LIFETIME_SECONDS
  ) {
    throw configError(
      kind,
      `"lifetimeSeconds" must be an integer from ${MIN_CODE_LIFETIME_SECONDS} to ${MAX_CODE_LIFETIME_SECONDS} (sent codes must expire within 10 minutes)`,
    );
  }
  if (typeof cooldownSeconds !== 'number' || !Number.isFinite(cooldownSeconds) || cooldownSeconds < 0 || cooldownSeconds > MAX_COOLDOWN_SECONDS) {
    throw configError(kind, `"cooldownSeconds" must be a number from 0 to ${MAX_COOLDOWN_SECONDS}`);
  }
  if (typeof throttleFactor !== 'number' || !Number.isFinite(throttleFactor) || throttleFactor < 0) {
    throw configError(kind, '"throttleFactor" must be a finite number ≥ 0 (seconds)');
  }
  const budgets = checkSendBudgetRules(config.budgets ?? defaultBudgets, `${kind}: budgets`);
  return { digits, lifetimeSeconds, cooldownSeconds, throttleFactor, budgets };
}

/** A fresh HMAC key for a new device (the device's secret). */
export function newCodeKey(): Uint8Array {
  return new Uint8Array(randomBytes(CODE_KEY_BYTES));
}

/** A uniformly random code of `digits` decimal digits, leading zeros kept. */
export function generateCode(digits: number): string {
  // randomInt has no modulo bias; 10^10 is below its 2^48 range limit.
  return randomInt(0, 10 ** digits)
    .toString()
    .padStart(digits, '0');
}

function requireKey(kind: string, secret: Uint8Array | null): Uint8Array {
  if (secret?.length !== CODE_KEY_BYTES) throw new TwofoldError('CORRUPT_DEVICE', `${kind}: the device has no usable key`);
  return secret;
}

function keyedHash(key: Uint8Array, code: string): Buffer {
  return createHmac('sha256', key).update(code, 'utf8').digest();
}

/**
 * Reads the code fields of a stored state; throws `CORRUPT_DEVICE` when they
 * are not exactly what {@link issueCode} and {@link verifySentCode} write.
 */
export function parseSentCodeFields(kind: string, state: JsonObject): SentCodeFields {
  const { codeHash, expiresAt, usedHash } = state;
  const live =
    typeof codeHash === 'string' &&
    HASH_PATTERN.test(codeHash) &&
    typeof expiresAt === 'number' &&
    Number.isInteger(expiresAt) &&
    expiresAt >= 0 &&
    expiresAt <= MAX_TIMESTAMP;
  const idle = codeHash === null && expiresAt === null;
  const usedOk = usedHash === null || (typeof usedHash === 'string' && HASH_PATTERN.test(usedHash));
  if (!(live || idle) || !usedOk) throw new TwofoldError('CORRUPT_DEVICE', `${kind}: stored state is corrupt (code fields)`);
  return { codeHash, expiresAt, usedHash };
}

/**
 * Makes a new code for a device: the code itself (to send, never to store)
 * and the fields that replace the previous code, so at most one code is live.
 */
export function issueCode(
  kind: string,
  secret: Uint8Array | null,
  fields: SentCodeFields,
  settings: Pick<SentCodeSettings, 'digits' | 'lifetimeSeconds'>,
  now: number,
): { readonly code: string; readonly fields: SentCodeFields; readonly expiresAt: number } {
  const key = requireKey(kind, secret);
  const code = generateCode(settings.digits);
  const expiresAt = now + settings.lifetimeSeconds * 1000;
  return { code, expiresAt, fields: { codeHash: keyedHash(key, code).toString('base64url'), expiresAt, usedHash: fields.usedHash } };
}

/** Canonical form of what a user typed: exactly `digits` digits (spaces, dashes, full-width digits accepted), or null. */
export function normalizeSentCode(input: string, digits: number): string | null {
  return normalizeNumericToken(input, digits);
}

/**
 * Checks a token against the live code: `expired` at or after its expiry,
 * `replayed` when it is the code used last, `invalid` otherwise. The keyed
 * hash of the token is compared with both stored hashes in constant time.
 * On success the live code is cleared (single use) and remembered as used.
 */
export function verifySentCode<State extends JsonObject & SentCodeFields>(
  kind: string,
  secret: Uint8Array | null,
  state: State,
  token: string,
  now: number,
): KindVerifyOutcome<State> {
  const candidate = keyedHash(requireKey(kind, secret), token);
  const equals = (stored: string | null): boolean => {
    if (stored === null) return false;
    return timingSafeEqual(candidate, Buffer.from(stored, 'base64url'));
  };
  const matchesLive = equals(state.codeHash);
  const matchesUsed = equals(state.usedHash);
  if (matchesLive && state.expiresAt !== null) {
    if (now >= state.expiresAt) return { match: false, reason: 'expired' };
    return { match: true, state: { ...state, codeHash: null, expiresAt: null, usedHash: state.codeHash } };
  }
  return { match: false, reason: matchesUsed ? 'replayed' : 'invalid' };
}

/**
 * Charges one message to `destination` against the kind's sending budgets
 * (through the core), right before it goes to the gateway. When budgets are
 * configured but the kind is driven without the core, it refuses to send
 * rather than send unbudgeted.
 */
export async function reserveSend<State extends JsonObject>(input: KindChallengeInput<State>, destination: string, budgeted: boolean): Promise<void> {
  if (input.reserveSend !== undefined) {
    await input.reserveSend(destination);
    return;
  }
  if (budgeted) {
    throw new TwofoldError('INVALID_ARGUMENT', `${input.device.kind}: challenges must go through twofold.generateChallenge, which enforces the sending budgets`);
  }
}
