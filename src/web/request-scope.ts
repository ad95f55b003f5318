/**
 * What twofold keeps about the request being handled without threading it
 * through every function: its language (web/i18n/scope.ts) and its
 * client's address (web/client-address.ts). One `AsyncLocalStorage` holds
 * both: on Node 20 every promise created while a storage is in use pays
 * for each storage, and a sign-in's second step creates a few hundred.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The request's values; a missing one is not known. */
export interface RequestScope {
  readonly language?: string;
  /** null when the adapter does not know it. */
  readonly clientAddress?: string | null;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `work` with `values` over the current scope's. */
export function withRequestScope<T>(values: RequestScope, work: () => T): T {
  const outer = scope.getStore();
  return scope.run(outer === undefined ? values : { ...outer, ...values }, work);
}

/** The current request's values (empty outside a request). */
export function currentRequestScope(): RequestScope {
  return scope.getStore() ?? {};
}
