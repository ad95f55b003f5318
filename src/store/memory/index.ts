/**
 * An in-memory {@link Store} for tests, examples and single-process tools.
 * Data is lost when the process exits.
 *
 * It follows the same rules as the SQL stores, down to the details: records
 * are checked on the way in, `state` goes through JSON text once on the way
 * in (so what comes back is exactly what a database would give back), ids
 * sort by their UTF-8 bytes, and `updateDevice` is a true compare-and-swap
 * (check and write happen without yielding).
 *
 * Stored records are deeply frozen and handed out as they are, without a
 * copy: a read costs no parsing and no allocation, and a caller can still
 * never change what is stored (a write to a frozen object throws in strict
 * code and is ignored otherwise). Every change replaces the record.
 */
import type {
  DeviceChanges,
  DeviceQuery,
  DeviceRecord,
  DeviceScan,
  DevicesWithPrimary,
  SendAttempt,
  SendDecision,
  Store,
  UserPreferences,
} from '../../core/types.js';
import { checkPreferences } from '../preferences.js';
import { memoryRememberedBrowsers } from './remembered.js';
import { memoryInsertDevices } from './insert-many.js';
import { memoryChallenges } from './challenges.js';
import { TwofoldError } from '../../core/errors.js';
import { withChanges } from '../../core/record-update.js';
import { SEND_SWEEP_INTERVAL_MS, budgetRetryAt, checkSendAttempt, retentionByKey } from '../../core/budgets.js';
import { checkExpectedVersion, checkQuery, checkRecord, checkScan, compareIds, lookupKey } from '../validate.js';
import { checkMemoryChanges } from './changes.js';
import { frozenState } from './frozen-state.js';

// A stored device: the record, deeply frozen, with its state as JSON text would give it back.
type StoredDevice = DeviceRecord;

function toStored(record: DeviceRecord): StoredDevice {
  return Object.freeze({ ...record, state: frozenState(record.state) });
}

function invalid(message: string): TwofoldError {
  return new TwofoldError('INVALID_ARGUMENT', message);
}

// What an async function would have done with `error` (only errors are ever thrown here).
function rejected(error: unknown): Promise<never> {
  return Promise.reject(error instanceof Error ? error : new Error(String(error)));
}

function byCreationThenId(a: StoredDevice, b: StoredDevice): number {
  return a.createdAt - b.createdAt || compareIds(a.id, b.id);
}

// One recorded send under one budget key: when it happened and when it may be forgotten.
interface StoredSend {
  readonly sentAt: number;
  readonly expiresAt: number;
}

/** Creates an empty in-memory store. */
export function createMemoryStore(): Store {
  const devices = new Map<string, StoredDevice>();
  const sends = new Map<string, StoredSend[]>();
  const preferences = new Map<string, UserPreferences>();
  let lastSweepAt = Number.NEGATIVE_INFINITY;
  let closed = false;

  function forgetExpired(key: string, at: number): StoredSend[] {
    const kept = (sends.get(key) ?? []).filter((send) => send.expiresAt > at);
    if (kept.length === 0) sends.delete(key);
    else sends.set(key, kept);
    return kept;
  }

  function listFor(userId: string, query: DeviceQuery | undefined, operation: string): DeviceRecord[] {
    const owner = lookupKey(userId, `${operation}: userId`);
    const { confirmed, kind } = checkQuery(query);
    if (owner === null || kind === null) return [];
    const matching = [...devices.values()].filter(
      (device) =>
        device.userId === owner && (confirmed === undefined || device.confirmed === confirmed) && (kind === undefined || device.kind === kind),
    );
    return matching.sort(byCreationThenId);
  }

  function ensureOpen(): void {
    if (closed) throw new TwofoldError('STORE_ERROR', 'the store is closed');
  }

  // The check and the write happen without yielding, so no other call can interleave.
  function compareAndSwap(id: string, expectedVersion: number, changes: DeviceChanges): boolean {
    ensureOpen();
    if (typeof id !== 'string') throw invalid('updateDevice: id must be a string');
    const version = checkExpectedVersion(expectedVersion);
    const checked = checkMemoryChanges(changes);
    const current = devices.get(id);
    if (current === undefined || current.version !== version) return false;
    // Checked above: `checked.state` is already the frozen copy to keep.
    const next: StoredDevice = withChanges(current, checked);
    devices.set(current.id, Object.freeze(next));
    return true;
  }

  const rememberedBrowsers = memoryRememberedBrowsers(ensureOpen);
  const challenges = memoryChallenges(ensureOpen);

  return {
    async insertDevice(record: DeviceRecord): Promise<void> {
      ensureOpen();
      const checked = checkRecord(record);
      const stored = toStored(checked);
      if (devices.has(checked.id)) {
        throw new TwofoldError('STORE_ERROR', `insertDevice: a device with id ${checked.id} already exists`);
      }
      devices.set(checked.id, stored);
      return Promise.resolve();
    },

    // getDevice and updateDevice run on every verification: plain functions
    // returning settled promises, so that no async function hands a promise
    // to another (which costs two more turns of the microtask queue).
    getDevice(id: string): Promise<DeviceRecord | null> {
      try {
        ensureOpen();
        // A string no record could have (lookupKey's null) finds nothing here anyway: insertDevice refused it.
        if (typeof id !== 'string') throw invalid('getDevice: id must be a string');
        return Promise.resolve(devices.get(id) ?? null);
      } catch (error) {
        return rejected(error);
      }
    },

    async listDevices(userId: string, query?: DeviceQuery): Promise<DeviceRecord[]> {
      ensureOpen();
      return Promise.resolve(listFor(userId, query, 'listDevices'));
    },

    async listDevicesWithPrimary(userId: string, query?: DeviceQuery): Promise<DevicesWithPrimary> {
      ensureOpen();
      const found = listFor(userId, query, 'listDevicesWithPrimary');
      const owner = lookupKey(userId, 'listDevicesWithPrimary: userId');
      return Promise.resolve({ devices: found, primaryDeviceId: (owner === null ? undefined : preferences.get(owner))?.primaryDeviceId ?? null });
    },

    updateDevice(id: string, expectedVersion: number, changes: DeviceChanges): Promise<boolean> {
      try {
        return Promise.resolve(compareAndSwap(id, expectedVersion, changes));
      } catch (error) {
        return rejected(error);
      }
    },

    async deleteDevice(id: string, expectedVersion?: number): Promise<boolean> {
      ensureOpen();
      const key = lookupKey(id, 'deleteDevice: id');
      const version = expectedVersion === undefined ? undefined : checkExpectedVersion(expectedVersion);
      if (key === null) return Promise.resolve(false);
      if (version !== undefined && devices.get(key)?.version !== version) return Promise.resolve(false);
      return Promise.resolve(devices.delete(key));
    },

    async deleteUserDevices(userId: string): Promise<number> {
      ensureOpen();
      const owner = lookupKey(userId, 'deleteUserDevices: userId');
      let deleted = 0;
      if (owner === null) return Promise.resolve(0);
      for (const device of [...devices.values()]) {
        if (device.userId === owner && devices.delete(device.id)) deleted++;
      }
      return Promise.resolve(deleted);
    },

    async scanDevices(scan: DeviceScan): Promise<DeviceRecord[]> {
      ensureOpen();
      const { afterId, limit } = checkScan(scan);
      const after = afterId;
      const page = [...devices.values()]
        .filter((device) => after === undefined || compareIds(device.id, after) > 0)
        .sort((a, b) => compareIds(a.id, b.id))
        .slice(0, limit);
      return Promise.resolve(page);
    },

    async recordSend(attempt: SendAttempt): Promise<SendDecision> {
      ensureOpen();
      const { at, limits } = checkSendAttempt(attempt);
      // Check and record happen without yielding, so concurrent calls cannot both take the last slot.
      if (at - lastSweepAt >= SEND_SWEEP_INTERVAL_MS) {
        for (const key of [...sends.keys()]) forgetExpired(key, at);
        lastSweepAt = at;
      }
      let refused: { index: number; retryAt: number } | null = null;
      for (const [index, { key, limit, windowMs }] of limits.entries()) {
        const inWindow = forgetExpired(key, at)
          .map((send) => send.sentAt)
          .filter((sentAt) => sentAt > at - windowMs)
          .sort((a, b) => a - b);
        if (inWindow.length < limit) continue;
        const retryAt = budgetRetryAt(inWindow, limit, windowMs);
        if (refused === null || retryAt > refused.retryAt) refused = { index, retryAt };
      }
      if (refused !== null) return Promise.resolve({ allowed: false, ...refused });
      for (const [key, retention] of retentionByKey(limits)) {
        sends.set(key, [...(sends.get(key) ?? []), { sentAt: at, expiresAt: at + retention }]);
      }
      return Promise.resolve({ allowed: true });
    },

    async getUserPreferences(userId: string): Promise<UserPreferences | null> {
      ensureOpen();
      const owner = lookupKey(userId, 'getUserPreferences: userId');
      const stored = owner === null ? undefined : preferences.get(owner);
      return Promise.resolve(stored === undefined ? null : { ...stored });
    },

    async putUserPreferences(record: UserPreferences): Promise<void> {
      ensureOpen();
      const checked = checkPreferences(record);
      preferences.set(checked.userId, checked);
      return Promise.resolve();
    },

    async deleteUserPreferences(userId: string): Promise<boolean> {
      ensureOpen();
      const owner = lookupKey(userId, 'deleteUserPreferences: userId');
      return Promise.resolve(owner !== null && preferences.delete(owner));
    },

    ...rememberedBrowsers.methods,
    ...challenges.methods,

    insertDevices: memoryInsertDevices({
      ensureOpen,
      hasDevice: (id) => devices.has(id),
      putDevice: (record) => devices.set(record.id, toStored(record)),
      hasPreferences: (userId) => preferences.has(userId),
      putPreferences: (choice) => preferences.set(choice.userId, choice),
    }),

    async close(): Promise<void> {
      closed = true;
      rememberedBrowsers.clear();
      challenges.clear();
      devices.clear();
      sends.clear();
      preferences.clear();
      return Promise.resolve();
    },
  };
}
