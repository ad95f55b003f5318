/**
 * Imported backup codes: codes another system issued (django-otp's static
 * tokens, for instance `usvfwyb4`), kept working exactly as users have them
 * written down, although they may fall outside twofold's own alphabet and
 * length. They are stored as salted scrypt hashes like twofold's codes, under
 * a distinct prefix (`scrypt-typed$…`) that says how a candidate is
 * normalised for them: trimmed and lower-cased, nothing else (their owners
 * typed them that way for years, so no look-alike mapping is applied).
 *
 * Matching case-insensitively where django-otp matched exactly only merges
 * codes that differ in case, which a set of random codes does not contain.
 */
import { canonicalInput } from '../../core/normalize.js';

/** Longest imported code accepted (django-otp allows 16; other sources may differ). */
export const MAX_IMPORTED_CODE_LENGTH = 64;

/** Prefix of the stored hash of an imported code (twofold's own codes use `scrypt$`). */
export const IMPORTED_HASH_PREFIX = 'scrypt-typed';

/**
 * Canonical form of an imported code, or of what a user typed for one:
 * compatibility forms folded (NFKC), surrounding whitespace trimmed,
 * lower-cased. Null when nothing is left, when it is longer than
 * {@link MAX_IMPORTED_CODE_LENGTH}, or when it holds control characters.
 *
 * @example normalizeImportedCode(' UsvfWyb4 ') === 'usvfwyb4'
 */
export function normalizeImportedCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 4 * MAX_IMPORTED_CODE_LENGTH) return null;
  const text = input.normalize('NFKC').trim().toLowerCase();
  if (text.length === 0 || text.length > MAX_IMPORTED_CODE_LENGTH) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return null;
  return text;
}

/** Whether a stored hash belongs to an imported code. */
export function isImportedHash(stored: string): boolean {
  return stored.startsWith(`${IMPORTED_HASH_PREFIX}$`);
}

/**
 * The token a backup-codes device hands to `verify`: twofold's canonical form
 * when the device holds only twofold codes (unchanged behaviour), otherwise
 * the imported form, from which `verify` derives both candidates.
 */
export function normalizeTokenFor(input: string, hasImported: boolean, own: (input: unknown) => string | null): string | null {
  if (!hasImported) return own(input);
  return normalizeImportedCode(input) ?? own(input);
}

/** Both candidate forms of a token for a device holding imported codes. */
export function candidatesOf(token: string, own: (input: unknown) => string | null): { own: string | null; imported: string | null } {
  // canonicalInput drops separators; own() needs them dropped before mapping look-alikes.
  return { own: own(canonicalInput(token) ?? ''), imported: normalizeImportedCode(token) };
}
