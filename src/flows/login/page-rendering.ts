/**
 * How the sign-in pages are drawn: their paths, the credentials page, the
 * token step (the chosen device, the other ways, where its codes go), the
 * verify-only page and the backup-code page, and the redirects between
 * them. The handlers that decide which one to show are in `pages.ts`.
 */
import { codeOutstanding, deliveryDestination } from '../../web/destination.js';
import { redirectResponse } from '../../web/headers.js';
import type { Message } from '../../web/messages.js';
import type { PageContext, PageKit } from '../../web/pages/context.js';
import { safeNext } from '../../web/pages/context.js';
import { withRetryAfter } from '../../web/pages/second-factor.js';
import { loginRedirectUrl, safeRedirect } from '../../web/redirect.js';
import { sessionTransaction, type PendingLogin } from '../../web/state.js';
import { ceremonyStepModel } from './ceremony-step.js';
import { passkeySignInModel } from './passkey-sign-in.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { setupUrl } from '../policy/index.js';
import { withCookies, type SignInMethods } from './sign-in-session.js';
import type { Device } from '../../core/types.js';
import type { Twofold } from '../../core/twofold.js';
import { autocompleteOf, inputModeOf, presentationOf } from '../../devices/presentation.js';
import { signInWords } from './sign-in-texts.js';
import type { LostDeviceModel, MethodChoice, TokenDeliveryModel, TokenStepModel } from './views.js';

/** The code field's keyboard for `device`: a number pad for digit codes and for codes sent by the kind. */
function deviceInputMode(twofold: Twofold, device: Device): 'numeric' | 'text' {
  return device.interactive ? 'numeric' : inputModeOf(presentationOf(twofold.kind(device.kind)));
}
/** At most this many backup codes left: the page after a backup code warns, and offers new ones. */
export const LOW_BACKUP_CODES = 3;

/** Which sign-in a page belongs to: the login wizard, or verify-only for a user the host signed in. */
export type LoginPageFlow = 'login' | 'verify';

/** What a page shows besides its form, and what its response carries. */
export interface ShownOnPage {
  readonly errors?: readonly Message[];
  readonly notices?: readonly Message[];
  readonly remember?: boolean;
  readonly setCookies?: readonly string[];
  /** For a 429: when trying again makes sense (the `Retry-After` header). */
  readonly retryAt?: Date | null;
}

/** Creates the sign-in pages' drawing helpers for `kit`. */
export function createLoginPageRendering<User extends HostUser>(kit: PageKit<User>) {
  const { config } = kit;
  const { twofold, translator: t, views } = config;

  /** The "lost your device?" help of every code page, or null when the host hid it. */
  function lostDevice(): LostDeviceModel | null {
    const help = config.lostDevice;
    if (help === null) return null;
    return {
      text: help.text ?? t.text('login.lostDevice.text'),
      link: help.url === null ? null : { url: help.url, text: t.text('login.lostDevice.link') },
    };
  }

  function paths(context: PageContext<User>) {
    const base = context.basePath;
    return {
      login: `${base}/login`,
      loginBackup: `${base}/login/backup`,
      verify: `${base}/verify`,
      verifyBackup: `${base}/verify/backup`,
    };
  }

  function withQuery(path: string, next: string | null, extra: Readonly<Record<string, string>> = {}): string {
    const query = new URLSearchParams(extra);
    if (next !== null) query.set(config.redirectField, next);
    const text = query.toString();
    return text === '' ? path : `${path}?${text}`;
  }

  function queryNext(request: Request): string | null {
    return safeNext(new URL(request.url).searchParams.get(config.redirectField));
  }

  function rememberLabel(): string | null {
    if (config.remember === null) return null;
    const seconds = config.remember.ageMs / 1000;
    if (seconds >= 86_400) return t.text('login.remember.days', { count: Math.floor(seconds / 86_400) });
    if (seconds >= 3600) return t.text('login.remember.hours', { count: Math.floor(seconds / 3600) });
    return t.text('login.remember.minutes', { count: Math.max(1, Math.floor(seconds / 60)) });
  }

  /** Where the device's codes go, whether one is waiting to be entered, and when another may be asked for. */
  async function deliveryOf(device: Device): Promise<TokenDeliveryModel | null> {
    const destination = await deliveryDestination(twofold, device);
    if (destination === null) return null;
    const now = twofold.clock();
    const nextAt = device.nextChallengeAt;
    return {
      channel: destination.channel,
      masked: destination.masked,
      codeSent: codeOutstanding(device, now),
      nextCodeAt: nextAt === null || nextAt.getTime() <= now ? null : { at: nextAt, relative: t.relative(nextAt, now), time: t.time(nextAt) },
    };
  }

  async function tokenStep(
    methods: SignInMethods,
    device: Device,
    formAction: string,
    backupPath: string,
    next: string | null,
    remember: boolean,
    ceremony: { readonly basePath: string; readonly userId: string; readonly binding: string },
  ): Promise<TokenStepModel> {
    const choice = (candidate: Device): MethodChoice => ({
      id: candidate.persistentId,
      name: candidate.name,
      kind: candidate.kind,
      interactive: candidate.interactive,
      url: withQuery(formAction, next, { device: candidate.persistentId }),
    });
    const all = [methods.primary, ...methods.others].filter((candidate): candidate is Device => candidate !== null);
    return {
      formAction,
      device: choice(device),
      otherMethods: all.filter((candidate) => candidate.id !== device.id).map(choice),
      backupUrl: methods.backupCodes === null ? null : withQuery(backupPath, next),
      rememberLabel: rememberLabel(),
      rememberChecked: remember && config.remember !== null,
      tokenInputMode: deviceInputMode(kit.config.twofold, device),
      tokenAutocomplete: autocompleteOf(presentationOf(kit.config.twofold.kind(device.kind))),
      delivery: await deliveryOf(device),
      signIn: signInWords(t, twofold.kind(device.kind), device.name),
      ceremony: await ceremonyStepModel(config, ceremony.basePath, ceremony.userId, device, ceremony.binding),
    };
  }


  /** A page's response with its cookies and, for a 429, `Retry-After`. */
  function finish(response: Response, shown: ShownOnPage): Response {
    return withRetryAfter(withCookies(response, shown.setCookies ?? []), shown.retryAt ?? null, twofold.clock());
  }

  async function credentialsPage(context: PageContext<User>, username: string, next: string | null, status: number, errors: readonly Message[], setCookies: readonly string[] = []) {
    // The passkey button (when the host turned it on) carries its own challenge, bound to this visitor's session.
    const passkey = await passkeySignInModel(config, context);
    const body = views.credentials({ ...kit.base(context, next, errors, []), page: 'credentials', username, ...(passkey === null ? {} : { passkey }) });
    return withCookies(kit.document(context, 'page.login.title', body, status), setCookies);
  }

  async function loginTokenPage(
    context: PageContext<User>,
    pending: PendingLogin,
    methods: SignInMethods,
    device: Device,
    next: string | null,
    status: number,
    shown: ShownOnPage,
  ): Promise<Response> {
    const urls = paths(context);
    const step = await tokenStep(methods, device, urls.login, urls.loginBackup, next, shown.remember === true, {
      basePath: context.basePath,
      userId: pending.userId,
      // The binding the step's POST checks against (see secondFactorStep).
      binding: pending.transaction ?? sessionTransaction(context.session, config.keys.transaction),
    });
    const body = views.loginToken({
      ...kit.base(context, next, shown.errors ?? [], shown.notices ?? []),
      ...step,
      page: 'login-token',
      username: pending.username,
      lostDevice: lostDevice(),
    });
    const title = step.signIn?.title ?? null;
    // A key is not a code: its step is titled like the verify-only page.
    const titleId = (step.ceremony ?? null) === null ? 'page.loginToken.title' : 'page.token.title';
    return finish(kit.document(context, title === null ? titleId : { text: title }, body, status), shown);
  }

  async function verifyPage(
    context: PageContext<User>,
    user: TwofoldUser,
    methods: SignInMethods,
    device: Device | null,
    next: string | null,
    status: number,
    shown: ShownOnPage,
  ): Promise<Response> {
    const urls = paths(context);
    const body = views.token({
      ...kit.base(context, next, shown.errors ?? [], shown.notices ?? []),
      page: 'token',
      username: user.username,
      step:
        device === null
          ? null
          : await tokenStep(methods, device, urls.verify, urls.verifyBackup, next, shown.remember === true, {
              basePath: context.basePath,
              userId: user.id,
              binding: sessionTransaction(context.session, config.keys.transaction),
            }),
      setupUrl: device === null && config.account !== null ? setupUrl(context.basePath, config.redirectField, next) : null,
      lostDevice: device === null ? null : lostDevice(),
    });
    return finish(kit.document(context, 'page.token.title', body, status), shown);
  }

  /** The backup-code step; `hasDevice` false hides "Use one of your devices instead" (there is none to go back to). */
  function backupPage(
    context: PageContext<User>,
    flow: LoginPageFlow,
    username: string | null,
    next: string | null,
    status: number,
    shown: ShownOnPage,
    hasDevice = true,
  ) {
    const urls = paths(context);
    const body = views.backupCode({
      ...kit.base(context, next, shown.errors ?? [], shown.notices ?? []),
      page: 'backup-code',
      flow,
      username,
      formAction: withQuery(flow === 'login' ? urls.loginBackup : urls.verifyBackup, null),
      tokenUrl: hasDevice ? withQuery(flow === 'login' ? urls.login : urls.verify, next) : null,
      lostDevice: lostDevice(),
    });
    return finish(kit.document(context, 'login.backup.title', body, status), shown);
  }

  /** The page right after a backup code: how many are left, and new ones when few are. */
  function backupCodesLeftPage(context: PageContext<User>, remaining: number, next: string | null): Response {
    const body = views.backupCodesLeft({
      ...kit.base(context, next, [], []),
      page: 'backup-codes-left',
      remaining,
      low: remaining <= LOW_BACKUP_CODES,
      newCodesUrl: config.account === null ? null : `${context.basePath}/backup-codes`,
      continueUrl: safeRedirect(next, config.defaultRedirect),
    });
    return kit.document(context, 'login.backupLeft.title', body, 200);
  }

  /** A redirect carrying `Set-Cookie` values: 303 after a POST, 302 after a GET. */
  function redirectWithCookies(location: string, setCookies: readonly string[], status: 302 | 303 = 303): Response {
    return withCookies(redirectResponse(location, status), setCookies);
  }

  /** Where a visitor with nothing to verify goes: the credentials page, or the host's own sign-in. */
  async function startOver(context: PageContext<User>, next: string | null, status: number, errors: readonly Message[]): Promise<Response> {
    if (config.passwordLogin !== null) return credentialsPage(context, '', next, status, errors);
    return redirectResponse(next === null ? config.signInUrl : loginRedirectUrl(config.signInUrl, config.redirectField, next), status === 200 ? 302 : 303);
  }
  return { paths, withQuery, queryNext, credentialsPage, loginTokenPage, verifyPage, backupPage, backupCodesLeftPage, redirectWithCookies, startOver };
}
