/**
 * The models of the account pages (what each view receives) and the table
 * of account views a host may replace one at a time.
 */
import type { Deadline } from '../../web/client-script.js';
import type { KindDeviceDescription } from '../../core/presentation.js';
import type { JsonObject } from '../../core/types.js';
import { type SafeHtml } from '../../web/html.js';
import type { MessageId, MessageParams } from '../../web/messages.js';
import type { CodeFieldWords } from '../login/sign-in-texts.js';
import type { SideChannelMethod } from './side-channel.js';

/** A form field an account message can be about. */
/** A field of an account form an error can point at; `destination` is the field a destination kind declares (`number`, `address`). */
export type AccountField = 'method' | 'name' | 'token' | 'device' | 'understand' | 'destination';

/** A message ready to show on an account page. */
export interface AccountMessage {
  readonly id: MessageId;
  readonly text: string;
  /** The field the message is about, if any. */
  readonly field?: AccountField;
  /** For a message that holds until a known time: when (the page counts down). */
  readonly until?: { readonly at: Date; readonly relative: string; readonly time: string };
}

/** The URLs of the account pages. */
export interface AccountUrls {
  readonly profile: string;
  readonly setup: string;
  readonly setupQr: string;
  /** Answers with a redirect to the setup's `otpauth://` URI ("Open in authenticator app" on a phone). */
  readonly setupApp: string;
  readonly setupDone: string;
  /** The phone number step of the setup wizard: adding a (backup) phone number. */
  readonly addPhone: string;
  readonly rename: string;
  readonly remove: string;
  readonly primary: string;
  readonly backupCodes: string;
  readonly backupCodesDownload: string;
  readonly disable: string;
  readonly reauthenticate: string;
  /** Where the profile's "Forget" buttons post (remembered browsers). */
  readonly forgetBrowser: string;
  /** The login page (for signing in again). */
  readonly login: string;
  /** The sign-out page. */
  readonly logout: string;
  /** Where "Lock" posts (the step-up flow: drops the elevation, keeps the sign-in). */
  readonly lock: string;
}

/** What every account page model has. */
export interface AccountPageBase {
  /** The text of a message, in the configured language. */
  readonly t: (id: MessageId, params?: MessageParams) => string;
  readonly csrfToken: string;
  readonly csrfField: string;
  /** A safe page to return to, or null. */
  readonly next: string | null;
  /** The form field that carries `next`. */
  readonly redirectField: string;
  readonly urls: AccountUrls;
  readonly errors: readonly AccountMessage[];
  readonly notices: readonly AccountMessage[];
  /** Whether dates are in the default format, which `/twofold.js` rewrites in the reader's time zone (absent: left as written). */
  readonly localDates?: boolean;
}

/** One of the user's devices as the pages show it. */
export interface AccountDeviceView {
  /** The persistent id, posted back as the `device` field. */
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  /** The kind in words ("Authenticator app"). */
  readonly kindLabel: string;
  readonly primary: boolean;
  readonly createdAt: Date;
  /** `createdAt` formatted for reading. */
  readonly createdText: string;
  readonly lastUsedAt: Date | null;
  readonly lastUsedText: string | null;
  /** Where its codes go, in words ("Text message to +31 • ••••••78"), for devices that send codes; else null. */
  readonly destinationText: string | null;
  /** What its kind says of it ("Synced passkey", a warning), or null. */
  readonly description?: KindDeviceDescription | null;
}

/** A remembered browser on the profile, with the form that forgets it. */
export interface RememberedBrowserView {
  /** What the browser was, in a few words ("Chrome on Linux"), or "Unknown browser". */
  readonly label: string;
  /** Whether it is the browser reading the page ("This browser"). */
  readonly current?: boolean;
  /** The User-Agent string it was remembered with, in full (a tooltip on the label), or '' when it sent none. */
  readonly userAgent: string;
  /** Lines of detail: when it was remembered, until when. */
  readonly details: readonly string[];
  /** The date each line of `details` holds (same order), as written in it; null for a line without one. */
  readonly detailDates?: readonly ({ readonly at: Date; readonly text: string } | null)[];
  /** Where the "Forget" form posts, and its hidden fields (besides the CSRF token). */
  readonly forgetAction: string;
  readonly forgetFields: Readonly<Record<string, string>>;
}

/** The profile: status, devices, backup codes, remembered browsers, links to every action. */
export interface AccountProfileModel extends AccountPageBase {
  readonly page: 'account-profile';
  readonly username: string | null;
  /** Whether two-factor authentication is on (a confirmed device exists). */
  readonly enabled: boolean;
  readonly primary: AccountDeviceView | null;
  /** The devices that can sign in (primary first), without backup codes. */
  readonly devices: readonly AccountDeviceView[];
  /** Unused backup codes, or null when the user has no backup-codes device. */
  readonly backupCodesRemaining: number | null;
  /** Whether backup codes are offered at all (the kind is registered). */
  readonly backupCodesAvailable: boolean;
  /** Remembered browsers, or null when remembering browsers is off. */
  readonly rememberedBrowsers: readonly RememberedBrowserView[] | null;
  /** Whether setup offers at least one method. */
  readonly canAddDevice: boolean;
  /**
   * The user's phone numbers, the primary one included (its view says
   * `primary`). Null when phone numbers cannot be added and the user has none.
   */
  readonly backupPhones: readonly AccountDeviceView[] | null;
  /** Whether "Add a backup phone number" is offered. */
  readonly canAddPhone: boolean;
  /**
   * The words of that list, in the reader's language, as the listed kind
   * declares them (`heading` "Backup phone numbers", `add` "Add a backup
   * phone number"); absent: general words ("Backup destinations").
   */
  readonly backupListTexts?: { readonly heading: string; readonly intro: string; readonly none: string; readonly add: string };
}

/** A method the setup wizard offers. */
export interface SetupMethodView {
  readonly kind: string;
  readonly label: string;
  readonly hint: string;
  readonly selected: boolean;
}

/** The first setup step: what it is, and the choice of method when there is more than one. */
export interface AccountSetupWelcomeModel extends AccountPageBase {
  readonly page: 'account-setup-welcome';
  /** True when the user already has two-factor authentication and adds a device. */
  readonly adding: boolean;
  /** Empty when no method can be set up; one entry: no choice is shown. */
  readonly methods: readonly SetupMethodView[];
}

/** The key step: QR code, key for typing, device name and the confirmation code. */
export interface AccountSetupKeyModel extends AccountPageBase {
  readonly page: 'account-setup-key';
  readonly adding: boolean;
  readonly method: string;
  readonly methodLabel: string;
  /** The image URL of the QR code (tied to this session; the key is never in a URL). */
  readonly qrCodeUrl: string;
  /** The key in base32, in groups of four. */
  readonly keyText: string;
  /**
   * Where "Open in authenticator app" leads on a phone (scanning one's own
   * screen is impossible): a URL of this session that redirects to the
   * `otpauth://` URI, so that the key stays out of the page's links. Null
   * to show no such link.
   */
  readonly authenticatorUrl: string | null;
  /** Whether the key is counter-based (HOTP) rather than time-based. */
  readonly counterBased: boolean;
  /** The device name to pre-fill. */
  readonly name: string;
  /** When the key expires: relative and absolute (`at` lets the page count down and show the reader's own clock). */
  readonly expires: { readonly at?: Date; readonly relative: string; readonly time: string };
  /** `numeric` for digit codes. */
  readonly tokenInputMode: 'numeric' | 'text';
}

/** The number or address step of a setup by code. */
export interface AccountSetupDestinationModel extends AccountPageBase {
  readonly page: 'account-setup-destination';
  /** The page's heading ("Add a backup phone number", ...). */
  readonly heading: string;
  /** What the step asks for and why, in the kind's words. */
  readonly intro: string;
  /** A warning to read before giving the destination (phone numbers can be taken over), or null. */
  readonly risk: string | null;
  /** The field the kind declares: its name (`number`, `address`), input type, longest value, label and hint. */
  readonly field: {
    readonly name: string;
    readonly type: 'tel' | 'email' | 'text';
    readonly maxLength: number;
    readonly label: string;
    readonly hint: string;
  };
  /** How codes reach this destination (text message, voice call): a choice when more than one, else a hidden field. */
  readonly methods: readonly SetupMethodView[];
  /** The value in the field (kept after a refusal, or the user's own address). */
  readonly value: string;
  /** When a code may be sent again after a refused send (too soon, too many): until then "Send code" is disabled and the page counts down; null or absent when it may be now. */
  readonly sendAllowedAt?: Deadline | null;
}

/** The step of a kind set up by a token the device types (a YubiKey): what to do, the token and a name. */
export interface AccountSetupTokenModel extends AccountPageBase {
  readonly page: 'account-setup-token';
  /** The page's heading ("Add a YubiKey", ...). */
  readonly heading: string;
  readonly adding: boolean;
  /** The kind, posted back as `method`. */
  readonly method: string;
  /** What to do, in the kind's words. */
  readonly intro: string;
  /** The token field's label, hint and longest value. */
  readonly field: { readonly label: string; readonly hint: string; readonly maxLength: number };
  /** The device name to pre-fill. */
  readonly name: string;
}

/** The step of a kind set up by a browser ceremony (a security key or passkey): a name and one button that runs the script. */
export interface AccountSetupCeremonyModel extends AccountPageBase {
  readonly page: 'account-setup-ceremony';
  readonly heading: string;
  readonly adding: boolean;
  /** The kind, posted back as `method`. */
  readonly method: string;
  /** What will happen, in the kind's words. */
  readonly intro: string;
  /** The button that starts the ceremony. */
  readonly button: string;
  /** Said while the browser runs it; said when the browser cannot; said without JavaScript. */
  readonly waiting: string;
  readonly unsupported: string;
  readonly noscript: string;
  /** The choice of the other setup methods, or null when this is the only one. */
  readonly otherMethodsUrl: string | null;
  /** The kind's browser script (served by twofold, cached for a year). */
  readonly scriptUrl: string;
  /** The options for the browser, written into a JSON script element. */
  readonly options: JsonObject;
  /** The device name to pre-fill. */
  readonly name: string;
}

/** The code step of a setup by code: where the code went, the code, a name, and "Send a new code". */
export interface AccountSetupCodeModel extends AccountPageBase {
  readonly page: 'account-setup-code';
  readonly heading: string;
  readonly adding: boolean;
  readonly method: SideChannelMethod;
  /** The hint under the code field ("The digits the voice read out to you."). */
  readonly codeHint: string;
  /** The link back to the destination step, in the kind's words ("Use a different number"). */
  readonly changeText: string;
  /** Where the code went, in words ("We sent a text message with a code to +31 • ••••••78."). */
  readonly sentText: string;
  /** The device name to pre-fill. */
  readonly name: string;
  /** When a new code may be asked for, or null when it may be now ("Send a new code" is disabled until then). */
  readonly nextCodeAt: { readonly at?: Date; readonly relative: string; readonly time: string } | null;
  /** When the setup expires. */
  readonly expires: { readonly at?: Date; readonly relative: string; readonly time: string };
  /** Where to enter another number or address. */
  readonly changeUrl: string;
}

/** After setup: it worked, and backup codes are offered. */
export interface AccountSetupDoneModel extends AccountPageBase {
  readonly page: 'account-setup-done';
  /** The device just added, or null when it cannot be found any more. */
  readonly deviceName: string | null;
  /** The user's primary device when it is another one (the new device was added next to it), else null. */
  readonly primaryName: string | null;
  /** Where to give the new device another name (a key is named after it is registered, too), or null when it is gone. */
  readonly renameUrl?: string | null;
  /** Unused backup codes, or null when the user has none. */
  readonly backupCodesRemaining: number | null;
  /** Whether backup codes are offered at all (the kind is registered). */
  readonly backupCodesAvailable: boolean;
}

/** Renaming one device. */
export interface AccountRenameModel extends AccountPageBase {
  readonly page: 'account-rename';
  readonly device: AccountDeviceView;
  /** The name in the field. */
  readonly name: string;
}

/** Confirming the removal of one device. */
export interface AccountRemoveModel extends AccountPageBase {
  readonly page: 'account-remove';
  readonly device: AccountDeviceView;
  /** The device that becomes primary when this one (the primary) goes, or null. */
  readonly promoted: AccountDeviceView | null;
  /** Whether it is the user's only device (removal is refused). */
  readonly onlyDevice: boolean;
}

/** The backup codes page: how many are left, and generating a new set. */
export interface AccountBackupCodesModel extends AccountPageBase {
  readonly page: 'account-backup-codes';
  /** Unused codes, or null when the user has none yet. */
  readonly remaining: number | null;
  /** The "replace all your codes?" question, asked before a set that still has codes is replaced. */
  readonly confirmReplace: boolean;
}

/** A new set of backup codes, shown once. */
export interface AccountBackupCodesIssuedModel extends AccountPageBase {
  readonly page: 'account-backup-codes-issued';
  readonly codes: readonly string[];
  /** Whether an older set was replaced. */
  readonly replaced: boolean;
  /** Until when this page shows them (reloads included), in the reader's words. */
  readonly shownUntil: string;
}

/** Turning two-factor authentication off. */
export interface AccountDisableModel extends AccountPageBase {
  readonly page: 'account-disable';
}

/** A device the user may choose on the confirmation page. */
export interface AccountDeviceChoice {
  readonly id: string;
  readonly name: string;
  readonly interactive: boolean;
  readonly selected: boolean;
}

/** Entering a code again before a sensitive change. */
export interface AccountReauthenticateModel extends AccountPageBase {
  readonly page: 'account-reauthenticate';
  readonly devices: readonly AccountDeviceChoice[];
  readonly canSendCode: boolean;
  /** When the selected device may send a new code, while its cooldown runs; null when it may now. */
  readonly nextCodeAt: Deadline | null;
  readonly tokenInputMode: 'numeric' | 'text';
  /** The code field's words per device (by id): a YubiKey is touched, not read; absent: the general wording. */
  readonly fieldWords?: Readonly<Record<string, CodeFieldWords>>;
}

/** The account page renderers. Each returns the page's main content; the layout wraps it. */
export interface AccountViews {
  accountProfile(model: AccountProfileModel): SafeHtml;
  accountSetupWelcome(model: AccountSetupWelcomeModel): SafeHtml;
  accountSetupKey(model: AccountSetupKeyModel): SafeHtml;
  accountSetupDestination(model: AccountSetupDestinationModel): SafeHtml;
  accountSetupCode(model: AccountSetupCodeModel): SafeHtml;
  accountSetupToken(model: AccountSetupTokenModel): SafeHtml;
  accountSetupCeremony(model: AccountSetupCeremonyModel): SafeHtml;
  accountSetupDone(model: AccountSetupDoneModel): SafeHtml;
  accountRename(model: AccountRenameModel): SafeHtml;
  accountRemove(model: AccountRemoveModel): SafeHtml;
  accountBackupCodes(model: AccountBackupCodesModel): SafeHtml;
  accountBackupCodesIssued(model: AccountBackupCodesIssuedModel): SafeHtml;
  accountDisable(model: AccountDisableModel): SafeHtml;
  accountReauthenticate(model: AccountReauthenticateModel): SafeHtml;
}
