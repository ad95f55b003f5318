/** cloneJson: the deep copy of device states. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cloneJson } from '../../src/core/json-clone.js';
import type { JsonObject } from '../../src/core/types.js';

describe('cloneJson', () => {
  it('copies JSON data deeply, equal and unshared', () => {
    const value: JsonObject = { a: 1, b: 'x', c: null, d: true, e: [1, { f: [2] }], g: { h: { i: -0.5 } } };
    const copy = cloneJson(value);
    assert.deepEqual(copy, value);
    assert.notEqual(copy.e, value.e);
    assert.notEqual((copy.g as JsonObject).h, (value.g as JsonObject).h);
  });

  it('keeps a "__proto__" key as data, as JSON.parse made it, without touching the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "k": 1}') as JsonObject;
    const copy = cloneJson(parsed);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.deepEqual(Object.keys(copy), ['__proto__', 'k']);
    assert.equal((copy as { polluted?: unknown }).polluted, undefined);
    assert.equal(JSON.stringify(copy), JSON.stringify(parsed));
  });
});
