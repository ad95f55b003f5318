/**
 * The in-memory store's {@link Store.insertDevices}: everything is checked
 * first, then written without yielding, so the batch lands whole or not at all.
 */
import { TwofoldError } from '../../core/errors.js';
import type { DeviceRecord, Store, UserPreferences } from '../../core/types.js';
import { checkPreferences } from '../preferences.js';
import { checkRecord } from '../validate.js';

/** Access to the memory store's maps, so that this file needs none of its internals. */
export interface MemoryInsertTarget {
  readonly ensureOpen: () => void;
  readonly hasDevice: (id: string) => boolean;
  readonly putDevice: (record: DeviceRecord) => void;
  readonly hasPreferences: (userId: string) => boolean;
  readonly putPreferences: (preferences: UserPreferences) => void;
}

/** Builds `insertDevices` for the memory store. */
export function memoryInsertDevices(target: MemoryInsertTarget): NonNullable<Store['insertDevices']> {
  // Inside a promise executor, so that a bad record rejects like the other stores instead of throwing.
  return (records, preferences = []) =>
    new Promise<void>((resolve) => {
      target.ensureOpen();
      const checked = records.map((record) => checkRecord(record));
      const choices = preferences.map((entry) => checkPreferences(entry));
      const ids = new Set<string>();
      for (const record of checked) {
        if (target.hasDevice(record.id) || ids.has(record.id)) {
          throw new TwofoldError('STORE_ERROR', `insertDevices: a device with id ${record.id} already exists`);
        }
        ids.add(record.id);
      }
      for (const record of checked) target.putDevice(record);
      for (const choice of choices) if (!target.hasPreferences(choice.userId)) target.putPreferences(choice);
      resolve();
    });
}
