/**
 * The login URL (`GET|POST <prefix>/login`): the login wizard of
 * `flows/login` (password, then a code from the primary device or another
 * one, or a backup code, or a remembered browser), and the verify-only page
 * for a user the host signed in who is not verified yet. See
 * `flows/login/pages.ts` for the whole set of sign-in routes.
 */
import { createLoginPages } from '../flows/login/pages.js';
import type { HostUser } from '../web/user.js';
import type { PageHandler, PageKit } from '../web/pages/context.js';

export { MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH } from '../flows/login/flow.js';

/** The GET and POST handlers of the login URL. */
export interface LoginHandlers<User extends HostUser> {
  readonly show: PageHandler<User>;
  readonly submit: PageHandler<User>;
}

/** Creates the login page handlers. */
export function createLoginHandlers<User extends HostUser>(kit: PageKit<User>): LoginHandlers<User> {
  const pages = createLoginPages(kit);
  return { show: pages.show, submit: pages.submit };
}
