/**
 * The network address of the client whose request is being handled, for the
 * core's `client` sending budgets (`generateChallenge(..., { client })`).
 * A web-standard `Request` does not carry it, so each framework adapter puts
 * what it knows in the page context (Express: `req.ip`, which honours
 * `trust proxy`; Hono: its `clientAddress` option, else the Node server's
 * socket), and the route table runs every handler inside
 * {@link withClientAddress}: whichever page sends a code — sign-in, account
 * setup, the JSON API — charges it to that address without threading it
 * through every function.
 */
import { currentRequestScope, withRequestScope } from './request-scope.js';

/** Runs `work` with `address` as the current client's address (null when unknown). */
export function withClientAddress<T>(address: string | null, work: () => T): T {
  return withRequestScope({ clientAddress: address }, work);
}

/** The current request's client address, or undefined when it is not known (or outside a request). */
export function currentClientAddress(): string | undefined {
  return currentRequestScope().clientAddress ?? undefined;
}
