/**
 * Passwordless sign-in with a passkey (the host's `passkeySignIn`, off by
 * default): the login page's "Sign in with a passkey" button runs a
 * discoverable ceremony bound to the anonymous visitor's session; the answer
 * names the credential, whose device names the user, whom the host's
 * `loadUser` gives. User verification is required, so the passkey stands
 * for both factors: the session records that one factor, as `passkey`, and
 * no password factor (step-up rules that name the password still ask for it).
 */
import type { Message } from '../../web/messages.js';
import type { WebConfig } from '../../web/options.js';
import type { PageContext } from '../../web/pages/context.js';
import { ceremonyScriptUrl } from '../../web/ceremony-script.js';
import { otpFactor, sessionTransaction } from '../../web/state.js';
import { requireTwofoldUser, type HostUser, type TwofoldUser } from '../../web/user.js';
import type { PasskeySignInModel } from '../../web/views.js';
import { passwordlessKind } from '../../devices/presentation.js';
import { ceremonyMessage } from './ceremony-step.js';
import { completeLogin, emitVerified } from './sign-in-session.js';

/** The outcome of a passwordless sign-in attempt. */
export type PasskeySignInOutcome =
  | { readonly type: 'signed-in'; readonly user: TwofoldUser }
  /** `disabled`: the host did not turn it on; `cancelled`: the browser gave no answer; `refused`: any check failed (never which, nor whether a user exists). */
  | { readonly type: 'refused'; readonly code: 'disabled' | 'cancelled' | 'refused' | 'throttled'; readonly status: 400 | 401 | 404 | 429; readonly error: Message };

/** The login page's passkey button with a fresh challenge for this visitor's session, or null when the feature is off. */
export async function passkeySignInModel<User extends HostUser>(config: WebConfig<User>, context: PageContext<User>): Promise<PasskeySignInModel | null> {
  if (!config.passkeySignIn || config.passwordLogin === null) return null;
  const served = passwordlessKind(config.twofold);
  if (served === null) return null;
  const binding = sessionTransaction(context.session, config.keys.transaction);
  const options = await served.passwordless.startPasswordless({ binding });
  const said = (key: 'waiting' | 'unsupported'): string => ceremonyMessage(config.translator, served, key).text;
  return {
    button: config.translator.text('login.passkey.button'),
    waiting: said('waiting'),
    unsupported: said('unsupported'),
    noscript: config.translator.text('login.passkey.noscript'),
    scriptUrl: ceremonyScriptUrl(context.basePath, served.ceremony.script()),
    options,
  };
}

/**
 * Checks the browser's answer to the login page's passkey ceremony and, when
 * it holds, signs the user in: a new session id, the host's `logIn`, the
 * passkey recorded as the one factor, `userVerified` (method `passkey`).
 */
export async function passkeySignInStep<User extends HostUser>(
  config: WebConfig<User>,
  context: PageContext<User>,
  request: Request,
  answer: { readonly response: string; readonly error: string },
): Promise<PasskeySignInOutcome> {
  const { translator: t } = config;
  const served = config.passkeySignIn && config.passwordLogin !== null ? passwordlessKind(config.twofold) : null;
  if (served === null || config.passwordLogin === null) return { type: 'refused', code: 'disabled', status: 404, error: t.message('login.passkey.failed') };
  if (answer.error !== '' || answer.response.trim() === '') {
    return { type: 'refused', code: 'cancelled', status: 400, error: ceremonyMessage(t, served, 'cancelled') };
  }
  const binding = sessionTransaction(context.session, config.keys.transaction);
  const result = await served.passwordless.finishPasswordless({ binding, response: answer.response });
  if (!result.ok) {
    if (result.detail !== undefined) config.logger.warn(`twofold: a passwordless ${served.kind.name} sign-in was refused: ${result.detail}`);
    // One message for every refusal: an unknown credential must not tell whether anyone has an account.
    return result.reason === 'throttled'
      ? { type: 'refused', code: 'throttled', status: 429, error: t.message('login.passkey.failed') }
      : { type: 'refused', code: 'refused', status: 401, error: t.message('login.passkey.failed') };
  }
  const device = result.device;
  const hostUser = await config.passwordLogin.loadUser(device.userId);
  if (hostUser === null || hostUser === undefined) {
    config.logger.warn(`twofold: a passkey of user ${device.userId} was used to sign in, but loadUser does not know that user`);
    return { type: 'refused', code: 'refused', status: 401, error: t.message('login.passkey.failed') };
  }
  const user = requireTwofoldUser(hostUser);
  if (user.id !== device.userId) {
    config.logger.error(`twofold: loadUser(${JSON.stringify(device.userId)}) returned another user; the passkey sign-in was refused`);
    return { type: 'refused', code: 'refused', status: 401, error: t.message('login.passkey.failed') };
  }
  await completeLogin(config, context, hostUser, user.id, [otpFactor(device, 'passkey', config.twofold.clock())], device);
  emitVerified(config, request, user, device, 'passkey', 'login');
  return { type: 'signed-in', user };
}
