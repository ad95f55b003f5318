/**
 * The device admin, written once against web-standard `Request` / `Response`
 * (django-otp's device admin on an `OTPAdminSite`). A framework adapter
 * (`twofold/express`'s `otpAdmin`) supplies the session, the request's
 * verification context and the host's user.
 *
 * Access: every page except the stylesheet needs a signed-in user whom the
 * host calls staff (`isStaff`) AND whose session is verified by a second
 * factor. Anonymous and unverified staff are sent to the sign-in page with a
 * safe `next`; signed-in non-staff get 403, without being asked for a code.
 * Routes are resolved only after that gate, so that nobody else can tell a
 * device id that exists from one that does not.
 *
 * Every change is a POST with a CSRF token (and a same-origin check); GET
 * never changes anything. Keys and QR codes follow `setup.ts`'s rule.
 */
import { TwofoldError, isTwofoldError } from '../../core/errors.js';
import type { VerifyResult } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import { BACKUP_CODES_KIND_NAME, addBackupCode, issueBackupCodes } from '../../devices/backup-codes/index.js';
import { presentationOf } from '../../devices/presentation.js';
import { CSRF_FIELD, checkCsrf, csrfToken } from '../../web/csrf.js';
import { readForm, formField } from '../../web/form.js';
import { htmlResponse, redirectResponse, securityHeaders } from '../../web/headers.js';
import { defaultLayout, type SafeHtml } from '../../web/html.js';
import { WEB_MESSAGES, type MessageCatalog } from '../../web/messages.js';
import { WEB_VIEWS, type TwofoldViews } from '../../web/views.js';
import { resolveBaseWebConfig, type BaseWebConfig } from '../../web/options.js';
import { withRetryAfter } from '../../web/pages/second-factor.js';
import { isSafeRedirect, loginRedirectUrl } from '../../web/redirect.js';
import type { TwofoldSession } from '../../web/session.js';
import { toTwofoldUser, type HostUser } from '../../web/user.js';
import { ADMIN_STYLESHEET } from './css.js';
import { ADMIN_ENGLISH_MESSAGES, createAdminTranslator, type AdminMessageId, type AdminMessageParams } from './messages.js';
import { searchDevices } from './search.js';
import { accountNameFor, groupKey, hasProvisioningUri, mayRevealSecret, revealKey } from './setup.js';
import { withLanguage } from '../../web/i18n/scope.js';
import { adminErrorView, codesView, deleteView, deviceView, indexView, userView, type AdminPageModel, type AdminUrls, type CreateFormValues, type DeviceAction, type DevicePageModel, type DeviceRow, type KindChoice } from './views.js';
import { parseFlash, type Flash } from './flash.js';
import type { AdminContext, AdminHandler, OtpAdminOptions } from './options.js';
import { DEFAULT_CREATABLE_KINDS, MAX_USER_ID_LENGTH, adminUrls, allowedMethods, resolveAdminRoute } from './routes.js';

export type { AdminContext, AdminHandler, OtpAdminOptions } from './options.js';
export { ADMIN_STYLESHEET_PATH, adminUrls, resolveAdminRoute } from './routes.js';

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Creates the device admin.
 *
 * @throws TwofoldError `INVALID_CONFIG` on a bad option.
 */
export function createAdminHandler<User extends HostUser = HostUser>(options: OtpAdminOptions<User>): AdminHandler<User> {
  if (typeof options.isStaff !== 'function') {
    throw new TwofoldError('INVALID_CONFIG', 'otpAdmin needs isStaff(user): the host decides who may use the admin');
  }
  const web: BaseWebConfig = resolveBaseWebConfig({
    twofold: options.twofold,
    ...(options.loginUrl === undefined ? {} : { loginUrl: options.loginUrl }),
    ...(options.redirectField === undefined ? {} : { redirectField: options.redirectField }),
    ...(options.sessionKey === undefined ? {} : { sessionKey: options.sessionKey }),
    ...(options.webMessages === undefined ? {} : { messages: options.webMessages }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.stylesheets === undefined ? {} : { stylesheets: options.stylesheets }),
    ...(options.contentSecurityPolicy === undefined ? {} : { contentSecurityPolicy: options.contentSecurityPolicy }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  }, {
    // The admin renders its own pages and shows only the web layer's own sentences (delays, refusals); the flows'
    // views and sentences are not its to show.
    views: WEB_VIEWS as Partial<TwofoldViews> as TwofoldViews,
    english: WEB_MESSAGES as Partial<MessageCatalog> as MessageCatalog,
    // The admin seals nothing in sessions, so it needs no sealing keys (not even in production).
    secretsRequired: false,
  });
  if (options.logoutUrl !== undefined && !isSafeRedirect(options.logoutUrl)) {
    throw new TwofoldError('INVALID_CONFIG', 'logoutUrl must be a same-origin path starting with "/"');
  }
  const maxScan = options.maxScan ?? 10_000;
  const maxUsers = options.maxUsers ?? 200;
  if (!isPositiveInteger(maxScan) || !isPositiveInteger(maxUsers)) {
    throw new TwofoldError('INVALID_CONFIG', 'maxScan and maxUsers must be positive integers');
  }
  const { twofold, logger } = { twofold: web.twofold, logger: web.logger };
  const translator = createAdminTranslator(web.translator, {
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.messages === undefined ? {} : { messages: options.messages }),
  });
  const t = (id: AdminMessageId, params?: AdminMessageParams) => translator.text(id, params);
  const showSecrets = options.showSecretsOfConfirmedDevices === true;
  const flashKey = `${web.keys.state}AdminFlash`;
  const creatable: KindChoice[] = [];
  for (const name of options.creatableKinds ?? DEFAULT_CREATABLE_KINDS) {
    const kind = twofold.kind(name);
    if (kind === undefined) {
      if (options.creatableKinds !== undefined) throw new TwofoldError('INVALID_CONFIG', `creatableKinds: kind ${name} is not registered`);
      continue;
    }
    if (kind.configUrl === undefined) {
      throw new TwofoldError('INVALID_CONFIG', `creatableKinds: kind ${name} has no provisioning URI, so the admin could not set it up`);
    }
    creatable.push({ name, label: kindLabel(name) });
  }

  function kindLabel(name: string): string {
    const id = `admin.kind.${name}`;
    return Object.hasOwn(ADMIN_ENGLISH_MESSAGES, id) ? t(id as AdminMessageId) : name;
  }

  function backupCodesEnabled(): boolean {
    return twofold.kind(BACKUP_CODES_KIND_NAME) !== undefined;
  }

  function row(device: Device): DeviceRow {
    return {
      persistentId: device.persistentId,
      userId: device.userId,
      name: device.name,
      kind: device.kind,
      kindLabel: kindLabel(device.kind),
      confirmed: device.confirmed,
      createdAt: device.createdAt,
      lastUsedAt: device.lastUsedAt,
      failureCount: device.failureCount,
      lockedUntil: device.lockedUntil,
    };
  }

  /** The user's display name, and whether the user exists (null when `findUser` is not configured). */
  async function describeUser(userId: string): Promise<{ label: string; username: string | null; exists: boolean | null }> {
    if (options.findUser === undefined) return { label: userId, username: null, exists: null };
    const found = toTwofoldUser(await options.findUser(userId));
    if (found === null) return { label: userId, username: null, exists: false };
    return { label: found.username ?? userId, username: found.username, exists: true };
  }

  /** Per-request rendering state. */
  interface Page {
    readonly context: AdminContext<User>;
    readonly urls: AdminUrls;
    readonly staffName: string;
  }

  function takeFlash(session: TwofoldSession): Flash[] {
    const raw = session.get(flashKey);
    if (raw === undefined) return [];
    session.delete(flashKey);
    return parseFlash(raw);
  }

  function flash(session: TwofoldSession, type: Flash['type'], id: AdminMessageId, params: AdminMessageParams = {}): void {
    const existing = parseFlash(session.get(flashKey));
    session.set(flashKey, [...existing, { type, id, params }].slice(-5).map((entry) => ({ type: entry.type, id: entry.id, params: { ...entry.params } })));
  }

  function model(page: Page, errors: readonly string[] = [], notices: readonly string[] = []): AdminPageModel {
    const flashed = takeFlash(page.context.session);
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

  function document(urls: AdminUrls, title: string, body: SafeHtml, status: number): Response {
    const markup = defaultLayout({ title, body, lang: translator.locale, stylesheets: [urls.stylesheet, ...web.stylesheets] });
    return htmlResponse(markup.html, status, { contentSecurityPolicy: web.contentSecurityPolicy });
  }

  function errorPage(urls: AdminUrls, status: number, title: AdminMessageId, message: string, linkHome: boolean): Response {
    const links = linkHome ? [{ href: urls.home, label: t('admin.nav.home') }] : [];
    return document(urls, t(title), adminErrorView({ t, title: t(title), message, links }), status);
  }

  function forbidden(urls: AdminUrls, username: string): Response {
    const links = urls.logout === null ? [] : [{ href: urls.logout, label: t('admin.forbidden.switch') }];
    const body = adminErrorView({ t, title: t('admin.forbiddenTitle'), message: t('admin.error.forbidden', { username }), links });
    return document(urls, t('admin.forbiddenTitle'), body, 403);
  }

  function notFound(page: Page): Response {
    return errorPage(page.urls, 404, 'admin.notFoundTitle', t('admin.error.notFound'), true);
  }

  function methodNotAllowed(page: Page, allowed: readonly string[]): Response {
    const response = errorPage(page.urls, 405, 'admin.errorTitle', t('admin.error.methodNotAllowed'), true);
    response.headers.set('Allow', allowed.join(', '));
    return response;
  }

  function stylesheet(): Response {
    const headers = securityHeaders({ noStore: false, contentSecurityPolicy: null });
    headers.set('Content-Type', 'text/css; charset=utf-8');
    headers.set('Cache-Control', 'public, max-age=3600');
    return new Response(ADMIN_STYLESHEET, { status: 200, headers });
  }

  /** A redirect to the sign-in page that comes back to `request`'s page (GET) or the admin's home (POST). */
  function toLogin(request: Request, urls: AdminUrls): Response {
    const url = new URL(request.url);
    const back = request.method === 'GET' || request.method === 'HEAD' ? `${url.pathname}${url.search}` : urls.home;
    const next = isSafeRedirect(back) ? back : urls.home;
    return redirectResponse(loginRedirectUrl(web.loginUrl, web.redirectField, next), request.method === 'POST' ? 303 : 302);
  }

  // ---- pages -------------------------------------------------------------

  async function indexPage(page: Page, query: string, status = 200, errors: readonly string[] = [], form?: CreateFormValues): Promise<Response> {
    const found = await searchDevices(twofold, query, { maxScan, maxUsers });
    let withoutDevices: string[] = [];
    if (options.searchUsers !== undefined) {
      const users = await options.searchUsers(query, 50);
      const seen = new Set(found.userIds);
      withoutDevices = users
        .map((user) => toTwofoldUser(user)?.id)
        .filter((id): id is string => id !== undefined && !seen.has(id));
    }
    const body = indexView({
      ...model(page, errors),
      query,
      devices: found.devices.map(row),
      userCount: found.userIds.length,
      truncated: found.truncated,
      scanLimit: maxScan,
      usersWithoutDevices: withoutDevices,
      kinds: creatable,
      createForm: form ?? { userId: '', kind: creatable[0]?.name ?? '', name: '' },
    });
    return document(page.urls, t('admin.title'), body, status);
  }

  async function userPage(page: Page, userId: string, status = 200, errors: readonly string[] = [], form?: CreateFormValues): Promise<Response> {
    const devices = await twofold.listDevices(userId);
    const who = await describeUser(userId);
    if (devices.length === 0 && who.exists === false) return notFound(page);
    const codes = devices.find((device) => device.kind === BACKUP_CODES_KIND_NAME);
    const body = userView({
      ...model(page, errors),
      userId,
      userLabel: who.label,
      devices: devices.map(row),
      kinds: creatable,
      createForm: form ?? { userId, kind: creatable[0]?.name ?? '', name: '' },
      backupCodes: backupCodesEnabled() ? { remaining: codes === undefined ? null : codeCount(codes) } : null,
    });
    return document(page.urls, t('admin.userTitle', { user: who.label }), body, status);
  }

  function codeCount(device: Device): number | null {
    const codes = device.state.codes;
    return Array.isArray(codes) ? codes.length : null;
  }

  /** The code settings the device's kind declares (time-based or counter-based), in words. */
  function settingsText(device: Device): string | null {
    const settings = presentationOf(twofold.kind(device.kind))?.settings?.(device.state) ?? null;
    if (settings === null) return null;
    const { digits, algorithm, step, counter } = settings;
    if (step !== undefined) return t('admin.detail.settingsTotp', { digits, step, algorithm });
    if (counter !== undefined) return t('admin.detail.settingsHotp', { digits, counter, algorithm });
    return null;
  }

  async function devicePage(
    page: Page,
    device: Device,
    extra: { status?: number; errors?: readonly string[]; errorField?: 'token' | 'name' | null; renameValue?: string } = {},
  ): Promise<Response> {
    const who = await describeUser(device.userId);
    let setup: DevicePageModel['setup'] = null;
    let setupNote: DevicePageModel['setupNote'] = null;
    if (hasProvisioningUri(twofold, device)) {
      if (mayRevealSecret(device, showSecrets)) {
        try {
          const key = await revealKey(twofold, device, accountNameFor(device.userId, who.username));
          setup = {
            groupedKey: groupKey(key.base32),
            qrUrl: page.urls.deviceAction(device.persistentId, 'qr.svg'),
            settings:
              key.period !== null
                ? t('admin.detail.settingsTotp', { digits: key.digits, step: key.period, algorithm: key.algorithm })
                : t('admin.detail.settingsHotp', { digits: key.digits, counter: key.counter ?? 0, algorithm: key.algorithm }),
          };
        } catch (error) {
          logger.warn(`twofold admin: cannot show the key of device ${device.persistentId}: ${describeError(error)}`);
          setupNote = 'unavailable';
        }
      } else {
        setupNote = 'hidden';
      }
    }
    const isCodes = device.kind === BACKUP_CODES_KIND_NAME;
    const body = deviceView({
      ...model(page, extra.errors ?? []),
      device: row(device),
      userLabel: who.label,
      setup,
      setupNote,
      confirmedSecretWarning: setup !== null && device.confirmed,
      settings: settingsText(device),
      codesLeft: isCodes ? codeCount(device) : null,
      backupCodesEnabled: backupCodesEnabled(),
      renameValue: extra.renameValue ?? device.name,
      errorField: extra.errorField ?? null,
    });
    return document(page.urls, device.name, body, extra.status ?? 200);
  }

  async function qrCode(page: Page, device: Device): Promise<Response> {
    if (!hasProvisioningUri(twofold, device)) return notFound(page);
    if (!mayRevealSecret(device, showSecrets)) {
      return errorPage(page.urls, 403, 'admin.forbiddenTitle', t('admin.error.secretHidden'), true);
    }
    const who = await describeUser(device.userId);
    let svg: string;
    try {
      svg = await twofold.qrCodeSvg(device, { accountName: accountNameFor(device.userId, who.username) });
    } catch (error) {
      logger.warn(`twofold admin: cannot draw the QR code of device ${device.persistentId}: ${describeError(error)}`);
      return notFound(page);
    }
    // An SVG opened on its own is a document: no scripts, no loads, whatever it contains.
    const headers = securityHeaders({ contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" });
    headers.set('Content-Type', 'image/svg+xml; charset=utf-8');
    return new Response(svg, { status: 200, headers });
  }

  /** The message and status of a refused code; `retryAt` when the device is throttled (for `Retry-After`). */
  function verifyFailureMessage(result: Extract<VerifyResult, { ok: false }>): { message: string; status: number; retryAt: Date | null } {
    switch (result.reason) {
      case 'throttled': {
        const until = result.lockedUntil ?? new Date(twofold.clock());
        return {
          message: t('admin.error.throttled', {
            count: result.failureCount,
            relative: translator.relative(until, twofold.clock()),
            time: translator.time(until),
          }),
          status: 429,
          retryAt: until,
        };
      }
      case 'device-unusable':
        return { message: t('admin.error.deviceUnusable'), status: 409, retryAt: null };
      default:
        return { message: t('admin.error.invalidToken'), status: 400, retryAt: null };
    }
  }

  // ---- actions -----------------------------------------------------------

  async function createDevice(page: Page, form: URLSearchParams): Promise<Response> {
    const userId = formField(form, 'user').trim();
    const kind = formField(form, 'kind');
    const name = formField(form, 'name').trim();
    const values: CreateFormValues = { userId, kind, name };
    if (userId === '' || userId.length > MAX_USER_ID_LENGTH) return indexPage(page, '', 400, [t('admin.error.userRequired')], values);
    const who = await describeUser(userId);
    if (who.exists === false) return indexPage(page, '', 400, [t('admin.error.unknownUser', { user: userId })], values);
    if (!creatable.some((choice) => choice.name === kind)) return userPage(page, userId, 400, [t('admin.error.badKind')], values);
    let device: Device;
    try {
      device = await twofold.createDevice({ userId, kind, name: name === '' ? (presentationOf(twofold.kind(kind))?.label ?? kind) : name, confirmed: false });
    } catch (error) {
      if (isTwofoldError(error, 'INVALID_ARGUMENT')) return userPage(page, userId, 400, [t('admin.error.badName')], values);
      throw error;
    }
    flash(page.context.session, 'notice', 'admin.notice.created', { name: device.name, user: who.label });
    return redirectResponse(page.urls.device(device.persistentId));
  }

  async function backupCodes(page: Page, form: URLSearchParams): Promise<Response> {
    const userId = formField(form, 'user').trim();
    const action = formField(form, 'action');
    if (userId === '' || userId.length > MAX_USER_ID_LENGTH) return indexPage(page, '', 400, [t('admin.error.userRequired')]);
    if (!backupCodesEnabled()) return userPage(page, userId, 400, [t('admin.error.noBackupCodes')]);
    if (action !== 'add' && action !== 'regenerate') return userPage(page, userId, 400, [t('admin.error.badRequest')]);
    const who = await describeUser(userId);
    if (who.exists === false) return indexPage(page, '', 400, [t('admin.error.unknownUser', { user: userId })]);
    let codes: readonly string[];
    try {
      codes = action === 'add' ? [(await addBackupCode(twofold, userId)).code] : (await issueBackupCodes(twofold, userId)).codes;
    } catch (error) {
      if (isTwofoldError(error, 'INVALID_ARGUMENT')) return userPage(page, userId, 400, [t('admin.error.tooManyCodes')]);
      throw error;
    }
    const body = codesView({ ...model(page), userId, userLabel: who.label, codes, added: action === 'add' });
    return document(page.urls, t('admin.codesTitle'), body, 200);
  }

  async function deviceAction(page: Page, request: Request, device: Device, action: DeviceAction | null, form: URLSearchParams | null): Promise<Response> {
    const { session } = page.context;
    const pid = device.persistentId;
    if (action === null) return devicePage(page, device);
    if (action === 'qr.svg') return qrCode(page, device);
    if (action === 'delete' && request.method !== 'POST') {
      const who = await describeUser(device.userId);
      return document(page.urls, t('admin.deleteTitle'), deleteView({ ...model(page), device: row(device), userLabel: who.label }), 200);
    }
    const fields = form ?? new URLSearchParams();
    try {
      switch (action) {
        case 'confirm': {
          if (device.confirmed) {
            flash(session, 'error', 'admin.error.alreadyConfirmed');
            return redirectResponse(page.urls.device(pid));
          }
          const token = formField(fields, 'token').trim();
          if (token === '') return await devicePage(page, device, { status: 400, errors: [t('admin.error.tokenRequired')], errorField: 'token' });
          const result = await twofold.verifyToken(device.userId, pid, token, { confirm: true });
          if (result.ok) {
            flash(session, 'notice', 'admin.notice.confirmed', { name: result.device.name });
            return redirectResponse(page.urls.device(pid));
          }
          if (result.reason === 'device-not-found') return notFound(page);
          const failure = verifyFailureMessage(result);
          const current = (await twofold.findDevice(pid)) ?? device;
          const refused = await devicePage(page, current, { status: failure.status, errors: [failure.message], errorField: 'token' });
          return withRetryAfter(refused, failure.retryAt, twofold.clock());
        }
        case 'rename': {
          const name = formField(fields, 'name');
          let renamed: Device | null;
          try {
            renamed = await twofold.renameDevice(device.userId, pid, name);
          } catch (error) {
            if (!isTwofoldError(error, 'INVALID_ARGUMENT')) throw error;
            return await devicePage(page, device, { status: 400, errors: [t('admin.error.badName')], errorField: 'name', renameValue: name.slice(0, 64) });
          }
          if (renamed === null) return notFound(page);
          flash(session, 'notice', 'admin.notice.renamed', { name: renamed.name });
          return redirectResponse(page.urls.device(pid));
        }
        case 'reset-throttle': {
          const reset = await twofold.resetThrottle(device.userId, pid);
          if (reset === null) return notFound(page);
          flash(session, 'notice', 'admin.notice.throttleReset', { name: reset.name });
          return redirectResponse(page.urls.device(pid));
        }
        case 'delete': {
          const who = await describeUser(device.userId);
          if (!(await twofold.deleteDevice(device.userId, pid))) return notFound(page);
          flash(session, 'notice', 'admin.notice.deleted', { name: device.name, user: who.label });
          return redirectResponse(page.urls.user(device.userId));
        }
      }
    } catch (error) {
      if (isTwofoldError(error, 'CORRUPT_DEVICE') || isTwofoldError(error, 'DECRYPTION_FAILED')) {
        logger.warn(`twofold admin: device ${pid} is unusable: ${describeError(error)}`);
        return devicePage(page, device, { status: 409, errors: [t('admin.error.deviceUnusable')] });
      }
      throw error;
    }
  }

  async function route(request: Request, context: AdminContext<User>, urls: AdminUrls, subPath: string): Promise<Response> {
    const target = resolveAdminRoute(subPath);
    if (target.name === 'stylesheet') {
      return request.method === 'GET' || request.method === 'HEAD' ? stylesheet() : new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    }

    // The gate: signed in, staff, verified.
    const hostUser = (await context.user()) ?? null;
    const user = toTwofoldUser(hostUser);
    if (hostUser === null || user === null) return toLogin(request, urls);
    if (!(await options.isStaff(hostUser))) {
      return forbidden(urls, user.username ?? user.id);
    }
    if (!(await context.otp.isVerified())) return toLogin(request, urls);

    const page: Page = { context, urls, staffName: user.username ?? user.id };
    if (target.name === 'unknown') return notFound(page);
    const allowed = allowedMethods(target);
    if (!allowed.includes(request.method)) return methodNotAllowed(page, allowed);

    let form: URLSearchParams | null = null;
    if (request.method === 'POST') {
      const read = await readForm(request);
      if (!read.ok) {
        const message = read.status === 413 ? 'admin.error.tooLarge' : 'admin.error.badRequest';
        return errorPage(urls, read.status, 'admin.errorTitle', t(message), true);
      }
      if (!checkCsrf(request, context.session, web.keys.csrf, read.form.get(CSRF_FIELD))) {
        return errorPage(urls, 403, 'admin.errorTitle', t('admin.error.csrf'), true);
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
        return backupCodes(page, form ?? new URLSearchParams());
      case 'device': {
        const device = await twofold.findDevice(target.persistentId);
        if (device === null) return notFound(page);
        return deviceAction(page, request, device, target.action, form);
      }
    }
  }

  // Every admin page is written in the reader's language (the translators read it from this scope).
  return (request, context) => withLanguage(web.languageFor(request), () => handle(request, context));

  async function handle(request: Request, context: Parameters<AdminHandler<User>>[1]): Promise<Response> {
    const urls = adminUrls(context.basePath, options.logoutUrl ?? null);
    const pathname = new URL(request.url).pathname;
    const base = context.basePath;
    const inside = base === '' || pathname === base || pathname.startsWith(`${base}/`);
    try {
      return await route(request, context, urls, inside ? pathname.slice(base.length) : '/\u0000');
    } catch (error) {
      logger.error(`twofold admin: ${request.method} ${pathname} failed: ${describeError(error)}`);
      return errorPage(urls, 500, 'admin.errorTitle', t('admin.error.internal'), false);
    }
  }
}
