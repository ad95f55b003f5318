/**
 * Choosing the language of a page from the browser's `Accept-Language`
 * header (RFC 9110 §12.5.4): the supported language with the highest
 * quality wins; a regional request (`pt-PT`, `de-AT`) falls back to another
 * region of the same language (`pt-BR`, `de`) before the default.
 */

const MAX_HEADER_LENGTH = 1024;
const MAX_RANGES = 32;

interface Range {
  readonly tag: string;
  readonly quality: number;
  readonly order: number;
}

function parseRanges(header: string): Range[] {
  const ranges: Range[] = [];
  for (const [order, part] of header.slice(0, MAX_HEADER_LENGTH).split(',').slice(0, MAX_RANGES).entries()) {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = rawTag?.trim().toLowerCase() ?? '';
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(tag)) continue;
    let quality = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/i.exec(param);
      if (match !== null) quality = Number(match[1]);
    }
    if (quality > 0) ranges.push({ tag, quality, order });
  }
  return ranges.sort((a, b) => b.quality - a.quality || a.order - b.order);
}

/**
 * The best of `supported` for an `Accept-Language` header, or `fallback`.
 * Matching is case-insensitive; the result is spelled as in `supported`.
 *
 * @example negotiateLanguage('pt-PT,pt;q=0.9,en;q=0.5', ['en', 'pt-BR']) === 'pt-BR'
 */
export function negotiateLanguage(header: string | null | undefined, supported: readonly string[], fallback: string): string {
  if (typeof header !== 'string' || header === '') return fallback;
  const byLower = new Map(supported.map((language) => [language.toLowerCase(), language]));
  const primary = (tag: string) => tag.split('-')[0]!;
  for (const { tag } of parseRanges(header)) {
    if (tag === '*') return fallback;
    const exact = byLower.get(tag);
    if (exact !== undefined) return exact;
    // A more specific range than we have ("de-AT" for "de"), or another region of the same language.
    const base = primary(tag);
    const sameLanguage = supported.find((language) => primary(language.toLowerCase()) === base);
    if (sameLanguage !== undefined) return sameLanguage;
  }
  return fallback;
}
