/**
 * The language of the request being handled. The adapters run each page
 * handler inside {@link withLanguage}, so that every message formatted while
 * handling it — by the pages, the admin or the flows — is in the reader's
 * language without threading a translator through every function.
 */
import { currentRequestScope, withRequestScope } from '../request-scope.js';

/** Runs `work` with `language` as the current language. */
export function withLanguage<T>(language: string, work: () => T): T {
  return withRequestScope({ language }, work);
}

/** The current request's language, or undefined outside a request. */
export function currentLanguage(): string | undefined {
  return currentRequestScope().language;
}
