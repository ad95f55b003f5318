import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { frozenState, storedStateOf } from '../../src/store/memory/frozen-state.js';
import { checkMemoryChanges } from '../../src/store/memory/changes.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { MAX_STATE_DEPTH, MAX_STATE_JSON_LENGTH, checkChanges, stateProblem } from '../../src/store/validate.js';
import type { JsonObject, JsonValue } from '../../src/core/types.js';
import { seeded, type Random } from '../support/random.js';
import { makeRecord } from './conformance.js';

// Odd but legal JSON data: integer-like keys (reordered by JS), __proto__ as an own key, -0, lone surrogates, escapes.
const KEYS = ['a', '10', '2', '__proto__', 'constructor', 'é', '\ud800', 'with "quote"', ''];
const LEAVES: JsonValue[] = [null, true, false, 0, -0, 1.5, -1e-308, 2 ** 53, 'text', '\udc00x', 'line\nbreak', ''];

function randomJson(random: Random, depth: number): JsonValue {
  const pick = random.int(depth > 3 ? 1 : 3);
  if (pick === 0) return LEAVES[random.int(LEAVES.length)]!;
  if (pick === 1) return Array.from({ length: random.int(4) }, () => randomJson(random, depth + 1));
  const object: Record<string, JsonValue> = {};
  for (let i = random.int(5); i > 0; i--) {
    const key = KEYS[random.int(KEYS.length)]!;
    Object.defineProperty(object, key, { value: randomJson(random, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

const isDeepFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

describe('memory store: frozen state', () => {
  it(
    'equals what a JSON round trip gives back, key order and -0 included, and is deeply frozen',
    seeded((random) => {
      for (let round = 0; round < 500; round++) {
        const state = { root: randomJson(random, 0), [KEYS[random.int(KEYS.length)]!]: randomJson(random, 1) } as JsonObject;
        const expected = JSON.parse(JSON.stringify(state)) as JsonObject;
        const copy = frozenState(state);
        assert.equal(JSON.stringify(copy), JSON.stringify(expected));
        assert.deepEqual(copy, expected);
        assert.ok(isDeepFrozen(copy));
        assert.ok(copy !== state);
      }
    }),
  );

  it('keeps no -0 anywhere and never sets a prototype through __proto__', () => {
    const copy = frozenState(JSON.parse('{"__proto__":{"polluted":true},"n":[-0,{"m":-0}]}') as JsonObject);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.ok(Object.hasOwn(copy, '__proto__'));
    assert.ok(Object.is((copy.n as JsonValue[])[0], 0));
    assert.ok(Object.is(((copy.n as JsonValue[])[1] as JsonObject).m, 0));
  });

  it('refuses a state above the JSON length limit and accepts one at it, even when the quick bound is exceeded', async () => {
    const store = createMemoryStore();
    // {"s":"…"} is 8 characters besides the string.
    const fits = makeRecord({ state: { s: 'a'.repeat(MAX_STATE_JSON_LENGTH - 8) } });
    await store.insertDevice(fits);
    assert.equal((await store.getDevice(fits.id))?.state.s, fits.state.s);
    await assert.rejects(store.insertDevice(makeRecord({ state: { s: 'a'.repeat(MAX_STATE_JSON_LENGTH - 7) } })), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(store.updateDevice(fits.id, 0, { state: { s: '\n'.repeat(MAX_STATE_JSON_LENGTH / 2) } }), { code: 'INVALID_ARGUMENT' });
    assert.equal(await store.updateDevice(fits.id, 0, { state: { s: '\n'.repeat(MAX_STATE_JSON_LENGTH / 2 - 4) } }), true);
  });
});

// Values stateProblem refuses, one per rule it has (and a few it catches by the way).
function badValue(random: Random): unknown {
  class Point {
    x = 1;
  }
  const sparse: unknown[] = [1];
  sparse[2] = 3;
  class List extends Array<number> {}
  let deep: unknown = 1;
  for (let i = 0; i < MAX_STATE_DEPTH + 1; i++) deep = random.int(2) === 0 ? [deep] : { d: deep };
  const bad: unknown[] = [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    undefined,
    () => 1,
    Symbol('s'),
    1n,
    new Date(0),
    new Point(),
    Object.create({ inherited: 1 }) as unknown,
    sparse,
    List.from([1]),
    { [Symbol('k')]: 1 },
    Object.defineProperty({}, Symbol('hidden'), { value: 1, enumerable: false }),
    deep,
    new Map(),
  ];
  return bad[random.int(bad.length)];
}

// JSON data with, now and then, one bad value somewhere inside.
function maybeBad(random: Random, depth: number): unknown {
  if (random.int(12) === 0) return badValue(random);
  const pick = random.int(depth > 3 ? 1 : 3);
  if (pick === 0) return LEAVES[random.int(LEAVES.length)]!;
  if (pick === 1) return Array.from({ length: random.int(4) }, () => maybeBad(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = random.int(5); i > 0; i--) {
    Object.defineProperty(object, KEYS[random.int(KEYS.length)]!, { value: maybeBad(random, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

describe('memory store: a written state checked and copied in one walk', () => {
  it(
    'refuses exactly what stateProblem refuses, and otherwise gives what frozenState gives',
    seeded((random) => {
      let refused = 0;
      for (let round = 0; round < 2000; round++) {
        const state = random.int(20) === 0 ? maybeBad(random, 0) : { root: maybeBad(random, 1) };
        const stored = storedStateOf(state);
        const problem = stateProblem(state);
        assert.equal(stored === null, problem !== null, `walk and check disagree (${problem ?? 'no problem'})`);
        if (stored === null) {
          refused++;
          continue;
        }
        assert.equal(JSON.stringify(stored.state), JSON.stringify(frozenState(state as JsonObject)));
        assert.deepEqual(stored.state, frozenState(state as JsonObject));
        assert.ok(isDeepFrozen(stored.state));
      }
      assert.ok(refused > 100, 'too few bad states were drawn');
    }),
  );

  it(
    'checks changes as checkChanges does: the same message for the same first problem, the same fields otherwise',
    seeded((random) => {
      const fieldValues: Record<string, unknown[]> = {
        name: ['n', 7, 'x'.repeat(2000), '\u0000'],
        confirmed: [true, 'yes'],
        lastUsedAt: [null, 5, -1, 1.5],
        secret: [null, 'tf1.x.y', 3],
        failureCount: [0, 2 ** 40, 'one'],
        lastFailureAt: [null, 7, Number.NaN],
        lastChallengeAt: [null, 8, {}],
        id: ['new-id'],
        version: [2],
        extra: [1],
      };
      for (let round = 0; round < 2000; round++) {
        const changes: Record<string, unknown> = {};
        for (const [field, values] of Object.entries(fieldValues)) {
          if (random.int(field === 'id' || field === 'version' || field === 'extra' ? 20 : 3) === 0) changes[field] = random.pick(values);
        }
        if (random.int(2) === 0) changes.state = random.int(10) === 0 ? maybeBad(random, 0) : { s: maybeBad(random, 1) };
        let expected: string;
        try {
          const checked = checkChanges(changes);
          expected = JSON.stringify({ ...checked, ...(checked.state === undefined ? {} : { state: frozenState(checked.state) }) });
        } catch (error) {
          expected = `throws ${(error as Error).message}`;
        }
        let actual: string;
        try {
          const checked = checkMemoryChanges(changes);
          if (checked.state !== undefined) assert.ok(isDeepFrozen(checked.state));
          actual = JSON.stringify(checked);
        } catch (error) {
          actual = `throws ${(error as Error).message}`;
        }
        assert.equal(actual, expected);
      }
    }),
  );
});
