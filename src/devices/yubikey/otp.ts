/**
 * The Yubico OTP block: 16 bytes encrypted with the key's AES-128 key.
 *
 * | bytes | field | meaning |
 * | --- | --- | --- |
 * | 0–5 | private id | fixed when the key is programmed; proves the right AES key was used |
 * | 6–7 | usage counter (LE) | non-volatile, +1 at the first OTP after power-up; 15 bits (the top bit flags a Caps Lock trigger), stops at 0x7fff |
 * | 8–10 | timestamp (LE) | 8 Hz timer, random start at power-up |
 * | 11 | session counter | 0 at power-up, +1 per OTP; when it wraps from 0xff to 0 the usage counter goes up |
 * | 12–13 | random | |
 * | 14–15 | CRC-16 (LE) | ones' complement of the ISO 13239 CRC of bytes 0–13 |
 *
 * So the pair (usage counter, session counter) grows strictly with every OTP
 * a key types, which is what makes each OTP usable once.
 */
import { createDecipheriv, timingSafeEqual } from 'node:crypto';

/** Bytes of the encrypted block, and of the AES-128 key. */
export const OTP_BLOCK_BYTES = 16;

/** Bytes of the private id inside the block. */
export const PRIVATE_ID_BYTES = 6;

/** Modhex characters of the encrypted part of a token (after the public id). */
export const OTP_MODHEX_LENGTH = 32;

/** Highest usage counter: 15 bits; a key whose counter reached it needs reprogramming. */
export const MAX_USAGE_COUNTER = 0x7fff;

/** Highest session counter (one byte). */
export const MAX_SESSION_COUNTER = 0xff;

/** The CRC-16 of a whole valid block, its own checksum included. */
export const CRC_RESIDUE = 0xf0b8;

/** The fields of a decrypted block that passed the CRC check. */
export interface OtpFields {
  readonly privateId: Uint8Array;
  /** Non-volatile usage counter (15 bits). Yubico's validation protocol calls it `sessioncounter`. */
  readonly usageCounter: number;
  /** Whether the key was triggered by Caps Lock rather than a touch (top bit of the usage counter). */
  readonly capsLockTrigger: boolean;
  /** Timer value at generation (24 bits, 8 Hz). */
  readonly timestamp: number;
  /** Per-power-up counter (8 bits). Yubico's validation protocol calls it `sessionuse`. */
  readonly sessionCounter: number;
  readonly random: number;
}

/**
 * CRC-16 as the YubiKey computes it (ISO/IEC 13239, reflected polynomial
 * 0x8408, initial value 0xffff, no final inversion).
 *
 * @example crc16(validBlock) === CRC_RESIDUE
 */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) {
      const carry = crc & 1;
      crc >>>= 1;
      if (carry !== 0) crc ^= 0x8408;
    }
  }
  return crc;
}

/** AES-128-ECB decryption of one 16-byte block. */
export function decryptBlock(block: Uint8Array, aesKey: Uint8Array): Uint8Array {
  const decipher = createDecipheriv('aes-128-ecb', aesKey, null);
  decipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([decipher.update(block), decipher.final()]));
}

/**
 * Reads a decrypted block; null when its CRC is wrong (the wrong AES key, a
 * mistyped or truncated token).
 */
export function parseBlock(plain: Uint8Array): OtpFields | null {
  if (plain.length !== OTP_BLOCK_BYTES || crc16(plain) !== CRC_RESIDUE) return null;
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const usage = view.getUint16(6, true);
  return {
    privateId: plain.slice(0, PRIVATE_ID_BYTES),
    usageCounter: usage & MAX_USAGE_COUNTER,
    capsLockTrigger: (usage & 0x8000) !== 0,
    timestamp: plain[8]! | (plain[9]! << 8) | (plain[10]! << 16),
    sessionCounter: plain[11]!,
    random: view.getUint16(12, true),
  };
}

/** Constant-time comparison of two private ids (unequal lengths are simply unequal). */
export function samePrivateId(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The last accepted (usage, session) pair, or null before the first success. */
export interface CounterPair {
  readonly usageCounter: number;
  readonly sessionCounter: number;
}

/**
 * Whether `next` comes strictly after `last` in the order a key produces its
 * OTPs: a higher usage counter, or the same usage counter with a higher
 * session counter. Every pair comes after `null` (no OTP accepted yet).
 */
export function isAfter(next: CounterPair, last: CounterPair | null): boolean {
  if (last === null) return true;
  if (next.usageCounter !== last.usageCounter) return next.usageCounter > last.usageCounter;
  return next.sessionCounter > last.sessionCounter;
}
