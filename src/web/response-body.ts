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
 *
 * Their headers are lazy too when they come from a constant list
 * ({@link constantHeaderPairs}: the security headers of JSON answers and
 * pages): filling undici's `Headers` with them costs more than the rest of
 * the response, and Express copies them into Node's response anyway. The
 * list is copied into the response's `Headers` the first time someone reads
 * `headers` (which then behaves as ever, appends and all); while nobody has,
 * the adapter writes the list itself ({@link untouchedHeaderPairs}).
 */

import { bodyUnusable } from './body.js';

const TEXT_PLAIN = 'text/plain;charset=UTF-8';

/** Header name-value pairs, in order. */
export type HeaderPairs = readonly (readonly [string, string])[];

/**
 * The text, kept until the body is read; `streamed` is the ordinary `Response` over it once `body` was asked for;
 * `pairs` the constant headers not yet copied into the response's own `Headers` (undefined once they are, or when
 * they were given otherwise).
 */
interface TextState {
  readonly text: string;
  used: boolean;
  streamed: Response | undefined;
  pairs: HeaderPairs | undefined;
}

/** Lists checked by {@link constantHeaderPairs}. */
const constantLists = new WeakSet<HeaderPairs>();

/**
 * `pairs` as a frozen list that {@link textResponse} may copy into a
 * response lazily: checked once here as `new Headers(pairs)` would check
 * them (a bad name or value throws the same `TypeError`), with a
 * `Content-Type`, no `Set-Cookie` and no name twice, so that writing them one
 * by one gives what the response's `Headers` would. Meant for lists made
 * once (module constants, a cache); a list that breaks these rules is
 * refused with a `TypeError`.
 */
export function constantHeaderPairs(pairs: readonly (readonly [string, string])[]): HeaderPairs {
  const checked = new Headers(pairs as [string, string][]);
  const names = new Set(pairs.map(([name]) => name.toLowerCase()));
  if (names.size !== pairs.length || !checked.has('content-type') || checked.has('set-cookie')) {
    throw new TypeError('constant header lists need a Content-Type, no Set-Cookie and no name twice');
  }
  // The values as the response would keep them (trimmed), the names as given (Node's headers ignore case).
  const list = Object.freeze(pairs.map(([name]) => Object.freeze([name, checked.get(name)!] as const)));
  constantLists.add(list);
  return list;
}

const states = new WeakMap<Response, TextState>();

type TextBodyResponse = new (text: string, init: ResponseInit, pairs?: HeaderPairs) => Response;

/** The subclass over a global `Response`; `lazyHeaders` when it copies constant header lists on first use. */
interface TextBodyClass {
  readonly base: typeof Response;
  readonly subclass: TextBodyResponse;
  readonly lazyHeaders: boolean;
}

let made: TextBodyClass | undefined;

/**
 * The class of text responses over the global `Response`, or null when that
 * is not the platform's own: a framework may put a lighter one of its own
 * there, possibly after this module was loaded (Hono's Node server does,
 * and writes the body its constructor was given), while the pages tell
 * their answers apart with `instanceof Response`. Those get an ordinary
 * response, with the text remembered beside it.
 */
function textBodyResponse(): TextBodyClass | null {
  const base = globalThis.Response;
  if (made?.base === base) return made;
  if (Object.getPrototypeOf(base) !== Function.prototype) return null;
  made = textBodyClass(base);
  return made;
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
function textBodyClass(base: typeof Response): TextBodyClass {
  class TextBody extends base {
    constructor(text: string, init: ResponseInit, pairs?: HeaderPairs) {
      if (pairs === undefined) {
        super(null, init);
        states.set(this, { text, used: false, streamed: undefined, pairs: undefined });
        // What `new Response(text)` adds when the caller set no type.
        if (!this.headers.has('content-type')) this.headers.set('content-type', TEXT_PLAIN);
      } else {
        super(null, init.statusText === undefined ? { status: init.status } : { status: init.status, statusText: init.statusText });
        states.set(this, { text, used: false, streamed: undefined, pairs });
      }
    }
  }
  // On the prototype, as `Response`'s own members are (TypeScript declares them as properties, not methods).
  for (const [name, value] of Object.entries(reads)) {
    Object.defineProperty(TextBody.prototype, name, { value, writable: true, configurable: true });
  }
  Object.defineProperties(TextBody.prototype, accessors);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with each response as `this` (lazyHeaders)
  const ownHeaders = Object.getOwnPropertyDescriptor(base.prototype, 'headers')?.get as ((this: Response) => Headers) | undefined;
  // Lazy headers need the base class's own getter; without one, every list is given to the constructor.
  if (ownHeaders !== undefined) Object.defineProperty(TextBody.prototype, 'headers', lazyHeaders(ownHeaders));
  return { base, subclass: TextBody, lazyHeaders: ownHeaders !== undefined };
}

/** `headers`: the response's own `Headers`, with the constant list copied in on first use. */
function lazyHeaders(ownHeaders: (this: Response) => Headers): PropertyDescriptor {
  return {
    configurable: true,
    get(this: Response): Headers {
      const headers = ownHeaders.call(this);
      const state = states.get(this);
      if (state?.pairs !== undefined) {
        const pairs = state.pairs;
        state.pairs = undefined;
        for (const [name, value] of pairs) headers.append(name, value);
      }
      return headers;
    },
  };
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
  const textBody = textBodyResponse();
  if (textBody !== null) {
    const headers: unknown = init.headers;
    const lazy = textBody.lazyHeaders && Array.isArray(headers) && constantLists.has(headers as HeaderPairs);
    return lazy ? new textBody.subclass(body, init, headers as HeaderPairs) : new textBody.subclass(body, init);
  }
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

/**
 * The constant header list of a response made by {@link textResponse}, while
 * nobody has read its `headers`: the adapter may write these pairs as they
 * are. `undefined` otherwise (read `headers` then).
 */
export function untouchedHeaderPairs(response: Response): HeaderPairs | undefined {
  return states.get(response)?.pairs;
}
