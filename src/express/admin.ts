/**
 * The device admin for Express 5 (django-otp's device admin on an
 * `OTPAdminSite`): staff whose session is verified by a second factor list,
 * set up, confirm, throttle-reset, rename and delete users' devices, and
 * issue backup codes.
 *
 * `twofoldExpress(twofold, { isStaff, ... })` mounts it for you at `/admin`;
 * this lower-level router is for hosts that assemble the pieces themselves:
 *
 * ```ts
 * const otp = createTwofoldExpress({ twofold, verifyPassword, loadUser, logIn });
 * app.use(session({ ... }));
 * app.use(otp.middleware);
 * app.use(otp.router);                                   // /login, /logout
 * app.use('/admin', otpAdmin({ twofold, isStaff: (user) => user.isStaff }));
 * ```
 *
 * The pages are `twofold/web`'s admin handler; this module only adapts the
 * Express request, `req.session` and `req.otp` to it.
 *
 * @packageDocumentation
 */
import type { Request as ExpressRequest, Router as ExpressRouter } from 'express';
import { TwofoldError } from '../core/errors.js';
import { createAdminHandler, type OtpAdminOptions } from '../flows/admin/handler.js';
import type { HostUser } from '../web/user.js';
import type { MaybePromise, OtpRequestContext } from '../web/verification.js';
import { adminRouter } from './integration.js';
import { defaultGetUser } from './passport.js';

export type { OtpAdminOptions } from '../flows/admin/handler.js';

/** Options of {@link otpAdmin}. */
export interface OtpAdminExpressOptions<User extends HostUser = HostUser> extends OtpAdminOptions<User> {
  /** The signed-in user, as `isStaff` receives it (default: `req.user`, as Passport sets it). */
  readonly getUser?: (req: ExpressRequest) => MaybePromise<User | null | undefined>;
}

function otpOf(req: ExpressRequest): OtpRequestContext {
  const otp = (req as { otp?: OtpRequestContext }).otp;
  if (otp === undefined) {
    throw new TwofoldError(
      'INVALID_CONFIG',
      "otpAdmin needs twofold's middleware: app.use(createTwofoldExpress(...).middleware) before mounting the admin",
    );
  }
  return otp;
}

/**
 * Creates the admin's router; mount it under a path of your choice
 * (`app.use('/admin', otpAdmin(...))`), after express-session and twofold's
 * middleware. Throws `TwofoldError` `INVALID_CONFIG` on bad options.
 */
export function otpAdmin<User extends HostUser = HostUser>(options: OtpAdminExpressOptions<User>): ExpressRouter {
  const handle = createAdminHandler<User>(options);
  // Without getUser, req.user is taken to be the host's User, as Passport's typings do.
  const getUser = options.getUser ?? (defaultGetUser as (req: ExpressRequest) => User | null | undefined);
  return adminRouter(handle, getUser, otpOf);
}
