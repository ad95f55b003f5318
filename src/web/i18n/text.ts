/**
 * The shape of a message's text, shared by the English catalogs and the
 * translations (kept apart from `messages.ts` so that the catalogs do not
 * import the translator that loads them).
 */

/** The plural categories of `Intl.PluralRules`; `other` is the fallback every language has. */
export type PluralText = { readonly other: string } & Partial<Readonly<Record<Intl.LDMLPluralRule, string>>>;

/** A message: plain text, or plural forms selected by the `count` parameter. `{name}` is replaced by a parameter. */
export type MessageText = string | PluralText;
