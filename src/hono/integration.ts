/**
 * The Hono side of twofold's pages for one checked configuration: the
 * middleware that sets `c.get('otp')`, the pages' routes and the guards.
 * `createTwofoldHono` and `twofoldHono` (index.ts) build it.
 */
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { TwofoldError } from '../core/errors.js';
import type { WebConfig } from '../assembly/options.js';
import { createRoutes } from '../assembly/routes.js';
import type { WebEventSource } from '../flows/shared/events.js';
import { apiRefusal, checkOtpAccess, loginRequiredRedirect, type OtpRequiredApiOptions, type OtpRequiredOptions } from '../web/guards.js';
import { isSafeRedirect } from '../web/redirect.js';
import type { TwofoldSession } from '../web/session.js';
import { answeringUnavailable, decideUnlessUnavailable } from '../web/unavailable.js';
import type { HostUser } from '../web/user.js';
import { createOtpContext, type MaybePromise, type OtpRequestContext } from '../web/verification.js';
import { nodeSocketAddress, requestOf, type TwofoldHonoEnv } from './request.js';
import { requireFactorsApiGuard, requireFactorsGuard, type StepUpGuard } from '../flows/step-up/guard.js';
import type { Requirement } from '../web/step-up/requirement.js';

/** How the host's Hono app keeps sessions and signs people in and out. */
export interface HonoCallbacks<E extends TwofoldHonoEnv, User extends HostUser> {
  /** The request's session, adapted to twofold's interface (its `regenerate` must set the new cookie). */
  readonly session: (c: Context<E>) => TwofoldSession;
  /** The signed-in user, or null. */
  readonly getUser: (c: Context<E>) => MaybePromise<HostUser | null | undefined>;
  /** Establishes the host's own login once every factor has passed. Required with `verifyPassword`. */
  readonly logIn?: (c: Context<E>, user: User) => Promise<void>;
  /** Ends the host's own login on sign-out (the session is replaced afterwards anyway). */
  readonly logOut?: (c: Context<E>) => Promise<void>;
  /**
   * The client's network address, for the `client` sending budgets (behind a
   * proxy: the address your proxy reports, e.g. from `X-Forwarded-For` as
   * your proxy sets it). Default: the socket's address under
   * `@hono/node-server`, else unknown (client budgets then do not apply).
   */
  readonly clientAddress?: (c: Context<E>) => string | null | undefined;
}

/** What {@link createTwofoldHono} returns. */
export interface TwofoldHono<E extends TwofoldHonoEnv = TwofoldHonoEnv> {
  /** Sets `c.get('otp')` (lazy). Install after your session middleware. */
  readonly middleware: MiddlewareHandler<E>;
  /** The login and sign-out pages: `app.route('/account', routes)` with `loginUrl: '/account/login'`. */
  readonly routes: Hono<E>;
  /** HTML guard: verified users pass, others are redirected to the login page with `next`. */
  otpRequired(options?: OtpRequiredOptions): MiddlewareHandler<E>;
  /** JSON guard: 401 `{ error: 'login_required' | 'otp_required' | 'setup_required' }`. */
  otpRequiredApi(options?: OtpRequiredApiOptions): MiddlewareHandler<E>;
  /**
   * Step-up guard: sessions short of `requirement` go to the step-up page and
   * come back; anonymous users to the login page. The requirement must be one
   * of the `requirements` option (else `INVALID_CONFIG`, now).
   */
  requireFactors(requirement: Requirement): MiddlewareHandler<E>;
  /** The JSON variant of `requireFactors`: 401 `login_required`, or 403 `step_up_required` with the ways to satisfy it. */
  requireFactorsApi(requirement: Requirement): MiddlewareHandler<E>;
  /** Subscribes to the web layer's events (`userVerified`, ...); returns the function that unsubscribes. */
  readonly on: WebEventSource['on'];
  /** The checked configuration. */
  readonly config: WebConfig;
}

/** Builds the Hono integration of a checked configuration. Throws `INVALID_CONFIG` when the password login has no `logIn`. */
export function honoIntegration<E extends TwofoldHonoEnv, User extends HostUser>(
  config: WebConfig<User>,
  options: HonoCallbacks<E, User>,
): TwofoldHono<E> {
  const { logIn, logOut } = options;
  if (config.passwordLogin !== null && logIn === undefined) {
    throw new TwofoldError('INVALID_CONFIG', 'verifyPassword needs logIn(c, user): how your app signs a user in');
  }
  const contexts = new WeakMap<Request, OtpRequestContext>();

  function attach(c: Context<E>): OtpRequestContext {
    let otp = contexts.get(c.req.raw);
    if (otp === undefined) {
      otp = createOtpContext({
        twofold: config.twofold,
        session: options.session(c),
        getUser: () => options.getUser(c),
        keys: config.keys,
        lifetime: config.verificationLifetime,
      });
      contexts.set(c.req.raw, otp);
    }
    c.set('otp', otp);
    return otp;
  }

  function stepUpMiddleware(guard: StepUpGuard): MiddlewareHandler<E> {
    return async (c, next) => {
      const decision = await guard(attach(c), {
        method: c.req.method,
        url: new URL(c.req.url),
        referer: c.req.header('referer') ?? null,
        userAgent: c.req.header('user-agent') ?? null,
        clientAddress: options.clientAddress === undefined ? nodeSocketAddress(c) : (options.clientAddress(c) ?? null),
      });
      if (decision !== 'allowed') return decision;
      await next();
    };
  }

  const routes = new Hono<E>();
  for (const route of createRoutes(config)) {
    routes.on(route.method, route.path, async (c) => {
      const path = c.req.path;
      const basePath = path.endsWith(route.path) ? path.slice(0, path.length - route.path.length) : '';
      const request = await requestOf(c);
      return answeringUnavailable(() =>
        route.handler(request, {
          session: options.session(c),
          otp: attach(c),
          logIn: (user) => {
            if (logIn === undefined) throw new TwofoldError('INVALID_CONFIG', 'logIn is not configured');
            return logIn(c, user);
          },
          logOut: () => (logOut === undefined ? Promise.resolve() : logOut(c)),
          basePath,
          clientAddress: options.clientAddress === undefined ? nodeSocketAddress(c) : (options.clientAddress(c) ?? null),
        }),
      );
    });
  }

  return {
    middleware: async (c, next) => {
      attach(c);
      await next();
    },
    routes,
    otpRequired(guardOptions = {}) {
      if (guardOptions.loginUrl !== undefined && !isSafeRedirect(guardOptions.loginUrl)) {
        throw new TwofoldError('INVALID_CONFIG', `loginUrl must be a same-origin path starting with "/", got ${JSON.stringify(guardOptions.loginUrl)}`);
      }
      return async (c, next) => {
        const decision = await decideUnlessUnavailable(() => checkOtpAccess(attach(c), guardOptions, config.requireTwoFactor));
        if (decision instanceof Response) return decision;
        if (decision === 'allowed') {
          await next();
          return;
        }
        const url = new URL(c.req.url);
        return loginRequiredRedirect(
          guardOptions.loginUrl ?? config.loginUrl,
          guardOptions.redirectField ?? config.redirectField,
          url.pathname + url.search,
        );
      };
    },
    otpRequiredApi(guardOptions = {}) {
      return async (c, next) => {
        const otp = attach(c);
        const decision = await decideUnlessUnavailable(() => checkOtpAccess(otp, guardOptions, config.requireTwoFactor));
        if (decision instanceof Response) return decision;
        if (decision === 'allowed') {
          await next();
          return;
        }
        return apiRefusal(decision, await otp.expiry());
      };
    },
    requireFactors: (requirement) => stepUpMiddleware(requireFactorsGuard(config, requirement)),
    requireFactorsApi: (requirement) => stepUpMiddleware(requireFactorsApiGuard(config, requirement)),
    on: config.events.on,
    config,
  };
}
