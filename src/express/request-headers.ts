/**
 * The `headers` of the Express adapter's request (web-request.ts), read
 * straight from Node's `rawHeaders`. twofold's pages read a handful of
 * headers per request (the CSRF header, `Sec-Fetch-Site`, `Origin`,
 * `Content-Type`, `Cookie`), and filling undici's `Headers` with every raw
 * header first costs more than all of those reads: so `get` and `has`
 * scan the raw list, giving what undici's `Headers` filled from it would
 * give (names ignore case, repeated headers joined with `, `, `Cookie`
 * with `; `, values trimmed, headers undici refuses left out). Everything
 * else (iterating, changing) builds that `Headers` once and goes through it
 * from then on.
 */

/** The raw request headers, as the adapter read them. */
export interface RawHeaderParts {
  /** Node's `rawHeaders`: name, value, name, value, ... */
  readonly rawHeaders: readonly string[];
  /** Header names (lower case) left out. */
  readonly skipHeaders: ReadonlySet<string>;
  /** Headers set over the raw ones (lower case names), e.g. the size of a body too large to read. */
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

/** A header name the fetch API accepts (an HTTP token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What the fetch API refuses in a value once trimmed. */
const BAD_VALUE = /[\0\r\n]/;
/** HTTP whitespace around a value, which the fetch API trims. */
const EDGE_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** `value` as undici's `Headers` keeps it, or null when it refuses it. */
function normalizedValue(value: string): string | null {
  const trimmed = value.length > 0 && (isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(value.length - 1))) ? value.replace(EDGE_SPACE, '') : value;
  return BAD_VALUE.test(trimmed) ? null : trimmed;
}

/** undici's `Headers` of the parts: every raw header appended (those it refuses left out), then the extra ones set. */
export function fullHeadersOf(parts: RawHeaderParts): Headers {
  const headers = new Headers();
  const raw = parts.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (parts.skipHeaders.has(name.toLowerCase())) continue;
    try {
      headers.append(name, raw[i + 1]!);
    } catch {
      // A header value the fetch API refuses is not one twofold needs.
    }
  }
  for (const [name, value] of Object.entries(parts.extraHeaders ?? {})) headers.set(name, value);
  return headers;
}

type HeaderEntries = ReturnType<Headers['entries']>;
type HeaderNames = ReturnType<Headers['keys']>;

/**
 * A request's `Headers` over the raw ones (see the module's description). To
 * code that uses it, it is a `Headers`; `instanceof Headers` is the one
 * thing it is not.
 */
export class RequestHeaders implements Headers {
  readonly #parts: RawHeaderParts;
  #full: Headers | undefined;

  constructor(parts: RawHeaderParts) {
    this.#parts = parts;
  }

  /** undici's `Headers` of the request, built on first need; every call goes through it from then on. */
  #headers(): Headers {
    this.#full ??= fullHeadersOf(this.#parts);
    return this.#full;
  }

  get(name: string): string | null {
    // Another name than a token makes undici's Headers throw its TypeError.
    if (this.#full !== undefined || !TOKEN.test(name)) return this.#headers().get(name);
    const lower = name.toLowerCase();
    const extra = this.#parts.extraHeaders?.[lower];
    if (extra !== undefined) return extra;
    if (this.#parts.skipHeaders.has(lower)) return null;
    const raw = this.#parts.rawHeaders;
    let found: string | null = null;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const rawName = raw[i]!;
      if (rawName.length !== lower.length || rawName.toLowerCase() !== lower) continue;
      const value = normalizedValue(raw[i + 1]!);
      if (value === null) continue;
      found = found === null ? value : `${found}${lower === 'cookie' ? '; ' : ', '}${value}`;
    }
    return found;
  }

  has(name: string): boolean {
    if (this.#full !== undefined || !TOKEN.test(name)) return this.#headers().has(name);
    return this.get(name) !== null;
  }

  getSetCookie(): string[] {
    return this.#headers().getSetCookie();
  }

  append(name: string, value: string): void {
    this.#headers().append(name, value);
  }

  set(name: string, value: string): void {
    this.#headers().set(name, value);
  }

  delete(name: string): void {
    this.#headers().delete(name);
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.#headers()) callback.call(thisArg, value, name, this);
  }

  entries(): HeaderEntries {
    return this.#headers().entries();
  }

  keys(): HeaderNames {
    return this.#headers().keys();
  }

  values(): HeaderNames {
    return this.#headers().values();
  }

  [Symbol.iterator](): HeaderEntries {
    return this.#headers()[Symbol.iterator]();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}
