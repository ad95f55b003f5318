/**
 * "Remember this browser": a random 256-bit token in a cookie per user and
 * browser lets the user skip the second factor (never the password) until
 * an absolute expiry, while the password and the device that created it are
 * unchanged. Off unless `rememberCookieAge` is set.
 *
 * The profile (account pages) lists and forgets remembered browsers with
 * {@link listRememberedBrowsers} and {@link revokeRememberedBrowser};
 * disabling two-factor authentication calls {@link forgetRememberedBrowsers}.
 *
 * @packageDocumentation
 */
export type { RememberBrowserOptions, RememberConfig, RememberCookieSameSite } from './options.js';
export { MAX_REMEMBER_COOKIE_AGE, resolveRememberOptions } from './options.js';
export type { RememberedBrowser, RememberedMatch, RememberLookup, RememberServices } from './service.js';
export {
  findRememberedBrowser,
  forgetBrowsersOfRemovedDevices,
  forgetRememberedBrowsers,
  listRememberedBrowsers,
  recordRememberedBrowserUse,
  rememberBrowser,
  revokeAllRememberedBrowsers,
  revokeRememberedBrowser,
} from './service.js';
export { MAX_REMEMBER_COOKIES, rememberCookiePrefix } from './cookie.js';
export type { BrowserSummary } from './user-agent.js';
export { summarizeUserAgent } from './user-agent.js';
