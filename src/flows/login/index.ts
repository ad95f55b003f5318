/**
 * The sign-in flows: the login wizard (password, then a code from the
 * primary device, another device or a backup code, or a remembered
 * browser), the verify-only page, the enforcement policy, the web layer's
 * events and the sign-in JSON API. Every framework adapter mounts them
 * through `createRoutes`; this entry point is for hosts that replace a
 * view, listen to events or build their own pages from the same steps.
 *
 * @packageDocumentation
 */
export type { LoginFlowConfig, LoginFlowOptions, LostDeviceHelp } from './options.js';
export { resolveLoginFlowOptions } from './options.js';
export type {
  RememberRejection,
  RequestSummary,
  VerificationFlow,
  WebEventHub,
  WebEventListener,
  WebEventName,
  WebEvents,
  WebEventSource,
} from '../shared/events.js';
export { createWebEventHub, summarizeRequest, userAgentOf } from '../shared/events.js';
export type {
  BackupCodePageModel,
  BackupCodesLeftPageModel,
  LoginTokenPageModel,
  LoginViews,
  LostDeviceModel,
  MethodChoice,
  TokenDeliveryModel,
  TokenPageModel,
  TokenStepModel,
} from './views.js';
export { backupCodesLeftView, backupCodeView, LOGIN_CSS, loginTokenView, loginViews, tokenView } from './views.js';
export { LOW_BACKUP_CODES } from './page-rendering.js';
export type { LoginPages } from './pages.js';
export { createLoginPages } from './pages.js';
export type {
  NoSubject,
  PasswordStepOutcome,
  SecondFactorRequest,
  SecondFactorStepOutcome,
  SecondFactorSubject,
  SignInMethods,
} from './flow.js';
export {
  MAX_PASSWORD_LENGTH,
  MAX_USERNAME_LENGTH,
  cancelPending,
  chooseDevice,
  hasSecondFactor,
  passwordStep,
  pendingExpiresAt,
  readPending,
  secondFactorStep,
  secondFactorSubject,
  signInMethods,
  verifyWithRememberedBrowser,
} from './flow.js';
export { LOGIN_MESSAGES } from './messages.js';
export type { RequireTwoFactor, TwoFactorPolicy } from '../policy/index.js';
export { resolvePolicy, setupRequired, setupUrl } from '../policy/index.js';
