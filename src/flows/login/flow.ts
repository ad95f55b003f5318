/**
 * The sign-in steps, once, for the pages and the JSON API alike: the
 * password step, the second factor (a device's code, a backup code, or a
 * remembered browser), and what each leaves in the session. The pages and
 * the API only turn the outcomes into HTML or JSON.
 *
 * The state machine lives in the session and nowhere else:
 *
 * - no marker: the password step is next (a code posted now is refused);
 * - `pending` = `{ userId, username, at }` after a correct password (never
 *   the password, never a device, never a step the client could change),
 *   valid for `pendingLoginSeconds` (0: no limit), in a session whose id was
 *   rotated when it was created;
 * - done: the marker is removed, the session id rotated again, the host's
 *   `logIn` called and the factors recorded.
 *
 * The device of the second factor comes from the request but is looked up
 * among the pending user's own confirmed devices only; anything else is
 * refused before any code is looked at, so another user's device is never
 * touched.
 */
import type { Device } from '../../core/types.js';
import { BACKUP_CODES_KIND_NAME, remainingBackupCodes, type BackupCodesState } from '../../devices/backup-codes/kind.js';
import type { Message } from '../../web/messages.js';
import type { WebConfig } from '../../web/options.js';
import type { PageContext } from '../../web/pages/context.js';
import type { DeliveryDestination } from '../../web/destination.js';
import { runDeviceStep, type DeviceStepFailure, type DeviceStepOutcome } from '../../web/pages/second-factor.js';
import {
  newTransactionId,
  otpFactor,
  parsePendingLogin,
  serializePendingLogin,
  sessionTransaction,
  serializeSessionState,
  type OtpMethod,
  type PendingLogin,
  type SessionFactor,
} from '../../web/state.js';
import { requireTwofoldUser, toTwofoldUser, type HostUser, type TwofoldUser } from '../../web/user.js';
import { devicesByPreference } from '../shared/primary.js';
import { setupRequired } from '../policy/index.js';
import { findRememberedBrowser, recordRememberedBrowserUse, rememberBrowser, type RememberServices } from '../remember/service.js';
import { summarizeRequest, type VerificationFlow } from '../shared/events.js';

/** Longest username passed to `verifyPassword`. */
export const MAX_USERNAME_LENGTH = 256;
/** Longest password passed to `verifyPassword`. */
export const MAX_PASSWORD_LENGTH = 1024;

/** A user's ways to pass the second factor, in the order a sign-in offers them. */
export interface SignInMethods {
  /** The device asked first, or null when the user has only backup codes (or nothing). */
  readonly primary: Device | null;
  /** The user's other devices that can sign in (not backup codes). */
  readonly others: readonly Device[];
  /** The backup-codes device, or null. */
  readonly backupCodes: Device | null;
}

/** Whether the user has any second factor at all. */
export function hasSecondFactor(methods: SignInMethods): boolean {
  return methods.primary !== null || methods.backupCodes !== null;
}

/** The user's confirmed devices of registered kinds, primary first (see `flows/shared/primary.ts`). */
export async function signInMethods<User extends HostUser>(config: WebConfig<User>, userId: string): Promise<SignInMethods> {
  const { primary, others, backupCodes } = await devicesByPreference(config.twofold, userId);
  return { primary, others, backupCodes: backupCodes.find((device) => device.kind === BACKUP_CODES_KIND_NAME) ?? backupCodes[0] ?? null };
}

/**
 * The device a token step asks for: the primary one when nothing was chosen,
 * the chosen one when it is among the user's devices that sign in, and
 * `unavailable` otherwise (another user's device, a made-up or removed id,
 * backup codes, an unconfirmed device). Never trusts the submitted id.
 */
export function chooseDevice(methods: SignInMethods, submitted: string | null): Device | null | 'unavailable' {
  if (submitted === null || submitted === '') return methods.primary;
  const found = [methods.primary, ...methods.others].find((device) => device !== null && device.persistentId === submitted);
  return found ?? 'unavailable';
}

/**
 * The pending sign-in of this session, and whether one just ran out. A
 * marker that ran out (or is malformed) is removed, unless `peek` is set:
 * a read-only look (the session endpoint) must not swallow the "took too
 * long" of the next step.
 */
export function readPending<User extends HostUser>(
  config: WebConfig<User>,
  context: PageContext<User>,
  peek = false,
): { readonly pending: PendingLogin | null; readonly expired: boolean } {
  const raw = context.session.get(config.keys.pending);
  if (raw === undefined) return { pending: null, expired: false };
  const pending = parsePendingLogin(raw);
  const now = config.twofold.clock();
  if (pending === null || now < pending.at || (config.pendingLoginMs > 0 && now - pending.at >= config.pendingLoginMs)) {
    if (!peek) context.session.delete(config.keys.pending);
    return { pending: null, expired: true };
  }
  return { pending, expired: false };
}

/** When a pending sign-in runs out, or null when it never does. */
export function pendingExpiresAt<User extends HostUser>(config: WebConfig<User>, pending: PendingLogin): Date | null {
  return config.pendingLoginMs === 0 ? null : new Date(pending.at + config.pendingLoginMs);
}

/** Forgets the sign-in in progress, in a new session (the old id learned nothing worth keeping). */
export async function cancelPending<User extends HostUser>(config: WebConfig<User>, context: PageContext<User>): Promise<void> {
  context.session.delete(config.keys.pending);
  await context.session.regenerate([]);
}

function rememberServices<User extends HostUser>(config: WebConfig<User>): RememberServices | null {
  return config.remember === null ? null : { twofold: config.twofold, remember: config.remember, events: config.events, logger: config.logger };
}

/** Every factor passed: a fresh session, the host's login, then twofold's record of how. */
async function completeLogin<User extends HostUser>(
  config: WebConfig<User>,
  context: PageContext<User>,
  hostUser: User,
  userId: string,
  factors: readonly SessionFactor[],
): Promise<void> {
  await context.session.regenerate([]);
  await context.logIn(hostUser);
  // Written after logIn: hosts such as Passport >= 0.6 regenerate the session inside logIn and drop what was there.
  context.session.set(config.keys.state, serializeSessionState({ userId, factors }));
  context.otp.refresh();
}

function emitVerified<User extends HostUser>(
  config: WebConfig<User>,
  request: Request,
  user: TwofoldUser,
  device: Device,
  method: OtpMethod,
  flow: VerificationFlow,
): void {
  const backupCodesRemaining =
    device.kind === BACKUP_CODES_KIND_NAME && Array.isArray(device.state.codes) ? remainingBackupCodes(device as Device<BackupCodesState>) : null;
  config.events.emit('userVerified', {
    user,
    device,
    method,
    flow,
    backupCodesRemaining,
    at: new Date(config.twofold.clock()),
    request: summarizeRequest(request),
  });
}

/** The outcome of the password step. */
export type PasswordStepOutcome =
  | {
      readonly type: 'refused';
      readonly code: 'credentials_required' | 'bad_credentials';
      readonly status: 400 | 401;
      readonly error: Message;
      /** The username to show again (truncated), never the password. */
      readonly username: string;
    }
  /** Signed in: without a device (password only), or with a remembered browser. */
  | { readonly type: 'signed-in'; readonly user: TwofoldUser; readonly setCookies: readonly string[] }
  /** Signed in with the password only; the policy requires setting up a device before anything else. */
  | { readonly type: 'setup-required'; readonly user: TwofoldUser; readonly setCookies: readonly string[] }
  /** The password is right; the session now holds the pending marker. */
  | {
      readonly type: 'second-factor';
      readonly pending: PendingLogin;
      readonly user: TwofoldUser;
      readonly methods: SignInMethods;
      readonly setCookies: readonly string[];
      /**
       * When the primary device sends codes: the code sent to it right away
       * (`sent`, or why not: cooldown, a spent budget, a failed delivery).
       * Null when it shows its own codes, or the user has only backup codes.
       */
      readonly firstCode: DeviceStepOutcome | null;
    };

/**
 * The password step. Any sign-in in progress is forgotten first; a wrong
 * password leaves nothing behind. A correct one either signs the user in
 * (no device; or a remembered browser) or starts the second factor, and
 * then sends a code at once when the primary device is one that sends
 * codes (this runs on the POST of the password only: showing a page never
 * sends anything).
 */
export async function passwordStep<User extends HostUser>(
  config: WebConfig<User>,
  context: PageContext<User>,
  request: Request,
  input: { readonly username: string; readonly password: string },
  flow: VerificationFlow,
): Promise<PasswordStepOutcome> {
  const { twofold, translator: t } = config;
  const passwordLogin = config.passwordLogin;
  const shown = input.username.slice(0, MAX_USERNAME_LENGTH);
  const previous = parsePendingLogin(context.session.get(config.keys.pending));
  context.session.delete(config.keys.pending);
  if (passwordLogin === null || input.username === '' || input.password === '') {
    return {
      type: 'refused',
      code: 'credentials_required',
      status: 400,
      error: t.message('error.credentialsRequired', {}, input.username === '' ? 'username' : 'password'),
      username: shown,
    };
  }
  const found =
    input.username.length > MAX_USERNAME_LENGTH || input.password.length > MAX_PASSWORD_LENGTH
      ? null
      : await passwordLogin.verifyPassword(input.username, input.password);
  if (found === null || found === undefined) {
    return { type: 'refused', code: 'bad_credentials', status: 401, error: t.message('error.badCredentials', {}, 'username'), username: shown };
  }
  const user = requireTwofoldUser(found);
  const passwordAt = twofold.clock();
  const password: SessionFactor = { type: 'password', at: passwordAt };
  const methods = await signInMethods(config, user.id);

  if (!hasSecondFactor(methods)) {
    const required = await setupRequired(twofold, config.requireTwoFactor, user);
    await completeLogin(config, context, found, user.id, [password]);
    return { type: required ? 'setup-required' : 'signed-in', user, setCookies: [] };
  }

  const remember = rememberServices(config);
  let setCookies: readonly string[] = [];
  if (remember !== null) {
    const lookup = await findRememberedBrowser(remember, request, user);
    setCookies = lookup.setCookies;
    if (lookup.match !== null) {
      const { device } = lookup.match;
      await completeLogin(config, context, found, user.id, [password, otpFactor(device, 'remembered-browser', twofold.clock())]);
      await recordRememberedBrowserUse(remember, request, user, lookup.match);
      emitVerified(config, request, user, device, 'remembered-browser', flow);
      return { type: 'signed-in', user, setCookies };
    }
  }

  // The password is right but a second factor is still needed: rotate the id (the session now proves something) and keep only that.
  // Codes sent for this sign-in are bound to it: a parallel sign-in of the same user cannot use them.
  // Started over in the same session (same browser, same user), it stays the same transaction, so a code already sent still works.
  const transaction = previous?.userId === user.id && previous.transaction !== undefined ? previous.transaction : newTransactionId();
  const pending: PendingLogin = { userId: user.id, username: user.username ?? input.username.slice(0, MAX_USERNAME_LENGTH), at: passwordAt, transaction };
  await context.session.regenerate([]);
  context.session.set(config.keys.pending, serializePendingLogin(pending));
  const { primary } = methods;
  const firstCode =
    primary?.interactive === true
      ? await runDeviceStep(config, user.id, { action: 'challenge', device: primary, token: '', binding: transaction })
      : null;
  return { type: 'second-factor', pending, user, methods, setCookies, firstCode };
}

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

/** What the user submitted for the second factor. */
export interface SecondFactorRequest {
  /** `verify` a code, or `challenge` (send a code). */
  readonly action: 'verify' | 'challenge';
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
  // Codes are bound to this sign-in (or, verify-only, to this session): another sign-in of the user cannot use them.
  const binding = (subject.type === 'pending' ? subject.pending.transaction : undefined) ?? sessionTransaction(context.session, config.keys.transaction);
  const outcome = await runDeviceStep(config, subject.user.id, { action, device, token: input.token, binding });
  if (!outcome.ok) return { type: 'failed', device, failure: outcome };
  if (outcome.action === 'sent') {
    return { type: 'sent', device: outcome.device, notice: outcome.notice, destination: outcome.destination, nextChallengeAt: outcome.nextChallengeAt };
  }

  const verified = outcome.device;
  const at = twofold.clock();
  if (subject.type === 'pending') {
    const factors: SessionFactor[] = [{ type: 'password', at: subject.pending.at }, otpFactor(verified, 'device', at)];
    await completeLogin(config, context, subject.hostUser, subject.user.id, factors);
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

/** Adds `Set-Cookie` values to a response. */
export function withCookies(response: Response, setCookies: readonly string[]): Response {
  for (const cookie of setCookies) response.headers.append('Set-Cookie', cookie);
  return response;
}
