/**
 * From an Express request to the web-standard `Request` twofold's handlers
 * take: the public URL (honouring `trust proxy`), the headers, and the body,
 * read from Node's stream up to a limit, or re-encoded when a body parser of
 * the host already consumed it.
 */
import type { Request as ExpressRequest } from 'express';
import { MAX_FORM_BYTES } from '../web/form.js';
import { webRequestOf } from './web-request.js';

/** Headers that describe the connection or the body's framing, not the request twofold sees. */
const FRAMING_HEADERS: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding', 'connection']);

let lastOrigin = { key: '', origin: 'http://localhost' };

/** The request's public origin (`trust proxy` applies), `http://localhost` when the Host header makes no URL. */
export function publicOrigin(req: ExpressRequest): string {
  const key = `${req.protocol}://${req.host}`;
  // Almost every request of a process names the same host: the parsed origin is kept for the next one.
  if (key === lastOrigin.key) return lastOrigin.origin;
  let origin: string;
  try {
    origin = new URL(key).origin;
  } catch {
    origin = 'http://localhost';
  }
  lastOrigin = { key, origin };
  return origin;
}

/**
 * A path and query that `new URL` would keep as they are: no dot segments
 * (`%2e` counts as a dot), nothing it percent-encodes or treats specially
 * (space, quotes, `<>`, backslash, `#`, `^`, backquote, braces, non-ASCII).
 */
const PLAIN_PATH = /^(?!.*(?:\/\.|%2e))\/(?!\/)[A-Za-z0-9\-._~!$&()*+,;=:@/%?|]*$/i;

/** The request's absolute public URL. */
export function publicUrl(req: ExpressRequest): URL {
  return new URL(req.originalUrl, publicOrigin(req));
}

/** {@link publicUrl} as text; a plain path (almost every request) is not parsed. */
export function publicHref(req: ExpressRequest): string {
  const path = req.originalUrl;
  return PLAIN_PATH.test(path) ? publicOrigin(req) + path : publicUrl(req).href;
}

/**
 * The body when Node's parser already has all of it (a small request arrives
 * in one packet, parsed before the session middleware's asynchronous load
 * lets the route run): taken from the stream's buffer in one `read()`, with
 * no listeners, flowing mode or turns of the event loop. Undefined when the
 * body is still arriving or the stream is flowing. (Few stream getters: on
 * Express's request each one walks a long prototype chain.)
 */
function bufferedStream(req: ExpressRequest, limit: number): Buffer | { readonly tooLarge: number } | undefined {
  if (!req.complete || req.readableFlowing === true) return undefined;
  // With the end already pushed, read() hands over everything buffered (text when the host set an encoding).
  const chunk: unknown = req.read();
  const bytes = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.alloc(0);
  if (bytes.byteLength > limit) {
    req.destroy();
    return { tooLarge: bytes.byteLength };
  }
  return bytes;
}

/** Reads the rest of Node's request stream: the bytes, or the size reached when it passed `limit` (the stream is then dropped). */
function readStream(req: ExpressRequest, limit: number): Promise<Buffer | { readonly tooLarge: number }> {
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  const buffered = bufferedStream(req, limit);
  if (buffered !== undefined) return Promise.resolve(buffered);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.byteLength;
      if (size > limit) {
        // Stop reading; the page answers 413 from the size, and the connection is closed.
        finish();
        req.destroy();
        resolve({ tooLarge: size });
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = (): void => {
      finish();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      finish();
      reject(error);
    };
    const onClose = (): void => {
      finish();
      reject(new Error('The request closed before its body was read'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** The body a body parser of the host left in `req.body`, as bytes again; undefined when none did. */
function parsedBody(req: ExpressRequest): Buffer | undefined {
  const parsed: unknown = (req as unknown as { body?: unknown }).body;
  if (!req.readableEnded || parsed === undefined || parsed === null) return undefined;
  // express.raw() or express.text(): the bytes as they came (Twilio's signed form among them).
  if (Buffer.isBuffer(parsed)) return parsed;
  if (typeof parsed === 'string') return Buffer.from(parsed);
  if (typeof parsed !== 'object') return undefined;
  // express.json(): the JSON API gets the same JSON again.
  if (/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return Buffer.from(JSON.stringify(parsed));
  // express.urlencoded(): the form, URL-encoded again.
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === 'string') form.append(key, value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') form.append(key, item);
  }
  return Buffer.from(form.toString());
}

/**
 * Converts an Express request into a web-standard `Request`: the public URL
 * (honouring `trust proxy`), all headers, and the body, read up to `limit`
 * bytes (or re-encoded when a body parser already consumed it). A body
 * larger than `limit` is not read: the request then has no body and a
 * `Content-Length` of the size seen, which twofold's readers answer with 413.
 */
export async function toWebRequest(req: ExpressRequest, limit: number = MAX_FORM_BYTES): Promise<Request> {
  const base = { method: req.method, url: publicHref(req), rawHeaders: req.rawHeaders, skipHeaders: FRAMING_HEADERS };
  if (req.method === 'GET' || req.method === 'HEAD') return webRequestOf({ ...base, body: null });
  const parsed = parsedBody(req);
  if (parsed !== undefined) return webRequestOf({ ...base, body: parsed });
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) return webRequestOf({ ...base, extraHeaders: { 'content-length': String(declared) }, body: null });
  const read = await readStream(req, limit);
  if (!Buffer.isBuffer(read)) return webRequestOf({ ...base, extraHeaders: { 'content-length': String(read.tooLarge) }, body: null });
  return webRequestOf({ ...base, body: read });
}
