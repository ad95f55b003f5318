/**
 * Responses whose text body twofold made itself (its pages and JSON
 * answers). Node's `new Response(text)` wraps the text in a web stream at
 * once, which costs more than building the rest of the response (about
 * 15 µs of a sign-in's second step), and a framework adapter that writes
 * to Node's response (Express) would then read the text back out of it. So
 * such a response keeps its text: the adapter takes it as it is
 * ({@link knownTextBody}), and the stream is made only when someone asks
 * for `body`. To everyone else it is an ordinary `Response` (a subclass):
 * `text()`, `json()`, `arrayBuffer()`, `clone()` and `bodyUsed` behave as
 * they do for a body given as a string.
 */

const TEXT_PLAIN = 'text/plain;charset=UTF-8';

function bodyUnusable(): TypeError {
  return new TypeError('Body is unusable: Body has already been read');
}

/** The text, kept until the body is read; `streamed` is the ordinary `Response` over it once `body` was asked for. */
interface TextState {
  readonly text: string;
  used: boolean;
  streamed: Response | undefined;
}

const states = new WeakMap<Response, TextState>();

type TextBodyResponse = new (text: string, init: ResponseInit) => Response;

let made: { readonly base: typeof Response; readonly subclass: TextBodyResponse } | undefined;

/**
 * The class of text responses over the global `Response`, or null when that
 * is not the platform's own: a framework may put a lighter one of its own
 * there, possibly after this module was loaded (Hono's Node server does,
 * and writes the body its constructor was given), while the pages tell
 * their answers apart with `instanceof Response`. Those get an ordinary
 * response, with the text remembered beside it.
 */
function textBodyResponse(): TextBodyResponse | null {
  const base = globalThis.Response;
  if (made?.base === base) return made.subclass;
  if (Object.getPrototypeOf(base) !== Function.prototype) return null;
  made = { base, subclass: textBodyClass(base) };
  return made.subclass;
}

/** Texts of the ordinary responses made by {@link textResponse} (see {@link textBodyResponse}). */
const plainTexts = new WeakMap<Response, string>();

function stateOf(response: Response): TextState {
  const state = states.get(response);
  if (state === undefined) throw new TypeError('Illegal invocation');
  return state;
}

function isUsed(state: TextState): boolean {
  return state.used || (state.streamed?.bodyUsed ?? false);
}

function streamed(state: TextState): Response {
  state.streamed ??= new Response(state.used ? null : state.text);
  return state.streamed;
}

/** A body read: from the text (marking it used) or, once the stream was handed out, from the stream. */
function read<T>(response: Response, fromText: (text: string) => T, fromStream: (stream: Response) => Promise<T>): Promise<T> {
  const state = stateOf(response);
  if (state.streamed !== undefined) return fromStream(state.streamed);
  if (state.used) return Promise.reject(bodyUnusable());
  state.used = true;
  try {
    return Promise.resolve(fromText(state.text));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

type Reads = Pick<Response, 'text' | 'json' | 'arrayBuffer' | 'blob' | 'formData' | 'clone'> & { bytes(): Promise<Uint8Array> };

const reads: ThisType<Response> & Reads = {
  text() {
    return read(this, (text) => text, (stream) => stream.text());
  },
  json() {
    return read(this, (text): unknown => JSON.parse(text), (stream): Promise<unknown> => stream.json());
  },
  arrayBuffer() {
    return read(this, (text) => new TextEncoder().encode(text).buffer, (stream) => stream.arrayBuffer());
  },
  bytes() {
    return read(this, (text) => new TextEncoder().encode(text), (stream) => (stream as Response & Reads).bytes());
  },
  blob() {
    const type = this.headers.get('content-type') ?? '';
    return read(this, (text) => new Blob([text], { type }), (stream) => stream.blob());
  },
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- a member of Response like the others, kept working
  formData() {
    // Rare for twofold's answers: parsed by an ordinary response over the text, of this one's type.
    const type = this.headers.get('content-type') ?? '';
    const plain = read(this, (text) => new Response(text, { headers: { 'content-type': type } }), (stream) => Promise.resolve(stream));
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    return plain.then((response) => response.formData());
  },
  clone() {
    const state = stateOf(this);
    if (isUsed(state)) throw bodyUnusable();
    const init = { status: this.status, statusText: this.statusText, headers: new Headers(this.headers) };
    if (state.streamed === undefined) return new (this.constructor as TextBodyResponse)(state.text, init);
    return new Response(state.streamed.clone().body, init);
  },
};

/** A `Response` subclass over a text, streamed only on demand (see the module's description). */
function textBodyClass(base: typeof Response): TextBodyResponse {
  class TextBody extends base {
    constructor(text: string, init: ResponseInit) {
      super(null, init);
      states.set(this, { text, used: false, streamed: undefined });
      // What `new Response(text)` adds when the caller set no type.
      if (!this.headers.has('content-type')) this.headers.set('content-type', TEXT_PLAIN);
    }
  }
  // On the prototype, as `Response`'s own members are (TypeScript declares them as properties, not methods).
  for (const [name, value] of Object.entries(reads)) {
    Object.defineProperty(TextBody.prototype, name, { value, writable: true, configurable: true });
  }
  Object.defineProperties(TextBody.prototype, accessors);
  return TextBody;
}

const accessors: PropertyDescriptorMap = {
  body: {
    configurable: true,
    get(this: Response): ReadableStream<Uint8Array> | null {
      return streamed(stateOf(this)).body;
    },
  },
  bodyUsed: {
    configurable: true,
    get(this: Response): boolean {
      return isUsed(stateOf(this));
    },
  },
};

/** A `Response` with a text body that {@link knownTextBody} gives back as it is; the web stream is made only if read. */
export function textResponse(body: string, init: ResponseInit): Response {
  const subclass = textBodyResponse();
  if (subclass !== null) return new subclass(body, init);
  const response = new Response(body, init);
  plainTexts.set(response, body);
  return response;
}

/**
 * The text body of a response made by {@link textResponse}, while nobody has
 * read its body; `undefined` otherwise (read the stream then).
 */
export function knownTextBody(response: Response): string | undefined {
  const state = states.get(response);
  if (state === undefined) return response.bodyUsed ? undefined : plainTexts.get(response);
  return state.used || state.streamed !== undefined ? undefined : state.text;
}
