import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { frozenState } from '../../src/store/memory/frozen-state.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { MAX_STATE_JSON_LENGTH } from '../../src/store/validate.js';
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
