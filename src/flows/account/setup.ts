/**
 * The setup wizard's operations: reading, beginning, cancelling and
 * confirming the setup kept in the session.
 */
import type { AnyDeviceKind, Twofold } from '../../core/twofold.js';
import { TwofoldError } from '../../core/errors.js';
import type { Device, JsonObject } from '../../core/types.js';
import type { MessageId, MessageParams } from '../../web/messages.js';
import type { PageContext } from '../../web/pages/context.js';
import type { TwofoldSession } from '../../web/session.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import { devicesByPreference, setPrimaryDevice } from '../shared/primary.js';
import { deliveryDestination, type DeliveryDestination } from '../../web/destination.js';
import { awaitConfirmation, deleteUnconfirmedDevice, isSideChannelMethod, kindOfMethod, parsePendingCodeSetup, sweepAbandonedSetups, type PendingCodeSetup } from './side-channel.js';
import {
  initialState,
  matchesKey,
  newPendingSetup,
  openSetupKey,
  parsePendingSetup,
  serializePendingSetup,
  setupDeviceId,
  setupDevicePersistentId,
  setupExpiresAt,
  setupLockedUntil,
  withFailure,
  type PendingSetup,
} from './setup-state.js';
import { checkDeviceName } from './device-names.js';
import { emitAccountEvent, type AccountKit } from './kit.js';

/** A setup in progress with its key opened. */
export interface ActiveSetup {
  readonly setup: PendingSetup;
  readonly key: Uint8Array;
  readonly kind: AnyDeviceKind;
  readonly state: JsonObject;
  /** When the key stops being accepted (ms since the epoch). */
  readonly expiresAt: number;
}

/** Where a device's codes go, with the number or address its kind masked: what a setup by code shows. */
export type MaskedDestination = DeliveryDestination & { readonly masked: string };

/**
 * Where `device` sends its codes, or null when its kind cannot say (not
 * interactive, no `maskedDestination`, or the lookup failed): a setup by
 * code that cannot tell the user where the code went does not go on.
 */
export async function maskedDestination(twofold: Twofold, device: Device): Promise<MaskedDestination | null> {
  const destination = await deliveryDestination(twofold, device);
  return destination === null || destination.masked === null ? null : { channel: destination.channel, masked: destination.masked };
}

/** A setup by code (text message, voice call, e-mail) in progress: the unconfirmed device a code was sent to. */
export interface ActiveCodeSetup {
  readonly setup: PendingCodeSetup;
  readonly device: Device;
  /** Where its codes go, masked. */
  readonly destination: MaskedDestination;
  /** When the setup stops being accepted (ms since the epoch). */
  readonly expiresAt: number;
}

/**
 * What a session holds for setup: nothing, an expired or unreadable setup
 * (now removed), an active setup with a key, or an active setup by code.
 */
export type SetupLookup =
  | { readonly status: 'none' }
  | { readonly status: 'expired' }
  | ({ readonly status: 'active' } & ActiveSetup)
  | ({ readonly status: 'code' } & ActiveCodeSetup);

/**
 * Forgets the session's setup, if it has one, and removes the unconfirmed
 * device it left in the store: the device of a setup by code, or that of a
 * setup with a key whose confirmation stopped half-way (a confirmed device is
 * never touched).
 */
export async function discardCodeSetup(kit: AccountKit, session: TwofoldSession): Promise<void> {
  const raw = session.get(kit.keys.setup);
  session.delete(kit.keys.setup);
  const pending = parsePendingCodeSetup(raw);
  if (pending !== null) {
    await deleteUnconfirmedDevice(kit.twofold, pending.userId, pending.device);
    return;
  }
  const keySetup = parsePendingSetup(raw);
  if (keySetup !== null) await deleteUnconfirmedDevice(kit.twofold, keySetup.userId, setupDevicePersistentId(keySetup));
}

async function readCodeSetup(kit: AccountKit, session: TwofoldSession, userId: string, setup: PendingCodeSetup): Promise<SetupLookup> {
  const { twofold, account } = kit;
  if (setup.userId !== userId || !account.methods.includes(setup.method)) {
    await discardCodeSetup(kit, session);
    return { status: 'none' };
  }
  const now = twofold.clock();
  const expiresAt = setup.startedAt + account.setupTimeoutMs;
  if (now < setup.startedAt || now >= expiresAt) {
    await discardCodeSetup(kit, session);
    return { status: 'expired' };
  }
  const device = await twofold.getDevice(userId, setup.device);
  const destination = device === null || device.kind !== kindOfMethod(twofold, setup.method) ? null : await maskedDestination(twofold, device);
  if (device === null || device.confirmed || destination === null) {
    // Removed meanwhile (by an administrator, or by turning two-factor authentication off), or unusable now.
    await discardCodeSetup(kit, session);
    return { status: 'none' };
  }
  return { status: 'code', setup, device, destination, expiresAt };
}

/** Reads the session's setup for `userId`; anything stale, foreign or unreadable is removed (with the device a setup by code created). */
export async function readSetup(kit: AccountKit, session: TwofoldSession, userId: string): Promise<SetupLookup> {
  const raw = session.get(kit.keys.setup);
  if (raw === undefined) return { status: 'none' };
  const code = parsePendingCodeSetup(raw);
  if (code !== null) return readCodeSetup(kit, session, userId, code);
  const setup = parsePendingSetup(raw);
  const kind = setup === null ? undefined : kit.twofold.kind(setup.method);
  if (setup === null || setup.userId !== userId || kind === undefined || !kit.account.methods.includes(setup.method) || isSideChannelMethod(kit.twofold, setup.method)) {
    await discardCodeSetup(kit, session);
    return { status: 'none' };
  }
  const now = kit.twofold.clock();
  const expiresAt = setupExpiresAt(setup, kit.account.setupTimeoutMs);
  const key = now < setup.startedAt || now >= expiresAt ? null : openSetupKey(kit.sealer, setup);
  if (key === null) {
    // Expired, or sealed by a key this process does not have (a restart without configured secrets).
    await discardCodeSetup(kit, session);
    return { status: 'expired' };
  }
  return { status: 'active', setup, key, kind, state: await initialState(kind, key), expiresAt };
}

/** Starts a setup of `method` for `userId` with a new key, replacing any setup in progress. */
export async function beginSetup(kit: AccountKit, session: TwofoldSession, userId: string, method: string, next: string | null): Promise<ActiveSetup> {
  const kind = kit.twofold.kind(method);
  if (kind === undefined || !kit.account.methods.includes(method) || isSideChannelMethod(kit.twofold, method)) throw new Error(`setup method ${method} is not offered`);
  await discardCodeSetup(kit, session);
  await sweepAbandonedSetups(kit.twofold, userId, kit.account.setupTimeoutMs);
  const now = kit.twofold.clock();
  const { setup, key } = newPendingSetup(kit.sealer, { userId, method, now, next });
  session.set(kit.keys.setup, serializePendingSetup(setup));
  return { setup, key, kind, state: await initialState(kind, key), expiresAt: setupExpiresAt(setup, kit.account.setupTimeoutMs) };
}

/** Forgets the session's setup (and removes the unconfirmed device of a setup by code). */
export async function cancelSetup(kit: AccountKit, session: TwofoldSession): Promise<void> {
  await discardCodeSetup(kit, session);
}

/** The outcome of confirming a setup. */
export type SetupConfirmation =
  | { readonly ok: true; readonly device: Device; readonly firstDevice: boolean; readonly next: string | null }
  | { readonly ok: false; readonly reason: 'invalid-name'; readonly error: MessageId; readonly params: MessageParams }
  | { readonly ok: false; readonly reason: 'token-required' }
  | { readonly ok: false; readonly reason: 'throttled' | 'invalid-token'; readonly failures: number; readonly lockedUntil: Date | null }
  /** The setup by code ended meanwhile (its device was removed, or cancelled in a parallel request): start again. */
  | { readonly ok: false; readonly reason: 'setup-gone' };

/**
 * What every setup confirmation checks before it looks at the code: a usable
 * device name, and a code at all (an empty one is not a wrong guess).
 */
export function checkConfirmationInput(
  input: { readonly name: string; readonly token: string },
): { readonly ok: true; readonly name: string } | Extract<SetupConfirmation, { reason: 'invalid-name' | 'token-required' }> {
  const checked = checkDeviceName(input.name);
  if (!checked.ok) return { ok: false, reason: 'invalid-name', error: checked.error, params: checked.params };
  if (input.token.trim() === '') return { ok: false, reason: 'token-required' };
  return checked;
}

/** Creates the setup's device unconfirmed, or finds it when a parallel submit (any process) created it first; null when removed meanwhile. */
async function setupDevice(twofold: Twofold, user: TwofoldUser, active: ActiveSetup, name: string): Promise<Device | null> {
  const { setup, kind, key } = active;
  try {
    return await twofold.createDevice({ userId: user.id, kind: kind.name, name, confirmed: false, options: { key }, id: setupDeviceId(setup) });
  } catch (error) {
    if (!(error instanceof TwofoldError) || error.code !== 'DEVICE_EXISTS') throw error;
    return twofold.getDevice(user.id, setupDevicePersistentId(setup));
  }
}

/**
 * Confirms the session's setup with a code. A wrong code counts against this
 * setup only; a right one creates the device, makes it primary when it is the
 * user's first, verifies this session with it (rotating the session id) and
 * forgets the setup.
 *
 * Safe against double submits in any number of processes without a lock:
 * the device id is derived from the setup's random id, so the store admits
 * one device per setup, and the confirmation is a compare-and-swap, so one
 * request turns it on. A request that finds the setup already confirmed (its
 * code matched the key too) answers like the one that did it, without a
 * second device, event or primary change.
 */
export async function confirmSetup<User extends HostUser>(
  kit: AccountKit<User>,
  context: PageContext<User>,
  request: Request,
  user: TwofoldUser,
  active: ActiveSetup,
  input: { readonly name: string; readonly token: string },
): Promise<SetupConfirmation> {
  const { twofold } = kit;
  const { setup, kind, key, state } = active;
  const checked = checkConfirmationInput(input);
  if (!checked.ok) return checked;
  const now = twofold.clock();
  const locked = setupLockedUntil(setup, kind, now);
  if (locked !== null) return { ok: false, reason: 'throttled', failures: setup.failures, lockedUntil: new Date(locked) };

  const refuse = (): SetupConfirmation => {
    const failed = withFailure(setup, now);
    context.session.set(kit.keys.setup, serializePendingSetup(failed));
    const until = setupLockedUntil(failed, kind, now);
    return { ok: false, reason: 'invalid-token', failures: failed.failures, lockedUntil: until === null ? null : new Date(until) };
  };
  if (!(await matchesKey(kind, key, state, input.token, now))) return refuse();

  const firstDevice = !(await twofold.userHasDevice(user.id));
  const hadPrimary = (await devicesByPreference(twofold, user.id)).primary !== null;
  const device = await setupDevice(twofold, user, active, checked.name);
  if (device === null) {
    // Removed between the clash and the read: a cancel or turning two-factor authentication off won.
    context.session.delete(kit.keys.setup);
    return { ok: false, reason: 'setup-gone' };
  }
  const finish = async (confirmed: Device, firstNow: boolean): Promise<SetupConfirmation> => {
    context.session.delete(kit.keys.setup);
    await context.otp.login(confirmed, { method: 'device' });
    return { ok: true, device: confirmed, firstDevice: firstNow, next: setup.next };
  };
  if (device.confirmed) return finish(device, false);

  // The core checks the code again and confirms in the same write, recording its time step: it cannot sign in later.
  const verified = await twofold.verifyToken(user.id, device.persistentId, input.token, { confirm: true });
  if (!verified.ok) {
    // A parallel submit may have confirmed it with this very code (then it is used, or claimed, here); otherwise
    // the unconfirmed device stays for the next try of this setup, and goes with the setup (see discardCodeSetup).
    // A parallel submit's verification in flight holds a claim that makes this one look throttled: wait for it.
    const current = verified.reason === 'throttled' ? await awaitConfirmation(twofold, user.id, device.persistentId) : await twofold.getDevice(user.id, device.persistentId);
    return current?.confirmed === true ? finish(current, false) : refuse();
  }
  if (!hadPrimary) await setPrimaryDevice(twofold, user.id, verified.device.persistentId);
  const done = await finish(verified.device, firstDevice);
  emitAccountEvent(kit, 'accountDeviceAdded', { user, device: verified.device, firstDevice, at: new Date(now), request: summarizeRequest(request) });
  return done;
}
