import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENGLISH_MESSAGES } from '../../../src/assembly/messages.js';
import type { MessageText } from '../../../src/web/messages.js';
import { ADMIN_ENGLISH_MESSAGES } from '../../../src/flows/admin/messages.js';
import { SUPPORTED_LANGUAGES, TRANSLATIONS } from '../../../src/web/i18n/locales/index.js';
import { createTwofoldI18n, i18nextLookup } from '../../../src/web/i18n/i18next.js';

type Catalog = Readonly<Record<string, MessageText>>;
type Language = keyof typeof TRANSLATIONS;

const LANGUAGES = Object.keys(TRANSLATIONS) as Language[];

/**
 * Ids whose translation is rightly the English text: a bare placeholder, or a
 * word the language borrowed unchanged ("Code", "Status", "E-mail"). Each
 * entry must really be identical, so that the list cannot go stale.
 */
// The names of a security key's connections (USB, NFC, Bluetooth) are borrowed unchanged.
const TRANSPORT_NAMES = ['usb', 'nfc', 'ble'].map((key) => `account.kind.webauthn.description.transport.${key}`);

const SAME_AS_ENGLISH: Readonly<Record<Language, readonly string[]>> = {
  nl: ['account.defaultName.numbered', 'field.token', 'admin.column.status', 'admin.detail.status', 'account.kind.email'],
  de: ['account.defaultName.numbered', 'field.token', 'admin.column.status', 'admin.detail.status', ...TRANSPORT_NAMES],
  fr: ['account.defaultName.numbered', 'field.token', 'account.kind.email', ...TRANSPORT_NAMES],
  es: ['account.defaultName.numbered', ...TRANSPORT_NAMES],
  'pt-BR': ['account.defaultName.numbered', 'account.kind.email', ...TRANSPORT_NAMES],
};

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

function isMessageText(value: unknown): value is MessageText {
  if (typeof value === 'string') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const forms = Object.values(value as Record<string, unknown>);
  return 'other' in value && forms.every((form) => typeof form === 'string');
}

function isCatalog(value: unknown): value is Catalog {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.values(value as Record<string, unknown>);
  return entries.length > 0 && entries.every(isMessageText);
}

function findCatalogFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findCatalogFiles(path));
    else if (entry.name === 'messages.ts') found.push(path);
  }
  return found;
}

// Catalogs of the flows and devices are picked up wherever they appear, so
// that a new one fails this test until it is translated, even before it is
// merged into ENGLISH_MESSAGES.
const sourceRoot = fileURLToPath(new URL('../../../src/', import.meta.url));
const discovered: { readonly origin: string; readonly catalog: Catalog }[] = [];
for (const folder of ['flows', 'devices']) {
  for (const file of findCatalogFiles(join(sourceRoot, folder))) {
    const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (isCatalog(value)) discovered.push({ origin: `${file.slice(sourceRoot.length)} ${name}`, catalog: value });
    }
  }
}

const englishSources = [
  { origin: 'web/messages.ts ENGLISH_MESSAGES', catalog: ENGLISH_MESSAGES as Catalog },
  { origin: 'flows/admin/messages.ts ADMIN_ENGLISH_MESSAGES', catalog: ADMIN_ENGLISH_MESSAGES as Catalog },
  ...discovered,
];

const english: Record<string, MessageText> = {};
const conflicts: string[] = [];
for (const { origin, catalog } of englishSources) {
  for (const [id, text] of Object.entries(catalog)) {
    const earlier = english[id];
    if (earlier !== undefined && JSON.stringify(earlier) !== JSON.stringify(text)) conflicts.push(`${id} (${origin})`);
    english[id] = text;
  }
}

function forms(text: MessageText): readonly string[] {
  return typeof text === 'string' ? [text] : Object.values(text).filter((form) => typeof form === 'string');
}

function placeholders(text: string): string {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]).sort().join(',');
}

function interpolate(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

describe('translations', () => {
  it('cover the English catalogs, whose ids are unique', () => {
    assert.deepEqual(conflicts, [], 'ids defined differently in two English catalogs');
    assert.ok(discovered.length >= 2, 'the flows’ catalogs were found');
    assert.deepEqual([...SUPPORTED_LANGUAGES].sort(), ['de', 'en', 'es', 'fr', 'nl', 'pt-BR']);
    assert.deepEqual(SUPPORTED_LANGUAGES.filter((language) => language !== 'en').sort(), [...LANGUAGES].sort());
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      const catalog = TRANSLATIONS[language];
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.slice().sort();

      it('has exactly the English ids', () => {
        const missing = Object.keys(english).filter((id) => !Object.hasOwn(catalog, id));
        const extra = Object.keys(catalog).filter((id) => !Object.hasOwn(english, id));
        assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
      });

      it('keeps every placeholder of the English text, and no stray brace', () => {
        const wrong: string[] = [];
        for (const [id, text] of Object.entries(catalog)) {
          const source = english[id];
          if (source === undefined) continue;
          const expected = placeholders(typeof source === 'string' ? source : source.other);
          for (const form of forms(text)) {
            if (placeholders(form) !== expected || /[{}]/.test(form.replace(PLACEHOLDER, ''))) wrong.push(`${id}: ${form}`);
          }
        }
        assert.deepEqual(wrong, []);
      });

      it('gives plural messages exactly the language’s plural categories, and plain messages plain text', () => {
        assert.ok(categories.includes('other'));
        const wrong: string[] = [];
        for (const [id, text] of Object.entries(catalog)) {
          const source = english[id];
          if (source === undefined) continue;
          if (typeof source === 'string') {
            if (typeof text !== 'string') wrong.push(`${id}: should be plain text`);
          } else if (typeof text === 'string') {
            wrong.push(`${id}: needs plural forms`);
          } else if (Object.keys(text).sort().join(',') !== categories.join(',')) {
            wrong.push(`${id}: has ${Object.keys(text).sort().join(',')}, needs ${categories.join(',')}`);
          }
        }
        assert.deepEqual(wrong, []);
      });

      it('has no empty, padded or untranslated text', () => {
        const allowed = new Set(SAME_AS_ENGLISH[language]);
        const wrong: string[] = [];
        for (const [id, text] of Object.entries(catalog)) {
          for (const form of forms(text)) if (form.trim() === '' || form !== form.trim()) wrong.push(`${id}: empty or padded`);
          const same = JSON.stringify(text) === JSON.stringify(english[id]);
          if (same && !allowed.has(id)) wrong.push(`${id}: same as English`);
          if (!same && allowed.has(id)) wrong.push(`${id}: allowed to equal English but differs; drop it from the list`);
        }
        assert.deepEqual(wrong, []);
      });
    });
  }

  it('render through i18next in every language, plural forms chosen by count', () => {
    const i18n = createTwofoldI18n({ en: english, ...TRANSLATIONS });
    // 1 000 000 reaches the `many` form of French, Spanish and Portuguese.
    const counts = [0, 1, 2, 5, 21, 1_000_000];
    for (const language of LANGUAGES) {
      const t = i18nextLookup(i18n, language);
      const rules = new Intl.PluralRules(language);
      for (const [id, text] of Object.entries(TRANSLATIONS[language])) {
        for (const count of typeof text === 'string' ? [undefined] : counts) {
          const form = typeof text === 'string' ? text : (text[rules.select(count ?? 0)] ?? text.other);
          const params: Record<string, string | number> = {};
          for (const [, name] of form.matchAll(PLACEHOLDER)) if (name !== undefined) params[name] = `<${name}>`;
          if (count !== undefined) params.count = count;
          const rendered = t(id, params);
          const where = `${language} ${id} count=${String(count)}`;
          assert.equal(rendered, interpolate(form, params), where);
          assert.doesNotMatch(rendered, /\{[a-zA-Z]/, where);
          assert.notEqual(rendered, id, where);
        }
      }
    }
  });
});

describe('example phone numbers in the texts', () => {
  it('are numbers the phone kind accepts, in every language (a reader may copy one)', async () => {
    const { ACCOUNT_MESSAGES } = await import('../../../src/flows/account/messages.js');
    const { checkPhoneNumber } = await import('../../../src/devices/phone/number.js');
    const catalogs: [string, Readonly<Record<string, MessageText>>][] = [['en', ACCOUNT_MESSAGES], ...Object.entries(TRANSLATIONS)];
    let checked = 0;
    for (const [language, catalog] of catalogs) {
      for (const id of ['account.kind.phone.fieldHint', 'account.kind.phone.problem.missing-country-code']) {
        const text = catalog[id];
        assert.equal(typeof text, 'string', `${language} ${id}`);
        const example = /\+\d[\d ]{6,}\d/.exec(text as string)?.[0];
        assert.ok(example !== undefined, `${language} ${id} gives an example number`);
        const check = checkPhoneNumber(example);
        assert.ok(check.ok, `${language} ${id}: ${example} is refused (${check.ok ? '' : check.reason})`);
        checked++;
      }
    }
    assert.equal(checked, 12);
  });
});
