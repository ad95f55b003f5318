/**
 * The pieces the account views share: the error summary, hidden fields,
 * the back link, a device's line and the choice of methods.
 */
import { localDateAttributes } from '../../web/client-script.js';
import { html, type SafeHtml } from '../../web/html.js';
import type { MessageId } from '../../web/messages.js';
import { renderAlerts } from '../../web/views.js';
import type { AccountDeviceView, AccountField, AccountPageBase, AccountProfileModel, SetupMethodView } from './view-models.js';

/** The id of each field's input, for the error summary's links. */
export const ACCOUNT_FIELD_IDS: Readonly<Record<AccountField, string>> = {
  method: 'tf-method',
  name: 'tf-name',
  token: 'tf-token',
  device: 'tf-device',
  understand: 'tf-understand',
  destination: 'tf-destination',
};

/** The error summary and the notices of an account page. */
export function accountMessages(model: Pick<AccountPageBase, 't' | 'errors' | 'notices'>, destinationId?: string): SafeHtml {
  // A destination field's id follows the name its kind declares (`tf-number`).
  const ids = destinationId === undefined ? ACCOUNT_FIELD_IDS : { ...ACCOUNT_FIELD_IDS, destination: destinationId };
  return renderAlerts(model.t, model.errors, model.notices, ids);
}

export function invalid(model: Pick<AccountPageBase, 'errors'>, field: AccountField): SafeHtml | null {
  return model.errors.some((error) => error.field === field) ? html` aria-invalid="true"` : null;
}

/** The hidden fields of an account form: the CSRF token, and `next` unless left out. */
export function accountHiddenFields(model: Pick<AccountPageBase, 'csrfField' | 'csrfToken' | 'next' | 'redirectField'>, withNext = true): SafeHtml {
  return html`<input type="hidden" name="${model.csrfField}" value="${model.csrfToken}">
${withNext && model.next !== null ? html`<input type="hidden" name="${model.redirectField}" value="${model.next}">\n` : null}`;
}

export function backLink(model: AccountPageBase): SafeHtml {
  return html`<p class="tf-account-back"><a href="${model.urls.profile}">${model.t('account.action.backToProfile')}</a></p>\n`;
}

/** What the device's kind says of it: facts, then a warning to act on. */
function deviceDescription(device: AccountDeviceView): SafeHtml | null {
  const description = device.description ?? null;
  if (description === null) return null;
  return html`${description.lines.map((line) => html`<span class="tf-account-device-meta">${line}</span>\n`)}${
    description.warning === null ? null : html`<span class="tf-account-device-meta tf-account-device-warning" role="note">${description.warning}</span>\n`
  }`;
}

function deviceMeta(model: AccountPageBase, device: AccountDeviceView): SafeHtml {
  return html`${device.destinationText === null ? null : html`<span class="tf-account-device-meta tf-account-destination">${device.destinationText}</span>\n`}${deviceDescription(device)}<span class="tf-account-device-meta">${device.kindLabel} · <time datetime="${device.createdAt.toISOString()}"${localDateAttributes(device.createdText, model.localDates)}>${model.t('account.profile.deviceAdded', { date: device.createdText })}</time> · ${
    device.lastUsedAt === null || device.lastUsedText === null
      ? model.t('account.profile.deviceNeverUsed')
      : html`<time datetime="${device.lastUsedAt.toISOString()}"${localDateAttributes(device.lastUsedText, model.localDates)}>${model.t('account.profile.deviceLastUsed', { date: device.lastUsedText })}</time>`
  }</span>`;
}

export function deviceEntry(model: AccountProfileModel, device: AccountDeviceView): SafeHtml {
  const query = `?device=${encodeURIComponent(device.id)}`;
  return html`<li class="tf-account-device${device.primary ? html` tf-account-device-primary` : null}">
<span class="tf-account-device-name">${device.name}</span>${device.primary ? html`<span class="tf-account-badge">${model.t('account.profile.primaryBadge')}</span>` : null}
${deviceMeta(model, device)}
<div class="tf-account-device-actions">
<a href="${model.urls.rename}${query}">${model.t('account.action.rename')}</a>
${device.primary ? null : html`<form class="tf-inline" method="post" action="${model.urls.primary}">
${accountHiddenFields(model, false)}<input type="hidden" name="device" value="${device.id}">
<button class="tf-button tf-button-link" type="submit">${model.t('account.action.makePrimary')}</button>
</form>
`}<a href="${model.urls.remove}${query}">${model.t('account.action.remove')}</a>
</div>
</li>
`;
}

/** The radio buttons of a choice of methods (the setup's method, a number's channel), each with its explanation. */
export function methodChoice(model: AccountPageBase, legend: MessageId, methods: readonly SetupMethodView[]): SafeHtml {
  return html`<fieldset class="tf-account-methods" id="tf-method"${invalid(model, 'method')}>
<legend>${model.t(legend)}</legend>
${methods.map(
  (method, index) => html`<div class="tf-account-choice">
<input type="radio" name="method" id="tf-method-${index}" value="${method.kind}"${method.selected ? html` checked` : null} aria-describedby="tf-method-${index}-hint">
<label for="tf-method-${index}"><strong>${method.label}</strong><span class="tf-hint" id="tf-method-${index}-hint">${method.hint}</span></label>
</div>
`,
)}</fieldset>
`;
}

/** The wizard's "Cancel setup" button. */
export function cancelSetupForm(model: AccountPageBase): SafeHtml {
  return html`<form class="tf-inline" method="post" action="${model.urls.setup}">
${accountHiddenFields(model)}<button class="tf-button tf-button-link" type="submit" name="action" value="cancel" formnovalidate>${model.t('account.action.cancelSetup')}</button>
</form>
`;
}
