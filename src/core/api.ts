/**
 * The public shape of a twofold instance: its options, the {@link Twofold}
 * interface and the results of verifying and sending. `createTwofold`
 * (twofold.ts) implements it.
 */
import type { FailureReason, TwofoldEventName, TwofoldListener } from './events.js';
import type { QrOptions } from './qr.js';
import type { Clock } from './clock.js';
import type { Device, DeviceKind, JsonObject, SendBudgetScope, Store } from './types.js';

/** Any device kind, whatever its options and state. */
export type AnyDeviceKind = DeviceKind<never>;

/** Where twofold reports problems that must not break a request (corrupt rows, listener errors). */
export interface TwofoldLogger {
  warn(message: string): void;
  error(message: string): void;
}

/** Options of {@link createTwofold}. */
export interface TwofoldOptions {
  /** Where devices live: `createMemoryStore()`, or an SQL store from `twofold/store/kysely`. */
  readonly store: Store;
  /** The device kinds this application offers, e.g. `[totp(), hotp(), backupCodes()]`. */
  readonly kinds: readonly AnyDeviceKind[];
  /**
   * Keys that encrypt device secrets at rest, newest first; older ones only
   * decrypt (key rotation). Each at least 32 characters; generate with
   * `npx twofold genkey`. Required when `environment` is `production`.
   */
  readonly secrets?: readonly string[];
  /** Current time in milliseconds (default `Date.now`). Inject one to test time rules. */
  readonly clock?: Clock;
  /** `production` refuses to start without real secrets (default: `process.env.NODE_ENV`). */
  readonly environment?: string;
  /** Issuer shown in authenticator apps, or a function of the device. */
  readonly issuer?: string | ((device: Device) => string | undefined);
  /** Optional HTTPS URL of a square logo for authenticator apps that show one. */
  readonly image?: string | ((device: Device) => string | undefined);
  /** Defaults to `console`. Never receives secrets or tokens. */
  readonly logger?: TwofoldLogger;
}

/** Why a verification did not succeed. */
export type VerifyFailure =
  /** No such device for this user (also: malformed or foreign persistent id, unconfirmed device). */
  | 'device-not-found'
  /** The input cannot be a token of this device (wrong length, letters, ...). Not counted as a failure. */
  | 'malformed-token'
  /** Refused without evaluating the token: the device is backing off after failures. */
  | 'throttled'
  /** The device could not be used: its stored data is corrupt or its secret does not decrypt. Logged. */
  | 'device-unusable'
  | FailureReason;

/** The outcome of {@link Twofold.verifyToken} and {@link Twofold.matchToken}. */
export type VerifyResult =
  | { readonly ok: true; readonly device: Device }
  | {
      readonly ok: false;
      readonly reason: VerifyFailure;
      /** The device concerned, when there is exactly one. */
      readonly device: Device | null;
      /** Consecutive failures of that device after this attempt. */
      readonly failureCount: number;
      /** Until when that device refuses attempts, or null. */
      readonly lockedUntil: Date | null;
    };

/** The outcome of {@link Twofold.generateChallenge}. */
export type ChallengeResult =
  | { readonly ok: true; readonly device: Device; readonly message: string; readonly nextChallengeAt: Date | null }
  | {
      readonly ok: false;
      /** `cooldown`: too soon after the previous challenge; `failed`: the kind threw (nothing is held against the user). */
      readonly reason: 'device-not-found' | 'not-interactive' | 'cooldown' | 'device-unusable' | 'failed';
      readonly device: Device | null;
      readonly nextChallengeAt: Date | null;
      /** For `failed`: the error the kind threw, to log (it may contain delivery details, never the code). */
      readonly error?: unknown;
    }
  | {
      readonly ok: false;
      /** A sending budget is spent (abuse protection); nothing was sent and the cooldown was not used up. */
      readonly reason: 'budget-exhausted';
      readonly device: Device;
      /** When sending is possible again. */
      readonly nextChallengeAt: Date;
      /** Which budget: the user's, the destination's, the client's or the whole site's (the one spent longest). */
      readonly scope: SendBudgetScope;
    };

/** Options of {@link Twofold.generateChallenge}. */
export interface ChallengeOptions {
  /**
   * The user's language as a BCP 47 tag (`nl`, `pt-BR`), for the message and
   * the voice of a call. Anything that is not a well-formed tag is ignored.
   */
  readonly language?: string;
  /**
   * Who is asking: the client's IP address (the web layer passes it), or
   * your own client identifier. Budgets with scope `client` count per client
   * (IPv6 per /64 network, see `clientBudgetSubject`); without it they do
   * not apply to this send.
   */
  readonly client?: string;
  /**
   * An opaque id of the transaction asking for the code (a pending
   * sign-in, a setup, a step-up): a random value the host keeps in that
   * transaction's session. Only a keyed hash is stored with the code, and
   * only a verification presenting the same `binding` can use it; any other
   * gets `invalid-token`. Without it the code is usable by any verification
   * of the device (as before).
   */
  readonly binding?: string;
}

/** Options of {@link Twofold.matchToken}. */
export interface MatchOptions {
  /** The transaction's binding, as passed to {@link Twofold.generateChallenge} (see {@link ChallengeOptions.binding}). */
  readonly binding?: string;
}

/** Options of {@link Twofold.verifyToken}. */
export interface VerifyOptions extends MatchOptions {
  /** Accept an unconfirmed device and confirm it with the same write on success (setup flows). */
  readonly confirm?: boolean;
  /**
   * Passed to the kind's `verify` untouched (see `KindVerifyInput.context`):
   * ceremonies use it for server-side state, such as the WebAuthn challenge
   * taken from the store for this very attempt.
   */
  readonly context?: unknown;
  /**
   * The device as this instance handed it out moments ago (from
   * `listDevices`, `getDevice` or `listDevicesWithPrimary`), to spare a
   * read: the record it was made from is used instead of reading the device
   * again. Only twofold's own snapshots of this very device, read at most a
   * few seconds ago, count; anything else is ignored. A copy that changed
   * meanwhile loses its conditional write and the device is read again, so
   * this never lets a token through that a fresh read would refuse.
   *
   * @example
   * const device = await twofold.getDevice(userId, persistentId);
   * const result = await twofold.verifyToken(userId, persistentId, code, { known: device });
   */
  readonly known?: Device | null;
}

/** What {@link Twofold.listDevicesWithPrimary} answers. */
export interface UserDevices {
  /** The user's devices, oldest first. */
  readonly devices: Device[];
  /** The device id the user's preferences name as primary (it may be gone or unusable: check it against `devices`), or null. */
  readonly primaryDeviceId: string | null;
}

/** Input of {@link Twofold.createDevice}. */
export interface CreateDeviceInput<Options> {
  readonly userId: string;
  /** A registered kind, by name or by the kind object (which gives typed options). */
  readonly kind: string | DeviceKind<Options>;
  /** Human-readable name (default: the kind's name). At most 64 characters. */
  readonly name?: string;
  /** Whether the device is usable at once (default true). Setup flows create unconfirmed devices. */
  readonly confirmed?: boolean;
  /** The kind's own options, e.g. `{ digits: 8 }` for TOTP. */
  readonly options?: Options;
  /**
   * A device id chosen by the caller (22 base64url characters, e.g. derived
   * from a setup's random id): creating twice with the same id throws
   * `DEVICE_EXISTS`, so a double submit, even across processes, makes one
   * device. Refused with `INVALID_ARGUMENT` when malformed, or when the kind
   * proposes an id of its own that differs.
   *
   * @example
   * ```ts
   * await twofold.createDevice({ userId, kind: 'totp', confirmed: false, options: { key }, id: deviceIdFromKey(`account-setup|${userId}|${setupId}`) });
   * ```
   */
  readonly id?: string;
}

/** Options of {@link Twofold.deleteDevice}. */
export interface DeleteDeviceOptions {
  /**
   * Delete only a device that is still unconfirmed, atomically: a device
   * confirmed by another request meanwhile (any process) stays.
   */
  readonly onlyUnconfirmed?: boolean;
}

/** What an updater passed to {@link Twofold.updateDevice} sees. */
export interface DeviceUpdateContext<State extends JsonObject = JsonObject> {
  readonly device: Device<State>;
  readonly secret: Uint8Array | null;
  readonly state: State;
  readonly now: number;
}

/** What an updater passed to {@link Twofold.updateDevice} may change. */
export interface DeviceUpdate<State extends JsonObject = JsonObject> {
  readonly name?: string;
  readonly confirmed?: boolean;
  readonly state?: State;
  readonly secret?: Uint8Array | null;
}

/** Options of {@link Twofold.configUrl}. */
export interface ConfigUrlOptions {
  /**
   * Account name shown in the app (default: the user id). Cleaned with
   * {@link provisioningAccountName} (`carol:admin` becomes `carol-admin`);
   * a name with nothing printable is refused with `INVALID_ARGUMENT`.
   */
  readonly accountName?: string;
  /** Overrides the instance's issuer. */
  readonly issuer?: string;
  /** Overrides the instance's image. */
  readonly image?: string;
}

/**
 * What the layers above the core read from an instance, fixed when it is
 * created, so that a host passes each of these once (to `createTwofold`):
 * the web pages seal session state with the same secrets, follow the same
 * environment, show the same issuer and report to the same logger.
 */
export interface TwofoldSettings {
  /** Whether the instance runs in production (`environment`, else `NODE_ENV` when it was created). */
  readonly production: boolean;
  /** The `issuer` option as given (a string, a function of the device, or undefined). */
  readonly issuer: string | ((device: Device) => string | undefined) | undefined;
  /** The instance's logger. */
  readonly logger: TwofoldLogger;
  /**
   * The configured encryption secrets, newest first; empty when none were
   * configured (the public development key is in use, outside production
   * only). A function, so that printing the instance never prints them.
   */
  secrets(): readonly string[];
}

/** A twofold instance: everything an application does with devices. */
export interface Twofold {
  /** Creates a device. Emits `deviceCreated`. */
  createDevice<Options>(input: CreateDeviceInput<Options>): Promise<Device>;
  /** A user's devices, oldest first. Devices of kinds not registered here are included (so they can be removed). */
  listDevices(userId: string, filter?: { confirmed?: boolean; kind?: string }): Promise<Device[]>;
  /**
   * `listDevices` and the id of the device the user chose as primary, in one
   * store read where the store can (the sign-in asks this on every step).
   */
  listDevicesWithPrimary(userId: string, filter?: { confirmed?: boolean; kind?: string }): Promise<UserDevices>;
  /** One of the user's devices by persistent id, or null (never throws for a malformed or foreign id). */
  getDevice(userId: string, persistentId: unknown): Promise<Device | null>;
  /** A device by persistent id whoever owns it (admin tools), or null. */
  findDevice(persistentId: unknown): Promise<Device | null>;
  /** Whether the user has at least one (by default confirmed) device. */
  userHasDevice(userId: string, options?: { confirmed?: boolean }): Promise<boolean>;
  /** Renames a device; returns it, or null if it is not the user's. */
  renameDevice(userId: string, persistentId: string, name: string): Promise<Device | null>;
  /** Marks a device confirmed; returns it, or null. Emits `deviceConfirmed`. */
  confirmDevice(userId: string, persistentId: string): Promise<Device | null>;
  /**
   * Deletes a device; returns whether it existed and was the user's (and, with
   * `onlyUnconfirmed`, was still unconfirmed and unchanged). Emits `deviceRemoved`.
   */
  deleteDevice(userId: string, persistentId: string, options?: DeleteDeviceOptions): Promise<boolean>;
  /** Deletes every device of a user (disabling 2FA); returns how many. Emits `deviceRemoved` for each. */
  deleteUserDevices(userId: string): Promise<number>;
  /** Clears a device's failure count, so it can be used at once (admin action). */
  resetThrottle(userId: string, persistentId: string): Promise<Device | null>;
  /**
   * Counts one failed attempt on one of the user's confirmed devices without
   * evaluating a token: for credentials the core never sees but that stand in
   * for the device, such as a rejected "remember this browser" cookie that
   * names it. It backs off like a wrong code (and emits `failed`, reason
   * `invalid-token`); while the device is already backing off nothing is
   * counted (`throttled` is emitted), exactly as for a code. Returns the
   * device afterwards, or null when it is not the user's confirmed device.
   */
  recordFailure(userId: string, persistentId: unknown): Promise<Device | null>;
  /**
   * Verifies a token against one of the user's devices. Unconfirmed devices
   * are refused unless `confirm` is set, in which case a success also confirms
   * the device (setup flows), in the same atomic write.
   */
  verifyToken(userId: string, persistentId: unknown, token: unknown, options?: VerifyOptions): Promise<VerifyResult>;
  /**
   * Tries a token against all of the user's confirmed devices. A success on
   * one device is not counted as a failure on the others; when nothing
   * matches, each device that evaluated the token counts one failure.
   */
  matchToken(userId: string, token: unknown, options?: MatchOptions): Promise<VerifyResult>;
  /** Interactive devices: generates and sends a challenge, respecting the cooldown and the sending budgets. */
  generateChallenge(userId: string, persistentId: unknown, options?: ChallengeOptions): Promise<ChallengeResult>;
  /**
   * Low-level, for device-kind helpers: reads the device, lets `updater`
   * compute changes, and writes them atomically (retrying on concurrent
   * changes, so `updater` may run more than once and must be pure).
   */
  updateDevice<State extends JsonObject = JsonObject>(
    userId: string,
    persistentId: string,
    updater: (context: DeviceUpdateContext<State>) => DeviceUpdate<State> | Promise<DeviceUpdate<State>>,
  ): Promise<Device<State> | null>;
  /** The `otpauth://` provisioning URI of a device whose kind supports one. */
  configUrl(device: Device, options?: ConfigUrlOptions): Promise<string>;
  /** The provisioning URI as an SVG QR code. */
  qrCodeSvg(device: Device, options?: ConfigUrlOptions & QrOptions): Promise<string>;
  /** The provisioning URI as a PNG QR code. */
  qrCodePng(device: Device, options?: ConfigUrlOptions & QrOptions): Promise<Uint8Array>;
  /** Re-encrypts every secret sealed with an older key; returns how many were rewritten. */
  reencryptSecrets(): Promise<number>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends TwofoldEventName>(event: E, listener: TwofoldListener<E>): () => void;
  /** The registered kind with this name, or undefined. */
  kind(name: string): AnyDeviceKind | undefined;
  /**
   * Every registered kind, in the order given to `createTwofold`: what the
   * pages offer (setup methods, the admin's creatable kinds, the recovery
   * kind) comes from this list and each kind's `presentation`, never from a
   * list of names.
   *
   * @example
   * const offered = twofold.kinds().filter((kind) => kind.presentation?.setup.selfService === true);
   */
  kinds(): readonly AnyDeviceKind[];
  /** The injected clock. */
  readonly clock: Clock;
  /** What the web layer (and any other layer above) takes from the instance instead of asking the host again. */
  readonly settings: TwofoldSettings;
  /** The store. */
  readonly store: Store;
  /** Closes the store. */
  close(): Promise<void>;
}
