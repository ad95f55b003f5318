import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLayout, escapeHtml, html, isSafeHtml, trustedHtml } from '../../src/web/html.js';
import { DEFAULT_CONTENT_SECURITY_POLICY } from '../../src/web/headers.js';

describe('html', () => {
  it('escapes every interpolated string, in content and attributes', () => {
    const name = `<script>alert("x")</script> & 'y' \``;
    const out = html`<p title="${name}">${name}</p>`;
    assert.equal(out.html, '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;</p>');
    assert.equal(escapeHtml('a&b'), 'a&amp;b');
  });

  it('inserts nested markup as is, joins arrays, and renders nothing for null, undefined and booleans', () => {
    const items = ['<a>', 'b'].map((item) => html`<li>${item}</li>`);
    assert.equal(html`<ul>${items}</ul>${null}${undefined}${false}${true}${3}`.html, '<ul><li>&lt;a&gt;</li><li>b</li></ul>3');
  });

  it('only trusts SafeHtml objects, not look-alikes', () => {
    const fake = { html: '<b>', toString: () => '<b>' } as unknown as string;
    assert.equal(html`${fake}`.html, '&lt;b&gt;');
    assert.equal(isSafeHtml(trustedHtml('<b>')), true);
    assert.equal(html`${trustedHtml('<b>')}`.html, '<b>');
    assert.equal(String(html`<i>${'x'}</i>`), '<i>x</i>');
  });

  it('lays a page out with its language, escaped title, viewport and stylesheets', () => {
    const page = defaultLayout({ title: 'A <b>', body: html`<p>x</p>`, lang: 'en', stylesheets: ['/a.css', '/b.css?v="1"'] }).html;
    assert.match(page, /^<!doctype html>\n<html lang="en">/);
    assert.match(page, /<title>A &lt;b&gt;<\/title>/);
    assert.match(page, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(page, /<link rel="stylesheet" href="\/a.css">\n<link rel="stylesheet" href="\/b.css\?v=&quot;1&quot;">/);
    assert.match(page, /<main class="tf-card">\n<p>x<\/p>\n<\/main>/);
  });

  it('names an empty icon in the head, so that browsers do not ask for /favicon.ico on every page', () => {
    const page = defaultLayout({ title: 't', body: html`<p>x</p>`, lang: 'en', stylesheets: [] }).html;
    const head = /<head>([\s\S]*)<\/head>/.exec(page)?.[1] ?? '';
    assert.match(head, /<link rel="icon" href="data:,">/);
    assert.match(DEFAULT_CONTENT_SECURITY_POLICY, /img-src [^;]*data:/, 'the policy lets the browser use it');
  });
});
