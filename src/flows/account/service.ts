/**
 * What the account pages and the account JSON API do, once, independent of
 * how the answer is rendered: start and confirm a setup, rename, remove and
 * choose devices, issue backup codes, turn two-factor authentication off.
 * The callers check access first (see `access.ts`); every operation checks
 * ownership itself, through the core, so another user's device id is simply
 * "not found" and changes nothing.
 */
export * from './kit.js';
export * from './device-names.js';
export * from './devices.js';
export * from './setup.js';
export * from './backup-codes.js';
export * from './disable.js';
export * from './flash.js';
