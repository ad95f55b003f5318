/**
 * The contracts of twofold's core: what a stored device looks like, what a
 * storage adapter must guarantee, and what a device kind implements.
 *
 * Everything here is plain data and plain functions, so that a kind or a
 * store can be written, tested and reasoned about on its own.
 */

/** A JSON value, as kept in a device's `state`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object, as kept in a device's `state`. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * A device exactly as a {@link Store} keeps it. Times are milliseconds since
 * the Unix epoch; `secret` is the encrypted envelope (never the plain key).
 */
export interface DeviceRecord {
  /** Random, URL-safe identifier, unique across all users and kinds. */
  readonly id: string;
  /** The owner. twofold never interprets it beyond equality. */
  readonly userId: string;
  /** The kind's name, for example `totp`. */
  readonly kind: string;
  /** Human-readable name chosen by the user or the host. */
  readonly name: string;
  /** Unconfirmed devices are ignored by `matchToken` and `listDevices({ confirmed: true })`. */
  readonly confirmed: boolean;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  /** Encrypted key material (see `secrets.ts`), or null for kinds without one. */
  readonly secret: string | null;
  /** Kind-specific settings and counters. Never holds plain secrets. */
  readonly state: JsonObject;
  /** Consecutive failed verifications since the last success. */
  readonly failureCount: number;
  /** When the latest of those failures happened. */
  readonly lastFailureAt: number | null;
  /** When an interactive device last sent a challenge (for the cooldown). */
  readonly lastChallengeAt: number | null;
  /**
   * Optimistic-concurrency version. Every successful {@link Store.updateDevice}
   * increments it by one; it is what makes single use atomic.
   */
  readonly version: number;
}

/** The fields of a {@link DeviceRecord} that an update may change. */
export type DeviceChanges = Partial<
  Pick<
    DeviceRecord,
    'name' | 'confirmed' | 'lastUsedAt' | 'secret' | 'state' | 'failureCount' | 'lastFailureAt' | 'lastChallengeAt'
  >
>;

/** Filters for {@link Store.listDevices}. */
export interface DeviceQuery {
  /** Only confirmed (true) or only unconfirmed (false) devices; all when absent. */
  readonly confirmed?: boolean;
  /** Only devices of this kind. */
  readonly kind?: string;
}

/** Paging through every device, in ascending `id` order. */
export interface DeviceScan {
  /** Return devices whose id sorts strictly after this one. */
  readonly afterId?: string;
  /** At most this many devices (1 to 1000). */
  readonly limit: number;
}

/**
 * A storage adapter. Implementations must make {@link Store.updateDevice} a
 * true compare-and-swap across every process sharing the database: this is the
 * single mechanism on which replay protection and race-free throttling rest.
 */
export interface Store {
  /** Inserts a new device. Rejects if the id already exists. */
  insertDevice(record: DeviceRecord): Promise<void>;
  /** Loads one device by id, or null. Never throws for an unknown id. */
  getDevice(id: string): Promise<DeviceRecord | null>;
  /** A user's devices, oldest first (ties broken by id). */
  listDevices(userId: string, query?: DeviceQuery): Promise<DeviceRecord[]>;
  /**
   * Applies `changes` and sets `version = expectedVersion + 1`, but only if
   * the stored version still equals `expectedVersion`. Returns whether the
   * update happened; false also when the device no longer exists.
   */
  updateDevice(id: string, expectedVersion: number, changes: DeviceChanges): Promise<boolean>;
  /** Deletes one device. Returns whether it existed. */
  deleteDevice(id: string): Promise<boolean>;
  /** Deletes all of a user's devices and returns how many there were. */
  deleteUserDevices(userId: string): Promise<number>;
  /** Pages through all devices in ascending id order (key rotation, admin tools). */
  scanDevices(scan: DeviceScan): Promise<DeviceRecord[]>;
  /** Releases connections. The store is unusable afterwards. */
  close(): Promise<void>;
}

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
}

/** What a kind returns for a new device. */
export interface KindCreated<State extends JsonObject> {
  /** Key material to be encrypted at rest, or null. */
  readonly secret: Uint8Array | null;
  readonly state: State;
}

/** What an interactive kind receives to generate a challenge. */
export interface KindChallengeInput<State extends JsonObject> {
  readonly device: Device<State>;
  readonly secret: Uint8Array | null;
  readonly state: State;
  readonly now: number;
}

/** What an interactive kind returns after sending a challenge. */
export interface KindChallengeResult<State extends JsonObject> {
  /** State to persist (for example the hash and expiry of the code just sent). */
  readonly state: State;
  /** A short message for the user, such as "We sent a code to a•••@example.com". */
  readonly message: string;
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
  /** Validates creation options and returns the new device's secret and state. Throws {@link TwofoldError} `INVALID_OPTIONS` on bad options. */
  create(options: Options): KindCreated<State> | Promise<KindCreated<State>>;
  /** Checks state read from storage. Throws when it is corrupt, so that the core can refuse cleanly. */
  parseState(state: JsonObject): State;
  /** Canonical form of what a user typed, or null when it cannot be a token of this device. Never throws. */
  normalizeToken(input: string, state: State): string | null;
  /** Evaluates a normalised token. Pure apart from CPU work; may be async (hashing). */
  verify(input: KindVerifyInput<State>): KindVerifyOutcome<State> | Promise<KindVerifyOutcome<State>>;
  /** Interactive kinds only: sends (or displays) a challenge. */
  generateChallenge?(input: KindChallengeInput<State>): Promise<KindChallengeResult<State>>;
  /** Kinds used with authenticator apps: the `otpauth://` URI. */
  configUrl?(input: KindConfigUrlInput<State>): string;
}

/**
 * A device as the core hands it out: no key material, dates as `Date`.
 * Obtain fresh copies from the twofold instance; they are snapshots.
 */
export interface Device<State extends JsonObject = JsonObject> {
  /** `kind/id`: store it in a session and load the device again with it. */
  readonly persistentId: string;
  readonly id: string;
  readonly userId: string;
  readonly kind: string;
  readonly name: string;
  readonly confirmed: boolean;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  /** Kind-specific state (no secrets). */
  readonly state: Readonly<State>;
  /** Whether the kind sends challenges (email, SMS, ...). */
  readonly interactive: boolean;
  /** Consecutive failures since the last success. */
  readonly failureCount: number;
  /** Until when verification is refused, or null when it is allowed now. */
  readonly lockedUntil: Date | null;
  /** When the next challenge may be generated, or null when it may be now. */
  readonly nextChallengeAt: Date | null;
}
