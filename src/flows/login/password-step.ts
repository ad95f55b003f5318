/**
 * The password step of a sign-in, for the pages and the JSON API alike: a
 * wrong password leaves nothing behind; a right one signs in, or leaves the
 * pending marker and sends the first code when the primary device sends codes.
 */
import type { Message } from '../../web/messages.js';
import type { WebConfig } from '../../web/options.js';
import { codeRecipient, type PageContext } from '../../web/pages/context.js';
import { preferredCeremonyDevice } from './ceremony-step.js';
import { runDeviceStep, type DeviceStepOutcome } from '../../web/pages/second-factor.js';
import { newTransactionId, otpFactor, parsePendingLogin, serializePendingLogin, type PendingLogin, type SessionFactor } from '../../web/state.js';
import { requireTwofoldUser, type HostUser, type TwofoldUser } from '../../web/user.js';
import { setupRequired } from '../policy/index.js';
import { findRememberedBrowser, recordRememberedBrowserUse } from '../remember/service.js';
import type { VerificationFlow } from '../shared/events.js';
import {
  completeLogin,
  emitVerified,
  hasSecondFactor,
  MAX_PASSWORD_LENGTH,
  MAX_USERNAME_LENGTH,
  rememberServices,
  signInMethods,
  type SignInMethods,
} from './sign-in-session.js';

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
  // A user with a security key is asked for it first: no code goes out unasked.
  const firstCode =
    primary?.interactive === true && preferredCeremonyDevice(config, methods) === null
      ? await runDeviceStep(config, user.id, { action: 'challenge', device: primary, token: '', binding: transaction, ...codeRecipient(context) })
      : null;
  return { type: 'second-factor', pending, user, methods, setCookies, firstCode };
}
