/**
 * How the `webauthn` kind describes itself to the pages: "Security key or
 * passkey", set up and used by a browser ceremony, and how one credential is
 * shown (a synced passkey or a key bound to one device, how the browser
 * reaches it, a clone suspicion). Never key material.
 */
import type { Twofold } from '../../core/api.js';
import type { CeremonyAuthentication, CeremonyRegistration, KindCeremony, KindCeremonyTexts, KindDeviceDescription, KindPresentation, KindWords } from '../../core/presentation.js';
import type { Device, JsonObject } from '../../core/types.js';
import { englishWords } from '../presentation.js';
import { webauthnBrowserScriptSync } from './browser.js';
import type { AuthenticationResult } from './authentication.js';
import type { WebAuthnCeremonies } from './ceremonies.js';
import type { AuthenticatorTransport, WebAuthnState } from './state.js';

/** The sentences of the ceremony's pages, in English (the catalog's `account.kind.webauthn.<key>` wins on the account pages). */
export const WEBAUTHN_TEXTS: KindCeremonyTexts = {
  setupTitle: 'Add a security key or passkey',
  setupIntro: 'Give it a name, then choose the button: your browser asks you to touch your security key, or to use a passkey on this device or your phone.',
  setupButton: 'Add security key or passkey',
  signInIntro: 'Use the security key or passkey you added to your account.',
  signInButton: 'Use security key or passkey',
  waiting: 'Follow the instructions of your browser or security key.',
  unsupported: 'This browser cannot use security keys or passkeys. Use one of the other ways below.',
  noscript: 'A security key or passkey needs JavaScript, which is off in this browser. Turn it on, or use one of the other ways below.',
  cancelled: 'The security key or passkey did not answer: it was cancelled, timed out, or is not one added to this account. Try again, or use another way.',
  failed: 'That security key or passkey could not be checked. Try again, or use another way.',
  taken: 'This security key or passkey is already added to an account.',
};

/** How the browser reaches a key, by the catalog key that names it (`cable` is the old name of `hybrid`). */
const TRANSPORT_KEYS: Readonly<Record<AuthenticatorTransport, keyof typeof TRANSPORT_ENGLISH>> = {
  usb: 'usb',
  nfc: 'nfc',
  ble: 'ble',
  'smart-card': 'smartCard',
  hybrid: 'hybrid',
  cable: 'hybrid',
  internal: 'internal',
};

const TRANSPORT_ENGLISH = {
  usb: 'USB',
  nfc: 'NFC',
  ble: 'Bluetooth',
  smartCard: 'smart card',
  hybrid: 'phone',
  internal: 'built into the device',
} as const;

/**
 * What the profile and the admin say of one credential, in `words` (the
 * catalogs' `account.kind.webauthn.description.*`; English without).
 */
export function describeWebAuthnDevice(state: Readonly<WebAuthnState>, words: KindWords = englishWords): KindDeviceDescription {
  const lines: string[] = [];
  if (state.backupEligible === true) {
    lines.push(state.backedUp ? words('description.synced', 'Synced passkey') : words('description.syncable', 'Passkey that can be synced'));
  } else if (state.backupEligible === false) {
    lines.push(words('description.hardware', 'Hardware key bound to one device'));
  }
  const transports = [...new Set(state.transports.map((transport) => TRANSPORT_KEYS[transport]))];
  if (transports.length > 0) {
    const named = transports.map((key) => words(`description.transport.${key}`, TRANSPORT_ENGLISH[key]));
    lines.push(words('description.connects', 'Connects by {transports}', { transports: named.join(', ') }));
  }
  return {
    lines,
    warning: state.cloneSuspected
      ? words('description.cloneWarning', 'This key may have been copied: its signature counter went backwards. Remove it and add it again if you still trust it.')
      : null,
  };
}

/** An authentication result in the pages' generic words. */
async function asCeremonyAuthentication(twofold: Twofold, result: AuthenticationResult): Promise<CeremonyAuthentication> {
  if (result.ok) return { ok: true, device: result.device };
  const device = result.device as Device | null;
  const base = { device, ...(result.detail === undefined ? {} : { detail: result.detail }) };
  if (result.reason === 'throttled') {
    const fresh = device === null ? null : await twofold.getDevice(device.userId, device.persistentId);
    return { ok: false, reason: 'throttled', lockedUntil: fresh?.lockedUntil ?? null, ...base };
  }
  if (result.reason === 'device-unusable') return { ok: false, reason: 'unusable', lockedUntil: null, ...base };
  const expired = result.reason === 'challenge-expired' || result.reason === 'challenge-not-found';
  return { ok: false, reason: expired ? 'expired' : 'invalid', lockedUntil: null, ...base };
}

/** The kind's ceremonies as the pages' generic {@link KindCeremony}. */
function asKindCeremony(ceremonies: WebAuthnCeremonies, twofold: Twofold): KindCeremony {
  return {
    script: () => webauthnBrowserScriptSync(),
    startRegistration: async (input) => (await ceremonies.startRegistration(input)) as unknown as JsonObject,
    async finishRegistration(input): Promise<CeremonyRegistration> {
      const result = await ceremonies.finishRegistration({ userId: input.userId, binding: input.binding, response: input.response, name: input.name });
      if (result.ok) return { ok: true, device: result.device };
      if (result.reason === 'already-registered') return { ok: false, reason: 'taken' };
      const expired = result.reason === 'challenge-expired' || result.reason === 'challenge-not-found';
      return { ok: false, reason: expired ? 'expired' : 'invalid', ...(result.detail === undefined ? {} : { detail: result.detail }) };
    },
    startAuthentication: async (input) => (await ceremonies.startAuthentication(input)) as unknown as JsonObject | null,
    finishAuthentication: async (input) => asCeremonyAuthentication(twofold, await ceremonies.finishAuthentication(input)),
    startPasswordless: async (input) => (await ceremonies.startPasswordless(input)) as unknown as JsonObject,
    finishPasswordless: async (input) => asCeremonyAuthentication(twofold, await ceremonies.finishPasswordless(input)),
  };
}

/** The presentation of a `webauthn` kind whose ceremonies `ceremoniesOf` gives for a twofold instance. */
export function webauthnPresentation(ceremoniesOf: (twofold: Twofold) => WebAuthnCeremonies): KindPresentation<WebAuthnState> {
  const bound = new WeakMap<object, KindCeremony>();
  return {
    label: 'Security key or passkey',
    hint: 'A hardware key you touch, or a passkey on your phone or computer. It cannot be used on a fake site.',
    input: { type: 'ceremony', script: 'twofold-webauthn.js' },
    role: 'method',
    setup: {
      steps: 'ceremony',
      selfService: true,
      ceremony: {
        texts: WEBAUTHN_TEXTS,
        ceremonies(instance) {
          let ceremony = bound.get(instance);
          if (ceremony === undefined) {
            // webauthnCeremonies refuses an instance the kind is not registered with, so this cast is checked there.
            const twofold = instance as Twofold;
            ceremony = asKindCeremony(ceremoniesOf(twofold), twofold);
            bound.set(instance, ceremony);
          }
          return ceremony;
        },
      },
    },
    settings: () => null,
    describe: describeWebAuthnDevice,
  };
}
