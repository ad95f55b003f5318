import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceRecord, Store } from '../../src/core/types.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { openPostgresStore, openSqliteStore } from '../../src/store/kysely/index.js';
import { postgresTestUrl } from '../support/env.js';
import { createTestSchema, registerPostgresMissing, type PostgresTestSchema } from '../support/postgres.js';

function record(id: string, userId: string): DeviceRecord {
  return {
    id: id.padEnd(22, 'x'),
    userId,
    kind: 'totp',
    name: 'imported',
    confirmed: true,
    createdAt: 1_700_000_000_000,
    lastUsedAt: null,
    secret: null,
    state: { lastStep: 42 },
    failureCount: 3,
    lastFailureAt: 1_700_000_000_500,
    lastChallengeAt: null,
    version: 1,
  };
}

function conformance(name: string, open: () => Promise<Store>): void {
  describe(`insertDevices (${name})`, () => {
    it('writes devices and missing preferences together, keeping every field', async () => {
      const store = await open();
      try {
        await store.putUserPreferences({ userId: 'kept', primaryDeviceId: null, updatedAt: 1 });
        const batch = Array.from({ length: 700 }, (_, i) => record(`d${i}`, i % 2 === 0 ? 'kept' : `u${i}`));
        await store.insertDevices!(batch, [
          { userId: 'kept', primaryDeviceId: batch[0]!.id, updatedAt: 2 },
          { userId: 'u1', primaryDeviceId: batch[1]!.id, updatedAt: 2 },
        ]);
        assert.deepEqual(await store.getDevice(batch[699]!.id), batch[699]);
        assert.equal((await store.listDevices('kept')).length, 350);
        assert.equal((await store.getUserPreferences('kept'))?.primaryDeviceId, null, 'a choice already made is kept');
        assert.equal((await store.getUserPreferences('u1'))?.primaryDeviceId, batch[1]!.id);
      } finally {
        await store.close();
      }
    });

    it('writes nothing when one id exists already, or repeats', async () => {
      const store = await open();
      try {
        await store.insertDevice(record('taken', 'a'));
        await assert.rejects(store.insertDevices!([record('new1', 'a'), record('taken', 'a')], [{ userId: 'a', primaryDeviceId: null, updatedAt: 1 }]), /already exists/);
        await assert.rejects(store.insertDevices!([record('twice', 'b'), record('twice', 'b')]), /already exists/);
        assert.equal(await store.getDevice(record('new1', 'a').id), null);
        assert.equal(await store.getDevice(record('twice', 'b').id), null);
        assert.equal(await store.getUserPreferences('a'), null);
        await assert.rejects(store.insertDevices!([{ ...record('bad', 'a'), version: -1 }]));
      } finally {
        await store.close();
      }
    });
  });
}

conformance('memory', () => Promise.resolve(createMemoryStore()));
conformance('SQLite', async () => (await openSqliteStore({ filename: ':memory:' })).store);

const url = postgresTestUrl();
if (url === null) registerPostgresMissing('insertDevices (PostgreSQL)');
else {
  const schemas: PostgresTestSchema[] = [];
  after(async () => {
    for (const schema of schemas) await schema.drop();
  });
  conformance('PostgreSQL', async () => {
    const schema = await createTestSchema(url);
    schemas.push(schema);
    return (await openPostgresStore({ connectionString: url, schema: schema.schema })).store;
  });
}
