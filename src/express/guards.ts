/**
 * The Express guards of pages and APIs (django-otp's `otp_required`):
 * verified users pass, others are redirected to the login page (HTML) or get
 * a 401 (JSON). Each request's verification context is attached by twofold's
 * middleware and found here again.
 */
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express';
import { TwofoldError } from '../core/errors.js';
import type { WebConfig } from '../assembly/options.js';
import { apiRefusal, checkOtpAccess, loginRequiredRedirect, type AccessDecision, type OtpRequiredApiOptions, type OtpRequiredOptions } from '../web/guards.js';
import { isSafeRedirect } from '../web/redirect.js';
import { decideUnlessUnavailable } from '../web/unavailable.js';
import type { OtpRequestContext } from '../web/verification.js';
import { sendWebResponse } from './response.js';

/** What twofold's middleware attached to a request. */
export interface Attached {
  readonly otp: OtpRequestContext;
  readonly config: WebConfig;
}

/** The contexts attached to requests by the middleware of every configuration. */
export const attachments = new WeakMap<ExpressRequest, Attached>();

function attachedTo(req: ExpressRequest): Attached {
  const attached = attachments.get(req);
  if (attached === undefined) {
    throw new TwofoldError('INVALID_CONFIG', 'otpRequired needs twofold\'s middleware: app.use(createTwofoldExpress(...).middleware) before it');
  }
  return attached;
}

function checkGuardOptions(options: OtpRequiredOptions): void {
  if (options.loginUrl !== undefined && !isSafeRedirect(options.loginUrl)) {
    throw new TwofoldError('INVALID_CONFIG', `loginUrl must be a same-origin path starting with "/", got ${JSON.stringify(options.loginUrl)}`);
  }
}

/** A guard over the contexts `attach` finds: `next()` when allowed, else the answer `refuse` gives. */
function accessGuard(
  options: { readonly ifConfigured?: boolean },
  attach: (req: ExpressRequest) => Attached,
  refuse: (req: ExpressRequest, attached: Attached, decision: Exclude<AccessDecision, 'allowed'>) => Promise<Response> | Response,
): RequestHandler {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const attached = attach(req);
    const decision = await decideUnlessUnavailable(() => checkOtpAccess(attached.otp, options, attached.config.requireTwoFactor));
    if (decision instanceof Response) {
      await sendWebResponse(res, decision);
      return;
    }
    if (decision === 'allowed') {
      next();
      return;
    }
    await sendWebResponse(res, await refuse(req, attached, decision));
  };
}

/** The HTML guard over the contexts `attach` finds. */
export function htmlGuard(options: OtpRequiredOptions, attach: (req: ExpressRequest) => Attached): RequestHandler {
  checkGuardOptions(options);
  return accessGuard(options, attach, (req, { config }) =>
    loginRequiredRedirect(options.loginUrl ?? config.loginUrl, options.redirectField ?? config.redirectField, req.originalUrl),
  );
}

/** The JSON guard over the contexts `attach` finds. */
export function apiGuard(options: OtpRequiredApiOptions, attach: (req: ExpressRequest) => Attached): RequestHandler {
  return accessGuard(options, attach, async (_req, { otp }, decision) => apiRefusal(decision, await otp.expiry()));
}

/**
 * Guard for routes and routers (django-otp's `otp_required`): verified users
 * pass; others get a 302 to `loginUrl?next=<requested path>`. With
 * `ifConfigured`, signed-in users without a confirmed device pass too;
 * anonymous users never do. Needs twofold's middleware earlier in the chain.
 */
export function otpRequired(options: OtpRequiredOptions = {}): RequestHandler {
  return htmlGuard(options, attachedTo);
}

/** The JSON variant of {@link otpRequired} for API routes: 401 `{ error: 'login_required' | 'otp_required' }`. */
export function otpRequiredApi(options: OtpRequiredApiOptions = {}): RequestHandler {
  return apiGuard(options, attachedTo);
}
