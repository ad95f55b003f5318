/**
 * What every account API endpoint shares: the access checks with their JSON
 * refusals, the CSRF-checked body, the common errors, and a device as the API
 * shows it. The endpoints themselves live in `account-setup.ts`,
 * `account-devices.ts` and `account-security.ts`.
 */
import type { Device } from '../../core/types.js';
import type { MessageId, MessageParams } from '../../web/messages.js';
import type { PageContext } from '../../web/pages/context.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { checkActionAccess, type AccountAccess, type AccountActionTarget, type AccountRequirement } from '../account/access.js';
import type { AccountAction } from '../account/options.js';
import type { AccountKit } from '../account/service.js';
import { codeSendError, type CodeSendFailure } from '../account/code-setup.js';
import { deliveryDestination, type DeliveryDestination } from '../../web/destination.js';
import { devicesByPreference } from '../shared/primary.js';
import { accountApiError as apiError } from './account-http.js';
import { readJsonRequest } from './login-json.js';
import type { AccountApiDevice, AccountApiErrorCode } from './types.js';

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

/** A JSON request body, as read by `readJsonRequest`. */
export type AccountApiBody = Readonly<Record<string, unknown>>;

/** The checked start of a POST: its body, the signed-in user and whether two-factor authentication is on. */
export interface AccountApiPost {
  readonly body: AccountApiBody;
  readonly user: TwofoldUser;
  readonly enabled: boolean;
}

/** The helpers the account endpoints share, bound to one `AccountKit`. */
export interface AccountEndpointKit<User extends HostUser> {
  readonly kit: AccountKit<User>;
  readonly text: (id: MessageId, params?: MessageParams) => string;
  /** The access check; a refusal comes back as the JSON error response. */
  readonly allowed: (context: PageContext<User>, requirement: AccountRequirement) => Promise<(AccountAccess & { ok: true }) | Response>;
  /** The CSRF checks, then the body (as every JSON endpoint reads it). */
  readonly postedBody: (request: Request, context: PageContext<User>) => Promise<AccountApiBody | Response>;
  /** CSRF, then the body, then access: the common start of every POST. */
  readonly post: (request: Request, context: PageContext<User>, requirement: AccountRequirement, action?: AccountAction) => Promise<AccountApiPost | Response>;
  readonly invalidRequest: () => Response;
  readonly deviceNotFound: () => Response;
  readonly primaryId: (userId: string) => Promise<string | null>;
  readonly apiDevice: (device: Device, primary: string | null) => Promise<AccountApiDevice>;
  /** 429 (`cooldown`, `send_limit`, with `Retry-After`), 503 (`challenge_failed`: ask again at once) or 500. */
  readonly sendFailure: (failure: CodeSendFailure) => Response;
}

/** Binds the shared endpoint helpers to `kit`. */
export function createAccountEndpointKit<User extends HostUser>(kit: AccountKit<User>): AccountEndpointKit<User> {
  const { config, twofold, t, account } = kit;
  const text = (id: MessageId, params: MessageParams = {}) => t.text(id, params);

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
      case 'reauthentication-required': {
        // The default asks for a code within maxAgeSeconds; a requirement of the host's is named, for the step-up page.
        const requirement = access.requirement ?? account.recentRequirement;
        return apiError(403, 'reauthentication_required', text('account.api.reauthenticationRequired'), {
          ...(requirement === account.recentRequirement ? { maxAgeSeconds: account.recentVerificationMs / 1000 } : {}),
          requirement: requirement.name,
        });
      }
      case 'not-enabled':
        return apiError(409, 'two_factor_not_enabled', text('account.error.notEnabled'));
    }
  }

  async function allowed(context: PageContext<User>, requirement: AccountRequirement, target?: AccountActionTarget): Promise<(AccountAccess & { ok: true }) | Response> {
    const access = await checkActionAccess(twofold, account, context.otp, requirement, target);
    return access.ok ? access : refusal(context, access);
  }

  async function postedBody(request: Request, context: PageContext<User>): Promise<AccountApiBody | Response> {
    const read = await readJsonRequest(request, context.session, config.keys.csrf, t);
    return read.ok ? read.body : read.response;
  }

  async function post(request: Request, context: PageContext<User>, requirement: AccountRequirement, action?: AccountAction): Promise<AccountApiPost | Response> {
    const body = await postedBody(request, context);
    if (body instanceof Response) return body;
    // A removal's requirement may depend on the device (a security key may need a security key).
    const device = action === 'removeDevice' ? body.device : undefined;
    const access = await allowed(context, requirement, action === undefined ? undefined : { action, deviceId: typeof device === 'string' ? device : undefined });
    if (access instanceof Response) return access;
    return { body, user: access.user, enabled: access.enabled };
  }

  function sendFailure(failure: CodeSendFailure): Response {
    const now = twofold.clock();
    const explained = codeSendError(t, failure, now);
    const retry = explained.retryAt === null ? undefined : { at: explained.retryAt, now };
    return apiError(explained.status, SEND_FAILURE_CODES[failure.reason], text(explained.id, explained.params), {}, retry);
  }

  return {
    kit,
    text,
    allowed,
    postedBody,
    post,
    invalidRequest: () => apiError(400, 'bad_request', text('api.error.badRequest')),
    deviceNotFound: () => apiError(404, 'device_not_found', text('account.error.deviceNotFound')),
    primaryId: async (userId) => (await devicesByPreference(twofold, userId)).primary?.id ?? null,
    apiDevice: async (device, primary) => toApiDevice(device, primary, await deliveryDestination(twofold, device)),
    sendFailure,
  };
}
