/**
 * The JSON API's bodies of the sign-in endpoints (`/api/session`,
 * `/api/login...`, `/api/logout`), and the shapes every endpoint shares
 * (errors, users, factors, devices). See `types.ts` for the conventions.
 */
import type { DeliveryChannel } from '../../web/destination.js';
import type { DeviceStepErrorCode } from '../../web/pages/second-factor.js';
import type { OtpMethod } from '../../web/state.js';

/** An error answer. */
export interface ApiError<Code extends string = string> {
  /** Stable, machine-readable. */
  readonly error: Code;
  /** The sentence the pages would show, in the configured language. */
  readonly message: string;
  /** With 429: when trying again makes sense (also in the `Retry-After` header). */
  readonly retryAt?: string;
}

/** Errors every JSON endpoint may answer. */
export type ApiRequestErrorCode =
  /** 415: the body is not `application/json`. */
  | 'unsupported_media_type'
  /** 400: the body is not a JSON object of the documented shape. */
  | 'bad_request'
  /** 413 */
  | 'too_large'
  /** 403: missing or wrong `X-CSRF-Token`, or a cross-site request. */
  | 'csrf';

/** A user as the API shows them. */
export interface ApiUser {
  readonly id: string;
  readonly username: string | null;
}

/** A factor recorded in the session. */
export type ApiFactor =
  | { readonly type: 'password'; readonly at: string }
  | {
      readonly type: 'otp';
      /** The device's kind, e.g. `totp`. */
      readonly kind: string;
      /** The device's persistent id. */
      readonly device: string;
      /** `remembered-browser` when a remember cookie stood in for the device: not a fresh code. */
      readonly method: OtpMethod;
      readonly at: string;
    };

/** One of the user's devices, as offered at sign-in. */
export interface ApiDevice {
  /** The persistent id: pass it back as `device`. */
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  /** Whether it sends codes (`POST <prefix>/api/login/challenge`). */
  readonly interactive: boolean;
  /** Whether it is the user's primary device (asked first). */
  readonly primary: boolean;
  /** For a device that sends codes: where they go. Null for one that shows its own codes. */
  readonly delivery: ApiDelivery | null;
  /**
   * For a device used by a browser ceremony (a security key or passkey):
   * `POST <prefix>/api/login/challenge` with it answers a
   * {@link LoginCeremonyResponse}, and `verify` takes the browser's answer
   * as `response` instead of a `code`.
   */
  readonly ceremony?: boolean;
}

/**
 * `POST <prefix>/api/login/challenge` for a ceremony device: the options for
 * `navigator.credentials.get` (as `@simplewebauthn/browser`'s
 * `startAuthentication({ optionsJSON: publicKey })`), naming all of the
 * user's keys, with a challenge bound to this sign-in. Then `POST
 * <prefix>/api/login/verify` with `{ device, response }`.
 */
export interface LoginCeremonyResponse {
  readonly status: 'ceremony';
  readonly device: ApiDevice;
  /** `PublicKeyCredentialRequestOptionsJSON`. */
  readonly publicKey: Readonly<Record<string, unknown>>;
}

/** Where a device's codes go (sign-in). */
export interface ApiDelivery {
  /** `sms`, `call`, `email`, or `other` for kinds of the host's own. */
  readonly channel: DeliveryChannel;
  /** The number or address as the kind masks it (`+31 • ••••••78`, `a•••e@example.org`), or null when the kind does not say. */
  readonly destination: string | null;
}

/**
 * The code sent right after the password when the primary device sends
 * codes: `sent`, or why not (the sign-in goes on either way: ask again
 * with `POST <prefix>/api/login/challenge`).
 */
export type ApiFirstCode =
  | {
      readonly status: 'code-sent';
      /** The device's persistent id (the primary one). */
      readonly device: string;
      /** Where the code went, in the request's language ("We sent a text message with a code to +31 • ••••••78."). */
      readonly message: string;
      /** When another code may be asked for, or null. */
      readonly nextChallengeAt: string | null;
    }
  | {
      readonly status: 'not-sent';
      readonly device: string;
      /** `cooldown` (a code went out moments ago), `send_limit`, `challenge_failed`, `device_unusable`. */
      readonly error: DeviceStepErrorCode;
      /** The sentence the page would show. */
      readonly message: string;
      /** When asking again makes sense, or null (now, for a failed delivery). */
      readonly nextChallengeAt: string | null;
    };

/** A sign-in between the password and the second factor. */
export interface ApiPendingLogin {
  readonly username: string;
  /** When the password was accepted. */
  readonly startedAt: string;
  /** When the password step runs out (`pendingLoginSeconds`), or null when it never does. */
  readonly expiresAt: string | null;
}

/** `GET <prefix>/api/session`: who is signed in, how, and the CSRF token for the other endpoints. */
export interface SessionResponse {
  /** The signed-in user, or null (also during a sign-in waiting for its code). */
  readonly user: ApiUser | null;
  /** Whether the session passed a second factor with a device that is still the user's. */
  readonly verified: boolean;
  /** The factors recorded for the user in this session, oldest first. */
  readonly factors: readonly ApiFactor[];
  /** A sign-in waiting for its second factor in this session, or null. */
  readonly pendingLogin: ApiPendingLogin | null;
  /** Whether the policy requires this signed-in user to set up two-factor authentication before anything else. */
  readonly setupRequired: boolean;
  /** Send it as `X-CSRF-Token` with every POST. It changes whenever the session's authentication changes: fetch it again then. */
  readonly csrfToken: string;
}

/** `POST <prefix>/api/login` */
export interface LoginRequest {
  readonly username: string;
  readonly password: string;
}

/** Every factor is done: the session is signed in. */
export interface SignedInResponse {
  readonly status: 'signed-in';
  readonly user: ApiUser;
  /** False for a user without two-factor authentication (password only). */
  readonly verified: boolean;
  readonly factors: readonly ApiFactor[];
  /** The session's new CSRF token (the session id and token were rotated). */
  readonly csrfToken: string;
}

/** The password was right; a second factor is needed (`POST <prefix>/api/login/verify`). */
export interface SecondFactorRequiredResponse {
  readonly status: 'second-factor-required';
  /** All the user's devices that can sign in (backup codes excluded), primary first. */
  readonly devices: readonly ApiDevice[];
  /** The device to ask first, or null when the user has only backup codes. */
  readonly primary: ApiDevice | null;
  /** The other devices. */
  readonly otherMethods: readonly ApiDevice[];
  /** Whether the user has backup codes (`{ backupCode: true }`); how many are left is not told before success. */
  readonly backupCodes: boolean;
  /** Whether `remember: true` is accepted, and for how long a browser would be remembered. */
  readonly remember: { readonly available: boolean; readonly ageSeconds: number | null };
  /** When the password step runs out, or null when it never does. */
  readonly pendingExpiresAt: string | null;
  /** The code sent at once to a primary device that sends codes; null when the primary device shows its own (or there is none). */
  readonly firstCode: ApiFirstCode | null;
  /** The session's new CSRF token. */
  readonly csrfToken: string;
}

/** Signed in with the password, but the policy requires setting up two-factor authentication first. */
export interface SetupRequiredResponse {
  readonly status: 'setup-required';
  readonly user: ApiUser;
  /** The setup wizard's page (carrying `next` when one was given). */
  readonly setupUrl: string;
  readonly csrfToken: string;
}

/** The answer of `POST <prefix>/api/login` (200). */
export type LoginResponse = SignedInResponse | SecondFactorRequiredResponse | SetupRequiredResponse;

/**
 * `POST <prefix>/api/login/verify`: the second factor, for the sign-in in
 * progress or, without one, for the signed-in but unverified user
 * (verify-only). Without `device` the primary device is used.
 */
export interface LoginVerifyRequest {
  /** The code (or backup code). */
  readonly code: string;
  /** The device's persistent id (default: the primary device). */
  readonly device?: string;
  /** Check `code` as a backup code (ignores `device`). */
  readonly backupCode?: boolean;
  /** Remember this browser (only when `remember.available`; never after a backup code). */
  readonly remember?: boolean;
}

/** The answer of `POST <prefix>/api/login/verify` (200). */
export type LoginVerifyResponse = SignedInResponse;

/** `POST <prefix>/api/login/challenge`: send a code to an interactive device. */
export interface LoginChallengeRequest {
  /** The device's persistent id (default: the primary device). */
  readonly device?: string;
}

/** The answer of `POST <prefix>/api/login/challenge` (200). */
export interface LoginChallengeResponse {
  readonly status: 'code-sent';
  readonly device: ApiDevice;
  /** Where the code went, in the request's language ("We sent an e-mail with a code to a•••e@example.org."); `device.delivery` has the parts. */
  readonly message: string;
  /** When another code may be asked for, or null. */
  readonly nextChallengeAt: string | null;
}

/** The answer of `POST <prefix>/api/login/cancel` (200): the sign-in in progress is forgotten. */
export interface LoginCancelResponse {
  readonly status: 'cancelled';
  readonly csrfToken: string;
}

/** The answer of `POST <prefix>/api/logout` (200): the host's login and twofold's state are gone, with a new session id. */
export interface LogoutResponse {
  readonly status: 'signed-out';
  readonly csrfToken: string;
}

/** Errors of the sign-in endpoints. */
export type LoginApiErrorCode =
  | ApiRequestErrorCode
  /** 400: username or password missing. */
  | 'credentials_required'
  /** 401: the same answer whether or not the user exists. */
  | 'bad_credentials'
  /** 400: the password step ran out (`pendingLoginSeconds`): start again. */
  | 'pending_expired'
  /** 400: no sign-in in progress, and nobody signed in. */
  | 'no_login_in_progress'
  /** 400: the device is not one of the user's (or not one that signs in). */
  | 'device_not_available'
  /** 403: the signed-in user must set up two-factor authentication first (the policy), and has no device yet. */
  | 'setup_required'
  | DeviceStepErrorCode;

/** An error of the sign-in endpoints. */
export type LoginApiError = ApiError<LoginApiErrorCode>;
