/**
 * Modhex: the hexadecimal alphabet a YubiKey types. Its 16 letters sit on keys
 * that produce the same letter on almost every Latin keyboard layout (QWERTY,
 * QWERTZ, AZERTY, ...), which is why a key that "types" its output works in
 * most countries without knowing the host's layout.
 */

/** The modhex digits, in hexadecimal order: `c` is 0, `v` is 15. */
export const MODHEX_ALPHABET = 'cbdefghijklnrtuv';

const HEX_ALPHABET = '0123456789abcdef';

/** Whether `text` is non-empty, of even length and entirely lower-case modhex. */
export function isModhex(text: string): boolean {
  if (text.length === 0 || text.length % 2 !== 0) return false;
  for (const char of text) if (!MODHEX_ALPHABET.includes(char)) return false;
  return true;
}

/**
 * The bytes of a modhex string, or null when it is not modhex (odd length,
 * another character, upper case).
 *
 * @example modhexDecode('ifhgieif') // the bytes of "test"
 */
export function modhexDecode(text: string): Uint8Array | null {
  if (!isModhex(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = (MODHEX_ALPHABET.indexOf(text[2 * i]!) << 4) | MODHEX_ALPHABET.indexOf(text[2 * i + 1]!);
  }
  return bytes;
}

/**
 * The modhex string of some bytes.
 *
 * @example modhexEncode(new TextEncoder().encode('test')) === 'ifhgieif'
 */
export function modhexEncode(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += MODHEX_ALPHABET[byte >> 4]! + MODHEX_ALPHABET[byte & 15]!;
  return text;
}

/** Modhex to ordinary hexadecimal, character by character; null when `text` is not modhex. */
export function modhexToHex(text: string): string | null {
  if (!isModhex(text)) return null;
  let hex = '';
  for (const char of text) hex += HEX_ALPHABET[MODHEX_ALPHABET.indexOf(char)]!;
  return hex;
}

/** Ordinary hexadecimal (either case) to modhex; null when `text` is not an even number of hex digits. */
export function hexToModhex(text: string): string | null {
  const lower = text.toLowerCase();
  if (lower.length === 0 || lower.length % 2 !== 0) return null;
  let modhex = '';
  for (const char of lower) {
    const value = HEX_ALPHABET.indexOf(char);
    if (value < 0) return null;
    modhex += MODHEX_ALPHABET[value]!;
  }
  return modhex;
}
