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
import type { MessageText } from './text.js';

let instance: I18n | undefined;
const lookups = new Map<string, TextLookup>();

/** `language` when twofold ships a translation for it, else undefined. */
export function shippedLanguage(language: string | undefined): string | undefined {
  return language !== undefined && Object.hasOwn(TRANSLATIONS, language) ? language : undefined;
}

/**
 * `build` made once per shipped translation (and once for every other
 * language, which gets no translation), so that what a translator keeps per
 * language stays as small as the catalogs whatever languages it is asked for.
 */
export function perTranslation<T>(build: (translation: string | undefined, language: string) => T): (language: string) => T {
  const built = new Map<string | undefined, T>();
  return (language) => {
    const translation = shippedLanguage(language);
    let value = built.get(translation);
    if (value === undefined) {
      value = build(translation, language);
      built.set(translation, value);
    }
    return value;
  };
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

/** A catalog's texts and what decides between them and a translation, for {@link catalogText}. */
export interface CatalogSource<Id extends string> {
  /** The full catalog: English with the host's own wording over it. */
  readonly catalog: Readonly<Record<Id, MessageText>>;
  /** The host's own wording, which wins in every language. */
  readonly overrides: Partial<Record<Id, MessageText>>;
  /** The locale the catalog is written for (no translation is looked up for it). */
  readonly configured: string;
}

function interpolate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * The text of `id` for a reader of `translation` (a shipped language, or
 * undefined): the shipped translation unless the host reworded the message,
 * else the catalog's, its plural form chosen by `plurals` from `count`.
 */
export function catalogText<Id extends string>(
  source: CatalogSource<Id>,
  translation: string | undefined,
  id: Id,
  params: Readonly<Record<string, string | number>>,
  plurals: () => Intl.PluralRules,
): string {
  if (translation !== undefined && translation !== source.configured && !Object.hasOwn(source.overrides, id)) {
    const translated = translatedText(translation, id, params);
    if (translated !== undefined) return translated;
  }
  const entry = source.catalog[id];
  if (typeof entry === 'string') return interpolate(entry, params);
  const count = params.count;
  const form = typeof count === 'number' ? entry[plurals().select(count)] : undefined;
  return interpolate(form ?? entry.other, params);
}
