/**
 * The second-factor step shared by the sign-in flows, pages and JSON alike
 * (django-otp's `clean_otp`, but against one device).
 *
 * {@link runDeviceStep} sends a challenge to, or verifies a code against, the
 * device the user chose, and turns every outcome into a machine-readable
 * code, an HTTP status and a message. The caller resolves the device first,
 * from the session's user only (`twofold.getDevice(userId, id)`): a device
 * id is never trusted, and a code is checked against that one device and
 * counts a failure only there, with no fallback to the user's other devices.
 * The login wizard, the verify-only page and the JSON API use it.
 *
 * {@link runSecondFactor} is the older form for pages with a device list: it
 * resolves the submitted id itself and, when none of the user's devices was
 * chosen, tries the code against all of them (`matchToken`).
 */
import type { Device } from '../../core/types.js';
import { codeSentMessage, deliveryDestination, type DeliveryDestination } from '../destination.js';
import { currentClientAddress } from '../client-address.js';
import { currentLanguage } from '../i18n/scope.js';
import type { Message } from '../messages.js';
import type { WebConfig } from '../options.js';
import type { OtpMethod } from '../state.js';
import type { HostUser } from '../user.js';

/** What the user asked for, with the device already resolved to one of theirs. */
export interface DeviceStepInput {
  /** `challenge` ("Send me a code") or `verify`. */
  readonly action: 'verify' | 'challenge';
  /** The user's confirmed device chosen for this step. */
  readonly device: Device;
  /** The code, as typed (ignored for `challenge`). */
  readonly token: string;
  /**
   * The language of the message sent (BCP 47), for the text message, e-mail
   * or call: twofold's pages pass the reader's (`codeRecipient(context)`).
   * Default: the host's `withLanguage` scope's, else the kind's own.
   */
  readonly language?: string;
  /**
   * Who is asking, for the `client` sending budgets (an IP address):
   * twofold's pages pass the address the framework adapter gave. Default:
   * the host's `withClientAddress` scope's, else none.
   */
  readonly client?: string;
  /** The transaction sent codes are bound to (the pending sign-in's id, the session's for step-up). */
  readonly binding?: string;
}

/** Why the step failed, for programs (the JSON API's `error`). */
export type DeviceStepErrorCode =
  /** No code was entered (400). */
  | 'token_required'
  /** Wrong, malformed, used or expired: one answer, so that it is no oracle (401). */
  | 'invalid_token'
  /** The device is backing off after failed attempts; the code was not looked at (429). */
  | 'throttled'
  /** The device's stored data cannot be used (500; logged by the core). */
  | 'device_unusable'
  /** "Send me a code" for a device that shows its own codes (400). */
  | 'not_interactive'
  /** A code was sent a moment ago (429). */
  | 'cooldown'
  /** Too many codes were sent to this user, number or site lately (429). */
  | 'send_limit'
  /** Sending failed (503; details logged). */
  | 'challenge_failed';

/** A failed step: the page (or JSON answer) to give back. */
export interface DeviceStepFailure {
  readonly ok: false;
  readonly code: DeviceStepErrorCode;
  /** HTTP status: 400, 401, 429, 500 or 503. */
  readonly status: number;
  readonly error: Message;
  /** When trying again makes sense (throttled, cooldown, send limit), or null. */
  readonly retryAt: Date | null;
}

/** The outcome of {@link runDeviceStep}. */
export type DeviceStepOutcome =
  | { readonly ok: true; readonly action: 'verified'; readonly device: Device }
  | {
      readonly ok: true;
      readonly action: 'sent';
      readonly device: Device;
      /** Where the code went, in the reader's language ("We sent a text message with a code to +31 • ••••••78."). */
      readonly notice: Message;
      /** The channel and the masked number or address (see `web/destination.ts`). */
      readonly destination: DeliveryDestination | null;
      /** When the next code may be asked for, or null. */
      readonly nextChallengeAt: Date | null;
    }
  | DeviceStepFailure;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Seconds until `at` for a `Retry-After` header: whole seconds, rounded up, at least 1. */
export function retryAfterSeconds(at: Date, now: number): number {
  return Math.max(1, Math.ceil((at.getTime() - now) / 1000));
}

/** Adds `Retry-After` to a 429 (or 503) answer when trying again makes sense at a known time. */
export function withRetryAfter(response: Response, retryAt: Date | null, now: number): Response {
  if (retryAt !== null) response.headers.set('Retry-After', String(retryAfterSeconds(retryAt, now)));
  return response;
}

/** Runs the second-factor step for `userId` with the device the user chose. */
export async function runDeviceStep<User extends HostUser>(
  config: WebConfig<User>,
  userId: string,
  input: DeviceStepInput,
): Promise<DeviceStepOutcome> {
  const { twofold, translator: t } = config;
  const { device } = input;
  const fail = (code: DeviceStepErrorCode, status: number, error: Message, retryAt: Date | null = null): DeviceStepFailure => ({
    ok: false,
    code,
    status,
    error,
    retryAt,
  });
  const later = (at: Date | null) => {
    const now = twofold.clock();
    const when = at ?? new Date(now + 1000);
    return { when, params: { relative: t.relative(when, now), time: t.time(when) } };
  };
  // The page counts such a message down to `when`.
  const until = (error: Message, when: Date, params: { readonly relative: string; readonly time: string }): Message => ({ ...error, until: { at: when, ...params } });

  if (input.action === 'challenge') {
    if (!device.interactive) return fail('not_interactive', 400, t.message('error.notInteractive'));
    const language = input.language ?? currentLanguage();
    const client = input.client ?? currentClientAddress();
    const result = await twofold.generateChallenge(userId, device.persistentId, {
      ...(language === undefined ? {} : { language }),
      ...(client === undefined ? {} : { client }),
      ...(input.binding === undefined ? {} : { binding: input.binding }),
    });
    if (result.ok) {
      // The kind's own message is English; the page says it in the reader's language from the channel and the masked destination.
      const destination = await deliveryDestination(twofold, result.device);
      return {
        ok: true,
        action: 'sent',
        device: result.device,
        notice: codeSentMessage(t, destination, result.device.name),
        destination,
        nextChallengeAt: result.nextChallengeAt,
      };
    }
    switch (result.reason) {
      case 'cooldown': {
        const { when, params } = later(result.nextChallengeAt);
        return fail('cooldown', 429, until(t.message('error.cooldown', params), when, params), when);
      }
      case 'budget-exhausted': {
        const { when, params } = later(result.nextChallengeAt);
        return fail('send_limit', 429, until(t.message('login.error.sendLimit', params), when, params), when);
      }
      case 'device-unusable':
        return fail('device_unusable', 500, t.message('error.deviceUnusable'));
      case 'failed':
        config.logger.error(`twofold: sending a code for device ${device.persistentId} failed: ${describe(result.error)}`);
        return fail('challenge_failed', 503, t.message('error.challengeFailed'));
      case 'not-interactive':
      case 'device-not-found':
        return fail('not_interactive', 400, t.message('error.notInteractive'));
    }
  }

  if (input.token.trim() === '') return fail('token_required', 400, t.message('error.tokenRequired', {}, 'token'));
  // The device as the caller just read it: verifyToken uses that record rather than reading it again.
  const result = await twofold.verifyToken(userId, device.persistentId, input.token, { known: device, ...(input.binding === undefined ? {} : { binding: input.binding }) });
  if (result.ok) return { ok: true, action: 'verified', device: result.device };
  switch (result.reason) {
    case 'throttled': {
      // Refused before the code was looked at: the answer depends only on the device's state.
      const { when, params } = later(result.lockedUntil);
      return fail('throttled', 429, until(t.message('error.throttled', { count: result.failureCount, ...params }, 'token'), when, params), when);
    }
    case 'device-unusable':
      return fail('device_unusable', 500, t.message('error.deviceUnusable'));
    default:
      // Malformed, wrong, replayed, expired, or a device removed meanwhile: one message, so the answer is no oracle.
      return fail('invalid_token', 401, t.message('error.invalidToken', {}, 'token'));
  }
}

/** What the user submitted on a page with a device list. */
export interface SecondFactorInput {
  /** `challenge` ("Send me a code") or `verify`. */
  readonly action: 'verify' | 'challenge';
  /** The chosen device's persistent id, as submitted (untrusted), or ''. */
  readonly deviceId: string;
  /** The code, as typed. */
  readonly token: string;
  /** The transaction sent codes are bound to (see {@link DeviceStepInput.binding}). */
  readonly binding?: string;
  /** The language of a code sent (see {@link DeviceStepInput.language}). */
  readonly language?: string;
  /** The client's address for the sending budgets (see {@link DeviceStepInput.client}). */
  readonly client?: string;
}

/** The outcome of {@link runSecondFactor}: verified, or a page to show again with messages. */
export type SecondFactorOutcome =
  | { readonly ok: true; readonly device: Device; readonly method: OtpMethod }
  | {
      readonly ok: false;
      /** HTTP status of the page shown again: 200 (code sent), 400, 401, 429 (throttled, cooldown), 500, 503. */
      readonly status: number;
      readonly errors: readonly Message[];
      readonly notices: readonly Message[];
      /** The device to keep selected: the submitted one if it is the user's, else null. */
      readonly selected: string | null;
    };

/**
 * The second-factor step of a page with a device list. A submitted id is
 * used only when it is the user's confirmed device; otherwise a challenge is
 * refused and a code is tried against all the user's confirmed devices
 * (`matchToken`, `method: 'match'`), so another user's device is never
 * touched.
 */
export async function runSecondFactor<User extends HostUser>(
  config: WebConfig<User>,
  userId: string,
  input: SecondFactorInput,
): Promise<SecondFactorOutcome> {
  const { twofold, translator: t } = config;
  const submitted = input.deviceId === '' ? null : await twofold.getDevice(userId, input.deviceId);
  const own = submitted !== null && submitted.confirmed ? submitted : null;
  const selected = own?.persistentId ?? null;
  const again = (status: number, errors: readonly Message[], notices: readonly Message[] = []): SecondFactorOutcome => ({
    ok: false,
    status,
    errors,
    notices,
    selected,
  });
  if (own !== null) {
    const outcome = await runDeviceStep(config, userId, {
      action: input.action,
      device: own,
      token: input.token,
      ...(input.binding === undefined ? {} : { binding: input.binding }),
      ...(input.language === undefined ? {} : { language: input.language }),
      ...(input.client === undefined ? {} : { client: input.client }),
    });
    if (!outcome.ok) return again(outcome.status, [withDeviceField(outcome.error, outcome.code)]);
    if (outcome.action === 'sent') return again(200, [], [outcome.notice]);
    return { ok: true, device: outcome.device, method: 'device' };
  }
  if (input.action === 'challenge') return again(400, [t.message('error.notInteractive', {}, 'device')]);
  if (input.token.trim() === '') return again(400, [t.message('error.tokenRequired', {}, 'token')]);
  const result = await twofold.matchToken(userId, input.token, input.binding === undefined ? {} : { binding: input.binding });
  if (result.ok) return { ok: true, device: result.device, method: 'match' };
  if (result.reason === 'throttled') {
    const now = twofold.clock();
    const when = result.lockedUntil ?? new Date(now + 1000);
    const params = { relative: t.relative(when, now), time: t.time(when) };
    return again(429, [{ ...t.message('error.throttled', { count: result.failureCount, ...params }, 'token'), until: { at: when, ...params } }]);
  }
  if (result.reason === 'device-unusable') return again(500, [t.message('error.deviceUnusable', {}, 'device')]);
  return again(401, [t.message('error.invalidToken', {}, 'token')]);
}

// On a page with a device list, errors about the device point at the list.
function withDeviceField(error: Message, code: DeviceStepErrorCode): Message {
  if (error.field !== undefined) return error;
  const aboutDevice: readonly DeviceStepErrorCode[] = ['not_interactive', 'cooldown', 'send_limit', 'challenge_failed', 'device_unusable'];
  return aboutDevice.includes(code) ? { ...error, field: 'device' } : error;
}
