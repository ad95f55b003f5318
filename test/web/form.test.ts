import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formField, MAX_FORM_BYTES, readForm } from '../../src/web/form.js';

function post(body: string | Uint8Array, type = 'application/x-www-form-urlencoded; charset=UTF-8'): Request {
  return new Request('http://app.test/login', { method: 'POST', headers: { 'content-type': type }, body });
}

describe('readForm', () => {
  it('reads URL-encoded forms, first value wins', async () => {
    const result = await readForm(post('a=1&b=x%20y&a=2&c'));
    assert.ok(result.ok);
    assert.equal(formField(result.form, 'a'), '1');
    assert.equal(formField(result.form, 'b'), 'x y');
    assert.equal(formField(result.form, 'c'), '');
    assert.equal(formField(result.form, 'missing'), '');
  });

  it('refuses other content types, oversized bodies (streamed or declared) and invalid UTF-8', async () => {
    assert.deepEqual(await readForm(post('{}', 'application/json')), { ok: false, status: 415 });
    assert.deepEqual(await readForm(post('a=1', 'text/plain')), { ok: false, status: 415 });
    assert.deepEqual(await readForm(post(`a=${'x'.repeat(MAX_FORM_BYTES)}`)), { ok: false, status: 413 });
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(4096).fill(97));
      },
    });
    const streamed = new Request('http://app.test/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: stream, duplex: 'half' });
    assert.deepEqual(await readForm(streamed), { ok: false, status: 413 });
    const declared = new Request('http://app.test/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '999999' } });
    assert.deepEqual(await readForm(declared), { ok: false, status: 413 });
    assert.deepEqual(await readForm(post(new Uint8Array([0x61, 0x3d, 0xff]))), { ok: false, status: 400 });
  });
});
