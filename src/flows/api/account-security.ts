/**
 * The security endpoints of the account JSON API: turn two-factor
 * authentication off, verify again with a code (reauthenticate), and forget
 * a remembered browser.
 */
import { csrfToken } from '../../web/csrf.js';
import { codeRecipient, type PageContext, type PageHandler } from '../../web/pages/context.js';
import { runDeviceStep } from '../../web/pages/second-factor.js';
import { sessionTransaction } from '../../web/state.js';
import type { HostUser } from '../../web/user.js';
import { chooseReauthDevice, disableTwoFactor, forgetAccountBrowser } from '../account/service.js';
import { sendCode } from '../account/code-setup.js';
import { codeSentMessage } from '../../web/destination.js';
import { accountApiError as apiError, accountApiOk as apiOk, optionalString as stringField } from './account-http.js';
import type { AccountEndpointKit } from './account-endpoint.js';
import type { DisableResponse, ForgetBrowserResponse, ReauthenticateResponse } from './types.js';

/** The disable, reauthenticate and forget-browser handlers of the account API. */
export interface AccountSecurityHandlers<User extends HostUser> {
  readonly disable: PageHandler<User>;
  readonly reauthenticate: PageHandler<User>;
  readonly forgetBrowser: PageHandler<User>;
}

/** Creates the disable, reauthenticate and forget-browser endpoints on the shared helpers `endpoint`. */
export function createAccountSecurityApi<User extends HostUser>(endpoint: AccountEndpointKit<User>): AccountSecurityHandlers<User> {
  const { kit, text, post, postedBody, invalidRequest, deviceNotFound, sendFailure } = endpoint;
  const { config, twofold, t, account } = kit;

  async function disable(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'recent-enabled', 'disable');
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
      const sent = await sendCode(kit, user.id, device, sessionTransaction(context.session, config.keys.transaction), codeRecipient(context));
      if (!sent.ok) return sendFailure(sent);
      return apiOk({
        verified: false,
        challengeSent: true,
        message: codeSentMessage(t, sent.destination, sent.device.name).text,
        nextChallengeAt: sent.nextChallengeAt?.toISOString() ?? null,
      } satisfies ReauthenticateResponse);
    }
    const binding = sessionTransaction(context.session, config.keys.transaction);
    const outcome = await runDeviceStep(config, user.id, { action, device, token: token ?? '', binding, ...codeRecipient(context) });
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

  return { disable, reauthenticate, forgetBrowser };
}
