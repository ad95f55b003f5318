/**
 * The markup of the account pages, as plain functions of a model. Each one is
 * part of `TwofoldViews`, so a host replaces any of them through the `views`
 * option (and can wrap the default, exported here).
 *
 * Accessibility as on the other pages: labelled fields, an error summary in
 * a `role="alert"` region whose entries link to their fields (which carry
 * `aria-invalid`), `autocomplete="one-time-code"` and `inputmode` on code
 * fields, nothing that needs JavaScript. This module depends only on the
 * HTML template and message types, so the shared view table can include it.
 */
import { countdownAttributes, deadlineParams, localDateAttributes } from '../../web/client-script.js';
import { html, type SafeHtml } from '../../web/html.js';
import { optionWordsAttributes } from '../login/sign-in-texts.js';
import { accountSetupCeremonyView, accountSetupCodeView, accountSetupDestinationView, accountSetupTokenView, accountSetupDoneView, accountSetupKeyView, accountSetupWelcomeView } from './setup-views.js';
import type { AccountBackupCodesIssuedModel, AccountBackupCodesModel, AccountDisableModel, AccountPageBase, AccountProfileModel, AccountReauthenticateModel, AccountRemoveModel, AccountRenameModel, AccountViews } from './view-models.js';
import { accountHiddenFields, accountMessages, backLink, deviceEntry, invalid } from './view-parts.js';

// The models, the shared pieces and the setup wizard's views live next door; this module stays the one to import.
export type * from './view-models.js';
export * from './view-parts.js';
export * from './setup-views.js';

/** Default view of the profile. */
export function accountProfileView(model: AccountProfileModel): SafeHtml {
  if (!model.enabled) {
    return html`<h1>${model.t('account.profile.title')}</h1>
${accountMessages(model)}<p class="tf-account-status">${model.t('account.profile.off')}</p>
${model.canAddDevice ? html`<div class="tf-actions"><a class="tf-button" href="${model.urls.setup}">${model.t('account.action.setUp')}</a></div>\n` : null}`;
  }
  const backup =
    model.backupCodesRemaining === null || model.backupCodesRemaining === 0
      ? model.t('account.profile.backupNone')
      : model.t('account.profile.backupRemaining', { count: model.backupCodesRemaining });
  return html`<h1>${model.t('account.profile.title')}</h1>
${accountMessages(model)}<p class="tf-account-status">${model.t('account.profile.on')}</p>
${model.primary === null ? null : html`<p>${model.t('account.profile.primary', { name: model.primary.name })}</p>\n`}<section class="tf-account-section">
<h2>${model.t('account.profile.devicesHeading')}</h2>
<ul class="tf-account-devices">
${model.devices.map((device) => deviceEntry(model, device))}</ul>
${model.canAddDevice ? html`<p><a href="${model.urls.setup}">${model.t('account.action.addDevice')}</a></p>\n` : null}</section>
${
    model.backupCodesAvailable
      ? html`<section class="tf-account-section">
<h2>${model.t('account.profile.backupHeading')}</h2>
<p>${backup}</p>
<p><a href="${model.urls.backupCodes}">${model.t('account.action.backupCodes')}</a></p>
</section>
`
      : null
  }${backupPhonesSection(model)}${rememberedSection(model)}<section class="tf-account-section">
<form method="post" action="${model.urls.lock}">
<input type="hidden" name="${model.csrfField}" value="${model.csrfToken}">
<p>${model.t('stepUp.lock.hint')}</p>
<p><button class="tf-button tf-button-secondary" type="submit">${model.t('stepUp.action.lock')}</button></p>
</form>
</section>
<section class="tf-account-section">
<h2>${model.t('account.profile.turnOffHeading')}</h2>
<p><a href="${model.urls.disable}">${model.t('account.action.disable')}</a></p>
</section>
`;
}

/**
 * A section of the profile that lists things (backup phones, remembered
 * browsers): a heading, then one line when the list is empty, or an
 * introduction and the list; then what follows the list, if anything.
 */
function listSection<T>(
  model: AccountPageBase,
  section: {
    readonly className: string;
    readonly heading: string;
    readonly none: string;
    readonly intro: string;
    readonly items: readonly T[];
    readonly item: (item: T) => SafeHtml;
    readonly after?: SafeHtml | null;
  },
): SafeHtml {
  return html`<section class="tf-account-section ${section.className}">
<h2>${section.heading}</h2>
${
  section.items.length === 0
    ? html`<p>${section.none}</p>\n`
    : html`<p>${section.intro}</p>
<ul class="tf-account-devices">
${section.items.map((item) => html`<li class="tf-account-device">
${section.item(item)}</li>
`)}</ul>
`
}${section.after ?? null}</section>
`;
}

function backupPhonesSection(model: AccountProfileModel): SafeHtml | null {
  if (model.backupPhones === null) return null;
  const texts = model.backupListTexts ?? {
    heading: model.t('account.profile.backupListHeading'),
    intro: model.t('account.profile.backupListIntro'),
    none: model.t('account.profile.backupListNone'),
    add: model.t('account.setup.addTitle'),
  };
  return listSection(model, {
    className: 'tf-account-phones',
    heading: texts.heading,
    none: texts.none,
    intro: texts.intro,
    items: model.backupPhones,
    item: (phone) => html`<span class="tf-account-device-name">${phone.name}</span>${phone.primary ? html`<span class="tf-account-badge">${model.t('account.profile.primaryBadge')}</span>` : null}
${phone.destinationText === null ? null : html`<span class="tf-account-device-meta tf-account-destination">${phone.destinationText}</span>\n`}<div class="tf-account-device-actions">
<a href="${model.urls.remove}?device=${encodeURIComponent(phone.id)}">${model.t('account.action.remove')}</a>
</div>
`,
    after: model.canAddPhone ? html`<p><a href="${model.urls.addPhone}">${texts.add}</a></p>\n` : null,
  });
}

function rememberedSection(model: AccountProfileModel): SafeHtml | null {
  if (model.rememberedBrowsers === null) return null;
  return listSection(model, {
    className: 'tf-account-remembered',
    heading: model.t('account.profile.rememberedHeading'),
    none: model.t('account.profile.rememberedNone'),
    intro: model.t('account.profile.rememberedIntro'),
    items: model.rememberedBrowsers,
    item: (browser) => html`<span class="tf-account-device-name"${browser.userAgent === '' ? null : html` title="${browser.userAgent}"`}>${browser.label}</span>${
      browser.current === true ? html`<span class="tf-account-badge tf-account-this-browser">${model.t('account.profile.thisBrowser')}</span>` : null
    }
${browser.details.map((line, index) => {
      const date = browser.detailDates?.[index] ?? null;
      return date === null
        ? html`<span class="tf-account-device-meta">${line}</span>\n`
        : html`<span class="tf-account-device-meta"><time datetime="${date.at.toISOString()}"${localDateAttributes(date.text, model.localDates)}>${line}</time></span>\n`;
    })}<form class="tf-inline" method="post" action="${browser.forgetAction}">
${accountHiddenFields(model, false)}${Object.entries(browser.forgetFields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}<button class="tf-button tf-button-link" type="submit">${model.t('account.action.forgetBrowser')}</button>
</form>
`,
  });
}


/** Default view of renaming a device. */
export function accountRenameView(model: AccountRenameModel): SafeHtml {
  return html`<h1>${model.t('account.rename.title')}</h1>
${accountMessages(model)}<p>${model.t('account.rename.current', { name: model.device.name })}</p>
<form method="post" action="${model.urls.rename}" novalidate>
${accountHiddenFields(model, false)}<input type="hidden" name="device" value="${model.device.id}">
<div class="tf-field">
<label for="tf-name">${model.t('account.field.name')}</label>
<span class="tf-hint" id="tf-name-hint">${model.t('account.field.name.hint')}</span>
<input id="tf-name" name="name" type="text" autocomplete="off" maxlength="64" value="${model.name}" aria-describedby="tf-name-hint"${invalid(model, 'name')}>
</div>
<div class="tf-actions">
<button class="tf-button" type="submit">${model.t('account.action.save')}</button>
</div>
</form>
${backLink(model)}`;
}

/** Default view of confirming the removal of a device. */
export function accountRemoveView(model: AccountRemoveModel): SafeHtml {
  if (model.onlyDevice) {
    return html`<h1>${model.t('account.remove.title')}</h1>
${accountMessages(model)}${
      model.errors.length === 0 ? html`<div class="tf-alert tf-alert-error" role="alert"><p>${model.t('account.error.lastDevice')}</p></div>\n` : null
    }<p><a href="${model.urls.disable}">${model.t('account.action.disable')}</a></p>
${backLink(model)}`;
  }
  return html`<h1>${model.t('account.remove.title')}</h1>
${accountMessages(model)}<p>${model.t('account.remove.confirm', { name: model.device.name })}</p>
${model.device.destinationText === null ? null : html`<p class="tf-account-destination">${model.device.destinationText}</p>\n`}${model.promoted === null ? null : html`<p>${model.t('account.remove.primaryNote', { name: model.device.name, next: model.promoted.name })}</p>\n`}<form method="post" action="${model.urls.remove}">
${accountHiddenFields(model, false)}<input type="hidden" name="device" value="${model.device.id}">
<div class="tf-actions">
<button class="tf-button tf-button-danger" type="submit" name="confirm" value="yes">${model.t('account.action.remove')}</button>
<a class="tf-button tf-button-secondary" href="${model.urls.profile}">${model.t('account.action.cancelSetup')}</a>
</div>
</form>
`;
}

/** Default view of the backup codes page (and of its "replace all your codes?" question). */
export function accountBackupCodesView(model: AccountBackupCodesModel): SafeHtml {
  const count =
    model.remaining === null || model.remaining === 0 ? model.t('account.profile.backupNone') : model.t('account.profile.backupRemaining', { count: model.remaining });
  if (model.confirmReplace && model.remaining !== null && model.remaining > 0) {
    return html`<h1>${model.t('account.backupCodes.replaceTitle')}</h1>
${accountMessages(model)}<div class="tf-alert tf-alert-error" role="alert"><p>${model.t('account.backupCodes.replaceWarning', { count: model.remaining })}</p></div>
<form method="post" action="${model.urls.backupCodes}">
${accountHiddenFields(model, false)}<div class="tf-actions">
<button class="tf-button tf-button-danger" type="submit" name="confirm" value="yes">${model.t('account.action.replaceCodes')}</button>
<a class="tf-button tf-button-secondary" href="${model.urls.backupCodes}">${model.t('account.action.keepCodes')}</a>
</div>
</form>
`;
  }
  // A set with unused codes is replaced only after the question above (the button without `confirm` leads there); a first set is made at once.
  const replacing = model.remaining !== null && model.remaining > 0;
  return html`<h1>${model.t('account.backupCodes.title')}</h1>
${accountMessages(model)}<p>${model.t('account.backupCodes.intro')}</p>
<p>${count}</p>
${replacing ? html`<p>${model.t('account.backupCodes.regenerateWarning')}</p>\n` : null}<form method="post" action="${model.urls.backupCodes}">
${accountHiddenFields(model, false)}<div class="tf-actions">
${
  replacing
    ? html`<button class="tf-button" type="submit">${model.t('account.action.generateCodes')}</button>`
    : html`<button class="tf-button" type="submit" name="confirm" value="yes">${model.t(model.remaining === null ? 'account.action.generateFirstCodes' : 'account.action.generateCodes')}</button>`
}
</div>
</form>
${backLink(model)}`;
}

/** Default view of a new set of backup codes (shown until the user says they are saved, or the time is up). */
export function accountBackupCodesIssuedView(model: AccountBackupCodesIssuedModel): SafeHtml {
  return html`<h1>${model.t('account.backupCodes.issuedTitle')}</h1>
${accountMessages(model)}<p>${model.t('account.backupCodes.issuedIntro')}</p>
${model.replaced ? html`<p>${model.t('account.backupCodes.issuedOld')}</p>\n` : null}<ol class="tf-account-codes" id="tf-codes" aria-label="${model.t('account.backupCodes.listLabel')}">
${model.codes.map((code) => html`<li><code>${code}</code></li>\n`)}</ol>
<p class="tf-hint">${model.t('account.backupCodes.shownUntil', { time: model.shownUntil })}</p>
<form class="tf-noprint" method="post" action="${model.urls.backupCodesDownload}">
${accountHiddenFields(model, false)}<div class="tf-actions">
<button class="tf-button tf-button-secondary" type="submit">${model.t('account.action.download')}</button>
<button class="tf-button tf-button-secondary" type="button" hidden data-tf-copy="tf-codes" data-tf-copied="${model.t('account.notice.copied')}">${model.t('account.action.copyCodes')}</button>
<button class="tf-button tf-button-secondary" type="button" hidden data-tf-print>${model.t('account.action.print')}</button>
<span class="tf-copy-status" role="status" data-tf-copy-status></span>
</div>
</form>
<form class="tf-noprint" method="post" action="${model.urls.backupCodes}">
${accountHiddenFields(model)}<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="saved">${model.t('account.action.savedCodes')}</button>
</div>
</form>
`;
}

/** Default view of turning two-factor authentication off. */
export function accountDisableView(model: AccountDisableModel): SafeHtml {
  return html`<h1>${model.t('account.disable.title')}</h1>
${accountMessages(model)}<p>${model.t('account.disable.warning')}</p>
<form method="post" action="${model.urls.disable}" novalidate>
${accountHiddenFields(model, false)}<div class="tf-field">
<label class="tf-account-check" for="tf-understand"><input id="tf-understand" name="understand" type="checkbox" value="yes"${invalid(model, 'understand')}> ${model.t('account.field.understand')}</label>
</div>
<div class="tf-actions">
<button class="tf-button tf-button-danger" type="submit">${model.t('account.action.disable')}</button>
</div>
</form>
${backLink(model)}`;
}

/** Default view of entering a code again before a sensitive change. */
export function accountReauthenticateView(model: AccountReauthenticateModel): SafeHtml {
  const selected = model.devices.find((device) => device.selected) ?? model.devices[0];
  const words = selected === undefined ? undefined : model.fieldWords?.[selected.id];
  return html`<h1>${model.t('account.reauth.title')}</h1>
<p>${model.t('account.reauth.intro')}</p>
${accountMessages(model)}<form method="post" action="${model.urls.reauthenticate}" novalidate>
${accountHiddenFields(model)}${
    model.devices.length === 0
      ? null
      : html`<div class="tf-field">
<label for="tf-device">${model.t('field.device')}</label>
<select id="tf-device" name="device" data-tf-words${invalid(model, 'device')}>
${model.devices.map((device) => html`<option value="${device.id}"${optionWordsAttributes(model.fieldWords?.[device.id])}${device.selected ? html` selected` : null}>${device.name}</option>\n`)}</select>
</div>
`
  }<div class="tf-field">
<label for="tf-token">${words?.label ?? model.t('field.token')}</label>
<span class="tf-hint" id="tf-token-hint">${words?.hint ?? model.t('field.token.hint')}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="${words?.autocomplete ?? 'one-time-code'}" inputmode="${words?.inputMode ?? model.tokenInputMode}" autocapitalize="none" spellcheck="false" maxlength="64" aria-describedby="tf-token-hint"${invalid(model, 'token')} autofocus>
</div>
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="verify">${model.t('action.verify')}</button>
${model.canSendCode ? reauthSendButton(model) : null}</div>
</form>
${backLink(model)}`;
}

// Disabled while the selected device's cooldown runs (a click would only be refused); the hint counts down and enables it.
function reauthSendButton(model: AccountReauthenticateModel): SafeHtml {
  const wait = model.nextCodeAt;
  return html`<button class="tf-button tf-button-secondary" id="tf-send-code" type="submit" name="action" value="challenge" formnovalidate${
    wait === null ? null : html` aria-describedby="tf-resend-hint" disabled`
  }>${model.t('action.sendCode')}</button>
${wait === null ? null : html`<p class="tf-hint tf-resend-hint" id="tf-resend-hint"${countdownAttributes(wait, { done: model.t('login.token.resendReady'), enables: 'tf-send-code' })}>${model.t('login.token.nextCodeAt', deadlineParams(wait))}</p>\n`}`;
}

/** The default account views. */
export const accountViews: AccountViews = {
  accountProfile: accountProfileView,
  accountSetupWelcome: accountSetupWelcomeView,
  accountSetupKey: accountSetupKeyView,
  accountSetupDestination: accountSetupDestinationView,
  accountSetupCode: accountSetupCodeView,
  accountSetupToken: accountSetupTokenView,
  accountSetupCeremony: accountSetupCeremonyView,
  accountSetupDone: accountSetupDoneView,
  accountRename: accountRenameView,
  accountRemove: accountRemoveView,
  accountBackupCodes: accountBackupCodesView,
  accountBackupCodesIssued: accountBackupCodesIssuedView,
  accountDisable: accountDisableView,
  accountReauthenticate: accountReauthenticateView,
};

// The account pages join the web layer's views (declaration merging keeps the web layer free of flows).
declare module '../../web/views.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface TwofoldViews extends AccountViews {}
}
