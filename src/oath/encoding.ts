/**
 * Base32 (RFC 4648 §6) and hex encodings of keys. Error messages give the
 * position of a problem but never the input: it is usually a secret.
 */

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Character code to 5-bit value, -1 if not base32; lower case is accepted. */
const BASE32_VALUES: Int8Array = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < 32; i++) {
    values[BASE32_ALPHABET.charCodeAt(i)] = i;
    values[BASE32_ALPHABET.toLowerCase().charCodeAt(i)] = i;
  }
  return values;
})();

/** Valid lengths of the last 8-character group (in characters) and the padding each needs. */
const PADDING_FOR_REMAINDER: Readonly<Record<number, number>> = { 0: 0, 2: 6, 4: 4, 5: 3, 7: 1 };

function checkBytes(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
}

/**
 * Encodes bytes as RFC 4648 base32, upper case, as authenticator apps expect
 * in `otpauth://` URIs.
 *
 * @param bytes - the data, typically a key
 * @param options - `padding`: append '=' up to a multiple of 8 characters (default false, as in otpauth URIs)
 */
export function encodeBase32(bytes: Uint8Array, options?: { padding?: boolean }): string {
  checkBytes(bytes);
  const padding = options?.padding ?? false;
  if (typeof padding !== 'boolean') throw new TypeError('padding must be a boolean');
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >>> bits) & 31]!;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31]!;
  if (padding) out += '='.repeat(PADDING_FOR_REMAINDER[out.length % 8]!);
  return out;
}

/**
 * Decodes RFC 4648 base32, as typed or pasted by people: case-insensitive,
 * spaces and dashes ignored (secrets are often shown in groups), '='
 * padding optional but, if present, complete. Leftover bits of a partial
 * last character are ignored, as authenticator apps do.
 *
 * @param text - base32 text
 * @returns the decoded bytes
 * @throws TypeError if `text` is not a string or not valid base32
 */
export function decodeBase32(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('base32 text must be a string');
  const compact = text.replace(/[ -]/g, '');
  const padStart = compact.indexOf('=');
  const data = padStart < 0 ? compact : compact.slice(0, padStart);
  const padding = compact.length - data.length;
  if (padding > 0) {
    if (!/^=+$/.test(compact.slice(padStart))) throw new TypeError('invalid base32: data after padding');
    if (compact.length % 8 !== 0 || PADDING_FOR_REMAINDER[data.length % 8] !== padding) {
      throw new TypeError('invalid base32: wrong amount of padding');
    }
  }
  if (PADDING_FOR_REMAINDER[data.length % 8] === undefined) {
    throw new TypeError(`invalid base32: ${data.length} characters cannot encode whole bytes`);
  }
  const bytes = new Uint8Array(Math.floor((data.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    const value = code < 128 ? BASE32_VALUES[code]! : -1;
    if (value < 0) throw new TypeError(`invalid base32: unexpected character at position ${i}`);
    buffer = ((buffer << 5) | value) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = buffer >>> bits;
    }
  }
  return bytes;
}

/** Encodes bytes as lower-case hex (the form django-otp stores keys in). */
export function encodeHex(bytes: Uint8Array): string {
  checkBytes(bytes);
  let out = '';
  for (const byte of bytes) out += (byte < 16 ? '0' : '') + byte.toString(16);
  return out;
}

/**
 * Decodes hex, case-insensitive.
 *
 * @throws TypeError if `text` is not a string, has an odd length or a non-hex character
 */
export function decodeHex(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('hex text must be a string');
  if (text.length % 2 !== 0) throw new TypeError('invalid hex: odd length');
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const high = hexValue(text.charCodeAt(2 * i));
    const low = hexValue(text.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) throw new TypeError(`invalid hex: unexpected character near position ${2 * i}`);
    bytes[i] = (high << 4) | low;
  }
  return bytes;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}
