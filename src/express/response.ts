/**
 * From twofold's web-standard `Response` to Express's: the status, the
 * headers (every `Set-Cookie` kept apart) and the body. twofold's own pages
 * and JSON answers keep their text and their constant headers next to the
 * `Response` (web/response-body.ts), which are written as they are; other
 * bodies are read from their stream.
 */
import type { Response as ExpressResponse } from 'express';
import { knownTextBody, untouchedHeaderPairs } from '../web/response-body.js';

/** Writes a web-standard `Response` to Express. */
export async function sendWebResponse(res: ExpressResponse, response: Response): Promise<void> {
  // A status a Response accepted (200-599) needs none of res.status()'s checks.
  res.statusCode = response.status;
  const pairs = untouchedHeaderPairs(response);
  if (pairs !== undefined) {
    // A checked list without Set-Cookie or repeated names: what the response's Headers would hold.
    for (const [name, value] of pairs) res.setHeader(name, value);
  } else {
    // One pass over the headers (each pass sorts them); the iteration gives every Set-Cookie apart.
    const cookies: string[] = [];
    for (const [name, value] of response.headers) {
      if (name === 'set-cookie') cookies.push(value);
      else res.setHeader(name, value);
    }
    if (cookies.length > 0) res.append('Set-Cookie', cookies);
  }
  if (response.status === 413) res.setHeader('Connection', 'close');
  const text = knownTextBody(response);
  if (text !== undefined) res.end(text);
  else res.end(response.body === null ? undefined : Buffer.from(await response.arrayBuffer()));
}
