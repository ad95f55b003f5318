/**
 * Setting up a device that receives its codes by text message, voice call or
 * e-mail, for the account pages and the JSON API alike: check the number or
 * address with the kind's own rules, create the device **unconfirmed**, send
 * it a code (`generateChallenge`, in the reader's language), and confirm it
 * with the code the user got back (`verifyToken(..., { confirm: true })`).
 *
 * Unlike a key, a sent code cannot be checked before the device exists: the
 * core keeps the code's hash, expiry, cooldown, sending budgets and wrong-code
 * back-off on the device. So the setup keeps the unconfirmed device's id in
 * the session, and every way a setup ends without a confirmation — a new
 * setup, "cancel", expiry, turning two-factor authentication off — removes
 * that device; setups abandoned in sessions that never come back are swept
 * at the user's next setup (see `sweepAbandonedSetups`). Confirmed devices
 * are never touched.
 */
import type { Device } from '../../core/types.js';
import type { MessageId, MessageParams, Translator } from '../../web/messages.js';
import type { CodeRecipient, PageContext } from '../../web/pages/context.js';
import type { TwofoldSession } from '../../web/session.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import { devicesByPreference, setPrimaryDevice } from '../shared/primary.js';
import { deliveryDestination, type DeliveryDestination } from '../../web/destination.js';
import {
  checkConfirmationInput,
  discardCodeSetup,
  emitAccountEvent,
  maskedDestination,
  uniqueDeviceName,
  type AccountKit,
  type ActiveCodeSetup,
  type SetupConfirmation,
} from './service.js';
import { kindSentence, type KindSentence } from './device-names.js';
import {
  awaitConfirmation,
  checkDestination,
  destinationKindOf,
  newPendingCodeSetup,
  sameDestination,
  serializePendingCodeSetup,
  sweepAbandonedSetups,
  type DestinationKind,
  type DestinationProblem,
  type SideChannelMethod,
} from './side-channel.js';

/** The outcome of sending a code. */
export type CodeSendOutcome =
  | { readonly ok: true; readonly device: Device; readonly destination: DeliveryDestination | null; readonly nextChallengeAt: Date | null }
  /** Too soon after the previous code (`cooldown`), or a sending budget is spent (`budget-exhausted`): nothing was sent. */
  | { readonly ok: false; readonly reason: 'cooldown' | 'budget-exhausted'; readonly retryAt: Date }
  /** Delivery failed (logged); the user may ask again at once. */
  | { readonly ok: false; readonly reason: 'failed' }
  /** The device cannot send codes (gone, not interactive, unreadable). */
  | { readonly ok: false; readonly reason: 'unusable' };

/** A failed send. */
export type CodeSendFailure = Exclude<CodeSendOutcome, { ok: true }>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends a code to one of the user's devices (confirmed or not), in the
 * reader's language and charged to the client's address (the `client`
 * sending budgets), as `recipient` gives them (`codeRecipient(context)`),
 * and reports the outcome without the kind's own (English) sentence: pages
 * build theirs from the destination.
 */
export async function sendCode(kit: AccountKit, userId: string, device: Device, binding: string, recipient: CodeRecipient = {}): Promise<CodeSendOutcome> {
  const { twofold } = kit;
  const language = recipient.language ?? kit.t.locale;
  const { client } = recipient;
  const result = await twofold.generateChallenge(userId, device.persistentId, { language, binding, ...(client === undefined ? {} : { client }) });
  if (result.ok) {
    return { ok: true, device: result.device, destination: await deliveryDestination(twofold, result.device), nextChallengeAt: result.nextChallengeAt };
  }
  switch (result.reason) {
    case 'cooldown':
    case 'budget-exhausted':
      return { ok: false, reason: result.reason, retryAt: result.nextChallengeAt ?? new Date(twofold.clock() + 1000) };
    case 'failed':
      // The error names the provider's reason, never the code (see docs/delivery.md).
      kit.config.logger.error(`twofold: sending a code to device ${device.persistentId} failed: ${describe(result.error)}`);
      return { ok: false, reason: 'failed' };
    default:
      return { ok: false, reason: 'unusable' };
  }
}

/** The outcome of starting a setup by code. */
export type CodeSetupStart =
  | { readonly ok: true; readonly active: ActiveCodeSetup; readonly nextChallengeAt: Date | null }
  | { readonly ok: false; readonly reason: 'invalid-destination'; readonly problem: DestinationProblem }
  /** One of the user's devices already receives codes there, the same way. */
  | { readonly ok: false; readonly reason: 'destination-taken' }
  /** The first code could not be sent; no device was kept. */
  | { readonly ok: false; readonly reason: 'send-failed'; readonly failure: CodeSendFailure };

/**
 * The name a device set up by code gets unless the user types another, as
 * its kind words it: "Phone ending in 78", "E-mail a•••e@example.com" — what
 * tells two phones apart without showing the whole number. `value` is the
 * checked destination (E.164 number, address).
 */
export function codeDeviceName(t: Translator, served: DestinationKind, value: string, existingNames: readonly string[]): string {
  const { destination, kind } = served;
  const wanted = kindSentence(t, kind.name, 'deviceName', destination.texts.deviceName, destination.nameParams(value)).text;
  return uniqueDeviceName(t, wanted, existingNames);
}

/**
 * Starts a setup by code: checks the number or address, creates the new
 * device unconfirmed and sends it a code; once the code is on its way, it
 * replaces any setup in progress in this session (whose unconfirmed device
 * is removed). When the code cannot be sent, the new device is removed again
 * and the setup in progress, if any, is kept.
 */
export async function startCodeSetup(
  kit: AccountKit,
  session: TwofoldSession,
  user: TwofoldUser,
  input: { readonly method: SideChannelMethod; readonly destination: string; readonly next: string | null },
  recipient: CodeRecipient = {},
): Promise<CodeSetupStart> {
  const { twofold, account, t } = kit;
  const served = destinationKindOf(twofold, input.method);
  if (served === null || !account.methods.includes(input.method)) throw new Error(`setup method ${input.method} is not offered`);
  const checked = checkDestination(twofold, input.method, input.destination);
  if (!checked.ok) return { ok: false, reason: 'invalid-destination', problem: checked.problem };
  const devices = await twofold.listDevices(user.id);
  if (devices.some((device) => device.confirmed && sameDestination(device, served.kind.name, checked.options))) {
    return { ok: false, reason: 'destination-taken' };
  }

  await sweepAbandonedSetups(twofold, user.id, account.setupTimeoutMs);
  const names = devices.filter((device) => device.confirmed).map((device) => device.name);
  const device = await twofold.createDevice({
    userId: user.id,
    kind: served.kind.name,
    name: codeDeviceName(t, served, checked.value, names),
    confirmed: false,
    options: checked.options,
  });
  const destination = await maskedDestination(twofold, device);

  // The setup's random id is the transaction its codes are bound to.
  const setup = newPendingCodeSetup({ userId: user.id, method: input.method, device: device.persistentId, now: twofold.clock(), next: input.next });
  const sent = await sendCode(kit, user.id, device, setup.id, recipient);
  if (!sent.ok || destination === null) {
    // The setup in progress, if any, stays: the user can go back to the code they already have.
    await twofold.deleteDevice(user.id, device.persistentId);
    return { ok: false, reason: 'send-failed', failure: sent.ok ? { ok: false, reason: 'unusable' } : sent };
  }
  await discardCodeSetup(kit, session);
  session.set(kit.keys.setup, serializePendingCodeSetup(setup));
  return {
    ok: true,
    active: { setup, device: sent.device, destination, expiresAt: setup.startedAt + account.setupTimeoutMs },
    nextChallengeAt: sent.nextChallengeAt,
  };
}

/** Sends a new code for the session's setup by code ("Send a new code"), within the device's cooldown and sending budgets. */
export function resendSetupCode(kit: AccountKit, user: TwofoldUser, active: ActiveCodeSetup, recipient: CodeRecipient = {}): Promise<CodeSendOutcome> {
  return sendCode(kit, user.id, active.device, active.setup.id, recipient);
}

/**
 * Confirms the session's setup by code. Wrong codes count against the new
 * device like any device's (back-off after failures); a right one confirms it
 * in the same write (so the code cannot sign in later), gives it the chosen
 * name, makes it primary when the user had none, verifies this session with
 * it (rotating the session id) and forgets the setup.
 */
export async function confirmCodeSetup<User extends HostUser>(
  kit: AccountKit<User>,
  context: PageContext<User>,
  request: Request,
  user: TwofoldUser,
  active: ActiveCodeSetup,
  input: { readonly name: string; readonly token: string },
): Promise<SetupConfirmation> {
  const { twofold } = kit;
  const checked = checkConfirmationInput(input);
  if (!checked.ok) return checked;
  const deviceId = active.device.persistentId;
  const firstDevice = !(await twofold.userHasDevice(user.id));
  const hadPrimary = (await devicesByPreference(twofold, user.id)).primary !== null;
  // The confirmation is the core's compare-and-swap: of parallel submits (any process), one turns the device on.
  const result = await twofold.verifyToken(user.id, deviceId, input.token, { confirm: true, binding: active.setup.id });
  if (!result.ok) {
    switch (result.reason) {
      case 'throttled': {
        // Also what a parallel submit's verification in flight (its claim) looks like: wait for it to settle.
        const current = await awaitConfirmation(twofold, user.id, deviceId);
        if (current?.confirmed === true) return alreadyConfirmed(kit, context, current, active);
        return { ok: false, reason: 'throttled', failures: result.failureCount, lockedUntil: result.lockedUntil };
      }
      case 'device-not-found':
      case 'device-unusable': {
        // Confirmed meanwhile by a parallel submit of this setup: the device is no longer unconfirmed.
        const current = await twofold.getDevice(user.id, deviceId);
        if (current?.confirmed === true) return alreadyConfirmed(kit, context, current, active);
        await discardCodeSetup(kit, context.session);
        return { ok: false, reason: 'setup-gone' };
      }
      default: {
        // A parallel submit of this setup may have used the code first: then it is done, once.
        const current = await twofold.getDevice(user.id, deviceId);
        if (current?.confirmed === true) return alreadyConfirmed(kit, context, current, active);
        // Wrong, malformed, used or expired: one answer. Malformed input is not counted by the core.
        return { ok: false, reason: 'invalid-token', failures: result.failureCount, lockedUntil: result.lockedUntil };
      }
    }
  }
  const named = checked.name === result.device.name ? result.device : ((await twofold.renameDevice(user.id, deviceId, checked.name)) ?? result.device);
  if (!hadPrimary) await setPrimaryDevice(twofold, user.id, deviceId);
  context.session.delete(kit.keys.setup);
  await context.otp.login(named, { method: 'device' });
  const at = new Date(twofold.clock());
  emitAccountEvent(kit, 'accountDeviceAdded', { user, device: named, firstDevice, at, request: summarizeRequest(request) });
  return { ok: true, device: named, firstDevice, next: active.setup.next };
}

/**
 * The answer to a submit that lost the race to a parallel one of the same
 * setup: the same outcome, with nothing done twice. This request's code was
 * not checked (the winner used it), so the session is not verified here: the
 * winner did that.
 */
function alreadyConfirmed<User extends HostUser>(kit: AccountKit<User>, context: PageContext<User>, device: Device, active: ActiveCodeSetup): SetupConfirmation {
  context.session.delete(kit.keys.setup);
  return { ok: true, device, firstDevice: false, next: active.setup.next };
}

/** The message id and parameters that explain a failed send to the user, and the HTTP status to answer with. */
export function codeSendError(
  t: Translator,
  failure: CodeSendFailure,
  now: number,
): { readonly id: MessageId; readonly params: MessageParams; readonly status: number; readonly retryAt: Date | null } {
  switch (failure.reason) {
    case 'cooldown':
    case 'budget-exhausted': {
      const params = { relative: t.relative(failure.retryAt, now), time: t.time(failure.retryAt) };
      return { id: failure.reason === 'cooldown' ? 'account.error.codeCooldown' : 'account.error.sendLimit', params, status: 429, retryAt: failure.retryAt };
    }
    case 'failed':
      return { id: 'account.error.sendFailed', params: {}, status: 503, retryAt: null };
    case 'unusable':
      return { id: 'error.deviceUnusable', params: {}, status: 500, retryAt: null };
  }
}

/**
 * Why a destination was refused, in the kind's words: the catalog's
 * `account.kind.<name>.problem.<reason>` or the sentence the kind declares
 * for the reason, else its `invalid` one.
 */
export function destinationProblemMessage(t: Translator, twofold: Parameters<typeof destinationKindOf>[0], method: SideChannelMethod, problem: DestinationProblem): KindSentence {
  const served = destinationKindOf(twofold, method);
  const problems = served?.destination.texts.problems ?? { invalid: '' };
  const declared = problems[problem.reason];
  const specific = kindSentence(t, problem.kind, `problem.${problem.reason}`, declared ?? '');
  return specific.text !== '' ? specific : kindSentence(t, problem.kind, 'problem.invalid', problems.invalid);
}
