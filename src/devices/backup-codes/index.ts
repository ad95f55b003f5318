/**
 * Backup codes: single-use codes for when the usual device is not at hand,
 * stored only as scrypt hashes (django-otp's static device).
 *
 * @module
 */
export * from './kind.js';
// The factory with the kind's presentation for the pages (shadows kind.ts's own).
export { BACKUP_CODES_PRESENTATION, backupCodes } from './presentation.js';
export * from './manage.js';
export { normalizeImportedCode, MAX_IMPORTED_CODE_LENGTH } from './imported.js';
