/**
 * What the sign-in steps share: the user's ways to pass the second factor,
 * the pending sign-in marker in the session, and finishing a sign-in (a fresh
 * session, the host's login, the `userVerified` event). The steps themselves
 * are in `password-step.ts` and `second-factor-step.ts`; `flow.ts` describes
 * the state machine.
 */
import type { Device } from '../../core/types.js';
import { recoveryKind, remainingOnList } from '../../devices/presentation.js';
import type { WebConfig } from '../../web/options.js';
import type { PageContext } from '../../web/pages/context.js';
import { parsePendingLogin, serializeSessionState, type OtpMethod, type PendingLogin, type SessionFactor } from '../../web/state.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { devicesByPreference } from '../shared/primary.js';
import type { RememberServices } from '../remember/service.js';
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
  // The recovery kind's device (backup codes) first, should another fallback kind be registered beside it.
  const recovery = recoveryKind(config.twofold)?.kind.name;
  return { primary, others, backupCodes: backupCodes.find((device) => device.kind === recovery) ?? backupCodes[0] ?? null };
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

/** The remembered-browser services, or null when the feature is off. */
export function rememberServices<User extends HostUser>(config: WebConfig<User>): RememberServices | null {
  return config.remember === null ? null : { twofold: config.twofold, remember: config.remember, events: config.events, logger: config.logger };
}

/**
 * Every factor passed: a fresh session, the host's login, then twofold's
 * record of how. `verified`: the device twofold verified in this request, if
 * any, so that answering "is this session verified" needs no read.
 */
export async function completeLogin<User extends HostUser>(
  config: WebConfig<User>,
  context: PageContext<User>,
  hostUser: User,
  userId: string,
  factors: readonly SessionFactor[],
  verified?: Device,
): Promise<void> {
  await context.session.regenerate([]);
  await context.logIn(hostUser);
  // Written after logIn: hosts such as Passport >= 0.6 regenerate the session inside logIn and drop what was there.
  context.session.set(config.keys.state, serializeSessionState({ userId, factors }));
  context.otp.refresh(verified === undefined ? [] : [verified]);
}

/** Tells the host's listeners that `user` passed the second factor with `device`. */
export function emitVerified<User extends HostUser>(
  config: WebConfig<User>,
  request: Request,
  user: TwofoldUser,
  device: Device,
  method: OtpMethod,
  flow: VerificationFlow,
): void {
  if (!config.events.listening('userVerified')) return;
  const backupCodesRemaining = remainingOnList(config.twofold, device);
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

/** Adds `Set-Cookie` values to a response. */
export function withCookies(response: Response, setCookies: readonly string[]): Response {
  for (const cookie of setCookies) response.headers.append('Set-Cookie', cookie);
  return response;
}
