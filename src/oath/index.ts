/**
 * twofold/oath: the OATH one-time password algorithms, HOTP (RFC 4226) and
 * TOTP (RFC 6238) with SHA-1, SHA-256 and SHA-512, plus the encodings and
 * `otpauth://` URIs around them. No dependency but Node's standard library;
 * the hash functions are hand-written for speed (see sha1.ts).
 *
 * Keys are raw bytes (`Uint8Array`); convert with {@link decodeBase32} or
 * {@link decodeHex}. Tokens are strings, so leading zeros are kept.
 *
 * @packageDocumentation
 */
export type { HashAlgorithm, HOTPOptions, TOTPOptions } from './types.js';
export type { HOTPMatchOptions } from './hotp.js';
export { generateHOTP, verifyHOTP, hotpCandidates, hotpMatchMask, MAX_MATCH_WINDOW } from './hotp.js';
export type { KeyScheduleCache } from './schedule-cache.js';
export { createKeyScheduleCache, DEFAULT_SCHEDULE_CACHE_SIZE } from './schedule-cache.js';
export { timeStep, generateTOTP, verifyTOTP } from './totp.js';
export { encodeBase32, decodeBase32, encodeHex, decodeHex } from './encoding.js';
export type { OtpauthURIOptions } from './uri.js';
export { createOtpauthURI, parseOtpauthURI, sanitizeAccountName } from './uri.js';
export { constantTimeEqual } from './compare.js';
