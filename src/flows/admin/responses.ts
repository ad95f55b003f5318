/**
 * The admin's page frame and its plain answers: the per-request page state,
 * notices across redirects, the HTML document, error pages, the stylesheet
 * and the redirect to sign-in.
 */
import { CSRF_FIELD, csrfToken } from '../../web/csrf.js';
import { htmlResponse, redirectResponse, securityHeaders } from '../../web/headers.js';
import { defaultLayout, type SafeHtml } from '../../web/html.js';
import { isSafeRedirect, loginRedirectUrl } from '../../web/redirect.js';
import type { TwofoldSession } from '../../web/session.js';
import type { AdminConfig } from './config.js';
import { ADMIN_STYLESHEET } from './css.js';
import { parseFlash, type Flash } from './flash.js';
import type { AdminMessageId, AdminMessageParams } from './messages.js';
import type { AdminContext } from './options.js';
import { adminErrorView, type AdminPageModel, type AdminUrls } from './views.js';

/** Per-request rendering state. */
export interface Page {
  readonly config: AdminConfig;
  readonly context: AdminContext;
  readonly urls: AdminUrls;
  readonly staffName: string;
}

function takeFlash(config: AdminConfig, session: TwofoldSession): Flash[] {
  const raw = session.get(config.flashKey);
  if (raw === undefined) return [];
  session.delete(config.flashKey);
  return parseFlash(raw);
}

/** Keeps a notice for the next page (after a redirect); the newest five are kept. */
export function flash(page: Page, type: Flash['type'], id: AdminMessageId, params: AdminMessageParams = {}): void {
  const { session } = page.context;
  const key = page.config.flashKey;
  const existing = parseFlash(session.get(key));
  session.set(key, [...existing, { type, id, params }].slice(-5).map((entry) => ({ type: entry.type, id: entry.id, params: { ...entry.params } })));
}

/** What every admin page shows: the header, the CSRF token, the notices and errors. */
export function pageModel(page: Page, errors: readonly string[] = [], notices: readonly string[] = []): AdminPageModel {
  const { t, translator, web } = page.config;
  const flashed = takeFlash(page.config, page.context.session);
  return {
    t,
    dateTime: (at) => translator.dateTime(at),
    csrfField: CSRF_FIELD,
    csrfToken: csrfToken(page.context.session, web.keys.csrf),
    urls: page.urls,
    staffName: page.staffName,
    errors: [...flashed.filter((f) => f.type === 'error').map((f) => t(f.id, f.params)), ...errors],
    notices: [...flashed.filter((f) => f.type === 'notice').map((f) => t(f.id, f.params)), ...notices],
  };
}

/** An admin page as a complete HTML response. */
export function adminDocument(config: AdminConfig, urls: AdminUrls, title: string, body: SafeHtml, status: number): Response {
  const markup = defaultLayout({ title, body, lang: config.translator.locale, stylesheets: [urls.stylesheet, ...config.web.stylesheets] });
  return htmlResponse(markup.html, status, { contentSecurityPolicy: config.web.contentSecurityPolicy });
}

/** An error page with the admin's frame, linking home unless the admin itself failed. */
export function errorPage(config: AdminConfig, urls: AdminUrls, status: number, title: AdminMessageId, message: string, linkHome: boolean): Response {
  const { t } = config;
  const links = linkHome ? [{ href: urls.home, label: t('admin.nav.home') }] : [];
  return adminDocument(config, urls, t(title), adminErrorView({ t, title: t(title), message, links }), status);
}

/** A signed-in user who is not staff: 403, with a link to switch accounts when the host has a sign-out page. */
export function forbidden(config: AdminConfig, urls: AdminUrls, username: string): Response {
  const { t } = config;
  const links = urls.logout === null ? [] : [{ href: urls.logout, label: t('admin.forbidden.switch') }];
  const body = adminErrorView({ t, title: t('admin.forbiddenTitle'), message: t('admin.error.forbidden', { username }), links });
  return adminDocument(config, urls, t('admin.forbiddenTitle'), body, 403);
}

/** 404, for an unknown page, device or user. */
export function notFound(page: Page): Response {
  return errorPage(page.config, page.urls, 404, 'admin.notFoundTitle', page.config.t('admin.error.notFound'), true);
}

/** 405 with the `Allow` header. */
export function methodNotAllowed(page: Page, allowed: readonly string[]): Response {
  const response = errorPage(page.config, page.urls, 405, 'admin.errorTitle', page.config.t('admin.error.methodNotAllowed'), true);
  response.headers.set('Allow', allowed.join(', '));
  return response;
}

/** The admin's stylesheet: public and cacheable, the one answer outside the gate. */
export function stylesheet(): Response {
  const headers = securityHeaders({ noStore: false, contentSecurityPolicy: null });
  headers.set('Content-Type', 'text/css; charset=utf-8');
  headers.set('Cache-Control', 'public, max-age=3600');
  return new Response(ADMIN_STYLESHEET, { status: 200, headers });
}

/** A redirect to the sign-in page that comes back to `request`'s page (GET) or the admin's home (POST). */
export function toLogin(config: AdminConfig, request: Request, urls: AdminUrls): Response {
  return redirectResponse(loginRedirectUrl(config.web.loginUrl, config.web.redirectField, backTo(request, urls)), request.method === 'POST' ? 303 : 302);
}

/** The admin page to come back to: the one asked for (a GET), else the admin's home. */
function backTo(request: Request, urls: AdminUrls): string {
  const url = new URL(request.url);
  const back = request.method === 'GET' || request.method === 'HEAD' ? `${url.pathname}${url.search}` : urls.home;
  return isSafeRedirect(back) ? back : urls.home;
}

/** Staff whose second factor is too old: to the step-up page for the admin's requirement, coming back afterwards. */
export function toStepUp(config: AdminConfig, request: Request, urls: AdminUrls, stepUp: { readonly requirement: { readonly name: string }; readonly url: string }): Response {
  const query = new URLSearchParams({ requirement: stepUp.requirement.name, [config.web.redirectField]: backTo(request, urls) });
  return redirectResponse(`${stepUp.url}?${query.toString()}`, request.method === 'POST' ? 303 : 302);
}
