/**
 * The login pages (django-otp's `LoginView`), on one URL:
 *
 * - **One-page login** (`OTPAuthenticationForm`): username, password and an
 *   optional code. A user without devices is signed in with the password.
 *   A user with devices is signed in only once a code verifies: until then
 *   the host's `logIn` is not called, so no authenticated session exists.
 *   After the password is accepted the session holds a short-lived "password
 *   verified for user X at T" marker (never the password), the session id is
 *   rotated, and the next page offers the user's own devices, a code field
 *   and "Send me a code". The marker expires after `pendingLoginSeconds` and
 *   is removed when the login completes, is cancelled or a password fails.
 * - **Token-only page** (`OTPTokenForm`): for a user the host has signed in
 *   who is not verified yet.
 *
 * Every POST needs a valid CSRF token and a same-site origin, and is refused
 * with 403 before anything is read or changed otherwise. The session id is
 * rotated on every change of authentication state.
 */
import { checkCsrf, CSRF_FIELD } from '../csrf.js';
import { formField, readForm } from '../form.js';
import type { Message } from '../messages.js';
import { serializePendingLogin, serializeSessionState, otpFactor, parsePendingLogin, type PendingLogin, type SessionFactor } from '../state.js';
import { requireTwofoldUser, toTwofoldUser, type HostUser, type TwofoldUser } from '../user.js';
import { redirectResponse } from '../headers.js';
import { loginRedirectUrl } from '../redirect.js';
import type { PageContext, PageHandler, PageKit } from './context.js';
import { safeNext } from './context.js';
import { runSecondFactor, type SecondFactorInput } from './second-factor.js';

/** Longest username passed to `verifyPassword`. */
export const MAX_USERNAME_LENGTH = 256;
/** Longest password passed to `verifyPassword`. */
export const MAX_PASSWORD_LENGTH = 1024;

type Action = 'verify' | 'challenge' | 'cancel';

function parseAction(value: string | null): Action {
  return value === 'challenge' || value === 'cancel' ? value : 'verify';
}

/** The GET and POST handlers of the login URL. */
export interface LoginHandlers<User extends HostUser> {
  readonly show: PageHandler<User>;
  readonly submit: PageHandler<User>;
}

/** Creates the login page handlers. */
export function createLoginHandlers<User extends HostUser>(kit: PageKit<User>): LoginHandlers<User> {
  const { config } = kit;
  const { twofold, keys, translator: t, views } = config;

  function readPending(context: PageContext<User>): { pending: PendingLogin | null; expired: boolean } {
    const raw = context.session.get(keys.pending);
    if (raw === undefined) return { pending: null, expired: false };
    const pending = parsePendingLogin(raw);
    const now = twofold.clock();
    if (pending === null || now < pending.at || now - pending.at >= config.pendingLoginMs) {
      context.session.delete(keys.pending);
      return { pending: null, expired: true };
    }
    return { pending, expired: false };
  }

  function credentialsPage(context: PageContext<User>, username: string, next: string | null, status: number, errors: readonly Message[]) {
    const body = views.credentials({ ...kit.base(context, next, errors, []), page: 'credentials', username });
    return kit.document(context, 'page.login.title', body, status);
  }

  async function loginTokenPage(
    context: PageContext<User>,
    pending: PendingLogin,
    next: string | null,
    status: number,
    messages: { errors?: readonly Message[]; notices?: readonly Message[]; selected?: string | null },
  ) {
    const devices = await kit.deviceChoices(pending.userId, messages.selected ?? null);
    const body = views.loginToken({
      ...kit.base(context, next, messages.errors ?? [], messages.notices ?? []),
      page: 'login-token',
      username: pending.username,
      devices,
      canSendCode: devices.some((device) => device.interactive),
      tokenInputMode: kit.inputMode(devices),
    });
    return kit.document(context, 'page.loginToken.title', body, status);
  }

  async function tokenPage(
    context: PageContext<User>,
    user: TwofoldUser,
    next: string | null,
    status: number,
    messages: { errors?: readonly Message[]; notices?: readonly Message[]; selected?: string | null },
  ) {
    const devices = await kit.deviceChoices(user.id, messages.selected ?? null);
    const body = views.token({
      ...kit.base(context, next, messages.errors ?? [], messages.notices ?? []),
      page: 'token',
      username: user.username,
      devices,
      canSendCode: devices.some((device) => device.interactive),
      tokenInputMode: kit.inputMode(devices),
    });
    return kit.document(context, 'page.token.title', body, status);
  }

  /** Every factor passed: a fresh session, the host's login, then twofold's record of how. */
  async function completeLogin(context: PageContext<User>, user: User, userId: string, factors: readonly SessionFactor[], next: string | null) {
    await context.session.regenerate([]);
    await context.logIn(user);
    // Written after logIn: hosts such as Passport ≥ 0.6 regenerate the session inside logIn and drop what was there.
    context.session.set(keys.state, serializeSessionState({ userId, factors }));
    context.otp.refresh();
    return kit.redirectTo(next, config.defaultRedirect);
  }

  async function show(request: Request, context: PageContext<User>): Promise<Response> {
    const next = safeNext(new URL(request.url).searchParams.get(config.redirectField));
    const { pending } = readPending(context);
    if (pending !== null && config.passwordLogin !== null) return loginTokenPage(context, pending, next, 200, {});
    const user = await context.otp.user();
    if (user !== null && !(await context.otp.isVerified())) return tokenPage(context, user, next, 200, {});
    if (config.passwordLogin === null) {
      if (user !== null) return kit.redirectTo(next, config.defaultRedirect);
      return redirectResponse(next === null ? config.signInUrl : loginRedirectUrl(config.signInUrl, config.redirectField, next), 302);
    }
    return credentialsPage(context, '', next, 200, []);
  }

  async function submit(request: Request, context: PageContext<User>): Promise<Response> {
    const read = await readForm(request);
    if (!read.ok) return kit.errorPage(context, read.status, read.status === 413 ? 'error.tooLarge' : 'error.badRequest');
    const { form } = read;
    if (!checkCsrf(request, context.session, keys.csrf, form.get(CSRF_FIELD))) {
      return kit.errorPage(context, 403, 'error.csrf', 'page.forbidden.title');
    }
    const next = safeNext(form.get(config.redirectField));
    const action = parseAction(form.get('action'));
    if (action === 'cancel') {
      context.session.delete(keys.pending);
      return redirectResponse(kit.loginUrl(context, next));
    }
    const input: SecondFactorInput = { action, deviceId: formField(form, 'device'), token: formField(form, 'token') };
    const passwordLogin = config.passwordLogin;

    if (passwordLogin !== null && (form.has('username') || form.has('password'))) {
      return credentialsStep(context, passwordLogin, formField(form, 'username'), formField(form, 'password'), input, next);
    }
    const { pending, expired } = readPending(context);
    if (passwordLogin !== null && pending !== null) return pendingStep(context, passwordLogin, pending, input, next);

    const user = await context.otp.user();
    if (user !== null) {
      if (await context.otp.isVerified()) return kit.redirectTo(next, config.defaultRedirect);
      const outcome = await runSecondFactor(config, user.id, input);
      if (!outcome.ok) return tokenPage(context, user, next, outcome.status, outcome);
      await context.otp.login(outcome.device, { method: outcome.method });
      return kit.redirectTo(next, config.defaultRedirect);
    }
    if (passwordLogin === null) return redirectResponse(config.signInUrl);
    // A code without a live password step: the step expired (or never happened).
    const lost = expired || input.token !== '' || form.has('device');
    return credentialsPage(context, '', next, 400, [
      lost ? t.message('error.pendingExpired') : t.message('error.credentialsRequired', {}, 'username'),
    ]);
  }

  async function credentialsStep(
    context: PageContext<User>,
    passwordLogin: NonNullable<typeof config.passwordLogin>,
    username: string,
    password: string,
    input: SecondFactorInput,
    next: string | null,
  ): Promise<Response> {
    if (username === '' || password === '') {
      return credentialsPage(context, username.slice(0, MAX_USERNAME_LENGTH), next, 400, [
        t.message('error.credentialsRequired', {}, username === '' ? 'username' : 'password'),
      ]);
    }
    const found =
      username.length > MAX_USERNAME_LENGTH || password.length > MAX_PASSWORD_LENGTH
        ? null
        : await passwordLogin.verifyPassword(username, password);
    if (found === null || found === undefined) {
      context.session.delete(keys.pending);
      return credentialsPage(context, username.slice(0, MAX_USERNAME_LENGTH), next, 401, [t.message('error.badCredentials', {}, 'username')]);
    }
    const user = requireTwofoldUser(found);
    const passwordAt = twofold.clock();
    const passwordFactor: SessionFactor = { type: 'password', at: passwordAt };
    if (!(await twofold.userHasDevice(user.id))) return completeLogin(context, found, user.id, [passwordFactor], next);

    let outcome = null;
    if (input.token !== '' || input.action === 'challenge') {
      outcome = await runSecondFactor(config, user.id, input);
      if (outcome.ok) {
        return completeLogin(context, found, user.id, [passwordFactor, otpFactor(outcome.device, outcome.method, twofold.clock())], next);
      }
    }
    // The password is right but a code is still needed: rotate the id (the session now proves something) and remember only that.
    const pending: PendingLogin = { userId: user.id, username: user.username ?? username, at: passwordAt };
    await context.session.regenerate([]);
    context.session.set(keys.pending, serializePendingLogin(pending));
    if (outcome === null) return loginTokenPage(context, pending, next, 200, { notices: [t.message('login.passwordAccepted')] });
    return loginTokenPage(context, pending, next, outcome.status, outcome);
  }

  async function pendingStep(
    context: PageContext<User>,
    passwordLogin: NonNullable<typeof config.passwordLogin>,
    pending: PendingLogin,
    input: SecondFactorInput,
    next: string | null,
  ): Promise<Response> {
    const found = await passwordLogin.loadUser(pending.userId);
    const user = toTwofoldUser(found);
    if (found === null || found === undefined || user?.id !== pending.userId) {
      context.session.delete(keys.pending);
      return credentialsPage(context, '', next, 400, [t.message('error.pendingExpired')]);
    }
    const outcome = await runSecondFactor(config, user.id, input);
    if (!outcome.ok) return loginTokenPage(context, pending, next, outcome.status, outcome);
    const factors: SessionFactor[] = [
      { type: 'password', at: pending.at },
      otpFactor(outcome.device, outcome.method, twofold.clock()),
    ];
    return completeLogin(context, found, user.id, factors, next);
  }

  return { show, submit };
}
