import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_STATE_DEPTH, checkChanges, compareIds, keyProblem, parseStoredState, parsedStateProblem, stateProblem } from '../../src/store/validate.js';
import { seededRandom } from '../support/random.js';
import type { Random } from '../support/random.js';

// JSON text of a random value: nested objects and arrays, numbers that overflow
// to Infinity, keys such as __proto__.
function randomJson(random: Random, depth: number): string {
  const choice = random.int(depth > 6 ? 5 : 8);
  switch (choice) {
    case 0:
      return 'null';
    case 1:
      return random.pick(['true', 'false', '"text"', '"\\u0000"', '""']);
    case 2:
      return random.pick(['0', '-0', '1.5', '1e308', '1e309', '-1e999', '123456789012345678901234567890']);
    case 3:
    case 4:
      return String(random.int(-1000, 1000));
    case 5:
      if (random.int(4) === 0) return randomJson(random, depth + 1).replace(/^/, '[').replace(/$/, ']');
      return `[${Array.from({ length: random.int(3) }, () => randomJson(random, depth + 1)).join(',')}]`;
    default: {
      const keys = ['a', 'b', '__proto__', 'constructor', 'lastStep'];
      return `{${Array.from({ length: random.int(3) }, () => `"${random.pick(keys)}":${randomJson(random, depth + 1)}`).join(',')}}`;
    }
  }
}

describe('store validation', () => {
  it('orders ids by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF61 is EF BD A1 in UTF-8, U+1F600 is F0 9F 98 80: bytes put U+FF61
    // first, while JavaScript's default comparison (surrogate D83D) does not.
    assert.ok(compareIds('\uff61', '😀') < 0);
    assert.deepEqual(['\uff61', '😀'].sort(), ['😀', '\uff61'], 'JavaScript sorts by UTF-16 units');
    assert.ok(compareIds('B', 'a') < 0);
    assert.ok(compareIds('a', 'ab') < 0);
    assert.equal(compareIds('same', 'same'), 0);
  });

  it('says where in the state the problem is', () => {
    assert.equal(stateProblem({ a: { b: [1, new Date(0)] } }), 'must be JSON: state.a.b[1] is not a plain object');
    assert.equal(stateProblem({ fn: () => 1 }), 'must be JSON: state.fn is a function, not a JSON value');
    assert.equal(stateProblem({ [Symbol('s')]: 1 }), 'must be JSON: state has symbol keys');
    assert.equal(stateProblem(Object.create(null) as object), null);
    assert.equal(stateProblem([]), 'must be a JSON object');
  });

  it('describes bad keys', () => {
    assert.equal(keyProblem('ok'), null);
    assert.equal(keyProblem(''), 'must not be empty');
    assert.equal(keyProblem('x'.repeat(256)), 'must be at most 255 characters');
    assert.equal(keyProblem('a\u0000'), 'contains a NUL character');
    assert.equal(keyProblem('\udfff'), 'contains a lone surrogate (not well-formed Unicode)');
    assert.equal(keyProblem('😀'), null);
    assert.equal(keyProblem(5), 'must be a string');
  });

  it('drops undefined changes and keeps the rest', () => {
    assert.deepEqual(checkChanges({ name: 'n', secret: undefined, lastUsedAt: null }), { name: 'n', lastUsedAt: null });
  });

  it('checks a parsed state exactly as a written one (same answer, same message)', () => {
    const random = seededRandom('parsed state problems');
    let refused = 0;
    for (let round = 0; round < 3000; round++) {
      // Wrapped in arrays up to the depth limit half of the time, so that values land on both sides of it.
      const wrap = random.int(2) === 0 ? 0 : random.int(MAX_STATE_DEPTH - 6, MAX_STATE_DEPTH);
      const text = `{"s":${'['.repeat(wrap)}${randomJson(random, 0)}${']'.repeat(wrap)}}`;
      const state = parseStoredState(text);
      assert.ok(state !== null, text);
      const expected = stateProblem(state);
      if (expected !== null) refused++;
      assert.equal(parsedStateProblem(state), expected, `${text.slice(0, 200)} (seed ${random.seed})`);
    }
    assert.ok(refused > 100, `some states were refused (${refused})`);
    assert.equal(parsedStateProblem(parseStoredState('{"a":[1,{"b":1e999}]}')!), 'must be JSON: state.a[1].b is not a finite number');
  });
});
