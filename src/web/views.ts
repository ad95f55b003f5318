/**
 * The markup of twofold's pages, as plain functions of a model. A host
 * replaces any of them (or the layout) through the `views` option; the
 * defaults are exported so that a replacement can wrap them.
 *
 * Accessibility: every input has a label, errors are summarised at the top
 * in a `role="alert"` region whose entries link to their fields (which carry
 * `aria-invalid`), and the code field asks phones for the one-time-code
 * keyboard and autofill. Nothing needs JavaScript.
 */
import { defaultLayout, html, type LayoutModel, type SafeHtml } from './html.js';
import type { FieldName, Message, MessageId, MessageParams } from './messages.js';

/** A device the user may choose. */
export interface DeviceChoice {
  /** The persistent id, posted back as the `device` field. */
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  /** Whether "Send me a code" applies to it. */
  readonly interactive: boolean;
  readonly selected: boolean;
}

/** URLs of twofold's routes, for links and form actions. */
export interface PageUrls {
  readonly login: string;
  readonly logout: string;
  readonly stylesheet: string;
}

/** What every page model has. */
export interface BasePageModel {
  /** The text of a message, in the configured language. */
  readonly t: (id: MessageId, params?: MessageParams) => string;
  readonly csrfToken: string;
  /** The CSRF form field name. */
  readonly csrfField: string;
  /** A safe page to return to after signing in, or null. */
  readonly next: string | null;
  /** The form field that carries `next`. */
  readonly redirectField: string;
  readonly urls: PageUrls;
  /** Errors to show in the summary (with `field` when they concern one). */
  readonly errors: readonly Message[];
  /** Informational messages (code sent, password accepted). */
  readonly notices: readonly Message[];
}

/** The first step of the one-page login: username, password and an optional code. */
export interface CredentialsPageModel extends BasePageModel {
  readonly page: 'credentials';
  /** The username to pre-fill (never the password). */
  readonly username: string;
}

/** The code step of the one-page login, after the password was accepted. */
export interface LoginTokenPageModel extends BasePageModel {
  readonly page: 'login-token';
  readonly username: string;
  readonly devices: readonly DeviceChoice[];
  /** Whether any device can be sent a code. */
  readonly canSendCode: boolean;
  /** `numeric` unless the selected device takes letters (backup codes). */
  readonly tokenInputMode: 'numeric' | 'text';
}

/** The token-only page, for a user signed in by the host but not verified. */
export interface TokenPageModel extends BasePageModel {
  readonly page: 'token';
  readonly username: string | null;
  readonly devices: readonly DeviceChoice[];
  readonly canSendCode: boolean;
  readonly tokenInputMode: 'numeric' | 'text';
}

/** The sign-out confirmation page. */
export interface LogoutPageModel extends BasePageModel {
  readonly page: 'logout';
}

/** An error page (refused form, unreadable request). */
export interface ErrorPageModel {
  readonly page: 'error';
  readonly t: (id: MessageId, params?: MessageParams) => string;
  readonly title: string;
  readonly message: string;
  readonly urls: PageUrls;
}

/** The page renderers. Each returns the page's main content; `layout` wraps it in a document. */
export interface TwofoldViews {
  layout(model: LayoutModel): SafeHtml;
  credentials(model: CredentialsPageModel): SafeHtml;
  loginToken(model: LoginTokenPageModel): SafeHtml;
  token(model: TokenPageModel): SafeHtml;
  logout(model: LogoutPageModel): SafeHtml;
  error(model: ErrorPageModel): SafeHtml;
}

const FIELD_IDS: Readonly<Record<FieldName, string>> = {
  username: 'tf-username',
  password: 'tf-password',
  device: 'tf-device',
  token: 'tf-token',
};

/** The error summary and notices of a page. */
export function renderMessages(model: Pick<BasePageModel, 't' | 'errors' | 'notices'>): SafeHtml {
  const errors =
    model.errors.length === 0
      ? null
      : html`<div class="tf-alert tf-alert-error" role="alert">
<h2>${model.t('errors.heading')}</h2>
<ul>${model.errors.map((error) =>
          error.field === undefined
            ? html`<li>${error.text}</li>`
            : html`<li><a href="#${FIELD_IDS[error.field]}">${error.text}</a></li>`,
        )}</ul>
</div>
`;
  const notices = model.notices.map((notice) => html`<div class="tf-alert tf-alert-notice" role="status"><p>${notice.text}</p></div>\n`);
  return html`${errors}${notices}`;
}

function invalid(model: Pick<BasePageModel, 'errors'>, field: FieldName): SafeHtml | null {
  return model.errors.some((error) => error.field === field) ? html` aria-invalid="true"` : null;
}

/** The hidden fields every form carries: the CSRF token and `next`. */
export function hiddenFields(model: Pick<BasePageModel, 'csrfField' | 'csrfToken' | 'next' | 'redirectField'>): SafeHtml {
  return html`<input type="hidden" name="${model.csrfField}" value="${model.csrfToken}">
${model.next === null ? null : html`<input type="hidden" name="${model.redirectField}" value="${model.next}">\n`}`;
}

function tokenField(model: BasePageModel, hint: string, inputMode: 'numeric' | 'text', autofocus: boolean): SafeHtml {
  return html`<div class="tf-field">
<label for="tf-token">${model.t('field.token')}</label>
<span class="tf-hint" id="tf-token-hint">${hint}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="one-time-code" inputmode="${inputMode}" autocapitalize="none" spellcheck="false" maxlength="64" aria-describedby="tf-token-hint"${invalid(model, 'token')}${autofocus ? html` autofocus` : null}>
</div>
`;
}

function deviceField(model: BasePageModel & { readonly devices: readonly DeviceChoice[] }): SafeHtml | null {
  if (model.devices.length === 0) return null;
  return html`<div class="tf-field">
<label for="tf-device">${model.t('field.device')}</label>
<select id="tf-device" name="device"${invalid(model, 'device')}>
${model.devices.map((device) => html`<option value="${device.id}"${device.selected ? html` selected` : null}>${device.name}</option>\n`)}</select>
</div>
`;
}

function codeButtons(model: BasePageModel & { readonly canSendCode: boolean }): SafeHtml {
  return html`<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="verify">${model.t('action.verify')}</button>
${model.canSendCode ? html`<button class="tf-button tf-button-secondary" type="submit" name="action" value="challenge" formnovalidate>${model.t('action.sendCode')}</button>\n` : null}</div>
`;
}

/** Default view of the credentials step. */
export function credentialsView(model: CredentialsPageModel): SafeHtml {
  return html`<h1>${model.t('page.login.title')}</h1>
${renderMessages(model)}<form method="post" action="${model.urls.login}" novalidate>
${hiddenFields(model)}<div class="tf-field">
<label for="tf-username">${model.t('field.username')}</label>
<input id="tf-username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="256" value="${model.username}"${invalid(model, 'username')}>
</div>
<div class="tf-field">
<label for="tf-password">${model.t('field.password')}</label>
<input id="tf-password" name="password" type="password" autocomplete="current-password" maxlength="1024"${invalid(model, 'password')}>
</div>
${tokenField(model, model.t('field.token.optionalHint'), 'numeric', false)}<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="verify">${model.t('action.signIn')}</button>
</div>
</form>
`;
}

/** Default view of the code step of the one-page login. */
export function loginTokenView(model: LoginTokenPageModel): SafeHtml {
  return html`<h1>${model.t('page.loginToken.title')}</h1>
<p>${model.t('login.signingInAs', { username: model.username })}</p>
${renderMessages(model)}<form method="post" action="${model.urls.login}" novalidate>
${hiddenFields(model)}${deviceField(model)}${tokenField(model, model.t('field.token.hint'), model.tokenInputMode, true)}${codeButtons(model)}<div class="tf-actions">
<button class="tf-button tf-button-link" type="submit" name="action" value="cancel" formnovalidate>${model.t('action.otherAccount')}</button>
</div>
</form>
`;
}

/** Default view of the token-only page. */
export function tokenView(model: TokenPageModel): SafeHtml {
  const signOut = html`<form class="tf-inline" method="post" action="${model.urls.logout}">
${hiddenFields({ ...model, next: null })}<button class="tf-button tf-button-link" type="submit">${model.t('action.signOut')}</button>
</form>
`;
  return html`<h1>${model.t('page.token.title')}</h1>
${model.username === null ? null : html`<p>${model.t('token.signedInAs', { username: model.username })}</p>\n`}${
    model.devices.length === 0
      ? html`${renderMessages(model)}<p>${model.t('token.noDevices')}</p>\n`
      : html`<p>${model.t('token.intro')}</p>
${renderMessages(model)}<form method="post" action="${model.urls.login}" novalidate>
${hiddenFields(model)}${deviceField(model)}${tokenField(model, model.t('field.token.hint'), model.tokenInputMode, true)}${codeButtons(model)}</form>
`
  }${signOut}`;
}

/** Default view of the sign-out confirmation. */
export function logoutView(model: LogoutPageModel): SafeHtml {
  return html`<h1>${model.t('page.logout.title')}</h1>
${renderMessages(model)}<p>${model.t('logout.confirm')}</p>
<form method="post" action="${model.urls.logout}">
${hiddenFields(model)}<div class="tf-actions">
<button class="tf-button" type="submit">${model.t('action.signOut')}</button>
</div>
</form>
`;
}

/** Default view of an error page. */
export function errorView(model: ErrorPageModel): SafeHtml {
  return html`<h1>${model.title}</h1>
<div class="tf-alert tf-alert-error" role="alert"><p>${model.message}</p></div>
<p><a href="${model.urls.login}">${model.t('action.backToSignIn')}</a></p>
`;
}

/** twofold's default views. */
export const defaultViews: TwofoldViews = {
  layout: defaultLayout,
  credentials: credentialsView,
  loginToken: loginTokenView,
  token: tokenView,
  logout: logoutView,
  error: errorView,
};
