/**
 * A kind's presentation with the defaults filled in, for the pages: a kind
 * that declares none (a host's own kind written before presentations
 * existed) is still offered, as a free-text code that may be primary.
 */
import type { DeviceKind } from '../core/types.js';
import type { DeliveryChannel, KindPresentation } from '../core/presentation.js';

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

/** The input mode of a kind's code field: `numeric` for digit codes (a number pad), else `text`. */
export function inputModeOf(presentation: KindPresentation | undefined): 'numeric' | 'text' {
  return presentation?.input.type === 'digits' ? 'numeric' : 'text';
}
