/**
 * The behaviour every {@link Store} must have, as one suite that each store's
 * test file runs against its own backend. A store passing it can carry
 * twofold's replay protection: the compare-and-swap and its race are here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { DeviceRecord, JsonObject, Store } from '../../src/core/types.js';
import { isTwofoldError } from '../../src/core/errors.js';
import type { TwofoldErrorCode } from '../../src/core/errors.js';
import { rememberedBrowserConformance } from './remembered-conformance.js';
import { challengeConformance } from './challenge-conformance.js';
import { listWithPrimaryConformance } from './primary-conformance.js';

/** A raw value written straight into a column, bypassing every check. */
export type RawColumnValue = string | number | null | Uint8Array;

/** A way of damaging a stored row, and what the store must say about it. */
export interface Corruption {
  readonly column: string;
  readonly value: RawColumnValue;
  /** Must match the STORE_ERROR message (besides the device id and column). */
  readonly expect: RegExp;
}

/** A store under test, plus the backend access the suite needs. */
export interface StoreHarness {
  readonly store: Store;
  /**
   * SQL stores only: writes `value` into `column` of the row with `id`
   * directly, as a buggy tool or a hand edit would.
   */
  readonly corrupt?: (id: string, column: string, value: RawColumnValue) => Promise<void>;
  /** Damage this backend can hold on top of {@link COMMON_CORRUPTIONS}. */
  readonly extraCorruptions?: readonly Corruption[];
  /** Releases everything, including `store`. */
  close(): Promise<void>;
}

/** Damage any SQL backend can hold: bad JSON, out-of-range numbers, empty keys. */
export const COMMON_CORRUPTIONS: readonly Corruption[] = [
  { column: 'state', value: '{not json', expect: /not the JSON text of an object/ },
  { column: 'state', value: '[1,2]', expect: /not the JSON text of an object/ },
  { column: 'state', value: 'null', expect: /not the JSON text of an object/ },
  { column: 'state', value: '"text"', expect: /not the JSON text of an object/ },
  { column: 'state', value: `${'{"a":'.repeat(70)}1${'}'.repeat(70)}`, expect: /nested deeper/ },
  { column: 'state', value: '{"a":[1,{"b":1e999}]}', expect: /state\.a\[1\]\.b is not a finite number/ },
  { column: 'failure_count', value: -1, expect: /between 0 and/ },
  { column: 'version', value: -1, expect: /between 0 and/ },
  { column: 'created_at', value: -5, expect: /between 0 and/ },
  { column: 'last_used_at', value: 9_000_000_000_000_000, expect: /between 0 and/ },
  { column: 'last_failure_at', value: -1, expect: /between 0 and/ },
  { column: 'kind', value: '', expect: /must not be empty/ },
  { column: 'user_id', value: 'x'.repeat(300), expect: /at most 255/ },
];

/** A fresh, unique id (URL-safe, like the core's). */
export function newId(prefix = 'd'): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}

/** A valid record with unique id and user, with `overrides` applied. */
export function makeRecord(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    id: newId(),
    userId: newId('user'),
    kind: 'totp',
    name: 'Phone',
    confirmed: true,
    createdAt: 1_700_000_000_000,
    lastUsedAt: null,
    secret: 'v1.envelope.not-a-real-secret',
    state: { digits: 6, step: 30, lastStep: null },
    failureCount: 0,
    lastFailureAt: null,
    lastChallengeAt: null,
    version: 0,
    ...overrides,
  };
}

/** Asserts that `promise` rejects with a TwofoldError of `code` whose message matches `pattern`. */
export async function rejectsWith(promise: Promise<unknown>, code: TwofoldErrorCode, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isTwofoldError(error, code), `expected TwofoldError ${code}, got ${String(error)}`);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

function utf8Order(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function scanAll(store: Store, limit: number): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await store.scanDevices(afterId === undefined ? { limit } : { afterId, limit });
    pages.push(page.length);
    ids.push(...page.map((device) => device.id));
    if (page.length < limit) return { ids, pages };
    afterId = page.at(-1)?.id;
  }
}

/**
 * Registers the conformance suite for one store. `open` is called once for
 * the shared store (tests use unique ids and users, so they never collide)
 * and once more by the test of `close()`.
 */
export function storeConformance(
  name: string,
  open: () => Promise<StoreHarness>,
  features: { readonly corruptRows: boolean },
): void {
  describe(`${name}: Store conformance`, () => {
    let harness: StoreHarness;
    let store: Store;

    before(async () => {
      harness = await open();
      store = harness.store;
    });
    after(async () => {
      await harness.close();
    });

    describe('insertDevice and getDevice', () => {
      it('gives back exactly what was inserted', async () => {
        const record = makeRecord({
          name: 'Clé de Zoë 🔑 日本語 — “quotes” \\ backslash',
          confirmed: false,
          createdAt: 8.64e15,
          lastUsedAt: 0,
          lastFailureAt: 1,
          lastChallengeAt: 8_639_999_999_999_999,
          secret: null,
          state: {
            nested: { list: [1, -2.5, 'x', null, true, false, { deep: [[[]]] }], empty: {} },
            unicode: '🔐 ünïcödé',
            '': 'empty key',
            'key with spaces': 0.1,
            big: 1e300,
            tiny: 5e-324,
            negative: -9_007_199_254_740_991,
          },
          failureCount: 2_147_483_647,
          version: 2_147_483_646,
        });
        await store.insertDevice(record);
        assert.deepEqual(await store.getDevice(record.id), record);
      });

      it('accepts the boundary values', async () => {
        const cases = [
          makeRecord({ id: `b${'x'.repeat(254)}`, userId: 'u'.repeat(255), kind: 'k'.repeat(255) }),
          makeRecord({ name: '', createdAt: 0, state: {} }),
          makeRecord({ name: 'n'.repeat(1024), secret: 's'.repeat(16_384), version: 2_147_483_647 }),
        ];
        for (const record of cases) {
          await store.insertDevice(record);
          assert.deepEqual(await store.getDevice(record.id), record);
        }
      });

      it('returns null for ids that do not exist, without throwing', async () => {
        assert.equal(await store.getDevice(newId()), null);
        assert.equal(await store.getDevice(''), null);
        assert.equal(await store.getDevice('x'.repeat(256)), null);
        assert.equal(await store.getDevice('a\u0000b'), null);
        assert.equal(await store.getDevice('lone \ud800 surrogate'), null);
      });

      it('rejects an id that is not a string', async () => {
        await rejectsWith(store.getDevice(42 as unknown as string), 'INVALID_ARGUMENT');
        await rejectsWith(store.getDevice(undefined as unknown as string), 'INVALID_ARGUMENT');
      });

      it('rejects a duplicate id and keeps the original', async () => {
        const original = makeRecord();
        await store.insertDevice(original);
        await rejectsWith(
          store.insertDevice(makeRecord({ id: original.id, name: 'impostor' })),
          'STORE_ERROR',
          /already exists/,
        );
        assert.deepEqual(await store.getDevice(original.id), original);
      });

      it('rejects invalid records and stores nothing', async () => {
        class NotPlain {
          value = 1;
        }
        const sparse = new Array<number>(3);
        sparse[0] = 1;
        sparse[2] = 3;
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        const invalid: [string, Record<string, unknown>][] = [
          ['empty id', { id: '' }],
          ['id too long', { id: 'x'.repeat(256) }],
          ['numeric userId', { userId: 7 }],
          ['userId with NUL', { userId: 'a\u0000' }],
          ['kind with a lone surrogate', { kind: 'totp\udc00' }],
          ['name not a string', { name: null }],
          ['name too long', { name: 'n'.repeat(1025) }],
          ['confirmed as a string', { confirmed: 'yes' }],
          ['confirmed as 1', { confirmed: 1 }],
          ['fractional createdAt', { createdAt: 1.5 }],
          ['negative createdAt', { createdAt: -1 }],
          ['createdAt past the Date range', { createdAt: 8.64e15 + 1 }],
          ['createdAt as a Date', { createdAt: new Date() }],
          ['missing lastUsedAt', { lastUsedAt: undefined }],
          ['NaN lastFailureAt', { lastFailureAt: Number.NaN }],
          ['secret as bytes', { secret: new Uint8Array(4) }],
          ['secret too long', { secret: 's'.repeat(16_385) }],
          ['state as an array', { state: [] }],
          ['state null', { state: null }],
          ['state holding a Date', { state: { when: new Date() } }],
          ['state holding undefined', { state: { missing: undefined } }],
          ['state holding NaN', { state: { n: Number.NaN } }],
          ['state holding Infinity', { state: { n: Number.POSITIVE_INFINITY } }],
          ['state holding a bigint', { state: { n: 1n } }],
          ['state holding a function', { state: { f: () => 1 } }],
          ['state holding a class instance', { state: { o: new NotPlain() } }],
          ['state holding a sparse array', { state: { a: sparse } }],
          ['cyclic state', { state: cyclic }],
          ['state too large', { state: { blob: 'x'.repeat(1_048_577) } }],
          ['negative failureCount', { failureCount: -1 }],
          ['failureCount beyond 32 bits', { failureCount: 2 ** 31 }],
          ['fractional version', { version: 0.5 }],
          ['unknown field', { extra: true }],
        ];
        for (const [label, overrides] of invalid) {
          const record = { ...makeRecord(), ...overrides };
          await rejectsWith(store.insertDevice(record), 'INVALID_ARGUMENT').catch(
            (error: unknown) => {
              throw new Error(`${label}: ${String(error)}`);
            },
          );
          if (typeof record.id === 'string') assert.equal(await store.getDevice(record.id), null, label);
        }
        await rejectsWith(store.insertDevice(null as unknown as DeviceRecord), 'INVALID_ARGUMENT');
      });

      it('names the bad field but never echoes the secret', async () => {
        const record = makeRecord({ secret: 'TOP-SECRET-ENVELOPE', failureCount: -3 });
        await assert.rejects(store.insertDevice(record), (error: unknown) => {
          assert.ok(isTwofoldError(error, 'INVALID_ARGUMENT'));
          assert.match(error.message, /failureCount/);
          assert.doesNotMatch(error.message, /TOP-SECRET/);
          return true;
        });
      });
    });

    describe('listDevices', () => {
      it('lists a user’s devices oldest first, ties broken by id', async () => {
        const userId = newId('user');
        const base = newId('list');
        const records = [
          makeRecord({ userId, id: `${base}-c`, createdAt: 2000 }),
          makeRecord({ userId, id: `${base}-b`, createdAt: 1000 }),
          makeRecord({ userId, id: `${base}-a`, createdAt: 2000 }),
          makeRecord({ userId, id: `${base}-d`, createdAt: 0 }),
          makeRecord({ userId, id: `${base}-e`, createdAt: 8.64e15 }),
        ];
        for (const record of records) await store.insertDevice(record);
        await store.insertDevice(makeRecord({ createdAt: 1500 })); // another user
        const listed = await store.listDevices(userId);
        assert.deepEqual(
          listed.map((device) => device.id),
          ['d', 'b', 'a', 'c', 'e'].map((suffix) => `${base}-${suffix}`),
        );
        assert.deepEqual(listed[0], records[3]);
      });

      it('filters by confirmed and by kind', async () => {
        const userId = newId('user');
        const a = makeRecord({ userId, kind: 'totp', confirmed: true, createdAt: 1 });
        const b = makeRecord({ userId, kind: 'totp', confirmed: false, createdAt: 2 });
        const c = makeRecord({ userId, kind: 'backup-codes', confirmed: true, createdAt: 3 });
        for (const record of [a, b, c]) await store.insertDevice(record);
        const ids = async (query?: { confirmed?: boolean; kind?: string }): Promise<string[]> =>
          (await store.listDevices(userId, query)).map((device) => device.id);
        assert.deepEqual(await ids(), [a.id, b.id, c.id]);
        assert.deepEqual(await ids({}), [a.id, b.id, c.id]);
        assert.deepEqual(await ids({ confirmed: true }), [a.id, c.id]);
        assert.deepEqual(await ids({ confirmed: false }), [b.id]);
        assert.deepEqual(await ids({ kind: 'totp' }), [a.id, b.id]);
        assert.deepEqual(await ids({ kind: 'totp', confirmed: true }), [a.id]);
        assert.deepEqual(await ids({ kind: 'hotp' }), []);
        assert.deepEqual(await ids({ kind: '' }), []);
        assert.deepEqual(await ids({ kind: 'k'.repeat(300) }), []);
      });

      it('returns nothing for unknown or impossible users and rejects bad arguments', async () => {
        assert.deepEqual(await store.listDevices(newId('user')), []);
        assert.deepEqual(await store.listDevices(''), []);
        assert.deepEqual(await store.listDevices('u'.repeat(256)), []);
        await rejectsWith(store.listDevices(5 as unknown as string), 'INVALID_ARGUMENT');
        await rejectsWith(store.listDevices('u', { confirmed: 'yes' as unknown as boolean }), 'INVALID_ARGUMENT');
        await rejectsWith(store.listDevices('u', { kind: 3 as unknown as string }), 'INVALID_ARGUMENT');
      });
    });

    describe('updateDevice (compare-and-swap)', () => {
      it('applies changes and increments the version when the version matches', async () => {
        const record = makeRecord({ version: 7 });
        await store.insertDevice(record);
        assert.equal(await store.updateDevice(record.id, 7, { failureCount: 1, lastFailureAt: 1234 }), true);
        assert.deepEqual(await store.getDevice(record.id), { ...record, failureCount: 1, lastFailureAt: 1234, version: 8 });
      });

      it('refuses a stale version and changes nothing', async () => {
        const record = makeRecord({ version: 3 });
        await store.insertDevice(record);
        assert.equal(await store.updateDevice(record.id, 2, { name: 'stale' }), false);
        assert.equal(await store.updateDevice(record.id, 4, { name: 'future' }), false);
        assert.deepEqual(await store.getDevice(record.id), record);
        assert.equal(await store.updateDevice(record.id, 3, { name: 'fresh' }), true);
        assert.equal(await store.updateDevice(record.id, 3, { name: 'replayed' }), false);
        assert.equal((await store.getDevice(record.id))?.name, 'fresh');
      });

      it('increments the version by exactly one per success, even with no changes', async () => {
        const record = makeRecord();
        await store.insertDevice(record);
        for (let version = 0; version < 5; version++) {
          assert.equal(await store.updateDevice(record.id, version, version % 2 === 0 ? {} : { failureCount: version }), true);
          assert.equal((await store.getDevice(record.id))?.version, version + 1);
        }
        assert.deepEqual(await store.getDevice(record.id), { ...record, failureCount: 3, version: 5 });
      });

      it('returns false for a deleted or unknown device', async () => {
        const record = makeRecord();
        await store.insertDevice(record);
        assert.equal(await store.deleteDevice(record.id), true);
        assert.equal(await store.updateDevice(record.id, 0, { name: 'ghost' }), false);
        assert.equal(await store.getDevice(record.id), null);
        assert.equal(await store.updateDevice(newId(), 0, {}), false);
        assert.equal(await store.updateDevice('x'.repeat(300), 0, {}), false);
      });

      it('round-trips every changeable field exactly', async () => {
        const record = makeRecord({ lastUsedAt: 5, lastFailureAt: 6, lastChallengeAt: 7 });
        await store.insertDevice(record);
        const first = {
          name: '📱 Téléphone de Zoë',
          confirmed: false,
          lastUsedAt: 8.64e15,
          secret: 'v2.new-envelope',
          state: { counter: 2 ** 40, history: [{ at: 1, ok: true }, { at: 2, ok: false }], note: 'ß∂ƒ' },
          failureCount: 2_147_483_647,
          lastFailureAt: 0,
          lastChallengeAt: 8_639_999_999_999_999,
        };
        assert.equal(await store.updateDevice(record.id, 0, first), true);
        assert.deepEqual(await store.getDevice(record.id), { ...record, ...first, version: 1 });
        const second = {
          name: 'plain',
          confirmed: true,
          lastUsedAt: null,
          secret: null,
          state: {},
          failureCount: 0,
          lastFailureAt: null,
          lastChallengeAt: null,
        };
        assert.equal(await store.updateDevice(record.id, 1, second), true);
        assert.deepEqual(await store.getDevice(record.id), { ...record, ...second, version: 2 });
      });

      it('leaves fields that are absent or undefined untouched', async () => {
        const record = makeRecord({ lastUsedAt: 99, secret: 'keep-me' });
        await store.insertDevice(record);
        assert.equal(await store.updateDevice(record.id, 0, { name: 'renamed', lastUsedAt: undefined, secret: undefined }), true);
        assert.deepEqual(await store.getDevice(record.id), { ...record, name: 'renamed', version: 1 });
      });

      it('rejects invalid changes and versions, changing nothing', async () => {
        const record = makeRecord({ version: 1 });
        await store.insertDevice(record);
        const badChanges: Record<string, unknown>[] = [
          { version: 9 },
          { id: 'other' },
          { userId: 'someone-else' },
          { kind: 'hotp' },
          { createdAt: 1 },
          { name: 5 },
          { confirmed: 0 },
          { lastUsedAt: -1 },
          { secret: 12 },
          { state: [] },
          { state: { d: new Date() } },
          { failureCount: 1.5 },
          { lastChallengeAt: '2024-01-01' },
        ];
        for (const changes of badChanges) {
          await rejectsWith(store.updateDevice(record.id, 1, changes), 'INVALID_ARGUMENT');
        }
        await rejectsWith(store.updateDevice(record.id, 1, null as never), 'INVALID_ARGUMENT');
        for (const version of [-1, 0.5, Number.NaN, 2_147_483_647, '1']) {
          await rejectsWith(store.updateDevice(record.id, version as number, {}), 'INVALID_ARGUMENT');
        }
        await rejectsWith(store.updateDevice(3 as unknown as string, 1, {}), 'INVALID_ARGUMENT');
        assert.deepEqual(await store.getDevice(record.id), record);
      });

      it('lets exactly one of 50 concurrent updates with the same version win', async () => {
        const record = makeRecord({ version: 10 });
        await store.insertDevice(record);
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            store.updateDevice(record.id, 10, { failureCount: index + 1, name: `writer ${index + 1}` }),
          ),
        );
        const winners = outcomes.flatMap((won, index) => (won ? [index + 1] : []));
        assert.equal(winners.length, 1, `winners: ${winners.join(', ')}`);
        const stored = await store.getDevice(record.id);
        assert.equal(stored?.version, 11);
        assert.equal(stored.failureCount, winners[0]);
        assert.equal(stored.name, `writer ${winners[0]}`);
      });

      it('loses no update when concurrent writers retry on conflict', async (t) => {
        const record = makeRecord();
        await store.insertDevice(record);
        let conflicts = 0;
        const increment = async (): Promise<void> => {
          for (;;) {
            const current = await store.getDevice(record.id);
            assert.ok(current !== null);
            if (await store.updateDevice(record.id, current.version, { failureCount: current.failureCount + 1 })) return;
            conflicts++;
          }
        };
        const workers = 10;
        const perWorker = 5;
        await Promise.all(
          Array.from({ length: workers }, async () => {
            for (let i = 0; i < perWorker; i++) await increment();
          }),
        );
        const stored = await store.getDevice(record.id);
        assert.equal(stored?.failureCount, workers * perWorker);
        assert.equal(stored.version, workers * perWorker);
        t.diagnostic(`${workers * perWorker} increments needed ${conflicts} retries`);
      });
    });

    describe('deleteDevice and deleteUserDevices', () => {
      it('deletes one device and says whether it existed', async () => {
        const keep = makeRecord();
        const drop = makeRecord({ userId: keep.userId });
        await store.insertDevice(keep);
        await store.insertDevice(drop);
        assert.equal(await store.deleteDevice(drop.id), true);
        assert.equal(await store.deleteDevice(drop.id), false);
        assert.equal(await store.getDevice(drop.id), null);
        assert.deepEqual(await store.listDevices(keep.userId), [keep]);
        assert.equal(await store.deleteDevice(newId()), false);
        assert.equal(await store.deleteDevice(''), false);
        await rejectsWith(store.deleteDevice({} as unknown as string), 'INVALID_ARGUMENT');
      });

      it('deletes with an expected version only while the version matches (compare-and-delete)', async () => {
        const record = makeRecord();
        await store.insertDevice(record);
        assert.equal(await store.updateDevice(record.id, record.version, { confirmed: true }), true);
        assert.equal(await store.deleteDevice(record.id, record.version), false, 'a stale version deletes nothing');
        assert.notEqual(await store.getDevice(record.id), null);
        assert.equal(await store.deleteDevice(record.id, record.version + 1), true);
        assert.equal(await store.getDevice(record.id), null);
        assert.equal(await store.deleteDevice(record.id, record.version + 1), false);
        await rejectsWith(store.deleteDevice(record.id, -1), 'INVALID_ARGUMENT');
      });

      it('deletes all of one user’s devices and counts them', async () => {
        const userId = newId('user');
        const other = makeRecord();
        await store.insertDevice(other);
        for (let i = 0; i < 4; i++) await store.insertDevice(makeRecord({ userId, kind: i % 2 === 0 ? 'totp' : 'hotp' }));
        assert.equal(await store.deleteUserDevices(userId), 4);
        assert.deepEqual(await store.listDevices(userId), []);
        assert.equal(await store.deleteUserDevices(userId), 0);
        assert.equal(await store.deleteUserDevices(''), 0);
        assert.deepEqual(await store.getDevice(other.id), other);
        await rejectsWith(store.deleteUserDevices(null as unknown as string), 'INVALID_ARGUMENT');
      });
    });

    describe('scanDevices', () => {
      it('pages through every device in ascending byte order of id', async () => {
        const base = newId('scan');
        // Upper case, lower case, punctuation and non-ASCII: collations differ
        // on these, the store must not (UTF-8 byte order everywhere).
        // U+FF61 sorts before U+1F600 by UTF-8 bytes but after it by UTF-16 units.
        const suffixes = ['B', 'a', 'Z', '_', '-', '0', 'é', 'z', 'ÿ', '日', '~', 'AA', 'A', '\uff61', '😀'];
        const mine = suffixes.map((suffix) => `${base}${suffix}`);
        for (const id of mine) await store.insertDevice(makeRecord({ id }));
        for (const limit of [1, 3, 1000]) {
          const { ids, pages } = await scanAll(store, limit);
          assert.equal(new Set(ids).size, ids.length, 'no device is returned twice');
          assert.ok(pages.every((size) => size <= limit));
          for (let i = 1; i < ids.length; i++) {
            assert.ok(utf8Order(ids[i - 1]!, ids[i]!) < 0, `${ids[i - 1]} before ${ids[i]}`);
          }
          assert.deepEqual(
            ids.filter((id) => id.startsWith(base)),
            [...mine].sort(utf8Order),
          );
        }
        const after = [...mine].sort(utf8Order)[5]!;
        const page = await store.scanDevices({ afterId: after, limit: 2 });
        assert.deepEqual(
          page.map((device) => device.id),
          [...mine].sort(utf8Order).slice(6, 8),
        );
        assert.deepEqual(page[0], await store.getDevice(page[0]!.id));
      });

      it('accepts any string as afterId and rejects bad limits', async () => {
        assert.ok(Array.isArray(await store.scanDevices({ afterId: 'x'.repeat(1000), limit: 5 })));
        assert.ok((await store.scanDevices({ afterId: '\uffff\uffff', limit: 5 })).length <= 5);
        assert.equal((await store.scanDevices({ limit: 1000 })).length <= 1000, true);
        for (const limit of [0, -1, 1001, 1.5, Number.NaN, '10']) {
          await rejectsWith(store.scanDevices({ limit: limit as number }), 'INVALID_ARGUMENT', /limit/);
        }
        await rejectsWith(store.scanDevices({} as never), 'INVALID_ARGUMENT');
        await rejectsWith(store.scanDevices({ afterId: 5 as unknown as string, limit: 1 }), 'INVALID_ARGUMENT');
        await rejectsWith(store.scanDevices({ afterId: 'a\u0000', limit: 1 }), 'INVALID_ARGUMENT');
      });
    });

    describe('isolation of stored data', () => {
      it('hands out copies or frozen records: mutating inputs or results never changes what is stored', async () => {
        // A result may be a copy (a write succeeds and is lost) or frozen (a write throws TypeError); nothing else.
        const tryWrite = (write: () => unknown): void => {
          try {
            write();
          } catch (error) {
            assert.ok(error instanceof TypeError, `a write to a result threw ${String(error)}`);
          }
        };
        const state: JsonObject = { list: [1, 2], inner: { flag: true } };
        const record = makeRecord({ state });
        await store.insertDevice(record);
        (state.list as number[]).push(3);
        (state.inner as JsonObject).flag = false;
        const expected = { ...record, state: { list: [1, 2], inner: { flag: true } } };

        const fetched = await store.getDevice(record.id);
        assert.ok(fetched !== null);
        tryWrite(() => (fetched.state.list as number[]).push(99));
        tryWrite(() => ((fetched as { name: string }).name = 'mutated'));
        const listed = await store.listDevices(record.userId);
        tryWrite(() => ((listed[0]!.state.inner as JsonObject).flag = 'changed'));
        const scanned = await store.scanDevices({ afterId: record.id.slice(0, -1), limit: 1000 });
        for (const device of scanned) tryWrite(() => ((device.state as Record<string, unknown>).injected = true));
        assert.deepEqual(await store.getDevice(record.id), expected);

        const changes = { state: { mutable: [1] } as JsonObject };
        assert.equal(await store.updateDevice(record.id, 0, changes), true);
        (changes.state.mutable as number[]).push(2);
        const updated = await store.getDevice(record.id);
        assert.ok(updated !== null);
        tryWrite(() => (updated.state.mutable as number[]).push(3));
        tryWrite(() => ((updated as { failureCount: number }).failureCount = 0));

        assert.deepEqual(await store.getDevice(record.id), { ...expected, state: { mutable: [1] }, version: 1 });
      });
    });

    // The memory store cannot hold a corrupt row: everything is checked on the way in.
    if (features.corruptRows) {
    describe('corrupt rows', () => {
      it('reports each corrupt row as STORE_ERROR naming the device and column, never the secret', async () => {
        const { corrupt } = harness;
        assert.ok(corrupt !== undefined, 'the harness must provide corrupt()');
        const corruptions = [...COMMON_CORRUPTIONS, ...(harness.extraCorruptions ?? [])];
        for (const { column, value, expect } of corruptions) {
          const record = makeRecord({ secret: 'SECRET-ENVELOPE-MARKER' });
          await store.insertDevice(record);
          await corrupt(record.id, column, value);
          const check = (error: unknown): true => {
            const label = `${column} = ${typeof value === 'string' ? value.slice(0, 20) : String(value)}`;
            assert.ok(isTwofoldError(error, 'STORE_ERROR'), `${label}: ${String(error)}`);
            assert.match(error.message, expect, label);
            assert.ok(error.message.includes(column), `${label}: message names the column`);
            if (column !== 'id') assert.ok(error.message.includes(record.id), `${label}: message names the device`);
            assert.doesNotMatch(error.message, /SECRET-ENVELOPE-MARKER/, label);
            return true;
          };
          await assert.rejects(store.getDevice(record.id), check);
          if (column !== 'user_id') await assert.rejects(store.listDevices(record.userId), check);
          await assert.rejects(store.scanDevices({ afterId: record.id.slice(0, -1), limit: 1000 }), check);
          // A corrupt row can still be removed, which is how an operator fixes it.
          assert.equal(await store.deleteDevice(record.id), true);
        }
      });
    });
    }

    describe('close', () => {
      it('makes the store unusable and can be called twice', async () => {
        const second = await open();
        const record = makeRecord();
        await second.store.insertDevice(record);
        await second.store.close();
        await second.store.close();
        await rejectsWith(second.store.getDevice(record.id), 'STORE_ERROR', /closed/);
        await rejectsWith(second.store.insertDevice(makeRecord()), 'STORE_ERROR', /closed/);
        await rejectsWith(second.store.updateDevice(record.id, 0, {}), 'STORE_ERROR', /closed/);
        await second.close();
      });
    });

    describe('recordSend (sending budgets)', () => {
      const HOUR = 3_600_000;
      const T = 1_800_000_000_000;
      const send = (at: number, ...limits: { key: string; limit: number; windowMs: number }[]) => store.recordSend({ at, limits });

      it('allows `limit` sends in the window, then refuses until the oldest one leaves it', async () => {
        const key = newId('send');
        const budget = { key, limit: 3, windowMs: HOUR };
        assert.deepEqual(await send(T, budget), { allowed: true });
        assert.deepEqual(await send(T + 10_000, budget), { allowed: true });
        assert.deepEqual(await send(T + 20_000, budget), { allowed: true });
        assert.deepEqual(await send(T + 30_000, budget), { allowed: false, index: 0, retryAt: T + HOUR });
        // Sliding edges: the first send counts until exactly one window after it.
        assert.deepEqual(await send(T + HOUR - 1, budget), { allowed: false, index: 0, retryAt: T + HOUR });
        assert.deepEqual(await send(T + HOUR, budget), { allowed: true });
        assert.deepEqual(await send(T + HOUR + 1, budget), { allowed: false, index: 0, retryAt: T + 10_000 + HOUR });
        assert.deepEqual(await send(T + 10_000 + HOUR, budget), { allowed: true });
      });

      it('records nothing when it refuses, so hammering a spent budget does not extend it', async () => {
        const key = newId('send');
        const budget = { key, limit: 1, windowMs: 60_000 };
        assert.equal((await send(T, budget)).allowed, true);
        for (let i = 1; i <= 20; i++) {
          assert.deepEqual(await send(T + i * 1000, budget), { allowed: false, index: 0, retryAt: T + 60_000 });
        }
        assert.equal((await send(T + 60_000, budget)).allowed, true);
      });

      it('checks every limit and reports the one spent longest; nothing is recorded under any key', async () => {
        const user = newId('user-key');
        const destination = newId('dest-key');
        const site = newId('global-key');
        const limits = [
          { key: user, limit: 2, windowMs: HOUR },
          { key: destination, limit: 1, windowMs: 10 * 60_000 },
          { key: site, limit: 100, windowMs: HOUR },
        ];
        assert.equal((await send(T, ...limits)).allowed, true);
        // The destination is spent (until T+10 min), the user is not.
        assert.deepEqual(await send(T + 1000, ...limits), { allowed: false, index: 1, retryAt: T + 10 * 60_000 });
        // Proof that the refusal recorded nothing: the user budget still has its second slot.
        assert.equal((await send(T + 2000, { key: user, limit: 2, windowMs: HOUR })).allowed, true);
        // Now both user and destination are spent; the user stays spent longer and is reported.
        assert.deepEqual(await send(T + 3000, ...limits), { allowed: false, index: 0, retryAt: T + HOUR });
        assert.deepEqual(await send(T + 10 * 60_000, ...limits), { allowed: false, index: 0, retryAt: T + HOUR });
        // The global key saw exactly one send: room for a second, not for a third.
        assert.equal((await send(T + 10 * 60_000 + 1, { key: site, limit: 2, windowMs: HOUR })).allowed, true);
        assert.deepEqual(await send(T + 10 * 60_000 + 2, { key: site, limit: 2, windowMs: HOUR }), { allowed: false, index: 0, retryAt: T + HOUR });
        assert.equal((await send(T + HOUR, ...limits)).allowed, true);
      });

      it('applies several windows to one key and records one send per key, not per limit', async () => {
        const key = newId('send');
        const shortWindow = { key, limit: 2, windowMs: 60_000 };
        const longWindow = { key, limit: 3, windowMs: HOUR };
        assert.equal((await send(T, shortWindow, longWindow)).allowed, true);
        assert.equal((await send(T + 1, shortWindow, longWindow)).allowed, true);
        assert.deepEqual(await send(T + 2, shortWindow, longWindow), { allowed: false, index: 0, retryAt: T + 60_000 });
        assert.equal((await send(T + 60_000, shortWindow, longWindow)).allowed, true);
        assert.deepEqual(await send(T + 120_001, shortWindow, longWindow), { allowed: false, index: 1, retryAt: T + HOUR });
        // The short window's rows survive as long as the longest window of their key needs them.
        assert.deepEqual(await send(T + HOUR - 1, longWindow), { allowed: false, index: 0, retryAt: T + HOUR });
      });

      it('keeps keys independent', async () => {
        const first = newId('send');
        const second = newId('send');
        assert.equal((await send(T, { key: first, limit: 1, windowMs: HOUR })).allowed, true);
        assert.equal((await send(T, { key: second, limit: 1, windowMs: HOUR })).allowed, true);
        assert.equal((await send(T, { key: first, limit: 1, windowMs: HOUR })).allowed, false);
      });

      it('computes the retry time when more sends exist than a lowered limit allows', async () => {
        const key = newId('send');
        for (let i = 0; i < 5; i++) assert.equal((await send(T + i * 1000, { key, limit: 5, windowMs: HOUR })).allowed, true);
        // 5 sends, limit now 2: room comes back when the 4th oldest (T+3 s) leaves the window.
        assert.deepEqual(await send(T + 10_000, { key, limit: 2, windowMs: HOUR }), { allowed: false, index: 0, retryAt: T + 3000 + HOUR });
      });

      it('counts sends recorded "in the future" by a process whose clock runs ahead', async () => {
        const key = newId('send');
        assert.equal((await send(T + 5000, { key, limit: 1, windowMs: 60_000 })).allowed, true);
        assert.deepEqual(await send(T, { key, limit: 1, windowMs: 60_000 }), { allowed: false, index: 0, retryAt: T + 65_000 });
      });

      it('never lets concurrent senders overdraw a budget', async () => {
        const key = newId('send');
        const global = newId('send');
        const outcomes = await Promise.all(
          Array.from({ length: 40 }, (_, index) =>
            send(T + index, { key, limit: 7, windowMs: HOUR }, { key: global, limit: 1000, windowMs: HOUR }),
          ),
        );
        assert.equal(outcomes.filter((outcome) => outcome.allowed).length, 7);
        assert.deepEqual(await send(T + 100, { key: global, limit: 7, windowMs: HOUR }), {
          allowed: false,
          index: 0,
          retryAt: Math.min(...outcomes.flatMap((outcome, index) => (outcome.allowed ? [T + index] : []))) + HOUR,
        });
      });

      it('rejects malformed attempts', async () => {
        const key = newId('send');
        const bad: unknown[] = [
          null,
          { at: T, limits: [] },
          { at: T },
          { at: -1, limits: [{ key, limit: 1, windowMs: 1 }] },
          { at: 1.5, limits: [{ key, limit: 1, windowMs: 1 }] },
          { at: T, limits: [{ key: '', limit: 1, windowMs: 1 }] },
          { at: T, limits: [{ key: 'k'.repeat(256), limit: 1, windowMs: 1 }] },
          { at: T, limits: [{ key: 'a\u0000b', limit: 1, windowMs: 1 }] },
          { at: T, limits: [{ key, limit: 0, windowMs: 1 }] },
          { at: T, limits: [{ key, limit: 1.5, windowMs: 1 }] },
          { at: T, limits: [{ key, limit: 1, windowMs: 0 }] },
          { at: T, limits: [{ key, limit: 1, windowMs: 367 * 24 * HOUR }] },
          { at: T, limits: Array.from({ length: 17 }, () => ({ key, limit: 1, windowMs: 1 })) },
        ];
        for (const attempt of bad) {
          await rejectsWith(store.recordSend(attempt as never), 'INVALID_ARGUMENT', /recordSend/);
        }
        // None of them recorded anything.
        assert.equal((await send(T, { key, limit: 1, windowMs: HOUR })).allowed, true);
      });

      it('refuses to work once closed', async () => {
        const second = await open();
        await second.store.close();
        await rejectsWith(second.store.recordSend({ at: T, limits: [{ key: newId('send'), limit: 1, windowMs: 1 }] }), 'STORE_ERROR', /closed/);
        await second.close();
      });
    });

    rememberedBrowserConformance(() => store, open);
    listWithPrimaryConformance(() => store);
    challengeConformance(() => store, open);

    describe('user preferences', () => {
      const T = 1_800_000_000_000;

      it('gives back nothing for a user without preferences, then exactly what was saved', async () => {
        const userId = newId('user');
        assert.equal(await store.getUserPreferences(userId), null);
        const saved = { userId, primaryDeviceId: newId(), updatedAt: T };
        await store.putUserPreferences(saved);
        assert.deepEqual(await store.getUserPreferences(userId), saved);
        assert.equal(await store.getUserPreferences(newId('user')), null, 'other users see nothing');
      });

      it('replaces on a second save (upsert), including with a null primary device', async () => {
        const userId = newId('user');
        await store.putUserPreferences({ userId, primaryDeviceId: newId(), updatedAt: T });
        const second = { userId, primaryDeviceId: newId(), updatedAt: T + 1 };
        await store.putUserPreferences(second);
        assert.deepEqual(await store.getUserPreferences(userId), second);
        await store.putUserPreferences({ userId, primaryDeviceId: null, updatedAt: T + 2 });
        assert.deepEqual(await store.getUserPreferences(userId), { userId, primaryDeviceId: null, updatedAt: T + 2 });
      });

      it('keeps concurrent saves consistent: one of them wins whole', async () => {
        const userId = newId('user');
        const candidates = Array.from({ length: 10 }, (_, index) => ({ userId, primaryDeviceId: newId(), updatedAt: T + index }));
        await Promise.all(candidates.map((candidate) => store.putUserPreferences(candidate)));
        const stored = await store.getUserPreferences(userId);
        assert.ok(candidates.some((candidate) => JSON.stringify(candidate) === JSON.stringify(stored)), JSON.stringify(stored));
      });

      it('deletes one user\'s preferences and says whether there were any', async () => {
        const userId = newId('user');
        const other = newId('user');
        await store.putUserPreferences({ userId, primaryDeviceId: 'dev', updatedAt: T });
        await store.putUserPreferences({ userId: other, primaryDeviceId: 'dev', updatedAt: T });
        assert.equal(await store.deleteUserPreferences(userId), true);
        assert.equal(await store.deleteUserPreferences(userId), false);
        assert.equal(await store.getUserPreferences(userId), null);
        assert.deepEqual(await store.getUserPreferences(other), { userId: other, primaryDeviceId: 'dev', updatedAt: T });
      });

      it('is independent of the devices: deleting devices keeps the preferences', async () => {
        const record = makeRecord();
        await store.insertDevice(record);
        await store.putUserPreferences({ userId: record.userId, primaryDeviceId: record.id, updatedAt: T });
        await store.deleteUserDevices(record.userId);
        assert.deepEqual(await store.getUserPreferences(record.userId), { userId: record.userId, primaryDeviceId: record.id, updatedAt: T });
      });

      it('hands out copies', async () => {
        const userId = newId('user');
        const saved = { userId, primaryDeviceId: 'x', updatedAt: T };
        await store.putUserPreferences(saved);
        const first = await store.getUserPreferences(userId);
        assert.ok(first !== null);
        (first as { primaryDeviceId: string | null }).primaryDeviceId = 'changed';
        assert.deepEqual(await store.getUserPreferences(userId), saved);
      });

      it('refuses malformed preferences with INVALID_ARGUMENT and stores nothing', async () => {
        const userId = newId('user');
        const bad: unknown[] = [
          null,
          'text',
          { userId: '', primaryDeviceId: null, updatedAt: T },
          { userId: 'u'.repeat(256), primaryDeviceId: null, updatedAt: T },
          { userId: 'a\u0000b', primaryDeviceId: null, updatedAt: T },
          { userId, primaryDeviceId: '', updatedAt: T },
          { userId, primaryDeviceId: 42, updatedAt: T },
          { userId, updatedAt: T },
          { userId, primaryDeviceId: null, updatedAt: -1 },
          { userId, primaryDeviceId: null, updatedAt: 1.5 },
          { userId, primaryDeviceId: null },
        ];
        for (const value of bad) {
          await rejectsWith(store.putUserPreferences(value as never), 'INVALID_ARGUMENT', /putUserPreferences/);
        }
        assert.equal(await store.getUserPreferences(userId), null);
        // Ids no record could have match nothing rather than throw; non-strings are programming errors.
        assert.equal(await store.getUserPreferences(''), null);
        assert.equal(await store.deleteUserPreferences('x'.repeat(300)), false);
        await rejectsWith(store.getUserPreferences(42 as never), 'INVALID_ARGUMENT');
      });

      it('refuses to work once closed', async () => {
        const second = await open();
        await second.store.close();
        await rejectsWith(second.store.getUserPreferences('u'), 'STORE_ERROR', /closed/);
        await rejectsWith(second.store.putUserPreferences({ userId: 'u', primaryDeviceId: null, updatedAt: T }), 'STORE_ERROR', /closed/);
        await rejectsWith(second.store.deleteUserPreferences('u'), 'STORE_ERROR', /closed/);
        await second.close();
      });
    });
  });
}
