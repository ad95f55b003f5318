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
import { html, type SafeHtml } from '../../web/html.js';
import type { MessageId, MessageParams } from '../../web/messages.js';
import { renderAlerts } from '../../web/views.js';
import type { SideChannelMethod } from './side-channel.js';

/** A form field an account message can be about. */
export type AccountField = 'method' | 'name' | 'token' | 'device' | 'understand' | 'number' | 'address';

/** A message ready to show on an account page. */
export interface AccountMessage {
  readonly id: MessageId;
  readonly text: string;
  /** The field the message is about, if any. */
  readonly field?: AccountField;
}

/** The URLs of the account pages. */
export interface AccountUrls {
  readonly profile: string;
  readonly setup: string;
  readonly setupQr: string;
  readonly setupDone: string;
  /** The phone number step of the setup wizard: adding a (backup) phone number. */
  readonly addPhone: string;
  readonly rename: string;
  readonly remove: string;
  readonly primary: string;
  readonly backupCodes: string;
  readonly backupCodesDownload: string;
  readonly disable: string;
  readonly reauthenticate: string;
  /** Where the profile's "Forget" buttons post (remembered browsers). */
  readonly forgetBrowser: string;
  /** The login page (for signing in again). */
  readonly login: string;
  /** The sign-out page. */
  readonly logout: string;
}

/** What every account page model has. */
export interface AccountPageBase {
  /** The text of a message, in the configured language. */
  readonly t: (id: MessageId, params?: MessageParams) => string;
  readonly csrfToken: string;
  readonly csrfField: string;
  /** A safe page to return to, or null. */
  readonly next: string | null;
  /** The form field that carries `next`. */
  readonly redirectField: string;
  readonly urls: AccountUrls;
  readonly errors: readonly AccountMessage[];
  readonly notices: readonly AccountMessage[];
}

/** One of the user's devices as the pages show it. */
export interface AccountDeviceView {
  /** The persistent id, posted back as the `device` field. */
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  /** The kind in words ("Authenticator app"). */
  readonly kindLabel: string;
  readonly primary: boolean;
  readonly createdAt: Date;
  /** `createdAt` formatted for reading. */
  readonly createdText: string;
  readonly lastUsedAt: Date | null;
  readonly lastUsedText: string | null;
  /** Where its codes go, in words ("Text message to +31 • ••••••78"), for devices that send codes; else null. */
  readonly destinationText: string | null;
}

/** A remembered browser on the profile, with the form that forgets it. */
export interface RememberedBrowserView {
  /** What the browser was, in a few words ("Chrome on Linux"), or "Unknown browser". */
  readonly label: string;
  /** The User-Agent string it was remembered with, in full (a tooltip on the label), or '' when it sent none. */
  readonly userAgent: string;
  /** Lines of detail: when it was remembered, until when. */
  readonly details: readonly string[];
  /** Where the "Forget" form posts, and its hidden fields (besides the CSRF token). */
  readonly forgetAction: string;
  readonly forgetFields: Readonly<Record<string, string>>;
}

/** The profile: status, devices, backup codes, remembered browsers, links to every action. */
export interface AccountProfileModel extends AccountPageBase {
  readonly page: 'account-profile';
  readonly username: string | null;
  /** Whether two-factor authentication is on (a confirmed device exists). */
  readonly enabled: boolean;
  readonly primary: AccountDeviceView | null;
  /** The devices that can sign in (primary first), without backup codes. */
  readonly devices: readonly AccountDeviceView[];
  /** Unused backup codes, or null when the user has no backup-codes device. */
  readonly backupCodesRemaining: number | null;
  /** Whether backup codes are offered at all (the kind is registered). */
  readonly backupCodesAvailable: boolean;
  /** Remembered browsers, or null when remembering browsers is off. */
  readonly rememberedBrowsers: readonly RememberedBrowserView[] | null;
  /** Whether setup offers at least one method. */
  readonly canAddDevice: boolean;
  /**
   * The backup phone numbers: the user's phone devices other than the
   * primary one. Null when phone numbers cannot be added and the user has none.
   */
  readonly backupPhones: readonly AccountDeviceView[] | null;
  /** Whether "Add a backup phone number" is offered. */
  readonly canAddPhone: boolean;
}

/** A method the setup wizard offers. */
export interface SetupMethodView {
  readonly kind: string;
  readonly label: string;
  readonly hint: string;
  readonly selected: boolean;
}

/** The first setup step: what it is, and the choice of method when there is more than one. */
export interface AccountSetupWelcomeModel extends AccountPageBase {
  readonly page: 'account-setup-welcome';
  /** True when the user already has two-factor authentication and adds a device. */
  readonly adding: boolean;
  /** Empty when no method can be set up; one entry: no choice is shown. */
  readonly methods: readonly SetupMethodView[];
}

/** The key step: QR code, key for typing, device name and the confirmation code. */
export interface AccountSetupKeyModel extends AccountPageBase {
  readonly page: 'account-setup-key';
  readonly adding: boolean;
  readonly method: string;
  readonly methodLabel: string;
  /** The image URL of the QR code (tied to this session; the key is never in a URL). */
  readonly qrCodeUrl: string;
  /** The key in base32, in groups of four. */
  readonly keyText: string;
  /** Whether the key is counter-based (HOTP) rather than time-based. */
  readonly counterBased: boolean;
  /** The device name to pre-fill. */
  readonly name: string;
  /** When the key expires: relative and absolute. */
  readonly expires: { readonly relative: string; readonly time: string };
  /** `numeric` for digit codes. */
  readonly tokenInputMode: 'numeric' | 'text';
}

/** The number or address step of a setup by code. */
export interface AccountSetupDestinationModel extends AccountPageBase {
  readonly page: 'account-setup-destination';
  /** The page's heading ("Add a backup phone number", ...). */
  readonly heading: string;
  /** `phone` asks for a number (`number` field), `email` for an address (`address` field). */
  readonly asks: 'phone' | 'email';
  /** How codes reach this number (text message, voice call): a choice when more than one, else a hidden field. One entry (`email`) for e-mail. */
  readonly methods: readonly SetupMethodView[];
  /** The value in the field (kept after a refusal, or the user's own address). */
  readonly value: string;
}

/** The code step of a setup by code: where the code went, the code, a name, and "Send a new code". */
export interface AccountSetupCodeModel extends AccountPageBase {
  readonly page: 'account-setup-code';
  readonly heading: string;
  readonly adding: boolean;
  readonly method: SideChannelMethod;
  /** Where the code went, in words ("We sent a text message with a code to +31 • ••••••78."). */
  readonly sentText: string;
  /** The device name to pre-fill. */
  readonly name: string;
  /** When a new code may be asked for, or null when it may be now. */
  readonly nextCodeAt: { readonly relative: string; readonly time: string } | null;
  /** When the setup expires. */
  readonly expires: { readonly relative: string; readonly time: string };
  /** Where to enter another number or address. */
  readonly changeUrl: string;
}

/** After setup: it worked, and backup codes are offered. */
export interface AccountSetupDoneModel extends AccountPageBase {
  readonly page: 'account-setup-done';
  /** The device just added, or null when it cannot be found any more. */
  readonly deviceName: string | null;
  /** The user's primary device when it is another one (the new device was added next to it), else null. */
  readonly primaryName: string | null;
  /** Unused backup codes, or null when the user has none. */
  readonly backupCodesRemaining: number | null;
  /** Whether backup codes are offered at all (the kind is registered). */
  readonly backupCodesAvailable: boolean;
}

/** Renaming one device. */
export interface AccountRenameModel extends AccountPageBase {
  readonly page: 'account-rename';
  readonly device: AccountDeviceView;
  /** The name in the field. */
  readonly name: string;
}

/** Confirming the removal of one device. */
export interface AccountRemoveModel extends AccountPageBase {
  readonly page: 'account-remove';
  readonly device: AccountDeviceView;
  /** The device that becomes primary when this one (the primary) goes, or null. */
  readonly promoted: AccountDeviceView | null;
  /** Whether it is the user's only device (removal is refused). */
  readonly onlyDevice: boolean;
}

/** The backup codes page: how many are left, and generating a new set. */
export interface AccountBackupCodesModel extends AccountPageBase {
  readonly page: 'account-backup-codes';
  /** Unused codes, or null when the user has none yet. */
  readonly remaining: number | null;
}

/** A new set of backup codes, shown once. */
export interface AccountBackupCodesIssuedModel extends AccountPageBase {
  readonly page: 'account-backup-codes-issued';
  readonly codes: readonly string[];
  /** Whether an older set was replaced. */
  readonly replaced: boolean;
}

/** Turning two-factor authentication off. */
export interface AccountDisableModel extends AccountPageBase {
  readonly page: 'account-disable';
}

/** A device the user may choose on the confirmation page. */
export interface AccountDeviceChoice {
  readonly id: string;
  readonly name: string;
  readonly interactive: boolean;
  readonly selected: boolean;
}

/** Entering a code again before a sensitive change. */
export interface AccountReauthenticateModel extends AccountPageBase {
  readonly page: 'account-reauthenticate';
  readonly devices: readonly AccountDeviceChoice[];
  readonly canSendCode: boolean;
  readonly tokenInputMode: 'numeric' | 'text';
}

/** The account page renderers. Each returns the page's main content; the layout wraps it. */
export interface AccountViews {
  accountProfile(model: AccountProfileModel): SafeHtml;
  accountSetupWelcome(model: AccountSetupWelcomeModel): SafeHtml;
  accountSetupKey(model: AccountSetupKeyModel): SafeHtml;
  accountSetupDestination(model: AccountSetupDestinationModel): SafeHtml;
  accountSetupCode(model: AccountSetupCodeModel): SafeHtml;
  accountSetupDone(model: AccountSetupDoneModel): SafeHtml;
  accountRename(model: AccountRenameModel): SafeHtml;
  accountRemove(model: AccountRemoveModel): SafeHtml;
  accountBackupCodes(model: AccountBackupCodesModel): SafeHtml;
  accountBackupCodesIssued(model: AccountBackupCodesIssuedModel): SafeHtml;
  accountDisable(model: AccountDisableModel): SafeHtml;
  accountReauthenticate(model: AccountReauthenticateModel): SafeHtml;
}

/** The id of each field's input, for the error summary's links. */
export const ACCOUNT_FIELD_IDS: Readonly<Record<AccountField, string>> = {
  method: 'tf-method',
  name: 'tf-name',
  token: 'tf-token',
  device: 'tf-device',
  understand: 'tf-understand',
  number: 'tf-number',
  address: 'tf-address',
};

/** The error summary and the notices of an account page. */
export function accountMessages(model: Pick<AccountPageBase, 't' | 'errors' | 'notices'>): SafeHtml {
  return renderAlerts(model.t, model.errors, model.notices, ACCOUNT_FIELD_IDS);
}

function invalid(model: Pick<AccountPageBase, 'errors'>, field: AccountField): SafeHtml | null {
  return model.errors.some((error) => error.field === field) ? html` aria-invalid="true"` : null;
}

/** The hidden fields of an account form: the CSRF token, and `next` unless left out. */
export function accountHiddenFields(model: Pick<AccountPageBase, 'csrfField' | 'csrfToken' | 'next' | 'redirectField'>, withNext = true): SafeHtml {
  return html`<input type="hidden" name="${model.csrfField}" value="${model.csrfToken}">
${withNext && model.next !== null ? html`<input type="hidden" name="${model.redirectField}" value="${model.next}">\n` : null}`;
}

function backLink(model: AccountPageBase): SafeHtml {
  return html`<p class="tf-account-back"><a href="${model.urls.profile}">${model.t('account.action.backToProfile')}</a></p>\n`;
}

function deviceMeta(model: AccountPageBase, device: AccountDeviceView): SafeHtml {
  return html`${device.destinationText === null ? null : html`<span class="tf-account-device-meta tf-account-destination">${device.destinationText}</span>\n`}<span class="tf-account-device-meta">${device.kindLabel} · <time datetime="${device.createdAt.toISOString()}">${model.t('account.profile.deviceAdded', { date: device.createdText })}</time> · ${
    device.lastUsedAt === null || device.lastUsedText === null
      ? model.t('account.profile.deviceNeverUsed')
      : html`<time datetime="${device.lastUsedAt.toISOString()}">${model.t('account.profile.deviceLastUsed', { date: device.lastUsedText })}</time>`
  }</span>`;
}

function deviceEntry(model: AccountProfileModel, device: AccountDeviceView): SafeHtml {
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
    readonly heading: MessageId;
    readonly none: MessageId;
    readonly intro: MessageId;
    readonly items: readonly T[];
    readonly item: (item: T) => SafeHtml;
    readonly after?: SafeHtml | null;
  },
): SafeHtml {
  return html`<section class="tf-account-section ${section.className}">
<h2>${model.t(section.heading)}</h2>
${
  section.items.length === 0
    ? html`<p>${model.t(section.none)}</p>\n`
    : html`<p>${model.t(section.intro)}</p>
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
  return listSection(model, {
    className: 'tf-account-phones',
    heading: 'account.profile.phonesHeading',
    none: 'account.profile.phonesNone',
    intro: 'account.profile.phonesIntro',
    items: model.backupPhones,
    item: (phone) => html`<span class="tf-account-device-name">${phone.name}</span>
${phone.destinationText === null ? null : html`<span class="tf-account-device-meta tf-account-destination">${phone.destinationText}</span>\n`}<div class="tf-account-device-actions">
<a href="${model.urls.remove}?device=${encodeURIComponent(phone.id)}">${model.t('account.action.remove')}</a>
</div>
`,
    after: model.canAddPhone ? html`<p><a href="${model.urls.addPhone}">${model.t('account.action.addPhone')}</a></p>\n` : null,
  });
}

function rememberedSection(model: AccountProfileModel): SafeHtml | null {
  if (model.rememberedBrowsers === null) return null;
  return listSection(model, {
    className: 'tf-account-remembered',
    heading: 'account.profile.rememberedHeading',
    none: 'account.profile.rememberedNone',
    intro: 'account.profile.rememberedIntro',
    items: model.rememberedBrowsers,
    item: (browser) => html`<span class="tf-account-device-name"${browser.userAgent === '' ? null : html` title="${browser.userAgent}"`}>${browser.label}</span>
${browser.details.map((line) => html`<span class="tf-account-device-meta">${line}</span>\n`)}<form class="tf-inline" method="post" action="${browser.forgetAction}">
${accountHiddenFields(model, false)}${Object.entries(browser.forgetFields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}<button class="tf-button tf-button-link" type="submit">${model.t('account.action.forgetBrowser')}</button>
</form>
`,
  });
}

function cancelSetupForm(model: AccountPageBase): SafeHtml {
  return html`<form class="tf-inline" method="post" action="${model.urls.setup}">
${accountHiddenFields(model)}<button class="tf-button tf-button-link" type="submit" name="action" value="cancel" formnovalidate>${model.t('account.action.cancelSetup')}</button>
</form>
`;
}

/** The radio buttons of a choice of methods (the setup's method, a number's channel), each with its explanation. */
function methodChoice(model: AccountPageBase, legend: MessageId, methods: readonly SetupMethodView[]): SafeHtml {
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
<code class="tf-account-key" aria-labelledby="tf-key-label">${model.keyText}</code>
<p>${model.t('account.setup.confirmIntro')}</p>
<form method="post" action="${model.urls.setup}" novalidate>
${accountHiddenFields(model)}<div class="tf-field">
<label for="tf-name">${model.t('account.field.name')}</label>
<span class="tf-hint" id="tf-name-hint">${model.t('account.field.name.hint')}</span>
<input id="tf-name" name="name" type="text" autocomplete="off" maxlength="64" value="${model.name}" aria-describedby="tf-name-hint"${invalid(model, 'name')}>
</div>
<div class="tf-field">
<label for="tf-token">${model.t('account.field.setupCode')}</label>
<span class="tf-hint" id="tf-token-hint">${model.t('account.field.setupCode.hint')}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="one-time-code" inputmode="${model.tokenInputMode}" autocapitalize="none" spellcheck="false" maxlength="64" aria-describedby="tf-token-hint"${invalid(model, 'token')}>
</div>
<p class="tf-hint">${model.t('account.setup.expiresAt', model.expires)}</p>
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
  const field =
    model.asks === 'phone'
      ? html`<div class="tf-field">
<label for="tf-number">${model.t('account.field.number')}</label>
<span class="tf-hint" id="tf-number-hint">${model.t('account.field.number.hint')}</span>
<input id="tf-number" name="number" type="tel" autocomplete="tel" inputmode="tel" maxlength="64" value="${model.value}" aria-describedby="tf-number-hint"${invalid(model, 'number')}>
</div>
`
      : html`<div class="tf-field">
<label for="tf-address">${model.t('account.field.address')}</label>
<span class="tf-hint" id="tf-address-hint">${model.t('account.field.address.hint')}</span>
<input id="tf-address" name="address" type="email" autocomplete="email" autocapitalize="none" spellcheck="false" maxlength="254" value="${model.value}" aria-describedby="tf-address-hint"${invalid(model, 'address')}>
</div>
`;
  // Text messages and calls follow the number wherever it goes (a SIM swap, a port to another provider): say so before it is given.
  const risk = model.asks === 'phone' ? html`<div class="tf-alert tf-alert-notice tf-account-risk"><p>${model.t('account.setup.phoneRisk')}</p></div>\n` : null;
  return html`<h1>${model.heading}</h1>
${accountMessages(model)}<p>${model.t(model.asks === 'phone' ? 'account.setup.phoneIntro' : 'account.setup.emailIntro')}</p>
${risk}<form method="post" action="${model.urls.setup}" novalidate>
${accountHiddenFields(model)}${choice}${field}<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="send">${model.t('account.action.sendFirstCode')}</button>
</div>
</form>
${cancelSetupForm(model)}`;
}

/** Default view of the code step of a setup by code. */
export function accountSetupCodeView(model: AccountSetupCodeModel): SafeHtml {
  return html`<h1>${model.heading}</h1>
${accountMessages(model)}<p class="tf-account-sent">${model.sentText}</p>
<form method="post" action="${model.urls.setup}" novalidate>
${accountHiddenFields(model)}<div class="tf-field">
<label for="tf-token">${model.t('account.field.sentCode')}</label>
<span class="tf-hint" id="tf-token-hint">${model.t(model.method === 'call' ? 'account.field.sentCode.callHint' : 'account.field.sentCode.hint')}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="one-time-code" inputmode="numeric" autocapitalize="none" spellcheck="false" maxlength="64" aria-describedby="tf-token-hint"${invalid(model, 'token')}>
</div>
<div class="tf-field">
<label for="tf-name">${model.t('account.field.name')}</label>
<span class="tf-hint" id="tf-name-hint">${model.t('account.field.name.hint')}</span>
<input id="tf-name" name="name" type="text" autocomplete="off" maxlength="64" value="${model.name}" aria-describedby="tf-name-hint"${invalid(model, 'name')}>
</div>
<p class="tf-hint">${model.t('account.setup.codeSetupExpiresAt', model.expires)}</p>
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="confirm">${model.t(model.adding ? 'account.action.confirmAdd' : 'account.action.confirmSetup')}</button>
</div>
<p class="tf-hint">${model.nextCodeAt === null ? model.t('account.setup.noCode') : model.t('account.setup.nextCodeAt', model.nextCodeAt)}</p>
<div class="tf-actions">
<button class="tf-button tf-button-secondary" type="submit" name="action" value="resend" formnovalidate>${model.t('account.action.resendCode')}</button>
</div>
</form>
<p><a href="${model.changeUrl}">${model.t(model.method === 'email' ? 'account.action.changeAddress' : 'account.action.changeNumber')}</a></p>
${cancelSetupForm(model)}`;
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
  }${offer}`;
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

/** Default view of the backup codes page. */
export function accountBackupCodesView(model: AccountBackupCodesModel): SafeHtml {
  return html`<h1>${model.t('account.backupCodes.title')}</h1>
${accountMessages(model)}<p>${model.t('account.backupCodes.intro')}</p>
<p>${
    model.remaining === null || model.remaining === 0
      ? model.t('account.profile.backupNone')
      : model.t('account.profile.backupRemaining', { count: model.remaining })
  }</p>
${model.remaining === null ? null : html`<p>${model.t('account.backupCodes.regenerateWarning')}</p>\n`}<form method="post" action="${model.urls.backupCodes}">
${accountHiddenFields(model, false)}<div class="tf-actions">
<button class="tf-button" type="submit">${model.t(model.remaining === null ? 'account.action.generateFirstCodes' : 'account.action.generateCodes')}</button>
</div>
</form>
${backLink(model)}`;
}

/** Default view of a new set of backup codes (shown once). */
export function accountBackupCodesIssuedView(model: AccountBackupCodesIssuedModel): SafeHtml {
  return html`<h1>${model.t('account.backupCodes.issuedTitle')}</h1>
${accountMessages(model)}<p>${model.t('account.backupCodes.issuedIntro')}</p>
${model.replaced ? html`<p>${model.t('account.backupCodes.issuedOld')}</p>\n` : null}<ol class="tf-account-codes" aria-label="${model.t('account.backupCodes.listLabel')}">
${model.codes.map((code) => html`<li><code>${code}</code></li>\n`)}</ol>
<form method="post" action="${model.urls.backupCodesDownload}">
${accountHiddenFields(model, false)}<div class="tf-actions">
<button class="tf-button tf-button-secondary" type="submit">${model.t('account.action.download')}</button>
<a class="tf-button" href="${model.next ?? model.urls.profile}">${model.t('account.action.savedCodes')}</a>
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
  return html`<h1>${model.t('account.reauth.title')}</h1>
<p>${model.t('account.reauth.intro')}</p>
${accountMessages(model)}<form method="post" action="${model.urls.reauthenticate}" novalidate>
${accountHiddenFields(model)}${
    model.devices.length === 0
      ? null
      : html`<div class="tf-field">
<label for="tf-device">${model.t('field.device')}</label>
<select id="tf-device" name="device"${invalid(model, 'device')}>
${model.devices.map((device) => html`<option value="${device.id}"${device.selected ? html` selected` : null}>${device.name}</option>\n`)}</select>
</div>
`
  }<div class="tf-field">
<label for="tf-token">${model.t('field.token')}</label>
<span class="tf-hint" id="tf-token-hint">${model.t('field.token.hint')}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="one-time-code" inputmode="${model.tokenInputMode}" autocapitalize="none" spellcheck="false" maxlength="64" aria-describedby="tf-token-hint"${invalid(model, 'token')} autofocus>
</div>
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="verify">${model.t('action.verify')}</button>
${model.canSendCode ? html`<button class="tf-button tf-button-secondary" type="submit" name="action" value="challenge" formnovalidate>${model.t('action.sendCode')}</button>\n` : null}</div>
</form>
${backLink(model)}`;
}

/** The default account views. */
export const accountViews: AccountViews = {
  accountProfile: accountProfileView,
  accountSetupWelcome: accountSetupWelcomeView,
  accountSetupKey: accountSetupKeyView,
  accountSetupDestination: accountSetupDestinationView,
  accountSetupCode: accountSetupCodeView,
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
