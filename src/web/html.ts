/**
 * HTML built with an auto-escaping tagged template: every interpolated value
 * is escaped unless it is itself markup produced by {@link html} (or
 * explicitly trusted with {@link trustedHtml}). Device names, usernames and
 * messages from device kinds all pass through here, so escaping is not left to
 * each page's author.
 */

const SAFE = Symbol('twofold.safeHtml');

/** Markup that is safe to insert as is. Create it with {@link html} or {@link trustedHtml}. */
export interface SafeHtml {
  readonly [SAFE]: true;
  /** The markup. */
  readonly html: string;
  /** The markup (so that `String(safe)` and template literals work). */
  toString(): string;
}

/** What may be interpolated into {@link html}: `null`, `undefined` and booleans render as nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function safe(markup: string): SafeHtml {
  return { [SAFE]: true, html: markup, toString: () => markup };
}

/** Whether `value` is {@link SafeHtml}. */
export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

import { escapeHtml } from '../core/escape.js';

export { escapeHtml };

function render(value: HtmlValue): string {
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  if (isSafeHtml(value)) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  // Anything else reaching here at run time (a look-alike object) is text, never markup.
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolation.
 *
 * @example
 * ```ts
 * html`<p>Signed in as <strong>${user.name}</strong></p>`
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return safe(out);
}

/**
 * Marks markup produced elsewhere (another template engine that escapes on
 * its own) as safe. Never pass it anything built from user input by hand.
 */
export function trustedHtml(markup: string): SafeHtml {
  return safe(markup);
}

/** What a page layout receives. */
export interface LayoutModel {
  /** The page title (plain text). */
  readonly title: string;
  /** The page's main content. */
  readonly body: SafeHtml;
  /** BCP 47 language of the page. */
  readonly lang: string;
  /** Stylesheet URLs, twofold's first. */
  readonly stylesheets: readonly string[];
  /** Script URLs (twofold's `/twofold.js`: copy buttons, countdowns), loaded deferred; the pages work without them. */
  readonly scripts?: readonly string[];
}

/**
 * twofold's default page layout: a small centred card, readable on a phone.
 * Its empty icon (`data:,`, allowed by the default `img-src 'self' data:`)
 * stops browsers asking for `/favicon.ico`, which most hosts answer with 404.
 */
export function defaultLayout(model: LayoutModel): SafeHtml {
  return html`<!doctype html>
<html lang="${model.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${model.title}</title>
${model.stylesheets.map((href) => html`<link rel="stylesheet" href="${href}">\n`)}${(model.scripts ?? []).map((src) => html`<script src="${src}" defer></script>\n`)}</head>
<body class="tf-body">
<main class="tf-card">
${model.body}
</main>
</body>
</html>
`;
}

/**
 * The stylesheet twofold serves next to its pages. Class names start with
 * `tf-`; restyle by adding a stylesheet of your own (`stylesheets` option) or
 * by replacing the layout.
 */
export const TWOFOLD_CSS = `:root {
  --tf-fg: #1b1f24;
  --tf-muted: #57606a;
  --tf-bg: #f4f5f7;
  --tf-card: #ffffff;
  --tf-border: #8c959f;
  --tf-accent: #0a57c2;
  --tf-accent-fg: #ffffff;
  --tf-error: #b3261e;
  --tf-error-bg: #fdecea;
  --tf-notice-bg: #e8f1fd;
  --tf-focus: #f2b600;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --tf-fg: #e6e8eb;
    --tf-muted: #a7b0ba;
    --tf-bg: #111418;
    --tf-card: #1b2026;
    --tf-border: #6e7781;
    --tf-accent: #6ea8fe;
    --tf-accent-fg: #0b1220;
    --tf-error: #ff8a80;
    --tf-error-bg: #3a1614;
    --tf-notice-bg: #16263d;
  }
}
*, *::before, *::after { box-sizing: border-box; }
.tf-body {
  margin: 0;
  min-height: 100vh;
  background: var(--tf-bg);
  color: var(--tf-fg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: flex;
  align-items: flex-start;
  justify-content: center;
  padding: 1rem;
}
.tf-card {
  width: 100%;
  max-width: 28rem;
  margin-top: 8vh;
  background: var(--tf-card);
  border: 1px solid var(--tf-border);
  border-radius: 0.75rem;
  padding: 1.5rem;
}
.tf-card h1 { font-size: 1.5rem; margin: 0 0 1rem; }
.tf-card h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
.tf-card p { margin: 0 0 1rem; }
.tf-field { margin: 0 0 1rem; }
.tf-field label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.tf-hint { display: block; color: var(--tf-muted); font-size: 0.9rem; margin-bottom: 0.35rem; }
.tf-field input, .tf-field select {
  width: 100%;
  min-height: 2.75rem;
  padding: 0.5rem 0.75rem;
  font: inherit;
  color: inherit;
  background: var(--tf-card);
  border: 1px solid var(--tf-border);
  border-radius: 0.4rem;
}
.tf-field input[aria-invalid="true"] { border: 2px solid var(--tf-error); }
.tf-token { font-size: 1.35rem; letter-spacing: 0.15em; font-variant-numeric: tabular-nums; }
.tf-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1.25rem; }
.tf-button {
  min-height: 2.75rem;
  padding: 0.5rem 1.25rem;
  font: inherit;
  font-weight: 600;
  border-radius: 0.4rem;
  border: 1px solid var(--tf-accent);
  background: var(--tf-accent);
  color: var(--tf-accent-fg);
  cursor: pointer;
}
.tf-button-secondary { background: transparent; color: var(--tf-accent); }
/* A link drawn as a button must win over the card's link colour, or its text vanishes into the background. */
.tf-card a.tf-button { display: inline-flex; align-items: center; text-decoration: none; color: var(--tf-accent-fg); }
.tf-card a.tf-button-secondary { color: var(--tf-accent); }
.tf-button-link {
  border: 0;
  background: none;
  color: var(--tf-accent);
  text-decoration: underline;
  padding: 0.5rem 0;
  font-weight: 400;
}
.tf-button:focus-visible, .tf-field input:focus-visible, .tf-field select:focus-visible, .tf-card a:focus-visible {
  outline: 3px solid var(--tf-focus);
  outline-offset: 2px;
}
.tf-card a { color: var(--tf-accent); }
.tf-alert { border-radius: 0.4rem; padding: 0.75rem 1rem; margin: 0 0 1rem; }
.tf-alert ul { margin: 0; padding-left: 1.25rem; }
.tf-alert-error { background: var(--tf-error-bg); border-left: 4px solid var(--tf-error); }
.tf-alert-error a { color: var(--tf-fg); font-weight: 600; }
.tf-alert-notice { background: var(--tf-notice-bg); border-left: 4px solid var(--tf-accent); }
.tf-inline { display: inline; }
/* Buttons the page script shows only when it can make them work. */
.tf-card [hidden] { display: none !important; }
/* Long words (Dutch and German compounds, e-mail addresses) wrap rather than push the page sideways at 360 px. */
.tf-card h1, .tf-card h2, .tf-card p, .tf-card li, .tf-card label, .tf-card legend, .tf-alert { overflow-wrap: break-word; hyphens: auto; }
.tf-button { max-width: 100%; white-space: normal; overflow-wrap: anywhere; text-align: center; }
.tf-copy-status { align-self: center; color: var(--tf-muted); font-size: 0.9rem; }
.tf-copy-status:empty { display: none; }
@media (max-width: 30rem) {
  .tf-body { padding: 0.5rem; }
  .tf-card { padding: 1rem; margin-top: 0.5rem; }
  .tf-card h1 { font-size: 1.35rem; }
}
`;
