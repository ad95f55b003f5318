/**
 * twofold's text responses (web/response-body.ts) keep their text and make
 * the web stream only on demand: to the host's code they must read like a
 * `new Response(text, init)`, and the Express adapter must get the text
 * only while nobody has read the body.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constantHeaderPairs, knownTextBody, textResponse, untouchedHeaderPairs } from '../../src/web/response-body.js';
import { htmlResponse, jsonResponse } from '../../src/web/headers.js';

const json = (): Response => textResponse('{"a":1}', { status: 201, headers: { 'content-type': 'application/json' } });

test('a text response reads like an ordinary one: status, headers, text, json, bytes, blob, form data', async () => {
  const response = json();
  assert.ok(response instanceof Response);
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('content-type'), 'application/json');
  assert.equal(response.bodyUsed, false);
  assert.deepEqual(await response.json(), { a: 1 });
  assert.equal(response.bodyUsed, true);
  await assert.rejects(response.text(), TypeError, 'a body is read once');
  assert.equal(await textResponse('héllo', { status: 200 }).text(), 'héllo');
  assert.deepEqual([...new Uint8Array(await textResponse('xyz', { status: 200 }).arrayBuffer())], [120, 121, 122]);
  assert.equal(await (await textResponse('q', { status: 200, headers: { 'content-type': 'text/x' } }).blob()).text(), 'q');
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- a Response member, kept working
  const form = await textResponse('a=1&b=2', { status: 200, headers: { 'content-type': 'application/x-www-form-urlencoded' } }).formData();
  assert.deepEqual([...form.entries()], [['a', '1'], ['b', '2']]);
  assert.equal(textResponse('plain', { status: 200 }).headers.get('content-type'), 'text/plain;charset=UTF-8', 'the type new Response(text) gives');
});

test('the body as a stream, and clones, before and after', async () => {
  const streamed = textResponse('streamed', { status: 200 });
  const body = streamed.body;
  assert.ok(body instanceof ReadableStream);
  assert.equal(streamed.body, body, 'the same stream every time');
  assert.equal(knownTextBody(streamed), undefined, 'the stream was handed out: the adapter reads it');
  assert.equal(await new Response(body).text(), 'streamed');
  assert.equal(streamed.bodyUsed, true);
  const original = json();
  const copy = original.clone();
  assert.deepEqual(await copy.json(), { a: 1 });
  assert.deepEqual(await original.json(), { a: 1 });
  assert.throws(() => original.clone(), TypeError);
  const both = textResponse('two', { status: 200 });
  assert.ok(both.body !== null);
  const second = both.clone();
  assert.equal(await both.text(), 'two');
  assert.equal(await second.text(), 'two');
});

test('knownTextBody gives the text until the body is read, and nothing for other responses', async () => {
  const response = jsonResponse({ ok: true }, 200);
  assert.equal(knownTextBody(response), '{"ok":true}');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  await response.text();
  assert.equal(knownTextBody(response), undefined);
  assert.equal(knownTextBody(new Response('other')), undefined);
});

test('constant header lists are copied into the response on first read of headers, as new Headers would hold them', () => {
  const list = constantHeaderPairs([['X-One', ' spaced  '], ['Content-Type', 'application/json']]);
  assert.deepEqual(list, [['X-One', 'spaced'], ['Content-Type', 'application/json']], 'values trimmed as Headers keeps them');
  const response = textResponse('{}', { status: 202, headers: list });
  assert.equal(untouchedHeaderPairs(response), list, 'the adapter may write the list while nobody read headers');
  assert.equal(response.status, 202);
  const headers = response.headers;
  assert.equal(untouchedHeaderPairs(response), undefined, 'read once: the response holds them now');
  assert.deepEqual([...headers], [...new Headers(list as [string, string][])]);
  assert.equal(response.headers, headers, 'the same Headers every time');
  headers.append('Set-Cookie', 'a=1');
  assert.deepEqual(response.headers.getSetCookie(), ['a=1']);
  const copy = response.clone();
  assert.deepEqual([...copy.headers], [...headers]);
  assert.equal(untouchedHeaderPairs(new Response('x')), undefined);
  assert.equal(untouchedHeaderPairs(textResponse('x', { status: 200, headers: [['Content-Type', 'text/x']] })), undefined, 'a list not made constant is copied at once');
});

test('constant header lists refuse what could not be written pair by pair, and bad headers as Headers would', () => {
  assert.throws(() => constantHeaderPairs([['X-A', '1']]), TypeError, 'no Content-Type');
  assert.throws(() => constantHeaderPairs([['Content-Type', 'a/b'], ['x-a', '1'], ['X-A', '2']]), TypeError, 'a name twice');
  assert.throws(() => constantHeaderPairs([['Content-Type', 'a/b'], ['Set-Cookie', 'a=1']]), TypeError, 'Set-Cookie');
  assert.throws(() => constantHeaderPairs([['Content-Type', 'a/b'], ['X-A', 'line\nbreak']]), TypeError, 'a bad value');
  assert.throws(() => constantHeaderPairs([['Content-Type', 'a/b'], ['bad name', '1']]), TypeError, 'a bad name');
  const list = constantHeaderPairs([['Content-Type', 'a/b']]);
  assert.ok(Object.isFrozen(list) && Object.isFrozen(list[0]), 'nobody changes a checked list');
});

test('JSON answers and pages carry their security headers, lazily', () => {
  for (const response of [jsonResponse({ ok: true }, 200), htmlResponse('<p>x</p>', 200), htmlResponse('<p>x</p>', 200, { noStore: false, contentSecurityPolicy: null })]) {
    const pairs = untouchedHeaderPairs(response);
    assert.ok(pairs !== undefined);
    assert.deepEqual(new Map([...new Headers(pairs as [string, string][])]), new Map([...response.headers]));
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
  }
  assert.equal(htmlResponse('', 200).headers.get('cache-control'), 'no-store');
  assert.equal(htmlResponse('', 200, { noStore: false }).headers.get('cache-control'), null);
  assert.equal(htmlResponse('', 200, { contentSecurityPolicy: "default-src 'self'" }).headers.get('content-security-policy'), "default-src 'self'");
  assert.equal(htmlResponse('', 200, { contentSecurityPolicy: null }).headers.get('content-security-policy'), null);
  assert.equal(htmlResponse('', 200).headers.get('content-type'), 'text/html; charset=utf-8');
});
