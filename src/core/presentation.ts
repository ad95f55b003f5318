/**
 * What a device kind tells the pages about itself, so that the flows (setup
 * wizard, sign-in, profile, admin, JSON API) offer any kind without knowing
 * its name. A kind fills it in its own folder (`src/devices/<kind>/`); a kind
 * without one still works, described by the defaults of
 * `devices/presentation.ts`.
 *
 * @example
 * const presentation: KindPresentation = {
 *   label: 'Security key',
 *   input: { type: 'ceremony', script: '/webauthn.js' },
 *   role: 'method',
 *   setup: { steps: 'ceremony', selfService: true },
 * };
 */

/** What the code field of the sign-in and setup pages takes for a kind. */
export type KindInput =
  /**
   * Digits only: phones show a number pad and offer the code from a text
   * message. `length` when every device of the kind has the same (a TOTP
   * device may have 6 or 8).
   */
  | { readonly type: 'digits'; readonly length?: number }
  /**
   * Free text (backup codes, a YubiKey's 44 modhex characters). `autocomplete`
   * `off` keeps browsers from offering old values (a key types its own).
   */
  | { readonly type: 'text'; readonly maxLength: number; readonly autocomplete: 'one-time-code' | 'off' }
  /** No field: one button that asks the device to approve (a push notification). */
  | { readonly type: 'button' }
  /**
   * A browser ceremony (WebAuthn): a button that runs `script` (a URL the kind
   * serves), which posts the result back; pages explain it in `<noscript>`.
   */
  | { readonly type: 'ceremony'; readonly script: string };

/** Where a kind that sends codes sends them. */
export type DeliveryChannel = 'sms' | 'call' | 'email' | 'other';

/** How a kind that sends codes says where they go. */
export interface KindDelivery<State = unknown> {
  /** The channel of a device (a phone kind: `sms` or `call` by the device's setting). */
  channel(state: Readonly<State>): DeliveryChannel;
}

/** How the setup wizard creates a device of a kind. */
export interface KindSetup {
  /**
   * The wizard's steps: `scan` shows the `otpauth://` key as a QR code and
   * confirms a first code (needs `configUrl`); `destination` asks where codes
   * go, sends one and confirms it; `issued` hands out a list once (backup
   * codes); `ceremony` runs the browser ceremony; `none` leaves setup to the
   * admin or the CLI.
   */
  readonly steps: 'scan' | 'destination' | 'issued' | 'ceremony' | 'none';
  /** Whether the wizard offers the kind when the host lists no methods (TOTP yes; HOTP hardware tokens no). */
  readonly selfService: boolean;
}

/** The code settings of a device, for the admin's detail line ("6 digits every 30 s, SHA1"). */
export interface KindSettings {
  readonly digits: number;
  readonly algorithm: string;
  /** Time-based kinds: seconds per code. */
  readonly step?: number;
  /** Counter-based kinds: the next counter value. */
  readonly counter?: number;
}

/** What a kind declares for the pages. */
export interface KindPresentation<State = unknown> {
  /**
   * The kind in words, in English ("Authenticator app"). A catalog message
   * `account.kind.<name>` (and `account.method.<name>.hint` for the wizard's
   * hint) wins, so that hosts and translations reword it.
   */
  readonly label: string;
  /** One sentence for the setup wizard's choice, in English. */
  readonly hint?: string;
  /** What the code field takes. */
  readonly input: KindInput;
  /** `method`: a way to sign in every day, which may be the primary one; `fallback`: the last resort (backup codes). */
  readonly role: 'method' | 'fallback';
  /** Kinds that send codes: where they go. */
  readonly delivery?: KindDelivery<State>;
  /** How the wizard sets it up. */
  readonly setup: KindSetup;
  /** The code settings of a device, for the admin (no secrets), or null when the kind has none. */
  settings?(state: Readonly<State>): KindSettings | null;
}
