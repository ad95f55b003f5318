/**
 * The account flows: the setup wizard, several named devices with a primary
 * one, backup codes, the profile, turning two-factor authentication off, and
 * the account JSON API. Every framework adapter mounts them through
 * `createRoutes`; this entry point is for hosts that replace a view, read
 * the primary device, or build their own pages from the same operations.
 *
 * @packageDocumentation
 */
import './events.js';

export type { AccountEventName } from './events.js';
export type { AccountAction, AccountConfig, AccountOptions, AccountRequirements } from './options.js';
export { ACCOUNT_RECENT_REQUIREMENT, isKeySetupKind, resolveAccountOptions } from './options.js';
export type { DevicesByPreference } from '../shared/primary.js';
export { canBePrimary, devicesByPreference, forgetPrimaryDevice, isFallbackDevice, primaryDevice, setPrimaryDevice } from '../shared/primary.js';
export type { AccountAccess, AccountActionTarget, AccountRequirement, RecentRule } from './access.js';
export { actionRequirement, checkAccountAccess, checkActionAccess, hasRecentFactor, RECENT_FACTOR_METHODS } from './access.js';
export type {
  AccountBackupCodesIssuedModel,
  AccountBackupCodesModel,
  AccountDeviceChoice,
  AccountDeviceView,
  AccountDisableModel,
  AccountField,
  AccountMessage,
  AccountPageBase,
  AccountProfileModel,
  AccountReauthenticateModel,
  AccountRemoveModel,
  AccountRenameModel,
  AccountSetupCodeModel,
  AccountSetupDestinationModel,
  AccountSetupTokenModel,
  AccountSetupCeremonyModel,
  AccountSetupDoneModel,
  AccountSetupKeyModel,
  AccountSetupWelcomeModel,
  AccountUrls,
  AccountViews,
  RememberedBrowserView,
  SetupMethodView,
} from './views.js';
export {
  accountBackupCodesIssuedView,
  accountBackupCodesView,
  accountDisableView,
  accountHiddenFields,
  accountMessages,
  accountProfileView,
  accountReauthenticateView,
  accountRemoveView,
  accountRenameView,
  accountSetupCodeView,
  accountSetupDestinationView,
  accountSetupDoneView,
  accountSetupKeyView,
  accountSetupTokenView,
  accountSetupCeremonyView,
  accountSetupWelcomeView,
  accountViews,
  ACCOUNT_FIELD_IDS,
} from './views.js';
export { ACCOUNT_CSS } from './css.js';
export { ACCOUNT_MESSAGES } from './messages.js';
export type { AccountPageHandlers } from './pages.js';
export { accountUrls, createAccountPages } from './pages.js';
export type {
  AccountDevices,
  AccountKit,
  AccountSessionKeys,
  ActiveCodeSetup,
  ActiveSetup,
  DeviceChange,
  DeviceRemoval,
  IssuedCodes,
  KeptCodes,
  MaskedDestination,
  NameCheck,
  SetupConfirmation,
  SetupLookup,
} from './service.js';
export {
  accountDevices,
  checkDeviceName,
  createAccountKit,
  defaultDeviceName,
  disableTwoFactor,
  discardCodeSetup,
  forgetRevealedCodes,
  generateAccountBackupCodes,
  MAX_DEVICE_NAME_LENGTH,
  methodLabel,
  revealedCodes,
  uniqueDeviceName,
} from './service.js';
export type { CodeSendFailure, CodeSendOutcome, CodeSetupStart } from './code-setup.js';
export {
  codeDeviceName,
  codeSendError,
  confirmCodeSetup,
  destinationProblemMessage,
  resendSetupCode,
  sendCode,
  startCodeSetup,
} from './code-setup.js';
export type { DestinationCheck, DestinationKind, DestinationProblem, PendingCodeSetup, SideChannelMethod } from './side-channel.js';
export {
  availableSideChannels,
  checkDestination,
  deleteUnconfirmedDevice,
  destinationKindOf,
  destinationKinds,
  sweepAbandonedSetups,
} from './side-channel.js';
export type { AccountSealer, PendingSetup } from './setup-state.js';
export { formatKeyForReading, SETUP_KEY_BYTES } from './setup-state.js';
