/**
 * The setup wizard's pages: choosing a method, the key and QR code, a token from a key, and done; the steps of a setup by a sent code are in code-setup-pages.ts.
 */
import { qrCodeSvg } from '../../core/qr.js';
import { formField } from '../../web/form.js';
import { redirectResponse, securityHeaders } from '../../web/headers.js';
import type { PageContext } from '../../web/pages/context.js';
import { safeNext } from '../../web/pages/context.js';
import { withRetryAfter } from '../../web/pages/second-factor.js';
import { inputModeOf, presentationOf } from '../../devices/presentation.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { primaryDevice } from '../shared/primary.js';
import { accountDevices, backupCodesAvailable, beginSetup, cancelSetup, confirmSetup, defaultDeviceName, kindLabel, methodHint, methodLabel, readSetup, type ActiveSetup } from './service.js';
import { formatKeyForReading, provisioningUri } from './setup-state.js';
import { takeStepNotices } from '../shared/step-notices.js';
import { isSideChannelMethod } from './side-channel.js';
import { kindSentence } from './device-names.js';
import { tokenKindOf, type TokenKind } from '../../devices/presentation.js';
import { registerByToken } from './token-setup.js';
import type { AccountMessage } from './views.js';
import { accountUrls, type AccountPageHelpers } from './page-helpers.js';
import { createCodeSetupPages } from './code-setup-pages.js';
import { createCeremonySetupPages } from './ceremony-setup-pages.js';

/** The setup wizard's pages: choosing a method, the key and QR code, the number or address and the code of a setup by code, and done. */
export function createSetupPages<User extends HostUser>(helpers: AccountPageHelpers<User>) {
  const { kit, config, twofold, t, account, views, message, fromCoreMessage, base, page, withNext, guard, postedForm, queryNext, here } = helpers;
  const { resendNotesKey, offeredMethods, requestedChannel, servedBy, headingOf, destinationUrl, destinationPage, codePage, sendFailure, sendSubmit, resendSubmit, confirmCodeSubmit } =
    createCodeSetupPages(helpers, welcomePage);
  const ceremonies = createCeremonySetupPages(helpers);

  function welcomePage(context: PageContext<User>, adding: boolean, next: string | null, status: number, errors: readonly AccountMessage[], selected: string | null) {
    const body = views.accountSetupWelcome({
      ...base(context, next, errors),
      page: 'account-setup-welcome',
      adding,
      methods: account.methods.map((kind, index) => ({
        kind,
        label: methodLabel(t, twofold.kind(kind) ?? kind),
        hint: methodHint(t, twofold.kind(kind) ?? kind),
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
      methodLabel: kindLabel(t, active.kind),
      qrCodeUrl: accountUrls(context.basePath).setupQr,
      keyText: formatKeyForReading(active.key),
      authenticatorUrl: accountUrls(context.basePath).setupApp,
      counterBased: presentationOf(active.kind).settings?.(active.state)?.counter !== undefined,
      name: name ?? defaultDeviceName(t, active.kind, existing),
      expires: { at: expires, relative: t.relative(expires, now), time: t.time(expires) },
      tokenInputMode: inputModeOf(presentationOf(active.kind)),
    });
    return page(context, adding ? 'account.setup.addTitle' : 'account.setup.title', body, status);
  }










  /** The kind a `?method=` link or a posted `method` asks to set up by a token from the device, when setup offers it. */
  function offeredTokenKind(value: string | null): TokenKind | null {
    return value !== null && account.methods.includes(value) ? tokenKindOf(twofold, value) : null;
  }

  /** The step of a kind set up by a token the device types (a YubiKey touched in the field). */
  async function tokenPage(
    context: PageContext<User>,
    user: TwofoldUser,
    adding: boolean,
    next: string | null,
    served: TokenKind,
    status: number,
    errors: readonly AccountMessage[],
    name: string | null,
  ) {
    const { texts } = served.token;
    const said = (key: 'title' | 'intro' | 'field' | 'fieldHint') => kindSentence(t, served.kind.name, key, texts[key]).text;
    const title = adding ? { text: said('title') } : ('account.setup.title' as const);
    const existing = (await twofold.listDevices(user.id)).map((device) => device.name);
    const input = served.presentation.input;
    const body = views.accountSetupToken({
      ...base(context, next, errors),
      page: 'account-setup-token',
      heading: headingOf(title),
      adding,
      method: served.kind.name,
      intro: said('intro'),
      field: { label: said('field'), hint: said('fieldHint'), maxLength: input.type === 'text' ? input.maxLength : 64 },
      name: (name ?? defaultDeviceName(t, served.kind, existing)).slice(0, 64),
    });
    return page(context, title, body, status);
  }

  /** The token step was posted: the kind checks the token as it creates the device. */
  async function registerSubmit(context: PageContext<User>, request: Request, form: URLSearchParams, user: TwofoldUser, adding: boolean, next: string | null): Promise<Response> {
    const served = offeredTokenKind(form.get('method'));
    if (served === null) return welcomePage(context, adding, next, 400, [message('account.error.methodRequired', {}, 'method')], null);
    const name = formField(form, 'name');
    const outcome = await registerByToken(kit, context, request, user, served, { name, token: formField(form, 'token'), next });
    if (outcome.ok) {
      if (outcome.next !== null) return redirectResponse(outcome.next);
      return redirectResponse(`${accountUrls(context.basePath).setupDone}?device=${encodeURIComponent(outcome.device.persistentId)}`);
    }
    const again = (status: number, error: AccountMessage) => tokenPage(context, user, adding, next, served, status, [error], name);
    switch (outcome.reason) {
      case 'invalid-name':
        return again(400, message(outcome.error, outcome.params, 'name'));
      case 'token-required':
        return again(400, message('account.error.setupCodeRequired', {}, 'token'));
      default: {
        const statuses = { invalid: 400, taken: 409, unavailable: 503 } as const;
        const sentence = kindSentence(t, served.kind.name, outcome.reason, served.token.texts[outcome.reason]);
        return again(statuses[outcome.reason], { ...sentence, field: 'token' });
      }
    }
  }


  async function setupShow(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'recent', here(request));
    if (access instanceof Response) return access;
    const requested = new URL(request.url).searchParams.get('method');
    const tokenKind = offeredTokenKind(requested);
    if (tokenKind !== null) return tokenPage(context, access.user, access.enabled, queryNext(request), tokenKind, 200, [], null);
    const ceremonyKind = ceremonies.offeredCeremonyKind(requested);
    if (ceremonyKind !== null) return ceremonies.ceremonyPage(context, access.user, access.enabled, queryNext(request), ceremonyKind, 200, [], null);
    const channel = requestedChannel(requested);
    if (channel !== null) {
      // An e-mail field starts with the user's own address, when the host knows it.
      const value = servedBy(channel).destination.inputType === 'email' ? ((await account.userEmail(access.user)) ?? '') : '';
      return destinationPage(context, access.enabled, queryNext(request), 200, [], channel, value);
    }
    const lookup = await readSetup(kit, context.session, access.user.id);
    if (lookup.status === 'active') return keyPage(context, access.user, access.enabled, lookup, 200, [], null);
    if (lookup.status === 'code') {
      // "We sent a new code" comes from the resend POST, which redirected here: a reload sends nothing.
      const note = takeStepNotices(context.session, resendNotesKey, twofold.clock());
      return codePage(context, access.enabled, lookup, 200, { notices: note?.notices.map(fromCoreMessage) ?? [] });
    }
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
    if (action === 'register') return registerSubmit(context, request, form, user, access.enabled, next);
    if (action === 'ceremony') {
      const answered = await ceremonies.ceremonySubmit(context, request, form, user, access.enabled, next);
      return answered ?? welcomePage(context, access.enabled, next, 400, [message('account.error.methodRequired', {}, 'method')], null);
    }
    if (action !== 'confirm') {
      const method = form.get('method') ?? (account.methods.length === 1 ? account.methods[0] : undefined);
      if (method === undefined || !account.methods.includes(method)) {
        return welcomePage(context, access.enabled, next, 400, [message('account.error.methodRequired', {}, 'method')], null);
      }
      // Sending a code needs a number or an address first; nothing is created before it is given.
      if (isSideChannelMethod(twofold, method) || offeredTokenKind(method) !== null || ceremonies.offeredCeremonyKind(method) !== null) {
        return redirectResponse(destinationUrl(context, method, next));
      }
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




  /** The `otpauth://` URI of this session's setup, or the status to refuse with. */
  async function setupUri(context: PageContext<User>): Promise<string | number> {
    const user = await context.otp.user();
    if (user === null) return 403;
    const lookup = await readSetup(kit, context.session, user.id);
    if (lookup.status !== 'active') return 404;
    return provisioningUri(lookup.kind, lookup.key, lookup.state, { accountName: account.accountName(user), issuer: account.issuer(user) });
  }

  async function setupQr(_request: Request, context: PageContext<User>): Promise<Response> {
    const uri = await setupUri(context);
    if (typeof uri === 'number') return new Response(null, { status: uri, headers: securityHeaders() });
    const headers = securityHeaders();
    headers.set('Content-Type', 'image/svg+xml; charset=utf-8');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    return new Response(await qrCodeSvg(uri), { status: 200, headers });
  }

  /** "Open in authenticator app": a redirect to the URI (never cached, like the QR code), which the phone hands to the app. */
  async function setupApp(_request: Request, context: PageContext<User>): Promise<Response> {
    const uri = await setupUri(context);
    if (typeof uri === 'number') return new Response(null, { status: uri, headers: securityHeaders() });
    return redirectResponse(uri, 302);
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
      renameUrl: device === null ? null : `${accountUrls(context.basePath).rename}?device=${encodeURIComponent(device.persistentId)}`,
      backupCodesRemaining: devices.backupCodesRemaining,
      backupCodesAvailable: backupCodesAvailable(twofold),
    });
    return page(context, 'account.setupDone.title', body);
  }


  return { offeredMethods, sendFailure, setupShow, setupSubmit, setupQr, setupApp, setupDone };
}
