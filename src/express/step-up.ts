/**
 * The step-up guards for Express: the neutral guards of `flows/step-up`
 * around Express's request, reading only what they need (method, public
 * URL, `Referer`, user agent, `req.ip`) so that the host's route still gets
 * the body untouched.
 */
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express';
import type { StepUpGuard, GuardedRequest } from '../flows/step-up/guard.js';
import type { OtpRequestContext } from '../web/verification.js';
import { publicUrl } from './request.js';

/** What a step-up guard needs of an Express request. */
export function guardedRequest(req: ExpressRequest): GuardedRequest {
  return {
    method: req.method,
    url: publicUrl(req),
    referer: req.get('referer') ?? null,
    userAgent: req.get('user-agent') ?? null,
    // Honours `trust proxy`, as the host configured it.
    clientAddress: req.ip ?? null,
  };
}

/** An Express middleware running `guard`: `next()` when allowed, else its response is sent. */
export function expressStepUpGuard(
  guard: StepUpGuard,
  otpOf: (req: ExpressRequest) => OtpRequestContext,
  send: (res: ExpressResponse, response: Response) => Promise<void>,
): RequestHandler {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const decision = await guard(otpOf(req), guardedRequest(req));
    if (decision === 'allowed') {
      next();
      return;
    }
    await send(res, decision);
  };
}
