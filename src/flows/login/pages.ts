/**
 * The sign-in pages (django-two-factor-auth's `LoginView`, plus the
 * verify-only page users asked for in its #377), server-rendered and
 * usable without JavaScript:
 *
 * | route | |
 * | --- | --- |
 * | `GET/POST <prefix>/login` | the wizard: password, then the token step (primary device first, "other ways" below) |
 * | `GET/POST <prefix>/login/backup` | the wizard's backup-code step |
 * | `GET/POST <prefix>/verify` | verify-only: the token step for a user the host signed in (SSO, social, password reset) |
 * | `GET/POST <prefix>/verify/backup` | verify-only: the backup-code step |
 *
 * `GET <prefix>/login` also shows the verify-only page to a signed-in,
 * unverified user (guards send users there), and every POST goes to the step
 * the *session* is at: the page a form came from decides nothing. Every POST
 * needs the CSRF token and a same-site origin, and is refused with 403
 * before anything is read or changed otherwise.
 *
 * How each page is drawn is in `page-rendering.ts`.
 */
import { checkCsrf, CSRF_FIELD, csrfRefusal } from '../../web/csrf.js';
import { formField, readForm } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import type { PageContext, PageHandler, PageKit } from '../../web/pages/context.js';
import { safeNext } from '../../web/pages/context.js';
import { safeRedirect } from '../../web/redirect.js';
import { expiryMessage, takeExpiryNotice } from '../../web/lifetime.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { setupRequired, setupUrl } from '../policy/index.js';
import {
  cancelPending,
  chooseDevice,
  hasSecondFactor,
  passwordStep,
  secondFactorStep,
  secondFactorSubject,
  signInMethods,
  verifyWithRememberedBrowser,
  type SecondFactorSubject,
} from './flow.js';
import type { Device } from '../../core/types.js';
import { recoveryKind, remainingOnList } from '../../devices/presentation.js';
import { passkeySignInStep } from './passkey-sign-in.js';
import { preferredCeremonyDevice } from './ceremony-step.js';
import { keepStepNotices, takeStepNotices, type StepNotices } from '../shared/step-notices.js';
import { createLoginPageRendering, type LoginPageFlow, type ShownOnPage } from './page-rendering.js';
import { readBackupCodesLeft, keepBackupCodesLeft } from './backup-codes-left.js';

/** The handlers of the sign-in pages. */
export interface LoginPages<User extends HostUser> {
  /** `GET /login` */
  readonly show: PageHandler<User>;
  /** `POST /login` */
  readonly submit: PageHandler<User>;
  /** `GET /login/backup` */
  readonly backupShow: PageHandler<User>;
  /** `GET /verify` */
  readonly verifyShow: PageHandler<User>;
  /** `GET /verify/backup` */
  readonly verifyBackupShow: PageHandler<User>;
  /** `POST /login/backup`, `POST /verify`, `POST /verify/backup` (all go to the step the session is at) */
  readonly secondFactorSubmit: PageHandler<User>;
  /** `POST /login/backup` and `POST /verify/backup` */
  readonly backupSubmit: PageHandler<User>;
}

/** Creates the sign-in page handlers. */
export function createLoginPages<User extends HostUser>(kit: PageKit<User>): LoginPages<User> {
  const { config } = kit;
  const { twofold, translator: t } = config;

  const { paths, withQuery, queryNext, credentialsPage, loginTokenPage, verifyPage, backupPage, backupCodesLeftPage, redirectWithCookies, startOver } =
    createLoginPageRendering(kit);
  // What a sign-in POST leaves for the page its redirect lands on (Post/Redirect/Get).
  const notesKey = `${config.keys.state}Notes`;

  /** The note a POST left for this page, as what the page shows. */
  function takeNote(context: PageContext<User>): { readonly shown: ShownOnPage; readonly device: string | null } {
    const note = takeStepNotices(context.session, notesKey, twofold.clock());
    return { shown: { notices: note?.notices ?? [], errors: note?.errors ?? [] }, device: note?.device ?? null };
  }

  /** Leaves `note` for the step page and redirects there (303, with the response's cookies). */
  function redirectWithNote(context: PageContext<User>, location: string, note: Omit<StepNotices, 'at'>, setCookies: readonly string[] = []): Response {
    keepStepNotices(context.session, notesKey, { ...note, at: twofold.clock() });
    return redirectWithCookies(location, setCookies);
  }

  /** The device the page asks about: the one in the query, else the one the last POST chose. */
  function requestedDevice(request: Request, noted: string | null): string | null {
    return new URL(request.url).searchParams.get('device') ?? noted;
  }

  /** The page of a signed-in, unverified user: setup, a remembered browser, or the token step. */
  async function verifyEntry(request: Request, context: PageContext<User>, user: TwofoldUser, next: string | null, backup: boolean): Promise<Response> {
    const methods = await signInMethods(config, user.id);
    if (!hasSecondFactor(methods)) {
      if (await setupRequired(twofold, config.requireTwoFactor, user)) return redirectResponse(setupUrl(context.basePath, config.redirectField, next), 302);
      return verifyPage(context, user, methods, null, next, 200, {});
    }
    const remembered = await verifyWithRememberedBrowser(config, context, request, user, 'verify');
    if (remembered.verified) return redirectWithCookies(safeRedirect(next, config.defaultRedirect), remembered.setCookies, 302);
    const note = takeNote(context);
    const chosen = chooseDevice(methods, requestedDevice(request, note.device) ?? preferredCeremonyDevice(config, methods));
    const device = chosen === 'unavailable' ? methods.primary : chosen;
    if (device === null && !backup) return redirectWithCookies(withQuery(paths(context).verifyBackup, next), remembered.setCookies, 302);
    // Said once, on the page that asks for the code again: why the session is no longer verified.
    const expired = takeExpiryNotice(context.session, config.keys.expired);
    const shown: ShownOnPage = {
      setCookies: remembered.setCookies,
      notices: [...(expired === null ? [] : [expiryMessage(t, expired)]), ...(note.shown.notices ?? [])],
      errors: note.shown.errors ?? [],
    };
    if (backup || device === null) return backupPage(context, 'verify', user.username, next, 200, shown, methods.primary !== null);
    return verifyPage(context, user, methods, device, next, 200, shown);
  }

  /** The wizard's token step (or backup step) on GET. */
  async function wizardEntry(request: Request, context: PageContext<User>, subject: Extract<SecondFactorSubject<User>, { type: 'pending' }>, next: string | null, backup: boolean): Promise<Response> {
    const methods = await signInMethods(config, subject.user.id);
    if (!hasSecondFactor(methods)) {
      context.session.delete(config.keys.pending);
      return credentialsPage(context, '', next, 200, [t.message('error.pendingExpired')]);
    }
    const note = takeNote(context);
    if (backup) return backupPage(context, 'login', subject.pending.username, next, 200, note.shown, methods.primary !== null);
    const chosen = chooseDevice(methods, requestedDevice(request, note.device) ?? preferredCeremonyDevice(config, methods));
    const device = chosen === 'unavailable' ? methods.primary : chosen;
    if (device === null) return redirectResponse(withQuery(paths(context).loginBackup, next), 302);
    return loginTokenPage(context, subject.pending, methods, device, next, 200, note.shown);
  }

  async function showStep(request: Request, context: PageContext<User>, page: 'login' | 'verify', backup: boolean): Promise<Response> {
    const next = queryNext(request);
    const subject = await secondFactorSubject(config, context);
    if (subject === 'verified') {
      // Right after a backup code: how many are left (said once; a reload goes on to the destination).
      const left = backup ? readBackupCodesLeft(config, context) : null;
      if (left !== null) return backupCodesLeftPage(context, left, next);
      // A verified user may still use the login page to switch accounts.
      if (page === 'login' && !backup && config.passwordLogin !== null) return credentialsPage(context, '', next, 200, []);
      return kit.redirectTo(next, config.defaultRedirect);
    }
    if (subject === 'expired') return startOver(context, next, 200, [t.message('error.pendingExpired')]);
    if (subject === 'none') {
      if (page === 'login' && !backup) return startOver(context, next, 200, []);
      return redirectResponse(kit.loginUrl(context, next), 302);
    }
    if (subject.type === 'pending') {
      if (page === 'verify') return redirectResponse(withQuery(backup ? paths(context).loginBackup : paths(context).login, next), 302);
      return wizardEntry(request, context, subject, next, backup);
    }
    return verifyEntry(request, context, subject.user, next, backup);
  }

  async function readPost(request: Request, context: PageContext<User>): Promise<URLSearchParams | Response> {
    const read = await readForm(request);
    if (!read.ok) return kit.errorPage(context, read.status, read.status === 413 ? 'error.tooLarge' : 'error.badRequest');
    if (!checkCsrf(request, context.session, config.keys.csrf, read.form.get(CSRF_FIELD))) return refusedForm(request, context, read.form);
    return read.form;
  }

  /**
   * A form refused by the CSRF check. Nothing was read or changed. A form from
   * this site with an out-of-date token (another tab moved the sign-in on, the
   * session ran out) is told what happened and led to where the user can go on:
   * the destination when the session is verified already, else the current step.
   */
  async function refusedForm(request: Request, context: PageContext<User>, form: URLSearchParams): Promise<Response> {
    const reason = csrfRefusal(request);
    if (reason === 'cookies') return kit.errorPage(context, 403, 'error.cookiesRequired', 'page.forbidden.title');
    if (reason === 'cross-site') return kit.errorPage(context, 403, 'error.csrf', 'page.forbidden.title');
    const next = safeNext(form.get(config.redirectField));
    const subject = await secondFactorSubject(config, context);
    const go = (message: 'error.staleSignedIn' | 'error.staleStep' | 'error.staleExpired', url: string) =>
      kit.errorPage(context, 403, message, 'page.stale.title', { url, label: 'action.continue' });
    if (subject === 'verified') return go('error.staleSignedIn', safeRedirect(next, config.defaultRedirect));
    if (subject === 'expired' || subject === 'none') return go('error.staleExpired', kit.loginUrl(context, next));
    return go('error.staleStep', withQuery(subject.type === 'pending' ? paths(context).login : paths(context).verify, next));
  }

  /** A code, a backup code or "send me a code", for whoever the session says it is for. */
  async function secondFactorPost(request: Request, context: PageContext<User>, form: URLSearchParams, next: string | null, backup: boolean): Promise<Response> {
    const subject = await secondFactorSubject(config, context);
    if (subject === 'verified') return kit.redirectTo(next, config.defaultRedirect);
    if (subject === 'expired') return startOver(context, next, 400, [t.message('error.pendingExpired')]);
    if (subject === 'none') {
      // A code without a live password step: the step expired (or never happened). Nothing is evaluated.
      const posted = form.has('token') || form.has('device') || backup;
      return startOver(context, next, 400, [posted ? t.message('error.pendingExpired') : t.message('error.credentialsRequired', {}, 'username')]);
    }
    const flow: LoginPageFlow = subject.type === 'pending' ? 'login' : 'verify';
    const methods = await signInMethods(config, subject.user.id);
    if (!hasSecondFactor(methods)) {
      if (subject.type === 'pending') {
        // The devices went away since the password: start again, where a password-only sign-in applies.
        context.session.delete(config.keys.pending);
        return credentialsPage(context, '', next, 400, [t.message('error.pendingExpired')]);
      }
      if (await setupRequired(twofold, config.requireTwoFactor, subject.user)) return redirectResponse(setupUrl(context.basePath, config.redirectField, next));
      return verifyPage(context, subject.user, methods, null, next, 200, {});
    }
    const remember = form.get('remember') === 'on';
    const posted = form.get('action');
    const action = posted === 'challenge' || posted === 'ceremony' ? posted : 'verify';
    const outcome = await secondFactorStep(
      config,
      context,
      request,
      subject,
      methods,
      {
        action,
        deviceId: form.has('device') ? formField(form, 'device') : null,
        backupCode: backup,
        // A ceremony's answer is the browser's response; when the browser said no, there is none.
        token: action !== 'ceremony' ? formField(form, 'token') : formField(form, 'error') === '' ? formField(form, 'response') : '',
        remember,
      },
      flow,
    );
    const username = subject.type === 'pending' ? subject.pending.username : subject.user.username;
    const again = async (device: Device | null, status: number, shown: ShownOnPage): Promise<Response> => {
      if (backup) return backupPage(context, flow, username, next, status, shown, methods.primary !== null);
      const asked = device ?? methods.primary;
      if (asked === null) return redirectResponse(withQuery(flow === 'login' ? paths(context).loginBackup : paths(context).verifyBackup, next));
      return subject.type === 'pending'
        ? loginTokenPage(context, subject.pending, methods, asked, next, status, shown)
        : verifyPage(context, subject.user, methods, asked, next, status, shown);
    };
    const stepPath = (device: Device | null) => {
      const path = flow === 'login' ? paths(context).login : paths(context).verify;
      return withQuery(path, next, device === null || device.id === methods.primary?.id ? {} : { device: device.persistentId });
    };
    switch (outcome.type) {
      case 'verified': {
        const left = outcome.device.kind === recoveryKind(config.twofold)?.kind.name ? remainingOnList(config.twofold, outcome.device) : null;
        if (left !== null) {
          // The page after a backup code says how many are left (GET, so that reload and Back stay harmless).
          keepBackupCodesLeft(config, context, left);
          return redirectWithCookies(withQuery(flow === 'login' ? paths(context).loginBackup : paths(context).verifyBackup, next), outcome.setCookies);
        }
        return redirectWithCookies(safeRedirect(next, config.defaultRedirect), outcome.setCookies);
      }
      case 'unavailable':
        return again(null, 400, { errors: [outcome.error], remember });
      case 'no-device':
        return redirectResponse(withQuery(flow === 'login' ? paths(context).loginBackup : paths(context).verifyBackup, next));
      case 'sent':
        // A code went out: the page that asks for it is a GET, so a reload never sends another.
        return redirectWithNote(context, stepPath(outcome.device), { notices: [outcome.notice], errors: [], device: outcome.device.persistentId });
      case 'failed':
        // A ceremony's page holds a challenge: the step is shown again by a GET with a fresh one (and reload stays harmless).
        if (action === 'ceremony' && !backup) return redirectWithNote(context, stepPath(outcome.device), { notices: [], errors: [outcome.failure.error], device: outcome.device?.persistentId ?? null });
        return again(outcome.device, outcome.failure.status, { errors: [outcome.failure.error], remember, retryAt: outcome.failure.retryAt });
    }
  }

  async function show(request: Request, context: PageContext<User>): Promise<Response> {
    return showStep(request, context, 'login', false);
  }

  /**
   * The start of every sign-in POST: the form (CSRF checked), the safe `next`,
   * and "Use a different account" (`action=cancel`) answered at once.
   */
  async function readStepPost(request: Request, context: PageContext<User>): Promise<{ readonly form: URLSearchParams; readonly next: string | null } | Response> {
    const form = await readPost(request, context);
    if (form instanceof Response) return form;
    const next = safeNext(form.get(config.redirectField));
    if (form.get('action') === 'cancel') {
      await cancelPending(config, context);
      return redirectResponse(kit.loginUrl(context, next));
    }
    return { form, next };
  }

  async function submit(request: Request, context: PageContext<User>): Promise<Response> {
    const read = await readStepPost(request, context);
    if (read instanceof Response) return read;
    const { form, next } = read;
    if (form.get('action') === 'passkey') {
      const outcome = await passkeySignInStep(config, context, request, { response: formField(form, 'response'), error: formField(form, 'error') });
      if (outcome.type === 'signed-in') return redirectWithCookies(safeRedirect(next, config.defaultRedirect), []);
      if (outcome.code === 'disabled') return kit.errorPage(context, 404, 'error.badRequest');
      return credentialsPage(context, '', next, outcome.status, [outcome.error]);
    }
    if (config.passwordLogin !== null && (form.has('username') || form.has('password'))) {
      const outcome = await passwordStep(config, context, request, { username: formField(form, 'username'), password: formField(form, 'password') }, 'login');
      switch (outcome.type) {
        case 'refused':
          return credentialsPage(context, outcome.username, next, outcome.status, [outcome.error]);
        case 'signed-in':
          return redirectWithCookies(safeRedirect(next, config.defaultRedirect), outcome.setCookies);
        case 'setup-required':
          return redirectWithCookies(setupUrl(context.basePath, config.redirectField, next), outcome.setCookies);
        case 'second-factor': {
          // The code step is a GET of its own (Post/Redirect/Get): reloading it, Back, or a second tab never re-posts the password.
          const { primary } = outcome.methods;
          if (primary === null) return redirectWithCookies(withQuery(paths(context).loginBackup, next), outcome.setCookies);
          const accepted = t.message(preferredCeremonyDevice(config, outcome.methods) === null ? 'login.passwordAccepted' : 'login.passwordAcceptedKey');
          const first = outcome.firstCode;
          const note: Omit<StepNotices, 'at'> =
            first === null
              ? { notices: [accepted], errors: [], device: null }
              : first.ok
                ? { notices: first.action === 'sent' ? [accepted, first.notice] : [accepted], errors: [], device: null }
                : // A code went out moments ago (another tab, a sign-in started over): the page says where, and when a new one may be asked for.
                  { notices: [accepted], errors: first.code === 'cooldown' ? [] : [first.error], device: null };
          return redirectWithNote(context, withQuery(paths(context).login, next), note, outcome.setCookies);
        }
      }
    }
    return secondFactorPost(request, context, form, next, false);
  }

  /** `POST` of a second-factor step: a code (or a backup code with `backup`), for the step the session is at. */
  function secondFactorSubmitter(backup: boolean): PageHandler<User> {
    return async (request, context) => {
      const read = await readStepPost(request, context);
      if (read instanceof Response) return read;
      return secondFactorPost(request, context, read.form, read.next, backup);
    };
  }

  return {
    show,
    submit,
    backupShow: (request, context) => showStep(request, context, 'login', true),
    verifyShow: (request, context) => showStep(request, context, 'verify', false),
    verifyBackupShow: (request, context) => showStep(request, context, 'verify', true),
    secondFactorSubmit: secondFactorSubmitter(false),
    backupSubmit: secondFactorSubmitter(true),
  };
}
