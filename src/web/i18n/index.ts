/**
 * Translations of twofold's pages: English plus Dutch, German, French,
 * Spanish and Brazilian Portuguese, chosen per request from `Accept-Language`
 * (or by the host), through i18next.
 *
 * @module
 */
export { negotiateLanguage } from './negotiate.js';
export { withLanguage, currentLanguage } from './scope.js';
export { translatedText, translatedLanguage } from './localize.js';
export { createTwofoldI18n, i18nextLookup, toI18nextResources, TWOFOLD_NAMESPACE } from './i18next.js';
export type { MessageCatalogInput, TextLookup } from './i18next.js';
export { SUPPORTED_LANGUAGES, TRANSLATIONS } from './locales/index.js';
export type { SupportedLanguage } from './locales/index.js';
