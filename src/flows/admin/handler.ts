/**
 * The device admin, written once against web-standard `Request` / `Response`
 * (django-otp's device admin on an `OTPAdminSite`). A framework adapter
 * (`twofold/express`'s `otpAdmin`) supplies the session, the request's
 * verification context and the host's user.
 *
 * Access: every page except the stylesheet needs a signed-in user whom the
 * host calls staff (`isStaff`) AND whose session is verified by a second
 * factor, recently enough for the admin's `requirement` when there is one
 * (staff short of it go to the step-up page and come back). Anonymous and unverified staff are sent to the sign-in page with a
 * safe `next`; signed-in non-staff get 403, without being asked for a code.
 * Routes are resolved only after that gate, so that nobody else can tell a
 * device id that exists from one that does not.
 *
 * Every change is a POST with a CSRF token (and a same-origin check); GET
 * never changes anything. Keys and QR codes follow `setup.ts`'s rule. The
 * pages live in `user-pages.ts` and `device-pages.ts`, the changes in
 * `user-actions.ts` and `device-actions.ts`.
 */
import { TwofoldError } from '../../core/errors.js';
import { CSRF_FIELD, checkCsrf } from '../../web/csrf.js';
import { readForm } from '../../web/form.js';
import { toTwofoldUser, type HostUser } from '../../web/user.js';
import { adminConfigIn, describeError, resolveAdminConfig, type AdminConfig } from './config.js';
import { deviceAction } from './device-actions.js';
import type { AdminContext, AdminHandler, OtpAdminOptions } from './options.js';
import { errorPage, forbidden, methodNotAllowed, notFound, stylesheet, toLogin, toStepUp, type Page } from './responses.js';
import { checkRequirement } from '../../web/step-up/check.js';
import { assessFactors } from '../../web/step-up/factors.js';
import type { Requirement } from '../../web/step-up/requirement.js';
import { MAX_USER_ID_LENGTH, adminUrls, allowedMethods, resolveAdminRoute } from './routes.js';
import { backupCodes, backupCodesPage, createDevice } from './user-actions.js';
import { indexPage, userPage } from './user-pages.js';
import type { AdminUrls } from './views.js';

export type { AdminContext, AdminHandler, OtpAdminOptions } from './options.js';
export { ADMIN_STYLESHEET_PATH, adminUrls, resolveAdminRoute } from './routes.js';

/**
 * Creates the device admin.
 *
 * @throws TwofoldError `INVALID_CONFIG` on a bad option.
 */
export function createAdminHandler<User extends HostUser = HostUser>(options: OtpAdminOptions<User>): AdminHandler<User> {
  if (typeof options.isStaff !== 'function') {
    throw new TwofoldError('INVALID_CONFIG', 'otpAdmin needs isStaff(user): the host decides who may use the admin');
  }
  const config = resolveAdminConfig(options);
  // Every admin page is written in the reader's language: the pages are built once per language (from the
  // default list) over translators bound to it, so that no request enters an AsyncLocalStorage.
  const handlers = new Map<string, AdminHandler<User>>();
  return (request, context) => {
    const language = config.web.languageFor(request);
    let handler = handlers.get(language);
    if (handler === undefined) {
      handler = adminPages(adminConfigIn(config, language), options);
      handlers.set(language, handler);
    }
    return handler(request, context);
  };
}

/** The admin's pages over `config` as it is (its translators write every page). */
function adminPages<User extends HostUser>(config: AdminConfig, options: OtpAdminOptions<User>): AdminHandler<User> {
  const { twofold, logger, web, t } = config;

  // The admin's freshness: staff verified long ago are asked again on the step-up page (the session stays).
  async function recentEnough(requirement: Requirement, userId: string, context: AdminContext<User>): Promise<boolean> {
    const assessed = await assessFactors(twofold, userId, await context.otp.factors());
    return checkRequirement(requirement, assessed, twofold.clock()).satisfied;
  }

  async function route(request: Request, context: AdminContext<User>, urls: AdminUrls, subPath: string): Promise<Response> {
    const target = resolveAdminRoute(subPath);
    if (target.name === 'stylesheet') {
      return request.method === 'GET' || request.method === 'HEAD' ? stylesheet() : new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    }

    // The gate: signed in, staff, verified.
    const hostUser = (await context.user()) ?? null;
    const user = toTwofoldUser(hostUser);
    if (hostUser === null || user === null) return toLogin(config, request, urls);
    if (!(await options.isStaff(hostUser))) {
      return forbidden(config, urls, user.username ?? user.id);
    }
    if (!(await context.otp.isVerified())) return toLogin(config, request, urls);
    if (config.stepUp !== null) {
      const fresh = await recentEnough(config.stepUp.requirement, user.id, context);
      if (!fresh) return toStepUp(config, request, urls, config.stepUp);
    }

    const page: Page = { config, context, urls, staffName: user.username ?? user.id };
    if (target.name === 'unknown') return notFound(page);
    const allowed = allowedMethods(target);
    if (!allowed.includes(request.method)) return methodNotAllowed(page, allowed);

    let form: URLSearchParams | null = null;
    if (request.method === 'POST') {
      const read = await readForm(request);
      if (!read.ok) {
        const message = read.status === 413 ? 'admin.error.tooLarge' : 'admin.error.badRequest';
        return errorPage(config, urls, read.status, 'admin.errorTitle', t(message), true);
      }
      if (!checkCsrf(request, context.session, web.keys.csrf, read.form.get(CSRF_FIELD))) {
        return errorPage(config, urls, 403, 'admin.errorTitle', t('admin.error.csrf'), true);
      }
      form = read.form;
    }

    const url = new URL(request.url);
    switch (target.name) {
      case 'index':
        return indexPage(page, (url.searchParams.get('q') ?? '').trim().slice(0, MAX_USER_ID_LENGTH));
      case 'user': {
        const userId = url.searchParams.get('id') ?? '';
        if (userId === '' || userId.length > MAX_USER_ID_LENGTH) return notFound(page);
        return userPage(page, userId);
      }
      case 'create':
        return createDevice(page, form ?? new URLSearchParams());
      case 'backup-codes':
        return form === null ? backupCodesPage(page, url) : backupCodes(page, form);
      case 'device': {
        const device = await twofold.findDevice(target.persistentId);
        if (device === null) return notFound(page);
        return deviceAction(page, request, device, target.action, form);
      }
    }
  }

  return handle;

  async function handle(request: Request, context: Parameters<AdminHandler<User>>[1]): Promise<Response> {
    const urls = adminUrls(context.basePath, options.logoutUrl ?? null);
    const pathname = new URL(request.url).pathname;
    const base = context.basePath;
    const inside = base === '' || pathname === base || pathname.startsWith(`${base}/`);
    try {
      return await route(request, context, urls, inside ? pathname.slice(base.length) : '/\u0000');
    } catch (error) {
      logger.error(`twofold admin: ${request.method} ${pathname} failed: ${describeError(error)}`);
      return errorPage(config, urls, 500, 'admin.errorTitle', t('admin.error.internal'), false);
    }
  }
}
