/**
 * The step-up page, `GET|POST <path>/step-up?requirement=name&next=...`:
 * it asks only for what the named requirement is missing, offers only the
 * user's devices that can give it, and sends the user back to `next` once
 * it is met. Every POST answers with a redirect (Post/Redirect/Get), its
 * messages kept for the page it lands on.
 */
import type { Device } from '../../core/types.js';
import { checkCsrf, csrfRefusalMessage, CSRF_FIELD } from '../../web/csrf.js';
import { formField, readForm } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import type { Message } from '../../web/messages.js';
import { codeRecipient, safeNext, type PageContext, type PageHandler, type PageKit } from '../../web/pages/context.js';
import { runDeviceStep, type DeviceStepErrorCode } from '../../web/pages/second-factor.js';
import { safeRedirect } from '../../web/redirect.js';
import { sessionTransaction } from '../../web/state.js';
import { decideStepUp, type StepUpDecision, type StepUpDevice } from '../../web/step-up/decision.js';
import type { Requirement } from '../../web/step-up/requirement.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import { keepStepNotices, takeStepNotices, type StepNotices } from '../shared/step-notices.js';
import { codeFieldWords } from '../login/sign-in-texts.js';
import { describeMissing } from './describe.js';
import { checkStepUpPassword, lockElevation, passwordUsername, recordPasswordFactor } from './elevation.js';
import type { StepUpRefusalReason } from './events.js';
import { RESUBMIT_FIELD, stepUpPageUrl } from './guard.js';
import { ceremonyKindOf } from '../../devices/presentation.js';
import { ceremonyStepModel, runCeremonyStep } from '../login/ceremony-step.js';

/** The step-up page's handlers. */
export interface StepUpPages<User extends HostUser> {
  readonly show: PageHandler<User>;
  readonly submit: PageHandler<User>;
  /** `POST <path>/step-up/lock`: drops the elevation, keeps the sign-in (see `lockElevation`). */
  readonly lock: PageHandler<User>;
}

/** The step-up page's path under the pages' prefix. */
export const STEP_UP_PATH = '/step-up';
/** The lock action's path under the pages' prefix. */
export const LOCK_PATH = '/step-up/lock';

type Refused = Exclude<StepUpDecision, { type: 'allowed' } | { type: 'login-required' }>;

/** Whether a possible way still needs the password: only then does the page ask for it. */
function needsPassword(decision: Refused): boolean {
  return decision.ways.some((way) => way.possible && way.factors.some((factor) => factor.rule.factor === 'password'));
}

/** Whether a possible way needs no password: then a device can be offered beside (or instead of) the password. */
function needsOnlyDevices(decision: Refused): boolean {
  return decision.ways.some((way) => way.possible && way.factors.every((factor) => factor.rule.factor !== 'password'));
}

/** The devices offered: those of every possible way (a device appears once), in the user's order. */
function offeredDevices(decision: Refused): StepUpDevice[] {
  const offered = new Map<string, StepUpDevice>();
  for (const way of decision.ways) {
    if (!way.possible) continue;
    for (const factor of way.factors) for (const device of factor.devices) offered.set(device.persistentId, device);
  }
  return [...offered.values()];
}

const REFUSAL_REASONS: Partial<Record<DeviceStepErrorCode, StepUpRefusalReason>> = {
  token_required: 'invalid-token',
  invalid_token: 'invalid-token',
  throttled: 'throttled',
  device_unusable: 'device-unusable',
};

/** Creates the step-up page's handlers. */
export function createStepUpPages<User extends HostUser>(kit: PageKit<User>): StepUpPages<User> {
  const { config } = kit;
  const { twofold, translator: t } = config;
  const notesKey = `${config.keys.state}StepUpNotes`;

  const pageUrl = (context: PageContext<User>, requirement: string, next: string | null, resubmit: boolean): string =>
    next === null
      ? `${context.basePath}${STEP_UP_PATH}?${new URLSearchParams({ requirement, ...(resubmit ? { [RESUBMIT_FIELD]: '1' } : {}) }).toString()}`
      : stepUpPageUrl(config, `${context.basePath}${STEP_UP_PATH}`, requirement, next, resubmit);

  function refuse(request: Request, user: TwofoldUser, requirement: Requirement, reason: StepUpRefusalReason, device: Device | null): void {
    config.events.emit('stepUpRefused', { user, requirement: requirement.name, reason, device, at: new Date(twofold.clock()), request: summarizeRequest(request) });
  }

  async function render(
    request: Request,
    context: PageContext<User>,
    user: TwofoldUser,
    requirement: Requirement,
    decision: Refused,
    place: { readonly next: string | null; readonly resubmit: boolean },
    note: StepNotices | null,
  ): Promise<Response> {
    const ways = decision.ways.filter((way) => way.possible);
    const shown = ways[0] ?? decision.ways[0];
    const username = passwordUsername(config, user);
    // The password step appears only when the requirement names the password and it is missing; it comes before the codes.
    const askPassword = needsPassword(decision) && username !== null;
    const passwordFirst = askPassword && shown !== undefined && shown.factors.some((factor) => factor.rule.factor === 'password');
    const offered = passwordFirst && !needsOnlyDevices(decision) ? [] : offeredDevices(decision);
    const cannotAskPassword = needsPassword(decision) && username === null && offered.length === 0;
    if (ways.length === 0) refuse(request, user, requirement, 'no-device', null);
    else if (cannotAskPassword) refuse(request, user, requirement, 'password-required', null);
    const devices = await Promise.all(offered.map((device) => twofold.getDevice(user.id, device.persistentId)));
    const usable = devices.filter((device): device is Device => device !== null && device.confirmed);
    const selectedId = usable.some((device) => device.persistentId === note?.device) ? note?.device : usable[0]?.persistentId;
    const choices = usable.map((device) => ({ id: device.persistentId, name: device.name, kind: device.kind, interactive: device.interactive, selected: device.persistentId === selectedId }));
    const notices: Message[] = [...(note?.notices ?? [])];
    if (place.resubmit) notices.push(t.message('stepUp.resubmit'));
    // A security key among the offered devices: its ceremony, with a challenge bound to this session,
    // naming only the offered keys so that the browser never proposes one the requirement would not accept.
    const keyDevice = usable.find((device) => ceremonyKindOf(twofold, device.kind) !== null);
    const binding = sessionTransaction(context.session, config.keys.transaction);
    const keyIds = usable.filter((device) => device.kind === keyDevice?.kind).map((device) => device.persistentId);
    const ceremony = keyDevice === undefined ? null : await ceremonyStepModel(config, context.basePath, user.id, keyDevice, binding, keyIds);
    const body = config.views.stepUp({
      ...kit.base(context, place.next, note?.errors ?? [], notices),
      page: 'step-up',
      action: `${context.basePath}${STEP_UP_PATH}`,
      requirement: requirement.name,
      resubmit: place.resubmit,
      missing: shown === undefined ? [] : describeMissing(t, shown.factors, (kind) => ceremonyKindOf(twofold, kind) !== null),
      devices: choices,
      canSendCode: choices.some((choice) => choice.interactive),
      tokenInputMode: kit.inputMode(choices),
      fieldWords: Object.fromEntries(choices.map((choice) => [choice.id, codeFieldWords(t, twofold, choice, t.text('field.token.hint'))])),
      password: askPassword ? { username } : null,
      passwordNeeded: cannotAskPassword ? { signOutUrl: `${context.basePath}/logout` } : null,
      noDevice: ways.length === 0 ? { addDeviceUrl: config.account === null ? null : `${context.basePath}/profile` } : null,
      ceremony: ceremony === null || keyDevice === undefined ? null : { ...ceremony, deviceId: keyDevice.persistentId },
    });
    return kit.document(context, 'stepUp.title', body, 200);
  }

  async function show(request: Request, context: PageContext<User>): Promise<Response> {
    const url = new URL(request.url);
    const requirement = config.stepUp.requirements.get(url.searchParams.get('requirement') ?? '');
    if (requirement === undefined) return kit.errorPage(context, 404, 'stepUp.error.unknownRequirement');
    const place = { next: safeNext(url.searchParams.get(config.redirectField)), resubmit: url.searchParams.get(RESUBMIT_FIELD) === '1' };
    const user = await context.otp.user();
    if (user === null) return redirectResponse(kit.loginUrl(context, pageUrl(context, requirement.name, place.next, place.resubmit)));
    const decision = await decideStepUp(twofold, context.otp, requirement);
    if (decision.type !== 'step-up-required') return redirectResponse(safeRedirect(place.next, config.defaultRedirect));
    const note = takeStepNotices(context.session, notesKey, twofold.clock());
    return render(request, context, user, requirement, decision, place, note);
  }

  async function submit(request: Request, context: PageContext<User>): Promise<Response> {
    const read = await readForm(request);
    if (!read.ok) return kit.errorPage(context, read.status, read.status === 413 ? 'error.tooLarge' : 'error.badRequest');
    const form = read.form;
    if (!checkCsrf(request, context.session, config.keys.csrf, form.get(CSRF_FIELD))) {
      return kit.errorPage(context, 403, csrfRefusalMessage(request), 'page.forbidden.title');
    }
    const requirement = config.stepUp.requirements.get(formField(form, 'requirement'));
    if (requirement === undefined) return kit.errorPage(context, 404, 'stepUp.error.unknownRequirement');
    const next = safeNext(form.get(config.redirectField));
    const back = pageUrl(context, requirement.name, next, form.get(RESUBMIT_FIELD) === '1');
    const user = await context.otp.user();
    if (user === null) return redirectResponse(kit.loginUrl(context, back));
    const decision = await decideStepUp(twofold, context.otp, requirement);
    if (decision.type !== 'step-up-required') return redirectResponse(safeRedirect(next, config.defaultRedirect));
    const again = (note: Omit<StepNotices, 'at'>): Response => {
      keepStepNotices(context.session, notesKey, { ...note, at: twofold.clock() });
      return redirectResponse(back);
    };

    if (form.get('action') === 'password') return submitPassword(request, context, user, requirement, decision, form, { next, again });

    const deviceId = formField(form, 'device');
    // Only a device the page offered: a submitted id is never trusted, and a device that cannot meet the requirement is no help.
    const offered = offeredDevices(decision).some((device) => device.persistentId === deviceId);
    const device = offered ? await twofold.getDevice(user.id, deviceId) : null;
    if (device === null || !device.confirmed) {
      refuse(request, user, requirement, 'device-unusable', null);
      return again({ notices: [], errors: [t.message('stepUp.error.deviceNotOffered', {}, 'device')], device: null });
    }
    const posted = form.get('action');
    const action = posted === 'challenge' || posted === 'ceremony' ? posted : 'verify';
    const binding = sessionTransaction(context.session, config.keys.transaction);
    const ceremonyResponse = formField(form, 'error') === '' ? formField(form, 'response') : '';
    const outcome =
      action === 'ceremony'
        ? await runCeremonyStep(config, user.id, device, ceremonyResponse, binding, offeredDevices(decision).map(({ persistentId }) => persistentId))
        : await runDeviceStep(config, user.id, { action, device, token: formField(form, 'token'), binding, ...codeRecipient(context) });
    if (!outcome.ok) {
      const reason = action !== 'challenge' ? REFUSAL_REASONS[outcome.code] : undefined;
      if (reason !== undefined) refuse(request, user, requirement, reason, device);
      // A ceremony's message is about the key as a whole: the page has no code field to point at.
      if (action === 'ceremony') return again({ notices: [], errors: [outcome.error], device: device.persistentId });
      const field = outcome.error.field ?? (outcome.code === 'invalid_token' || outcome.code === 'token_required' ? 'token' : 'device');
      return again({ notices: [], errors: [{ ...outcome.error, field }], device: device.persistentId });
    }
    if (outcome.action === 'sent') return again({ notices: [outcome.notice], errors: [], device: device.persistentId });
    await context.otp.login(outcome.device, { method: 'device' });
    const after = await decideStepUp(twofold, context.otp, requirement);
    if (after.type !== 'allowed') return redirectResponse(back);
    config.events.emit('stepUpSatisfied', { user, requirement: requirement.name, device: outcome.device, at: new Date(twofold.clock()), request: summarizeRequest(request) });
    return redirectResponse(safeRedirect(next, config.defaultRedirect));
  }

  /** `action=password`: accepted only when the requirement names the password and it is missing. */
  async function submitPassword(
    request: Request,
    context: PageContext<User>,
    user: TwofoldUser,
    requirement: Requirement,
    decision: Refused,
    form: URLSearchParams,
    place: { readonly next: string | null; readonly again: (note: Omit<StepNotices, 'at'>) => Response },
  ): Promise<Response> {
    if (!needsPassword(decision) || passwordUsername(config, user) === null) return place.again({ notices: [], errors: [], device: null });
    const attempt = await checkStepUpPassword(config, user, form.get('password') ?? '');
    if (!attempt.ok) {
      refuse(request, user, requirement, attempt.reason, null);
      if (attempt.reason === 'invalid-password') return place.again({ notices: [], errors: [t.message('stepUp.error.badPassword', {}, 'password')], device: null });
      const when = new Date(attempt.retryAt);
      const params = { relative: t.relative(when, twofold.clock()), time: t.time(when) };
      return place.again({ notices: [], errors: [{ ...t.message('stepUp.error.passwordThrottled', params, 'password'), until: { at: when, ...params } }], device: null });
    }
    await recordPasswordFactor(config, context, user);
    const after = await decideStepUp(twofold, context.otp, requirement);
    if (after.type !== 'allowed') return place.again({ notices: [], errors: [], device: null });
    config.events.emit('stepUpSatisfied', { user, requirement: requirement.name, device: null, at: new Date(twofold.clock()), request: summarizeRequest(request) });
    return redirectResponse(safeRedirect(place.next, config.defaultRedirect));
  }

  /** Lock: a POST with the CSRF token (another site cannot lock, or probe), answered with a redirect to `next`. */
  async function lock(request: Request, context: PageContext<User>): Promise<Response> {
    const read = await readForm(request);
    if (!read.ok) return kit.errorPage(context, read.status, read.status === 413 ? 'error.tooLarge' : 'error.badRequest');
    if (!checkCsrf(request, context.session, config.keys.csrf, read.form.get(CSRF_FIELD))) {
      return kit.errorPage(context, 403, csrfRefusalMessage(request), 'page.forbidden.title');
    }
    const next = safeNext(read.form.get(config.redirectField));
    const user = await context.otp.user();
    if (user === null) return kit.redirectTo(next, config.logoutRedirect);
    const dropped = await lockElevation(config, context, user);
    config.events.emit('elevationLocked', { user, dropped, at: new Date(twofold.clock()), request: summarizeRequest(request) });
    return kit.redirectTo(next, config.defaultRedirect);
  }

  return { show, submit, lock };
}
