/**
 * Device names: checking what a user typed, and the default name of a new
 * device from its kind's label ("Authenticator app 2").
 */
import type { AnyDeviceKind } from '../../core/twofold.js';
import type { MessageId, MessageParams, Translator } from '../../web/messages.js';
import { ACCOUNT_MESSAGES } from './messages.js';
import { MAX_DEVICE_NAME_LENGTH } from './kit.js';

/** A checked device name, or why it was refused. */
export type NameCheck = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly error: MessageId; readonly params: MessageParams };

/** Checks a device name as the core will (trimmed, 1 to 64 characters, no control characters), with a message instead of an exception. */
export function checkDeviceName(raw: string): NameCheck {
  const name = raw.trim();
  if (name === '') return { ok: false, error: 'account.error.nameRequired', params: {} };
  if (name.length > MAX_DEVICE_NAME_LENGTH) return { ok: false, error: 'account.error.nameTooLong', params: { max: MAX_DEVICE_NAME_LENGTH } };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, error: 'account.error.nameInvalid', params: {} };
  return { ok: true, name };
}

/** A kind as the account pages see it: its name, and its presentation when it is registered. */
export type KindRef = string | Pick<AnyDeviceKind, 'name' | 'presentation'>;

/** The catalog message `id` when the account pages have one (the host's and translations' wording), else undefined. */
function catalogText(t: Translator, id: string, params?: MessageParams): string | undefined {
  return Object.hasOwn(ACCOUNT_MESSAGES, id) ? t.text(id as MessageId, params) : undefined;
}

/**
 * A kind in words ("Authenticator app"): the catalog's `account.kind.<name>`,
 * else the label the kind declares, else "Device of kind <name>".
 */
export function kindLabel(t: Translator, kind: KindRef): string {
  const name = typeof kind === 'string' ? kind : kind.name;
  const declared = typeof kind === 'string' ? undefined : kind.presentation?.label;
  return catalogText(t, `account.kind.${name}`) ?? declared ?? t.text('account.kind.other', { kind: name });
}

/** A setup method in words: the channel ("Text message") for methods that send codes, else the kind's label. */
export function methodLabel(t: Translator, method: KindRef): string {
  const name = typeof method === 'string' ? method : method.name;
  return catalogText(t, `account.method.${name}`) ?? kindLabel(t, method);
}

/** A sentence explaining a setup method: the catalog's `account.method.<name>.hint`, else the kind's own hint. */
export function methodHint(t: Translator, method: KindRef): string {
  const name = typeof method === 'string' ? method : method.name;
  const declared = typeof method === 'string' ? undefined : method.presentation?.hint;
  return catalogText(t, `account.method.${name}.hint`) ?? declared ?? t.text('account.method.other.hint');
}

/**
 * The name a new device gets unless the user types another: the kind in
 * words ("Authenticator app"), then "Authenticator app 2", "... 3" for the
 * first number not yet taken by one of the user's devices.
 */
export function defaultDeviceName(t: Translator, kind: KindRef, existingNames: readonly string[]): string {
  return uniqueDeviceName(t, kindLabel(t, kind), existingNames);
}

/** `base`, or `base 2`, `base 3`, ... for the first one not yet taken by one of `existingNames`. */
export function uniqueDeviceName(t: Translator, wanted: string, existingNames: readonly string[]): string {
  const base = wanted.slice(0, MAX_DEVICE_NAME_LENGTH);
  const taken = new Set(existingNames.map((name) => name.trim().toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let number = 2; ; number++) {
    const candidate = t.text('account.defaultName.numbered', { name: base, number }).slice(0, MAX_DEVICE_NAME_LENGTH);
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** A sentence a kind declares, as a page shows it: the catalog id it comes from (or would) and its text. */
export interface KindSentence {
  readonly id: MessageId;
  readonly text: string;
}

/**
 * A sentence a kind declares in English (the words of its setup steps): the
 * catalog's `account.kind.<name>.<key>` when the catalogs have one (so that
 * translations and hosts reword the built-in kinds), else the kind's English
 * with its `{placeholders}` filled.
 */
export function kindSentence(t: Translator, kindName: string, key: string, english: string, params: Readonly<Record<string, string>> = {}): KindSentence {
  // Catalog ids are only ever looked up, never shown: a kind's own sentence carries the id it would have.
  const id = `account.kind.${kindName}.${key}` as MessageId;
  const text = catalogText(t, id, params) ?? english.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => params[name] ?? whole);
  return { id, text };
}

/** The hint under the field of a sent code: the catalog's `account.method.<method>.codeHint` ("The digits the voice read out to you."), else the general one. */
export function sentCodeHint(t: Translator, method: string): string {
  return catalogText(t, `account.method.${method}.codeHint`) ?? t.text('account.field.sentCode.hint');
}
