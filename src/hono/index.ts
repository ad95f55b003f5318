/**
 * twofold for Hono. Hono already speaks web-standard `Request` / `Response`,
 * so this adapter only wires twofold's pages and guards to Hono's routing and
 * context. Hono has no built-in session: the host adapts the session it uses
 * to twofold's {@link TwofoldSession} interface (five small functions).
 *
 * ```ts
 * const otp = createTwofoldHono({ twofold, session: (c) => c.get('session'), getUser, verifyPassword, loadUser, logIn });
 * app.use(otp.middleware);                   // c.get('otp')
 * app.route('/account', otp.routes);         // GET|POST /account/login, /account/logout
 * app.get('/secret', otp.otpRequired(), (c) => c.text('secret'));
 * ```
 *
 * @packageDocumentation
 */
import { Hono } from 'hono';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { TwofoldError } from '../core/errors.js';
import { apiRefusal, checkOtpAccess, loginRequiredRedirect, type OtpRequiredApiOptions, type OtpRequiredOptions } from '../web/guards.js';
import { resolveWebConfig, type TwofoldWebOptions, type WebConfig } from '../web/options.js';
import { createRoutes } from '../web/pages/index.js';
import { isSafeRedirect } from '../web/redirect.js';
import type { TwofoldSession } from '../web/session.js';
import type { HostUser } from '../web/user.js';
import { createOtpContext, type MaybePromise, type OtpRequestContext } from '../web/verification.js';
import type { WebEventSource } from '../flows/login/events.js';

export type { OtpRequestContext } from '../web/verification.js';
export type { OtpRequiredApiOptions, OtpRequiredOptions } from '../web/guards.js';
export type { TwofoldSession } from '../web/session.js';
export type { HostUser, TwofoldUser } from '../web/user.js';

/** The Hono environment twofold needs: `c.get('otp')`. Intersect it with your own. */
export interface TwofoldHonoEnv extends Env {
  Variables: { otp: OtpRequestContext };
}

/** Options of {@link createTwofoldHono}. */
export interface TwofoldHonoOptions<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser> extends TwofoldWebOptions<User> {
  /** The request's session, adapted to twofold's interface (its `regenerate` must set the new cookie). */
  readonly session: (c: Context<E>) => TwofoldSession;
  /** The signed-in user, or null. */
  readonly getUser: (c: Context<E>) => MaybePromise<HostUser | null | undefined>;
  /** Establishes the host's own login once every factor has passed. Required with `verifyPassword`. */
  readonly logIn?: (c: Context<E>, user: User) => Promise<void>;
  /** Ends the host's own login on sign-out (the session is replaced afterwards anyway). */
  readonly logOut?: (c: Context<E>) => Promise<void>;
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
  /** Subscribes to the web layer's events (`userVerified`, ...); returns the function that unsubscribes. */
  readonly on: WebEventSource['on'];
  /** The checked configuration. */
  readonly config: WebConfig;
}

/** Creates twofold's Hono integration. Throws `TwofoldError` `INVALID_CONFIG` on bad options. */
export function createTwofoldHono<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser>(
  options: TwofoldHonoOptions<E, User>,
): TwofoldHono<E> {
  const config = resolveWebConfig(options);
  const { logIn, logOut } = options;
  if (config.passwordLogin !== null && logIn === undefined) {
    throw new TwofoldError('INVALID_CONFIG', 'verifyPassword needs logIn(c, user): how your app signs a user in');
  }
  const contexts = new WeakMap<Request, OtpRequestContext>();

  function attach(c: Context<E>): OtpRequestContext {
    let otp = contexts.get(c.req.raw);
    if (otp === undefined) {
      otp = createOtpContext({ twofold: config.twofold, session: options.session(c), getUser: () => options.getUser(c), keys: config.keys });
      contexts.set(c.req.raw, otp);
    }
    c.set('otp', otp);
    return otp;
  }

  const routes = new Hono<E>();
  for (const route of createRoutes(config)) {
    routes.on(route.method, route.path, (c) => {
      const path = c.req.path;
      const basePath = path.endsWith(route.path) ? path.slice(0, path.length - route.path.length) : '';
      return route.handler(c.req.raw, {
        session: options.session(c),
        otp: attach(c),
        logIn: (user) => {
          if (logIn === undefined) throw new TwofoldError('INVALID_CONFIG', 'logIn is not configured');
          return logIn(c, user);
        },
        logOut: () => (logOut === undefined ? Promise.resolve() : logOut(c)),
        basePath,
      });
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
        const decision = await checkOtpAccess(attach(c), guardOptions, config.requireTwoFactor);
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
        const decision = await checkOtpAccess(attach(c), guardOptions, config.requireTwoFactor);
        if (decision === 'allowed') {
          await next();
          return;
        }
        return apiRefusal(decision);
      };
    },
    on: config.events.on,
    config,
  };
}
