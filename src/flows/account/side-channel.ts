/**
 * What the account pages need to know about kinds that send their codes to
 * a destination the user gives — a phone number, an e-mail address, a
 * console of the host's own — without knowing any of them by name: each
 * declares, in its presentation, the setup methods it offers, the field it
 * takes and how a typed value is checked (`KindDestinationSetup`). Here:
 * which methods the registered kinds offer, checking a destination, and the
 * session record of a setup by code. Where a device's codes go, masked, is
 * `deliveryDestination` of `web/destination.ts`, shared with the sign-in
 * pages.
 */
import { randomBytes } from 'node:crypto';
import type { AnyDeviceKind, Twofold } from '../../core/twofold.js';
import type { KindDestinationSetup, KindPresentation } from '../../core/presentation.js';
import type { Device, JsonObject } from '../../core/types.js';
import { presentedKinds } from '../../devices/presentation.js';
import { isSafeRedirect } from '../../web/redirect.js';

/**
 * A setup method that sends a code instead of showing a key, as a kind
 * declares it (the phone kind's `sms` and `call`, the e-mail kind's `email`).
 */
export type SideChannelMethod = string;

/** A registered kind set up with a destination and a sent code, with its declaration. */
export interface DestinationKind {
  readonly kind: AnyDeviceKind;
  readonly presentation: KindPresentation;
  readonly destination: KindDestinationSetup;
}

/** The registered kinds set up with a destination and a sent code, in registration order. */
export function destinationKinds(twofold: Pick<Twofold, 'kinds'>): DestinationKind[] {
  const found: DestinationKind[] = [];
  for (const { kind, presentation } of presentedKinds(twofold)) {
    const { destination } = presentation.setup;
    // Without generateChallenge nothing could be sent: such a declaration is not offered.
    if (presentation.setup.steps === 'destination' && destination !== undefined && typeof kind.generateChallenge === 'function') {
      found.push({ kind, presentation, destination });
    }
  }
  return found;
}

/** The side-channel methods the registered kinds can serve, in registration order (each kind's own order within). */
export function availableSideChannels(twofold: Pick<Twofold, 'kinds'>): SideChannelMethod[] {
  return destinationKinds(twofold).flatMap(({ destination }) => destination.methods);
}

/** The kind that serves a side-channel method, or null when no registered kind declares it. */
export function destinationKindOf(twofold: Pick<Twofold, 'kinds'>, method: unknown): DestinationKind | null {
  if (typeof method !== 'string') return null;
  return destinationKinds(twofold).find(({ destination }) => destination.methods.includes(method)) ?? null;
}

/** Whether `value` names a side-channel method of a registered kind. */
export function isSideChannelMethod(twofold: Pick<Twofold, 'kinds'>, value: unknown): value is SideChannelMethod {
  return destinationKindOf(twofold, value) !== null;
}

/** The name of the kind a side-channel method creates, or null when none serves it. */
export function kindOfMethod(twofold: Pick<Twofold, 'kinds'>, method: SideChannelMethod): string | null {
  return destinationKindOf(twofold, method)?.kind.name ?? null;
}

/** Why a destination typed during setup was refused: the kind, its field, and the reason its check gave. */
export interface DestinationProblem {
  readonly kind: string;
  /** The field of the kind's declaration (`number`, `address`). */
  readonly field: string;
  readonly reason: string;
}

/** A destination checked by its kind, with the device options that store it. */
export type DestinationCheck =
  | {
      readonly ok: true;
      /** The normalised number (E.164), address, ... */
      readonly value: string;
      /** The options of `createDevice`. */
      readonly options: JsonObject;
    }
  | { readonly ok: false; readonly problem: DestinationProblem };

/** Checks a typed destination for `method` with the serving kind's own rules. */
export function checkDestination(twofold: Pick<Twofold, 'kinds'>, method: SideChannelMethod, input: string): DestinationCheck {
  const served = destinationKindOf(twofold, method);
  if (served === null) return { ok: false, problem: { kind: '', field: '', reason: 'invalid' } };
  const checked = served.destination.check(input, method);
  return checked.ok
    ? { ok: true, value: checked.value, options: checked.options }
    : { ok: false, problem: { kind: served.kind.name, field: served.destination.field, reason: checked.reason } };
}

/**
 * Whether `device` already receives codes where a new device with `options`
 * would (the same kind, and every option the destination check produced —
 * number and method, address — equal in its state, letter case aside).
 */
export function sameDestination(device: Device, kindName: string, options: JsonObject): boolean {
  if (device.kind !== kindName) return false;
  return Object.entries(options).every(([key, value]) => {
    const stored = device.state[key];
    return typeof value === 'string' && typeof stored === 'string' ? stored.toLowerCase() === value.toLowerCase() : stored === value;
  });
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
  const { type, id, userId, method, device, startedAt, next } = value as Readonly<Record<string, unknown>>;
  if (type !== 'code' || typeof id !== 'string' || !ID_PATTERN.test(id)) return null;
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 255) return null;
  // The method is checked against the registered kinds where the setup is read.
  if (typeof method !== 'string' || method.length === 0 || method.length > 64) return null;
  if (typeof device !== 'string' || device.length === 0 || device.length > 128) return null;
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
 * Removes the user's unconfirmed devices of destination kinds (phone, e-mail) whose setup has
 * run out (created at least `timeoutMs` ago): setups abandoned in sessions
 * that never came back. Returns how many were removed.
 */
export async function sweepAbandonedSetups(twofold: Twofold, userId: string, timeoutMs: number): Promise<number> {
  const now = twofold.clock();
  let removed = 0;
  const kinds = new Set(destinationKinds(twofold).map(({ kind }) => kind.name));
  for (const device of await twofold.listDevices(userId, { confirmed: false })) {
    if (!kinds.has(device.kind)) continue;
    if (device.createdAt.getTime() + timeoutMs > now) continue;
    if (await deleteUnconfirmedDevice(twofold, userId, device.persistentId)) removed++;
  }
  return removed;
}
