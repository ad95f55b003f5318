/**
 * The access rule behind `otpRequired` (django-otp's `otp_required`):
 * a request passes when the signed-in user is verified, or, with
 * `ifConfigured`, when they have no confirmed device at all (so 2FA can be
 * rolled out gradually). Anonymous requests never pass.
 */
import { jsonResponse, redirectResponse } from './headers.js';
import { loginRedirectUrl } from './redirect.js';
import type { OtpRequestContext } from './verification.js';

/** What a guard concluded. */
export type AccessDecision = 'allowed' | 'login-required' | 'otp-required';

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

/** Decides whether the request may go on. */
export async function checkOtpAccess(otp: OtpRequestContext, options: { readonly ifConfigured?: boolean } = {}): Promise<AccessDecision> {
  if ((await otp.user()) === null) return 'login-required';
  if (await otp.isVerified()) return 'allowed';
  if (options.ifConfigured === true && !(await otp.hasDevice())) return 'allowed';
  return 'otp-required';
}

/** The HTML guard's refusal: a 302 to the login page with `next` set to the requested path. */
export function loginRequiredRedirect(loginUrl: string, redirectField: string, requestedPath: string): Response {
  return redirectResponse(loginRedirectUrl(loginUrl, redirectField, requestedPath), 302);
}

/** The JSON guard's refusal: 401 with `{ "error": "login_required" | "otp_required" }`. */
export function apiRefusal(decision: Exclude<AccessDecision, 'allowed'>): Response {
  return jsonResponse({ error: decision === 'login-required' ? 'login_required' : 'otp_required' }, 401);
}
