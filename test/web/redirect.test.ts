import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSafeRedirect, loginRedirectUrl, safeRedirect } from '../../src/web/redirect.js';

describe('safe redirects', () => {
  it('accept same-origin paths with queries and fragments', () => {
    for (const target of ['/', '/secret', '/a/b?c=d&e=%2F', '/page#top', '/caf%C3%A9', '/a;b', '/@user']) {
      assert.equal(isSafeRedirect(target), true, target);
    }
  });

  it('refuse everything a browser could read as another origin, or that decodes into one', () => {
    const evil = [
      'https://evil.example',
      'http://evil.example/',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\/evil.example',
      '\\\\evil.example',
      'https:evil.example',
      'https:/evil.example',
      '%2F%2Fevil.example',
      '/%2F/evil.example',
      '/%2f%2fevil.example',
      '/%5Cevil.example',
      '/%5cevil.example',
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>',
      '/\tevil',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/\u0000/evil',
      '/\u007f',
      '/\u0085x',
      '/a b',
      '/\u2028x',
      ' /evil',
      'evil.example',
      '',
      '/%',
      '/%E0%A4%A',
      `/${'a'.repeat(2048)}`,
    ];
    for (const target of evil) assert.equal(isSafeRedirect(target), false, JSON.stringify(target));
  });

  it('refuse non-strings', () => {
    for (const value of [null, undefined, 1, ['/a'], { toString: () => '/a' }]) assert.equal(isSafeRedirect(value), false);
  });

  it('fall back to the default', () => {
    assert.equal(safeRedirect('//evil', '/home'), '/home');
    assert.equal(safeRedirect('/ok', '/home'), '/ok');
    assert.equal(safeRedirect(null, '/home'), '/home');
  });

  it('build login URLs with the path encoded, appending to an existing query', () => {
    assert.equal(loginRedirectUrl('/login', 'next', '/a?b=c&d'), '/login?next=%2Fa%3Fb%3Dc%26d');
    assert.equal(loginRedirectUrl('/login?lang=en', 'return', '/x'), '/login?lang=en&return=%2Fx');
  });
});
