/**
 * twofold for Hono. Hono already speaks web-standard `Request` / `Response`,
 * so this adapter only wires twofold's pages, guards and admin to Hono's
 * routing and context. Hono has no built-in session: the host adapts the
 * session it uses to twofold's {@link TwofoldSession} interface (five small
 * functions).
 *
 * ```ts
 * const otp = twofoldHono(twofold, { session: (c) => c.get('session'), getUser, verifyPassword, loadUser, logIn, isStaff });
 * app.use(sessions);
 * app.route('/', otp.routes);                // c.get('otp'); /account/login, /account/setup, ...; /admin
 * app.get('/secret', otp.otpRequired(), (c) => c.text('secret'));
 * ```
 *
 * {@link twofoldHono} takes the twofold instance (secrets, environment,
 * issuer, clock and logger come from it) and the host's callbacks, and
 * mounts everything. The lower-level {@link createTwofoldHono} (pages only,
 * all web options) and `otpAdmin` (`twofold/hono/admin`) remain for hosts
 * that assemble the pieces themselves.
 *
 * @packageDocumentation
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Twofold } from '../core/twofold.js';
import { resolveTwofoldApp, type TwofoldAppOptions, type TwofoldAppUrls } from '../assembly/app.js';
import { resolveWebConfig, type TwofoldWebOptions } from '../assembly/options.js';
import type { HostUser } from '../web/user.js';
import type { MaybePromise } from '../web/verification.js';
import { adminRoutes } from './admin.js';
import { honoIntegration, type HonoCallbacks, type TwofoldHono } from './integration.js';
import type { TwofoldHonoEnv } from './request.js';

export type { OtpRequestContext } from '../web/verification.js';
export type { OtpRequiredApiOptions, OtpRequiredOptions } from '../web/guards.js';
export type { TwofoldSession } from '../web/session.js';
export type { HostUser, TwofoldUser } from '../web/user.js';
export type { TwofoldAppAdminOptions, TwofoldAppOptions, TwofoldAppUrls } from '../assembly/app.js';
export type { TwofoldHonoEnv } from './request.js';
export type { HonoCallbacks, TwofoldHono } from './integration.js';

/** Options of {@link createTwofoldHono}: every web option and the host's callbacks. */
export interface TwofoldHonoOptions<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser>
  extends TwofoldWebOptions<User>,
    HonoCallbacks<E, User> {}

/**
 * Creates twofold's Hono integration from all the web options (pages only:
 * `app.route('/account', otp.routes)` with `loginUrl: '/account/login'`).
 * Throws `TwofoldError` `INVALID_CONFIG` on bad options. Most apps want
 * {@link twofoldHono}, which takes the twofold instance and mounts
 * everything, admin included.
 */
export function createTwofoldHono<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser>(
  options: TwofoldHonoOptions<E, User>,
): TwofoldHono<E> {
  return honoIntegration<E, User>(resolveWebConfig(options), options);
}

/** Options of {@link twofoldHono}: where the pages go and the host's callbacks; everything else has a default. */
export interface TwofoldHonoAppOptions<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser>
  extends TwofoldAppOptions<User>,
    Omit<HonoCallbacks<E, User>, 'getUser'> {
  /** The signed-in user, or null. `isStaff` receives it too. */
  readonly getUser: (c: Context<E>) => MaybePromise<User | null | undefined>;
}

/** What {@link twofoldHono} returns. */
export interface TwofoldHonoApp<E extends TwofoldHonoEnv = TwofoldHonoEnv> extends TwofoldHono<E> {
  /**
   * Everything, to mount once at the root after your session middleware,
   * `app.route('/', otp.routes)`: `c.get('otp')` on every request, the pages
   * under `path`, the admin under `adminPath` when `isStaff` is given.
   */
  readonly routes: Hono<E>;
  /** Where the pages are (`urls.login`, `urls.profile`, ...). */
  readonly urls: TwofoldAppUrls;
}

/**
 * twofold for a Hono app in one call: the twofold instance (whose secrets,
 * environment, issuer, clock and logger the pages use) and the host's few
 * callbacks. Throws `TwofoldError` `INVALID_CONFIG` on a mistake.
 *
 * @example
 * ```ts
 * const otp = twofoldHono(twofold, {
 *   session: (c) => c.get('session'),
 *   getUser: (c) => users.findById(c.get('session').get('userId')),
 *   logIn: async (c, user) => c.get('session').set('userId', user.id),
 *   verifyPassword: (username, password) => users.checkPassword(username, password),
 *   loadUser: (id) => users.findById(id),
 * });
 * app.use(sessions);
 * app.route('/', otp.routes);
 * ```
 */
export function twofoldHono<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser>(
  twofold: Twofold,
  options: TwofoldHonoAppOptions<E, User>,
): TwofoldHonoApp<E> {
  const { session, getUser, logIn, logOut, clientAddress, ...appOptions } = options;
  const app = resolveTwofoldApp<User>(twofold, appOptions);
  const integration = honoIntegration<E, User>(app.config, {
    session,
    getUser,
    ...(logIn === undefined ? {} : { logIn }),
    ...(logOut === undefined ? {} : { logOut }),
    ...(clientAddress === undefined ? {} : { clientAddress }),
  });
  const routes = new Hono<E>();
  routes.use('*', integration.middleware);
  routes.route(app.urls.pages === '' ? '/' : app.urls.pages, integration.routes);
  if (app.admin !== null && app.urls.admin !== null) {
    routes.route(app.urls.admin, adminRoutes<E, User>(app.admin, { session, getUser }, (c) => c.get('otp')));
  }
  return { ...integration, routes, urls: app.urls };
}
