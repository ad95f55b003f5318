/**
 * The access rule behind `otpRequired` (django-otp's `otp_required`):
 * a request passes when the signed-in user is verified, or, with
 * `ifConfigured`, when they have no confirmed device at all (so 2FA can be
 * rolled out gradually). Anonymous requests never pass, and neither does a
 * user the `requireTwoFactor` policy says must set up a device first (not
 * even with `ifConfigured`): they are "password only, setup required".
 * A verified state that ran out in this request (see `lifetime.ts`) is
 * `otp-expired`: the HTML guard treats it as `otp-required` (the code page
 * says why), the JSON guard answers `otp_expired` with the reason.
 */
import { jsonResponse, redirectResponse } from './headers.js';
import { loginRedirectUrl } from './redirect.js';
import type { VerificationExpiry } from './lifetime.js';
import type { TwofoldUser } from './user.js';
import type { OtpRequestContext } from './verification.js';

/** What a guard concluded. */
export type AccessDecision = 'allowed' | 'login-required' | 'otp-required' | 'otp-expired' | 'setup-required';

/** Options of the HTML guard. */
export interface OtpRequiredOptions {
  /** Let signed-in users without any confirmed device through (default false). Anonymous users are still refused. */
  readonly ifConfigured?: boolean;
  /** Where to send refused users (default: the integration's `loginUrl`). */
  readonly loginUrl?: string;
  /** The query field carrying the page to return to (default: the integration's `redirectField`). */
  readonly redirectField?: string;
}

/** Options of the JSON guard. */
export interface OtpRequiredApiOptions {
  /** Let signed-in users without any confirmed device through (default false). */
  readonly ifConfigured?: boolean;
}

/**
 * Decides whether the request may go on. `requireTwoFactor` is the
 * integration's policy (`config.requireTwoFactor`): a signed-in, unverified
 * user without a device whom it names gets `setup-required`.
 */
export async function checkOtpAccess(
  otp: OtpRequestContext,
  options: { readonly ifConfigured?: boolean } = {},
  requireTwoFactor: ((user: TwofoldUser) => Promise<boolean>) | null = null,
): Promise<AccessDecision> {
  const user = await otp.user();
  if (user === null) return 'login-required';
  if (await otp.isVerified()) return 'allowed';
  if (requireTwoFactor !== null && !(await otp.hasDevice()) && (await requireTwoFactor(user))) return 'setup-required';
  if (options.ifConfigured === true && !(await otp.hasDevice())) return 'allowed';
  return (await otp.expiry()) === null ? 'otp-required' : 'otp-expired';
}

/**
 * The HTML guard's refusal: a 302 to the login page with `next` set to the
 * requested path (the login page sends a user who must set up a device on
 * to the setup wizard, still carrying `next`).
 */
export function loginRequiredRedirect(loginUrl: string, redirectField: string, requestedPath: string): Response {
  return redirectResponse(loginRedirectUrl(loginUrl, redirectField, requestedPath), 302);
}

/** The machine-readable error of each refusal. */
const API_ERRORS: Readonly<Record<Exclude<AccessDecision, 'allowed'>, string>> = {
  'login-required': 'login_required',
  'otp-required': 'otp_required',
  'otp-expired': 'otp_expired',
  'setup-required': 'setup_required',
};

/**
 * The JSON guard's refusal: 401 with `{ "error": "login_required" | "otp_required" | "setup_required" }`,
 * or `{ "error": "otp_expired", "reason": "idle" | "absolute", "limitSeconds": n }` when the
 * verified state ran out (pass the request's `otp.expiry()`).
 */
export function apiRefusal(decision: Exclude<AccessDecision, 'allowed'>, expiry: VerificationExpiry | null = null): Response {
  const error = API_ERRORS[decision];
  if (decision === 'otp-expired' && expiry !== null) return jsonResponse({ error, reason: expiry.reason, limitSeconds: expiry.limitSeconds }, 401);
  return jsonResponse({ error }, 401);
}
