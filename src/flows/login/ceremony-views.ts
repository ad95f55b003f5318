/**
 * The token step of a device used by a browser ceremony (a security key or
 * passkey): one button that runs the kind's script, which posts the
 * browser's answer (or the reason there is none) back to the step. Without
 * JavaScript, `<noscript>` says why nothing happens; the other ways are
 * below the form as for every device.
 */
import { ceremonyOptionsElement } from '../../web/ceremony-script.js';
import { html, type SafeHtml } from '../../web/html.js';
import type { CeremonyButtonModel } from '../../web/views.js';

/** What the sign-in page shows for a ceremony device instead of a code field: the button (its options bound to this sign-in) and the instruction above it. */
export interface CeremonyStepModel extends CeremonyButtonModel {
  readonly intro: string;
}

/** The ceremony form: `hiddenFields` (CSRF, next) and `remember` (the checkbox, or null) come from the page. */
export function ceremonyForm(
  step: { readonly formAction: string; readonly device: { readonly id: string }; readonly ceremony: CeremonyStepModel },
  hiddenFields: SafeHtml,
  remember: SafeHtml | null,
): SafeHtml {
  const { ceremony } = step;
  return html`<p>${ceremony.intro}</p>
<noscript><p class="tf-noscript">${ceremony.noscript}</p></noscript>
${ceremonyOptionsElement('tf-ceremony-options', ceremony.options)}<form class="tf-token-step" method="post" action="${step.formAction}" novalidate data-twofold-webauthn="authenticate" data-options="tf-ceremony-options" data-waiting-message="${ceremony.waiting}" data-unsupported-message="${ceremony.unsupported}">
${hiddenFields}<input type="hidden" name="device" value="${step.device.id}">
<input type="hidden" name="action" value="ceremony"><input type="hidden" name="response" value=""><input type="hidden" name="error" value="">
${remember}<div class="tf-actions">
<button class="tf-button" type="submit">${ceremony.button}</button>
</div>
<p class="tf-hint" data-twofold-webauthn-status role="status"></p>
</form>
<script src="${ceremony.scriptUrl}" defer></script>
`;
}
