/**
 * The device admin for Hono (django-otp's device admin on an
 * `OTPAdminSite`): staff whose session is verified by a second factor list,
 * set up, confirm, throttle-reset, rename and delete users' devices, and
 * issue backup codes.
 *
 * `twofoldHono(twofold, { isStaff, ... })` mounts it for you at `/admin`;
 * this lower-level app is for hosts that assemble the pieces themselves:
 *
 * ```ts
 * const otp = createTwofoldHono({ twofold, session, getUser, verifyPassword, loadUser, logIn });
 * app.use(sessions);
 * app.use(otp.middleware);
 * app.route('/admin', otpAdmin({ twofold, session, getUser, isStaff: (user) => user.isStaff }));
 * ```
 *
 * The pages are `twofold/web/admin`'s handler; this module only adapts the
 * Hono context to it.
 *
 * @packageDocumentation
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { TwofoldError } from '../core/errors.js';
import { createAdminHandler, type AdminHandler, type OtpAdminOptions } from '../flows/admin/handler.js';
import type { TwofoldSession } from '../web/session.js';
import type { HostUser } from '../web/user.js';
import type { MaybePromise, OtpRequestContext } from '../web/verification.js';
import { requestOf, type TwofoldHonoEnv } from './request.js';

export type { OtpAdminOptions } from '../flows/admin/handler.js';

/** How the admin reaches the host's session and user. */
export interface HonoAdminCallbacks<E extends TwofoldHonoEnv, User extends HostUser> {
  /** The request's session (the one twofold's sign-in pages use). */
  readonly session: (c: Context<E>) => TwofoldSession;
  /** The signed-in user, as `isStaff` receives it, or null. */
  readonly getUser: (c: Context<E>) => MaybePromise<User | null | undefined>;
}

/** Options of {@link otpAdmin}. */
export interface OtpAdminHonoOptions<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser>
  extends OtpAdminOptions<User>,
    HonoAdminCallbacks<E, User> {}

/** Where a sub-app is mounted: the matched route without its `/*` (`''` at the root). */
function mountPath<E extends TwofoldHonoEnv>(c: Context<E>): string {
  // The hono/route helper that replaces it needs a newer Hono than the ^4.0.0 twofold supports.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const base = c.req.routePath.replace(/\/\*$/, '');
  return base === '/' ? '' : base;
}

/**
 * The admin as a Hono app for a handler, to mount with `app.route(prefix,
 * ...)`; `otpOf` gives the request's verification context.
 */
export function adminRoutes<E extends TwofoldHonoEnv, User extends HostUser>(
  handle: AdminHandler<User>,
  callbacks: HonoAdminCallbacks<E, User>,
  otpOf: (c: Context<E>) => OtpRequestContext,
): Hono<E> {
  const routes = new Hono<E>();
  const serve = async (c: Context<E>): Promise<Response> =>
    handle(await requestOf(c), {
      session: callbacks.session(c),
      otp: otpOf(c),
      user: async () => (await callbacks.getUser(c)) ?? null,
      basePath: mountPath(c),
    });
  routes.all('/', serve);
  routes.all('/*', serve);
  return routes;
}

function otpOfContext<E extends TwofoldHonoEnv>(c: Context<E>): OtpRequestContext {
  const otp: OtpRequestContext | undefined = c.get('otp');
  if (otp === undefined) {
    throw new TwofoldError('INVALID_CONFIG', "otpAdmin needs twofold's middleware: app.use(createTwofoldHono(...).middleware) before mounting the admin");
  }
  return otp;
}

/**
 * Creates the admin as a Hono app; mount it under a path of your choice
 * (`app.route('/admin', otpAdmin(...))`), after your session middleware and
 * twofold's. Throws `TwofoldError` `INVALID_CONFIG` on bad options.
 */
export function otpAdmin<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser>(options: OtpAdminHonoOptions<E, User>): Hono<E> {
  return adminRoutes(createAdminHandler<User>(options), options, otpOfContext);
}
