/**
 * The translations twofold ships, besides English (the source catalogs next
 * to each feature). Each catalog covers every message id; the test in
 * `test/web/i18n/locales.test.ts` fails on a missing, extra or malformed entry.
 */
import type { MessageText } from '../text.js';
import { de } from './de.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { nl } from './nl.js';
import { ptBR } from './pt-BR.js';

/** The languages of twofold's pages, English first (the fallback). */
export const SUPPORTED_LANGUAGES = ['en', 'nl', 'de', 'fr', 'es', 'pt-BR'] as const;

/** One of {@link SUPPORTED_LANGUAGES}. */
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** Every shipped translation, by language. */
export const TRANSLATIONS: Readonly<Record<Exclude<SupportedLanguage, 'en'>, Readonly<Record<string, MessageText>>>> = {
  nl,
  de,
  fr,
  es,
  'pt-BR': ptBR,
};
