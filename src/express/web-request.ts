/**
 * The web-standard `Request` twofold's handlers get from Express, made of
 * what Express already has: the method, the public URL, the raw headers and
 * the body bytes read from Node's stream. Building undici's `Request` (its
 * `Headers`, an `AbortSignal`, a web stream around the body) and reading the
 * body back out of that stream cost about as much as twofold's own work on a
 * sign-in's second step, and the pages only read a few headers and the
 * body. So the parts are made when first read: `headers` on first use
 * (answering `get` and `has` from the raw headers, see request-headers.ts),
 * the body handed over directly through {@link BUFFERED_BODY}, and a full
 * undici `Request` only if someone asks for what only it has (`signal`,
 * `clone()`, the body as a stream, ...). To the host's code it behaves as
 * a `Request`; `instanceof Request` is the one thing it is not.
 */
import { BUFFERED_BODY, bodyUnusable, type BufferedBodyRequest } from '../web/body.js';
import { RequestHeaders, type RawHeaderParts } from './request-headers.js';

/** The parts of a request, as the Express adapter read them. */
export interface RequestParts extends RawHeaderParts {
  readonly method: string;
  /** The absolute public URL. */
  readonly url: string;
  /** The body, or null for none (GET, HEAD, or a body too large to read). */
  readonly body: Uint8Array | null;
}

/** A web `Request` over the parts Express read (see the module's description). */
export class ExpressWebRequest implements Request, BufferedBodyRequest {
  readonly method: string;
  readonly url: string;
  readonly #parts: RequestParts;
  #headers: Headers | undefined;
  #taken = false;
  #meta: Request | undefined;
  #full: Request | undefined;

  constructor(parts: RequestParts) {
    this.#parts = parts;
    this.method = parts.method;
    this.url = parts.url;
  }

  get headers(): Headers {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a Headers without undici's cost (request-headers.ts)
    this.#headers ??= new RequestHeaders(this.#parts);
    return this.#headers;
  }

  /** The body bytes, once (see {@link BUFFERED_BODY}); null when already consumed. */
  [BUFFERED_BODY](): Uint8Array | null {
    if (this.bodyUsed) return null;
    this.#taken = true;
    return this.#parts.body ?? new Uint8Array();
  }

  /** undici's `Request` without the body, for the members that do not depend on it. */
  #bare(): Request {
    this.#meta ??= new Request(this.url, { method: this.method, headers: this.headers });
    return this.#meta;
  }

  /** undici's `Request` with the body (unless already taken), for the body as a stream. */
  #streamed(): Request {
    if (this.#full === undefined) {
      const body = this.#taken ? null : this.#parts.body;
      this.#full = new Request(this.url, { method: this.method, headers: this.headers, ...(body === null ? {} : { body }) });
    }
    return this.#full;
  }

  async #bytes(): Promise<Uint8Array> {
    if (this.#full !== undefined && !this.#taken) return new Uint8Array(await this.#full.arrayBuffer());
    const bytes = this[BUFFERED_BODY]();
    if (bytes === null) throw bodyUnusable();
    return bytes;
  }

  get bodyUsed(): boolean {
    return this.#taken || (this.#full?.bodyUsed ?? false);
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#streamed().body;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.#bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.#bytes()], { type: this.headers.get('content-type') ?? '' });
  }

  formData(): Promise<FormData> {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- part of the Request interface, for a host's code that calls it
    return this.#streamed().formData();
  }

  clone(): Request {
    return this.#streamed().clone();
  }

  get cache(): Request['cache'] {
    return this.#bare().cache;
  }
  get credentials(): Request['credentials'] {
    return this.#bare().credentials;
  }
  get destination(): Request['destination'] {
    return this.#bare().destination;
  }
  get integrity(): string {
    return this.#bare().integrity;
  }
  get keepalive(): boolean {
    return this.#bare().keepalive;
  }
  get mode(): Request['mode'] {
    return this.#bare().mode;
  }
  get redirect(): Request['redirect'] {
    return this.#bare().redirect;
  }
  get referrer(): string {
    return this.#bare().referrer;
  }
  get referrerPolicy(): Request['referrerPolicy'] {
    return this.#bare().referrerPolicy;
  }
  get signal(): AbortSignal {
    return this.#bare().signal;
  }
  get duplex(): Request['duplex'] {
    return this.#bare().duplex;
  }
}

/**
 * The `Request` of `parts` for twofold's handlers and the host's code: an
 * {@link ExpressWebRequest}, which has every member of `Request` but is not
 * an instance of undici's class (nothing in twofold asks `instanceof Request`).
 */
export function webRequestOf(parts: RequestParts): Request {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- the whole point: a Request without undici's construction cost
  return new ExpressWebRequest(parts);
}
