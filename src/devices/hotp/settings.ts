/**
 * Validation shared by the OATH kinds (HOTP and TOTP, which is HOTP with a
 * time-derived counter). Creation options are checked strictly so that a typo
 * such as `period` for `step` fails loudly instead of silently producing a
 * device with default settings; stored state is checked so that a corrupt row
 * is refused rather than verified with nonsense parameters.
 */
import { randomBytes } from 'node:crypto';
import { TwofoldError } from '../../core/errors.js';
import type { JsonObject } from '../../core/types.js';
import type { HashAlgorithm } from '../../oath/index.js';

/** The HMAC algorithms an OATH device may use (RFC 6238 allows all three). */
export const OATH_ALGORITHMS: readonly HashAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/** Token lengths accepted: NIST 800-63B requires at least 6; RFC 4226 defines up to 8. */
export const OATH_DIGITS: readonly number[] = [6, 7, 8];

/** Length of a generated key: 160 bits, as RFC 4226 recommends. */
export const DEFAULT_KEY_BYTES = 20;

/** Shortest key accepted: RFC 4226 R6 requires at least 128 bits. */
export const MIN_KEY_BYTES = 16;

/** Longest key accepted; longer keys add nothing and bloat provisioning URIs. */
export const MAX_KEY_BYTES = 128;

/**
 * Reads creation options as a plain object whose keys are all in `allowed`.
 * `undefined` means "all defaults". Throws `INVALID_OPTIONS` otherwise.
 */
export function readOptionBag(kind: string, options: unknown, allowed: readonly string[]): Readonly<Record<string, unknown>> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOption(kind, 'options must be an object');
  }
  const bag = options as Record<string, unknown>;
  for (const name of Object.keys(bag)) {
    if (!allowed.includes(name)) {
      throw invalidOption(kind, `unknown option "${name}" (allowed: ${allowed.join(', ')})`);
    }
  }
  return bag;
}

/** An `INVALID_OPTIONS` error prefixed with the kind's name. */
export function invalidOption(kind: string, message: string): TwofoldError {
  return new TwofoldError('INVALID_OPTIONS', `${kind}: ${message}`);
}

/**
 * The key for a new device: a copy of the caller's bytes (so later mutation of
 * their buffer cannot change the device), or fresh CSPRNG bytes.
 * The message never includes key material.
 */
export function readKeyOption(kind: string, value: unknown): Uint8Array {
  if (value === undefined) return new Uint8Array(randomBytes(DEFAULT_KEY_BYTES));
  if (!(value instanceof Uint8Array)) {
    throw invalidOption(kind, 'option "key" must be a Uint8Array');
  }
  if (value.length < MIN_KEY_BYTES || value.length > MAX_KEY_BYTES) {
    throw invalidOption(
      kind,
      `option "key" must be ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes long (RFC 4226 requires at least 128 bits), got ${value.length} bytes`,
    );
  }
  return Uint8Array.from(value);
}

/** `digits` for a new device (default 6). */
export function readDigitsOption(kind: string, value: unknown): number {
  if (value === undefined) return 6;
  if (typeof value !== 'number' || !OATH_DIGITS.includes(value)) {
    throw invalidOption(kind, `option "digits" must be 6, 7 or 8, got ${describe(value)}`);
  }
  return value;
}

/** `algorithm` for a new device (default SHA1, what every authenticator app supports). */
export function readAlgorithmOption(kind: string, value: unknown): HashAlgorithm {
  if (value === undefined) return 'SHA1';
  if (!isHashAlgorithm(value)) {
    throw invalidOption(kind, `option "algorithm" must be one of ${OATH_ALGORITHMS.join(', ')}, got ${describe(value)}`);
  }
  return value;
}

/** An integer option within `[min, max]`, or `fallback` when absent. */
export function readIntegerOption(kind: string, name: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidOption(kind, `option "${name}" must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** Whether `value` names a supported HMAC algorithm (exact spelling). */
export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return typeof value === 'string' && (OATH_ALGORITHMS as readonly string[]).includes(value);
}

/** A `CORRUPT_DEVICE` error prefixed with the kind's name. */
export function corruptState(kind: string, message: string): TwofoldError {
  return new TwofoldError('CORRUPT_DEVICE', `${kind}: stored state is corrupt: ${message}`);
}

/** Reads an integer field of stored state within `[min, max]`, or throws `CORRUPT_DEVICE`. */
export function stateInteger(kind: string, state: JsonObject, name: string, min: number, max: number): number {
  const value = state[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw corruptState(kind, `"${name}" must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Reads `digits` of stored state. */
export function stateDigits(kind: string, state: JsonObject): number {
  const value = state.digits;
  if (typeof value !== 'number' || !OATH_DIGITS.includes(value)) {
    throw corruptState(kind, '"digits" must be 6, 7 or 8');
  }
  return value;
}

/** Reads `algorithm` of stored state. */
export function stateAlgorithm(kind: string, state: JsonObject): HashAlgorithm {
  const value = state.algorithm;
  if (!isHashAlgorithm(value)) {
    throw corruptState(kind, `"algorithm" must be one of ${OATH_ALGORITHMS.join(', ')}`);
  }
  return value;
}

/** The key handed to `verify`/`configUrl`; an OATH device without one is corrupt. */
export function requireKey(kind: string, secret: Uint8Array | null): Uint8Array {
  if (secret === null || secret.length < MIN_KEY_BYTES) {
    throw new TwofoldError('CORRUPT_DEVICE', `${kind}: the device has no usable key`);
  }
  return secret;
}

/** Validates a kind-level configuration number (a programming error, so `INVALID_CONFIG`). */
export function readThrottleFactor(kind: string, value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TwofoldError('INVALID_CONFIG', `${kind}: "throttleFactor" must be a finite number ≥ 0 (seconds), got ${describe(value)}`);
  }
  return value;
}

/** A short, secret-free description of a bad value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 32 ? `${value.slice(0, 32)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}
