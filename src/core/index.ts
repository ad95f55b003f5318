/**
 * twofold's framework-free core: devices, verification, throttling, storage
 * contracts and encryption at rest.
 */
export { createTwofold } from './twofold.js';
export type {
  AnyDeviceKind,
  ChallengeOptions,
  ChallengeResult,
  ConfigUrlOptions,
  CreateDeviceInput,
  DeleteDeviceOptions,
  DeviceUpdate,
  DeviceUpdateContext,
  MatchOptions,
  UserDevices,
  Twofold,
  TwofoldLogger,
  TwofoldOptions,
  TwofoldSettings,
  VerifyFailure,
  VerifyOptions,
  VerifyResult,
} from './twofold.js';
export type {
  ChallengeRecord,
  ChallengeStore,
  Device,
  DeviceChanges,
  DeviceKind,
  DeviceQuery,
  DeviceRecord,
  DeviceScan,
  JsonObject,
  JsonValue,
  KindChallengeInput,
  KindChallengeResult,
  KindConfigUrlInput,
  KindCreated,
  KindPrepareInput,
  KindVerifyInput,
  KindVerifyOutcome,
  SendAttempt,
  SendBudgetRule,
  SendBudgetScope,
  SendDecision,
  SendLimit,
  RememberedBrowserRecord,
  UserPreferences,
  DevicesWithPrimary,
  Store,
} from './types.js';
export type { AuthenticatorAssurance, AuthenticatorType, KindAssurance } from './assurance.js';
export { DEFAULT_ASSURANCE, resolveAssurance } from './assurance.js';
export type {
  CeremonyAuthentication,
  CeremonyRegistration,
  CeremonyScript,
  DeliveryChannel,
  KindCeremony,
  KindCeremonySetup,
  KindCeremonyTexts,
  KindDelivery,
  KindDeviceDescription,
  KindDestinationCheck,
  KindDestinationSetup,
  KindDestinationTexts,
  KindInput,
  KindIssuedList,
  KindPresentation,
  KindSettings,
  KindSetup,
  KindSignInTexts,
  KindTokenSetup,
  KindTokenTexts,
  KindWords,
} from './presentation.js';
export { checkSendAttempt, checkSendBudgetRules, clientBudgetSubject, budgetRetryAt, MAX_SEND_LIMIT, MAX_SEND_LIMITS, MAX_SEND_WINDOW_MS } from './budgets.js';
export { TwofoldError, isTwofoldError } from './errors.js';
export type { TwofoldErrorCode } from './errors.js';
export type { FailureReason, TwofoldEventName, TwofoldEvents, TwofoldListener } from './events.js';
export { manualClock, systemClock } from './clock.js';
export type { Clock, ManualClock } from './clock.js';
export { canonicalInput, normalizeNumericToken, MAX_TOKEN_INPUT_LENGTH } from './normalize.js';
export { createSecretBox, generateSecret, secretsFromEnvironment, DEVELOPMENT_SECRET, MIN_SECRET_LENGTH } from './secrets.js';
export type { SecretBox } from './secrets.js';
export { deviceIdFromKey, formatPersistentId, parsePersistentId, isValidKindName } from './persistent-id.js';
export { throttleUnlocksAt, isThrottled, cooldownEndsAt } from './throttle.js';
export { provisioningAccountName } from './provisioning.js';
export { MIN_PNG_MODULE_PIXELS, qrCodePng, qrCodeSvg, qrCodeTerminal } from './qr.js';
export type { QrOptions } from './qr.js';
