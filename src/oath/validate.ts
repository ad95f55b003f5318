/**
 * Argument checks shared by the OATH functions. Bad arguments are programming
 * errors, so they throw (TypeError for a wrong type, RangeError for a value
 * out of range) with a message that names the argument, and never include a
 * key or token value.
 */
import type { HashAlgorithm } from './types.js';

/** 2^64 - 1, the largest 8-byte counter. */
export const MAX_COUNTER = (1n << 64n) - 1n;

/** A non-empty Uint8Array (a Buffer is one). */
export function checkKey(key: unknown): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array)) throw new TypeError('key must be a Uint8Array');
  if (key.length === 0) throw new RangeError('key must not be empty');
}

/** 6, 7 or 8; undefined means the default, 6. */
export function checkDigits(digits: unknown): number {
  if (digits === undefined) return 6;
  if (typeof digits !== 'number') throw new TypeError('digits must be a number');
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new RangeError(`digits must be an integer from 6 to 8, got ${digits}`);
  }
  return digits;
}

/** One of the three names, exactly (case matters); undefined means the default, 'SHA1'. */
export function checkAlgorithm(algorithm: unknown): HashAlgorithm {
  if (algorithm === undefined) return 'SHA1';
  if (typeof algorithm !== 'string') throw new TypeError('algorithm must be a string');
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') {
    throw new RangeError(`algorithm must be 'SHA1', 'SHA256' or 'SHA512', got '${algorithm}'`);
  }
  return algorithm;
}

/** A non-negative safe integer (`name` >= 0, <= Number.MAX_SAFE_INTEGER). */
export function checkNonNegativeInteger(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
  return value;
}

/** A safe integer of either sign. */
export function checkInteger(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number`);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
  return value;
}

/** A finite number (times may be fractional). */
export function checkFinite(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}

/** The counter as its high and low 32-bit halves, after range checks (0 .. 2^64 - 1). */
export function checkCounter(counter: unknown): { high: number; low: number } {
  if (typeof counter === 'number') {
    if (!Number.isSafeInteger(counter) || counter < 0) {
      throw new RangeError(
        `counter must be a non-negative integer no greater than Number.MAX_SAFE_INTEGER (use a bigint above), got ${counter}`,
      );
    }
    return { high: Math.floor(counter / 0x100000000) | 0, low: counter | 0 };
  }
  if (typeof counter === 'bigint') {
    if (counter < 0n || counter > MAX_COUNTER) {
      throw new RangeError(`counter must be between 0 and 2^64 - 1, got ${counter}`);
    }
    return { high: Number(counter >> 32n) | 0, low: Number(counter & 0xffffffffn) | 0 };
  }
  throw new TypeError('counter must be a number or a bigint');
}

/** A string; its content is judged by the verification, which never throws for it. */
export function checkToken(token: unknown): asserts token is string {
  if (typeof token !== 'string') throw new TypeError('token must be a string');
}

/**
 * Whether `token` has exactly `digits` ASCII digits. Its length and format are
 * public (every valid token has them), so checking them first leaks nothing.
 */
export function isWellFormedToken(token: string, digits: number): boolean {
  if (token.length !== digits) return false;
  for (let i = 0; i < digits; i++) {
    const code = token.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
