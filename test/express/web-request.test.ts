/**
 * The Express adapter's request: a real Express app converts each request
 * with toWebRequest, and the test reads the result the way twofold's
 * handlers (readBody, headers) and a host's code (text, json, signal, clone,
 * formData) would. Also the Response side: twofold's known text bodies are
 * sent as they are, other bodies from their stream.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request as ExpressRequest } from 'express';
import { sendWebResponse, toWebRequest } from '../../src/express/index.js';
import { readBody } from '../../src/web/body.js';
import { jsonResponse } from '../../src/web/headers.js';
import { knownTextBody } from '../../src/web/response-body.js';

async function serve(handle: (req: ExpressRequest) => Promise<unknown>, before?: express.RequestHandler): Promise<{ server: Server; url: string }> {
  const app = express();
  if (before !== undefined) app.use(before);
  app.use((req, res, next) => {
    handle(req).then((value) => res.json(value ?? null), next);
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('toWebRequest gives twofold the body once, and the headers without framing', async () => {
  const { server, url } = await serve(async (req) => {
    const request = await toWebRequest(req);
    const first = await readBody(request, 1024);
    const second = await readBody(request, 1024);
    return {
      url: request.url,
      method: request.method,
      type: request.headers.get('content-type'),
      length: request.headers.get('content-length'),
      custom: request.headers.get('x-thing'),
      first: first instanceof Uint8Array ? Buffer.from(first).toString() : first,
      second: second instanceof Uint8Array ? Buffer.from(second).toString() : second,
      used: request.bodyUsed,
    };
  });
  try {
    const response = await fetch(`${url}/a/b?c=1`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-thing': 'yes' }, body: '{"code":"123456"}' });
    assert.deepEqual(await response.json(), {
      url: `${url}/a/b?c=1`,
      method: 'POST',
      type: 'application/json',
      length: null,
      custom: 'yes',
      first: '{"code":"123456"}',
      second: 'unreadable',
      used: true,
    });
  } finally {
    server.close();
  }
});

test('toWebRequest: a body over the limit is not read and reads as too large', async () => {
  const { server, url } = await serve(async (req) => {
    const request = await toWebRequest(req, 10);
    return { read: await readBody(request, 10), length: request.headers.get('content-length') };
  });
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(11) });
    assert.deepEqual(await response.json(), { read: 'too-large', length: '11' });
  } finally {
    server.close();
  }
});

/** Posts `parts` chunked (no Content-Length), `gap` ms apart; the answer's JSON, or 'closed' when the server dropped the connection. */
async function postChunked(url: string, parts: readonly string[], gap: number): Promise<unknown> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(JSON.parse(text) as unknown));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve('closed') : reject(error)));
    const write = (index: number): void => {
      if (index === parts.length) return void req.end();
      req.write(parts[index]);
      setTimeout(() => write(index + 1), gap);
    };
    write(0);
  });
}

test('toWebRequest reads a body already parsed at once, and one still arriving from the stream, with the same limit', async () => {
  // The first middleware holds each request for a while, as a session store's load does: its body is then complete.
  const hold: express.RequestHandler = (req, _res, next) => void setTimeout(next, req.path === '/held' ? 50 : 0);
  const { server, url } = await serve(async (req) => {
    const read = await readBody(await toWebRequest(req, 10), 10);
    return read instanceof Uint8Array ? Buffer.from(read).toString() : read;
  }, hold);
  try {
    for (const path of ['/held', '/now']) {
      assert.equal(await postChunked(`${url}${path}`, ['abc', 'def'], 0), 'abcdef', path);
      assert.equal(await postChunked(`${url}${path}`, ['abc', 'def', 'ghij'], 20), 'abcdefghij', `${path}, in pieces`);
      // Over the limit the stream is dropped, and with it the connection (the body is never read whole).
      assert.equal(await postChunked(`${url}${path}`, ['abcdef', 'ghijk'], 0), 'closed', `${path}, over the limit`);
      assert.equal(await postChunked(`${url}${path}`, ['abcdef', 'ghijk'], 20), 'closed', `${path}, over the limit in pieces`);
      assert.equal(await postChunked(`${url}${path}`, [], 0), '', `${path}, empty`);
    }
  } finally {
    server.close();
  }
});

test('toWebRequest behaves as a Request for a host: text, json, signal, clone, formData', async () => {
  const { server, url } = await serve(async (req) => {
    const kind = req.path.slice(1);
    const request = await toWebRequest(req);
    if (kind === 'text') return { text: await request.text(), used: request.bodyUsed };
    if (kind === 'json') return { json: await request.json() };
    if (kind === 'clone') {
      const copy = request.clone();
      return { copy: await copy.text(), original: await request.text(), aborted: request.signal.aborted };
    }
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- a host's code may still call it
    const form = await request.formData();
    return { a: form.get('a'), used: request.bodyUsed, again: await request.text().catch((error: unknown) => String(error)) };
  });
  try {
    const post = (path: string, type: string, body: string) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    assert.deepEqual(await (await post('/text', 'text/plain', 'héllo')).json(), { text: 'héllo', used: true });
    assert.deepEqual(await (await post('/json', 'application/json', '{"x":[1]}')).json(), { json: { x: [1] } });
    assert.deepEqual(await (await post('/clone', 'text/plain', 'twice')).json(), { copy: 'twice', original: 'twice', aborted: false });
    const form = (await (await post('/form', 'application/x-www-form-urlencoded', 'a=1&b=2')).json()) as { a: string; used: boolean; again: string };
    assert.equal(form.a, '1');
    assert.equal(form.used, true);
    assert.match(form.again, /TypeError/);
  } finally {
    server.close();
  }
});

test('toWebRequest re-encodes a body the host\'s express.json() already parsed', async () => {
  const { server, url } = await serve(async (req) => ({ body: await (await toWebRequest(req)).json() }), express.json());
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"1"}' });
    assert.deepEqual(await response.json(), { body: { code: '1' } });
  } finally {
    server.close();
  }
});

test('sendWebResponse: a known text body is sent as it is, a read one falls back to the stream, others are streamed', async () => {
  const known = jsonResponse({ ok: true }, 201);
  assert.equal(knownTextBody(known), '{"ok":true}');
  const read = jsonResponse({ ok: 1 }, 200);
  await read.text();
  assert.equal(knownTextBody(read), undefined, 'a consumed body is not offered again');
  assert.equal(knownTextBody(new Response('plain')), undefined);

  const app = express();
  app.get('/known', (_req, res, next) => void sendWebResponse(res, jsonResponse({ ok: true }, 201)).catch(next));
  app.get('/stream', (_req, res, next) => void sendWebResponse(res, new Response('streamed', { headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2']] })).catch(next));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const first = await fetch(`${url}/known`);
    assert.equal(first.status, 201);
    assert.equal(first.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(first.headers.get('content-length'), '11');
    assert.equal(await first.text(), '{"ok":true}');
    const second = await fetch(`${url}/stream`);
    assert.deepEqual(second.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.equal(await second.text(), 'streamed');
  } finally {
    server.close();
  }
});
