/**
 * The storage contracts: a device exactly as stored, the queries and
 * conditional writes a {@link Store} must provide, and the records of send
 * limits, user preferences, remembered browsers and challenges it keeps.
 * Both stores (memory, SQL) implement them.
 */
import type { JsonObject } from './device-types.js';

/** What {@link Store.listDevicesWithPrimary} answers. */
export interface DevicesWithPrimary {
  readonly devices: DeviceRecord[];
  /** The id the user's preferences name as primary device, or null. */
  readonly primaryDeviceId: string | null;
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
 * One sending budget checked by {@link Store.recordSend}: at most `limit`
 * sends recorded under `key` whose time is after `at − windowMs` (a sliding
 * window: a send stops counting exactly `windowMs` after it happened).
 */
export interface SendLimit {
  /** Opaque key (1 to 255 characters); the core passes keyed hashes, never addresses or numbers. */
  readonly key: string;
  /** Sends allowed within the window (1 to 1,000,000). */
  readonly limit: number;
  /** Length of the window in milliseconds (1 ms to 366 days). */
  readonly windowMs: number;
}

/** What {@link Store.recordSend} checks and records. */
export interface SendAttempt {
  /** When the send happens, milliseconds since the epoch. */
  readonly at: number;
  /** The budgets that must all have room (1 to 16); several may share a key with different windows. */
  readonly limits: readonly SendLimit[];
}

/** The answer of {@link Store.recordSend}. */
export type SendDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** Position in `limits` of the budget that stays spent longest. */
      readonly index: number;
      /** When every refused budget has room again (ms since the epoch). */
      readonly retryAt: number;
    };

/**
 * What a user chose about their own devices, kept apart from the devices so
 * that a choice survives the device rows changing (and is simply ignored when
 * the device it names is gone).
 */
export interface UserPreferences {
  /** The owner (same id space as {@link DeviceRecord.userId}). */
  readonly userId: string;
  /** The {@link DeviceRecord.id} (not the persistent id) of the device asked first at sign-in, or null. */
  readonly primaryDeviceId: string | null;
  /** When the preferences were last saved, milliseconds since the epoch. */
  readonly updatedAt: number;
}

/**
 * The server-side record of one remembered browser ("remember this browser"):
 * the browser holds a random token, the store only its SHA-256, so a copy of
 * the table cannot be turned back into working cookies.
 */
export interface RememberedBrowserRecord {
  /** Random, URL-safe reference id (also part of the cookie's name); not a secret. */
  readonly id: string;
  /** The user the browser was remembered for. */
  readonly userId: string;
  /** The {@link DeviceRecord.id} of the device whose code created it; the record dies with that device. */
  readonly deviceId: string;
  /** SHA-256 of the cookie's secret part, base64url (43 characters). */
  readonly tokenHash: string;
  /** A salted SHA-256 of the host's password fingerprint at creation, base64url: a password change invalidates the record. */
  readonly passwordHash: string;
  /** When the second factor was verified, milliseconds since the epoch. */
  readonly createdAt: number;
  /** Absolute end of validity, counted from `createdAt`; using the cookie never moves it. */
  readonly expiresAt: number;
  /** When the cookie last skipped the second factor, or null. */
  readonly lastUsedAt: number | null;
  /** The browser's User-Agent when it was remembered (truncated, shown to the user), or ''. */
  readonly userAgent: string;
}

/**
 * A server-side ceremony challenge (WebAuthn registration or sign-in): issued
 * to one user in one session for one purpose, taken back exactly once.
 */
export interface ChallengeRecord {
  /** Lookup key (1 to 255 characters); WebAuthn uses the SHA-256 of the challenge, base64url. */
  readonly id: string;
  /** The user the challenge was issued to. */
  readonly userId: string;
  /** What it is for: 1 to 64 characters from a-z, 0-9, `.`, `-` (e.g. `webauthn.get`). */
  readonly purpose: string;
  /** SHA-256 of the caller's opaque session binding, base64url (43 characters). */
  readonly bindingHash: string;
  /** The challenge itself, base64url (16 to 512 characters). Public once sent; useless once taken. */
  readonly challenge: string;
  readonly createdAt: number;
  /** After this instant (ms since the epoch) the challenge no longer counts. */
  readonly expiresAt: number;
}

/**
 * The challenge capability of a {@link Store}, optional so that stores
 * written before it stay valid; kinds that need it check for it at start.
 */
export interface ChallengeStore {
  /** Stores a new challenge (rejects a duplicate id) and, now and then, forgets expired ones. */
  putChallenge(record: ChallengeRecord): Promise<void>;
  /**
   * Removes a challenge and returns it, in one atomic step across every
   * process sharing the database: of concurrent calls for one id, at most one
   * gets the record. Returns expired records too (the caller says "expired"); null when unknown or taken.
   */
  takeChallenge(id: string): Promise<ChallengeRecord | null>;
  /** Forgets every challenge whose `expiresAt` is at or before `at`; returns how many. */
  deleteExpiredChallenges(at: number): Promise<number>;
}

/**
 * A storage adapter. Implementations must make {@link Store.updateDevice} a
 * true compare-and-swap across every process sharing the database: this is the
 * single mechanism on which replay protection and race-free throttling rest.
 * {@link Store.recordSend} must likewise be atomic across processes.
 *
 * Records a store returns may be fresh copies or shared, deeply frozen
 * objects (the memory store hands out its own frozen records): callers never
 * write to them, and nothing a caller does to one may change what is stored.
 */
export interface Store extends Partial<ChallengeStore> {
  /** Inserts a new device. Rejects if the id already exists. */
  insertDevice(record: DeviceRecord): Promise<void>;
  /**
   * Optional (bulk imports): inserts several devices, and the preferences of
   * those users who have none saved yet, as one atomic step: everything is
   * written or nothing is. Rejects, writing nothing, if any id already exists.
   * Both bundled stores implement it.
   */
  insertDevices?(records: readonly DeviceRecord[], preferences?: readonly UserPreferences[]): Promise<void>;
  /** Loads one device by id, or null. Never throws for an unknown id. */
  getDevice(id: string): Promise<DeviceRecord | null>;
  /** A user's devices, oldest first (ties broken by id). */
  listDevices(userId: string, query?: DeviceQuery): Promise<DeviceRecord[]>;
  /**
   * Optional (the sign-in's one read): what {@link Store.listDevices} answers,
   * together with the user's chosen primary device id from their preferences,
   * in one statement. `primaryDeviceId` is null when nothing was chosen, and
   * may be null when no device matches. Without it twofold calls
   * `listDevices` and `getUserPreferences`. Both bundled stores implement it.
   */
  listDevicesWithPrimary?(userId: string, query?: DeviceQuery): Promise<DevicesWithPrimary>;
  /**
   * Applies `changes` and sets `version = expectedVersion + 1`, but only if
   * the stored version still equals `expectedVersion`. Returns whether the
   * update happened; false also when the device no longer exists.
   */
  updateDevice(id: string, expectedVersion: number, changes: DeviceChanges): Promise<boolean>;
  /**
   * Deletes one device. Returns whether it existed. With `expectedVersion`,
   * deletes only while the stored version still equals it (a compare-and-delete,
   * atomic across processes like {@link Store.updateDevice}): false when the
   * device changed meanwhile.
   */
  deleteDevice(id: string, expectedVersion?: number): Promise<boolean>;
  /** Deletes all of a user's devices and returns how many there were. */
  deleteUserDevices(userId: string): Promise<number>;
  /** Pages through all devices in ascending id order (key rotation, admin tools). */
  scanDevices(scan: DeviceScan): Promise<DeviceRecord[]>;
  /**
   * Sending budgets (SMS, calls, e-mail): if every limit has room, records one
   * send at `at` under each distinct key and returns `allowed: true`;
   * otherwise records nothing and says which budget is spent and until when.
   * Check and record are one atomic step across every process sharing the
   * database, so concurrent senders can never overdraw a budget. Sends older
   * than the longest window of their key are pruned.
   */
  recordSend(attempt: SendAttempt): Promise<SendDecision>;
  /** A user's preferences (the primary device), or null when none were saved. */
  getUserPreferences(userId: string): Promise<UserPreferences | null>;
  /** Saves a user's preferences, replacing any saved before (an upsert: atomic, last write wins). */
  putUserPreferences(preferences: UserPreferences): Promise<void>;
  /** Forgets a user's preferences; returns whether there were any. */
  deleteUserPreferences(userId: string): Promise<boolean>;
  /** Stores a new remembered browser. Rejects if the id already exists. */
  insertRememberedBrowser(record: RememberedBrowserRecord): Promise<void>;
  /** One remembered browser by id, or null. Never throws for an unknown or malformed id. */
  getRememberedBrowser(id: string): Promise<RememberedBrowserRecord | null>;
  /** A user's remembered browsers, oldest first (ties broken by id), expired ones included. */
  listRememberedBrowsers(userId: string): Promise<RememberedBrowserRecord[]>;
  /** Sets `lastUsedAt` of one remembered browser; returns whether it exists. Never changes `expiresAt`. */
  touchRememberedBrowser(id: string, lastUsedAt: number): Promise<boolean>;
  /** Forgets one remembered browser; returns whether it existed. */
  deleteRememberedBrowser(id: string): Promise<boolean>;
  /** Forgets every remembered browser of a user; returns how many there were. */
  deleteUserRememberedBrowsers(userId: string): Promise<number>;
  /** Forgets every remembered browser created with a device ({@link DeviceRecord.id}); returns how many there were. */
  deleteDeviceRememberedBrowsers(deviceId: string): Promise<number>;
  /** Forgets every remembered browser whose `expiresAt` is at or before `at`; returns how many there were. */
  deleteExpiredRememberedBrowsers(at: number): Promise<number>;
  /** Releases connections. The store is unusable afterwards. */
  close(): Promise<void>;
}
