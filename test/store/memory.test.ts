import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { makeRecord, storeConformance } from './conformance.js';

storeConformance(
  'memory',
  () => {
    const store = createMemoryStore();
    return Promise.resolve({ store, close: () => store.close() });
  },
  { corruptRows: false },
);

describe('memory store', () => {
  it('keeps separate stores separate', async () => {
    const first = createMemoryStore();
    const second = createMemoryStore();
    const record = makeRecord();
    await first.insertDevice(record);
    assert.deepEqual(await first.getDevice(record.id), record);
    assert.equal(await second.getDevice(record.id), null);
  });

  it('normalises state the way JSON storage does (-0 becomes 0)', async () => {
    const store = createMemoryStore();
    const record = makeRecord({ state: { drift: -0 } });
    await store.insertDevice(record);
    const stored = await store.getDevice(record.id);
    assert.ok(Object.is(stored?.state.drift, 0));
  });

  it('hands out its stored records deeply frozen, so no caller can change them', async () => {
    const store = createMemoryStore();
    const record = makeRecord({ state: { list: [1, { deep: true }], inner: { flag: true } } });
    await store.insertDevice(record);
    const isDeepFrozen = (value: unknown): boolean =>
      typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));
    const reads = [await store.getDevice(record.id), ...(await store.listDevices(record.userId)), ...(await store.scanDevices({ limit: 10 }))];
    for (const read of reads) assert.ok(isDeepFrozen(read), 'a read record is not deeply frozen');
    assert.throws(() => ((reads[0]!.state.inner as { flag: boolean }).flag = false), TypeError);
    assert.equal(await store.updateDevice(record.id, 0, { state: { next: [2] }, failureCount: 1 }), true);
    const updated = await store.getDevice(record.id);
    assert.ok(isDeepFrozen(updated));
    assert.throws(() => ((updated as { version: number }).version = 0), TypeError);
    assert.deepEqual(updated, { ...record, state: { next: [2] }, failureCount: 1, version: 1 });
    // The earlier read is unchanged: each change replaces the record instead of editing it.
    assert.deepEqual(reads[0], record);
  });
});
