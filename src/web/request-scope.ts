/**
 * What twofold knows about the request being handled besides the request
 * itself: its language and its client's address.
 *
 * twofold's own pages never look these up in an ambient scope: the route
 * table builds the pages once per language over a translator bound to it,
 * puts the language and the address in the page context, and notes the
 * address against the web `Request` for the events' request summaries
 * (`client-address.ts`). On Node 20, once any `AsyncLocalStorage` has been
 * entered, every promise of the process pays for async hooks (a sign-in's
 * second step creates a few hundred), so nothing twofold does per request
 * enters one.
 *
 * The `AsyncLocalStorage` below remains for hosts only (`withLanguage`,
 * `withClientAddress`): a host that calls twofold's functions from its own
 * handlers may set both for a piece of work; only a process that calls them
 * pays. It is also entered for a host's own translator without `inLanguage`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The request's values; a missing one is not known. */
export interface RequestScope {
  readonly language?: string;
  /** null when the adapter does not know it. */
  readonly clientAddress?: string | null;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `work` with `values` over the current scope's (enters the `AsyncLocalStorage`: for hosts, see above). */
export function withRequestScope<T>(values: RequestScope, work: () => T): T {
  const outer = scope.getStore();
  return scope.run(outer === undefined ? values : { ...outer, ...values }, work);
}

/** The values of the host's scope (empty outside one; reading never enters it). */
export function currentRequestScope(): RequestScope {
  return scope.getStore() ?? {};
}
