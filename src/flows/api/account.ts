/**
 * The account JSON API (django-two-factor-auth #209, #354, #576): every step
 * of the account pages as an endpoint with typed bodies (`account-types.ts`),
 * under the same rules as the pages: a signed-in user, a verified session, a
 * recent code for adding or removing devices, regenerating backup codes and
 * disabling, the CSRF token on every POST, and ownership of every device id
 * (another user's id answers 404 and changes nothing).
 */
import type { Device } from '../../core/types.js';
import { csrfToken } from '../../web/csrf.js';
import type { MessageId, MessageParams } from '../../web/messages.js';
import type { PageContext, PageHandler } from '../../web/pages/context.js';
import { runDeviceStep } from '../../web/pages/second-factor.js';
import { sessionTransaction } from '../../web/state.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { checkAccountAccess, hasRecentFactor, type AccountAccess, type AccountRequirement } from '../account/access.js';
import { devicesByPreference } from '../shared/primary.js';
import {
  accountDevices,
  backupCodesAvailable,
  beginSetup,
  chooseReauthDevice,
  confirmSetup,
  defaultDeviceName,
  disableTwoFactor,
  forgetAccountBrowser,
  generateAccountBackupCodes,
  makePrimaryDevice,
  readSetup,
  removeAccountDevice,
  renameAccountDevice,
  cancelSetup,
  type AccountKit,
  type ActiveCodeSetup,
  type ActiveSetup,
  type SetupConfirmation,
} from '../account/service.js';
import {
  codeSendError,
  confirmCodeSetup,
  destinationProblemMessage,
  resendSetupCode,
  sendCode,
  startCodeSetup,
  type CodeSendFailure,
} from '../account/code-setup.js';
import { isSideChannelMethod, type SideChannelMethod } from '../account/side-channel.js';
import { codeSentMessage, deliveryDestination, type DeliveryDestination } from '../../web/destination.js';
import { formatKeyForReading, keyInBase32, provisioningUri } from '../account/setup-state.js';
import { listRememberedBrowsers } from '../remember/service.js';
import { accountApiError as apiError, accountApiOk as apiOk, optionalString as stringField } from './account-http.js';
import { readJsonRequest } from './login-json.js';
import type {
  AccountApiDevice,
  AccountApiErrorCode,
  AccountDevicesResponse,
  CodeSetupResponse,
  BackupCodesCountResponse,
  BackupCodesGenerateResponse,
  DisableResponse,
  ForgetBrowserResponse,
  PrimaryDeviceResponse,
  ReauthenticateResponse,
  RemoveDeviceResponse,
  RenameDeviceResponse,
  SetupCancelResponse,
  SetupConfirmResponse,
  SetupStartResponse,
} from './types.js';

/** The handlers of the account JSON API. */
export interface AccountApiHandlers<User extends HostUser> {
  readonly setupStart: PageHandler<User>;
  readonly setupConfirm: PageHandler<User>;
  readonly setupResend: PageHandler<User>;
  readonly setupCancel: PageHandler<User>;
  readonly devices: PageHandler<User>;
  readonly rename: PageHandler<User>;
  readonly remove: PageHandler<User>;
  readonly primary: PageHandler<User>;
  readonly backupCodesCount: PageHandler<User>;
  readonly backupCodesGenerate: PageHandler<User>;
  readonly disable: PageHandler<User>;
  readonly reauthenticate: PageHandler<User>;
  readonly forgetBrowser: PageHandler<User>;
}

/** A device as the API shows it; `destination` for phone and e-mail devices whose kind masks it (see `deliveryDestination`). */
export function toApiDevice(device: Device, primaryId: string | null, destination: DeliveryDestination | null = null): AccountApiDevice {
  const shown =
    destination === null || destination.channel === 'other' || destination.masked === null ? null : { channel: destination.channel, masked: destination.masked };
  return {
    id: device.persistentId,
    name: device.name,
    kind: device.kind,
    primary: device.id === primaryId,
    createdAt: device.createdAt.toISOString(),
    lastUsedAt: device.lastUsedAt?.toISOString() ?? null,
    ...(shown === null ? {} : { destination: shown }),
  };
}

const SEND_FAILURE_CODES: Readonly<Record<CodeSendFailure['reason'], AccountApiErrorCode>> = {
  cooldown: 'cooldown',
  'budget-exhausted': 'send_limit',
  failed: 'challenge_failed',
  unusable: 'device_unusable',
};

type Body = Readonly<Record<string, unknown>>;

/** Creates the account API handlers. */
export function createAccountApi<User extends HostUser>(kit: AccountKit<User>): AccountApiHandlers<User> {
  const { config, twofold, t, account } = kit;
  const text = (id: MessageId, params: MessageParams = {}) => t.text(id, params);
  const setupUrls = (context: PageContext<User>) => ({ qr: `${context.basePath}/setup/qr.svg` });

  async function refusal(context: PageContext<User>, access: AccountAccess & { ok: false }): Promise<Response> {
    switch (access.reason) {
      case 'login-required':
        return apiError(401, 'login_required', text('account.api.loginRequired'));
      case 'otp-required': {
        // The same answer as the JSON guard's: say so when the verification ran out, so a client can tell the user why.
        const expiry = await context.otp.expiry();
        return expiry === null
          ? apiError(401, 'otp_required', text('account.api.otpRequired'))
          : apiError(401, 'otp_expired', text('account.api.otpRequired'), { reason: expiry.reason, limitSeconds: expiry.limitSeconds });
      }
      case 'reauthentication-required':
        return apiError(403, 'reauthentication_required', text('account.api.reauthenticationRequired'), {
          maxAgeSeconds: account.recentVerificationMs / 1000,
        });
      case 'not-enabled':
        return apiError(409, 'two_factor_not_enabled', text('account.error.notEnabled'));
    }
  }

  async function allowed(context: PageContext<User>, requirement: AccountRequirement): Promise<(AccountAccess & { ok: true }) | Response> {
    const access = await checkAccountAccess(twofold, context.otp, requirement, account.recentVerificationMs);
    return access.ok ? access : refusal(context, access);
  }

  /** The CSRF checks, then the body (as every JSON endpoint reads it). */
  async function postedBody(request: Request, context: PageContext<User>): Promise<Body | Response> {
    const read = await readJsonRequest(request, context.session, config.keys.csrf, t);
    return read.ok ? read.body : read.response;
  }

  /** CSRF, then the body, then access: the common start of every POST. */
  async function post(
    request: Request,
    context: PageContext<User>,
    requirement: AccountRequirement,
  ): Promise<{ readonly body: Body; readonly user: TwofoldUser; readonly enabled: boolean } | Response> {
    const body = await postedBody(request, context);
    if (body instanceof Response) return body;
    const access = await allowed(context, requirement);
    if (access instanceof Response) return access;
    return { body, user: access.user, enabled: access.enabled };
  }

  const invalidRequest = () => apiError(400, 'bad_request', text('api.error.badRequest'));
  const deviceNotFound = () => apiError(404, 'device_not_found', text('account.error.deviceNotFound'));

  async function primaryId(userId: string): Promise<string | null> {
    return (await devicesByPreference(twofold, userId)).primary?.id ?? null;
  }

  async function apiDevice(device: Device, primary: string | null): Promise<AccountApiDevice> {
    return toApiDevice(device, primary, await deliveryDestination(twofold, device));
  }

  /** 429 (`cooldown`, `send_limit`, with `Retry-After`), 503 (`challenge_failed`: ask again at once) or 500. */
  function sendFailure(failure: CodeSendFailure): Response {
    const now = twofold.clock();
    const explained = codeSendError(t, failure, now);
    const retry = explained.retryAt === null ? undefined : { at: explained.retryAt, now };
    return apiError(explained.status, SEND_FAILURE_CODES[failure.reason], text(explained.id, explained.params), {}, retry);
  }

  function codeSetupResponse(active: ActiveCodeSetup, nextCodeAt: Date | null, again: boolean): CodeSetupResponse {
    return {
      status: 'code-sent',
      method: active.setup.method,
      destination: { channel: active.setup.method, masked: active.destination.masked },
      message: codeSentMessage(t, active.destination, active.device.name, { again }).text,
      defaultName: active.device.name,
      expiresAt: new Date(active.expiresAt).toISOString(),
      nextCodeAt: nextCodeAt?.toISOString() ?? null,
    };
  }

  function setupResponse(context: PageContext<User>, user: TwofoldUser, active: ActiveSetup, existingNames: readonly string[]): SetupStartResponse {
    return {
      method: active.kind.name,
      otpauthUri: provisioningUri(active.kind, active.key, active.state, { accountName: account.accountName(user), issuer: account.issuer(user) }),
      key: keyInBase32(active.key),
      keyFormatted: formatKeyForReading(active.key),
      qrCodeUrl: setupUrls(context).qr,
      defaultName: defaultDeviceName(t, active.kind, existingNames),
      expiresAt: new Date(active.expiresAt).toISOString(),
    };
  }

  // ------------------------------------------------------------ setup

  async function setupStart(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'recent');
    if (start instanceof Response) return start;
    const requested = stringField(start.body, 'method');
    if (requested === null) return invalidRequest();
    const method = requested ?? (account.methods.length === 1 ? account.methods[0] : undefined);
    if (method === undefined || !account.methods.includes(method)) return apiError(400, 'unknown_method', text('account.error.methodRequired'));
    if (isSideChannelMethod(method)) return codeSetupStart(context, start.body, start.user, method);
    const active = await beginSetup(kit, context.session, start.user.id, method, null);
    const names = (await twofold.listDevices(start.user.id)).map((device) => device.name);
    return apiOk(setupResponse(context, start.user, active, names) satisfies SetupStartResponse);
  }

  /** A setup by code: check the number or address, create the device unconfirmed, send the first code. */
  async function codeSetupStart(context: PageContext<User>, body: Body, user: TwofoldUser, method: SideChannelMethod): Promise<Response> {
    const field = method === 'email' ? 'address' : 'number';
    const given = stringField(body, field);
    if (given === null) return invalidRequest();
    const destination = given ?? (method === 'email' ? ((await account.userEmail(user)) ?? '') : '');
    const outcome = await startCodeSetup(kit, context.session, user, { method, destination, next: null });
    if (outcome.ok) return apiOk(codeSetupResponse(outcome.active, outcome.nextChallengeAt, false) satisfies CodeSetupResponse);
    switch (outcome.reason) {
      case 'invalid-destination': {
        const { problem } = outcome;
        return apiError(400, problem.type === 'number' ? 'invalid_number' : 'invalid_address', text(destinationProblemMessage(problem)), { reason: problem.reason });
      }
      case 'destination-taken':
        return apiError(409, 'destination_taken', text(method === 'email' ? 'account.error.addressTaken' : 'account.error.numberTaken'));
      case 'send-failed':
        return sendFailure(outcome.failure);
    }
  }

  /** A new code for the setup by code in progress. */
  async function setupResend(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'recent');
    if (start instanceof Response) return start;
    const lookup = await readSetup(kit, context.session, start.user.id);
    if (lookup.status === 'none') return apiError(400, 'setup_not_started', text('account.error.setupMissing'));
    if (lookup.status === 'expired') return apiError(400, 'setup_expired', text('account.error.setupExpired'));
    if (lookup.status === 'active') return apiError(400, 'not_interactive', text('error.notInteractive'));
    const sent = await resendSetupCode(kit, start.user, lookup);
    if (!sent.ok) return sendFailure(sent);
    return apiOk(codeSetupResponse(lookup, sent.nextChallengeAt, true) satisfies CodeSetupResponse);
  }

  /** Forgets the setup in progress (no sign-in needed, as on the pages: it only ever removes what the setup created). */
  async function setupCancel(request: Request, context: PageContext<User>): Promise<Response> {
    const body = await postedBody(request, context);
    if (body instanceof Response) return body;
    const cancelled = context.session.get(kit.keys.setup) !== undefined;
    await cancelSetup(kit, context.session);
    return apiOk({ cancelled } satisfies SetupCancelResponse);
  }

  async function setupConfirm(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'recent');
    if (start instanceof Response) return start;
    const token = stringField(start.body, 'token');
    const name = stringField(start.body, 'name');
    if (token === null || name === null) return invalidRequest();
    const lookup = await readSetup(kit, context.session, start.user.id);
    if (lookup.status === 'none') return apiError(400, 'setup_not_started', text('account.error.setupMissing'));
    if (lookup.status === 'expired') return apiError(400, 'setup_expired', text('account.error.setupExpired'));
    let outcome: SetupConfirmation;
    if (lookup.status === 'code') {
      outcome = await confirmCodeSetup(kit, context, request, start.user, lookup, { name: name ?? lookup.device.name, token: token ?? '' });
    } else {
      const names = (await twofold.listDevices(start.user.id)).map((device) => device.name);
      outcome = await confirmSetup(kit, context, request, start.user, lookup, {
        name: name ?? defaultDeviceName(t, lookup.kind, names),
        token: token ?? '',
      });
    }
    if (outcome.ok) {
      const devices = await accountDevices(twofold, start.user.id);
      return apiOk({
        device: await apiDevice(outcome.device, devices.primary?.id ?? null),
        firstDevice: outcome.firstDevice,
        verified: true,
        csrfToken: csrfToken(context.session, config.keys.csrf),
        backupCodesRemaining: devices.backupCodesRemaining,
      } satisfies SetupConfirmResponse);
    }
    switch (outcome.reason) {
      case 'invalid-name':
        return apiError(400, 'invalid_name', text(outcome.error, outcome.params));
      case 'token-required':
        return apiError(400, 'token_required', text(lookup.status === 'code' ? 'account.error.codeRequired' : 'account.error.setupCodeRequired'));
      case 'invalid-token':
        return apiError(400, 'invalid_token', text(lookup.status === 'code' ? 'account.error.codeInvalid' : 'account.error.setupCodeInvalid'), {
          failures: outcome.failures,
        });
      case 'throttled': {
        const now = twofold.clock();
        const until = outcome.lockedUntil ?? new Date(now + 1000);
        const params = { count: outcome.failures, relative: t.relative(until, now), time: t.time(until) };
        return apiError(429, 'throttled', text('account.error.setupThrottled', params), { failures: outcome.failures }, { at: until, now });
      }
      case 'setup-gone':
        return apiError(400, 'setup_not_started', text('account.error.setupMissing'));
    }
  }

  // ------------------------------------------------------------ devices

  async function devices(_request: Request, context: PageContext<User>): Promise<Response> {
    const access = await allowed(context, 'verified');
    if (access instanceof Response) return access;
    const userId = access.user.id;
    const found = await accountDevices(twofold, userId);
    const primary = found.primary?.id ?? null;
    const remembered =
      config.remember === null
        ? null
        : (await listRememberedBrowsers(twofold, userId)).map((browser) => ({
            id: browser.id,
            userAgent: browser.userAgent,
            createdAt: browser.createdAt.toISOString(),
            lastUsedAt: browser.lastUsedAt?.toISOString() ?? null,
            expiresAt: browser.expiresAt.toISOString(),
            device: browser.device.persistentId,
          }));
    return apiOk({
      enabled: access.enabled,
      primary: found.primary?.persistentId ?? null,
      devices: await Promise.all(found.manageable.map((device) => apiDevice(device, primary))),
      backupCodes: { available: backupCodesAvailable(twofold), remaining: found.backupCodesRemaining },
      rememberedBrowsers: remembered,
      setupMethods: account.methods,
      recentlyVerified: hasRecentFactor(await context.otp.factors(), twofold.clock(), account.recentVerificationMs),
    } satisfies AccountDevicesResponse);
  }

  async function rename(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'verified-enabled');
    if (start instanceof Response) return start;
    const device = stringField(start.body, 'device');
    const name = stringField(start.body, 'name');
    if (typeof device !== 'string' || typeof name !== 'string') return invalidRequest();
    const outcome = await renameAccountDevice(kit, request, start.user, device, name);
    if (!outcome.ok) {
      return outcome.reason === 'not-found' ? deviceNotFound() : apiError(400, 'invalid_name', text(outcome.error, outcome.params));
    }
    return apiOk({ device: await apiDevice(outcome.device, await primaryId(start.user.id)) } satisfies RenameDeviceResponse);
  }

  async function remove(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'recent-enabled');
    if (start instanceof Response) return start;
    const device = stringField(start.body, 'device');
    if (typeof device !== 'string') return invalidRequest();
    const outcome = await removeAccountDevice(kit, request, start.user, device);
    if (!outcome.ok) return outcome.reason === 'only-device' ? apiError(409, 'only_device', text('account.error.lastDevice')) : deviceNotFound();
    const primary = outcome.primary?.id ?? null;
    return apiOk({
      removed: await apiDevice(outcome.device, null),
      primary: outcome.primary === null ? null : await apiDevice(outcome.primary, primary),
    } satisfies RemoveDeviceResponse);
  }

  async function primary(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'verified-enabled');
    if (start instanceof Response) return start;
    const device = stringField(start.body, 'device');
    if (typeof device !== 'string') return invalidRequest();
    const outcome = await makePrimaryDevice(kit, request, start.user, device);
    if (!outcome.ok) return deviceNotFound();
    return apiOk({ primary: await apiDevice(outcome.device, outcome.device.id) } satisfies PrimaryDeviceResponse);
  }

  // ------------------------------------------------------------ backup codes

  async function backupCodesCount(_request: Request, context: PageContext<User>): Promise<Response> {
    if (!backupCodesAvailable(twofold)) return apiError(404, 'backup_codes_unavailable', text('account.error.notEnabled'));
    const access = await allowed(context, 'verified-enabled');
    if (access instanceof Response) return access;
    return apiOk({ remaining: (await accountDevices(twofold, access.user.id)).backupCodesRemaining } satisfies BackupCodesCountResponse);
  }

  async function backupCodesGenerate(request: Request, context: PageContext<User>): Promise<Response> {
    if (!backupCodesAvailable(twofold)) return apiError(404, 'backup_codes_unavailable', text('account.error.notEnabled'));
    const start = await post(request, context, 'recent-enabled');
    if (start instanceof Response) return start;
    const issued = await generateAccountBackupCodes(kit, request, context.session, start.user);
    return apiOk({ codes: issued.codes, remaining: issued.codes.length, replaced: issued.replaced } satisfies BackupCodesGenerateResponse);
  }

  // ------------------------------------------------------------ disable, reauthenticate, browsers

  async function disable(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'recent-enabled');
    if (start instanceof Response) return start;
    if (start.body.confirm !== true) return apiError(400, 'confirmation_required', text('account.api.confirmationRequired'));
    const removed = await disableTwoFactor(kit, context, request, start.user);
    return apiOk({ disabled: true, removedDevices: removed, csrfToken: csrfToken(context.session, config.keys.csrf) } satisfies DisableResponse);
  }

  /** A code for a signed-in user with two-factor authentication on: unverified sessions become verified, stale ones recent. */
  async function reauthenticate(request: Request, context: PageContext<User>): Promise<Response> {
    const body = await postedBody(request, context);
    if (body instanceof Response) return body;
    const user = await context.otp.user();
    if (user === null) return apiError(401, 'login_required', text('account.api.loginRequired'));
    if (!(await twofold.userHasDevice(user.id))) return apiError(409, 'two_factor_not_enabled', text('account.error.notEnabled'));
    const deviceId = stringField(body, 'device');
    const token = stringField(body, 'token');
    const action = body.action === undefined ? 'verify' : body.action;
    if (deviceId === null || token === null || (action !== 'verify' && action !== 'challenge')) return invalidRequest();
    const device = await chooseReauthDevice(twofold, user.id, deviceId);
    if (device === null) return deviceNotFound();
    if (action === 'challenge' && device.interactive) {
      // Sent here rather than through the shared step, so that the message and the code are in the request's language.
      const sent = await sendCode(kit, user.id, device, sessionTransaction(context.session, config.keys.transaction));
      if (!sent.ok) return sendFailure(sent);
      return apiOk({
        verified: false,
        challengeSent: true,
        message: codeSentMessage(t, sent.destination, sent.device.name).text,
        nextChallengeAt: sent.nextChallengeAt?.toISOString() ?? null,
      } satisfies ReauthenticateResponse);
    }
    const binding = sessionTransaction(context.session, config.keys.transaction);
    const outcome = await runDeviceStep(config, user.id, { action, device, token: token ?? '', binding });
    if (outcome.ok && outcome.action === 'verified') {
      await context.otp.login(outcome.device, { method: 'device' });
      return apiOk({
        verified: true,
        at: new Date(twofold.clock()).toISOString(),
        maxAgeSeconds: account.recentVerificationMs / 1000,
        csrfToken: csrfToken(context.session, config.keys.csrf),
      } satisfies ReauthenticateResponse);
    }
    if (outcome.ok) {
      return apiOk({
        verified: false,
        challengeSent: true,
        message: outcome.notice.text,
        nextChallengeAt: outcome.nextChallengeAt?.toISOString() ?? null,
      } satisfies ReauthenticateResponse);
    }
    return apiError(outcome.status, outcome.code, outcome.error.text, {}, outcome.retryAt === null ? undefined : { at: outcome.retryAt, now: twofold.clock() });
  }

  async function forgetBrowser(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'verified-enabled');
    if (start instanceof Response) return start;
    const browser = stringField(start.body, 'browser');
    if (typeof browser !== 'string') return invalidRequest();
    if (!(await forgetAccountBrowser(kit, request, start.user, browser))) return deviceNotFound();
    return apiOk({ forgotten: true } satisfies ForgetBrowserResponse);
  }

  return {
    setupStart,
    setupConfirm,
    setupResend,
    setupCancel,
    devices,
    rename,
    remove,
    primary,
    backupCodesCount,
    backupCodesGenerate,
    disable,
    reauthenticate,
    forgetBrowser,
  };
}
