/**
 * Responses whose text body twofold made itself: the text is remembered
 * next to the `Response`, so that a framework adapter writing to Node's
 * response (Express) sends it as it is instead of reading it back out of
 * the web stream the `Response` wraps it in.
 */

const knownBodies = new WeakMap<Response, string>();

/** A `Response` with a text body that {@link knownTextBody} can give back without reading the stream. */
export function textResponse(body: string, init: ResponseInit): Response {
  const response = new Response(body, init);
  knownBodies.set(response, body);
  return response;
}

/**
 * The text body of a response made by {@link textResponse}, while nobody has
 * read its stream; `undefined` otherwise (read the stream then).
 */
export function knownTextBody(response: Response): string | undefined {
  return response.bodyUsed ? undefined : knownBodies.get(response);
}
