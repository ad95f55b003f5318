/**
 * The setup endpoints of the account JSON API: start a setup (an app key, or
 * a code sent to a number or address), send the code again, confirm with the
 * first code, or cancel.
 */
import type { Device } from '../../core/types.js';
import { csrfToken } from '../../web/csrf.js';
import { codeRecipient, type PageContext, type PageHandler } from '../../web/pages/context.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import {
  accountDevices,
  beginSetup,
  cancelSetup,
  confirmSetup,
  defaultDeviceName,
  readSetup,
  type ActiveCodeSetup,
  type ActiveSetup,
  type SetupConfirmation,
} from '../account/service.js';
import { confirmCodeSetup, destinationProblemMessage, resendSetupCode, startCodeSetup } from '../account/code-setup.js';
import { kindSentence } from '../account/device-names.js';
import { ceremonyKindOf, tokenKindOf, type CeremonyKind, type TokenKind } from '../../devices/presentation.js';
import { registerByCeremony, startCeremonySetup } from '../account/ceremony-setup.js';
import { ceremonyMessage } from '../login/ceremony-step.js';
import { registerByToken } from '../account/token-setup.js';
import { destinationKindOf, type DestinationKind, type SideChannelMethod } from '../account/side-channel.js';
import { codeSentMessage } from '../../web/destination.js';
import { formatKeyForReading, keyInBase32, provisioningUri } from '../account/setup-state.js';
import { accountApiError as apiError, accountApiOk as apiOk, optionalString as stringField } from './account-http.js';
import type { AccountApiBody, AccountEndpointKit } from './account-endpoint.js';
import type { CeremonySetupResponse, CodeSetupResponse, SetupCancelResponse, SetupConfirmResponse, SetupStartResponse } from './types.js';

/** The setup handlers of the account API. */
export interface AccountSetupHandlers<User extends HostUser> {
  readonly setupStart: PageHandler<User>;
  readonly setupConfirm: PageHandler<User>;
  readonly setupResend: PageHandler<User>;
  readonly setupCancel: PageHandler<User>;
}

/** Creates the setup endpoints on the shared helpers `endpoint`. */
export function createAccountSetupApi<User extends HostUser>(endpoint: AccountEndpointKit<User>): AccountSetupHandlers<User> {
  const { kit, text, post, postedBody, invalidRequest, apiDevice, sendFailure } = endpoint;
  const { config, twofold, t, account } = kit;
  const setupUrls = (context: PageContext<User>) => ({ qr: `${context.basePath}/setup/qr.svg` });

  function codeSetupResponse(active: ActiveCodeSetup, nextCodeAt: Date | null, again: boolean): CodeSetupResponse {
    return {
      status: 'code-sent',
      method: active.setup.method,
      destination: { channel: active.destination.channel, masked: active.destination.masked },
      message: codeSentMessage(t, active.destination, active.device.name, { again }).text,
      defaultName: active.device.name,
      expiresAt: new Date(active.expiresAt).toISOString(),
      nextCodeAt: nextCodeAt?.toISOString() ?? null,
    };
  }

  /** The answer to a setup that ended with a confirmed device: this session is verified with it. */
  async function confirmedResponse(context: PageContext<User>, userId: string, device: Device, firstDevice: boolean): Promise<Response> {
    const devices = await accountDevices(twofold, userId);
    return apiOk({
      device: await apiDevice(device, devices.primary?.id ?? null),
      firstDevice,
      verified: true,
      csrfToken: csrfToken(context.session, config.keys.csrf),
      backupCodesRemaining: devices.backupCodesRemaining,
    } satisfies SetupConfirmResponse);
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

  async function setupStart(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'recent');
    if (start instanceof Response) return start;
    const requested = stringField(start.body, 'method');
    if (requested === null) return invalidRequest();
    const method = requested ?? (account.methods.length === 1 ? account.methods[0] : undefined);
    if (method === undefined || !account.methods.includes(method)) return apiError(400, 'unknown_method', text('account.error.methodRequired'));
    const served = destinationKindOf(twofold, method);
    if (served !== null) return codeSetupStart(context, start.body, start.user, method, served);
    const tokenKind = tokenKindOf(twofold, method);
    if (tokenKind !== null) return tokenSetupStart(context, request, start.body, start.user, tokenKind);
    const ceremonyKind = ceremonyKindOf(twofold, method);
    if (ceremonyKind !== null) return ceremonySetupStart(context, request, start.body, start.user, ceremonyKind);
    const active = await beginSetup(kit, context.session, start.user.id, method, null);
    const names = (await twofold.listDevices(start.user.id)).map((device) => device.name);
    return apiOk(setupResponse(context, start.user, active, names) satisfies SetupStartResponse);
  }

  /** A setup by code: check the destination (in the field its kind declares), create the device unconfirmed, send the first code. */
  async function codeSetupStart(context: PageContext<User>, body: AccountApiBody, user: TwofoldUser, method: SideChannelMethod, served: DestinationKind): Promise<Response> {
    const { field, inputType } = served.destination;
    const given = stringField(body, field);
    if (given === null) return invalidRequest();
    // An e-mail destination defaults to the user's own address, when the host knows it.
    const destination = given ?? (inputType === 'email' ? ((await account.userEmail(user)) ?? '') : '');
    const outcome = await startCodeSetup(kit, context.session, user, { method, destination, next: null }, codeRecipient(context));
    if (outcome.ok) return apiOk(codeSetupResponse(outcome.active, outcome.nextChallengeAt, false) satisfies CodeSetupResponse);
    switch (outcome.reason) {
      case 'invalid-destination': {
        const { problem } = outcome;
        // The code names the field: `invalid_number`, `invalid_address`.
        return apiError(400, `invalid_${field}`, destinationProblemMessage(t, twofold, method, problem).text, { reason: problem.reason });
      }
      case 'destination-taken':
        return apiError(409, 'destination_taken', kindSentence(t, served.kind.name, 'taken', served.destination.texts.taken).text);
      case 'send-failed':
        return sendFailure(outcome.failure);
    }
  }

  /** A kind set up by a token the device typed (a YubiKey): the kind checks it as it creates the device, confirmed, in this one request. */
  async function tokenSetupStart(context: PageContext<User>, request: Request, body: AccountApiBody, user: TwofoldUser, served: TokenKind): Promise<Response> {
    const token = stringField(body, 'token');
    const name = stringField(body, 'name');
    if (token === null || name === null) return invalidRequest();
    const names = (await twofold.listDevices(user.id)).map((device) => device.name);
    const outcome = await registerByToken(kit, context, request, user, served, { name: name ?? defaultDeviceName(t, served.kind, names), token: token ?? '', next: null });
    if (outcome.ok) return confirmedResponse(context, user.id, outcome.device, outcome.firstDevice);
    const said = (reason: 'invalid' | 'taken' | 'unavailable') => kindSentence(t, served.kind.name, reason, served.token.texts[reason]).text;
    switch (outcome.reason) {
      case 'invalid-name':
        return apiError(400, 'invalid_name', text(outcome.error, outcome.params));
      case 'token-required':
        return apiError(400, 'token_required', text('account.error.setupCodeRequired'));
      case 'invalid':
        return apiError(400, 'invalid_token', said('invalid'));
      case 'taken':
        return apiError(409, 'key_taken', said('taken'));
      case 'unavailable':
        return apiError(503, 'validation_unavailable', said('unavailable'));
    }
  }

  /**
   * A kind set up by a browser ceremony (a security key): without `response`,
   * the options for the browser; with it (the JSON text or object the browser
   * gave), the device is checked and created in this request.
   */
  async function ceremonySetupStart(context: PageContext<User>, request: Request, body: AccountApiBody, user: TwofoldUser, served: CeremonyKind): Promise<Response> {
    const name = stringField(body, 'name');
    const given = body.response;
    if (name === null || (given !== undefined && (given === null || (typeof given !== 'string' && typeof given !== 'object')))) return invalidRequest();
    const names = (await twofold.listDevices(user.id)).map((device) => device.name);
    const defaultName = defaultDeviceName(t, served.kind, names);
    if (given === undefined) {
      const publicKey = await startCeremonySetup(kit, context, user, served);
      return apiOk({ status: 'ceremony', method: served.kind.name, publicKey, defaultName } satisfies CeremonySetupResponse);
    }
    const response = typeof given === 'string' ? given : JSON.stringify(given);
    const outcome = await registerByCeremony(kit, context, request, user, served, { name: name ?? defaultName, response });
    if (outcome.ok) return confirmedResponse(context, user.id, outcome.device, outcome.firstDevice);
    if (outcome.reason === 'invalid-name') return apiError(400, 'invalid_name', text(outcome.error, outcome.params));
    const said = ceremonyMessage(t, served, outcome.reason).text;
    const codes = { cancelled: [400, 'ceremony_cancelled'], failed: [400, 'ceremony_failed'], taken: [409, 'key_taken'] } as const;
    const [status, code] = codes[outcome.reason];
    return apiError(status, code, said);
  }

  /** A new code for the setup by code in progress. */
  async function setupResend(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'recent');
    if (start instanceof Response) return start;
    const lookup = await readSetup(kit, context.session, start.user.id);
    if (lookup.status === 'none') return apiError(400, 'setup_not_started', text('account.error.setupMissing'));
    if (lookup.status === 'expired') return apiError(400, 'setup_expired', text('account.error.setupExpired'));
    if (lookup.status === 'active') return apiError(400, 'not_interactive', text('error.notInteractive'));
    const sent = await resendSetupCode(kit, start.user, lookup, codeRecipient(context));
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
    if (outcome.ok) return confirmedResponse(context, start.user.id, outcome.device, outcome.firstDevice);
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

  return { setupStart, setupConfirm, setupResend, setupCancel };
}
