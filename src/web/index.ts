/**
 * twofold's framework-neutral web layer: sessions, verification state,
 * guards, CSRF, safe redirects, HTML and the OTP login pages, written once
 * against web-standard `Request` / `Response`. `twofold/express` and
 * `twofold/hono` adapt it to their frameworks; other frameworks can do the
 * same with {@link createOtpContext} and {@link createRoutes}.
 *
 * @packageDocumentation
 */
export type { TwofoldSession, SessionKeys } from './session.js';
export { sessionKeys, DEFAULT_SESSION_KEY } from './session.js';
export type { HostUser, TwofoldUser } from './user.js';
export { toTwofoldUser, requireTwofoldUser } from './user.js';
export type { OtpFactor, OtpMethod, PasswordFactor, PendingLogin, SessionFactor, TwofoldSessionState } from './state.js';
export {
  MAX_FACTORS,
  appendFactor,
  otpFactor,
  parseFactor,
  parsePendingLogin,
  parseSessionState,
  serializePendingLogin,
  serializeSessionState,
} from './state.js';
export type { MaybePromise, OtpContextOptions, OtpRequestContext } from './verification.js';
export { createOtpContext } from './verification.js';
export { CSRF_FIELD, checkCsrf, csrfToken, isCrossSiteRequest, isValidCsrfToken } from './csrf.js';
export { MAX_REDIRECT_LENGTH, isSafeRedirect, loginRedirectUrl, safeRedirect } from './redirect.js';
export type { HtmlValue, LayoutModel, SafeHtml } from './html.js';
export { TWOFOLD_CSS, defaultLayout, escapeHtml, html, isSafeHtml, trustedHtml } from './html.js';
export type { FieldName, Message, MessageCatalog, MessageId, MessageParams, MessageText, PluralText, Translator, TranslatorOptions } from './messages.js';
export { ENGLISH_MESSAGES, createTranslator } from './messages.js';
export type { SecurityHeaderOptions } from './headers.js';
export { DEFAULT_CONTENT_SECURITY_POLICY, htmlResponse, jsonResponse, redirectResponse, securityHeaders } from './headers.js';
export type { FormResult } from './form.js';
export { MAX_FORM_BYTES, formField, readForm } from './form.js';
export type {
  BasePageModel,
  CredentialsPageModel,
  DeviceChoice,
  ErrorPageModel,
  LoginTokenPageModel,
  LogoutPageModel,
  PageUrls,
  TokenPageModel,
  TwofoldViews,
} from './views.js';
export { credentialsView, defaultViews, errorView, hiddenFields, loginTokenView, logoutView, renderMessages, tokenView } from './views.js';
export type { TwofoldWebOptions, WebConfig } from './options.js';
export { resolveWebConfig } from './options.js';
export type { AccessDecision, OtpRequiredApiOptions, OtpRequiredOptions } from './guards.js';
export { apiRefusal, checkOtpAccess, loginRequiredRedirect } from './guards.js';
export * from '../assembly/routes.js';
export type { DeliveryChannel, DeliveryDestination, DeliveryPhrase } from './destination.js';
export { codeOutstanding, codeSentMessage, deliveryChannel, deliveryDestination, deliveryPhrase } from './destination.js';
export { currentClientAddress, withClientAddress } from './client-address.js';
export * from './i18n/index.js';
