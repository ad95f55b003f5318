/**
 * The device admin for staff, framework-neutral (web-standard `Request` /
 * `Response`): list and search devices, set up TOTP/HOTP devices with a QR
 * code until they are confirmed, reset throttling, issue backup codes,
 * rename and delete. Mount it with `otpAdmin` from `twofold/express`.
 *
 * @packageDocumentation
 */
export {
  ADMIN_STYLESHEET_PATH,
  adminUrls,
  createAdminHandler,
  resolveAdminRoute,
} from './handler.js';
export type { AdminContext, AdminHandler, OtpAdminOptions } from './handler.js';
export { DEFAULT_ADMIN_REQUIREMENT } from './options.js';
export { ADMIN_ENGLISH_MESSAGES, createAdminTranslator } from './messages.js';
export type { AdminMessageCatalog, AdminMessageId, AdminMessageParams, AdminTranslator } from './messages.js';
export { ADMIN_CSS, ADMIN_STYLESHEET } from './css.js';
export { accountNameFor, groupKey, hasProvisioningUri, mayRevealSecret, revealKey } from './setup.js';
export type { RevealedKey } from './setup.js';
export { searchDevices } from './search.js';
export type { SearchLimits, SearchResult } from './search.js';
export * from './views.js';
