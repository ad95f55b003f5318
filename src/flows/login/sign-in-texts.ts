/**
 * The words of a code field for a device's kind: the kind's own sign-in
 * texts (a YubiKey is touched, not read), translated by the catalogs'
 * `login.kind.<name>.<key>` when they have one; null for a kind that
 * declares none, whose pages keep the general code wording.
 */
import type { DeviceKind } from '../../core/types.js';
import { autocompleteOf, inputModeOf, presentationOf } from '../../devices/presentation.js';
import { html, type SafeHtml } from '../../web/html.js';
import type { MessageId, MessageParams, Translator } from '../../web/messages.js';
import { LOGIN_MESSAGES } from './messages.js';

/** The sign-in words of one device, in the reader's language. */
export interface SignInWords {
  /** The heading, or null for the general "Enter your code". */
  readonly title: string | null;
  /** What to do, the device's name filled in. */
  readonly prompt: string;
  /** The field's label. */
  readonly field: string;
  /** One more sentence under the prompt, or null. */
  readonly hint: string | null;
}

/** `login.kind.<kind>.<key>` from the catalogs when they have it, else the kind's English with `{placeholders}` filled. */
function kindText(t: Translator, kindName: string, key: string, english: string, params: MessageParams = {}): string {
  const id = `login.kind.${kindName}.${key}`;
  if (Object.hasOwn(LOGIN_MESSAGES, id)) return t.text(id as MessageId, params);
  return english.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

/**
 * The sign-in words for a device named `deviceName` of `kind`, or null when
 * the kind declares none (or is not registered).
 *
 * @example
 * const words = signInWords(t, twofold.kind(device.kind), device.name);
 * const label = words?.field ?? t.text('field.token');
 */
export function signInWords(
  t: Translator,
  kind: Pick<DeviceKind, 'name' | 'generateChallenge' | 'configUrl' | 'presentation'> | undefined,
  deviceName: string,
): SignInWords | null {
  const texts = presentationOf(kind)?.signIn;
  if (kind === undefined || texts === undefined) return null;
  return {
    title: texts.title === undefined ? null : kindText(t, kind.name, 'title', texts.title),
    prompt: kindText(t, kind.name, 'prompt', texts.prompt, { device: deviceName }),
    field: kindText(t, kind.name, 'field', texts.field),
    hint: texts.hint === undefined ? null : kindText(t, kind.name, 'hint', texts.hint),
  };
}

/** The code field of a page that lets the user choose among devices (step-up, confirm it is you), worded for one of them. */
export interface CodeFieldWords {
  readonly label: string;
  readonly hint: string;
  readonly inputMode: 'numeric' | 'text';
  readonly autocomplete: 'one-time-code' | 'off';
}

/**
 * The code field's words for `device`: its kind's sign-in words when it
 * declares some, else "Code" with `generalHint`; digits for codes the kind
 * sends.
 */
export function codeFieldWords(
  t: Translator,
  twofold: { kind(name: string): Pick<DeviceKind, 'name' | 'generateChallenge' | 'configUrl' | 'presentation'> | undefined },
  device: { readonly kind: string; readonly name: string; readonly interactive: boolean },
  generalHint: string,
): CodeFieldWords {
  const kind = twofold.kind(device.kind);
  const presentation = presentationOf(kind);
  const words = signInWords(t, kind, device.name);
  return {
    label: words?.field ?? t.text('field.token'),
    hint: words === null ? generalHint : words.hint === null ? words.prompt : `${words.prompt} ${words.hint}`,
    inputMode: device.interactive ? 'numeric' : inputModeOf(presentation),
    autocomplete: autocompleteOf(presentation),
  };
}

/** The attributes of a device's `<option>` that let `/twofold.js` reword the code field when the choice changes. */
export function optionWordsAttributes(words: CodeFieldWords | undefined): SafeHtml | null {
  if (words === undefined) return null;
  return html` data-tf-label="${words.label}" data-tf-hint="${words.hint}" data-tf-inputmode="${words.inputMode}" data-tf-autocomplete="${words.autocomplete}"`;
}
