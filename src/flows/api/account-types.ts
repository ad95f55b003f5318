/**
 * The JSON API's bodies of the account endpoints (`/api/setup/...`,
 * `/api/devices...`, `/api/backup-codes`, `/api/disable`, ...). See
 * `types.ts` for the conventions every endpoint follows.
 */
import type { DeliveryChannel } from '../../core/presentation.js';
import type { DeviceStepErrorCode } from '../../web/pages/second-factor.js';
import type { ApiError, ApiRequestErrorCode } from './login-types.js';

// The account endpoints (setup, devices, backup codes, disable) follow the
// same conventions; they answer 401 `login_required` / `otp_required`, 403
// `reauthentication_required` (with `maxAgeSeconds`) or 409
// `two_factor_not_enabled` when the session may not make the change.

/** A device as the API shows it. Times are ISO 8601 strings. */
export interface AccountApiDevice {
  /** The persistent id (`kind/id`): send it back as `device`. */
  readonly id: string;
  readonly name: string;
  /** The kind, e.g. `totp`. */
  readonly kind: string;
  /** Whether sign-in asks for this device first. */
  readonly primary: boolean;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  /** For phone and e-mail devices: where their codes go (masked). Absent for other kinds. */
  readonly destination?: AccountApiDestination;
}

/** A remembered browser as the API shows it. */
export interface AccountApiRememberedBrowser {
  /** Send it back as `browser` to forget it. */
  readonly id: string;
  /** The browser's user agent when it was remembered, or ''. Untrusted text. */
  readonly userAgent: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string;
  /** The persistent id of the device whose code remembered it. */
  readonly device: string;
}

/**
 * The error codes of the account endpoints, with their HTTP status, besides
 * the request errors every endpoint shares (`csrf`, `bad_request`, ...) and
 * those of a code check (`token_required`, `invalid_token`, `throttled`, ...).
 */
export type AccountApiErrorCode =
  | ApiRequestErrorCode
  | DeviceStepErrorCode
  /** 401: nobody is signed in. */
  | 'login_required'
  /** 401: two-factor authentication is on but this session is not verified: `POST <prefix>/api/reauthenticate`. */
  | 'otp_required'
  /** 401: as `otp_required`, because the session's verification ran out (`reason`: `idle` or `absolute`, and `limitSeconds`). */
  | 'otp_expired'
  /** 403: the change needs a code entered within `maxAgeSeconds` (a remembered browser does not count): `POST <prefix>/api/reauthenticate`. */
  | 'reauthentication_required'
  /** 409: two-factor authentication is off, so there is nothing to change. */
  | 'two_factor_not_enabled'
  /** 400: `method` is not one the setup offers. */
  | 'unknown_method'
  /** 400: no setup is in progress in this session (start one). */
  | 'setup_not_started'
  /** 400: the setup took longer than allowed; start again (a new key). */
  | 'setup_expired'
  /** 400: the device name is empty, too long or has control characters. */
  | 'invalid_name'
  /** 404: not one of the user's devices (or remembered browsers). Nothing changed. */
  | 'device_not_found'
  /** 409: the user's only device cannot be removed on its own; disable instead. */
  | 'only_device'
  /** 400: `confirm: true` is missing. Nothing changed. */
  | 'confirmation_required'
  /** 404: backup codes are not offered (the kind is not registered). */
  | 'backup_codes_unavailable'
  /** 400: the phone number cannot be used; `reason` says why (`empty`, `invalid`, `missing-country-code`, `region-not-allowed`, `number-type-refused`). */
  | 'invalid_number'
  /** 400: the e-mail address cannot be used; `reason` says why (`empty`, `too-long`, `invalid`). */
  | 'invalid_address'
  /** 400: the destination of a kind of the host's own cannot be used: `invalid_<field>` for the field the kind declares; `reason` is the kind's. */
  | `invalid_${string}`
  /** 409: one of the user's devices already gets codes at this number (the same way) or address. */
  | 'destination_taken'
  /** 409: the device a token came from (a YubiKey), or a security key's credential, is registered already, to this user or another. */
  | 'key_taken'
  /** 503: the service that checks the device's tokens cannot answer; nothing was added: try again. */
  | 'validation_unavailable'
  /** 400: a ceremony setup got no answer from the browser (cancelled, timed out). */
  | 'ceremony_cancelled'
  /** 400: the browser's answer to a ceremony was refused (wrong origin, expired or used challenge, ...). */
  | 'ceremony_failed';

/**
 * An error of the account endpoints. `invalid_token` during setup answers
 * 400 (the session is fine, the code is not); from `reauthenticate`, 401.
 */
export interface AccountApiError extends ApiError<AccountApiErrorCode> {
  /** For `reauthentication_required` with the default requirement: how recent the code must be, in seconds. */
  readonly maxAgeSeconds?: number;
  /**
   * For `reauthentication_required`: the name of the step-up requirement the
   * change needs (`account-recent` by default; a host's own one is met on
   * the step-up page, `<prefix>/step-up?requirement=<name>`, or through
   * `GET <prefix>/api/assurance`).
   */
  readonly requirement?: string;
  /** For `invalid_token` and `throttled` during setup: wrong codes so far for this setup. */
  readonly failures?: number;
  /** For `invalid_number` and `invalid_address`: why the phone or e-mail kind refused it; for `otp_expired`: `idle` or `absolute`. */
  readonly reason?: string;
  /** For `otp_expired`: the limit that ran out, in seconds. */
  readonly limitSeconds?: number;
}

/** `POST <prefix>/api/setup/start`: a new key for this session only (any setup in progress is replaced). */
export interface SetupStartRequest {
  /** The kind to set up; optional when setup offers one method. `sms`, `call` and `email` take a {@link CodeSetupStartRequest}; a kind set up by a token takes a {@link TokenSetupStartRequest}. */
  readonly method?: string;
}

/**
 * `POST <prefix>/api/setup/start` for a kind set up by one token the device
 * types (a YubiKey; `setup.steps: 'token'`): the kind checks the token as it
 * creates the device, confirmed, and the answer is a
 * {@link SetupConfirmResponse} at once. Refusals: 400 `invalid_token`, 409
 * `key_taken`, 503 `validation_unavailable` (try again).
 */
export interface TokenSetupStartRequest {
  readonly method: string;
  /** The token, as the device typed it (a trailing Enter is fine). */
  readonly token: string;
  /** The device's name; default the kind's label. */
  readonly name?: string;
}

/** The answer to {@link SetupStartRequest} (`no-store`: it holds the key). */
export interface SetupStartResponse {
  readonly method: string;
  /** The `otpauth://` provisioning URI (render your own QR code from it). */
  readonly otpauthUri: string;
  /** The key in base32, without padding or spaces. */
  readonly key: string;
  /** The key in groups of four, for people to type. */
  readonly keyFormatted: string;
  /** The QR code as SVG, served to this session only. */
  readonly qrCodeUrl: string;
  /** The name the device gets unless another is given at confirmation. */
  readonly defaultName: string;
  /** When the setup stops being accepted (ISO 8601). */
  readonly expiresAt: string;
}

/** `POST <prefix>/api/setup/confirm`: proves the app has the key; on success the session is verified and gets a new id. */
export interface SetupConfirmRequest {
  /** The code the app shows, or the code that was sent (setup by code). */
  readonly token: string;
  /** The device's name (default: {@link SetupStartResponse.defaultName}). */
  readonly name?: string;
}

/** The answer to {@link SetupConfirmRequest}. */
export interface SetupConfirmResponse {
  readonly device: AccountApiDevice;
  /** Whether two-factor authentication just got turned on. */
  readonly firstDevice: boolean;
  readonly verified: true;
  /** The session's new CSRF token (the session id, and so the token, changed). */
  readonly csrfToken: string;
  /** Whether the user has unused backup codes (offer to generate them when not). */
  readonly backupCodesRemaining: number | null;
}

/** `GET <prefix>/api/devices`: the profile's contents. */
export interface AccountDevicesResponse {
  /** Whether two-factor authentication is on. */
  readonly enabled: boolean;
  /** The primary device's id, or null. */
  readonly primary: string | null;
  /** Devices that can sign in, primary first (backup codes are counted separately). */
  readonly devices: readonly AccountApiDevice[];
  readonly backupCodes: {
    /** Whether backup codes are offered. */
    readonly available: boolean;
    /** Unused codes, or null when the user has none. */
    readonly remaining: number | null;
  };
  /** Remembered browsers, or null when remembering browsers is off. */
  readonly rememberedBrowsers: readonly AccountApiRememberedBrowser[] | null;
  /** The methods setup offers (kinds). */
  readonly setupMethods: readonly string[];
  /** Whether this session entered a code recently enough to add or remove devices now. */
  readonly recentlyVerified: boolean;
}

/** `POST <prefix>/api/devices/rename`. */
export interface RenameDeviceRequest {
  readonly device: string;
  readonly name: string;
}

/** The answer to {@link RenameDeviceRequest}. */
export interface RenameDeviceResponse {
  readonly device: AccountApiDevice;
}

/** `POST <prefix>/api/devices/remove` (needs a recent code). */
export interface RemoveDeviceRequest {
  readonly device: string;
}

/** The answer to {@link RemoveDeviceRequest}. */
export interface RemoveDeviceResponse {
  readonly removed: AccountApiDevice;
  /** The primary device now (promoted when the removed one was primary). */
  readonly primary: AccountApiDevice | null;
}

/** `POST <prefix>/api/devices/primary`. */
export interface PrimaryDeviceRequest {
  readonly device: string;
}

/** The answer to {@link PrimaryDeviceRequest}. */
export interface PrimaryDeviceResponse {
  readonly primary: AccountApiDevice;
}

/** `GET <prefix>/api/backup-codes`: the count only; codes are never shown again. */
export interface BackupCodesCountResponse {
  /** Unused codes, or null when the user has none. */
  readonly remaining: number | null;
}

/** `POST <prefix>/api/backup-codes` (needs a recent code; the body may be `{}`): a new set, every older code stops working. */
export type BackupCodesGenerateRequest = Readonly<Record<string, never>>;

/** The answer to {@link BackupCodesGenerateRequest} (`no-store`): the codes, this once. */
export interface BackupCodesGenerateResponse {
  readonly codes: readonly string[];
  readonly remaining: number;
  /** Whether an older set was replaced. */
  readonly replaced: boolean;
}

/** `POST <prefix>/api/disable` (needs a recent code). */
export interface DisableRequest {
  /** Must be `true`: the API's "Yes, I am sure". */
  readonly confirm: true;
}

/** The answer to {@link DisableRequest}. The session is no longer verified and has a new id. */
export interface DisableResponse {
  readonly disabled: true;
  readonly removedDevices: number;
  readonly csrfToken: string;
}

/** `POST <prefix>/api/reauthenticate`: a code from one of the user's devices, for changes that need a recent one. */
export interface ReauthenticateRequest {
  /** The device (default: the primary one). */
  readonly device?: string;
  /** `verify` (default) checks `token`; `challenge` sends a code to an interactive device. */
  readonly action?: 'verify' | 'challenge';
  readonly token?: string;
}

/** The answer to {@link ReauthenticateRequest}. */
export type ReauthenticateResponse =
  | {
      readonly verified: true;
      /** When the code was accepted (ISO 8601); changes are allowed for `maxAgeSeconds` from then. */
      readonly at: string;
      readonly maxAgeSeconds: number;
      /** The session's new CSRF token (the session id changed). */
      readonly csrfToken: string;
    }
  | {
      readonly verified: false;
      readonly challengeSent: true;
      /** Where the code went, in the request's language ("We sent a text message with a code to +31 • ••••••78."). */
      readonly message: string;
      readonly nextChallengeAt: string | null;
    };

/** `POST <prefix>/api/remembered-browsers/forget`. */
export interface ForgetBrowserRequest {
  readonly browser: string;
}

/** The answer to {@link ForgetBrowserRequest}. */
export interface ForgetBrowserResponse {
  readonly forgotten: true;
}

// ---- Account: setup by text message, voice call or e-mail (issue 5) ----

/** Where the codes of a device that sends them (phone, e-mail, ...) go. */
export interface AccountApiDestination {
  /** `sms`, `call`, `email`, or `other` for a kind of the host's own. */
  readonly channel: DeliveryChannel;
  /** The number or address as the kind masks it (`+31 • ••••••78`, `a•••e@example.com`). */
  readonly masked: string;
}

/**
 * `POST <prefix>/api/setup/start` with a method that sends codes (see
 * `setupMethods` of `GET <prefix>/api/devices`): checks the number or
 * address, creates the device unconfirmed, sends it a code and keeps the
 * setup in this session (any setup in progress is replaced, its unconfirmed
 * device removed). Confirm with `POST <prefix>/api/setup/confirm`.
 */
export interface CodeSetupStartRequest {
  /** A method a registered kind that sends codes declares: `sms`, `call`, `email`, or one of a kind of the host's own. */
  readonly method: string;
  /** For `sms` and `call`: the number as typed (`+31 6 12345678`, or national format when the phone kind has a default region). */
  readonly number?: string;
  /** For `email`: the address; default the user's own (the `userEmail` account option). */
  readonly address?: string;
  /** For a kind of the host's own: its destination, in the field the kind declares (`setup.destination.field`). */
  readonly [field: string]: string | undefined;
}

/** The answer to {@link CodeSetupStartRequest} and {@link SetupResendRequest}: a code is on its way. */
/**
 * `POST <prefix>/api/setup/start` for a kind set up by a browser ceremony
 * (`webauthn`) without `response`: the options to pass to
 * `navigator.credentials.create` (as `@simplewebauthn/browser`'s
 * `startRegistration({ optionsJSON: publicKey })`), with a challenge bound
 * to this session. Post the browser's answer back to the same endpoint as
 * `{ method, response, name? }`: the device is created and this session
 * verified with it (a {@link SetupConfirmResponse}).
 */
export interface CeremonySetupResponse {
  readonly status: 'ceremony';
  readonly method: string;
  /** `PublicKeyCredentialCreationOptionsJSON`. */
  readonly publicKey: Readonly<Record<string, unknown>>;
  /** The name the device gets when none is posted. */
  readonly defaultName: string;
}

export interface CodeSetupResponse {
  readonly status: 'code-sent';
  readonly method: string;
  readonly destination: AccountApiDestination;
  /** Where the code went, in the request's language ("We sent a text message with a code to +31 • ••••••78."). */
  readonly message: string;
  /** The name the device gets unless another is given at confirmation ("Phone ending in 78"). */
  readonly defaultName: string;
  /** When the setup stops being accepted. */
  readonly expiresAt: string;
  /** When a new code may be asked for (`POST <prefix>/api/setup/resend`), or null. */
  readonly nextCodeAt: string | null;
}

/**
 * `POST <prefix>/api/setup/resend` (body `{}`): a new code for the setup by
 * code in progress, within the device's cooldown (429 `cooldown`) and the
 * sending budgets (429 `send_limit`), both with `retryAt` and `Retry-After`;
 * a failed delivery answers 503 `challenge_failed` and may be retried at once.
 */
export type SetupResendRequest = Readonly<Record<string, never>>;

/** The answer to {@link SetupResendRequest}. */
export type SetupResendResponse = CodeSetupResponse;

/** `POST <prefix>/api/setup/cancel` (body `{}`): forgets the setup in progress and removes the unconfirmed device of a setup by code. */
export type SetupCancelRequest = Readonly<Record<string, never>>;

/** The answer to {@link SetupCancelRequest}. */
export interface SetupCancelResponse {
  /** Whether a setup was in progress. */
  readonly cancelled: boolean;
}

