/**
 * twofold's framework-neutral web primitives: sessions, verification state,
 * guards, CSRF, safe redirects, HTML, forms, headers, messages and i18n, and
 * the page kit, written once against web-standard `Request` / `Response`.
 * This layer knows no flow and no device kind; the published `twofold/web`
 * entry (`src/assembly/index.ts`) adds the pages of every flow on top.
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
export type {
  FieldName,
  Message,
  MessageCatalog,
  MessageId,
  MessageParams,
  MessageText,
  MessageTexts,
  PluralText,
  Translator,
  TranslatorOptions,
} from './messages.js';
export { WEB_MESSAGES, createCatalogTranslator } from './messages.js';
export type { SecurityHeaderOptions } from './headers.js';
export { DEFAULT_CONTENT_SECURITY_POLICY, htmlResponse, jsonResponse, redirectResponse, securityHeaders } from './headers.js';
export type { FormResult } from './form.js';
export { MAX_FORM_BYTES, formField, readForm } from './form.js';
export type {
  BasePageModel,
  CredentialsPageModel,
  DeviceChoice,
  ErrorPageModel,
  LogoutPageModel,
  PageUrls,
  TwofoldViews,
} from './views.js';
export { WEB_VIEWS, credentialsView, errorView, hiddenFields, logoutView, renderAlerts, renderMessages } from './views.js';
export type { BaseWebConfig, BaseWebOptions, TwofoldWebOptions, WebConfig, WebDefaults } from './options.js';
export { resolveBaseWebConfig } from './options.js';
export type { AccessDecision, OtpRequiredApiOptions, OtpRequiredOptions } from './guards.js';
export { apiRefusal, checkOtpAccess, loginRequiredRedirect } from './guards.js';
export type { PageContext, PageHandler, PageKit } from './pages/context.js';
export { createPageKit, pageUrls, safeNext } from './pages/context.js';
export { createLogoutHandlers } from './pages/logout.js';
export type { LogoutHandlers } from './pages/logout.js';
export { retryAfterSeconds, runDeviceStep, runSecondFactor, withRetryAfter } from './pages/second-factor.js';
export { TWILIO_CALL_PATH, resolveTwilioCalls } from './pages/twilio-call.js';
export type { TwilioCallEndpoint, TwilioCallHandler } from './pages/twilio-call.js';
export type {
  DeviceStepErrorCode,
  DeviceStepFailure,
  DeviceStepInput,
  DeviceStepOutcome,
  SecondFactorInput,
  SecondFactorOutcome,
} from './pages/second-factor.js';
export type { DeliveryChannel, DeliveryDestination, DeliveryPhrase } from './destination.js';
export { codeOutstanding, codeSentMessage, deliveryChannel, deliveryDestination, deliveryPhrase } from './destination.js';
export { currentClientAddress, withClientAddress } from './client-address.js';
export * from './i18n/index.js';
export { inputModeOf, presentationOf } from '../devices/presentation.js';
export type {
  AssessedFactor,
  AssuranceLevel,
  AssuranceLevelInput,
  FactorRule,
  FactorStanding,
  MissingFactor,
  PasswordRule,
  Requirement,
  RequirementCheck,
  RequirementSpec,
  SecondFactorRule,
  StepUpDecision,
  StepUpDevice,
  StepUpWay,
} from './step-up/index.js';
export { assessFactors, assuranceLevel, checkRequirement, decideStepUp, defineRequirement, factorStandings, stepUpRefusal } from './step-up/index.js';
