/**
 * A kind's presentation with the defaults filled in, for the pages: a kind
 * that declares none (a host's own kind written before presentations
 * existed) is still offered, as a free-text code that may be primary.
 */
import type { AnyDeviceKind, Twofold } from '../core/api.js';
import type { Device, DeviceKind } from '../core/types.js';
import type { DeliveryChannel, KindCeremony, KindCeremonyTexts, KindDeviceDescription, KindPresentation, KindWords } from '../core/presentation.js';

/** The presentation of a kind that declares none. */
function defaultPresentation(kind: Pick<DeviceKind, 'name' | 'generateChallenge' | 'configUrl'>): KindPresentation {
  return {
    label: kind.name,
    input: { type: 'text', maxLength: 64, autocomplete: 'one-time-code' },
    role: 'method',
    ...(kind.generateChallenge === undefined ? {} : { delivery: { channel: (): DeliveryChannel => 'other' } }),
    setup: { steps: kind.configUrl === undefined ? 'none' : 'scan', selfService: false },
  };
}

/** The presentation of `kind` (declared, or the defaults); undefined for a kind that is not registered. */
export function presentationOf(kind: Pick<DeviceKind, 'name' | 'generateChallenge' | 'configUrl' | 'presentation'>): KindPresentation;
export function presentationOf(kind: Pick<DeviceKind, 'name' | 'generateChallenge' | 'configUrl' | 'presentation'> | undefined): KindPresentation | undefined;
export function presentationOf(kind: Pick<DeviceKind, 'name' | 'generateChallenge' | 'configUrl' | 'presentation'> | undefined): KindPresentation | undefined {
  if (kind === undefined) return undefined;
  return kind.presentation ?? defaultPresentation(kind);
}

/** The autofill of a kind's code field: `off` for kinds that declare it (a key types its own token), else `one-time-code`. */
export function autocompleteOf(presentation: KindPresentation | undefined): 'one-time-code' | 'off' {
  return presentation?.input.type === 'text' && presentation.input.autocomplete === 'off' ? 'off' : 'one-time-code';
}

/** The input mode of a kind's code field: `numeric` for digit codes (a number pad), else `text`. */
export function inputModeOf(presentation: KindPresentation | undefined): 'numeric' | 'text' {
  return presentation?.input.type === 'digits' ? 'numeric' : 'text';
}

/** A registered kind with its presentation (declared or the defaults). */
export interface PresentedKind {
  readonly kind: AnyDeviceKind;
  readonly presentation: KindPresentation;
}

/** Every registered kind with its presentation, in registration order. */
export function presentedKinds(twofold: Pick<Twofold, 'kinds'>): PresentedKind[] {
  return twofold.kinds().map((kind) => ({ kind, presentation: presentationOf(kind) }));
}

/**
 * What a fallback kind set up as an `issued` list does besides being a kind:
 * hand out a new list (replacing the old one at once). The backup-codes kind
 * has it; the account pages call it for "Generate backup codes".
 */
export interface ListIssuer {
  issue(twofold: Twofold, userId: string): Promise<{ readonly device: Device; readonly codes: readonly string[] }>;
  /** Adds one entry to the user's list (the admin's "add a code"), if the kind allows it. */
  addOne?(twofold: Twofold, userId: string): Promise<{ readonly device: Device; readonly code: string }>;
}

/** The recovery kind: a registered fallback kind set up as an `issued` list (backup codes), or null when there is none. */
export function recoveryKind(twofold: Pick<Twofold, 'kinds'>): (PresentedKind & { readonly issuer: ListIssuer | null }) | null {
  const found = presentedKinds(twofold).find(({ presentation }) => presentation.role === 'fallback' && presentation.setup.steps === 'issued');
  if (found === undefined) return null;
  const issue: unknown = (found.kind as { issue?: unknown }).issue;
  return { ...found, issuer: typeof issue === 'function' ? (found.kind as unknown as ListIssuer) : null };
}

/** Unused entries of a fallback device's list ("codes left"), or null when its kind keeps no list. */
export function remainingOnList(twofold: Pick<Twofold, 'kind'>, device: Device): number | null {
  const issued = presentationOf(twofold.kind(device.kind))?.issued;
  return issued === undefined ? null : issued.remaining(device.state);
}

/** What issues the recovery kind's lists (backup codes), or null when no registered recovery kind issues its own. */
export function recoveryIssuer(twofold: Pick<Twofold, 'kinds'>): ListIssuer | null {
  return recoveryKind(twofold)?.issuer ?? null;
}

/** A registered kind set up from one token the device types, with that declaration. */
export type TokenKind = PresentedKind & { readonly token: NonNullable<KindPresentation['setup']['token']> };

/** The registered kind named `name` when it is set up by a token from the device (`setup.steps: 'token'`), else null. */
export function tokenKindOf(twofold: Pick<Twofold, 'kinds'>, name: unknown): TokenKind | null {
  for (const presented of presentedKinds(twofold)) {
    const { token, steps } = presented.presentation.setup;
    if (presented.kind.name === name && steps === 'token' && token !== undefined) return { ...presented, token };
  }
  return null;
}

/** A registered kind set up and used by a browser ceremony, with its ceremonies bound to the instance. */
export type CeremonyKind = PresentedKind & {
  readonly texts: KindCeremonyTexts;
  readonly ceremony: KindCeremony;
};

function asCeremonyKind(twofold: Twofold, presented: PresentedKind): CeremonyKind | null {
  const { steps, ceremony } = presented.presentation.setup;
  if (steps !== 'ceremony' || ceremony === undefined) return null;
  return { ...presented, texts: ceremony.texts, ceremony: ceremony.ceremonies(twofold) };
}

/** The registered kind named `name` when it runs a browser ceremony (`setup.steps: 'ceremony'`), else null. */
export function ceremonyKindOf(twofold: Twofold, name: unknown): CeremonyKind | null {
  const presented = presentedKinds(twofold).find(({ kind }) => kind.name === name);
  return presented === undefined ? null : asCeremonyKind(twofold, presented);
}

/** A registered ceremony kind that signs users in without a password (`startPasswordless`), with those ceremonies; null when there is none. */
export function passwordlessKind(twofold: Twofold): (CeremonyKind & { readonly passwordless: Required<Pick<KindCeremony, 'startPasswordless' | 'finishPasswordless'>> }) | null {
  for (const served of ceremonyKinds(twofold)) {
    const { startPasswordless, finishPasswordless } = served.ceremony;
    if (startPasswordless !== undefined && finishPasswordless !== undefined) return { ...served, passwordless: { startPasswordless, finishPasswordless } };
  }
  return null;
}

/** Every registered kind that runs a browser ceremony (what serves a ceremony script). */
export function ceremonyKinds(twofold: Twofold): CeremonyKind[] {
  return presentedKinds(twofold).flatMap((presented) => asCeremonyKind(twofold, presented) ?? []);
}

/** The kind's own English sentence, its `{placeholders}` filled: the words of a page without catalogs. */
export const englishWords: KindWords = (_key, english, params = {}) =>
  english.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => params[name] ?? whole);

/**
 * What a device's kind says of it for the profile and the admin, in `words`
 * (the pages pass their catalogs'; English without), or null when the kind
 * says nothing.
 */
export function describeDevice(twofold: Pick<Twofold, 'kind'>, device: Device, words: KindWords = englishWords): KindDeviceDescription | null {
  const presentation = presentationOf(twofold.kind(device.kind));
  if (presentation?.describe === undefined) return null;
  try {
    return presentation.describe(device.state, words);
  } catch {
    // A corrupt state still lists (so that it can be removed); it just says nothing more.
    return null;
  }
}
