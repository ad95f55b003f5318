/**
 * The step-up page's default view: what is missing, the devices that can
 * give it, and the code form; or, when none of the user's devices can, why
 * and where to add one. A host replaces it through `views: { stepUp }`.
 */
import { html, type SafeHtml } from '../../web/html.js';
import { hiddenFields, renderMessages, type BasePageModel, type DeviceChoice } from '../../web/views.js';
import { optionWordsAttributes, type CodeFieldWords } from '../login/sign-in-texts.js';
import { RESUBMIT_FIELD } from './guard.js';
import { ceremonyForm, type CeremonyStepModel } from '../login/ceremony-views.js';

/** The model of the step-up page. */
export interface StepUpPageModel extends BasePageModel {
  readonly page: 'step-up';
  /** The form's action (the step-up page itself). */
  readonly action: string;
  /** The requirement's name, posted back as `requirement`. */
  readonly requirement: string;
  /** Whether a refused form is waiting to be sent again (posted back as `resubmit`). */
  readonly resubmit: boolean;
  /** What is still needed, one sentence per factor, in the reader's language. */
  readonly missing: readonly string[];
  /** The user's devices that can give what is missing; empty when none can. */
  readonly devices: readonly DeviceChoice[];
  readonly canSendCode: boolean;
  readonly tokenInputMode: 'numeric' | 'text';
  /** The code field's words per offered device (by id): a YubiKey is touched, not read; absent: the general wording. */
  readonly fieldWords?: Readonly<Record<string, CodeFieldWords>>;
  /**
   * Set when the requirement names the password and it is missing: the page
   * asks for it (posted as `action=password`), for the user signed in as `username`.
   */
  readonly password: { readonly username: string } | null;
  /** Set when only the password would do but the page cannot ask for it (no `verifyPassword`, or no username): where to sign out. */
  readonly passwordNeeded: { readonly signOutUrl: string } | null;
  /** Set when none of the user's devices can meet the requirement: where to add one (null without account pages). */
  readonly noDevice: { readonly addDeviceUrl: string | null } | null;
  /** When an offered device is used by a browser ceremony (a security key): its button, above the code form. */
  readonly ceremony?: (CeremonyStepModel & { readonly deviceId: string }) | null;
}

/** The fields every step-up form posts back: CSRF, next, the requirement, and whether a form waits to be sent again. */
function stepUpFields(model: StepUpPageModel): SafeHtml {
  return html`${hiddenFields(model)}<input type="hidden" name="requirement" value="${model.requirement}">
${model.resubmit ? html`<input type="hidden" name="${RESUBMIT_FIELD}" value="1">\n` : null}`;
}

/** The password step (the username rides along for password managers; the server never reads it). */
function passwordForm(model: StepUpPageModel, password: { readonly username: string }, autofocus: boolean): SafeHtml {
  const invalid = model.errors.some((error) => error.field === 'password');
  return html`<form method="post" action="${model.action}" novalidate>
${stepUpFields(model)}<input type="text" name="username" value="${password.username}" autocomplete="username" hidden>
<div class="tf-field">
<label for="tf-password">${model.t('field.password')}</label>
<input id="tf-password" name="password" type="password" autocomplete="current-password" maxlength="1024" required${invalid ? html` aria-invalid="true"` : null}${autofocus ? html` autofocus` : null}>
</div>
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="password">${model.t('action.continue')}</button>
</div>
</form>
`;
}

/** The code step: the device, its code, and "Send me a code" for devices that send them. */
function codeForm(model: StepUpPageModel, autofocus: boolean): SafeHtml {
  const selected = model.devices.find((device) => device.selected) ?? model.devices[0];
  const words = selected === undefined ? undefined : model.fieldWords?.[selected.id];
  return html`<form method="post" action="${model.action}" novalidate>
${stepUpFields(model)}<div class="tf-field">
<label for="tf-device">${model.t('field.device')}</label>
<select id="tf-device" name="device" data-tf-words${model.errors.some((error) => error.field === 'device') ? html` aria-invalid="true"` : null}>
${model.devices.map((device) => html`<option value="${device.id}"${optionWordsAttributes(model.fieldWords?.[device.id])}${device.selected ? html` selected` : null}>${device.name}</option>\n`)}</select>
</div>
<div class="tf-field">
<label for="tf-token">${words?.label ?? model.t('field.token')}</label>
<span class="tf-hint" id="tf-token-hint">${words?.hint ?? model.t('field.token.hint')}</span>
<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="${words?.autocomplete ?? 'one-time-code'}" inputmode="${words?.inputMode ?? model.tokenInputMode}" autocapitalize="none" spellcheck="false" maxlength="64" aria-describedby="tf-token-hint"${model.errors.some((error) => error.field === 'token') ? html` aria-invalid="true"` : null}${autofocus ? html` autofocus` : null}>
</div>
<div class="tf-actions">
<button class="tf-button" type="submit" name="action" value="verify">${model.t('action.verify')}</button>
${model.canSendCode ? html`<button class="tf-button tf-button-secondary" type="submit" name="action" value="challenge" formnovalidate>${model.t('action.sendCode')}</button>\n` : null}</div>
</form>
`;
}

/** Default view of the step-up page. */
export function stepUpView(model: StepUpPageModel): SafeHtml {
  const missing =
    model.missing.length === 0
      ? null
      : html`<h2>${model.t('stepUp.missing.heading')}</h2>
<ul class="tf-step-up-missing">${model.missing.map((sentence) => html`<li>${sentence}</li>`)}</ul>
`;
  let action: SafeHtml | null = null;
  const ceremony = model.ceremony ?? null;
  const passwordPart = model.password === null ? null : passwordForm(model, model.password, true);
  if (ceremony !== null) {
    // The key first (it is what a phishing-resistant requirement asks for); a code form only for the other offered devices.
    const others = model.devices.filter((device) => device.kind !== model.devices.find((one) => one.id === ceremony.deviceId)?.kind);
    action = html`${passwordPart}${ceremonyForm({ formAction: model.action, device: { id: ceremony.deviceId }, ceremony }, stepUpFields(model), null)}${
      others.length > 0 ? codeForm({ ...model, devices: others.map((device, index) => ({ ...device, selected: index === 0 })) }, false) : null
    }`;
  } else if (model.password !== null || model.devices.length > 0) {
    action = html`${passwordPart}${model.devices.length > 0 ? codeForm(model, model.password === null) : null}`;
  } else if (model.noDevice !== null) {
    action = html`<p>${model.t('stepUp.noDevice')}</p>
${model.noDevice.addDeviceUrl === null ? null : html`<p><a class="tf-button" href="${model.noDevice.addDeviceUrl}">${model.t('stepUp.action.addDevice')}</a></p>\n`}`;
  } else if (model.passwordNeeded !== null) {
    action = html`<p>${model.t('stepUp.password')}</p>
<p><a class="tf-button" href="${model.passwordNeeded.signOutUrl}">${model.t('stepUp.action.signOut')}</a></p>
`;
  }
  return html`<h1>${model.t('stepUp.title')}</h1>
<p>${model.t('stepUp.intro')}</p>
${renderMessages(model)}${missing}${action}`;
}

/** The step-up flow's views. */
export interface StepUpViews {
  stepUp(model: StepUpPageModel): SafeHtml;
}

/** The default step-up views. */
export const stepUpViews: StepUpViews = { stepUp: stepUpView };

// The step-up page joins the web layer's views (declaration merging keeps the web layer free of flows).
declare module '../../web/views.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface TwofoldViews extends StepUpViews {}
}
