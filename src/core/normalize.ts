/**
 * Turning what people type into canonical tokens. Users paste codes with
 * spaces ("123 456"), dashes ("123-456"), from phones that produce
 * full-width digits ("１２３４５６"), or with stray whitespace around them.
 * All of that is accepted; anything else is rejected with `null`, never thrown.
 */

/** Longest input considered at all; anything longer is rejected unread. */
export const MAX_TOKEN_INPUT_LENGTH = 256;

// Spaces of every kind, dashes and hyphens of every kind, and the dot that some
// apps use as a group separator. Removed anywhere in the input.
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff\-\u2010-\u2015\u2212\u30fc\uff0d._]/gu;

/**
 * Canonicalises user input: NFKC (full-width and other compatibility forms
 * become ASCII), separators removed, optionally lower-cased.
 * Returns null for non-strings and absurdly long input.
 */
export function canonicalInput(input: unknown, options: { lowerCase?: boolean } = {}): string | null {
  if (typeof input !== 'string' || input.length > MAX_TOKEN_INPUT_LENGTH) return null;
  let text = input.normalize('NFKC').replace(SEPARATORS, '');
  if (options.lowerCase === true) text = text.toLowerCase();
  return text;
}

/**
 * Normalises a numeric one-time password: returns the ASCII digit string when
 * the input, once canonicalised, is exactly `digits` ASCII digits; otherwise null.
 *
 * @example normalizeNumericToken(' 123 456 ', 6) === '123456'
 * @example normalizeNumericToken('１２３-４５６', 6) === '123456'
 * @example normalizeNumericToken('12345', 6) === null
 */
export function normalizeNumericToken(input: unknown, digits: number): string | null {
  // What apps and browsers send nearly always: already canonical (ASCII digits are NFKC and no separator).
  if (typeof input === 'string' && input.length === digits && isAsciiDigits(input)) return input;
  const text = canonicalInput(input);
  return text === null || text.length !== digits || !isAsciiDigits(text) ? null : text;
}

function isAsciiDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
