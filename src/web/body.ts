/**
 * The one request-body reader of the web layer: reads at most `limit` bytes,
 * refusing a larger body while it streams (never buffered whole), for the
 * form posts and the JSON API alike.
 */

/** What {@link readBody} gives: the bytes, or why there are none. */
export type BodyRead = Uint8Array | 'too-large' | 'unreadable';

/**
 * The key of a framework adapter's shortcut: a `Request` whose body the
 * adapter already holds in memory (Express reads it from Node's stream)
 * offers it under this key, so that the body is not turned into a web
 * stream only to be read back. Taking it consumes the body (`bodyUsed`), as
 * reading the stream would; `null` when it was already consumed.
 */
export const BUFFERED_BODY: unique symbol = Symbol('twofold.bufferedBody');

/** The error a `Request` or `Response` throws when its body is read a second time (the platform's wording). */
export function bodyUnusable(): TypeError {
  return new TypeError('Body is unusable: Body has already been read');
}

/** A request whose body is already in memory (see {@link BUFFERED_BODY}). */
export interface BufferedBodyRequest {
  [BUFFERED_BODY](): Uint8Array | null;
}

function bufferedBodyOf(request: Request): BufferedBodyRequest[typeof BUFFERED_BODY] | undefined {
  const take: unknown = (request as Partial<BufferedBodyRequest>)[BUFFERED_BODY];
  return typeof take === 'function' ? (take as BufferedBodyRequest[typeof BUFFERED_BODY]) : undefined;
}

/**
 * Reads `request`'s body, at most `limit` bytes. A declared
 * `Content-Length` above the limit is refused before reading; a body that
 * something else already read (a framework's body parser) is `unreadable`.
 */
export async function readBody(request: Request, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  const buffered = bufferedBodyOf(request);
  if (buffered !== undefined) {
    const bytes = buffered.call(request);
    if (bytes === null) return 'unreadable';
    return bytes.byteLength > limit ? 'too-large' : bytes;
  }
  if (request.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader: ReadableStreamDefaultReader<Uint8Array> = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return 'unreadable';
  }
  return Buffer.concat(chunks);
}
