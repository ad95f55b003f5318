/**
 * The device-kind contracts: what a kind (TOTP, HOTP, e-mail, SMS, ...)
 * implements, and the inputs and outcomes the core exchanges with it. A kind
 * does no I/O of its own; the core stores what it concludes.
 */
import type { AuthenticatorAssurance } from './assurance.js';
import type { Device, JsonObject, JsonValue } from './device-types.js';
import type { KindPresentation } from './presentation.js';

/**
 * What a kind's `verify` concluded about one token. It must not perform I/O:
 * the core persists the outcome with a single conditional write.
 */
export type KindVerifyOutcome<State extends JsonObject> =
  | {
      readonly match: true;
      /** The device's state after this success (for example the new last step). */
      readonly state: State;
    }
  | {
      readonly match: false;
      /**
       * Why: `invalid` (no such token), `replayed` (a token that was valid
       * once but is used up), `expired` (a sent code past its lifetime).
       */
      readonly reason: 'invalid' | 'replayed' | 'expired';
    };

/** What a kind receives to verify one token. */
export interface KindVerifyInput<State extends JsonObject> {
  /** The token after {@link DeviceKind.normalizeToken}. */
  readonly token: string;
  /** The decrypted key material, or null for kinds without one. */
  readonly secret: Uint8Array | null;
  readonly state: State;
  /** Current time, milliseconds since the epoch, from the injected clock. */
  readonly now: number;
  /**
   * What {@link DeviceKind.prepareVerify} answered for this token, for kinds
   * that have one; absent otherwise. The same answer is passed again when the
   * core re-runs `verify` after losing a compare-and-swap race.
   */
  readonly prepared?: JsonValue;
  /**
   * What the caller of `verifyToken` passed as `context`, untouched: data a
   * ceremony established before the token arrived (WebAuthn: the challenge it
   * took from the store). Absent for `matchToken` and when none was passed;
   * a kind that needs it must then refuse the token.
   */
  readonly context?: unknown;
}

/** What {@link DeviceKind.prepareVerify} receives: the verify input, before any answer. */
export type KindPrepareInput<State extends JsonObject> = Omit<KindVerifyInput<State>, 'prepared'>;

/** What a kind returns for a new device. */
export interface KindCreated<State extends JsonObject> {
  /** Key material to be encrypted at rest, or null. */
  readonly secret: Uint8Array | null;
  readonly state: State;
  /**
   * The device id to use instead of a random one (22 base64url characters),
   * for kinds whose devices stand for one physical object that may belong to
   * one user only: derived from that object's identity (a YubiKey's public
   * id), it makes the store's unique id refuse a second registration
   * atomically, across processes. `createDevice` then throws `DEVICE_EXISTS`.
   */
  readonly id?: string;
}

/** What an interactive kind receives to generate a challenge. */
export interface KindChallengeInput<State extends JsonObject> {
  readonly device: Device<State>;
  readonly secret: Uint8Array | null;
  readonly state: State;
  readonly now: number;
  /** The user's preferred language (BCP 47, e.g. `nl-BE`) as the host passed it, or null. Always set by the core. */
  readonly language?: string | null;
  /**
   * Charges one message to `destination` (an address, an E.164 number)
   * against the kind's {@link DeviceKind.sendBudgets}, atomically across
   * processes. Call it right before handing the message to a gateway, and let
   * what it throws propagate: when a budget is spent it throws, the core
   * answers `budget-exhausted` and nothing must be sent. Always set by the
   * core; absent only when a kind is driven directly (tests).
   */
  readonly reserveSend?: (destination: string) => Promise<void>;
}

/** What an interactive kind returns after sending a challenge. */
export interface KindChallengeResult<State extends JsonObject> {
  /** State to persist (for example the hash and expiry of the code just sent). */
  readonly state: State;
  /** A short message for the user, such as "We sent a code to a•••@example.com". */
  readonly message: string;
}

/**
 * Whose sends a {@link SendBudgetRule} counts: one user's, one destination's,
 * one client's (the network address that asked, when the caller passes it in
 * {@link ChallengeOptions.client}), or the whole site's (per kind).
 */
export type SendBudgetScope = 'user' | 'destination' | 'client' | 'global';

/** At most `limit` messages per `scope` within any `windowSeconds` (a sliding window). */
export interface SendBudgetRule {
  readonly scope: SendBudgetScope;
  /** Messages allowed within the window (1 to 1,000,000). */
  readonly limit: number;
  /** Window length in seconds (1 to 366 days). */
  readonly windowSeconds: number;
}

/** What a kind receives to build a provisioning URI. */
export interface KindConfigUrlInput<State extends JsonObject> {
  readonly secret: Uint8Array | null;
  readonly state: State;
  /** The account name shown in the authenticator app. */
  readonly accountName: string;
  readonly issuer?: string | undefined;
  readonly image?: string | undefined;
}

/**
 * A device kind: a small plug-in object, the counterpart of a django-otp
 * Device model. The core owns storage, encryption, throttling, cooldowns,
 * timestamps and atomicity; a kind only knows its own tokens.
 *
 * @typeParam Options - what `createDevice` accepts for this kind.
 * @typeParam State - the JSON state kept per device.
 */
export interface DeviceKind<Options = unknown, State extends JsonObject = JsonObject> {
  /** Stable identifier stored with every device: lower-case letters, digits and dashes. */
  readonly name: string;
  /** Back-off factor in seconds: after n failures the next attempt waits factor × 2^(n−1). 0 disables. */
  readonly throttleFactor: number;
  /** Seconds between two challenges of one device (interactive kinds). 0 or absent disables. */
  readonly cooldownSeconds?: number;
  /**
   * Sending budgets the core enforces when the kind calls
   * {@link KindChallengeInput.reserveSend} (interactive kinds that send
   * messages). Absent or empty: no budget.
   */
  readonly sendBudgets?: readonly SendBudgetRule[];
  /** Validates creation options and returns the new device's secret and state. Throws {@link TwofoldError} `INVALID_OPTIONS` on bad options. */
  create(options: Options): KindCreated<State> | Promise<KindCreated<State>>;
  /**
   * Checks state read from storage. Throws when it is corrupt, so that the
   * core can refuse cleanly. `state` is deeply frozen (the store's own
   * record, or a frozen copy): return it or a new object, never write to it
   * (a write throws in strict code; the core logs it and refuses the device).
   * What this returns is the `state` the other functions receive, so treat
   * that as read-only too and return new states as new objects.
   */
  parseState(state: JsonObject): State;
  /** Canonical form of what a user typed, or null when it cannot be a token of this device. Never throws. */
  normalizeToken(input: string, state: State): string | null;
  /**
   * Kinds whose tokens only a remote service can judge (a YubiKey validation
   * server): asks it, once per verification, after the throttle check and
   * `normalizeToken`, before `verify`. The answer must be JSON; the core hands
   * it to `verify` as {@link KindVerifyInput.prepared} (also when `verify` is
   * re-run after a lost compare-and-swap, so the service is never asked
   * twice for one attempt), and `verify` still decides purely against the
   * device's current state. Throw {@link TwofoldError} `SERVICE_UNAVAILABLE`
   * when no trustworthy answer can be had: the core lets it propagate to the
   * caller (nothing is counted against the device; the user should try
   * again). Any other error makes the device `device-unusable` for this attempt.
   */
  prepareVerify?(input: KindPrepareInput<State>): Promise<JsonValue>;
  /**
   * Whether `verify` answers synchronously within microseconds (an HMAC
   * window, a hash comparison) and does no I/O: the core then evaluates the
   * token first and writes the outcome, success or failure, with one
   * conditional write. Without it (slow hashing such as scrypt, async work)
   * the core first counts the attempt as a failure (a claim) so that
   * concurrent guesses are refused before any of them is evaluated, and a
   * success costs a second write. Ignored for kinds with `prepareVerify`.
   * Both ways throttle every guess and accept a token at most once; a kind
   * that declares this and is slow lets concurrent guesses within one
   * back-off window each cost an evaluation (never an answer).
   */
  readonly instantVerify?: boolean;
  /**
   * Evaluates a normalised token. Pure apart from CPU work; may be async
   * (hashing). `input.state` may be frozen; a match returns the new state as
   * a new object, which is handed over (the core freezes it).
   */
  verify(input: KindVerifyInput<State>): KindVerifyOutcome<State> | Promise<KindVerifyOutcome<State>>;
  /** Interactive kinds only: sends (or displays) a challenge. */
  generateChallenge?(input: KindChallengeInput<State>): Promise<KindChallengeResult<State>>;
  /** Kinds used with authenticator apps: the `otpauth://` URI. */
  configUrl?(input: KindConfigUrlInput<State>): string;
  /** What the pages need to offer the kind (label, input, setup steps, ...); defaults apply without it. */
  readonly presentation?: KindPresentation<State>;
  /**
   * What a device of the kind proves (NIST authenticator type, phishing
   * resistance...), for step-up requirements and assurance levels; see
   * `core/assurance.ts`. Without it the kind counts as a single-factor OTP device.
   */
  assurance?(state: State): AuthenticatorAssurance;
}
