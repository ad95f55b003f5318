/**
 * Compares two strings without exiting early on the first difference, so the
 * time taken does not reveal how many leading characters of a guess were
 * right. Strings of different lengths are unequal at once: lengths are public
 * here (an OTP's length is part of the device's configuration).
 *
 * @param a - a string, typically the expected token
 * @param b - a string, typically the submitted token
 * @returns whether `a` and `b` are identical
 * @throws TypeError if either argument is not a string
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') {
    throw new TypeError('constantTimeEqual compares two strings');
  }
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
