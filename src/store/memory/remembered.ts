/**
 * The remembered-browser part of the in-memory store, kept apart so that the
 * store's main file stays about devices. Same rules as the SQL stores: records
 * are checked on the way in, copies go out, and nothing awaits between a
 * check and a write.
 */
import { TwofoldError } from '../../core/errors.js';
import type { RememberedBrowserRecord } from '../../core/types.js';
import { checkRememberedBrowser, checkTime, type RememberedBrowserMethods } from '../remembered.js';
import { compareIds, lookupKey } from '../validate.js';

/** In-memory remembered browsers; `ensureOpen` throws once the store is closed, `clear` empties them on close. */
export function memoryRememberedBrowsers(ensureOpen: () => void): { readonly methods: RememberedBrowserMethods; readonly clear: () => void } {
  const records = new Map<string, RememberedBrowserRecord>();

  function deleteWhere(matches: (record: RememberedBrowserRecord) => boolean): number {
    let deleted = 0;
    for (const record of [...records.values()]) {
      if (matches(record) && records.delete(record.id)) deleted++;
    }
    return deleted;
  }

  const methods: RememberedBrowserMethods = {
    async insertRememberedBrowser(record) {
      ensureOpen();
      const checked = checkRememberedBrowser(record);
      if (records.has(checked.id)) {
        throw new TwofoldError('STORE_ERROR', `insertRememberedBrowser: a remembered browser with id ${checked.id} already exists`);
      }
      records.set(checked.id, checked);
      return Promise.resolve();
    },

    async getRememberedBrowser(id) {
      ensureOpen();
      const key = lookupKey(id, 'getRememberedBrowser: id');
      const found = key === null ? undefined : records.get(key);
      return Promise.resolve(found === undefined ? null : { ...found });
    },

    async listRememberedBrowsers(userId) {
      ensureOpen();
      const owner = lookupKey(userId, 'listRememberedBrowsers: userId');
      if (owner === null) return Promise.resolve([]);
      const mine = [...records.values()].filter((record) => record.userId === owner);
      mine.sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
      return Promise.resolve(mine.map((record) => ({ ...record })));
    },

    async touchRememberedBrowser(id, lastUsedAt) {
      ensureOpen();
      const key = lookupKey(id, 'touchRememberedBrowser: id');
      const at = checkTime(lastUsedAt, 'touchRememberedBrowser: lastUsedAt');
      const found = key === null ? undefined : records.get(key);
      if (found === undefined) return Promise.resolve(false);
      records.set(found.id, { ...found, lastUsedAt: at });
      return Promise.resolve(true);
    },

    async deleteRememberedBrowser(id) {
      ensureOpen();
      const key = lookupKey(id, 'deleteRememberedBrowser: id');
      return Promise.resolve(key !== null && records.delete(key));
    },

    async deleteUserRememberedBrowsers(userId) {
      ensureOpen();
      const owner = lookupKey(userId, 'deleteUserRememberedBrowsers: userId');
      return Promise.resolve(owner === null ? 0 : deleteWhere((record) => record.userId === owner));
    },

    async deleteDeviceRememberedBrowsers(deviceId) {
      ensureOpen();
      const device = lookupKey(deviceId, 'deleteDeviceRememberedBrowsers: deviceId');
      return Promise.resolve(device === null ? 0 : deleteWhere((record) => record.deviceId === device));
    },

    async deleteExpiredRememberedBrowsers(at) {
      ensureOpen();
      const now = checkTime(at, 'deleteExpiredRememberedBrowsers: at');
      return Promise.resolve(deleteWhere((record) => record.expiresAt <= now));
    },
  };
  return {
    methods,
    clear: () => {
      records.clear();
    },
  };
}
