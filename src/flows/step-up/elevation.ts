/**
 * Changing what the session proves, outside the sign-in: the password asked
 * again on the step-up page (checked with the host's `verifyPassword`,
 * throttled per user), and "lock", which drops the elevation and keeps who
 * the user is. Every change rotates the session id and the CSRF token, like
 * a sign-in: a token or an id seen before the change is useless after it.
 */
import { createHash } from 'node:crypto';
import type { SendLimit } from '../../core/types.js';
import type { WebConfig } from '../../web/options.js';
import type { PageContext } from '../../web/pages/context.js';
import { appendFactor, serializeSessionState, type SessionFactor } from '../../web/state.js';
import { toTwofoldUser, type HostUser, type TwofoldUser } from '../../web/user.js';
import { MAX_PASSWORD_LENGTH } from '../login/sign-in-session.js';

/**
 * Password attempts on the step-up page, per user, counted in the store so
 * that every process and every session of the user share them: a stolen
 * session cookie must not become a password-guessing oracle. Attempts count
 * whether right or wrong (the store's sliding windows cannot be peeked at);
 * a user who gets it right is not asked again for the requirement's window.
 */
export const STEP_UP_PASSWORD_LIMITS: readonly { readonly limit: number; readonly windowMs: number }[] = [
  { limit: 5, windowMs: 15 * 60_000 },
  { limit: 20, windowMs: 24 * 3600_000 },
];

/** The outcome of a password entered on the step-up page. */
export type PasswordAttempt =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'invalid-password' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAt: number };

// The budget key: a hash, so that the store holds neither the user id as such nor anything longer than its key column.
function attemptKey(userId: string): string {
  return `step-up-password:${createHash('sha256').update(userId, 'utf8').digest('base64url')}`;
}

/**
 * The name the host's `verifyPassword` knows the user by, or null when the
 * step-up page cannot ask for the password (no `verifyPassword`, or a user
 * without a username).
 */
export function passwordUsername<User extends HostUser>(config: WebConfig<User>, user: TwofoldUser): string | null {
  return config.passwordLogin === null ? null : user.username;
}

/**
 * Checks `password` for the signed-in `user` with the host's
 * `verifyPassword`, after counting the attempt. A password that signs in
 * someone else is a wrong one.
 */
export async function checkStepUpPassword<User extends HostUser>(config: WebConfig<User>, user: TwofoldUser, password: string): Promise<PasswordAttempt> {
  const username = passwordUsername(config, user);
  if (username === null || config.passwordLogin === null || password === '' || password.length > MAX_PASSWORD_LENGTH) {
    return { ok: false, reason: 'invalid-password' };
  }
  const key = attemptKey(user.id);
  const limits: SendLimit[] = STEP_UP_PASSWORD_LIMITS.map(({ limit, windowMs }) => ({ key, limit, windowMs }));
  const decision = await config.twofold.store.recordSend({ at: config.twofold.clock(), limits });
  if (!decision.allowed) return { ok: false, reason: 'throttled', retryAt: decision.retryAt };
  const found = await config.passwordLogin.verifyPassword(username, password);
  const verified = toTwofoldUser(found ?? null);
  return verified !== null && verified.id === user.id ? { ok: true } : { ok: false, reason: 'invalid-password' };
}

/** Writes the session's factors and rotates the session id and CSRF token (the host's login stays). */
async function replaceFactors<User extends HostUser>(config: WebConfig<User>, context: PageContext<User>, userId: string, factors: readonly SessionFactor[]): Promise<void> {
  const { keys } = config;
  if (factors.length === 0) context.session.delete(keys.state);
  else context.session.set(keys.state, serializeSessionState({ userId, factors, activeAt: config.twofold.clock() }));
  context.session.delete(keys.csrf);
  context.session.delete(keys.pending);
  await context.session.regenerate('all');
  context.otp.refresh();
}

/** Records that the signed-in user just gave their password again (a fresh password factor). */
export async function recordPasswordFactor<User extends HostUser>(config: WebConfig<User>, context: PageContext<User>, user: TwofoldUser): Promise<void> {
  const factors = await context.otp.factors();
  await replaceFactors(config, context, user.id, appendFactor(factors, { type: 'password', at: config.twofold.clock() }));
}

/**
 * Lock: forgets the elevation (the password and the codes of this session)
 * and keeps who the user is: the host's login, and a remembered browser's
 * stand-in, which proves who the user was and never counts as recent.
 * Returns how many factors were dropped.
 */
export async function lockElevation<User extends HostUser>(config: WebConfig<User>, context: PageContext<User>, user: TwofoldUser): Promise<number> {
  const factors = await context.otp.factors();
  const kept = factors.filter((factor) => factor.type === 'otp' && factor.method === 'remembered-browser');
  await replaceFactors(config, context, user.id, kept);
  return factors.length - kept.length;
}
