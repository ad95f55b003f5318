/**
 * The escapers, one per output language, so that every page, e-mail body and
 * voice script escapes by the same rules.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // Old IE treated a backtick as an attribute quote; escaping it costs nothing.
  '`': '&#96;',
};

/**
 * Escapes text for HTML element content and quoted attribute values (pages,
 * HTML e-mail bodies).
 *
 * @example
 * escapeHtml('<b>"Tom" & \'Jerry\'</b>'); // '&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => HTML_ESCAPES[char] ?? char);
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for XML element content and quoted attribute values (TwiML
 * voice scripts): the five predefined XML entities.
 *
 * @example
 * escapeXml('Your code is <1 2 3>'); // 'Your code is &lt;1 2 3&gt;'
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}
