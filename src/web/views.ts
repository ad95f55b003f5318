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
import { ceremonyOptionsElement } from './ceremony-script.js';
import type { JsonObject } from '../core/types.js';
import { waitingAttributes, type Deadline } from './client-script.js';
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
  /** twofold's page script (progressive enhancement). */
  readonly script: string;
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
  /** "Sign in with a passkey", when the host turned passwordless sign-in on; absent or null otherwise. */
  readonly passkey?: PasskeySignInModel | null;
}

/** A button that runs a kind's browser ceremony (a security key or passkey). */
export interface CeremonyButtonModel {
  /** The button, and what is said while the browser runs the ceremony, when it cannot, and without JavaScript. */
  readonly button: string;
  readonly waiting: string;
  readonly unsupported: string;
  readonly noscript: string;
  /** The kind's browser script (served by twofold). */
  readonly scriptUrl: string;
  /** The options for the browser (a challenge bound to this session). */
  readonly options: JsonObject;
}

/** The passwordless sign-in button of the login page: options for any passkey of the site. */
export type PasskeySignInModel = CeremonyButtonModel;

/** The passkey form under the password form: its own POST (`action=passkey`) that the kind's script fills in. */
function passkeySignInForm(model: CredentialsPageModel, passkey: PasskeySignInModel): SafeHtml {
  return html`<noscript><p class="tf-noscript">${passkey.noscript}</p></noscript>
${ceremonyOptionsElement('tf-passkey-options', passkey.options)}<form class="tf-passkey-sign-in" method="post" action="${model.urls.login}" novalidate data-twofold-webauthn="authenticate" data-options="tf-passkey-options" data-waiting-message="${passkey.waiting}" data-unsupported-message="${passkey.unsupported}">
${hiddenFields(model)}<input type="hidden" name="action" value="passkey"><input type="hidden" name="response" value=""><input type="hidden" name="error" value="">
<div class="tf-actions">
<button class="tf-button tf-button-secondary" type="submit">${passkey.button}</button>
</div>
<p class="tf-hint" data-twofold-webauthn-status role="status"></p>
</form>
<script src="${passkey.scriptUrl}" defer></script>
`;
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
  /** Where the user can go on (e.g. the current step after a stale form), shown instead of "Back to sign-in"; null or absent for none. */
  readonly continueTo?: { readonly url: string; readonly label: string } | null;
}

/**
 * The page renderers. Each returns the page's main content; `layout` wraps
 * it in a document. The web layer's own are here; each flow adds its pages
 * by declaration merging next to its views (see `flows/login/views.ts`), and
 * `src/assembly/views.ts` gathers the defaults.
 */
export interface TwofoldViews {
  layout(model: LayoutModel): SafeHtml;
  credentials(model: CredentialsPageModel): SafeHtml;
  logout(model: LogoutPageModel): SafeHtml;
  error(model: ErrorPageModel): SafeHtml;
}

const FIELD_IDS: Readonly<Record<FieldName, string>> = {
  username: 'tf-username',
  password: 'tf-password',
  device: 'tf-device',
  token: 'tf-token',
};

/**
 * The error summary (each error linked to its field) and the notices of a
 * page; shared by every page family, each with its own field ids.
 */
export function renderAlerts<Field extends string>(
  t: BasePageModel['t'],
  errors: readonly { readonly text: string; readonly field?: Field; readonly until?: Deadline }[],
  notices: readonly { readonly text: string }[],
  fieldIds: Readonly<Record<Field, string>>,
): SafeHtml {
  const summary =
    errors.length === 0
      ? null
      : html`<div class="tf-alert tf-alert-error" role="alert"${waitingAttributes(errors)}>
<h2>${t('errors.heading')}</h2>
<ul>${errors.map((error) =>
          error.field === undefined ? html`<li>${error.text}</li>` : html`<li><a href="#${fieldIds[error.field]}">${error.text}</a></li>`,
        )}</ul>
</div>
`;
  const shown = notices.map((notice) => html`<div class="tf-alert tf-alert-notice" role="status"><p>${notice.text}</p></div>\n`);
  return html`${summary}${shown}`;
}

/** The error summary and notices of a page. */
export function renderMessages(model: Pick<BasePageModel, 't' | 'errors' | 'notices'>): SafeHtml {
  return renderAlerts(model.t, model.errors, model.notices, FIELD_IDS);
}

function invalid(model: Pick<BasePageModel, 'errors'>, field: FieldName): SafeHtml | null {
  return model.errors.some((error) => error.field === field) ? html` aria-invalid="true"` : null;
}

/** The hidden fields every form carries: the CSRF token and `next`. */
export function hiddenFields(model: Pick<BasePageModel, 'csrfField' | 'csrfToken' | 'next' | 'redirectField'>): SafeHtml {
  return html`<input type="hidden" name="${model.csrfField}" value="${model.csrfToken}">
${model.next === null ? null : html`<input type="hidden" name="${model.redirectField}" value="${model.next}">\n`}`;
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
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="verify">${model.t('action.signIn')}</button>
</div>
</form>
${model.passkey === undefined || model.passkey === null ? null : passkeySignInForm(model, model.passkey)}`;
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
${
  model.continueTo === undefined || model.continueTo === null
    ? html`<p><a href="${model.urls.login}">${model.t('action.backToSignIn')}</a></p>
`
    : html`<div class="tf-actions"><a class="tf-button" href="${model.continueTo.url}">${model.continueTo.label}</a></div>
`
}`;
}

/** The web layer's own default views (the layout, sign-in form, sign-out and error pages). */
export const WEB_VIEWS = {
  layout: defaultLayout,
  credentials: credentialsView,
  logout: logoutView,
  error: errorView,
} as const;
