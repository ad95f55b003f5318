/**
 * The state a kind is given is read-only, on every store: the memory store's
 * deeply frozen records are handed to `parseState` without a copy, other
 * records as a frozen copy. A kind that writes to it gets a clear error
 * (logged, the device unusable for that call) and what is stored never changes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../src/core/twofold.js';
import type { DeviceKind, DeviceRecord, JsonObject, Store } from '../../src/core/types.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { SECRET_A, recordingLogger, sequenceCode, sequenceKind } from './fixtures.js';

// A memory store whose reads are unfrozen copies, as a SQL store's rows are.
function copyingStore(): Store {
  const store = createMemoryStore();
  const thaw = (record: DeviceRecord | null): DeviceRecord | null =>
    record === null ? null : { ...record, state: JSON.parse(JSON.stringify(record.state)) as JsonObject };
  return { ...store, getDevice: async (id) => thaw(await store.getDevice(id)), listDevices: async (...args) => (await store.listDevices(...args)).map((r) => thaw(r)!) };
}

const stores = { 'memory (frozen records)': createMemoryStore, 'a store that copies (as SQL does)': copyingStore };

// `sequence`, but its parseState or verify writes to the state it is given.
function meddlingKind(where: 'parseState' | 'verify'): DeviceKind<object, { counter: number }> {
  const honest = sequenceKind();
  return {
    ...honest,
    name: 'meddling',
    parseState(state) {
      if (where === 'parseState') state.touched = true;
      return where === 'verify' ? (state as { counter: number }) : honest.parseState(state);
    },
    verify(input) {
      if (where === 'verify') input.state.counter++;
      return honest.verify(input);
    },
  };
}

for (const [name, makeStore] of Object.entries(stores)) {
  describe(`read-only states, ${name}`, () => {
    it('hands parseState a deeply frozen state, and answers with a frozen snapshot', async () => {
      const seen: boolean[] = [];
      const honest = sequenceKind();
      const kind: DeviceKind<object, { counter: number }> = {
        ...honest,
        parseState(state) {
          seen.push(Object.isFrozen(state));
          return honest.parseState(state);
        },
      };
      const key = new Uint8Array(20).fill(3);
      const twofold = createTwofold({ store: makeStore(), kinds: [kind], secrets: [SECRET_A] });
      const device = await twofold.createDevice({ userId: 'u', kind: 'sequence', options: { key } });
      seen.length = 0;
      const result = await twofold.verifyToken('u', device.persistentId, sequenceCode(key, 0));
      assert.ok(seen.length > 0 && seen.every(Boolean), 'parseState was given a state it could change');
      assert.ok(result.ok);
      assert.ok(Object.isFrozen(result.device) && Object.isFrozen(result.device.state));
      assert.deepEqual(result.device.state, { counter: 1 });
      assert.deepEqual((await twofold.getDevice('u', device.persistentId))?.state, { counter: 1 });
    });

    it('refuses a device whose kind writes to the state in parseState, with a log line that says so', async () => {
      const logger = recordingLogger();
      const store = makeStore();
      const key = new Uint8Array(20).fill(4);
      const twofold = createTwofold({ store, kinds: [meddlingKind('parseState')], secrets: [SECRET_A], logger });
      // Created with a kind that behaves, then read by the one that does not.
      const maker = createTwofold({ store, kinds: [{ ...sequenceKind(), name: 'meddling' }], secrets: [SECRET_A], logger });
      const device = await maker.createDevice({ userId: 'u', kind: 'meddling', options: { key } });
      const result = await twofold.verifyToken('u', device.persistentId, sequenceCode(key, 0));
      assert.ok(!result.ok);
      assert.equal(result.reason, 'device-unusable');
      assert.ok(
        logger.lines.some((line) => line.includes('kind meddling changed the state it was given to parse') && line.includes('read-only')),
        logger.lines.join('\n'),
      );
      assert.deepEqual((await store.getDevice(device.id))?.state, { counter: 0 });
    });

    it('refuses a token whose kind writes to the frozen state in verify, and stores nothing of it', async () => {
      const logger = recordingLogger();
      const store = makeStore();
      const key = new Uint8Array(20).fill(5);
      const twofold = createTwofold({ store, kinds: [meddlingKind('verify')], secrets: [SECRET_A], logger });
      const device = await twofold.createDevice({ userId: 'u', kind: 'meddling', options: { key } });
      const result = await twofold.verifyToken('u', device.persistentId, sequenceCode(key, 0));
      assert.ok(!result.ok);
      assert.equal(result.reason, 'device-unusable');
      assert.ok(logger.lines.some((line) => line.includes('kind meddling failed to verify') && /read.only/.test(line)), logger.lines.join('\n'));
      assert.deepEqual((await store.getDevice(device.id))?.state, { counter: 0 });
    });
  });
}
