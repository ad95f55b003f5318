/**
 * twofold's one small page script, served from the app itself (`/twofold.js`,
 * allowed by the default CSP's `script-src 'self'`; no inline script, no
 * nonce needed). Progressive enhancement only: every page works without it,
 * and it adds what a browser can do better than a reload.
 *
 * The markup it understands (written by the default views):
 *
 * - `<button hidden data-tf-copy="ID">` copies the text of element `ID` (or
 *   its `data-tf-copy-text`; a list of `<code>` elements is copied one per
 *   line; `data-tf-copy-compact` drops the spaces of a grouped key), then says so in the `[data-tf-copy-status]` region of its form or
 *   parent. Shown only when the browser has a clipboard.
 * - `<button hidden data-tf-print>` prints the page (shown when it can).
 * - `data-tf-until="ISO"` on an element whose text holds a server-rendered
 *   delay (`data-tf-relative`, "in 45 seconds") and clock time
 *   (`data-tf-clock`, "14:03:07 UTC"): the delay counts down every second in
 *   the page's language and the clock time is shown in the reader's own time
 *   zone. At the end, the element's text becomes `data-tf-done` (when given)
 *   and the button whose id is in `data-tf-enables` is enabled.
 * - `<select data-tf-words>` of devices whose `<option>`s carry
 *   `data-tf-label`, `data-tf-hint`, `data-tf-inputmode` and
 *   `data-tf-autocomplete`: choosing another device rewords the code field
 *   `#tf-token` (a key to touch, a code to read) as a reload would.
 * - `<time datetime="ISO" data-tf-date="TEXT">` whose text holds TEXT, a
 *   date the server wrote in {@link LOCAL_DATE_FORMAT} in its own time zone:
 *   TEXT is rewritten in the reader's time zone (the zone stays named).
 */
import { html, type SafeHtml } from './html.js';

/**
 * How pages write a date and time by default (`Dec 6, 2026, 2:03 PM UTC`):
 * the server in its configured zone, the page script again in the reader's.
 */
export const LOCAL_DATE_FORMAT: Readonly<Intl.DateTimeFormatOptions> = Object.freeze({
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** The script's source (plain ES5-level JavaScript, so that old phones run it too). */
export const TWOFOLD_CLIENT_SCRIPT = `;(function () {
  var DATE_FORMAT = ${JSON.stringify(LOCAL_DATE_FORMAT)};
  'use strict';
  var lang = document.documentElement.lang || undefined;
  var UNITS = [['day', 86400], ['hour', 3600], ['minute', 60]];
  function relative(seconds) {
    var format = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
    for (var i = 0; i < UNITS.length; i++) {
      if (seconds >= UNITS[i][1]) return format.format(Math.ceil(seconds / UNITS[i][1]), UNITS[i][0]);
    }
    return format.format(seconds, 'second');
  }
  function clock(date) {
    return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).format(date);
  }
  function replaceText(element, from, to) {
    if (!from || from === to) return;
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var at = node.nodeValue.indexOf(from);
      if (at >= 0) {
        node.nodeValue = node.nodeValue.slice(0, at) + to + node.nodeValue.slice(at + from.length);
        return;
      }
    }
  }
  function localDate(element) {
    var at = Date.parse(element.getAttribute('datetime') || '');
    if (isNaN(at)) return;
    replaceText(element, element.getAttribute('data-tf-date'), new Intl.DateTimeFormat(lang, DATE_FORMAT).format(new Date(at)));
  }
  function countdown(element) {
    var until = Date.parse(element.getAttribute('data-tf-until') || '');
    if (isNaN(until)) return;
    var shown = element.getAttribute('data-tf-relative');
    // A live region would read the whole message out every second: it was read once, with the page.
    var live = element.closest('[role="alert"], [role="status"], [aria-live]');
    if (live) live.setAttribute('aria-live', 'off');
    var localClock = clock(new Date(until));
    replaceText(element, element.getAttribute('data-tf-clock'), localClock);
    function tick() {
      var left = Math.ceil((until - Date.now()) / 1000);
      if (left <= 0) {
        var done = element.getAttribute('data-tf-done');
        if (done) element.textContent = done;
        var button = document.getElementById(element.getAttribute('data-tf-enables') || '');
        if (button) button.disabled = false;
        return;
      }
      var next = relative(left);
      replaceText(element, shown, next);
      shown = next;
      setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    }
    tick();
  }
  function copyText(button) {
    var explicit = button.getAttribute('data-tf-copy-text');
    if (explicit) return explicit;
    var target = document.getElementById(button.getAttribute('data-tf-copy') || '');
    if (!target) return '';
    var codes = target.querySelectorAll('code');
    if (codes.length > 1) return Array.prototype.map.call(codes, function (code) { return code.textContent.trim(); }).join('\\n') + '\\n';
    var text = target.textContent.trim();
    return button.hasAttribute('data-tf-copy-compact') ? text.replace(/\\s+/g, '') : text;
  }
  function enhanceCopy(button) {
    if (!navigator.clipboard || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var status = (button.form || button.parentNode).querySelector('[data-tf-copy-status]');
      navigator.clipboard.writeText(copyText(button)).then(function () {
        if (status) status.textContent = button.getAttribute('data-tf-copied') || 'Copied';
      }, function () {
        if (status) status.textContent = button.getAttribute('data-tf-copy-failed') || '';
      });
    });
  }
  function enhancePrint(button) {
    if (typeof window.print !== 'function') return;
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  }
  function enhanceWords(select) {
    select.addEventListener('change', function () {
      var option = select.options[select.selectedIndex];
      var field = document.getElementById('tf-token');
      if (!option || !field || !option.hasAttribute('data-tf-label')) return;
      var label = document.querySelector('label[for="tf-token"]');
      var hint = document.getElementById('tf-token-hint');
      if (label) label.textContent = option.getAttribute('data-tf-label');
      if (hint) hint.textContent = option.getAttribute('data-tf-hint');
      field.setAttribute('inputmode', option.getAttribute('data-tf-inputmode') || 'text');
      field.setAttribute('autocomplete', option.getAttribute('data-tf-autocomplete') || 'one-time-code');
    });
  }
  function each(selector, action) {
    var found = document.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) action(found[i]);
  }
  function start() {
    if (typeof Intl === 'object' && Intl.RelativeTimeFormat) {
      each('[data-tf-until]', countdown);
    }
    if (typeof Intl === 'object' && Intl.DateTimeFormat) each('time[data-tf-date]', localDate);
    each('button[data-tf-copy]', enhanceCopy);
    each('button[data-tf-print]', enhancePrint);
    each('select[data-tf-words]', enhanceWords);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;

/** Serves {@link TWOFOLD_CLIENT_SCRIPT} (cacheable: it holds nothing private). */
export function clientScriptResponse(): Response {
  return new Response(TWOFOLD_CLIENT_SCRIPT, {
    status: 200,
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** A moment the page counts down to: when, and how the server said it ("in 45 seconds", "14:03:07 UTC"). */
export interface Deadline {
  readonly at: Date;
  readonly relative: string;
  readonly time: string;
}

/**
 * The attributes that make an element's text count down to `deadline` (see
 * {@link TWOFOLD_CLIENT_SCRIPT}); `done` replaces the text at the end and
 * `enables` names a disabled button to enable then.
 */
export function countdownAttributes(deadline: Deadline, options: { readonly done?: string; readonly enables?: string } = {}): SafeHtml {
  return html` data-tf-until="${deadline.at.toISOString()}" data-tf-relative="${deadline.relative}" data-tf-clock="${deadline.time}"${
    options.done === undefined ? null : html` data-tf-done="${options.done}"`
  }${options.enables === undefined ? null : html` data-tf-enables="${options.enables}"`}`;
}

/** The `{relative}` and `{time}` message parameters of a deadline. */
export function deadlineParams(deadline: { readonly relative: string; readonly time: string }): { readonly relative: string; readonly time: string } {
  return { relative: deadline.relative, time: deadline.time };
}

/**
 * The attribute that lets the page script rewrite a `<time>` element's date
 * (`text`, written in {@link LOCAL_DATE_FORMAT}) in the reader's time zone;
 * null when `local` is false (a host's own date format is left alone).
 */
export function localDateAttributes(text: string, local: boolean | undefined): SafeHtml | null {
  return local === true ? html` data-tf-date="${text}"` : null;
}

/** A message that holds until a known time ("try again in 30 seconds") makes its summary count down. */
export function waitingAttributes(errors: readonly { readonly until?: Deadline }[]): SafeHtml | null {
  const until = errors.find((error) => error.until !== undefined)?.until;
  return until === undefined ? null : countdownAttributes(until);
}
