/**
 * What the account pages need to know about devices that receive codes
 * through a side channel — text messages, voice calls, e-mail — without
 * depending on how the phone and e-mail kinds are configured: which
 * channels the registered kinds offer, whether an input is a usable number
 * or address, and the session record of a setup by code. Where a device's
 * codes go, masked, is `deliveryDestination` of `web/destination.ts`, shared
 * with the sign-in pages.
 *
 * The kinds are found in the registry by name (`phone`, `email`) and
 * recognised by their shape, so a host that wraps or replaces them keeps
 * working as long as the same functions are there.
 */
import { randomBytes } from 'node:crypto';
import type { Twofold } from '../../core/twofold.js';
import type { Device, JsonObject } from '../../core/types.js';
import type { EmailAddressCheck } from '../../devices/email/index.js';
import type { PhoneNumberCheck } from '../../devices/phone/number.js';
import { deliveryChannel } from '../../web/destination.js';
import { isSafeRedirect } from '../../web/redirect.js';

/** How a code reaches the user: a text message, a voice call or an e-mail. */
export type SideChannelMethod = 'sms' | 'call' | 'email';

/** The setup methods that send a code instead of showing a key, in the order the wizard offers them. */
export const SIDE_CHANNEL_METHODS: readonly SideChannelMethod[] = Object.freeze(['sms', 'call', 'email']);

/** The registered name of the phone kind. */
export const PHONE_KIND = 'phone';
/** The registered name of the e-mail kind. */
export const EMAIL_KIND = 'email';

/** Whether `value` names a side-channel setup method. */
export function isSideChannelMethod(value: unknown): value is SideChannelMethod {
  return value === 'sms' || value === 'call' || value === 'email';
}

/** What the account pages use of the phone kind (`twofold/devices/phone`). */
export interface PhoneKindFeatures {
  readonly methods: readonly ('sms' | 'call')[];
  checkNumber(input: unknown): PhoneNumberCheck;
  maskedDestination(device: Device): Promise<string | null>;
}

/** What the account pages use of the e-mail kind (`twofold/devices/email`). */
export interface EmailKindFeatures {
  checkAddress(input: unknown): EmailAddressCheck;
  maskedDestination(device: Device): Promise<string | null>;
}

type Shape = Readonly<Record<string, unknown>>;

/** The registered phone kind, or null when there is none (or it lacks what setup needs). */
export function phoneKind(twofold: Twofold): PhoneKindFeatures | null {
  const kind = twofold.kind(PHONE_KIND) as Shape | undefined;
  if (kind === undefined || typeof kind.generateChallenge !== 'function') return null;
  const { methods, checkNumber, maskedDestination } = kind;
  if (!Array.isArray(methods) || typeof checkNumber !== 'function' || typeof maskedDestination !== 'function') return null;
  return kind as unknown as PhoneKindFeatures;
}

/** The registered e-mail kind, or null. */
export function emailKind(twofold: Twofold): EmailKindFeatures | null {
  const kind = twofold.kind(EMAIL_KIND) as Shape | undefined;
  if (kind === undefined || typeof kind.generateChallenge !== 'function') return null;
  if (typeof kind.checkAddress !== 'function' || typeof kind.maskedDestination !== 'function') return null;
  return kind as unknown as EmailKindFeatures;
}

/** The side-channel methods the registered kinds can serve: the phone kind's own methods, then e-mail. */
export function availableSideChannels(twofold: Twofold): SideChannelMethod[] {
  const phone = phoneKind(twofold);
  const offered: SideChannelMethod[] = [];
  for (const method of ['sms', 'call'] as const) {
    if (phone?.methods.includes(method) === true) offered.push(method);
  }
  if (emailKind(twofold) !== null) offered.push('email');
  return offered;
}

/** The kind a side-channel method creates. */
export function kindOfMethod(method: SideChannelMethod): string {
  return method === 'email' ? EMAIL_KIND : PHONE_KIND;
}

/** Why a number or address typed during setup was refused: the phone kind's or the e-mail kind's reason. */
export type DestinationProblem =
  | { readonly type: 'number'; readonly reason: Exclude<PhoneNumberCheck, { ok: true }>['reason'] }
  | { readonly type: 'address'; readonly reason: Exclude<EmailAddressCheck, { ok: true }>['reason'] };

/** A number or address checked by its kind, with the device options that store it. */
export type DestinationCheck =
  | {
      readonly ok: true;
      /** The normalised number (E.164) or address. */
      readonly value: string;
      /** The options of `createDevice`. */
      readonly options: JsonObject;
    }
  | { readonly ok: false; readonly problem: DestinationProblem };

/** Checks a typed number (for `sms` and `call`) or address (`email`) with the registered kind's own rules. */
export function checkDestination(twofold: Twofold, method: SideChannelMethod, input: string): DestinationCheck {
  if (method === 'email') {
    const kind = emailKind(twofold);
    const checked = kind === null ? ({ ok: false, reason: 'invalid' } as const) : kind.checkAddress(input);
    return checked.ok ? { ok: true, value: checked.address, options: { address: checked.address } } : { ok: false, problem: { type: 'address', reason: checked.reason } };
  }
  const kind = phoneKind(twofold);
  const checked = kind === null ? ({ ok: false, reason: 'invalid' } as const) : kind.checkNumber(input);
  return checked.ok
    ? { ok: true, value: checked.number, options: { number: checked.number, method } }
    : { ok: false, problem: { type: 'number', reason: checked.reason } };
}

/** Whether `device` already receives codes at `value` by `method` (the stored number or address, as normalised). */
export function sameDestination(twofold: Twofold, device: Device, method: SideChannelMethod, value: string): boolean {
  if (deliveryChannel(twofold, device) !== method) return false;
  const stored = method === 'email' ? device.state.address : device.state.number;
  return typeof stored === 'string' && stored.toLowerCase() === value.toLowerCase();
}

// ---------------------------------------------------------------- the session record

/**
 * A setup by code in progress, as kept in the session: the unconfirmed
 * device it created (nothing secret: the code itself is only in the message
 * and, hashed, in the device), bound to the user.
 */
export interface PendingCodeSetup {
  readonly type: 'code';
  /** Random id (128 bits). */
  readonly id: string;
  readonly userId: string;
  readonly method: SideChannelMethod;
  /** The persistent id of the unconfirmed device. */
  readonly device: string;
  readonly startedAt: number;
  /** A safe page to land on when done, or null. */
  readonly next: string | null;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A new setup record for the unconfirmed `device`. */
export function newPendingCodeSetup(input: {
  readonly userId: string;
  readonly method: SideChannelMethod;
  readonly device: string;
  readonly now: number;
  readonly next: string | null;
}): PendingCodeSetup {
  return {
    type: 'code',
    id: randomBytes(16).toString('base64url'),
    userId: input.userId,
    method: input.method,
    device: input.device,
    startedAt: input.now,
    next: isSafeRedirect(input.next) ? input.next : null,
  };
}

/** Reads a setup by code from the session (untrusted); null when it is not one. */
export function parsePendingCodeSetup(value: unknown): PendingCodeSetup | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { type, id, userId, method, device, startedAt, next } = value as Shape;
  if (type !== 'code' || typeof id !== 'string' || !ID_PATTERN.test(id)) return null;
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 255) return null;
  if (!isSideChannelMethod(method) || typeof device !== 'string' || device.length === 0 || device.length > 128) return null;
  if (typeof startedAt !== 'number' || !Number.isSafeInteger(startedAt) || startedAt < 0) return null;
  if (next !== null && !isSafeRedirect(next)) return null;
  return { type, id, userId, method, device, startedAt, next };
}

/** The JSON form of a setup by code, for the session. */
export function serializePendingCodeSetup(setup: PendingCodeSetup): JsonObject {
  return { type: setup.type, id: setup.id, userId: setup.userId, method: setup.method, device: setup.device, startedAt: setup.startedAt, next: setup.next };
}

// ---------------------------------------------------------------- removing what a setup left behind

/**
 * Removes one of the user's devices if it is still unconfirmed: what an
 * abandoned or replaced setup left behind. A confirmed device is never
 * touched, even when a confirmation runs at the same moment in another
 * process: the store deletes only the version it read (compare-and-delete).
 * Returns whether a device was removed.
 */
export function deleteUnconfirmedDevice(twofold: Twofold, userId: string, persistentId: string): Promise<boolean> {
  return twofold.deleteDevice(userId, persistentId, { onlyUnconfirmed: true });
}

/** How long a submit waits for a parallel one (any process) to finish confirming the same device. */
export const CONFIRMATION_WAIT_MS = 3000;

/**
 * The device once a confirmation in flight elsewhere has settled: it reads
 * the device until it is confirmed, gone, or `waitMs` has passed, and
 * returns the last reading (null when gone). The core's claim makes a
 * parallel verification look throttled while the winner is still
 * evaluating, so a loser that read at once would answer too early.
 */
export async function awaitConfirmation(twofold: Twofold, userId: string, persistentId: string, waitMs: number = CONFIRMATION_WAIT_MS): Promise<Device | null> {
  const giveUpAt = Date.now() + waitMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    const device = await twofold.getDevice(userId, persistentId);
    if (device === null || device.confirmed || Date.now() >= giveUpAt) return device;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/**
 * Removes the user's unconfirmed phone and e-mail devices whose setup has
 * run out (created at least `timeoutMs` ago): setups abandoned in sessions
 * that never came back. Returns how many were removed.
 */
export async function sweepAbandonedSetups(twofold: Twofold, userId: string, timeoutMs: number): Promise<number> {
  const now = twofold.clock();
  let removed = 0;
  for (const device of await twofold.listDevices(userId, { confirmed: false })) {
    if (device.kind !== PHONE_KIND && device.kind !== EMAIL_KIND) continue;
    if (device.createdAt.getTime() + timeoutMs > now) continue;
    if (await deleteUnconfirmedDevice(twofold, userId, device.persistentId)) removed++;
  }
  return removed;
}
