/**
 * The browser scripts of ceremony kinds (WebAuthn), served by twofold's own
 * pages: at a path carrying the script's hash, cached for a year (a new
 * version has a new path), allowed by the default CSP's `script-src 'self'`.
 * Pages load them with a plain `<script src defer>`; their options travel in
 * a non-executable `<script type="application/json">`, so no inline code.
 */
import type { CeremonyScript } from '../core/presentation.js';
import { html, trustedHtml, type SafeHtml } from './html.js';

/** The route path of a ceremony script, relative to where twofold is mounted. */
export type CeremonyScriptPath = `/${string}.js`;

/** Where `script` is served under `basePath`. */
export function ceremonyScriptUrl(basePath: string, script: CeremonyScript): string {
  return `${basePath}/${script.fileName}`;
}

/** The route path of `script`. */
export function ceremonyScriptPath(script: CeremonyScript): CeremonyScriptPath {
  return `/${script.fileName}` as CeremonyScriptPath;
}

/** Serves a ceremony script: public, immutable, a year (its path changes with its content). */
export function ceremonyScriptResponse(script: CeremonyScript): Response {
  return new Response(script.source, {
    status: 200,
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** JSON for a `<script type="application/json">` element: `<` escaped so that nothing in it can end the element. */
export function jsonScriptText(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The options element a ceremony form names in `data-options`. */
export function ceremonyOptionsElement(id: string, options: unknown): SafeHtml {
  // Script elements are not entity-decoded, so HTML escaping would break the JSON; inside one only "<" can end it, and jsonScriptText escapes every "<".
  return html`<script type="application/json" id="${id}">${trustedHtml(jsonScriptText(options))}</script>\n`;
}
