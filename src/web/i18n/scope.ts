/**
 * The language of the request being handled. The adapters run each page
 * handler inside {@link withLanguage}, so that every message formatted while
 * handling it — by the pages, the admin or the flows — is in the reader's
 * language without threading a translator through every function.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/** Runs `work` with `language` as the current language. */
export function withLanguage<T>(language: string, work: () => T): T {
  return scope.run(language, work);
}

/** The current request's language, or undefined outside a request. */
export function currentLanguage(): string | undefined {
  return scope.getStore();
}
