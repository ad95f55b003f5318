/**
 * Group commit on SQLite: the device writes of one turn of the event loop
 * share one transaction, and each is still its own compare-and-swap.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/kysely/index.js';
import { makeRecord, newId } from './conformance.js';

describe('SQLite group commit', () => {
  it('answers each write of a batch on its own: winners true, stale versions false, all durable together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-group-'));
    const { store } = await openSqliteStore({ filename: join(dir, 'group.sqlite') });
    try {
      const userId = newId('user');
      const records = Array.from({ length: 20 }, (_, n) => makeRecord({ userId, createdAt: n + 1 }));
      for (const record of records) await store.insertDevice(record);
      // One turn: 20 fresh writes, 20 stale ones and 20 racing for the same version of one device.
      const fresh = records.map((record) => store.updateDevice(record.id, record.version, { failureCount: 1 }));
      const stale = records.map((record) => store.updateDevice(record.id, record.version + 5, { failureCount: 9 }));
      const racing = Array.from({ length: 20 }, () => store.updateDevice(records[0]!.id, records[0]!.version + 1, { failureCount: 2 }));
      assert.deepEqual(await Promise.all(fresh), records.map(() => true));
      assert.deepEqual(await Promise.all(stale), records.map(() => false));
      assert.equal((await Promise.all(racing)).filter(Boolean).length, 1, 'one of the racing writes wins, as without batching');
      const stored = await store.listDevices(userId);
      assert.deepEqual(stored.map((record) => record.failureCount), [2, ...records.slice(1).map(() => 1)]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
