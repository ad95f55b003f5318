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
import { formField } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import type { PageContext, PageHandler, PageKit } from '../../web/pages/context.js';
import { codeRecipient, safeNext } from '../../web/pages/context.js';
import { runDeviceStep, withRetryAfter } from '../../web/pages/second-factor.js';
import { sessionTransaction } from '../../web/state.js';
import { codeSentMessage, deliveryDestination } from '../../web/destination.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import type { Message, MessageId } from '../../web/messages.js';
import type { KindDestinationTexts } from '../../core/presentation.js';
import { kindSentence } from './device-names.js';
import { listRememberedBrowsers } from '../remember/service.js';
import { summarizeUserAgent } from '../remember/user-agent.js';
import { readRememberCookies } from '../remember/cookie.js';
import { codeFieldWords } from '../login/sign-in-texts.js';
import { primaryDevice } from '../shared/primary.js';
import { accountDevices, backupCodesAvailable, chooseReauthDevice, codesForDownload, disableTwoFactor, forgetAccountBrowser, setFlash, takeFlash, type AccountKit } from './service.js';
import type { Device } from '../../core/types.js';
import { sendCode } from './code-setup.js';
import { destinationKinds } from './side-channel.js';
import type { AccountField, AccountMessage, RememberedBrowserView } from './views.js';
import { accountUrls, createAccountPageHelpers } from './page-helpers.js';
import { keepStepNotices, takeStepNotices } from '../shared/step-notices.js';
import { createSetupPages } from './setup-pages.js';
import { createDevicePages } from './device-pages.js';
import { createBackupCodePages } from './backup-code-pages.js';

export { accountUrls } from './page-helpers.js';

/** The GET and POST handlers of the account pages. */
export interface AccountPageHandlers<User extends HostUser> {
  readonly profile: PageHandler<User>;
  readonly setupShow: PageHandler<User>;
  readonly setupSubmit: PageHandler<User>;
  readonly setupQr: PageHandler<User>;
  readonly setupApp: PageHandler<User>;
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

/** Creates the account page handlers. */
export function createAccountPages<User extends HostUser>(pageKit: PageKit<User>, kit: AccountKit<User>): AccountPageHandlers<User> {
  const helpers = createAccountPageHelpers(pageKit, kit);
  const { config, twofold, t, account, views, message, fromCoreMessage, base, page, withNext, formatDate, deviceView, guard, postedForm, notFound, queryNext, here } = helpers;
  const { offeredMethods, sendFailure, setupShow, setupSubmit, setupQr, setupApp, setupDone } = createSetupPages(helpers);
  const { renameShow, renameSubmit, removeShow, removeSubmit, primarySubmit } = createDevicePages(helpers);
  const { backupCodesShow, backupCodesSubmit, backupCodesDownload } = createBackupCodePages(helpers);

  async function profile(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'verified', here(request));
    if (access instanceof Response) return access;
    const flash = takeFlash(kit, context.session);
    // Drops backup codes kept for a download that is no longer possible.
    codesForDownload(kit, context.session, access.user.id);
    const notices = flash === null ? [] : [message(flash.id, flash.params)];
    const devices = await accountDevices(twofold, access.user.id);
    const primaryId = devices.primary?.id ?? null;
    const remembered = await rememberedBrowserViews(request, context, access.user);
    const destinations = new Map(await Promise.all(devices.manageable.map(async (device) => [device.id, await deliveryDestination(twofold, device)] as const)));
    const view = (device: Device) => deviceView(device, primaryId, destinations.get(device.id));
    // The kinds listed apart as backup destinations (phones), as they declare; the first that setup offers gets the "add" link.
    const listed = destinationKinds(twofold).filter(({ destination }) => destination.backupList === true);
    const phones = devices.manageable.filter((device) => listed.some(({ kind }) => kind.name === device.kind));
    const addable = listed.find((served) => offeredMethods(served).length > 0);
    const canAddPhone = addable !== undefined;
    const described = addable ?? listed[0];
    const pageBase = base(context, null, [], notices);
    const body = views.accountProfile({
      ...pageBase,
      urls: { ...pageBase.urls, addPhone: addable === undefined ? pageBase.urls.setup : `${pageBase.urls.setup}?method=${encodeURIComponent(addable.kind.name)}` },
      page: 'account-profile',
      username: access.user.username,
      enabled: access.enabled,
      primary: devices.primary === null ? null : view(devices.primary),
      devices: devices.manageable.map(view),
      backupCodesRemaining: devices.backupCodesRemaining,
      backupCodesAvailable: backupCodesAvailable(twofold),
      rememberedBrowsers: remembered,
      canAddDevice: account.methods.length > 0,
      // Every number, the primary one too (marked): a number just added and made primary is still a number codes can go to.
      backupPhones: canAddPhone || phones.length > 0 ? phones.map(view) : null,
      canAddPhone,
      ...(described === undefined ? {} : { backupListTexts: backupListTexts(described.kind.name, described.destination.texts) }),
    });
    return page(context, 'account.profile.title', body);
  }

  /** The words of the profile's list of backup destinations, as the listed kind declares them (catalog first), else the general ones. */
  function backupListTexts(kindName: string, texts: KindDestinationTexts) {
    const said = (key: 'listHeading' | 'listIntro' | 'listNone', general: MessageId): string => {
      const english = texts[key];
      return english === undefined ? t.text(general) : kindSentence(t, kindName, key, english).text;
    };
    return {
      heading: said('listHeading', 'account.profile.backupListHeading'),
      intro: said('listIntro', 'account.profile.backupListIntro'),
      none: said('listNone', 'account.profile.backupListNone'),
      add: kindSentence(t, kindName, 'title', texts.title).text,
    };
  }

  /** "Chrome on Linux", "Safari on iPhone", "Firefox", "Unknown browser on Windows", "Unknown browser". */
  function browserLabel(userAgent: string): string {
    const { browser, system } = summarizeUserAgent(userAgent);
    const name = browser ?? t.text('account.profile.browserUnknown');
    return system === null ? name : t.text('account.profile.browserOn', { browser: name, system });
  }

  /** The profile's remembered browsers, or null when remembering browsers is off. */
  async function rememberedBrowserViews(request: Request, context: PageContext<User>, user: TwofoldUser): Promise<RememberedBrowserView[] | null> {
    if (config.remember === null) return null;
    const action = accountUrls(context.basePath).forgetBrowser;
    // Only a label: the cookie's record id is read, not verified (the cookie's secret is checked where it skips a code).
    const here = new Set(readRememberCookies(config.remember, request).valid.map((cookie) => cookie.recordId));
    return (await listRememberedBrowsers(twofold, user.id)).map((browser) => {
      const since = { at: browser.createdAt, text: formatDate(browser.createdAt) };
      const until = { at: browser.expiresAt, text: formatDate(browser.expiresAt) };
      return {
        label: browserLabel(browser.userAgent),
        current: here.has(browser.id),
        userAgent: browser.userAgent,
        details: [
          t.text('account.profile.rememberedEntry', { date: since.text, device: browser.device.name }),
          t.text('account.profile.rememberedUntil', { date: until.text }),
        ],
        detailDates: [since, until],
        forgetAction: action,
        forgetFields: { browser: browser.id },
      };
    });
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

  // ------------------------------------------------------------ turning it off

  function disablePage(context: PageContext<User>, status: number, errors: readonly AccountMessage[]) {
    const body = views.accountDisable({ ...base(context, null, errors), page: 'account-disable' });
    return page(context, 'account.disable.title', body, status);
  }

  async function disableShow(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'recent-enabled', here(request), 'disable');
    if (access instanceof Response) return access;
    return disablePage(context, 200, []);
  }

  async function disableSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const urls = accountUrls(context.basePath);
    const access = await guard(context, 'recent-enabled', urls.disable, 'disable');
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
    const selected = choices.find((choice) => choice.selected && choice.interactive);
    const selectedDevice = selected === undefined ? null : await twofold.getDevice(user.id, selected.id);
    const now = twofold.clock();
    const wait = selectedDevice?.nextChallengeAt ?? null;
    const body = views.accountReauthenticate({
      ...base(context, next, messages.errors ?? [], messages.notices ?? []),
      page: 'account-reauthenticate',
      devices: choices.map((choice) => ({ id: choice.id, name: choice.name, interactive: choice.interactive, selected: choice.selected })),
      canSendCode: choices.some((choice) => choice.interactive),
      nextCodeAt: wait !== null && wait.getTime() > now ? { at: wait, relative: t.relative(wait, now), time: t.time(wait) } : null,
      tokenInputMode: pageKit.inputMode(choices),
      fieldWords: Object.fromEntries(choices.map((choice) => [choice.id, codeFieldWords(t, twofold, choice, t.text('field.token.hint'))])),
    });
    return page(context, 'account.reauth.title', body, status);
  }

  // What "send me a code" leaves for the page its redirect lands on (Post/Redirect/Get: a reload never sends another).
  const reauthNotesKey = `${config.keys.state}ReauthNotes`;

  function redirectWithNote(context: PageContext<User>, next: string | null, notice: Message, device: string): Response {
    keepStepNotices(context.session, reauthNotesKey, { notices: [notice], errors: [], device, at: twofold.clock() });
    return redirectResponse(withNext(accountUrls(context.basePath).reauthenticate, next));
  }

  async function reauthenticateShow(request: Request, context: PageContext<User>): Promise<Response> {
    const next = queryNext(request);
    const user = await context.otp.user();
    if (user === null) return redirectResponse(pageKit.loginUrl(context, here(request)));
    if (!(await twofold.userHasDevice(user.id))) return redirectResponse(next ?? accountUrls(context.basePath).profile);
    const note = takeStepNotices(context.session, reauthNotesKey, twofold.clock());
    return reauthenticatePage(context, user, next, 200, { notices: note?.notices.map(fromCoreMessage) ?? [], selected: note?.device ?? null });
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
      const sent = await sendCode(kit, user.id, device, sessionTransaction(context.session, config.keys.transaction), codeRecipient(context));
      if (sent.ok) return redirectWithNote(context, next, codeSentMessage(t, sent.destination, sent.device.name), device.persistentId);
      const failed = sendFailure(sent);
      const response = await reauthenticatePage(context, user, next, failed.status, {
        errors: [{ ...failed.error, field: 'device' }],
        selected: device.persistentId,
      });
      return withRetryAfter(response, failed.retryAt, twofold.clock());
    }
    const binding = sessionTransaction(context.session, config.keys.transaction);
    const outcome = await runDeviceStep(config, user.id, { action, device, token: formField(form, 'token'), binding, ...codeRecipient(context) });
    if (outcome.ok && outcome.action === 'verified') {
      await context.otp.login(outcome.device, { method: 'device' });
      return redirectResponse(next ?? urls.profile);
    }
    if (outcome.ok) return redirectWithNote(context, next, outcome.notice, device.persistentId);
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
    setupApp,
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
