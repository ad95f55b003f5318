/**
 * What the account pages share: their URLs, and the helpers bound to one
 * configuration (page models, documents, guards, device lines).
 */
import { checkCsrf, CSRF_FIELD, csrfRefusal, csrfToken } from '../../web/csrf.js';
import { readForm } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import type { SafeHtml } from '../../web/html.js';
import type { Message, MessageId, MessageParams } from '../../web/messages.js';
import type { PageContext, PageKit } from '../../web/pages/context.js';
import { safeNext } from '../../web/pages/context.js';
import { loginRedirectUrl } from '../../web/redirect.js';
import { deliveryDestination, type DeliveryDestination } from '../../web/destination.js';
import type { HostUser } from '../../web/user.js';
import { checkActionAccess, type AccountAccess, type AccountRequirement } from './access.js';
import type { AccountAction } from './options.js';
import { kindLabel, kindSentence, type AccountKit } from './service.js';
import type { Device } from '../../core/types.js';
import { describeDevice } from '../../devices/presentation.js';
import type { AccountDeviceView, AccountField, AccountMessage, AccountPageBase, AccountUrls } from './views.js';

/** The URLs of the account pages under `basePath`. */
export function accountUrls(basePath: string): AccountUrls {
  return {
    profile: `${basePath}/profile`,
    setup: `${basePath}/setup`,
    setupQr: `${basePath}/setup/qr.svg`,
    setupApp: `${basePath}/setup/app`,
    setupDone: `${basePath}/setup/done`,
    // The profile points it at the destination step of the kind it lists as backup phones (`?method=phone`).
    addPhone: `${basePath}/setup`,
    rename: `${basePath}/devices/rename`,
    remove: `${basePath}/devices/remove`,
    primary: `${basePath}/devices/primary`,
    backupCodes: `${basePath}/backup-codes`,
    backupCodesDownload: `${basePath}/backup-codes/download`,
    disable: `${basePath}/disable`,
    reauthenticate: `${basePath}/reauthenticate`,
    forgetBrowser: `${basePath}/remembered-browsers/forget`,
    login: `${basePath}/login`,
    logout: `${basePath}/logout`,
    lock: `${basePath}/step-up/lock`,
  };
}

// Labels for the channels of the built-in kinds; a host's own kind shows no destination line.
const DESTINATION_TEXTS: Readonly<Partial<Record<DeliveryDestination['channel'], MessageId>>> = {
  sms: 'account.destination.sms',
  call: 'account.destination.call',
  email: 'account.destination.email',
};

/** The pieces every account page shares, bound to one configuration: models, documents, guards and device lines. */
export function createAccountPageHelpers<User extends HostUser>(pageKit: PageKit<User>, kit: AccountKit<User>) {
  const { config, twofold, t, account } = kit;
  const { views } = config;

  const message = (id: MessageId, params: MessageParams = {}, field?: AccountField): AccountMessage =>
    field === undefined ? { id, text: t.text(id, params) } : { id, text: t.text(id, params), field };

  function fromCoreMessage(core: Message): AccountMessage {
    return core.field === 'device' || core.field === 'token' ? { id: core.id, text: core.text, field: core.field } : { id: core.id, text: core.text };
  }

  function base(context: PageContext<User>, next: string | null, errors: readonly AccountMessage[] = [], notices: readonly AccountMessage[] = []): AccountPageBase {
    return {
      t: (id, params) => t.text(id, params),
      csrfToken: csrfToken(context.session, config.keys.csrf),
      csrfField: CSRF_FIELD,
      next,
      redirectField: config.redirectField,
      urls: accountUrls(context.basePath),
      errors,
      notices,
      localDates: account.localDates,
    };
  }

  function page(context: PageContext<User>, title: MessageId | { readonly text: string }, body: SafeHtml, status = 200): Response {
    return pageKit.document(context, title, body, status);
  }

  function withNext(path: string, next: string | null): string {
    return next === null ? path : loginRedirectUrl(path, config.redirectField, next);
  }

  /** A date for this page, in the reader's language (unless the host formats dates itself). */
  const formatDate = (date: Date): string => account.formatDate(date, t.locale);

  function destinationText(destination: DeliveryDestination | null): string | null {
    if (destination === null || destination.masked === null) return null;
    const id = DESTINATION_TEXTS[destination.channel];
    return id === undefined ? null : t.text(id, { destination: destination.masked });
  }

  function deviceView(device: Device, primaryId: string | null, destination: DeliveryDestination | null = null): AccountDeviceView {
    return {
      id: device.persistentId,
      name: device.name,
      kind: device.kind,
      kindLabel: kindLabel(t, twofold.kind(device.kind) ?? device.kind),
      primary: device.id === primaryId,
      createdAt: device.createdAt,
      createdText: formatDate(device.createdAt),
      lastUsedAt: device.lastUsedAt,
      lastUsedText: device.lastUsedAt === null ? null : formatDate(device.lastUsedAt),
      destinationText: destinationText(destination),
      description: describeDevice(twofold, device, (key, english, params) => kindSentence(t, device.kind, key, english, params).text),
    };
  }

  async function deviceViewWithDestination(device: Device, primaryId: string | null): Promise<AccountDeviceView> {
    return deviceView(device, primaryId, await deliveryDestination(twofold, device));
  }

  /**
   * The access decision, or the redirect that answers a refusal. `back` is
   * where to return afterwards; `action` names the sensitive action whose
   * requirement `recent` and `recent-enabled` ask for (`deviceId`: the
   * device a removal is about).
   */
  async function guard(
    context: PageContext<User>,
    requirement: AccountRequirement,
    back: string,
    action: AccountAction = 'addDevice',
    deviceId?: string,
  ): Promise<(AccountAccess & { ok: true }) | Response> {
    const access = await checkActionAccess(twofold, account, context.otp, requirement, { action, deviceId });
    if (access.ok) return access;
    if (access.reason === 'reauthentication-required' && access.requirement !== undefined && access.requirement !== account.recentRequirement) {
      // A requirement of the host's: the step-up page asks for exactly it (a security key, the password...).
      const query = new URLSearchParams({ requirement: access.requirement.name, [config.redirectField]: back });
      return redirectResponse(`${context.basePath}/step-up?${query.toString()}`);
    }
    const urls = accountUrls(context.basePath);
    switch (access.reason) {
      case 'login-required':
        return redirectResponse(pageKit.loginUrl(context, back));
      case 'not-enabled':
        return redirectResponse(urls.profile);
      case 'otp-required':
      case 'reauthentication-required':
        return redirectResponse(withNext(urls.reauthenticate, back));
    }
  }

  /** Reads a form post and checks its CSRF token; a Response when refused. */
  async function postedForm(request: Request, context: PageContext<User>): Promise<URLSearchParams | Response> {
    const read = await readForm(request);
    if (!read.ok) return pageKit.errorPage(context, read.status, read.status === 413 ? 'error.tooLarge' : 'error.badRequest');
    if (!checkCsrf(request, context.session, config.keys.csrf, read.form.get(CSRF_FIELD))) return refusedForm(request, context, read.form);
    return read.form;
  }

  /**
   * A form refused by the CSRF check (nothing changed): a browser without
   * cookies is told so; an out-of-date form from this site (opened before a
   * sign-in, sign-out or verification in another tab) leads back to its page.
   */
  function refusedForm(request: Request, context: PageContext<User>, form: URLSearchParams): Response {
    const reason = csrfRefusal(request);
    if (reason !== 'stale') return pageKit.errorPage(context, 403, reason === 'cookies' ? 'error.cookiesRequired' : 'error.csrf', 'page.forbidden.title');
    const urls = accountUrls(context.basePath);
    const path = new URL(request.url).pathname;
    const pages: readonly string[] = [urls.setup, urls.backupCodes, urls.disable, urls.reauthenticate];
    const back = path === urls.backupCodesDownload ? urls.backupCodes : pages.includes(path) ? path : urls.profile;
    const url = back === urls.reauthenticate ? withNext(back, safeNext(form.get(config.redirectField))) : back;
    return pageKit.errorPage(context, 403, 'error.stalePage', 'page.stale.title', { url, label: 'action.continue' });
  }

  function notFound(context: PageContext<User>): Response {
    return pageKit.errorPage(context, 404, 'account.error.deviceNotFound', 'page.error.title');
  }

  const queryNext = (request: Request): string | null => safeNext(new URL(request.url).searchParams.get(config.redirectField));
  const here = (request: Request): string => {
    const url = new URL(request.url);
    return `${url.pathname}${url.search}`;
  };


  return { pageKit, kit, config, twofold, t, account, views, message, fromCoreMessage, base, page, withNext, formatDate, destinationText, deviceView, deviceViewWithDestination, guard, postedForm, notFound, queryNext, here };
}

/** What {@link createAccountPageHelpers} gives the account pages. */
export type AccountPageHelpers<User extends HostUser> = ReturnType<typeof createAccountPageHelpers<User>>;
