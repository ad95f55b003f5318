/**
 * Signing out: a confirmation page (GET) and the sign-out itself (POST, with
 * CSRF protection, so that another site cannot sign a user out). The host's
 * `logOut` runs first, then the session is replaced by an empty one with a
 * new id: twofold's verification, its CSRF token and the host's data go.
 */
import { checkCsrf, CSRF_FIELD, csrfRefusalMessage } from '../csrf.js';
import { readForm } from '../form.js';
import type { HostUser } from '../user.js';
import type { PageContext, PageHandler, PageKit } from './context.js';
import { safeNext } from './context.js';

/** The GET and POST handlers of the sign-out URL. */
export interface LogoutHandlers<User extends HostUser> {
  readonly show: PageHandler<User>;
  readonly submit: PageHandler<User>;
}

/** Creates the sign-out handlers. */
export function createLogoutHandlers<User extends HostUser>(kit: PageKit<User>): LogoutHandlers<User> {
  const { config } = kit;

  async function show(request: Request, context: PageContext<User>): Promise<Response> {
    const next = safeNext(new URL(request.url).searchParams.get(config.redirectField));
    if ((await context.otp.user()) === null) return kit.redirectTo(next, config.logoutRedirect);
    const body = config.views.logout({ ...kit.base(context, next, [], []), page: 'logout' });
    return kit.document(context, 'page.logout.title', body, 200);
  }

  async function submit(request: Request, context: PageContext<User>): Promise<Response> {
    const read = await readForm(request);
    if (!read.ok) return kit.errorPage(context, read.status, read.status === 413 ? 'error.tooLarge' : 'error.badRequest');
    if (!checkCsrf(request, context.session, config.keys.csrf, read.form.get(CSRF_FIELD))) {
      return kit.errorPage(context, 403, csrfRefusalMessage(request), 'page.forbidden.title');
    }
    await context.logOut();
    await context.session.regenerate([]);
    context.otp.refresh();
    return kit.redirectTo(safeNext(read.form.get(config.redirectField)), config.logoutRedirect);
  }

  return { show, submit };
}
