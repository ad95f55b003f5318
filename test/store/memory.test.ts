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
});
