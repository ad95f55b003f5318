/**
 * Backup codes: single-use codes for when the usual device is not at hand,
 * stored only as scrypt hashes (django-otp's static device).
 *
 * @module
 */
export * from './kind.js';
export * from './manage.js';
