/**
 * twofold's own browser code for WebAuthn, appended to the
 * `@simplewebauthn/browser` bundle. Progressive enhancement: a page has a
 * plain form with a button; this script, when the browser supports WebAuthn,
 * runs the ceremony on submit and posts the result in the same form.
 *
 * The markup it understands:
 *
 * ```html
 * <script type="application/json" id="webauthn-options">{...options JSON...}</script>
 * <form method="post" data-twofold-webauthn="authenticate" data-options="webauthn-options">
 *   <input type="hidden" name="response"> <input type="hidden" name="error">
 *   <button type="submit">Use your security key</button>
 *   <p data-twofold-webauthn-status role="status"></p>
 * </form>
 * ```
 *
 * `data-twofold-webauthn` is `register` or `authenticate`. The options live
 * in a non-executable JSON script element (no inline script, so a strict CSP
 * holds). On success the response JSON goes into `response`; on failure or
 * cancellation the error's name (`NotAllowedError`, ...) goes into `error`,
 * and the form is posted either way so the server can say what happened and
 * offer the other ways. Without WebAuthn support the form gets
 * `data-twofold-webauthn-unsupported` and its button is disabled.
 */
export const WEBAUTHN_DRIVER_SOURCE = `
;(function () {
  'use strict';
  var library = globalThis.SimpleWebAuthnBrowser;
  function setStatus(form, text) {
    var status = form.querySelector('[data-twofold-webauthn-status]');
    if (status) status.textContent = text;
  }
  function setField(form, name, value) {
    var field = form.querySelector('input[name="' + name + '"]');
    if (field) field.value = value;
  }
  function readOptions(form) {
    var element = document.getElementById(form.getAttribute('data-options') || '');
    return element ? JSON.parse(element.textContent || 'null') : null;
  }
  function enhance(form) {
    var mode = form.getAttribute('data-twofold-webauthn');
    if (mode !== 'register' && mode !== 'authenticate') return;
    if (!library || !library.browserSupportsWebAuthn()) {
      form.setAttribute('data-twofold-webauthn-unsupported', '');
      var buttons = form.querySelectorAll('button');
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      setStatus(form, form.getAttribute('data-unsupported-message') || 'This browser cannot use security keys or passkeys.');
      return;
    }
    var busy = false;
    form.addEventListener('submit', function (event) {
      if (form.hasAttribute('data-twofold-webauthn-done')) return;
      event.preventDefault();
      if (busy) return;
      busy = true;
      setStatus(form, form.getAttribute('data-waiting-message') || 'Follow the instructions of your browser or security key.');
      var optionsJSON = readOptions(form);
      var ceremony = mode === 'register' ? library.startRegistration({ optionsJSON: optionsJSON }) : library.startAuthentication({ optionsJSON: optionsJSON });
      ceremony.then(function (response) {
        setField(form, 'response', JSON.stringify(response));
      }, function (error) {
        setField(form, 'error', (error && error.name) || 'Error');
      }).then(function () {
        form.setAttribute('data-twofold-webauthn-done', '');
        form.submit();
      });
    });
    if (form.hasAttribute('data-autostart')) form.requestSubmit();
  }
  function start() {
    var forms = document.querySelectorAll('form[data-twofold-webauthn]');
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
