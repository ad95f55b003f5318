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

import type { Device, JsonObject } from './device-types.js';

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
   * A browser ceremony (WebAuthn): a button that runs the kind's script, which
   * posts the result back; pages explain it in `<noscript>`. `script` names
   * it for people; the pages serve {@link KindCeremony.script} at its hashed
   * file name.
   */
  | { readonly type: 'ceremony'; readonly script: string };

/** Where a kind that sends codes sends them. */
export type DeliveryChannel = 'sms' | 'call' | 'email' | 'other';

/** How a kind that sends codes says where they go. */
export interface KindDelivery<State = unknown> {
  /** The channel of a device (a phone kind: `sms` or `call` by the device's setting). */
  channel(state: Readonly<State>): DeliveryChannel;
  /**
   * Where a device's codes go, masked for display ("desk •••7",
   * `a•••e@example.com`), or null. Kinds that must look the destination up
   * (an address resolved per user) expose `maskedDestination(device)` on the
   * kind instead.
   */
  masked?(state: Readonly<State>): string | null;
}

/** What a destination typed during setup comes to: the value as stored, and the `createDevice` options that hold it; or why it was refused. */
export type KindDestinationCheck =
  | { readonly ok: true; readonly value: string; readonly options: JsonObject }
  /** `reason` names an entry of {@link KindDestinationTexts.problems} (`empty`, `invalid`, ...). */
  | { readonly ok: false; readonly reason: string };

/**
 * The English sentences of a destination setup. The account pages show a
 * catalog message `account.kind.<name>.<key>` instead when there is one
 * (`account.kind.phone.title`, `account.kind.phone.problem.invalid`), so that
 * translations and hosts reword them.
 */
export interface KindDestinationTexts {
  /** The heading of the steps when adding one ("Add a backup phone number"). */
  readonly title: string;
  /** What the first step asks for and why. */
  readonly intro: string;
  /** A warning shown before the destination is given, if any (phone numbers can be taken over). */
  readonly risk?: string;
  /** The field's label ("Phone number"). */
  readonly field: string;
  /** The hint under the field. */
  readonly fieldHint: string;
  /** The link back to the first step ("Use a different number"). */
  readonly change: string;
  /** Refusal of a destination one of the user's devices already uses. */
  readonly taken: string;
  /**
   * The default name of a new device, with placeholders filled by
   * {@link KindDestinationSetup.nameParams} ("Phone ending in {digits}").
   */
  readonly deviceName: string;
  /** Why a destination was refused, by the `reason` of {@link KindDestinationCheck}; `invalid` is required, the fallback for any other. */
  readonly problems: Readonly<Record<string, string>> & { readonly invalid: string };
  /**
   * The profile's list of these destinations, for a kind with
   * {@link KindDestinationSetup.backupList}: its heading ("Backup phone
   * numbers"), the sentence above the list, and the line when it is empty.
   * Absent: general words ("Backup destinations"); the link to add one is `title`.
   */
  readonly listHeading?: string;
  readonly listIntro?: string;
  readonly listNone?: string;
}

/**
 * How the setup wizard's "destination, then a sent code" steps take a
 * kind's destination (a phone number, an e-mail address, a console name):
 * the field, how a typed value is checked, and the words around it.
 */
export interface KindDestinationSetup {
  /**
   * The setup methods the kind offers, as named in the host's
   * `account.methods`, in `?method=` links and in the JSON API (the phone
   * kind: `sms` and `call`; e-mail: `email`). Unique across the registered
   * kinds; the kind's own name also selects its first method.
   */
  readonly methods: readonly string[];
  /** The form field and JSON property that carries the destination (`number`, `address`). */
  readonly field: string;
  /** The field's type: `tel` and `email` bring the matching keyboard and autofill; `text` turns autofill off. */
  readonly inputType: 'tel' | 'email' | 'text';
  /** Longest value the field takes. */
  readonly maxLength: number;
  /**
   * Checks what the user typed for `method` with the kind's own rules. Never
   * throws. A destination is taken when one of the user's devices of the kind
   * has every returned option in its state (number and method, address).
   */
  check(input: string, method: string): KindDestinationCheck;
  /** The placeholders of `texts.deviceName` for a checked destination (`{ digits: '78' }`). */
  nameParams(value: string): Readonly<Record<string, string>>;
  /**
   * Whether the profile lists the user's devices of this kind as backup
   * destinations, with a link to add another, in the words of
   * {@link KindDestinationTexts.listHeading} and its neighbours ("Backup phone numbers").
   */
  readonly backupList?: boolean;
  /** The sentences around the steps. */
  readonly texts: KindDestinationTexts;
}

/** How the setup wizard creates a device of a kind. */
export interface KindSetup {
  /**
   * The wizard's steps: `scan` shows the `otpauth://` key as a QR code and
   * confirms a first code (needs `configUrl`); `destination` asks where codes
   * go, sends one and confirms it; `issued` hands out a list once (backup
   * codes); `token` takes one token the device types (a YubiKey touched in
   * the field), which the kind's `create` checks (see `token`); `ceremony`
   * runs the browser ceremony; `none` leaves setup to the admin or the CLI.
   */
  readonly steps: 'scan' | 'destination' | 'issued' | 'token' | 'ceremony' | 'none';
  /** Whether the wizard offers the kind when the host lists no methods (TOTP yes; HOTP hardware tokens no). */
  readonly selfService: boolean;
  /** `destination` steps: the field, its checks and its words. */
  readonly destination?: KindDestinationSetup;
  /** `token` steps: the option that carries the token, and the words. */
  readonly token?: KindTokenSetup;
  /** `ceremony` steps: the browser ceremony and its words. */
  readonly ceremony?: KindCeremonySetup;
}

/**
 * The English sentences of a `token` setup; a catalog message
 * `account.kind.<name>.<key>` wins, as for {@link KindDestinationTexts}.
 */
export interface KindTokenTexts {
  /** The heading when adding one ("Add a YubiKey"). */
  readonly title: string;
  /** What to do ("click the field and touch the key"). */
  readonly intro: string;
  /** The field's label and hint. */
  readonly field: string;
  readonly fieldHint: string;
  /** Refusal of a token `create` did not accept (`INVALID_OPTIONS`): not one, or used already. */
  readonly invalid: string;
  /** Refusal of a device that exists already, for this user or another (`DEVICE_EXISTS`). */
  readonly taken: string;
  /** The checking service cannot answer (`SERVICE_UNAVAILABLE`): nothing was added, try again. */
  readonly unavailable: string;
}

/**
 * How the wizard sets up a kind from one token the device types: `create`
 * gets it as the option `option`, checks it (and uses it up) and the device
 * is created confirmed; the session then counts as verified with it.
 */
export interface KindTokenSetup {
  /** The `createDevice` option that carries the token (`otp`). */
  readonly option: string;
  readonly texts: KindTokenTexts;
}

/**
 * The English words of a kind's sign-in step (and of the step-up page) when
 * the kind is not typed in as a code read off a screen (a YubiKey is
 * touched). A catalog message `login.kind.<name>.<key>` wins
 * (`login.kind.yubikey.prompt`), as for {@link KindTokenTexts}, so that
 * translations and hosts reword them. A kind without them gets the general
 * code wording ("Enter the code shown by ...").
 */
export interface KindSignInTexts {
  /** The page's heading ("Touch your YubiKey"); the general "Enter your code" when absent. */
  readonly title?: string;
  /** What to do, `{device}` being the device's name ("Click the field below and touch {device}."). */
  readonly prompt: string;
  /** The field's label ("Password from the key"). */
  readonly field: string;
  /** One more sentence under the prompt, if any ("It types letters and presses Enter by itself."). */
  readonly hint?: string;
}

/** What a fallback kind that issues a list (backup codes) tells the pages about a device. */
export interface KindIssuedList<State = unknown> {
  /** How many entries of the list are still unused: the "codes left" count. */
  remaining(state: Readonly<State>): number;
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
  /**
   * `method`: a way to sign in every day, which may be the primary one;
   * `fallback`: the recovery kind, the last resort the pages offer apart
   * (backup codes), whose `issued` list they count.
   */
  readonly role: 'method' | 'fallback';
  /** Fallback kinds set up as an `issued` list: the codes left on a device. */
  readonly issued?: KindIssuedList<State>;
  /** Kinds that send codes: where they go. */
  readonly delivery?: KindDelivery<State>;
  /** The words of the sign-in step for a kind that is not a code read off a screen; absent: the general code wording. */
  readonly signIn?: KindSignInTexts;
  /** How the wizard sets it up. */
  readonly setup: KindSetup;
  /** The code settings of a device, for the admin (no secrets), or null when the kind has none. */
  settings?(state: Readonly<State>): KindSettings | null;
  /**
   * What the profile and the admin say of a device besides its name and kind
   * (never key material). Each sentence goes through `words`, so that the
   * catalogs translate it (see {@link KindWords}).
   */
  describe?(state: Readonly<State>, words: KindWords): KindDeviceDescription;
}

/**
 * A kind's sentence in the reader's language: the pages answer with the
 * catalog message `account.kind.<name>.<key>` when the catalogs have one,
 * else with `english`; `{placeholders}` are filled from `params` either way.
 *
 * @example
 * const line = words('description.synced', 'Synced passkey');
 */
export type KindWords = (key: string, english: string, params?: Readonly<Record<string, string>>) => string;

/** What a kind says of one device, for the profile and the admin, in the words {@link KindWords} gave. */
export interface KindDeviceDescription {
  /** Short facts ("Synced passkey", "USB, NFC"). */
  readonly lines: readonly string[];
  /** Something the user should act on ("This key may have been copied: remove it"), or null. */
  readonly warning: string | null;
}

/** A kind's browser script for its ceremony, served by twofold's pages under `fileName` (which carries its hash: cache it for a year). */
export interface CeremonyScript {
  /** The JavaScript text. */
  readonly source: string;
  /** A file name carrying the source's hash (`twofold-webauthn.3vQm9xk2pD0aZ1bQ.js`). */
  readonly fileName: string;
}

/**
 * The English sentences of a ceremony's pages. A catalog message
 * `login.kind.<name>.<key>` wins on every page (the built-in `webauthn`
 * kind's are translated), so that translations and hosts reword them.
 */
export interface KindCeremonyTexts {
  /** The heading of the setup step ("Add a security key or passkey"). */
  readonly setupTitle: string;
  /** What the setup step will ask of the user. */
  readonly setupIntro: string;
  /** The button that starts the registration. */
  readonly setupButton: string;
  /** The sign-in step's instruction. */
  readonly signInIntro: string;
  /** The button that starts the authentication ("Use your security key or passkey"). */
  readonly signInButton: string;
  /** Said while the browser runs the ceremony. */
  readonly waiting: string;
  /** The browser cannot run the ceremony at all. */
  readonly unsupported: string;
  /** Inside `<noscript>`: the ceremony needs JavaScript; the other ways do not. */
  readonly noscript: string;
  /** The ceremony was cancelled, timed out or refused by the browser. */
  readonly cancelled: string;
  /** The browser's answer was refused by the server (wrong key, expired or replayed challenge, ...). */
  readonly failed: string;
  /** The credential is registered already (to this user or to another). */
  readonly taken: string;
}

/** The outcome of {@link KindCeremony.finishRegistration}. */
export type CeremonyRegistration =
  | { readonly ok: true; readonly device: Device }
  /** `taken`: the credential is someone's device already; `expired`: no ceremony of this session and user is waiting; `invalid`: a check failed. */
  | { readonly ok: false; readonly reason: 'taken' | 'expired' | 'invalid'; readonly detail?: string };

/** The outcome of {@link KindCeremony.finishAuthentication}. */
export type CeremonyAuthentication =
  | { readonly ok: true; readonly device: Device }
  | {
      readonly ok: false;
      /** `throttled`: the device is backing off after failures (`lockedUntil`); `unusable`: its stored data is broken; the rest: `invalid`. */
      readonly reason: 'invalid' | 'expired' | 'throttled' | 'unusable';
      readonly device: Device | null;
      readonly lockedUntil: Date | null;
      readonly detail?: string;
    };

/**
 * A kind's browser ceremony bound to one twofold instance: options out (a
 * challenge stored for the user and the session's `binding`), the browser's
 * answer in. The pages, the JSON API and the step-up page call it through the
 * kind's {@link KindCeremonySetup.ceremonies} without knowing the kind.
 */
export interface KindCeremony {
  /** The browser script that runs the ceremony (read once, synchronously). */
  script(): CeremonyScript;
  /** Options for creating a credential, for the browser script. */
  startRegistration(input: { readonly userId: string; readonly userName: string; readonly binding: string }): Promise<JsonObject>;
  /** Checks the browser's answer and creates the device (confirmed), named `name`. */
  finishRegistration(input: { readonly userId: string; readonly binding: string; readonly response: string; readonly name: string }): Promise<CeremonyRegistration>;
  /**
   * Options for using one of the user's credentials, or null when the user
   * has none. `deviceIds` (persistent ids) narrows them to the devices a page
   * accepts (a step-up requirement that wants a hardware-bound key), so that
   * the browser offers no other.
   */
  startAuthentication(input: { readonly userId: string; readonly binding: string; readonly deviceIds?: readonly string[] }): Promise<JsonObject | null>;
  /**
   * Checks the browser's answer through the core's `verifyToken` (throttling,
   * single use, events); with `deviceIds`, a credential of another device is
   * refused (`invalid`) before anything is evaluated.
   */
  finishAuthentication(input: {
    readonly userId: string;
    readonly binding: string;
    readonly response: string;
    readonly deviceIds?: readonly string[];
  }): Promise<CeremonyAuthentication>;
  /**
   * Passwordless sign-in, for kinds that offer it: options that let the
   * browser pick any credential of this site, for an anonymous visitor's
   * session `binding`, with user verification required.
   */
  readonly startPasswordless?: (input: { readonly binding: string }) => Promise<JsonObject>;
  /**
   * Passwordless sign-in: the device (and so the user) the answer's
   * credential belongs to, checked with user verification required. An
   * unknown credential is `invalid` with no device, whether or not any user exists.
   */
  readonly finishPasswordless?: (input: { readonly binding: string; readonly response: string }) => Promise<CeremonyAuthentication>;
}

/** `ceremony` setups: the sentences, and the ceremonies of a twofold instance. */
export interface KindCeremonySetup {
  readonly texts: KindCeremonyTexts;
  /**
   * The ceremonies bound to `twofold`, the instance the kind is registered
   * with (the same object for the same instance). Typed as `object` because
   * core's types cannot name the instance's type without a cycle.
   */
  ceremonies(twofold: object): KindCeremony;
}
