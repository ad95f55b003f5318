/**
 * Texts in the reader's language. twofold's translators ask here first when
 * the reader's language (the one they were bound to with `inLanguage`, or
 * the host's `withLanguage` scope, see `scope.ts`) is not the one they were
 * configured for; the shipped catalogs are loaded into i18next on first use.
 * Anything missing falls back to the English catalog.
 */
import type { i18n as I18n } from 'i18next';
import { createTwofoldI18n, i18nextLookup, type TextLookup } from './i18next.js';
import { TRANSLATIONS } from './locales/index.js';
import { currentLanguage } from './scope.js';

let instance: I18n | undefined;
const lookups = new Map<string, TextLookup>();

/** `language` when twofold ships a translation for it, else undefined. */
export function shippedLanguage(language: string | undefined): string | undefined {
  return language !== undefined && Object.hasOwn(TRANSLATIONS, language) ? language : undefined;
}

/** The language of the host's `withLanguage` scope when twofold ships a translation for it, else undefined. */
export function translatedLanguage(): string | undefined {
  return shippedLanguage(currentLanguage());
}

/** The text of `id` in `language`, or undefined when there is no translation for it. */
export function translatedText(language: string, id: string, params?: Readonly<Record<string, string | number>>): string | undefined {
  if (!Object.hasOwn(TRANSLATIONS, language)) return undefined;
  instance ??= createTwofoldI18n(TRANSLATIONS);
  let lookup = lookups.get(language);
  if (lookup === undefined) {
    lookup = i18nextLookup(instance, language);
    lookups.set(language, lookup);
  }
  const text = lookup(id, params);
  // i18next answers with the key itself when it has nothing.
  return text === id ? undefined : text;
}
