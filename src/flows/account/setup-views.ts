/**
 * Default views of the setup wizard: welcome and choice of method, the key
 * step, the number or address and code steps of a setup by code, and done.
 */
import { countdownAttributes, deadlineParams } from '../../web/client-script.js';
import { html, type SafeHtml } from '../../web/html.js';
import { ceremonyOptionsElement } from '../../web/ceremony-script.js';
import type { AccountSetupCeremonyModel, AccountSetupCodeModel, AccountSetupDestinationModel, AccountSetupTokenModel, AccountSetupDoneModel, AccountSetupKeyModel, AccountSetupWelcomeModel } from './view-models.js';
import { accountHiddenFields, accountMessages, backLink, cancelSetupForm, invalid, methodChoice } from './view-parts.js';

/** The device name field of the setup steps, pre-filled. */
function nameField(model: Pick<AccountSetupKeyModel, 't' | 'errors' | 'name'>): SafeHtml {
  return html`<div class="tf-field">
<label for="tf-name">${model.t('account.field.name')}</label>
<span class="tf-hint" id="tf-name-hint">${model.t('account.field.name.hint')}</span>
<input id="tf-name" name="name" type="text" autocomplete="off" maxlength="64" value="${model.name}" aria-describedby="tf-name-hint"${invalid(model, 'name')}>
</div>
`;
}

/** Default view of the first setup step. */
export function accountSetupWelcomeView(model: AccountSetupWelcomeModel): SafeHtml {
  const title = model.t(model.adding ? 'account.setup.addTitle' : 'account.setup.title');
  if (model.methods.length === 0) {
    return html`<h1>${title}</h1>
${accountMessages(model)}<p>${model.t('account.setup.noMethod')}</p>
${backLink(model)}`;
  }
  const only = model.methods.length === 1 ? model.methods[0] : undefined;
  const choice =
    only !== undefined
      ? html`<input type="hidden" name="method" value="${only.kind}">
<p>${only.hint}</p>
`
      : methodChoice(model, 'account.setup.methodLegend', model.methods);
  return html`<h1>${title}</h1>
<p>${model.t(model.adding ? 'account.setup.welcomeAnother' : 'account.setup.welcome')}</p>
${accountMessages(model)}<form method="post" action="${model.urls.setup}" novalidate>
${accountHiddenFields(model)}${choice}<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="start">${model.t('account.action.begin')}</button>
</div>
</form>
${backLink(model)}`;
}

/** Default view of the key step: QR code, key, name and the confirmation code. */
export function accountSetupKeyView(model: AccountSetupKeyModel): SafeHtml {
  return html`<h1>${model.t(model.adding ? 'account.setup.addTitle' : 'account.setup.title')}</h1>
${accountMessages(model)}<p>${model.t('account.setup.scan')}</p>
<img class="tf-account-qr" src="${model.qrCodeUrl}" alt="${model.t('account.setup.qrAlt')}" width="192" height="192">
<p id="tf-key-label">${model.t(model.counterBased ? 'account.setup.manualCounter' : 'account.setup.manual')}</p>
<code class="tf-account-key" id="tf-key" aria-labelledby="tf-key-label">${model.keyText}</code>
<div class="tf-actions tf-account-key-actions">
<button class="tf-button tf-button-secondary" type="button" hidden data-tf-copy="tf-key" data-tf-copy-compact data-tf-copied="${model.t('account.notice.copied')}">${model.t('account.action.copyKey')}</button>
${model.authenticatorUrl === null ? null : html`<a class="tf-button tf-button-secondary tf-account-open-app" href="${model.authenticatorUrl}">${model.t('account.action.openApp')}</a>\n`}<span class="tf-copy-status" role="status" data-tf-copy-status></span>
</div>
<p>${model.t('account.setup.confirmIntro')}</p>
<form method="post" action="${model.urls.setup}" novalidate>
${accountHiddenFields(model)}${nameField(model)}<div class="tf-field">
<label for="tf-token">${model.t('account.field.setupCode')}</label>
<span class="tf-hint" id="tf-token-hint">${model.t('account.field.setupCode.hint')}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="one-time-code" inputmode="${model.tokenInputMode}" autocapitalize="none" spellcheck="false" maxlength="64" aria-describedby="tf-token-hint"${invalid(model, 'token')}>
</div>
<p class="tf-hint"${model.expires.at === undefined ? null : countdownAttributes({ ...model.expires, at: model.expires.at })}>${model.t('account.setup.expiresAt', deadlineParams(model.expires))}</p>
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="confirm">${model.t(model.adding ? 'account.action.confirmAdd' : 'account.action.confirmSetup')}</button>
</div>
</form>
${cancelSetupForm(model)}`;
}

/** Default view of the number or address step of a setup by code; for a phone number, with a notice of what makes phone codes weaker than an app's. */
export function accountSetupDestinationView(model: AccountSetupDestinationModel): SafeHtml {
  const only = model.methods.length === 1 ? model.methods[0] : undefined;
  const choice =
    only !== undefined
      ? html`<input type="hidden" name="method" value="${only.kind}">\n`
      : methodChoice(model, 'account.setup.channelLegend', model.methods);
  const { name, type, maxLength, label, hint } = model.field;
  const id = `tf-${name}`;
  // A telephone keyboard for numbers; addresses and other text are typed exactly as they are.
  const typing =
    type === 'tel' ? html` autocomplete="tel" inputmode="tel"` : html` autocomplete="${type === 'email' ? 'email' : 'off'}" autocapitalize="none" spellcheck="false"`;
  const field = html`<div class="tf-field">
<label for="${id}">${label}</label>
<span class="tf-hint" id="${id}-hint">${hint}</span>
<input id="${id}" name="${name}" type="${type}"${typing} maxlength="${maxLength}" value="${model.value}" aria-describedby="${id}-hint"${invalid(model, 'destination')}>
</div>
`;
  // Text messages and calls follow the number wherever it goes (a SIM swap, a port to another provider): the kind says so before it is given.
  const risk = model.risk === null ? null : html`<div class="tf-alert tf-alert-notice tf-account-risk"><p>${model.risk}</p></div>\n`;
  return html`<h1>${model.heading}</h1>
${accountMessages(model, id)}<p>${model.intro}</p>
${risk}<form method="post" action="${model.urls.setup}" novalidate>
${accountHiddenFields(model)}${choice}${field}<div class="tf-actions">
<button class="tf-button" id="tf-send-first" type="submit" name="action" value="send"${sendWaits(model)}>${model.t('account.action.sendFirstCode')}</button>
${sendHint(model)}</div>
</form>
${cancelSetupForm(model)}`;
}

function sendWaits(model: AccountSetupDestinationModel): SafeHtml | null {
  return (model.sendAllowedAt ?? null) === null ? null : html` aria-describedby="tf-send-hint" disabled`;
}

/** After a refused send: "You can ask for a code in 45 seconds", counting down, then enabling "Send code". */
function sendHint(model: AccountSetupDestinationModel): SafeHtml | null {
  const wait = model.sendAllowedAt ?? null;
  if (wait === null) return null;
  const counting = countdownAttributes(wait, { done: model.t('account.setup.sendReady'), enables: 'tf-send-first' });
  return html`<p class="tf-hint tf-resend-hint" id="tf-send-hint"${counting}>${model.t('account.setup.sendAt', deadlineParams(wait))}</p>\n`;
}

/**
 * Default view of the step of a kind set up by a token the device types: the
 * key types into a text field, with autofill off. The name comes first: the
 * key presses Enter after its token, so a field below it could never be filled.
 */
export function accountSetupTokenView(model: AccountSetupTokenModel): SafeHtml {
  return html`<h1>${model.heading}</h1>
${accountMessages(model)}<p>${model.intro}</p>
<form method="post" action="${model.urls.setup}" novalidate>
${accountHiddenFields(model)}<input type="hidden" name="method" value="${model.method}">
${nameField(model)}<div class="tf-field">
<label for="tf-token">${model.field.label}</label>
<span class="tf-hint" id="tf-token-hint">${model.field.hint}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="${model.field.maxLength}" aria-describedby="tf-token-hint"${invalid(model, 'token')} autofocus>
</div>
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="register">${model.t(model.adding ? 'account.action.confirmAdd' : 'account.action.confirmSetup')}</button>
</div>
</form>
${cancelSetupForm(model)}`;
}

/**
 * Default view of the ceremony step: the form works with the kind's script
 * (which runs the ceremony on submit and posts the answer in `response`, or
 * the browser's refusal in `error`); without JavaScript, `<noscript>` says why
 * nothing happens and links to the other methods.
 */
export function accountSetupCeremonyView(model: AccountSetupCeremonyModel): SafeHtml {
  return html`<h1>${model.heading}</h1>
${accountMessages(model)}<p>${model.intro}</p>
<noscript><p class="tf-account-noscript">${model.noscript}${model.otherMethodsUrl === null ? null : html` <a href="${model.otherMethodsUrl}">${model.t('account.setup.otherMethods')}</a>`}</p></noscript>
${ceremonyOptionsElement('tf-ceremony-options', model.options)}<form method="post" action="${model.urls.setup}" novalidate data-twofold-webauthn="register" data-options="tf-ceremony-options" data-waiting-message="${model.waiting}" data-unsupported-message="${model.unsupported}">
${accountHiddenFields(model)}<input type="hidden" name="method" value="${model.method}">
<input type="hidden" name="action" value="ceremony"><input type="hidden" name="response" value=""><input type="hidden" name="error" value="">
${nameField(model)}<div class="tf-actions">
<button class="tf-button" type="submit">${model.button}</button>
</div>
<p class="tf-hint" data-twofold-webauthn-status role="status"></p>
</form>
<script src="${model.scriptUrl}" defer></script>
${model.otherMethodsUrl === null ? null : html`<p><a href="${model.otherMethodsUrl}">${model.t('account.setup.otherMethods')}</a></p>\n`}${cancelSetupForm(model)}`;
}

/** Default view of the code step of a setup by code. */
export function accountSetupCodeView(model: AccountSetupCodeModel): SafeHtml {
  return html`<h1>${model.heading}</h1>
${accountMessages(model)}<p class="tf-account-sent">${model.sentText}</p>
<form method="post" action="${model.urls.setup}" novalidate>
${accountHiddenFields(model)}<div class="tf-field">
<label for="tf-token">${model.t('account.field.sentCode')}</label>
<span class="tf-hint" id="tf-token-hint">${model.codeHint}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="one-time-code" inputmode="numeric" autocapitalize="none" spellcheck="false" maxlength="64" aria-describedby="tf-token-hint"${invalid(model, 'token')}>
</div>
${nameField(model)}<p class="tf-hint"${model.expires.at === undefined ? null : countdownAttributes({ ...model.expires, at: model.expires.at })}>${model.t('account.setup.codeSetupExpiresAt', deadlineParams(model.expires))}</p>
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="confirm">${model.t(model.adding ? 'account.action.confirmAdd' : 'account.action.confirmSetup')}</button>
</div>
${resendHint(model)}<div class="tf-actions">
<button class="tf-button tf-button-secondary" id="tf-resend" type="submit" name="action" value="resend" formnovalidate aria-describedby="tf-resend-hint"${model.nextCodeAt === null ? null : html` disabled`}>${model.t('account.action.resendCode')}</button>
</div>
</form>
<p><a href="${model.changeUrl}">${model.changeText}</a></p>
${cancelSetupForm(model)}`;
}

/** "Nothing arrived? You can ask for a new code in 45 seconds": counts down, then enables the disabled "Send a new code". */
function resendHint(model: AccountSetupCodeModel): SafeHtml {
  const wait = model.nextCodeAt;
  if (wait === null) return html`<p class="tf-hint" id="tf-resend-hint">${model.t('account.setup.noCode')}</p>\n`;
  const counting = wait.at === undefined ? null : countdownAttributes({ ...wait, at: wait.at }, { done: model.t('account.setup.resendReady'), enables: 'tf-resend' });
  return html`<p class="tf-hint" id="tf-resend-hint"${counting}>${model.t('account.setup.nextCodeAt', deadlineParams(wait))}</p>\n`;
}

/** Default view of the page after setup. */
export function accountSetupDoneView(model: AccountSetupDoneModel): SafeHtml {
  const next = html`<div class="tf-actions"><a class="tf-button" href="${model.next ?? model.urls.profile}">${model.t('account.action.continue')}</a></div>
`;
  const offer = !model.backupCodesAvailable
    ? next
    : model.backupCodesRemaining === null || model.backupCodesRemaining === 0
      ? html`<p>${model.t('account.setupDone.backupCodes')}</p>
<form method="post" action="${model.urls.backupCodes}">
${accountHiddenFields(model, false)}<div class="tf-actions">
<button class="tf-button" type="submit">${model.t('account.action.generateFirstCodes')}</button>
<a class="tf-button tf-button-secondary" href="${model.next ?? model.urls.profile}">${model.t('account.action.later')}</a>
</div>
</form>
`
      : html`<p>${model.t('account.setupDone.hasBackupCodes', { count: model.backupCodesRemaining })}</p>
${next}`;
  return html`<h1>${model.t('account.setupDone.title')}</h1>
${accountMessages(model)}${
    model.deviceName === null
      ? null
      : model.primaryName === null
        ? html`<p>${model.t('account.setupDone.text', { name: model.deviceName })}</p>\n`
        : html`<p>${model.t('account.setupDone.textAdded', { name: model.deviceName, primary: model.primaryName })}</p>\n`
  }${
    model.deviceName === null || (model.renameUrl ?? null) === null
      ? null
      : html`<p><a href="${model.renameUrl}">${model.t('account.setupDone.rename', { name: model.deviceName })}</a></p>\n`
  }${offer}`;
}
