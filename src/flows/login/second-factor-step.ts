/**
 * The second-factor step of a sign-in, for the pages and the JSON API alike:
 * who it is for (the pending sign-in or the signed-in, unverified user), a
 * device's code or a backup code checked against that device only, sending a
 * code, and the remembered browser's shortcut for the verify-only flow.
 */
import type { Device } from '../../core/types.js';
import type { Message } from '../../web/messages.js';
import type { WebConfig } from '../../web/options.js';
import { codeRecipient, type PageContext } from '../../web/pages/context.js';
import type { DeliveryDestination } from '../../web/destination.js';
import { runDeviceStep, type DeviceStepFailure } from '../../web/pages/second-factor.js';
import { otpFactor, sessionTransaction, type PendingLogin, type SessionFactor } from '../../web/state.js';
import { toTwofoldUser, type HostUser, type TwofoldUser } from '../../web/user.js';
import { findRememberedBrowser, recordRememberedBrowserUse, rememberBrowser } from '../remember/service.js';
import type { VerificationFlow } from '../shared/events.js';
import { runCeremonyStep } from './ceremony-step.js';
import { chooseDevice, completeLogin, emitVerified, readPending, rememberServices, type SignInMethods } from './sign-in-session.js';

/** Who the second factor is for. */
export type SecondFactorSubject<User extends HostUser> =
  /** The login wizard: the password was accepted for this user in this session. */
  | { readonly type: 'pending'; readonly pending: PendingLogin; readonly hostUser: User; readonly user: TwofoldUser }
  /** The verify-only flow: the host signed this user in; the session is not verified. */
  | { readonly type: 'session'; readonly user: TwofoldUser };

/** Why there is nobody to verify. */
export type NoSubject =
  /** A pending sign-in ran out (or its user is gone): start again. */
  | 'expired'
  /** Neither a sign-in in progress nor a signed-in user. */
  | 'none'
  /** The signed-in user's session is verified already. */
  | 'verified';

/**
 * Who the second factor of this request is for: the pending sign-in if
 * there is one (the password checked in this session), else the signed-in,
 * unverified user.
 */
export async function secondFactorSubject<User extends HostUser>(
  config: WebConfig<User>,
  context: PageContext<User>,
): Promise<SecondFactorSubject<User> | NoSubject> {
  const { pending, expired } = readPending(config, context);
  if (pending !== null && config.passwordLogin !== null) {
    const found = await config.passwordLogin.loadUser(pending.userId);
    const user = toTwofoldUser(found);
    if (found === null || found === undefined || user?.id !== pending.userId) {
      context.session.delete(config.keys.pending);
      return 'expired';
    }
    return { type: 'pending', pending, hostUser: found, user };
  }
  const user = await context.otp.user();
  if (user === null) return expired ? 'expired' : 'none';
  if (await context.otp.isVerified()) return 'verified';
  return { type: 'session', user };
}

/**
 * What sent codes and ceremony challenges of this step are bound to: the
 * pending sign-in's transaction (or, verify-only, this session's), so that
 * another sign-in of the user cannot use them.
 */
export function stepBinding<User extends HostUser>(config: WebConfig<User>, context: PageContext<User>, subject: SecondFactorSubject<User>): string {
  return (subject.type === 'pending' ? subject.pending.transaction : undefined) ?? sessionTransaction(context.session, config.keys.transaction);
}

/** What the user submitted for the second factor. */
export interface SecondFactorRequest {
  /** `verify` a code, `challenge` (send a code), or `ceremony`: check the browser's answer of a ceremony device (in `token`). */
  readonly action: 'verify' | 'challenge' | 'ceremony';
  /** The chosen device's persistent id as submitted (untrusted), or null for the primary device. */
  readonly deviceId: string | null;
  /** Check the code against the backup codes instead of a device. */
  readonly backupCode: boolean;
  readonly token: string;
  /** Remember this browser (honoured only when the feature is on, and never after a backup code). */
  readonly remember: boolean;
}

/** The outcome of {@link secondFactorStep}. */
export type SecondFactorStepOutcome =
  /** The submitted device is not one of the user's that sign in: nothing was evaluated. */
  | { readonly type: 'unavailable'; readonly error: Message }
  /** The user has no device that can do this (no primary device; or no backup codes). */
  | { readonly type: 'no-device' }
  /** The step failed; `device` is the one that was asked (null for backup codes the user does not have). */
  | { readonly type: 'failed'; readonly device: Device | null; readonly failure: DeviceStepFailure }
  | {
      readonly type: 'sent';
      readonly device: Device;
      /** Where the code went, in the reader's language. */
      readonly notice: Message;
      readonly destination: DeliveryDestination | null;
      readonly nextChallengeAt: Date | null;
    }
  | { readonly type: 'verified'; readonly device: Device; readonly setCookies: readonly string[] };

/**
 * The second factor for `subject`: a code from the chosen device (checked
 * against that device only), a backup code, or sending a code. On success
 * the session is verified with a new id (the wizard also calls the host's
 * `logIn`), the browser is remembered when asked, and `userVerified` fires.
 */
export async function secondFactorStep<User extends HostUser>(
  config: WebConfig<User>,
  context: PageContext<User>,
  request: Request,
  subject: SecondFactorSubject<User>,
  methods: SignInMethods,
  input: SecondFactorRequest,
  flow: VerificationFlow,
): Promise<SecondFactorStepOutcome> {
  const { twofold, translator: t } = config;
  let device: Device;
  if (input.backupCode) {
    if (methods.backupCodes === null) {
      // Said the same way as a wrong code: this step does not tell whether the user has backup codes.
      return { type: 'failed', device: null, failure: invalidCode(config) };
    }
    device = methods.backupCodes;
  } else {
    const chosen = chooseDevice(methods, input.deviceId);
    if (chosen === 'unavailable') return { type: 'unavailable', error: t.message('login.error.deviceNotAvailable') };
    if (chosen === null) return { type: 'no-device' };
    device = chosen;
  }
  const action = input.backupCode ? 'verify' : input.action;
  const binding = stepBinding(config, context, subject);
  const outcome =
    action === 'ceremony'
      ? await runCeremonyStep(config, subject.user.id, device, input.token, binding)
      : await runDeviceStep(config, subject.user.id, { action, device, token: input.token, binding, ...codeRecipient(context) });
  if (!outcome.ok) return { type: 'failed', device, failure: outcome };
  if (outcome.action === 'sent') {
    return { type: 'sent', device: outcome.device, notice: outcome.notice, destination: outcome.destination, nextChallengeAt: outcome.nextChallengeAt };
  }

  const verified = outcome.device;
  const at = twofold.clock();
  if (subject.type === 'pending') {
    const factors: SessionFactor[] = [{ type: 'password', at: subject.pending.at }, otpFactor(verified, 'device', at)];
    await completeLogin(config, context, subject.hostUser, subject.user.id, factors, verified);
  } else {
    await context.otp.login(verified, { method: 'device' });
  }
  const remember = rememberServices(config);
  const setCookies = remember !== null && input.remember && !input.backupCode ? await rememberBrowser(remember, request, subject.user, verified) : [];
  emitVerified(config, request, subject.user, verified, 'device', flow);
  return { type: 'verified', device: verified, setCookies };
}

function invalidCode<User extends HostUser>(config: WebConfig<User>): DeviceStepFailure {
  return { ok: false, code: 'invalid_token', status: 401, error: config.translator.message('error.invalidToken', {}, 'token'), retryAt: null };
}

/**
 * The verify-only flow's shortcut: a remembered browser verifies a signed-in
 * user's session without a code. Returns the `Set-Cookie` values to send
 * (clearing refused cookies) and whether the session is now verified.
 */
export async function verifyWithRememberedBrowser<User extends HostUser>(
  config: WebConfig<User>,
  context: PageContext<User>,
  request: Request,
  user: TwofoldUser,
  flow: VerificationFlow,
): Promise<{ readonly verified: boolean; readonly setCookies: readonly string[] }> {
  const remember = rememberServices(config);
  if (remember === null) return { verified: false, setCookies: [] };
  const lookup = await findRememberedBrowser(remember, request, user);
  if (lookup.match === null) return { verified: false, setCookies: lookup.setCookies };
  await context.otp.login(lookup.match.device, { method: 'remembered-browser' });
  await recordRememberedBrowserUse(remember, request, user, lookup.match);
  emitVerified(config, request, user, lookup.match.device, 'remembered-browser', flow);
  return { verified: true, setCookies: lookup.setCookies };
}
