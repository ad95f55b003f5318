/**
 * twofold for Express 5, on top of express-session (any store).
 *
 * ```ts
 * const otp = twofoldExpress(twofold, { verifyPassword, loadUser, isStaff });
 * app.use(session({ secret, resave: false, saveUninitialized: false }));
 * app.use(passport.session());              // when the app uses Passport
 * app.use(otp.router);                      // req.otp; /account/login, /account/setup, ...; /admin
 * app.get('/secret', otp.otpRequired(), handler);
 * app.use('/api', otp.otpRequiredApi());
 * ```
 *
 * {@link twofoldExpress} takes the twofold instance (secrets, environment,
 * issuer, clock and logger come from it) and the host's callbacks, and
 * mounts everything. The lower-level {@link createTwofoldExpress} (pages
 * only, all web options) and `otpAdmin` (`twofold/express/admin`) remain for
 * hosts that assemble the pieces themselves.
 *
 * The pages themselves live in `twofold/web` and speak web-standard
 * `Request` / `Response`; this module only converts between Express and
 * those, and adapts `req.session` to twofold's session interface. The host
 * needs no body parser: twofold reads its own form posts (and also accepts
 * bodies already read by `express.urlencoded()`, `express.json()`,
 * `express.raw()` or `express.text()`, which is what lets the Twilio call
 * webhook check its signature behind any of them).
 *
 * @packageDocumentation
 */
import { Router } from 'express';
import type { Request as ExpressRequest, RequestHandler, Router as ExpressRouter } from 'express';
import type { Twofold } from '../core/twofold.js';
import { resolveWebConfig, type TwofoldWebOptions } from '../assembly/options.js';
import { resolveTwofoldApp, type TwofoldAppOptions, type TwofoldAppUrls } from '../assembly/app.js';
import type { HostUser } from '../web/user.js';
import type { MaybePromise, OtpRequestContext } from '../web/verification.js';
import { defaultGetUser, passportLogIn, passportLogOut } from './passport.js';
import { adminRouter, expressIntegration, type TwofoldExpress } from './integration.js';

export type { OtpRequestContext } from '../web/verification.js';
export type { OtpRequiredApiOptions, OtpRequiredOptions } from '../web/guards.js';
export type { HostUser, TwofoldUser } from '../web/user.js';
export type { TwofoldAppAdminOptions, TwofoldAppOptions, TwofoldAppUrls } from '../assembly/app.js';
export { expressSession } from './session.js';
export { toWebRequest } from './request.js';
export { sendWebResponse } from './response.js';
export { otpRequired, otpRequiredApi } from './guards.js';
export { adminRouter } from './integration.js';
export type { TwofoldExpress } from './integration.js';
export type { WebEventName, WebEvents, WebEventListener } from '../flows/shared/events.js';

declare global {
  // Declaration merging is how Express request properties are typed (as express-session and Passport do).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** twofold's verification context for this request (set by twofold's middleware or router). */
      otp: OtpRequestContext;
    }
  }
}

/** Options of {@link createTwofoldExpress}. */
export interface TwofoldExpressOptions<User extends HostUser = HostUser> extends TwofoldWebOptions<User> {
  /** The signed-in user (default: `req.user`, as Passport sets it; its `id` is turned into a string). */
  readonly getUser?: (req: ExpressRequest) => MaybePromise<HostUser | null | undefined>;
  /**
   * Establishes the host's own login once every factor has passed (default:
   * Passport's `req.login`). twofold has already given the session a new id
   * and writes its own state after this returns, so a `logIn` that
   * regenerates the session again (Passport ≥ 0.6) is fine.
   */
  readonly logIn?: (req: ExpressRequest, user: User) => Promise<void>;
  /** Ends the host's own login on sign-out (default: Passport's `req.logout` when present). The session is replaced afterwards anyway. */
  readonly logOut?: (req: ExpressRequest) => Promise<void>;
}

/**
 * Creates twofold's Express integration from all the web options. Throws
 * `TwofoldError` `INVALID_CONFIG` on bad options. Most apps want
 * {@link twofoldExpress}, which takes the twofold instance and mounts
 * everything (admin included) with one router.
 */
export function createTwofoldExpress<User extends HostUser = HostUser>(options: TwofoldExpressOptions<User>): TwofoldExpress {
  return expressIntegration(resolveWebConfig(options), {
    getUser: options.getUser ?? defaultGetUser,
    logIn: options.logIn ?? passportLogIn,
    logOut: options.logOut ?? passportLogOut,
  });
}

/** Options of {@link twofoldExpress}: where the pages go and the host's callbacks; everything else has a default. */
export interface TwofoldExpressAppOptions<User extends HostUser = HostUser> extends TwofoldAppOptions<User> {
  /** The signed-in user (default: `req.user`, as Passport sets it). `isStaff` receives it too. */
  readonly getUser?: (req: ExpressRequest) => MaybePromise<User | null | undefined>;
  /** Establishes the host's own login once every factor has passed (default: Passport's `req.login`). */
  readonly logIn?: (req: ExpressRequest, user: User) => Promise<void>;
  /** Ends the host's own login on sign-out (default: Passport's `req.logout` when present). */
  readonly logOut?: (req: ExpressRequest) => Promise<void>;
}

/** What {@link twofoldExpress} returns. */
export interface TwofoldExpressApp extends Omit<TwofoldExpress, 'router'> {
  /**
   * Everything, to mount once at the root after the session (and Passport)
   * middleware, `app.use(otp.router)`: `req.otp` on every request, the pages
   * under `path`, the admin under `adminPath` when `isStaff` is given.
   */
  readonly router: ExpressRouter;
  /** Where the pages are (`urls.login`, `urls.profile`, ...). */
  readonly urls: TwofoldAppUrls;
}

/**
 * twofold for an Express 5 app in one call: the twofold instance (whose
 * secrets, environment, issuer, clock and logger the pages use) and the
 * host's few callbacks. Throws `TwofoldError` `INVALID_CONFIG` on a mistake.
 *
 * @example
 * ```ts
 * const otp = twofoldExpress(twofold, {
 *   verifyPassword: (username, password) => users.checkPassword(username, password),
 *   loadUser: (id) => users.findById(id),
 *   isStaff: (user) => user.isStaff,          // the admin at /admin
 * });
 * app.use(session({ secret, resave: false, saveUninitialized: false }));
 * app.use(passport.session());
 * app.use(otp.router);                         // /account/login, /account/setup, /account/profile, ...
 * app.get('/dashboard', otp.otpRequired(), handler);
 * ```
 */
export function twofoldExpress<User extends HostUser = HostUser>(twofold: Twofold, options: TwofoldExpressAppOptions<User> = {}): TwofoldExpressApp {
  const { getUser: hostGetUser, logIn, logOut, ...appOptions } = options;
  const app = resolveTwofoldApp<User>(twofold, appOptions);
  // Without getUser, req.user is taken to be the host's User, as Passport's typings do.
  const getUser = hostGetUser ?? (defaultGetUser as (req: ExpressRequest) => User | null | undefined);
  const integration = expressIntegration(app.config, { getUser, logIn: logIn ?? passportLogIn, logOut: logOut ?? passportLogOut });
  const router = Router();
  router.use(integration.middleware);
  router.use(app.urls.pages === '' ? '/' : app.urls.pages, integration.router);
  if (app.admin !== null && app.urls.admin !== null) router.use(app.urls.admin, adminRouter(app.admin, getUser, (req) => req.otp));
  return { ...integration, router, urls: app.urls };
}

/** Shorthand for `createTwofoldExpress(options).middleware`, for hosts with their own login pages (they call `req.otp.login(device)`). */
export function otpMiddleware<User extends HostUser = HostUser>(options: TwofoldExpressOptions<User>): RequestHandler {
  return createTwofoldExpress(options).middleware;
}
