/**
 * The reader's language for hosts that call twofold's translators from
 * handlers of their own. twofold's own pages do not use it: the route table
 * builds them over a translator bound to each language (`inLanguage`), so
 * that no request enters an `AsyncLocalStorage` (on Node 20 that slows every
 * promise of the process once entered). A translator that has no
 * `inLanguage` (a host's own) is still run inside {@link withLanguage}.
 */
import { currentRequestScope, withRequestScope } from '../request-scope.js';

/**
 * Runs `work` with `language` as the current language: twofold's translators
 * that are not bound to a language (`createTranslator(...)` as returned)
 * write in it. Enters an `AsyncLocalStorage`; prefer `translator.inLanguage(language)`.
 *
 * @example
 * const title = withLanguage('de', () => translator.text('page.login.title'));
 */
export function withLanguage<T>(language: string, work: () => T): T {
  return withRequestScope({ language }, work);
}

/** The language of the current {@link withLanguage} scope, or undefined outside one. */
export function currentLanguage(): string | undefined {
  return currentRequestScope().language;
}
