/**
 * The markup of the sign-in steps after the password: the token step of the
 * login wizard, the verify-only page and the backup-code step. Plain
 * functions of a model, replaceable one at a time through the `views`
 * option; nothing needs JavaScript.
 *
 * Each token step asks for a code from one device (the user's primary one,
 * or the one they picked) and lists the other ways in ("Other ways to
 * confirm it is you"): their other devices (a link to switch, or a button
 * that sends a code for devices that send them) and the backup-code step.
 *
 * This module imports nothing but types from `web/views.ts` (which merges
 * these views into the defaults), so that the two never wait on each other
 * while loading.
 */
import { deliveryPhrase, type DeliveryChannel } from '../../web/destination.js';
import { countdownAttributes, deadlineParams, waitingAttributes } from '../../web/client-script.js';
import { html, type SafeHtml } from '../../web/html.js';
import type { FieldName, Message } from '../../web/messages.js';
import type { BasePageModel } from '../../web/views.js';
import type { SignInWords } from './sign-in-texts.js';
import { ceremonyForm, type CeremonyStepModel } from './ceremony-views.js';

/** A device offered on a token step. */
export interface MethodChoice {
  /** The persistent id, posted back as the `device` field. */
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  /** Whether it sends codes ("Send a code to ..."). */
  readonly interactive: boolean;
  /** The page asking for this device's code (a GET link: choosing changes nothing). */
  readonly url: string;
}

/** For a device that sends codes: where they go, whether one was sent, and when the next may be asked for. */
export interface TokenDeliveryModel {
  /** `sms`, `call`, `email`, or `other` for kinds of the host's own. */
  readonly channel: DeliveryChannel;
  /** The number or address as the kind masks it, or null when the kind does not say. */
  readonly masked: string | null;
  /** A code was sent and may still be entered: the page says where it went, and the button offers a new one. */
  readonly codeSent: boolean;
  /**
   * When another code may be asked for (the cooldown), in words, or null when
   * it may be now. Until then "Send a new code" is disabled; with `at` the
   * page counts down and enables it.
   */
  readonly nextCodeAt: { readonly at?: Date; readonly relative: string; readonly time: string } | null;
}

/** What a token step shows: one device's code field and the other ways in. */
export interface TokenStepModel {
  /** Where the code form posts. */
  readonly formAction: string;
  /** The device the code is checked against (and only that one). */
  readonly device: MethodChoice;
  /** The user's other devices. */
  readonly otherMethods: readonly MethodChoice[];
  /** The backup-code step, or null when the user has no backup codes. */
  readonly backupUrl: string | null;
  /** The "Remember this browser for N days" label, or null when the feature is off. */
  readonly rememberLabel: string | null;
  /** Whether the checkbox is ticked (it never is by default). */
  readonly rememberChecked: boolean;
  /** `numeric` for devices whose codes are digits. */
  readonly tokenInputMode: 'numeric' | 'text';
  /** The code field's autofill: `off` for devices that type their own token (a YubiKey); default `one-time-code`. */
  readonly tokenAutocomplete?: 'one-time-code' | 'off';
  /** For a device that sends codes; null for one that shows its own. */
  readonly delivery: TokenDeliveryModel | null;
  /** The device kind's own words (a key to touch, not a code to read), or null (absent) for the general code wording. */
  readonly signIn?: SignInWords | null;
  /** For a device used by a browser ceremony (a security key): the button instead of a code field. */
  readonly ceremony?: CeremonyStepModel | null;
}

/** The "lost your device?" help under a code step. */
export interface LostDeviceModel {
  /** The host's sentence, or the translated default. */
  readonly text: string;
  /** Where to get help, with its link text; null for no link. */
  readonly link: { readonly url: string; readonly text: string } | null;
}

/** The token step of the login wizard, after the password was accepted. */
export interface LoginTokenPageModel extends BasePageModel, TokenStepModel {
  readonly page: 'login-token';
  /** The user being signed in ("Signing in as ..."). */
  readonly username: string;
  /** The "lost your device?" help, or null when the host hid it. */
  readonly lostDevice: LostDeviceModel | null;
}

/** The verify-only page, for a user the host signed in who is not verified yet. */
export interface TokenPageModel extends BasePageModel {
  readonly page: 'token';
  readonly username: string | null;
  /** The token step, or null when the user has no device. */
  readonly step: TokenStepModel | null;
  /** With no device: the setup wizard, or null when it is not mounted. */
  readonly setupUrl: string | null;
  /** The "lost your device?" help, or null when the host hid it. */
  readonly lostDevice: LostDeviceModel | null;
}

/** The backup-code step (login wizard or verify-only page). */
export interface BackupCodePageModel extends BasePageModel {
  readonly page: 'backup-code';
  /** `login`: the wizard (cancel starts again); `verify`: a signed-in user (cancel signs out). */
  readonly flow: 'login' | 'verify';
  readonly username: string | null;
  /** Where the code form posts. */
  readonly formAction: string;
  /** Back to the token step, or null when the user has no device to go back to. */
  readonly tokenUrl: string | null;
  /** The "lost your device?" help, or null when the host hid it. */
  readonly lostDevice: LostDeviceModel | null;
}

/** Said once, right after signing in with a backup code: how many are left, and where to get new ones. */
export interface BackupCodesLeftPageModel extends BasePageModel {
  readonly page: 'backup-codes-left';
  /** Unused backup codes left. */
  readonly remaining: number;
  /** Few left: the page warns, and offers new ones. */
  readonly low: boolean;
  /** The page that makes a new set, or null when the account pages are not mounted. */
  readonly newCodesUrl: string | null;
  /** Where the sign-in was going. */
  readonly continueUrl: string;
}

/** The views of this module (merged into `TwofoldViews`). */
export interface LoginViews {
  loginToken(model: LoginTokenPageModel): SafeHtml;
  token(model: TokenPageModel): SafeHtml;
  backupCode(model: BackupCodePageModel): SafeHtml;
  backupCodesLeft(model: BackupCodesLeftPageModel): SafeHtml;
}

const FIELD_IDS: Readonly<Record<FieldName, string>> = {
  username: 'tf-username',
  password: 'tf-password',
  device: 'tf-token',
  token: 'tf-token',
};

/**
 * The error summary (linking each error to its field) and the notices. An
 * error that lasts until a known time (throttled, too soon for a new code)
 * counts down, and points to the other ways in when `step` lists some.
 */
function messages(model: Pick<BasePageModel, 't' | 'errors' | 'notices'>, step: TokenStepModel | null = null): SafeHtml {
  const hasOtherWays = step !== null && (step.otherMethods.length > 0 || step.backupUrl !== null);
  const waiting = waitingAttributes(model.errors);
  const errors =
    model.errors.length === 0
      ? null
      : html`<div class="tf-alert tf-alert-error" role="alert"${waiting}>
<h2>${model.t('errors.heading')}</h2>
<ul>${model.errors.map((error: Message) =>
          error.field === undefined ? html`<li>${error.text}</li>` : html`<li><a href="#${FIELD_IDS[error.field]}">${error.text}</a></li>`,
        )}</ul>
${waiting !== null && hasOtherWays ? html`<p class="tf-alert-more"><a href="#tf-other-methods-heading">${model.t('login.otherMethods.pointer')}</a></p>\n` : null}</div>
`;
  const notices = model.notices.map((notice) => html`<div class="tf-alert tf-alert-notice" role="status"><p>${notice.text}</p></div>\n`);
  return html`${errors}${notices}`;
}

function hidden(model: Pick<BasePageModel, 'csrfField' | 'csrfToken' | 'next' | 'redirectField'>, withNext = true): SafeHtml {
  return html`<input type="hidden" name="${model.csrfField}" value="${model.csrfToken}">
${withNext && model.next !== null ? html`<input type="hidden" name="${model.redirectField}" value="${model.next}">\n` : null}`;
}

function invalid(model: Pick<BasePageModel, 'errors'>): SafeHtml | null {
  return model.errors.some((error) => error.field === 'token') ? html` aria-invalid="true"` : null;
}

function codeField(model: BasePageModel, label: string, hint: string, inputMode: 'numeric' | 'text', autocomplete: 'one-time-code' | 'off' = 'one-time-code'): SafeHtml {
  return html`<div class="tf-field">
<label for="tf-token">${label}</label>
<span class="tf-hint" id="tf-token-hint">${hint}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="${autocomplete}" inputmode="${inputMode}" autocapitalize="none" spellcheck="false" maxlength="64" aria-describedby="tf-token-hint"${invalid(model)} autofocus>
</div>
`;
}

function rememberField(model: BasePageModel, step: TokenStepModel): SafeHtml | null {
  if (step.rememberLabel === null) return null;
  return html`<div class="tf-field tf-check">
<input id="tf-remember" name="remember" type="checkbox" value="on" aria-describedby="tf-remember-hint"${step.rememberChecked ? html` checked` : null}>
<label for="tf-remember">${step.rememberLabel}</label>
<span class="tf-hint" id="tf-remember-hint">${model.t('login.remember.hint')}</span>
</div>
`;
}

/** "Enter the code shown by ...", "Enter the code from the text message we sent to ...", "Ask for ...", or the kind's own ("touch the key"). */
function instructionOf(model: BasePageModel, step: TokenStepModel): string {
  const { delivery } = step;
  const words = step.signIn ?? null;
  if (delivery === null && words !== null) return words.hint === null ? words.prompt : `${words.prompt} ${words.hint}`;
  if (delivery === null) return model.t(step.device.interactive ? 'login.token.instructionSent' : 'login.token.instruction', { device: step.device.name });
  const { id, params } = deliveryPhrase(delivery.codeSent ? 'enter' : 'ask', { channel: delivery.channel, masked: delivery.masked }, step.device.name);
  return model.t(id, params);
}

function sendButton(model: BasePageModel, step: TokenStepModel): SafeHtml | null {
  if (!step.device.interactive) return null;
  const wait = step.delivery?.nextCodeAt ?? null;
  const label = step.delivery?.codeSent === true ? model.t('login.token.resend') : model.t('action.sendCode');
  // Disabled during the cooldown (a click would only be refused); the hint counts down and enables it, or a reload does.
  const counting = wait?.at === undefined ? null : countdownAttributes({ ...wait, at: wait.at }, { done: model.t('login.token.resendReady'), enables: 'tf-send-code' });
  return html`<button class="tf-button tf-button-secondary" id="tf-send-code" type="submit" name="action" value="challenge" formnovalidate${
    wait === null ? null : html` aria-describedby="tf-resend-hint" disabled`
  }>${label}</button>
${wait === null ? null : html`<p class="tf-hint tf-resend-hint" id="tf-resend-hint"${counting}>${model.t('login.token.nextCodeAt', deadlineParams(wait))}</p>\n`}`;
}

function tokenForm(model: BasePageModel, step: TokenStepModel): SafeHtml {
  const ceremony = step.ceremony ?? null;
  if (ceremony !== null) return ceremonyForm({ ...step, ceremony }, hidden(model), rememberField(model, step));
  return html`<form class="tf-token-step" method="post" action="${step.formAction}" novalidate>
${hidden(model)}<input type="hidden" name="device" value="${step.device.id}">
${codeField(model, step.signIn?.field ?? model.t('field.token'), instructionOf(model, step), step.tokenInputMode, step.tokenAutocomplete)}${rememberField(model, step)}<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="verify">${model.t('action.verify')}</button>
${sendButton(model, step)}</div>
</form>
`;
}

function otherMethods(model: BasePageModel, step: TokenStepModel): SafeHtml | null {
  if (step.otherMethods.length === 0 && step.backupUrl === null) return null;
  const entry = (method: MethodChoice) =>
    method.interactive
      ? html`<li><form class="tf-inline" method="post" action="${step.formAction}">
${hidden(model)}<input type="hidden" name="device" value="${method.id}">
<button class="tf-button tf-button-link" type="submit" name="action" value="challenge">${model.t('login.otherMethods.send', { device: method.name })}</button>
</form></li>
`
      : html`<li><a href="${method.url}">${model.t('login.otherMethods.use', { device: method.name })}</a></li>\n`;
  return html`<section class="tf-other-methods" aria-labelledby="tf-other-methods-heading">
<h2 id="tf-other-methods-heading">${model.t('login.otherMethods.heading')}</h2>
<ul>
${step.otherMethods.map(entry)}${step.backupUrl === null ? null : html`<li><a href="${step.backupUrl}">${model.t('login.otherMethods.backup')}</a></li>\n`}</ul>
</section>
`;
}

/** "Lost your device?": the host's help, under every code step. */
function lostDeviceHelp(help: LostDeviceModel | null): SafeHtml | null {
  if (help === null) return null;
  return html`<p class="tf-hint tf-lost-device">${help.text}${help.link === null ? null : html` <a href="${help.link.url}">${help.link.text}</a>`}</p>
`;
}

function startOver(model: BasePageModel, action: string): SafeHtml {
  return html`<form class="tf-inline" method="post" action="${action}">
${hidden(model, false)}<button class="tf-button tf-button-link" type="submit" name="action" value="cancel" formnovalidate>${model.t('action.otherAccount')}</button>
</form>
`;
}

function signOut(model: BasePageModel): SafeHtml {
  return html`<form class="tf-inline" method="post" action="${model.urls.logout}">
${hidden(model, false)}<button class="tf-button tf-button-link" type="submit">${model.t('action.signOut')}</button>
</form>
`;
}

/** Default view of the login wizard's token step. */
export function loginTokenView(model: LoginTokenPageModel): SafeHtml {
  // A key is not a code: its step is titled like the verify-only page.
  return html`<h1>${model.signIn?.title ?? model.t((model.ceremony ?? null) === null ? 'page.loginToken.title' : 'page.token.title')}</h1>
<p>${model.t('login.signingInAs', { username: model.username })}</p>
${messages(model, model)}${tokenForm(model, model)}${otherMethods(model, model)}${lostDeviceHelp(model.lostDevice)}${startOver(model, model.urls.login)}`;
}

/** Default view of the verify-only page. */
export function tokenView(model: TokenPageModel): SafeHtml {
  const intro = model.username === null ? null : html`<p>${model.t('token.signedInAs', { username: model.username })}</p>\n`;
  if (model.step === null) {
    return html`<h1>${model.t('page.token.title')}</h1>
${intro}${messages(model)}${
      model.setupUrl === null
        ? html`<p>${model.t('token.noDevices')}</p>\n`
        : html`<p>${model.t('login.verify.noDevicesSetUp')}</p>
<div class="tf-actions"><a class="tf-button" href="${model.setupUrl}">${model.t('login.action.setUp')}</a></div>
`
    }${lostDeviceHelp(model.lostDevice)}${signOut(model)}`;
  }
  return html`<h1>${model.t('page.token.title')}</h1>
${intro}<p>${model.t('token.intro')}</p>
${messages(model, model.step)}${tokenForm(model, model.step)}${otherMethods(model, model.step)}${lostDeviceHelp(model.lostDevice)}${signOut(model)}`;
}

/** Default view of the backup-code step. */
export function backupCodeView(model: BackupCodePageModel): SafeHtml {
  const who =
    model.username === null
      ? null
      : html`<p>${model.flow === 'login' ? model.t('login.signingInAs', { username: model.username }) : model.t('token.signedInAs', { username: model.username })}</p>\n`;
  return html`<h1>${model.t('login.backup.title')}</h1>
${who}<p>${model.t('login.backup.intro')}</p>
${messages(model)}<form class="tf-backup-step" method="post" action="${model.formAction}" novalidate>
${hidden(model)}${codeField(model, model.t('login.backup.field'), model.t('login.backup.hint'), 'text')}<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="verify">${model.t('action.verify')}</button>
</div>
</form>
${model.tokenUrl === null ? null : html`<p><a href="${model.tokenUrl}">${model.t('login.backup.back')}</a></p>\n`}${lostDeviceHelp(model.lostDevice)}${
    model.flow === 'login' ? startOver(model, model.urls.login) : signOut(model)
  }`;
}

/** Default view of the page after a backup code: how many are left, a warning and new codes when few are. */
export function backupCodesLeftView(model: BackupCodesLeftPageModel): SafeHtml {
  const count = model.t('login.backupLeft.count', { count: model.remaining });
  return html`<h1>${model.t('login.backupLeft.title')}</h1>
${messages(model)}${
    model.low
      ? html`<div class="tf-alert tf-alert-error" role="alert"><p>${count} ${model.t('login.backupLeft.warning')}</p></div>\n`
      : html`<div class="tf-alert tf-alert-notice" role="status"><p>${count}</p></div>\n`
  }<div class="tf-actions">
${model.low && model.newCodesUrl !== null ? html`<a class="tf-button" href="${model.newCodesUrl}">${model.t('login.backupLeft.newCodes')}</a>\n` : null}<a class="tf-button${
    model.low && model.newCodesUrl !== null ? ' tf-button-secondary' : ''
  }" href="${model.continueUrl}">${model.t('login.backupLeft.continue')}</a>
</div>
`;
}

/** The default views of the sign-in steps. */
export const loginViews: LoginViews = {
  loginToken: loginTokenView,
  token: tokenView,
  backupCode: backupCodeView,
  backupCodesLeft: backupCodesLeftView,
};

/** Styles of the sign-in steps, served after `TWOFOLD_CSS` in `/twofold.css` (classes `tf-other-methods`, `tf-check`, `tf-resend-hint`). */
export const LOGIN_CSS = `.tf-other-methods { margin: 1.5rem 0 0; padding-top: 1rem; border-top: 1px solid var(--tf-border); }
.tf-other-methods ul { list-style: none; margin: 0 0 1rem; padding: 0; }
.tf-other-methods li { margin: 0.25rem 0; }
.tf-other-methods .tf-button-link { padding: 0.25rem 0; min-height: 0; text-align: left; }
.tf-check { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 0.6rem; align-items: start; }
.tf-check input[type="checkbox"] { width: 1.35rem; height: 1.35rem; min-height: 0; margin: 0.1rem 0 0; accent-color: var(--tf-accent); }
.tf-check label { margin: 0; font-weight: 600; }
.tf-check .tf-hint { grid-column: 2; margin: 0; }
.tf-resend-hint { flex-basis: 100%; margin: 0; }
/* The link under the backup-code form would otherwise touch its button. */
.tf-backup-step { margin-bottom: 1.25rem; }
.tf-lost-device { margin: 1rem 0; }
`;

// The sign-in pages join the web layer's views (declaration merging keeps the web layer free of flows).
declare module '../../web/views.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface TwofoldViews extends LoginViews {}
}
