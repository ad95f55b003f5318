import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkChanges, compareIds, keyProblem, stateProblem } from '../../src/store/validate.js';

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
});
