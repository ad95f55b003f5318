/**
 * A database that is down or saturated is a passing condition, not a bug:
 * the pages answer `503 Service Unavailable` with `Retry-After` (from the
 * store's `STORE_UNAVAILABLE` error) instead of a 500, so that clients and
 * load balancers retry later and monitoring tells the two apart.
 */
import { isTwofoldError } from '../core/errors.js';

/** Retry-After when the error carries no hint of its own. */
const DEFAULT_RETRY_SECONDS = 5;

/** The 503 answer to a `STORE_UNAVAILABLE` error, or null for any other error. */
export function unavailableResponse(error: unknown): Response | null {
  if (!isTwofoldError(error, 'STORE_UNAVAILABLE')) return null;
  const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds ?? DEFAULT_RETRY_SECONDS));
  return new Response('The service is temporarily unavailable. Please try again in a few seconds.\n', {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(seconds), 'cache-control': 'no-store' },
  });
}

/**
 * Runs a guard's check (which may read the store) and gives either its
 * answer or, when the database is unavailable, the 503 to send instead, so
 * that a guarded route of the host fails the same way twofold's pages do.
 *
 * @example
 * const decision = await decideUnlessUnavailable(() => checkOtpAccess(otp, options, requireTwoFactor));
 * if (decision instanceof Response) return decision;
 */
export async function decideUnlessUnavailable<Decision extends string>(decide: () => Promise<Decision>): Promise<Decision | Response> {
  try {
    return await decide();
  } catch (error) {
    const response = unavailableResponse(error);
    if (response === null) throw error;
    return response;
  }
}

/**
 * Runs a route handler and answers `STORE_UNAVAILABLE` with 503 +
 * Retry-After; every other error propagates to the host's error handling.
 *
 * @example
 * const response = await answeringUnavailable(() => route.handler(request, context));
 */
export async function answeringUnavailable(handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    const response = unavailableResponse(error);
    if (response === null) throw error;
    return response;
  }
}
