/**
 * How the pages offer YubiKeys: the key types its token itself (44 modhex
 * characters and Enter), so the field takes text with autofill off; a key is
 * set up by touching it in the field once.
 */
import type { KindInput, KindPresentation, KindSignInTexts, KindTokenTexts } from '../../core/presentation.js';

/** The code field of a YubiKey: text (the key types letters), no autofill, room for a token typed twice by mistake. */
export const YUBIKEY_INPUT: KindInput = { type: 'text', maxLength: 128, autocomplete: 'off' };

/** The English words of the "touch your key" step; the catalogs' `account.kind.<name>.*` win. */
export const YUBIKEY_TOKEN_TEXTS: KindTokenTexts = {
  title: 'Add a YubiKey',
  intro: 'Put your YubiKey in a USB port (or hold it to your phone), click the field below and touch the key: it types a one-time password.',
  field: 'Password from the key',
  fieldHint: 'Touch the key while the field has the cursor. It types letters and presses Enter by itself.',
  invalid: 'That is not a one-time password from a YubiKey we can use. Click the field and touch the key again.',
  taken: 'This YubiKey is already registered. A key can belong to one account only.',
  unavailable: 'We cannot check YubiKeys just now. Nothing was added: try again in a moment.',
};

/** The English words of signing in with a YubiKey (touch, not a code to read); the catalogs' `login.kind.<name>.*` win. */
export const YUBIKEY_SIGN_IN_TEXTS: KindSignInTexts = {
  title: 'Touch your YubiKey',
  prompt: 'Put {device} in a USB port (or hold it to your phone), click the field below and touch the key.',
  field: 'Password from the key',
  hint: 'The key types a one-time password and presses Enter by itself.',
};

/**
 * The presentation of a YubiKey kind: `selfService` when a token alone
 * registers a key (the validation service knows its AES key), else set up by
 * the admin or the CLI with the key material (local validation).
 */
export function yubikeyPresentation(options: { readonly selfService: boolean }): KindPresentation {
  return {
    label: 'YubiKey',
    hint: 'A USB or NFC security key that types a one-time password when you touch it.',
    input: YUBIKEY_INPUT,
    role: 'method',
    signIn: YUBIKEY_SIGN_IN_TEXTS,
    setup: options.selfService
      ? { steps: 'token', selfService: true, token: { option: 'otp', texts: YUBIKEY_TOKEN_TEXTS } }
      : { steps: 'none', selfService: false },
  };
}
