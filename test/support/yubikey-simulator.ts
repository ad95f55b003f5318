/**
 * A software YubiKey for tests: builds the 16-byte Yubico OTP block (private
 * id, counters, timer, random, CRC), encrypts it with AES-128 and types it in
 * modhex after the public id, exactly as a programmed key would. Written
 * independently of src/devices/yubikey (its own CRC and modhex), so that a
 * bug shared with the code under test cannot hide; randomness is seeded.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

const MODHEX = 'cbdefghijklnrtuv';

function toModhex(bytes: Uint8Array): string {
  return [...bytes].map((b) => MODHEX[b >> 4]! + MODHEX[b & 15]!).join('');
}

// ISO 13239 CRC-16, bit by bit, as in the YubiKey manual.
function crc(bytes: Uint8Array): number {
  let value = 0xffff;
  for (const byte of bytes) {
    value ^= byte;
    for (let i = 0; i < 8; i++) value = value & 1 ? (value >>> 1) ^ 0x8408 : value >>> 1;
  }
  return value;
}

/** A small seeded generator (mulberry32), so that test tokens are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a simulated key is programmed with and where its counters stand. */
export interface SimulatedKey {
  readonly publicId: string;
  readonly privateId: Uint8Array;
  readonly aesKey: Uint8Array;
  /** Usage counter of the current power-up (1 to 0x7fff). */
  usageCounter: number;
  /** Session counter of the next token (0 to 255). */
  sessionCounter: number;
  /** The 24-bit timer. */
  timestamp: number;
  readonly random: () => number;
  /** Whether the next tokens are triggered by Caps Lock (top bit of the usage counter). */
  capsLock: boolean;
}

/** A new simulated key; random key material from the seed unless given. */
export function simulatedKey(options: { seed?: number; publicId?: string; privateId?: Uint8Array; aesKey?: Uint8Array; usageCounter?: number } = {}): SimulatedKey {
  const random = seededRandom(options.seed ?? 1);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  return {
    publicId: options.publicId ?? `vv${toModhex(bytes(5))}`,
    privateId: options.privateId ?? bytes(6),
    aesKey: options.aesKey ?? bytes(16),
    usageCounter: options.usageCounter ?? 1,
    sessionCounter: 0,
    timestamp: Math.floor(random() * 0xffffff),
    random,
    capsLock: false,
  };
}

/** Builds and encrypts one block with explicit fields (for refusal tests: bad CRC, wrong private id). */
export function encryptBlock(
  key: Pick<SimulatedKey, 'aesKey'>,
  fields: { privateId: Uint8Array; usageCounter: number; sessionCounter: number; timestamp: number; random: number; corruptCrc?: boolean },
): Uint8Array {
  const block = new Uint8Array(16);
  block.set(fields.privateId.subarray(0, 6), 0);
  block[6] = fields.usageCounter & 0xff;
  block[7] = (fields.usageCounter >> 8) & 0xff;
  block[8] = fields.timestamp & 0xff;
  block[9] = (fields.timestamp >> 8) & 0xff;
  block[10] = (fields.timestamp >> 16) & 0xff;
  block[11] = fields.sessionCounter;
  block[12] = fields.random & 0xff;
  block[13] = (fields.random >> 8) & 0xff;
  let check = ~crc(block.subarray(0, 14)) & 0xffff;
  if (fields.corruptCrc === true) check ^= 0x0101;
  block[14] = check & 0xff;
  block[15] = check >> 8;
  const cipher = createCipheriv('aes-128-ecb', key.aesKey, null);
  cipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(block), cipher.final()]));
}

/** A token with explicit counters, not moving the key's own counters. */
export function tokenWith(key: SimulatedKey, fields: { usageCounter: number; sessionCounter: number; privateId?: Uint8Array; corruptCrc?: boolean }): string {
  const usage = fields.usageCounter | (key.capsLock ? 0x8000 : 0);
  const block = encryptBlock(key, {
    privateId: fields.privateId ?? key.privateId,
    usageCounter: usage,
    sessionCounter: fields.sessionCounter,
    timestamp: key.timestamp,
    random: Math.floor(key.random() * 0x10000),
    ...(fields.corruptCrc === true ? { corruptCrc: true } : {}),
  });
  return key.publicId + toModhex(block);
}

/**
 * Touches the key: the next token, then the counters move on as the
 * hardware's do (the session counter wraps from 0xff to 0 and carries into
 * the usage counter, which stops at 0x7fff).
 */
export function touch(key: SimulatedKey): string {
  const token = tokenWith(key, { usageCounter: key.usageCounter, sessionCounter: key.sessionCounter });
  key.timestamp = (key.timestamp + 1 + Math.floor(key.random() * 40)) & 0xffffff;
  if (key.sessionCounter === 0xff) {
    key.sessionCounter = 0;
    key.usageCounter = Math.min(key.usageCounter + 1, 0x7fff);
  } else {
    key.sessionCounter++;
  }
  return token;
}

/** Unplugs and plugs the key back in: a new session. */
export function replug(key: SimulatedKey): void {
  key.usageCounter = Math.min(key.usageCounter + 1, 0x7fff);
  key.sessionCounter = 0;
  key.timestamp = Math.floor(key.random() * 0xffffff);
}

// The three letter rows of a US keyboard, and what the same keys type in France and Germany.
const US_ROWS = 'qwertyuiop' + 'asdfghjkl;' + 'zxcvbnm';
const FRENCH_AZERTY_ROWS = 'azertyuiop' + 'qsdfghjklm' + 'wxcvbn,';
const GERMAN_QWERTZ_ROWS = 'qwertzuiop' + 'asdfghjklö' + 'yxcvbnm';

function modhexKeysOn(rows: string): string {
  return Array.from(MODHEX).map((char) => rows[US_ROWS.indexOf(char)]!).join('');
}

/** What the US keys `cbdefghijklnrtuv` type on a few layouts, to simulate a host keyboard. */
export const HOST_LAYOUTS: Readonly<Record<string, string>> = {
  qwerty: 'cbdefghijklnrtuv',
  azerty: modhexKeysOn(FRENCH_AZERTY_ROWS),
  qwertz: modhexKeysOn(GERMAN_QWERTZ_ROWS),
  dvorak: 'jxe.uidchtnbpygk',
  colemak: 'cbsftdhuneikpglv',
  cyrillic: 'сивуапршолдткегм',
};

/** The characters a token arrives as on a host set to `layout` (and Caps Lock), plus the key's Enter. */
export function typeOn(token: string, layout: string, options: { capsLock?: boolean; enter?: boolean } = {}): string {
  const typed = HOST_LAYOUTS[layout]!;
  let text = Array.from(token).map((char) => Array.from(typed)[MODHEX.indexOf(char)]!).join('');
  if (options.capsLock === true) text = text.toUpperCase();
  return options.enter === false ? text : `${text}\r\n`;
}

/** What a simulated validation server reads from a token it holds the key of; null when it does not decrypt cleanly. */
export function readSimulatedToken(key: SimulatedKey, token: string): { usageCounter: number; sessionCounter: number } | null {
  if (!token.startsWith(key.publicId) || token.length !== key.publicId.length + 32) return null;
  const hexText = Array.from(token.slice(key.publicId.length), (char) => MODHEX.indexOf(char).toString(16)).join('');
  if (hexText.includes('-')) return null;
  const decipher = createDecipheriv('aes-128-ecb', key.aesKey, null);
  decipher.setAutoPadding(false);
  const plain = new Uint8Array(Buffer.concat([decipher.update(Buffer.from(hexText, 'hex')), decipher.final()]));
  if (crc(plain) !== 0xf0b8 || !Buffer.from(plain.subarray(0, 6)).equals(Buffer.from(key.privateId))) return null;
  return { usageCounter: (plain[6]! | (plain[7]! << 8)) & 0x7fff, sessionCounter: plain[11]! };
}
