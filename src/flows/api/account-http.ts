/**
 * Answers of the account JSON API. Requests are read with the sign-in API's
 * `readJsonRequest` (CSRF header and cross-site check first, JSON objects of
 * at most 16 KiB), so every endpoint under `<prefix>/api/` behaves alike;
 * account errors may carry a few extra fields (`maxAgeSeconds`, `failures`).
 */
import { jsonResponse } from '../../web/headers.js';
import { withRetryAfter } from '../../web/pages/second-factor.js';
import type { AccountApiError, AccountApiErrorCode } from './types.js';

/**
 * A failure answer: `{ error, message, ... }` with `status`, and a
 * `Retry-After` header (whole seconds, rounded up) when `retry` is given,
 * counted on twofold's clock.
 */
export function accountApiError(
  status: number,
  error: AccountApiErrorCode,
  message: string,
  extra: Omit<AccountApiError, 'error' | 'message' | 'retryAt'> = {},
  retry?: { readonly at: Date; readonly now: number },
): Response {
  const body: AccountApiError = { error, message, ...extra, ...(retry === undefined ? {} : { retryAt: retry.at.toISOString() }) };
  const response = jsonResponse(body, status);
  return retry === undefined ? response : withRetryAfter(response, retry.at, retry.now);
}

/** A success answer (`no-store`, like every twofold JSON answer). */
export function accountApiOk(body: object, status = 200): Response {
  return jsonResponse(body, status);
}

/** A string field of a JSON body: the value, undefined when absent, or null when it has another type (a bad request). */
export function optionalString(body: Readonly<Record<string, unknown>>, name: string): string | undefined | null {
  const value = body[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}
