/**
 * Reading devices for the rest of the core: a stored record becomes a
 * parsed state, an opened secret and a {@link Device} snapshot, with corrupt
 * rows and undecryptable secrets logged and refused rather than thrown.
 */
import { cloneJson, readOnlyJson } from './json-clone.js';
import type { AnyDeviceKind } from './api.js';
import { describeError } from './arguments.js';
import { BINDING_STATE_KEY, splitBinding } from './binding.js';
import type { CoreContext } from './context.js';
import { formatPersistentId, parsePersistentId } from './persistent-id.js';
import { cooldownEndsAt, throttleUnlocksAt } from './throttle.js';
import type { Device, DeviceQuery, DeviceRecord, DevicesWithPrimary, JsonObject, Store } from './types.js';

/** A record together with its kind and its parsed state; its snapshot is made by {@link deviceOf} when needed. */
export interface Loaded {
  readonly record: DeviceRecord;
  readonly kind: AnyDeviceKind;
  /** The kind's own state (without the core's binding), as `parseState` returned it. */
  readonly state: JsonObject;
  /** Hash of the transaction the live challenge is bound to, or null (see binding.ts). */
  readonly binding: string | null;
  /** When the record was read: the snapshot's lock and cooldown are relative to it. */
  readonly at: number;
  /** The snapshot, once {@link deviceOf} made it. */
  snapshot: Device | undefined;
}

/**
 * The snapshot of a loaded record, made on first use: a successful
 * verification answers with a newer one and never needs it.
 */
export function deviceOf(loaded: Loaded): Device {
  loaded.snapshot ??= toDevice(loaded.record, loaded.kind, loaded.state, loaded.at);
  return loaded.snapshot;
}

/**
 * The public snapshot of a record at time `at` (lock and cooldown are
 * relative to it). `state` is frozen and becomes the snapshot's: pass one
 * that nothing else will write to (a kind's output, a copy, or frozen data).
 */
export function toDevice(record: DeviceRecord, kind: AnyDeviceKind | undefined, state: JsonObject, at: number): Device {
  const unlocks = kind === undefined ? null : throttleUnlocksAt(record.failureCount, record.lastFailureAt, kind.throttleFactor);
  const nextChallenge = cooldownEndsAt(record.lastChallengeAt, kind?.cooldownSeconds);
  return Object.freeze({
    persistentId: formatPersistentId(record.kind, record.id),
    id: record.id,
    userId: record.userId,
    kind: record.kind,
    name: record.name,
    confirmed: record.confirmed,
    createdAt: new Date(record.createdAt),
    lastUsedAt: record.lastUsedAt === null ? null : new Date(record.lastUsedAt),
    state: Object.freeze(state),
    interactive: typeof kind?.generateChallenge === 'function',
    failureCount: record.failureCount,
    lockedUntil: unlocks !== null && unlocks > at ? new Date(unlocks) : null,
    nextChallengeAt: nextChallenge !== null && nextChallenge > at ? new Date(nextChallenge) : null,
  });
}

// What V8 says when strict code writes to, extends or deletes from a frozen object.
const FROZEN_WRITE = /read.only|not extensible|Cannot delete|Cannot (?:add|define) property/;

/**
 * Parses a record; null (and a log line) when it is corrupt or of an unknown
 * kind. The kind parses the stored state itself when that is deeply frozen
 * (the memory store's records are), else a frozen copy: either way it is
 * read-only, so a kind that writes to it fails here, on every store, instead
 * of changing what others share.
 */
export function load(context: CoreContext, record: DeviceRecord, at: number): Loaded | null {
  const kind = context.kinds.get(record.kind);
  if (kind === undefined) return null;
  let stored = record.state;
  let binding: string | null = null;
  if (Object.hasOwn(stored, BINDING_STATE_KEY)) ({ state: stored, binding } = splitBinding(stored));
  let state: JsonObject;
  try {
    state = kind.parseState(readOnlyJson(stored));
  } catch (error) {
    const device = formatPersistentId(record.kind, record.id);
    if (error instanceof TypeError && FROZEN_WRITE.test(error.message)) {
      context.logger.error(
        `twofold: kind ${kind.name} changed the state it was given to parse (device ${device}); that state is read-only: return a new object instead (${error.message})`,
      );
    } else {
      context.logger.error(`twofold: device ${device} has corrupt state: ${describeError(error)}`);
    }
    return null;
  }
  return { record, kind, state, binding, at, snapshot: undefined };
}

/** A snapshot for listings: tolerant of unknown kinds and corrupt state. */
export function snapshot(context: CoreContext, record: DeviceRecord, at: number): Device {
  const loaded = load(context, record, at);
  const device = loaded !== null ? deviceOf(loaded) : toDevice(record, context.kinds.get(record.kind), cloneJson(splitBinding(record.state).state), at);
  context.readRecords.set(device, { record, at });
  return device;
}

/** How long a snapshot's record stands in for a read (see {@link knownRecord}). */
export const KNOWN_RECORD_MAX_AGE_MS = 5000;

/**
 * The record a snapshot that this instance handed out was made from, when
 * `device` is such a snapshot of `persistentId`, owned by `userId`, read at
 * most {@link KNOWN_RECORD_MAX_AGE_MS} ago; undefined otherwise (anything
 * else passed in, including a look-alike object, is ignored and the device
 * read). Only an optimisation: every decision taken on it is written with a
 * compare-and-swap on its version, so a stale record loses and is read again.
 */
export function knownRecord(context: CoreContext, userId: string, persistentId: unknown, device: unknown): DeviceRecord | undefined {
  if (typeof device !== 'object' || device === null) return undefined;
  const read = context.readRecords.get(device as Device);
  if (read === undefined) return undefined;
  const age = context.now() - read.at;
  if (age < 0 || age > KNOWN_RECORD_MAX_AGE_MS) return undefined;
  const { record } = read;
  if (record.userId !== userId || formatPersistentId(record.kind, record.id) !== persistentId) return undefined;
  return record;
}

/** The decrypted secret; null for kinds without one; undefined (and a log line) when it cannot be opened. */
export function openSecret(context: CoreContext, record: DeviceRecord): Uint8Array | null | undefined {
  if (record.secret === null) return null;
  try {
    return context.box.open(record.secret, record.id);
  } catch (error) {
    context.logger.error(`twofold: secret of device ${formatPersistentId(record.kind, record.id)} cannot be used: ${describeError(error)}`);
    return undefined;
  }
}

/** Reads a device and checks that it belongs to `userId`; null otherwise. */
export async function readOwned(context: CoreContext, userId: string, persistentId: unknown): Promise<DeviceRecord | null> {
  const parsed = parsePersistentId(persistentId);
  if (parsed === null) return null;
  return owned(await context.store.getDevice(parsed.id), userId, parsed.kind);
}

/** `record` when it is `userId`'s and of `kind` (as its persistent id says); null otherwise. */
export function owned(record: DeviceRecord | null, userId: string, kind: string): DeviceRecord | null {
  return record === null || record.userId !== userId || record.kind !== kind ? null : record;
}

/**
 * A user's devices and chosen primary device id: one read on stores that
 * have `listDevicesWithPrimary`, else the devices and then (only when there
 * is a device) the preferences.
 */
export async function readDevicesWithPrimary(store: Store, userId: string, query: DeviceQuery): Promise<DevicesWithPrimary> {
  if (typeof store.listDevicesWithPrimary === 'function') return store.listDevicesWithPrimary(userId, query);
  const devices = await store.listDevices(userId, query);
  if (devices.length === 0) return { devices, primaryDeviceId: null };
  return { devices, primaryDeviceId: (await store.getUserPreferences(userId))?.primaryDeviceId ?? null };
}
