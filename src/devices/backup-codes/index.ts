/**
 * Backup codes: single-use codes for when the usual device is not at hand,
 * stored only as scrypt hashes (django-otp's static device).
 *
 * @module
 */
export * from './kind.js';
export * from './manage.js';
export { normalizeImportedCode, MAX_IMPORTED_CODE_LENGTH } from './imported.js';
