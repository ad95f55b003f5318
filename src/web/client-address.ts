/**
 * The network address of the client whose request is being handled, for the
 * core's `client` sending budgets (`generateChallenge(..., { client })`) and
 * the events' request summaries. A web-standard `Request` does not carry it,
 * so each framework adapter puts what it knows in the page context (Express:
 * `req.ip`, which honours `trust proxy`; Hono: its `clientAddress` option,
 * else the Node server's socket). The pages pass it on explicitly, and the
 * route table notes it against the `Request` ({@link noteClientAddress}) for
 * the functions that only see the request.
 *
 * {@link withClientAddress} and {@link currentClientAddress} are for hosts
 * that call twofold's functions from handlers of their own: they keep the
 * address in an `AsyncLocalStorage`, which twofold's own pages never enter
 * (on Node 20 it slows every promise of the process once entered).
 */
import { currentRequestScope, withRequestScope } from './request-scope.js';

/**
 * Runs `work` with `address` as the current client's address (null when
 * unknown), for a host's own handler that sends codes through twofold's
 * functions without passing `client`. Enters an `AsyncLocalStorage`:
 * twofold's own pages do not need it.
 *
 * @example
 * app.post('/resend', (req, res) => withClientAddress(req.ip ?? null, () => resend(req, res)));
 */
export function withClientAddress<T>(address: string | null, work: () => T): T {
  return withRequestScope({ clientAddress: address }, work);
}

/** The client address of the host's {@link withClientAddress} scope, or undefined when it is not known (or outside one). */
export function currentClientAddress(): string | undefined {
  return currentRequestScope().clientAddress ?? undefined;
}

// Keyed by the web request the route table hands to a page: gone with it.
const noted = new WeakMap<Request, string | null>();

/** Notes the client address the framework adapter gave for `request` (null when it does not know it). */
export function noteClientAddress(request: Request, address: string | null): void {
  noted.set(request, address);
}

/** The client address noted for `request`, else the host's {@link withClientAddress} scope's; undefined when neither knows it. */
export function clientAddressOf(request: Request): string | undefined {
  const address = noted.get(request);
  return address === undefined ? currentClientAddress() : (address ?? undefined);
}
