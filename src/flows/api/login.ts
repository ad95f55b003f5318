/**
 * The sign-in JSON API: the login wizard and the verify-only flow as
 * endpoints, with the same rules, messages, throttling and session rotation
 * as the pages (they share `flows/login/flow.ts`).
 *
 * | endpoint | body | answer |
 * | --- | --- | --- |
 * | `POST <prefix>/api/login` | {@link LoginRequest} | {@link LoginResponse} |
 * | `POST <prefix>/api/login/verify` | {@link LoginVerifyRequest} | {@link SignedInResponse} |
 * | `POST <prefix>/api/login/challenge` | {@link LoginChallengeRequest} | {@link LoginChallengeResponse} |
 * | `POST <prefix>/api/login/cancel` | none | {@link LoginCancelResponse} |
 * | `POST <prefix>/api/logout` | none | {@link LogoutResponse} |
 *
 * `verify` and `challenge` work for the sign-in in progress in this session
 * or, when there is none, for the signed-in but unverified user.
 */
import type { Twofold } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import { csrfToken } from '../../web/csrf.js';
import { deliveryDestination } from '../../web/destination.js';
import type { WebConfig } from '../../web/options.js';
import type { PageContext, PageHandler } from '../../web/pages/context.js';
import type { DeviceStepOutcome } from '../../web/pages/second-factor.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import {
  cancelPending,
  hasSecondFactor,
  passwordStep,
  pendingExpiresAt,
  secondFactorStep,
  secondFactorSubject,
  signInMethods,
  withCookies,
  chooseDevice,
  stepBinding,
  type SecondFactorSubject,
  type SignInMethods,
} from '../login/flow.js';
import { setupRequired, setupUrl } from '../policy/index.js';
import { ceremonyKindOf } from '../../devices/presentation.js';
import { apiError, apiJson, booleanField, readJsonRequest, stringField, type JsonBody } from './login-json.js';
import { apiFactors, apiUser } from './session.js';
import type {
  ApiDevice,
  ApiFirstCode,
  LoginCancelResponse,
  LoginCeremonyResponse,
  LoginChallengeResponse,
  LogoutResponse,
  SecondFactorRequiredResponse,
  SetupRequiredResponse,
  SignedInResponse,
} from './types.js';

/** The handlers of the sign-in JSON API. */
export interface LoginApi<User extends HostUser> {
  /** `POST /api/login` (absent without `verifyPassword`). */
  readonly login: PageHandler<User> | null;
  readonly verify: PageHandler<User>;
  readonly challenge: PageHandler<User>;
  readonly cancel: PageHandler<User>;
  readonly logout: PageHandler<User>;
}

async function apiDevice(twofold: Twofold, device: Device, primary: boolean): Promise<ApiDevice> {
  const destination = await deliveryDestination(twofold, device);
  return {
    id: device.persistentId,
    name: device.name,
    kind: device.kind,
    interactive: device.interactive,
    primary,
    delivery: destination === null ? null : { channel: destination.channel, destination: destination.masked },
    ...(ceremonyKindOf(twofold, device.kind) === null ? {} : { ceremony: true }),
  };
}

function apiDevices(twofold: Twofold, methods: SignInMethods): Promise<ApiDevice[]> {
  const primary = methods.primary === null ? [] : [apiDevice(twofold, methods.primary, true)];
  return Promise.all([...primary, ...methods.others.map((other) => apiDevice(twofold, other, false))]);
}

function isoOrNull(at: Date | null): string | null {
  return at === null ? null : at.toISOString();
}

/** The code sent right after the password, as the API tells it. */
function apiFirstCode(device: Device, outcome: DeviceStepOutcome): ApiFirstCode {
  if (outcome.ok) {
    return {
      status: 'code-sent',
      device: outcome.device.persistentId,
      message: outcome.action === 'sent' ? outcome.notice.text : '',
      nextChallengeAt: outcome.action === 'sent' ? isoOrNull(outcome.nextChallengeAt) : null,
    };
  }
  return { status: 'not-sent', device: device.persistentId, error: outcome.code, message: outcome.error.text, nextChallengeAt: isoOrNull(outcome.retryAt) };
}

/** Creates the sign-in JSON API handlers. */
export function createLoginApi<User extends HostUser>(config: WebConfig<User>): LoginApi<User> {
  const { translator: t, keys } = config;

  async function signedIn(context: PageContext<User>, user: TwofoldUser, setCookies: readonly string[]): Promise<Response> {
    context.otp.refresh();
    const body: SignedInResponse = {
      status: 'signed-in',
      user: apiUser(user),
      verified: await context.otp.isVerified(),
      factors: apiFactors(await context.otp.factors()),
      csrfToken: csrfToken(context.session, keys.csrf),
    };
    return withCookies(apiJson(body), setCookies);
  }

  function badRequest(): Response {
    return apiError('bad_request', t.message('api.error.badRequest'), 400);
  }

  async function login(request: Request, context: PageContext<User>): Promise<Response> {
    const read = await readJsonRequest(request, context.session, keys.csrf, t);
    if (!read.ok) return read.response;
    const username = stringField(read.body, 'username');
    const password = stringField(read.body, 'password');
    if (username === null || password === null) return badRequest();
    const next = null;
    const outcome = await passwordStep(config, context, request, { username, password }, 'api');
    switch (outcome.type) {
      case 'refused':
        return apiError(outcome.code, outcome.error, outcome.status);
      case 'signed-in':
        return signedIn(context, outcome.user, outcome.setCookies);
      case 'setup-required': {
        const body: SetupRequiredResponse = {
          status: 'setup-required',
          user: apiUser(outcome.user),
          setupUrl: setupUrl(context.basePath, config.redirectField, next),
          csrfToken: csrfToken(context.session, keys.csrf),
        };
        return withCookies(apiJson(body), outcome.setCookies);
      }
      case 'second-factor': {
        const devices = await apiDevices(config.twofold, outcome.methods);
        const { primary } = outcome.methods;
        const expiresAt = pendingExpiresAt(config, outcome.pending);
        const body: SecondFactorRequiredResponse = {
          status: 'second-factor-required',
          devices,
          primary: devices.find((device) => device.primary) ?? null,
          otherMethods: devices.filter((device) => !device.primary),
          backupCodes: outcome.methods.backupCodes !== null,
          remember: { available: config.remember !== null, ageSeconds: config.remember === null ? null : config.remember.ageMs / 1000 },
          pendingExpiresAt: expiresAt === null ? null : expiresAt.toISOString(),
          firstCode: primary === null || outcome.firstCode === null ? null : apiFirstCode(primary, outcome.firstCode),
          csrfToken: csrfToken(context.session, keys.csrf),
        };
        return withCookies(apiJson(body), outcome.setCookies);
      }
    }
  }

  /** The subject and methods of a second-factor request, or the error answer. */
  async function prepare(context: PageContext<User>): Promise<{ subject: SecondFactorSubject<User>; methods: SignInMethods } | Response | 'verified'> {
    const subject = await secondFactorSubject(config, context);
    if (subject === 'verified') return 'verified';
    if (subject === 'expired') return apiError('pending_expired', t.message('error.pendingExpired'), 400);
    if (subject === 'none') return apiError('no_login_in_progress', t.message('login.error.noLoginInProgress'), 400);
    const methods = await signInMethods(config, subject.user.id);
    if (!hasSecondFactor(methods)) {
      if (subject.type === 'pending') {
        context.session.delete(keys.pending);
        return apiError('pending_expired', t.message('error.pendingExpired'), 400);
      }
      if (await setupRequired(config.twofold, config.requireTwoFactor, subject.user)) {
        return apiError('setup_required', t.message('login.setupRequired'), 403);
      }
      return apiError('device_not_available', t.message('token.noDevices'), 400);
    }
    return { subject, methods };
  }

  async function secondFactor(request: Request, context: PageContext<User>, action: 'verify' | 'challenge'): Promise<Response> {
    const read = await readJsonRequest(request, context.session, keys.csrf, t);
    if (!read.ok) return read.response;
    const fields = parseSecondFactor(read.body, action);
    if (fields === null) return badRequest();
    const prepared = await prepare(context);
    if (prepared === 'verified') {
      const user = await context.otp.user();
      if (action === 'verify' && user !== null) return signedIn(context, user, []);
      return apiError('no_login_in_progress', t.message('login.error.noLoginInProgress'), 400);
    }
    if (prepared instanceof Response) return prepared;
    const { subject, methods } = prepared;
    if (action === 'challenge') {
      const ceremony = await ceremonyOptions(context, subject, methods, fields.deviceId);
      if (ceremony !== null) return ceremony;
    }
    const outcome = await secondFactorStep(config, context, request, subject, methods, { action: fields.ceremony ? 'ceremony' : action, ...fields }, 'api');
    switch (outcome.type) {
      case 'verified':
        return signedIn(context, subject.user, outcome.setCookies);
      case 'unavailable':
        return apiError('device_not_available', outcome.error, 400);
      case 'no-device':
        return apiError('device_not_available', t.message('login.error.deviceNotAvailable'), 400);
      case 'sent': {
        const body: LoginChallengeResponse = {
          status: 'code-sent',
          device: await apiDevice(config.twofold, outcome.device, methods.primary?.id === outcome.device.id),
          message: outcome.notice.text,
          nextChallengeAt: isoOrNull(outcome.nextChallengeAt),
        };
        return apiJson(body);
      }
      case 'failed': {
        const { failure } = outcome;
        const retry = failure.retryAt === null ? undefined : { at: failure.retryAt, now: config.twofold.clock() };
        return apiError(failure.code, failure.error, failure.status, retry);
      }
    }
  }

  /** "Challenge" of a ceremony device: the options for the browser (a challenge bound to this sign-in); null for other devices. */
  async function ceremonyOptions(context: PageContext<User>, subject: SecondFactorSubject<User>, methods: SignInMethods, deviceId: string | null): Promise<Response | null> {
    const device = chooseDevice(methods, deviceId);
    if (device === null || device === 'unavailable') return null;
    const served = ceremonyKindOf(config.twofold, device.kind);
    if (served === null) return null;
    const publicKey = await served.ceremony.startAuthentication({ userId: subject.user.id, binding: stepBinding(config, context, subject) });
    if (publicKey === null) return apiError('device_not_available', t.message('login.error.deviceNotAvailable'), 400);
    const body: LoginCeremonyResponse = { status: 'ceremony', device: await apiDevice(config.twofold, device, methods.primary?.id === device.id), publicKey };
    return apiJson(body);
  }

  async function cancel(request: Request, context: PageContext<User>): Promise<Response> {
    const read = await readJsonRequest(request, context.session, keys.csrf, t);
    if (!read.ok) return read.response;
    await cancelPending(config, context);
    const body: LoginCancelResponse = { status: 'cancelled', csrfToken: csrfToken(context.session, keys.csrf) };
    return apiJson(body);
  }

  async function logout(request: Request, context: PageContext<User>): Promise<Response> {
    const read = await readJsonRequest(request, context.session, keys.csrf, t);
    if (!read.ok) return read.response;
    await context.logOut();
    await context.session.regenerate([]);
    context.otp.refresh();
    const body: LogoutResponse = { status: 'signed-out', csrfToken: csrfToken(context.session, keys.csrf) };
    return apiJson(body);
  }

  return {
    login: config.passwordLogin === null ? null : login,
    verify: (request, context) => secondFactor(request, context, 'verify'),
    challenge: (request, context) => secondFactor(request, context, 'challenge'),
    cancel,
    logout,
  };
}

function parseSecondFactor(
  body: JsonBody,
  action: 'verify' | 'challenge',
): { readonly deviceId: string | null; readonly backupCode: boolean; readonly token: string; readonly remember: boolean; readonly ceremony: boolean } | null {
  const device = body.device === undefined || body.device === null ? null : stringField(body, 'device');
  // A ceremony device's answer is the browser's response (JSON text or object) instead of a code.
  const answer = body.response;
  if (action === 'verify' && answer !== undefined && body.code === undefined) {
    const remember = booleanField(body, 'remember');
    if (remember === null || device === null || answer === null || (typeof answer !== 'string' && typeof answer !== 'object')) return null;
    return { deviceId: device, backupCode: false, token: typeof answer === 'string' ? answer : JSON.stringify(answer), remember, ceremony: true };
  }
  const code = stringField(body, 'code');
  const backupCode = booleanField(body, 'backupCode');
  const remember = booleanField(body, 'remember');
  if (code === null || backupCode === null || remember === null || (body.device !== undefined && body.device !== null && device === null)) return null;
  if (action === 'challenge' && backupCode) return null;
  return { deviceId: device, backupCode, token: code, remember, ceremony: false };
}
