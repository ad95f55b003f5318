/**
 * The account pages (django-two-factor-auth's setup, profile, backup tokens
 * and disable views, plus several named devices with a primary one):
 * server-rendered, working without JavaScript, every change a POST with the
 * CSRF check, and the access rules of `access.ts` checked on every request.
 *
 * A refused request is redirected: to the login page when nobody is signed
 * in, to the "confirm it is you" page when the session needs a (recent)
 * code, carrying `next` so the user comes back to what they were doing.
 */
import { qrCodeSvg } from '../../core/qr.js';
import { checkCsrf, CSRF_FIELD, csrfToken } from '../../web/csrf.js';
import { formField, readForm } from '../../web/form.js';
import { redirectResponse, securityHeaders } from '../../web/headers.js';
import type { SafeHtml } from '../../web/html.js';
import type { Message, MessageId, MessageParams } from '../../web/messages.js';
import type { PageContext, PageHandler, PageKit } from '../../web/pages/context.js';
import { safeNext } from '../../web/pages/context.js';
import { loginRedirectUrl } from '../../web/redirect.js';
import { runDeviceStep, withRetryAfter } from '../../web/pages/second-factor.js';
import { sessionTransaction } from '../../web/state.js';
import { codeSentMessage, deliveryDestination, type DeliveryDestination } from '../../web/destination.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { checkAccountAccess, type AccountAccess, type AccountRequirement } from './access.js';
import { listRememberedBrowsers } from '../remember/service.js';
import { summarizeUserAgent } from '../remember/user-agent.js';
import { primaryDevice } from './primary.js';
import {
  accountDevices,
  backupCodesAvailable,
  beginSetup,
  cancelSetup,
  chooseReauthDevice,
  codesForDownload,
  confirmSetup,
  defaultDeviceName,
  disableTwoFactor,
  findManageableDevice,
  forgetAccountBrowser,
  generateAccountBackupCodes,
  kindLabel,
  makePrimaryDevice,
  methodHint,
  methodLabel,
  readSetup,
  removeAccountDevice,
  renameAccountDevice,
  setFlash,
  takeFlash,
  type AccountKit,
  type ActiveCodeSetup,
  type ActiveSetup,
} from './service.js';
import { formatKeyForReading, provisioningUri } from './setup-state.js';
import type { Device } from '../../core/types.js';
import {
  codeSendError,
  confirmCodeSetup,
  destinationProblemMessage,
  resendSetupCode,
  sendCode,
  startCodeSetup,
  type CodeSendFailure,
} from './code-setup.js';
import { isSideChannelMethod, PHONE_KIND, type SideChannelMethod } from './side-channel.js';
import type {
  AccountDeviceView,
  AccountField,
  AccountMessage,
  AccountPageBase,
  AccountUrls,
  RememberedBrowserView,
  SetupMethodView,
} from './views.js';

/** The URLs of the account pages under `basePath`. */
export function accountUrls(basePath: string): AccountUrls {
  return {
    profile: `${basePath}/profile`,
    setup: `${basePath}/setup`,
    setupQr: `${basePath}/setup/qr.svg`,
    setupDone: `${basePath}/setup/done`,
    addPhone: `${basePath}/setup?method=phone`,
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
  };
}

/** The GET and POST handlers of the account pages. */
export interface AccountPageHandlers<User extends HostUser> {
  readonly profile: PageHandler<User>;
  readonly setupShow: PageHandler<User>;
  readonly setupSubmit: PageHandler<User>;
  readonly setupQr: PageHandler<User>;
  readonly setupDone: PageHandler<User>;
  readonly renameShow: PageHandler<User>;
  readonly renameSubmit: PageHandler<User>;
  readonly removeShow: PageHandler<User>;
  readonly removeSubmit: PageHandler<User>;
  readonly primarySubmit: PageHandler<User>;
  readonly backupCodesShow: PageHandler<User>;
  readonly backupCodesSubmit: PageHandler<User>;
  readonly backupCodesDownload: PageHandler<User>;
  readonly disableShow: PageHandler<User>;
  readonly disableSubmit: PageHandler<User>;
  readonly reauthenticateShow: PageHandler<User>;
  readonly reauthenticateSubmit: PageHandler<User>;
  readonly forgetBrowserSubmit: PageHandler<User>;
}

const NUMERIC_KINDS: ReadonlySet<string> = new Set(['totp', 'hotp']);

// Labels for the channels of the built-in kinds; a host's own kind shows no destination line.
const DESTINATION_TEXTS: Readonly<Partial<Record<DeliveryDestination['channel'], MessageId>>> = {
  sms: 'account.destination.sms',
  call: 'account.destination.call',
  email: 'account.destination.email',
};

/** Creates the account page handlers. */
export function createAccountPages<User extends HostUser>(pageKit: PageKit<User>, kit: AccountKit<User>): AccountPageHandlers<User> {
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
    };
  }

  function page(context: PageContext<User>, title: MessageId, body: SafeHtml, status = 200): Response {
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
      kindLabel: kindLabel(t, device.kind),
      primary: device.id === primaryId,
      createdAt: device.createdAt,
      createdText: formatDate(device.createdAt),
      lastUsedAt: device.lastUsedAt,
      lastUsedText: device.lastUsedAt === null ? null : formatDate(device.lastUsedAt),
      destinationText: destinationText(destination),
    };
  }

  async function deviceViewWithDestination(device: Device, primaryId: string | null): Promise<AccountDeviceView> {
    return deviceView(device, primaryId, await deliveryDestination(twofold, device));
  }

  /** The access decision, or the redirect that answers a refusal. `back` is where to return afterwards. */
  async function guard(context: PageContext<User>, requirement: AccountRequirement, back: string): Promise<(AccountAccess & { ok: true }) | Response> {
    const access = await checkAccountAccess(twofold, context.otp, requirement, account.recentVerificationMs);
    if (access.ok) return access;
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
    if (!checkCsrf(request, context.session, config.keys.csrf, read.form.get(CSRF_FIELD))) {
      return pageKit.errorPage(context, 403, 'error.csrf', 'page.forbidden.title');
    }
    return read.form;
  }

  function notFound(context: PageContext<User>): Response {
    return pageKit.errorPage(context, 404, 'account.error.deviceNotFound', 'page.error.title');
  }

  const queryNext = (request: Request): string | null => safeNext(new URL(request.url).searchParams.get(config.redirectField));
  const here = (request: Request): string => {
    const url = new URL(request.url);
    return `${url.pathname}${url.search}`;
  };

  // ------------------------------------------------------------ profile

  async function profile(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'verified', here(request));
    if (access instanceof Response) return access;
    const flash = takeFlash(kit, context.session);
    // Drops backup codes kept for a download that is no longer possible.
    codesForDownload(kit, context.session, access.user.id);
    const notices = flash === null ? [] : [message(flash.id, flash.params)];
    const devices = await accountDevices(twofold, access.user.id);
    const primaryId = devices.primary?.id ?? null;
    const remembered = await rememberedBrowserViews(context, access.user);
    const destinations = new Map(await Promise.all(devices.manageable.map(async (device) => [device.id, await deliveryDestination(twofold, device)] as const)));
    const view = (device: Device) => deviceView(device, primaryId, destinations.get(device.id));
    const phones = devices.manageable.filter((device) => device.kind === PHONE_KIND);
    const canAddPhone = phoneMethods().length > 0;
    const body = views.accountProfile({
      ...base(context, null, [], notices),
      page: 'account-profile',
      username: access.user.username,
      enabled: access.enabled,
      primary: devices.primary === null ? null : view(devices.primary),
      devices: devices.manageable.map(view),
      backupCodesRemaining: devices.backupCodesRemaining,
      backupCodesAvailable: backupCodesAvailable(twofold),
      rememberedBrowsers: remembered,
      canAddDevice: account.methods.length > 0,
      backupPhones: canAddPhone || phones.length > 0 ? phones.filter((device) => device.id !== primaryId).map(view) : null,
      canAddPhone,
    });
    return page(context, 'account.profile.title', body);
  }

  /** "Chrome on Linux", "Safari on iPhone", "Firefox", "Unknown browser on Windows", "Unknown browser". */
  function browserLabel(userAgent: string): string {
    const { browser, system } = summarizeUserAgent(userAgent);
    const name = browser ?? t.text('account.profile.browserUnknown');
    return system === null ? name : t.text('account.profile.browserOn', { browser: name, system });
  }

  /** The profile's remembered browsers, or null when remembering browsers is off. */
  async function rememberedBrowserViews(context: PageContext<User>, user: TwofoldUser): Promise<RememberedBrowserView[] | null> {
    if (config.remember === null) return null;
    const action = accountUrls(context.basePath).forgetBrowser;
    return (await listRememberedBrowsers(twofold, user.id)).map((browser) => ({
      label: browserLabel(browser.userAgent),
      userAgent: browser.userAgent,
      details: [
        t.text('account.profile.rememberedEntry', { date: formatDate(browser.createdAt), device: browser.device.name }),
        t.text('account.profile.rememberedUntil', { date: formatDate(browser.expiresAt) }),
      ],
      forgetAction: action,
      forgetFields: { browser: browser.id },
    }));
  }

  async function forgetBrowserSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const urls = accountUrls(context.basePath);
    const access = await guard(context, 'verified-enabled', urls.profile);
    if (access instanceof Response) return access;
    if (!(await forgetAccountBrowser(kit, request, access.user, formField(form, 'browser')))) return notFound(context);
    setFlash(kit, context.session, 'account.notice.browserForgotten');
    return redirectResponse(urls.profile);
  }

  // ------------------------------------------------------------ setup

  function welcomePage(context: PageContext<User>, adding: boolean, next: string | null, status: number, errors: readonly AccountMessage[], selected: string | null) {
    const body = views.accountSetupWelcome({
      ...base(context, next, errors),
      page: 'account-setup-welcome',
      adding,
      methods: account.methods.map((kind, index) => ({
        kind,
        label: methodLabel(t, kind),
        hint: methodHint(t, kind),
        selected: selected === null ? index === 0 : selected === kind,
      })),
    });
    return page(context, adding ? 'account.setup.addTitle' : 'account.setup.title', body, status);
  }

  async function keyPage(
    context: PageContext<User>,
    user: TwofoldUser,
    adding: boolean,
    active: ActiveSetup,
    status: number,
    errors: readonly AccountMessage[],
    name: string | null,
  ) {
    const now = twofold.clock();
    const existing = (await twofold.listDevices(user.id)).map((device) => device.name);
    const expires = new Date(active.expiresAt);
    const body = views.accountSetupKey({
      ...base(context, active.setup.next, errors),
      page: 'account-setup-key',
      adding,
      method: active.kind.name,
      methodLabel: kindLabel(t, active.kind.name),
      qrCodeUrl: accountUrls(context.basePath).setupQr,
      keyText: formatKeyForReading(active.key),
      counterBased: active.kind.name === 'hotp',
      name: name ?? defaultDeviceName(t, active.kind.name, existing),
      expires: { relative: t.relative(expires, now), time: t.time(expires) },
      tokenInputMode: NUMERIC_KINDS.has(active.kind.name) ? 'numeric' : 'text',
    });
    return page(context, adding ? 'account.setup.addTitle' : 'account.setup.title', body, status);
  }

  /** The phone methods setup offers (`sms`, `call`), in order. */
  function phoneMethods(): SideChannelMethod[] {
    return account.methods.filter((method): method is SideChannelMethod => method === 'sms' || method === 'call');
  }

  /**
   * The method a `?method=` link asks for on the number or address step:
   * `sms`, `call` or `email` when offered, `phone` for the first phone
   * method; null for anything else.
   */
  function requestedChannel(value: string | null): SideChannelMethod | null {
    if (value === 'phone') return phoneMethods()[0] ?? null;
    return isSideChannelMethod(value) && account.methods.includes(value) ? value : null;
  }

  function codeSetupTitle(adding: boolean, method: SideChannelMethod): MessageId {
    if (!adding) return 'account.setup.title';
    return method === 'email' ? 'account.setup.addEmailTitle' : 'account.setup.addPhoneTitle';
  }

  /** Where "Use another number" (or address) leads: the number step, carrying `next`. */
  function destinationUrl(context: PageContext<User>, method: SideChannelMethod, next: string | null): string {
    return withNext(`${accountUrls(context.basePath).setup}?method=${method}`, next);
  }

  function destinationPage(
    context: PageContext<User>,
    adding: boolean,
    next: string | null,
    status: number,
    errors: readonly AccountMessage[],
    selected: SideChannelMethod,
    value: string,
  ) {
    const asks = selected === 'email' ? 'email' : 'phone';
    const offered: readonly SideChannelMethod[] = asks === 'email' ? ['email'] : phoneMethods();
    const methods: SetupMethodView[] = offered.map((method) => ({
      kind: method,
      label: methodLabel(t, method),
      hint: methodHint(t, method),
      selected: method === selected,
    }));
    const title = codeSetupTitle(adding, selected);
    const body = views.accountSetupDestination({
      ...base(context, next, errors),
      page: 'account-setup-destination',
      heading: t.text(title),
      asks,
      methods,
      value: value.slice(0, 254),
    });
    return page(context, title, body, status);
  }

  function codePage(
    context: PageContext<User>,
    adding: boolean,
    active: ActiveCodeSetup,
    status: number,
    messages: { readonly errors?: readonly AccountMessage[]; readonly notices?: readonly AccountMessage[]; readonly name?: string; readonly nextCodeAt?: Date | null },
  ) {
    const now = twofold.clock();
    const method = active.setup.method;
    const nextCodeAt = messages.nextCodeAt === undefined ? active.device.nextChallengeAt : messages.nextCodeAt;
    const expires = new Date(active.expiresAt);
    const title = codeSetupTitle(adding, method);
    const body = views.accountSetupCode({
      ...base(context, active.setup.next, messages.errors ?? [], messages.notices ?? []),
      page: 'account-setup-code',
      heading: t.text(title),
      adding,
      method,
      sentText: codeSentMessage(t, active.destination, active.device.name).text,
      name: (messages.name ?? active.device.name).slice(0, 64),
      nextCodeAt: nextCodeAt !== null && nextCodeAt.getTime() > now ? { relative: t.relative(nextCodeAt, now), time: t.time(nextCodeAt) } : null,
      expires: { relative: t.relative(expires, now), time: t.time(expires) },
      changeUrl: destinationUrl(context, method, active.setup.next),
    });
    return page(context, title, body, status);
  }

  /** The message and status of a send that did not happen, with `Retry-After` when waiting helps. */
  function sendFailure(failure: CodeSendFailure): { readonly error: AccountMessage; readonly status: number; readonly retryAt: Date | null } {
    const explained = codeSendError(t, failure, twofold.clock());
    return { error: message(explained.id, explained.params), status: explained.status, retryAt: explained.retryAt };
  }

  async function setupShow(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'recent', here(request));
    if (access instanceof Response) return access;
    const channel = requestedChannel(new URL(request.url).searchParams.get('method'));
    if (channel !== null) {
      const value = channel === 'email' ? ((await account.userEmail(access.user)) ?? '') : '';
      return destinationPage(context, access.enabled, queryNext(request), 200, [], channel, value);
    }
    const lookup = await readSetup(kit, context.session, access.user.id);
    if (lookup.status === 'active') return keyPage(context, access.user, access.enabled, lookup, 200, [], null);
    if (lookup.status === 'code') return codePage(context, access.enabled, lookup, 200, {});
    const errors = lookup.status === 'expired' ? [message('account.error.setupExpired')] : [];
    return welcomePage(context, access.enabled, queryNext(request), 200, errors, null);
  }

  async function setupSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const urls = accountUrls(context.basePath);
    const next = safeNext(form.get(config.redirectField));
    const action = form.get('action');
    if (action === 'cancel') {
      await cancelSetup(kit, context.session);
      return redirectResponse(next ?? urls.profile);
    }
    const access = await guard(context, 'recent', withNext(urls.setup, next));
    if (access instanceof Response) return access;
    const { user } = access;

    if (action === 'send') return sendSubmit(context, form, user, access.enabled, next);
    if (action === 'resend') return resendSubmit(context, form, user, access.enabled, next);
    if (action !== 'confirm') {
      const method = form.get('method') ?? (account.methods.length === 1 ? account.methods[0] : undefined);
      if (method === undefined || !account.methods.includes(method)) {
        return welcomePage(context, access.enabled, next, 400, [message('account.error.methodRequired', {}, 'method')], null);
      }
      // Sending a code needs a number or an address first; nothing is created before it is given.
      if (isSideChannelMethod(method)) return redirectResponse(destinationUrl(context, method, next));
      await beginSetup(kit, context.session, user.id, method, next);
      return redirectResponse(urls.setup);
    }

    const lookup = await readSetup(kit, context.session, user.id);
    if (lookup.status === 'code') return confirmCodeSubmit(context, request, form, user, access.enabled, lookup);
    if (lookup.status !== 'active') {
      const error = lookup.status === 'expired' ? 'account.error.setupExpired' : 'account.error.setupMissing';
      return welcomePage(context, access.enabled, next, 400, [message(error)], null);
    }
    const name = formField(form, 'name');
    const outcome = await confirmSetup(kit, context, request, user, lookup, { name, token: formField(form, 'token') });
    if (outcome.ok) {
      if (outcome.next !== null) return redirectResponse(outcome.next);
      return redirectResponse(`${urls.setupDone}?device=${encodeURIComponent(outcome.device.persistentId)}`);
    }
    const again = (status: number, error: AccountMessage) => keyPage(context, user, access.enabled, lookup, status, [error], name.slice(0, 64));
    switch (outcome.reason) {
      case 'invalid-name':
        return again(400, message(outcome.error, outcome.params, 'name'));
      case 'token-required':
        return again(400, message('account.error.setupCodeRequired', {}, 'token'));
      case 'invalid-token':
        return again(401, message('account.error.setupCodeInvalid', {}, 'token'));
      case 'throttled': {
        const until = outcome.lockedUntil ?? new Date(twofold.clock() + 1000);
        const params = { count: outcome.failures, relative: t.relative(until, twofold.clock()), time: t.time(until) };
        return withRetryAfter(await again(429, message('account.error.setupThrottled', params, 'token')), until, twofold.clock());
      }
      case 'setup-gone':
        return welcomePage(context, access.enabled, next, 400, [message('account.error.setupMissing')], null);
    }
  }

  /** The number or address step was posted: check it, create the device unconfirmed and send the first code. */
  async function sendSubmit(context: PageContext<User>, form: URLSearchParams, user: TwofoldUser, adding: boolean, next: string | null): Promise<Response> {
    const method = form.get('method');
    if (!isSideChannelMethod(method) || !account.methods.includes(method)) {
      return welcomePage(context, adding, next, 400, [message('account.error.methodRequired', {}, 'method')], null);
    }
    const field: AccountField = method === 'email' ? 'address' : 'number';
    const value = formField(form, field);
    const outcome = await startCodeSetup(kit, context.session, user, { method, destination: value, next });
    if (outcome.ok) return redirectResponse(accountUrls(context.basePath).setup);
    switch (outcome.reason) {
      case 'invalid-destination':
        return destinationPage(context, adding, next, 400, [message(destinationProblemMessage(outcome.problem), {}, field)], method, value);
      case 'destination-taken': {
        const error = method === 'email' ? 'account.error.addressTaken' : 'account.error.numberTaken';
        return destinationPage(context, adding, next, 409, [message(error, {}, field)], method, value);
      }
      case 'send-failed': {
        const failed = sendFailure(outcome.failure);
        return withRetryAfter(destinationPage(context, adding, next, failed.status, [failed.error], method, value), failed.retryAt, twofold.clock());
      }
    }
  }

  /** "Send a new code" on the code step: within the device's cooldown and the sending budgets. */
  async function resendSubmit(context: PageContext<User>, form: URLSearchParams, user: TwofoldUser, adding: boolean, next: string | null): Promise<Response> {
    const lookup = await readSetup(kit, context.session, user.id);
    if (lookup.status !== 'code') {
      const error = lookup.status === 'expired' ? 'account.error.setupExpired' : 'account.error.setupMissing';
      return welcomePage(context, adding, next, 400, [message(error)], null);
    }
    const name = formField(form, 'name');
    const sent = await resendSetupCode(kit, user, lookup);
    if (sent.ok) {
      const notice = codeSentMessage(t, sent.destination ?? lookup.destination, sent.device.name, { again: true });
      return codePage(context, adding, lookup, 200, { notices: [fromCoreMessage(notice)], name, nextCodeAt: sent.nextChallengeAt });
    }
    const failed = sendFailure(sent);
    const nextCodeAt = sent.reason === 'cooldown' || sent.reason === 'budget-exhausted' ? sent.retryAt : null;
    return withRetryAfter(codePage(context, adding, lookup, failed.status, { errors: [failed.error], name, nextCodeAt }), failed.retryAt, twofold.clock());
  }

  /** The code step was posted with a code: confirm the device. */
  async function confirmCodeSubmit(
    context: PageContext<User>,
    request: Request,
    form: URLSearchParams,
    user: TwofoldUser,
    adding: boolean,
    active: ActiveCodeSetup,
  ): Promise<Response> {
    const urls = accountUrls(context.basePath);
    const name = formField(form, 'name');
    const outcome = await confirmCodeSetup(kit, context, request, user, active, { name, token: formField(form, 'token') });
    if (outcome.ok) {
      if (outcome.next !== null) return redirectResponse(outcome.next);
      return redirectResponse(`${urls.setupDone}?device=${encodeURIComponent(outcome.device.persistentId)}`);
    }
    const again = (status: number, error: AccountMessage) => codePage(context, adding, active, status, { errors: [error], name });
    switch (outcome.reason) {
      case 'invalid-name':
        return again(400, message(outcome.error, outcome.params, 'name'));
      case 'token-required':
        return again(400, message('account.error.codeRequired', {}, 'token'));
      case 'invalid-token':
        return again(401, message('account.error.codeInvalid', {}, 'token'));
      case 'throttled': {
        const now = twofold.clock();
        const until = outcome.lockedUntil ?? new Date(now + 1000);
        const params = { count: outcome.failures, relative: t.relative(until, now), time: t.time(until) };
        return withRetryAfter(again(429, message('account.error.setupThrottled', params, 'token')), until, now);
      }
      case 'setup-gone':
        return welcomePage(context, adding, active.setup.next, 400, [message('account.error.setupMissing')], null);
    }
  }

  async function setupQr(_request: Request, context: PageContext<User>): Promise<Response> {
    const user = await context.otp.user();
    const refuse = (status: number) => new Response(null, { status, headers: securityHeaders() });
    if (user === null) return refuse(403);
    const lookup = await readSetup(kit, context.session, user.id);
    if (lookup.status !== 'active') return refuse(404);
    const uri = provisioningUri(lookup.kind, lookup.key, lookup.state, { accountName: account.accountName(user), issuer: account.issuer(user) });
    const headers = securityHeaders();
    headers.set('Content-Type', 'image/svg+xml; charset=utf-8');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    return new Response(await qrCodeSvg(uri), { status: 200, headers });
  }

  async function setupDone(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'verified-enabled', here(request));
    if (access instanceof Response) return access;
    const device = await twofold.getDevice(access.user.id, new URL(request.url).searchParams.get('device'));
    const devices = await accountDevices(twofold, access.user.id);
    const primary = await primaryDevice(twofold, access.user.id);
    const body = views.accountSetupDone({
      ...base(context, null),
      page: 'account-setup-done',
      deviceName: device?.name ?? null,
      primaryName: device !== null && primary !== null && primary.id !== device.id ? primary.name : null,
      backupCodesRemaining: devices.backupCodesRemaining,
      backupCodesAvailable: backupCodesAvailable(twofold),
    });
    return page(context, 'account.setupDone.title', body);
  }

  // ------------------------------------------------------------ devices

  async function renamePage(context: PageContext<User>, userId: string, device: Device, name: string, status: number, errors: readonly AccountMessage[]) {
    const primary = await primaryDevice(twofold, userId);
    const body = views.accountRename({
      ...base(context, null, errors),
      page: 'account-rename',
      device: await deviceViewWithDestination(device, primary?.id ?? null),
      name,
    });
    return page(context, 'account.rename.title', body, status);
  }

  async function renameShow(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'verified-enabled', here(request));
    if (access instanceof Response) return access;
    const device = await findManageableDevice(twofold, access.user.id, new URL(request.url).searchParams.get('device'));
    if (device === null) return notFound(context);
    return renamePage(context, access.user.id, device, device.name, 200, []);
  }

  async function renameSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const deviceId = formField(form, 'device');
    const urls = accountUrls(context.basePath);
    const access = await guard(context, 'verified-enabled', `${urls.rename}?device=${encodeURIComponent(deviceId)}`);
    if (access instanceof Response) return access;
    const name = formField(form, 'name');
    const outcome = await renameAccountDevice(kit, request, access.user, deviceId, name);
    if (outcome.ok) {
      setFlash(kit, context.session, 'account.notice.renamed', { name: outcome.device.name });
      return redirectResponse(urls.profile);
    }
    if (outcome.reason === 'not-found') return notFound(context);
    const device = await findManageableDevice(twofold, access.user.id, deviceId);
    if (device === null) return notFound(context);
    return renamePage(context, access.user.id, device, name.slice(0, 64), 400, [message(outcome.error, outcome.params, 'name')]);
  }

  async function removePage(context: PageContext<User>, userId: string, deviceId: string | null, status: number): Promise<Response> {
    const devices = await accountDevices(twofold, userId);
    const device = devices.manageable.find((candidate) => candidate.persistentId === deviceId);
    if (device === undefined) return notFound(context);
    const primaryId = devices.primary?.id ?? null;
    const promoted = device.id === primaryId ? devices.others[0] : undefined;
    const onlyDevice = devices.manageable.length === 1;
    const body = views.accountRemove({
      ...base(context, null, onlyDevice && status !== 200 ? [message('account.error.lastDevice')] : []),
      page: 'account-remove',
      device: await deviceViewWithDestination(device, primaryId),
      promoted: promoted === undefined ? null : deviceView(promoted, primaryId),
      onlyDevice,
    });
    return page(context, 'account.remove.title', body, status);
  }

  async function removeShow(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'recent-enabled', here(request));
    if (access instanceof Response) return access;
    return removePage(context, access.user.id, new URL(request.url).searchParams.get('device'), 200);
  }

  async function removeSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const deviceId = formField(form, 'device');
    const urls = accountUrls(context.basePath);
    const access = await guard(context, 'recent-enabled', `${urls.remove}?device=${encodeURIComponent(deviceId)}`);
    if (access instanceof Response) return access;
    // Only the confirmation page's button carries this: a bare post changes nothing.
    if (form.get('confirm') !== 'yes') return removePage(context, access.user.id, deviceId, 400);
    const outcome = await removeAccountDevice(kit, request, access.user, deviceId);
    if (outcome.ok) {
      setFlash(kit, context.session, 'account.notice.removed', { name: outcome.device.name });
      return redirectResponse(urls.profile);
    }
    if (outcome.reason === 'only-device') return removePage(context, access.user.id, deviceId, 409);
    return notFound(context);
  }

  async function primarySubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const urls = accountUrls(context.basePath);
    const access = await guard(context, 'verified-enabled', urls.profile);
    if (access instanceof Response) return access;
    const outcome = await makePrimaryDevice(kit, request, access.user, formField(form, 'device'));
    if (!outcome.ok) return notFound(context);
    setFlash(kit, context.session, 'account.notice.primary', { name: outcome.device.name });
    return redirectResponse(urls.profile);
  }

  // ------------------------------------------------------------ backup codes

  async function backupCodesShow(request: Request, context: PageContext<User>): Promise<Response> {
    if (!backupCodesAvailable(twofold)) return pageKit.errorPage(context, 404, 'account.error.notEnabled');
    const access = await guard(context, 'verified-enabled', here(request));
    if (access instanceof Response) return access;
    const devices = await accountDevices(twofold, access.user.id);
    const body = views.accountBackupCodes({ ...base(context, null), page: 'account-backup-codes', remaining: devices.backupCodesRemaining });
    return page(context, 'account.backupCodes.title', body);
  }

  async function backupCodesSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    if (!backupCodesAvailable(twofold)) return pageKit.errorPage(context, 404, 'account.error.notEnabled');
    const access = await guard(context, 'recent-enabled', accountUrls(context.basePath).backupCodes);
    if (access instanceof Response) return access;
    const issued = await generateAccountBackupCodes(kit, request, context.session, access.user);
    const body = views.accountBackupCodesIssued({
      ...base(context, null),
      page: 'account-backup-codes-issued',
      codes: issued.codes,
      replaced: issued.replaced,
    });
    return page(context, 'account.backupCodes.issuedTitle', body);
  }

  async function backupCodesDownload(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const access = await guard(context, 'verified-enabled', accountUrls(context.basePath).backupCodes);
    if (access instanceof Response) return access;
    const fresh = codesForDownload(kit, context.session, access.user.id);
    if (fresh === null) return pageKit.errorPage(context, 410, 'account.error.downloadExpired');
    const lines = [
      t.text('account.backupCodes.fileHeader', { account: account.accountName(access.user) }),
      t.text('account.backupCodes.fileIntro', { date: formatDate(new Date(fresh.at)) }),
      '',
      ...fresh.codes.map((code, index) => `${String(index + 1).padStart(2, ' ')}. ${code}`),
      '',
    ];
    const headers = securityHeaders({ contentSecurityPolicy: null });
    headers.set('Content-Type', 'text/plain; charset=utf-8');
    headers.set('Content-Disposition', 'attachment; filename="backup-codes.txt"');
    return new Response(lines.join('\n'), { status: 200, headers });
  }

  // ------------------------------------------------------------ disable

  function disablePage(context: PageContext<User>, status: number, errors: readonly AccountMessage[]) {
    const body = views.accountDisable({ ...base(context, null, errors), page: 'account-disable' });
    return page(context, 'account.disable.title', body, status);
  }

  async function disableShow(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'recent-enabled', here(request));
    if (access instanceof Response) return access;
    return disablePage(context, 200, []);
  }

  async function disableSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const urls = accountUrls(context.basePath);
    const access = await guard(context, 'recent-enabled', urls.disable);
    if (access instanceof Response) return access;
    if (form.get('understand') !== 'yes') return disablePage(context, 400, [message('account.error.understandRequired', {}, 'understand')]);
    await disableTwoFactor(kit, context, request, access.user);
    setFlash(kit, context.session, 'account.notice.disabled');
    return redirectResponse(urls.profile);
  }

  // ------------------------------------------------------------ confirm it is you

  async function reauthenticatePage(
    context: PageContext<User>,
    user: TwofoldUser,
    next: string | null,
    status: number,
    messages: { errors?: readonly AccountMessage[]; notices?: readonly AccountMessage[]; selected?: string | null },
  ): Promise<Response> {
    const primary = await primaryDevice(twofold, user.id);
    const choices = await pageKit.deviceChoices(user.id, messages.selected ?? primary?.persistentId ?? null);
    const body = views.accountReauthenticate({
      ...base(context, next, messages.errors ?? [], messages.notices ?? []),
      page: 'account-reauthenticate',
      devices: choices.map((choice) => ({ id: choice.id, name: choice.name, interactive: choice.interactive, selected: choice.selected })),
      canSendCode: choices.some((choice) => choice.interactive),
      tokenInputMode: pageKit.inputMode(choices),
    });
    return page(context, 'account.reauth.title', body, status);
  }

  async function reauthenticateShow(request: Request, context: PageContext<User>): Promise<Response> {
    const next = queryNext(request);
    const user = await context.otp.user();
    if (user === null) return redirectResponse(pageKit.loginUrl(context, here(request)));
    if (!(await twofold.userHasDevice(user.id))) return redirectResponse(next ?? accountUrls(context.basePath).profile);
    return reauthenticatePage(context, user, next, 200, {});
  }

  async function reauthenticateSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const next = safeNext(form.get(config.redirectField));
    const urls = accountUrls(context.basePath);
    const user = await context.otp.user();
    if (user === null) return redirectResponse(pageKit.loginUrl(context, withNext(urls.reauthenticate, next)));
    if (!(await twofold.userHasDevice(user.id))) return redirectResponse(next ?? urls.profile);
    const action = form.get('action') === 'challenge' ? 'challenge' : 'verify';
    const device = await chooseReauthDevice(twofold, user.id, formField(form, 'device'));
    if (device === null) return reauthenticatePage(context, user, next, 400, { errors: [message('account.error.deviceNotFound', {}, 'device')] });
    if (action === 'challenge') {
      if (!device.interactive) {
        return reauthenticatePage(context, user, next, 400, { errors: [message('error.notInteractive', {}, 'device')], selected: device.persistentId });
      }
      // Sent here rather than through the shared step, so that the message and the code are in the reader's language.
      const sent = await sendCode(kit, user.id, device, sessionTransaction(context.session, config.keys.transaction));
      if (sent.ok) {
        return reauthenticatePage(context, user, next, 200, { notices: [fromCoreMessage(codeSentMessage(t, sent.destination, sent.device.name))], selected: device.persistentId });
      }
      const failed = sendFailure(sent);
      const response = await reauthenticatePage(context, user, next, failed.status, {
        errors: [{ ...failed.error, field: 'device' }],
        selected: device.persistentId,
      });
      return withRetryAfter(response, failed.retryAt, twofold.clock());
    }
    const binding = sessionTransaction(context.session, config.keys.transaction);
    const outcome = await runDeviceStep(config, user.id, { action, device, token: formField(form, 'token'), binding });
    if (outcome.ok && outcome.action === 'verified') {
      await context.otp.login(outcome.device, { method: 'device' });
      return redirectResponse(next ?? urls.profile);
    }
    if (outcome.ok) return reauthenticatePage(context, user, next, 200, { notices: [fromCoreMessage(outcome.notice)], selected: device.persistentId });
    const field: AccountField = outcome.code === 'token_required' || outcome.code === 'invalid_token' || outcome.code === 'throttled' ? 'token' : 'device';
    return reauthenticatePage(context, user, next, outcome.status, {
      errors: [{ id: outcome.error.id, text: outcome.error.text, field }],
      selected: device.persistentId,
    });
  }

  return {
    profile,
    setupShow,
    setupSubmit,
    setupQr,
    setupDone,
    renameShow,
    renameSubmit,
    removeShow,
    removeSubmit,
    primarySubmit,
    backupCodesShow,
    backupCodesSubmit,
    backupCodesDownload,
    disableShow,
    disableSubmit,
    reauthenticateShow,
    reauthenticateSubmit,
    forgetBrowserSubmit,
  };
}
