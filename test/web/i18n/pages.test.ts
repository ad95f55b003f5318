/**
 * Pages in the reader's language: chosen from Accept-Language, or by the
 * host, with plurals of that language and English as the fallback.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateLanguage } from '../../../src/web/i18n/negotiate.js';
import { withLanguage } from '../../../src/web/i18n/scope.js';
import { createTranslator } from '../../../src/assembly/messages.js';
import { startHost, type Host } from '../../express/support.js';

describe('negotiateLanguage', () => {
  const supported = ['en', 'nl', 'de', 'fr', 'es', 'pt-BR'];
  it('follows quality values, regions and wildcards', () => {
    assert.equal(negotiateLanguage('fr-CH, fr;q=0.9, en;q=0.8', supported, 'en'), 'fr');
    assert.equal(negotiateLanguage('pt-PT,pt;q=0.9', supported, 'en'), 'pt-BR');
    assert.equal(negotiateLanguage('ja, de;q=0.5', supported, 'en'), 'de');
    assert.equal(negotiateLanguage('de;q=0.2, nl;q=0.9', supported, 'en'), 'nl');
    assert.equal(negotiateLanguage('ja', supported, 'en'), 'en');
    assert.equal(negotiateLanguage('*', supported, 'en'), 'en');
    assert.equal(negotiateLanguage('de;q=0', supported, 'en'), 'en');
    assert.equal(negotiateLanguage('', supported, 'en'), 'en');
    assert.equal(negotiateLanguage(null, supported, 'en'), 'en');
    assert.equal(negotiateLanguage('x'.repeat(5000), supported, 'en'), 'en');
  });
});

describe('translator in a language scope', () => {
  it('speaks the scope’s language with its plurals, and English outside', () => {
    const t = createTranslator();
    const params = { count: 3, relative: 'x', time: 'y' };
    assert.match(t.text('error.throttled', params), /^Verification is paused after 3 failed attempts/);
    const german = withLanguage('de', () => t.text('error.throttled', params));
    assert.notEqual(german, t.text('error.throttled', params));
    assert.match(german, /3/);
    assert.doesNotMatch(german, /\{/);
    assert.equal(withLanguage('de', () => t.locale), 'de');
    assert.equal(withLanguage('ja', () => t.text('page.login.title')), 'Sign in', 'no translation: English');
  });

  it('keeps the host’s own wording in every language', () => {
    const t = createTranslator({ messages: { 'page.login.title': 'Log in to Example' } });
    assert.equal(withLanguage('fr', () => t.text('page.login.title')), 'Log in to Example');
  });
});

describe('pages over HTTP', () => {
  let host: Host;
  let englishOnly: Host;
  after(async () => {
    await host.close();
    await englishOnly.close();
  });

  it('are written in the language the browser asks for', async () => {
    host = await startHost();
    const english = await host.browser().get('/account/login', { 'Accept-Language': 'en-GB' });
    assert.match(english.text, /<html lang="en"/);
    for (const language of ['nl', 'de', 'fr', 'es', 'pt-BR']) {
      const page = await host.browser().get('/account/login', { 'Accept-Language': `${language};q=0.9, en;q=0.1` });
      assert.match(page.text, new RegExp(`<html lang="${language}"`), language);
      assert.doesNotMatch(page.text, /<h1[^>]*>Sign in<\/h1>/, `${language} title is translated`);
    }
  });

  it('stay English when the host lists English only', async () => {
    englishOnly = await startHost({ twofold: { languages: ['en'] } });
    const page = await englishOnly.browser().get('/account/login', { 'Accept-Language': 'de' });
    assert.match(page.text, /<html lang="en"/);
    assert.match(page.text, /Sign in/);
  });
});
