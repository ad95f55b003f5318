/**
 * What the two YubiKey kinds share: the public id that names a key, the
 * device id derived from it, reading what a user typed (layouts, Caps Lock,
 * the trailing Enter) and explaining why some input is not a token of a key.
 */
import { createHash } from 'node:crypto';
import { TwofoldError } from '../../core/errors.js';
import { MAX_TOKEN_INPUT_LENGTH } from '../../core/normalize.js';
import { describe, invalidOption } from '../hotp/settings.js';
import { KEYBOARD_LAYOUTS, readTypedToken, type KeyboardLayout } from './layouts.js';
import { isModhex } from './modhex.js';
import { OTP_MODHEX_LENGTH } from './otp.js';

/** Shortest public id accepted, in modhex characters (Yubico's own keys use 12). */
export const MIN_PUBLIC_ID_LENGTH = 2;

/** Longest public id a YubiKey can be programmed with, in modhex characters (16 bytes). */
export const MAX_PUBLIC_ID_LENGTH = 32;

/** Whether `value` is a public id: modhex, even length, 2 to 32 characters. */
export function isPublicId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= MIN_PUBLIC_ID_LENGTH && value.length <= MAX_PUBLIC_ID_LENGTH && isModhex(value);
}

/** Reads a `publicId` creation option (modhex, any case) or throws `INVALID_OPTIONS`. */
export function readPublicIdOption(kind: string, value: unknown): string {
  const lower = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (!isPublicId(lower)) {
    throw invalidOption(
      kind,
      `option "publicId" must be ${MIN_PUBLIC_ID_LENGTH} to ${MAX_PUBLIC_ID_LENGTH} modhex characters (the start of every token the key types), got ${describe(value)}`,
    );
  }
  return lower;
}

/**
 * The device id of the YubiKey with this public id, the same for both YubiKey
 * kinds: because device ids are unique in the store, one key can be
 * registered once, to one user, whichever process tries. Public ids are not
 * secret (every token starts with one), so a plain hash will do.
 *
 * @example yubikeyDeviceId('vvccccbcgujh').length === 22
 */
export function yubikeyDeviceId(publicId: string): string {
  return createHash('sha256').update(`twofold/yubikey public id\u0000${publicId}`, 'utf8').digest().subarray(0, 16).toString('base64url');
}

/** Reads the `layouts` setting of a YubiKey kind: which layouts are mapped back (default: all). */
export function readLayoutsConfig(kind: string, value: unknown): readonly KeyboardLayout[] {
  if (value === undefined) return KEYBOARD_LAYOUTS;
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => (KEYBOARD_LAYOUTS as readonly unknown[]).includes(v))) {
    throw new TwofoldError('INVALID_CONFIG', `${kind}: "layouts" must be a non-empty list of ${KEYBOARD_LAYOUTS.join(', ')}`);
  }
  return KEYBOARD_LAYOUTS.filter((layout) => (value as unknown[]).includes(layout));
}

/**
 * The readings of `input` that are a whole token of the key `publicId`
 * typed on an accepted layout, as modhex, likeliest first (several only in
 * the rare case that two layouts explain the same characters).
 */
export function tokenCandidates(input: unknown, publicId: string, layouts: readonly KeyboardLayout[]): string[] {
  if (typeof input !== 'string' || input.length > MAX_TOKEN_INPUT_LENGTH) return [];
  const candidates: string[] = [];
  for (const reading of readTypedToken(input)) {
    if (!layouts.includes(reading.layout)) continue;
    const { modhex } = reading;
    if (modhex.length !== publicId.length + OTP_MODHEX_LENGTH || !modhex.startsWith(publicId)) continue;
    if (!candidates.includes(modhex)) candidates.push(modhex);
  }
  return candidates;
}

/** Joins candidates into the one string `normalizeToken` returns (space-separated), or null when there are none. */
export function joinCandidates(candidates: readonly string[]): string | null {
  return candidates.length === 0 ? null : candidates.join(' ');
}

/** Splits what `joinCandidates` produced. */
export function splitCandidates(token: string): string[] {
  return token.split(' ').filter((candidate) => candidate !== '');
}

/**
 * Why some input is not a token of a key, for a page to translate:
 * - `empty`: nothing was typed;
 * - `unknown-characters`: no recognised keyboard layout explains the characters;
 * - `layout-not-accepted`: typed on `layout`, which this site does not map back;
 * - `wrong-length`: `length` modhex characters instead of `expected` (a token cut short, two tokens);
 * - `other-key`: a token of another YubiKey (its public id differs).
 */
export type YubikeyTokenProblem = 'empty' | 'unknown-characters' | 'layout-not-accepted' | 'wrong-length' | 'other-key';

/** What {@link diagnoseYubikeyToken} found. */
export interface YubikeyTokenDiagnosis {
  /** Null when the input reads as a token of this key (a refusal then came from the token itself: wrong, or used). */
  readonly problem: YubikeyTokenProblem | null;
  /** The layout the input was typed on, or null when none explains it. */
  readonly layout: KeyboardLayout | null;
  /** Modhex characters read (0 when none), and how many a token of this key has. */
  readonly length: number;
  readonly expected: number;
}

/**
 * Explains what is wrong with some input as a token of the key `publicId`,
 * so that a page can say "your keyboard seems to be set to Dvorak" rather
 * than "invalid code". Never throws; says nothing about the key's secrets.
 *
 * @example diagnoseYubikeyToken('jjjjjjxxxxxx', 'cccccc', ['qwerty']).problem === 'layout-not-accepted'
 */
export function diagnoseYubikeyToken(input: unknown, publicId: string, layouts: readonly KeyboardLayout[]): YubikeyTokenDiagnosis {
  const expected = publicId.length + OTP_MODHEX_LENGTH;
  const result = (problem: YubikeyTokenProblem | null, layout: KeyboardLayout | null, length: number): YubikeyTokenDiagnosis => ({
    problem,
    layout,
    length,
    expected,
  });
  if (typeof input !== 'string' || input.trim() === '') return result('empty', null, 0);
  if (input.length > MAX_TOKEN_INPUT_LENGTH) return result('wrong-length', null, input.length);
  const readings = readTypedToken(input);
  if (readings.length === 0) return result('unknown-characters', null, 0);
  const own = readings.filter((r) => r.modhex.startsWith(publicId));
  const best = own.find((r) => layouts.includes(r.layout)) ?? own[0] ?? readings.find((r) => layouts.includes(r.layout)) ?? readings[0]!;
  if (!layouts.includes(best.layout)) return result('layout-not-accepted', best.layout, best.modhex.length);
  if (best.modhex.length !== expected) return result('wrong-length', best.layout, best.modhex.length);
  if (!best.modhex.startsWith(publicId)) return result('other-key', best.layout, best.modhex.length);
  return result(null, best.layout, best.modhex.length);
}

/**
 * The public id at the start of a token as typed (on any recognised layout,
 * Caps Lock or not): the characters before its last 32, when they are a
 * plausible public id; null otherwise. Used to find the key a registration
 * token comes from.
 */
export function typedPublicId(otp: unknown): string | null {
  if (typeof otp !== 'string') return null;
  for (const { modhex } of readTypedToken(otp)) {
    const idLength = modhex.length - OTP_MODHEX_LENGTH;
    if (idLength >= MIN_PUBLIC_ID_LENGTH && idLength <= MAX_PUBLIC_ID_LENGTH && idLength % 2 === 0) return modhex.slice(0, idLength);
  }
  return null;
}
