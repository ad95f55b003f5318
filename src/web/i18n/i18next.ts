/**
 * twofold's messages as i18next resources. The catalogs stay in twofold's own
 * format (an id → text map, plural forms as `{ one, other, ... }`); this
 * module turns them into an i18next instance (namespace `twofold`, plural
 * keys `id_one`, `id_other`, ... chosen by `Intl.PluralRules`, `{name}`
 * placeholders) and reads texts back out in any language, falling back to
 * English for anything a catalog lacks. A host that already runs i18next can
 * add twofold's resources to its own instance instead.
 */
import i18next, { type i18n as I18n, type Resource } from 'i18next';
import type { MessageText } from './text.js';

/** The namespace twofold's resources live in. */
export const TWOFOLD_NAMESPACE = 'twofold';

/** A catalog in twofold's format: message id → text or plural forms. */
export type MessageCatalogInput = Readonly<Record<string, MessageText>>;

/** Flattens a catalog into i18next keys: plural forms become `id_one`, `id_other`, ... */
export function toI18nextResources(catalog: MessageCatalogInput): Record<string, string> {
  const resources: Record<string, string> = {};
  for (const [id, text] of Object.entries(catalog)) {
    if (typeof text === 'string') resources[id] = text;
    else for (const [form, value] of Object.entries(text)) if (typeof value === 'string') resources[`${id}_${form}`] = value;
  }
  return resources;
}

/**
 * Creates an i18next instance holding twofold's catalogs, one per language
 * (BCP 47 tags such as `en`, `pt-BR`), initialised synchronously. `en` is the
 * fallback of every language.
 */
export function createTwofoldI18n(catalogs: Readonly<Record<string, MessageCatalogInput>>): I18n {
  const resources: Resource = {};
  for (const [language, catalog] of Object.entries(catalogs)) {
    resources[language] = { [TWOFOLD_NAMESPACE]: toI18nextResources(catalog) };
  }
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: false,
    ns: [TWOFOLD_NAMESPACE],
    defaultNS: TWOFOLD_NAMESPACE,
    // Message ids contain dots and colons; they are keys, not paths.
    keySeparator: false,
    nsSeparator: false,
    // Pages escape every value when rendering; escaping here would double it.
    interpolation: { prefix: '{', suffix: '}', escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  });
  return instance;
}

/** A function returning the text of a message id in one language. */
export type TextLookup = (id: string, params?: Readonly<Record<string, string | number>>) => string;

/** Reads texts of `language` from an i18next instance that holds twofold's namespace. */
export function i18nextLookup(instance: I18n, language: string): TextLookup {
  const t = instance.getFixedT(language, TWOFOLD_NAMESPACE);
  return (id, params = {}) => t(id, { ...params, lng: language });
}
