/**
 * The second-factor step shared by the one-page login and the token-only
 * page (django-otp's `clean_otp`): send a challenge, or verify a token, and
 * turn every outcome into a message.
 *
 * A device id is only ever used after `twofold.getDevice(userId, id)` has
 * confirmed that it is this user's confirmed device; anything else (another
 * user's device, a deleted or made-up id) is ignored and the token is tried
 * against the user's own devices with `matchToken`. So a submitted id can
 * neither verify against, nor count a failure on, someone else's device.
 */
import type { Device } from '../../core/types.js';
import type { Message } from '../messages.js';
import type { WebConfig } from '../options.js';
import type { OtpMethod } from '../state.js';
import type { HostUser } from '../user.js';

/** What the user submitted. */
export interface SecondFactorInput {
  /** `challenge` ("Send me a code") or `verify`. */
  readonly action: 'verify' | 'challenge';
  /** The chosen device's persistent id, as submitted (untrusted), or ''. */
  readonly deviceId: string;
  /** The code, as typed. */
  readonly token: string;
}

/** The outcome: verified, or a page to show again with messages. */
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the second-factor step for `userId`. */
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
  const later = (at: Date | null) => {
    const now = twofold.clock();
    const when = at ?? new Date(now + 1000);
    return { relative: t.relative(when, now), time: t.time(when) };
  };

  if (input.action === 'challenge') {
    if (own === null || !own.interactive) return again(400, [t.message('error.notInteractive', {}, 'device')]);
    const result = await twofold.generateChallenge(userId, own.persistentId);
    if (result.ok) return again(200, [], [t.message('notice.challengeSent', { message: result.message })]);
    switch (result.reason) {
      case 'cooldown':
        return again(429, [t.message('error.cooldown', later(result.nextChallengeAt), 'device')]);
      case 'device-unusable':
        return again(500, [t.message('error.deviceUnusable', {}, 'device')]);
      case 'failed':
        config.logger.error(`twofold: sending a code for device ${own.persistentId} failed: ${describe(result.error)}`);
        return again(503, [t.message('error.challengeFailed', {}, 'device')]);
      case 'not-interactive':
      case 'device-not-found':
        return again(400, [t.message('error.notInteractive', {}, 'device')]);
    }
  }

  if (input.token.trim() === '') return again(400, [t.message('error.tokenRequired', {}, 'token')]);
  const result = own !== null ? await twofold.verifyToken(userId, own.persistentId, input.token) : await twofold.matchToken(userId, input.token);
  if (result.ok) return { ok: true, device: result.device, method: own !== null ? 'device' : 'match' };
  switch (result.reason) {
    case 'throttled':
      // Refused before the token was looked at: the message depends only on the device's state.
      return again(429, [
        t.message('error.throttled', { count: result.failureCount, ...later(result.lockedUntil) }, 'token'),
      ]);
    case 'device-unusable':
      return again(500, [t.message('error.deviceUnusable', {}, 'device')]);
    default:
      // Malformed, wrong, replayed, expired, unknown device: one message, so the answer is no oracle.
      return again(401, [t.message('error.invalidToken', {}, 'token')]);
  }
}
