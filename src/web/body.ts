/**
 * The one request-body reader of the web layer: reads at most `limit` bytes,
 * refusing a larger body while it streams (never buffered whole), for the
 * form posts and the JSON API alike.
 */

/** What {@link readBody} gives: the bytes, or why there are none. */
export type BodyRead = Uint8Array | 'too-large' | 'unreadable';

/**
 * Reads `request`'s body, at most `limit` bytes. A declared
 * `Content-Length` above the limit is refused before reading; a body that
 * something else already read (a framework's body parser) is `unreadable`.
 */
export async function readBody(request: Request, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
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
