/**
 * The Express side of twofold's pages for one checked configuration: the
 * middleware that sets `req.otp`, the pages' router and the guards, plus the
 * admin's router. `createTwofoldExpress` and `twofoldExpress` (index.ts)
 * build them.
 */
import { Router } from 'express';
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse, Router as ExpressRouter } from 'express';
import type { WebConfig } from '../assembly/options.js';
import { createRoutes } from '../assembly/routes.js';
import type { AdminHandler } from '../flows/admin/handler.js';
import type { WebEventSource } from '../flows/shared/events.js';
import { requireFactorsApiGuard, requireFactorsGuard } from '../flows/step-up/guard.js';
import type { OtpRequiredApiOptions, OtpRequiredOptions } from '../web/guards.js';
import type { Requirement } from '../web/step-up/requirement.js';
import { answeringUnavailable } from '../web/unavailable.js';
import type { HostUser } from '../web/user.js';
import { createOtpContext, type MaybePromise, type OtpRequestContext } from '../web/verification.js';
import { apiGuard, attachments, htmlGuard, type Attached } from './guards.js';
import { toWebRequest } from './request.js';
import { sendWebResponse } from './response.js';
import { expressSession } from './session.js';
import { expressStepUpGuard } from './step-up.js';

/** What {@link createTwofoldExpress} returns. */
export interface TwofoldExpress {
  /** Sets `req.otp` (lazy: nothing is read until asked). Install after the session (and Passport) middleware. */
  readonly middleware: RequestHandler;
  /** The login and sign-out pages: mount it where `loginUrl` points (`app.use('/account', router)` with `loginUrl: '/account/login'`). */
  readonly router: ExpressRouter;
  /** HTML guard: lets verified users through, redirects others to the login page with `next`. */
  otpRequired(options?: OtpRequiredOptions): RequestHandler;
  /** JSON guard: 401 `{ error: 'login_required' }` for anonymous, 401 `{ error: 'otp_required' }` for unverified users (`setup_required` when the policy makes them set up a device first). */
  otpRequiredApi(options?: OtpRequiredApiOptions): RequestHandler;
  /** Step-up guard: sessions short of `requirement` (one of the `requirements` option) go to the step-up page and come back. */
  requireFactors(requirement: Requirement): RequestHandler;
  /** The JSON variant of `requireFactors`: 401 `login_required`, or 403 `step_up_required` with the ways to satisfy it. */
  requireFactorsApi(requirement: Requirement): RequestHandler;
  /** Subscribes to the web layer's events (`userVerified`, `browserRemembered`, ...); returns the function that unsubscribes. */
  readonly on: WebEventSource['on'];
  /** The checked configuration. */
  readonly config: WebConfig;
}

/** How the host's Express app signs people in and out (Passport's `req.user`, `req.login`, `req.logout` by default). */
export interface ExpressCallbacks<User extends HostUser> {
  readonly getUser: (req: ExpressRequest) => unknown;
  readonly logIn: (req: ExpressRequest, user: User) => Promise<void>;
  readonly logOut: (req: ExpressRequest) => Promise<void>;
}

/** The middleware, the pages' router and the guards of one checked configuration. */
export function expressIntegration<User extends HostUser>(config: WebConfig<User>, callbacks: ExpressCallbacks<User>): TwofoldExpress {
  const { getUser, logIn, logOut } = callbacks;

  function attach(req: ExpressRequest): Attached {
    const existing = attachments.get(req);
    if (existing !== undefined && existing.config === config) return existing;
    const otp = createOtpContext({
      twofold: config.twofold,
      session: expressSession(req),
      getUser: () => getUser(req) as MaybePromise<HostUser | null | undefined>,
      keys: config.keys,
      lifetime: config.verificationLifetime,
    });
    const attached: Attached = { otp, config };
    attachments.set(req, attached);
    req.otp = otp;
    return attached;
  }

  const router = Router();
  for (const route of createRoutes(config)) {
    const handler: RequestHandler = async (req: ExpressRequest, res: ExpressResponse) => {
      const { otp } = attach(req);
      const request = await toWebRequest(req);
      const response = await answeringUnavailable(() =>
        route.handler(request, {
          session: expressSession(req),
          otp,
          logIn: (user) => logIn(req, user),
          logOut: () => logOut(req),
          basePath: req.baseUrl,
          // Honours `trust proxy`, as the host configured it.
          clientAddress: req.ip ?? null,
        }),
      );
      await sendWebResponse(res, response);
    };
    if (route.method === 'GET') router.get(route.path, handler);
    else router.post(route.path, handler);
  }

  return {
    middleware: (req: ExpressRequest, _res: ExpressResponse, next: NextFunction) => {
      attach(req);
      next();
    },
    router,
    otpRequired: (guardOptions = {}) => htmlGuard(guardOptions, attach),
    otpRequiredApi: (guardOptions = {}) => apiGuard(guardOptions, attach),
    requireFactors: (requirement) => expressStepUpGuard(requireFactorsGuard(config, requirement), (req) => attach(req).otp, sendWebResponse),
    requireFactorsApi: (requirement) => expressStepUpGuard(requireFactorsApiGuard(config, requirement), (req) => attach(req).otp, sendWebResponse),
    on: config.events.on,
    config,
  };
}

/**
 * The device admin's router for a handler (`otpAdmin` and
 * `twofoldExpress` mount it): it adapts the request, `req.session`,
 * the request's verification context and the host's user.
 */
export function adminRouter<User extends HostUser>(
  handle: AdminHandler<User>,
  getUser: (req: ExpressRequest) => MaybePromise<User | null | undefined>,
  otpOf: (req: ExpressRequest) => OtpRequestContext,
): ExpressRouter {
  const router = Router();
  router.use(async (req: ExpressRequest, res: ExpressResponse) => {
    const otp = otpOf(req);
    const request = await toWebRequest(req);
    const response = await handle(request, {
      session: expressSession(req),
      otp,
      user: async () => (await getUser(req)) ?? null,
      basePath: req.baseUrl,
    });
    await sendWebResponse(res, response);
  });
  return router;
}
