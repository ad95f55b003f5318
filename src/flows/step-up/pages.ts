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
import { safeNext, type PageContext, type PageHandler, type PageKit } from '../../web/pages/context.js';
import { runDeviceStep, type DeviceStepErrorCode } from '../../web/pages/second-factor.js';
import { safeRedirect } from '../../web/redirect.js';
import { sessionTransaction } from '../../web/state.js';
import { decideStepUp, type StepUpDecision, type StepUpDevice } from '../../web/step-up/decision.js';
import type { Requirement } from '../../web/step-up/requirement.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import { keepStepNotices, takeStepNotices, type StepNotices } from '../shared/step-notices.js';
import { describeMissing } from './describe.js';
import type { StepUpRefusalReason } from './events.js';
import { RESUBMIT_FIELD, stepUpPageUrl } from './guard.js';
import { ceremonyKindOf } from '../../devices/presentation.js';
import { ceremonyStepModel, runCeremonyStep } from '../login/ceremony-step.js';

/** The step-up page's handlers. */
export interface StepUpPages<User extends HostUser> {
  readonly show: PageHandler<User>;
  readonly submit: PageHandler<User>;
}

/** The step-up page's path under the pages' prefix. */
export const STEP_UP_PATH = '/step-up';

type Refused = Exclude<StepUpDecision, { type: 'allowed' } | { type: 'login-required' }>;

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
    const offered = offeredDevices(decision);
    const ways = decision.ways.filter((way) => way.possible);
    const shown = ways[0] ?? decision.ways[0];
    const needsPassword = offered.length === 0 && ways.some((way) => way.factors.some((factor) => factor.rule.factor === 'password'));
    if (ways.length === 0) refuse(request, user, requirement, 'no-device', null);
    else if (needsPassword) refuse(request, user, requirement, 'password-required', null);
    const devices = await Promise.all(offered.map((device) => twofold.getDevice(user.id, device.persistentId)));
    const usable = devices.filter((device): device is Device => device !== null && device.confirmed);
    const selectedId = usable.some((device) => device.persistentId === note?.device) ? note?.device : usable[0]?.persistentId;
    const choices = usable.map((device) => ({ id: device.persistentId, name: device.name, kind: device.kind, interactive: device.interactive, selected: device.persistentId === selectedId }));
    const notices: Message[] = [...(note?.notices ?? [])];
    if (place.resubmit) notices.push(t.message('stepUp.resubmit'));
    // A security key among the offered devices: its ceremony, with a challenge bound to this session.
    const keyDevice = usable.find((device) => ceremonyKindOf(twofold, device.kind) !== null);
    const binding = sessionTransaction(context.session, config.keys.transaction);
    const ceremony = keyDevice === undefined ? null : await ceremonyStepModel(config, context.basePath, user.id, keyDevice, binding);
    const body = config.views.stepUp({
      ...kit.base(context, place.next, note?.errors ?? [], notices),
      page: 'step-up',
      action: `${context.basePath}${STEP_UP_PATH}`,
      requirement: requirement.name,
      resubmit: place.resubmit,
      missing: shown === undefined ? [] : describeMissing(t, shown.factors),
      devices: choices,
      canSendCode: choices.some((choice) => choice.interactive),
      tokenInputMode: kit.inputMode(choices),
      passwordNeeded: needsPassword ? { signOutUrl: `${context.basePath}/logout` } : null,
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
    const outcome =
      action === 'ceremony'
        ? await runCeremonyStep(config, user.id, device, formField(form, 'error') === '' ? formField(form, 'response') : '', binding)
        : await runDeviceStep(config, user.id, { action, device, token: formField(form, 'token'), binding });
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

  return { show, submit };
}
