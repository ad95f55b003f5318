/**
 * `createTwofold`: the framework-free heart of twofold. It owns the rules that
 * every device kind shares — storage, encryption at rest, throttling,
 * cooldowns, timestamps and, above all, single use under concurrency.
 *
 * Atomicity rests on one mechanism: every state change is a compare-and-swap
 * on the device's version ({@link Store.updateDevice}). A verification reads
 * the device once, evaluates the token in memory and writes the outcome
 * conditionally. When another request changed the device in between, the
 * write is refused, the evaluation is discarded and the attempt starts over
 * from the new state — where the token is now used up, or the device is now
 * throttled. So a token is accepted at most once, and parallel guesses
 * cannot slip through one back-off window, across any number of processes.
 */
import { checkSendBudgetRules, clientBudgetSubject, createBudgetKeys } from './budgets.js';
import { TwofoldError } from './errors.js';
import { createEventHub, type FailureReason, type TwofoldEventName, type TwofoldListener } from './events.js';
import { formatPersistentId, isValidKindName, newDeviceId, parsePersistentId } from './persistent-id.js';
import { qrCodePng, qrCodeSvg, type QrOptions } from './qr.js';
import { DEVELOPMENT_SECRET, createSecretBox, type SecretBox } from './secrets.js';
import { cooldownEndsAt, throttleUnlocksAt } from './throttle.js';
import { systemClock, type Clock } from './clock.js';
import type {
  Device,
  DeviceChanges,
  DeviceKind,
  DeviceRecord,
  JsonObject,
  KindCreated,
  KindVerifyOutcome,
  SendBudgetRule,
  SendBudgetScope,
  Store,
} from './types.js';

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
}

/** Options of {@link Twofold.verifyToken}. */
export interface VerifyTokenOptions {
  /** Accept an unconfirmed device and confirm it on success (setup flows). */
  readonly confirm?: boolean;
  /** Passed to the kind's `verify` untouched (see `KindVerifyInput.context`); ceremonies use it for server-side state. */
  readonly context?: unknown;
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
  /** Account name shown in the app (default: the user id). */
  readonly accountName?: string;
  /** Overrides the instance's issuer. */
  readonly issuer?: string;
  /** Overrides the instance's image. */
  readonly image?: string;
}

/** A twofold instance: everything an application does with devices. */
export interface Twofold {
  /** Creates a device. Emits `deviceCreated`. */
  createDevice<Options>(input: CreateDeviceInput<Options>): Promise<Device>;
  /** A user's devices, oldest first. Devices of kinds not registered here are included (so they can be removed). */
  listDevices(userId: string, filter?: { confirmed?: boolean; kind?: string }): Promise<Device[]>;
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
  /** Deletes a device; returns whether it existed and was the user's. Emits `deviceRemoved`. */
  deleteDevice(userId: string, persistentId: string): Promise<boolean>;
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
  verifyToken(userId: string, persistentId: unknown, token: unknown, options?: VerifyTokenOptions): Promise<VerifyResult>;
  /**
   * Tries a token against all of the user's confirmed devices. A success on
   * one device is not counted as a failure on the others; when nothing
   * matches, each device that evaluated the token counts one failure.
   */
  matchToken(userId: string, token: unknown): Promise<VerifyResult>;
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
  /** The injected clock. */
  readonly clock: Clock;
  /** The store. */
  readonly store: Store;
  /** Closes the store. */
  close(): Promise<void>;
}

/** How many times an operation re-reads after losing a compare-and-swap race before giving up. */
const MAX_ATTEMPTS = 200;
const MAX_NAME_LENGTH = 64;
const MAX_USER_ID_LENGTH = 255;

interface Loaded {
  readonly record: DeviceRecord;
  readonly kind: AnyDeviceKind;
  readonly state: JsonObject;
  readonly device: Device;
}

type Evaluation =
  | { readonly type: 'throttled'; readonly unlocksAt: number }
  | { readonly type: 'malformed' }
  | { readonly type: 'unusable' }
  | { readonly type: 'outcome'; readonly outcome: KindVerifyOutcome<JsonObject> };

function checkUserId(userId: unknown): string {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) {
    throw new TwofoldError('INVALID_ARGUMENT', `userId must be a non-empty string of at most ${MAX_USER_ID_LENGTH} characters`);
  }
  return userId;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string') throw new TwofoldError('INVALID_ARGUMENT', 'device name must be a string');
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    throw new TwofoldError('INVALID_ARGUMENT', `device name must be 1 to ${MAX_NAME_LENGTH} characters`);
  }
  // Names end up in admin pages and logs: control characters have no place there.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new TwofoldError('INVALID_ARGUMENT', 'device name must not contain control characters');
  }
  return trimmed;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// A language tag as hosts get it from Accept-Language or a profile ("en", "pt-BR", "zh_Hant_TW").
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,4}$/;

function clientOf(options: unknown): string | null {
  if (!isObject(options)) return null;
  const { client } = options as { client?: unknown };
  return typeof client === 'string' ? clientBudgetSubject(client) : null;
}

function languageOf(options: unknown): string | null {
  if (!isObject(options)) return null;
  const { language } = options as { language?: unknown };
  return typeof language === 'string' && LANGUAGE_TAG.test(language) ? language : null;
}

/**
 * Creates a twofold instance.
 *
 * @example
 * ```ts
 * const twofold = createTwofold({
 *   store: (await openSqliteStore({ filename: 'app.db' })).store,
 *   kinds: [totp(), backupCodes()],
 *   secrets: [process.env.TWOFOLD_SECRET!],
 * });
 * ```
 */
export function createTwofold(options: TwofoldOptions): Twofold {
  if (!isObject(options)) {
    throw new TwofoldError('INVALID_CONFIG', 'createTwofold needs an options object');
  }
  const { store } = options;
  if (typeof store !== 'object' || typeof store.updateDevice !== 'function') {
    throw new TwofoldError('INVALID_CONFIG', 'options.store must be a twofold Store');
  }
  const logger: TwofoldLogger = options.logger ?? console;
  const clock: Clock = options.clock ?? systemClock;
  if (typeof clock !== 'function') throw new TwofoldError('INVALID_CONFIG', 'options.clock must be a function returning milliseconds');

  const kinds = new Map<string, AnyDeviceKind>();
  const kindList: unknown = options.kinds;
  if (!Array.isArray(kindList) || kindList.length === 0) {
    throw new TwofoldError('INVALID_CONFIG', 'options.kinds must list at least one device kind');
  }
  for (const kind of options.kinds) {
    if (!isValidKindName(kind.name)) {
      throw new TwofoldError('INVALID_CONFIG', `invalid kind name ${JSON.stringify(kind.name)}: use lower-case letters, digits and dashes`);
    }
    if (kinds.has(kind.name)) throw new TwofoldError('INVALID_CONFIG', `kind ${kind.name} is registered twice`);
    if (!(kind.throttleFactor >= 0) || !Number.isFinite(kind.throttleFactor)) {
      throw new TwofoldError('INVALID_CONFIG', `kind ${kind.name}: throttleFactor must be a finite number >= 0`);
    }
    kinds.set(kind.name, kind);
  }

  // Sending budgets, checked now so that a typo fails at start-up rather than at the first SMS.
  const budgets = new Map<string, readonly SendBudgetRule[]>();
  for (const kind of options.kinds) {
    if (kind.sendBudgets === undefined) continue;
    const rules = checkSendBudgetRules(kind.sendBudgets, `kind ${kind.name}: sendBudgets`);
    if (rules.length === 0) continue;
    if (typeof (store as Partial<Store>).recordSend !== 'function') {
      throw new TwofoldError('INVALID_CONFIG', `kind ${kind.name} has sending budgets, but the store does not implement recordSend`);
    }
    budgets.set(kind.name, rules);
  }

  const environment = options.environment ?? process.env.NODE_ENV;
  let box: SecretBox;
  if (options.secrets === undefined || options.secrets.length === 0) {
    if (environment === 'production') {
      throw new TwofoldError(
        'INVALID_CONFIG',
        'no encryption secrets configured: in production, pass secrets: [process.env.TWOFOLD_SECRET] (generate one with `npx twofold genkey`)',
      );
    }
    logger.warn('twofold: no secrets configured; device keys are sealed with the public development key. Never do this in production.');
    box = createSecretBox([DEVELOPMENT_SECRET]);
  } else {
    if (environment === 'production' && options.secrets.includes(DEVELOPMENT_SECRET)) {
      throw new TwofoldError('INVALID_CONFIG', 'the public development secret must not be used in production');
    }
    box = createSecretBox(options.secrets);
  }
  const budgetKey = createBudgetKeys(options.secrets?.[0] ?? DEVELOPMENT_SECRET);

  const hub = createEventHub((event, error) => {
    logger.error(`twofold: a listener for "${event}" threw: ${describeError(error)}`);
  });

  function now(): number {
    const value = clock();
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TwofoldError('INVALID_CONFIG', 'the clock must return a finite number of milliseconds');
    }
    return value;
  }

  function toDevice(record: DeviceRecord, kind: AnyDeviceKind | undefined, state: JsonObject, at: number): Device {
    const unlocks = kind === undefined ? null : throttleUnlocksAt(record.failureCount, record.lastFailureAt, kind.throttleFactor);
    const nextChallenge = cooldownEndsAt(record.lastChallengeAt, kind?.cooldownSeconds);
    return Object.freeze({
      persistentId: formatPersistentId(record.kind, record.id),
      id: record.id,
      userId: record.userId,
      kind: record.kind,
      name: record.name,
      confirmed: record.confirmed,
      createdAt: new Date(record.createdAt),
      lastUsedAt: record.lastUsedAt === null ? null : new Date(record.lastUsedAt),
      state: Object.freeze(state),
      interactive: typeof kind?.generateChallenge === 'function',
      failureCount: record.failureCount,
      lockedUntil: unlocks !== null && unlocks > at ? new Date(unlocks) : null,
      nextChallengeAt: nextChallenge !== null && nextChallenge > at ? new Date(nextChallenge) : null,
    });
  }

  /** Parses a record; null (and a log line) when it is corrupt or of an unknown kind. */
  function load(record: DeviceRecord, at: number): Loaded | null {
    const kind = kinds.get(record.kind);
    if (kind === undefined) return null;
    let state: JsonObject;
    try {
      state = kind.parseState(structuredClone(record.state));
    } catch (error) {
      logger.error(`twofold: device ${formatPersistentId(record.kind, record.id)} has corrupt state: ${describeError(error)}`);
      return null;
    }
    return { record, kind, state, device: toDevice(record, kind, structuredClone(state), at) };
  }

  /** A snapshot for listings: tolerant of unknown kinds and corrupt state. */
  function snapshot(record: DeviceRecord, at: number): Device {
    return load(record, at)?.device ?? toDevice(record, kinds.get(record.kind), structuredClone(record.state), at);
  }

  function openSecret(record: DeviceRecord): Uint8Array | null | undefined {
    if (record.secret === null) return null;
    try {
      return box.open(record.secret, record.id);
    } catch (error) {
      logger.error(`twofold: secret of device ${formatPersistentId(record.kind, record.id)} cannot be used: ${describeError(error)}`);
      return undefined;
    }
  }

  /** Reads a device and checks that it belongs to `userId`; null otherwise. */
  async function readOwned(userId: string, persistentId: unknown): Promise<DeviceRecord | null> {
    const parsed = parsePersistentId(persistentId);
    if (parsed === null) return null;
    const record = await store.getDevice(parsed.id);
    if (record === null || record.userId !== userId || record.kind !== parsed.kind) return null;
    return record;
  }

  /** Evaluates a token against a loaded device, without writing anything. */
  async function evaluate(loaded: Loaded, token: unknown, at: number, context?: unknown): Promise<Evaluation> {
    const { record, kind, state } = loaded;
    const unlocksAt = throttleUnlocksAt(record.failureCount, record.lastFailureAt, kind.throttleFactor);
    // Refused before looking at the token, so a throttled answer says nothing about it.
    if (unlocksAt !== null && at < unlocksAt) return { type: 'throttled', unlocksAt };
    const normalized = typeof token === 'string' ? kind.normalizeToken(token, state) : null;
    if (normalized === null) return { type: 'malformed' };
    const secret = openSecret(record);
    if (secret === undefined) return { type: 'unusable' };
    try {
      const outcome = await kind.verify({ token: normalized, secret, state, now: at, ...(context === undefined ? {} : { context }) });
      return { type: 'outcome', outcome };
    } catch (error) {
      logger.error(`twofold: kind ${kind.name} failed to verify device ${loaded.device.persistentId}: ${describeError(error)}`);
      return { type: 'unusable' };
    }
  }

  function failure(reason: VerifyFailure, device: Device | null): VerifyResult {
    return { ok: false, reason, device, failureCount: device?.failureCount ?? 0, lockedUntil: device?.lockedUntil ?? null };
  }

  const REASONS = { invalid: 'invalid-token', replayed: 'replayed-token', expired: 'expired-token' } as const;

  /**
   * One verification attempt on one device with the compare-and-swap loop.
   * `first` lets matchToken reuse a read and an evaluation it already made.
   */
  async function attempt(
    userId: string,
    persistentId: unknown,
    token: unknown,
    options: { confirm: boolean; requireConfirmed: boolean; context?: unknown },
    first?: { loaded: Loaded; evaluation: Evaluation; at: number },
  ): Promise<VerifyResult> {
    let prepared = first;
    for (let round = 0; round < MAX_ATTEMPTS; round++) {
      let loaded: Loaded;
      let evaluation: Evaluation;
      let at: number;
      if (prepared !== undefined) {
        ({ loaded, evaluation, at } = prepared);
        prepared = undefined;
      } else {
        at = now();
        const record = await readOwned(userId, persistentId);
        if (record === null) return failure('device-not-found', null);
        const parsed = load(record, at);
        if (parsed === null) return failure(kinds.has(record.kind) ? 'device-unusable' : 'device-not-found', null);
        loaded = parsed;
        if (options.requireConfirmed && !record.confirmed && !options.confirm) return failure('device-not-found', null);
        evaluation = await evaluate(loaded, token, at, options.context);
      }
      const { record, kind, device } = loaded;

      if (evaluation.type === 'throttled') {
        hub.emit('throttled', {
          device,
          failureCount: record.failureCount,
          lockedUntil: new Date(evaluation.unlocksAt),
          at: new Date(at),
        });
        return failure('throttled', device);
      }
      if (evaluation.type === 'malformed') return failure('malformed-token', device);
      if (evaluation.type === 'unusable') return failure('device-unusable', device);

      const { outcome } = evaluation;
      if (outcome.match) {
        const changes: DeviceChanges = {
          state: outcome.state,
          failureCount: 0,
          lastFailureAt: null,
          lastUsedAt: at,
          // A used code ends the cooldown: the next sign-in may ask for a new one at once.
          ...(record.lastChallengeAt !== null ? { lastChallengeAt: null } : {}),
          ...(options.confirm && !record.confirmed ? { confirmed: true } : {}),
        };
        if (!(await store.updateDevice(record.id, record.version, changes))) continue;
        const updated = toDevice({ ...record, ...changes, version: record.version + 1 }, kind, structuredClone(outcome.state), at);
        if (changes.confirmed === true) hub.emit('deviceConfirmed', { device: updated, at: new Date(at) });
        hub.emit('verified', { device: updated, at: new Date(at) });
        return { ok: true, device: updated };
      }

      const changes: DeviceChanges = { failureCount: record.failureCount + 1, lastFailureAt: at };
      if (!(await store.updateDevice(record.id, record.version, changes))) continue;
      const updated = toDevice({ ...record, ...changes, version: record.version + 1 }, kind, loaded.state, at);
      const reason = REASONS[outcome.reason];
      hub.emit('failed', {
        device: updated,
        reason,
        failureCount: updated.failureCount,
        lockedUntil: updated.lockedUntil,
        at: new Date(at),
      });
      return failure(reason, updated);
    }
    throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
  }

  async function mutate<State extends JsonObject>(
    userId: string,
    persistentId: string,
    updater: (context: DeviceUpdateContext<State>) => DeviceUpdate<State> | Promise<DeviceUpdate<State>>,
    extra?: (record: DeviceRecord) => DeviceChanges,
  ): Promise<Device<State> | null> {
    checkUserId(userId);
    for (let round = 0; round < MAX_ATTEMPTS; round++) {
      const at = now();
      const record = await readOwned(userId, persistentId);
      if (record === null) return null;
      const loaded = load(record, at);
      if (loaded === null) {
        throw new TwofoldError('CORRUPT_DEVICE', `device ${persistentId} cannot be read (corrupt state or unknown kind)`);
      }
      const secret = openSecret(record);
      if (secret === undefined) throw new TwofoldError('DECRYPTION_FAILED', `the secret of device ${persistentId} cannot be decrypted`);
      const update = await updater({
        device: loaded.device as Device<State>,
        secret,
        state: structuredClone(loaded.state) as State,
        now: at,
      });
      const changes: { -readonly [K in keyof DeviceChanges]: DeviceChanges[K] } = { ...extra?.(record) };
      if (update.name !== undefined) changes.name = checkName(update.name);
      if (update.confirmed !== undefined) changes.confirmed = update.confirmed;
      if (update.state !== undefined) changes.state = loaded.kind.parseState(structuredClone(update.state));
      if (update.secret !== undefined) changes.secret = update.secret === null ? null : box.seal(update.secret, record.id);
      if (!(await store.updateDevice(record.id, record.version, changes))) continue;
      const merged = { ...record, ...changes, version: record.version + 1 };
      return toDevice(merged, loaded.kind, structuredClone(merged.state), at) as Device<State>;
    }
    throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
  }

  function issuerFor(device: Device, override?: string): string | undefined {
    if (override !== undefined) return override;
    const issuer = options.issuer;
    const value = typeof issuer === 'function' ? issuer(device) : issuer;
    return value !== undefined && value !== '' ? value : undefined;
  }

  /**
   * Gives back a cooldown slot claimed at `claimed.lastChallengeAt`. A
   * concurrent write (a verification, say) may have bumped the version in
   * between; the slot is still returned as long as it is still ours.
   */
  async function releaseChallengeClaim(claimed: DeviceRecord, previous: number | null): Promise<void> {
    let current: DeviceRecord | null = claimed;
    for (let round = 0; current !== null && round < MAX_ATTEMPTS; round++) {
      if (current.lastChallengeAt !== claimed.lastChallengeAt) return;
      if (await store.updateDevice(current.id, current.version, { lastChallengeAt: previous })) return;
      current = await store.getDevice(current.id);
    }
  }

  /** Whether failure `a` unlocks before failure `b` (for reporting the soonest retry). */
  function earlier(a: VerifyResult, b: VerifyResult): boolean {
    const at = (r: VerifyResult) => (r.ok ? 0 : (r.lockedUntil?.getTime() ?? 0));
    return at(a) < at(b);
  }

  const instance: Twofold = {
    clock: () => now(),
    store,

    kind: (name) => kinds.get(name),

    async createDevice<Options>(input: CreateDeviceInput<Options>): Promise<Device> {
      if (!isObject(input)) throw new TwofoldError('INVALID_ARGUMENT', 'createDevice needs an input object');
      const userId = checkUserId(input.userId);
      const kindName = typeof input.kind === 'string' ? input.kind : (input.kind as { name?: unknown } | undefined)?.name;
      const kind = typeof kindName === 'string' ? kinds.get(kindName) : undefined;
      if (kind === undefined) {
        throw new TwofoldError('UNKNOWN_KIND', `device kind ${JSON.stringify(kindName)} is not registered (registered: ${[...kinds.keys()].join(', ')})`);
      }
      const name = checkName(input.name ?? kind.name);
      // The kind validates its own options; input.options is whatever the caller passed.
      const creator = kind as unknown as { create(options: unknown): KindCreated<JsonObject> | Promise<KindCreated<JsonObject>> };
      const created = await creator.create(input.options ?? {});
      const state = kind.parseState(structuredClone(created.state));
      const at = now();
      const id = newDeviceId();
      const record: DeviceRecord = {
        id,
        userId,
        kind: kind.name,
        name,
        confirmed: input.confirmed ?? true,
        createdAt: at,
        lastUsedAt: null,
        secret: created.secret === null ? null : box.seal(created.secret, id),
        state,
        failureCount: 0,
        lastFailureAt: null,
        lastChallengeAt: null,
        version: 1,
      };
      await store.insertDevice(record);
      const device = toDevice(record, kind, structuredClone(state), at);
      hub.emit('deviceCreated', { device, at: new Date(at) });
      return device;
    },

    async listDevices(userId, filter = {}) {
      checkUserId(userId);
      const at = now();
      const query: { confirmed?: boolean; kind?: string } = {};
      if (filter.confirmed !== undefined) query.confirmed = filter.confirmed;
      if (filter.kind !== undefined) query.kind = filter.kind;
      const records = await store.listDevices(userId, query);
      return records.map((record) => snapshot(record, at));
    },

    async getDevice(userId, persistentId) {
      checkUserId(userId);
      const record = await readOwned(userId, persistentId);
      return record === null ? null : snapshot(record, now());
    },

    async findDevice(persistentId) {
      const parsed = parsePersistentId(persistentId);
      if (parsed === null) return null;
      const record = await store.getDevice(parsed.id);
      return record === null || record.kind !== parsed.kind ? null : snapshot(record, now());
    },

    async userHasDevice(userId, { confirmed = true } = {}) {
      checkUserId(userId);
      const records = await store.listDevices(userId, { confirmed });
      return records.some((record) => kinds.has(record.kind));
    },

    renameDevice(userId, persistentId, name) {
      const checked = checkName(name);
      return mutate(userId, persistentId, () => ({ name: checked }));
    },

    async confirmDevice(userId, persistentId) {
      const seen = { wasUnconfirmed: false };
      const device = await mutate(userId, persistentId, ({ device: current }) => {
        seen.wasUnconfirmed = !current.confirmed;
        return { confirmed: true };
      });
      if (device !== null && seen.wasUnconfirmed) hub.emit('deviceConfirmed', { device, at: new Date(now()) });
      return device;
    },

    async deleteDevice(userId, persistentId) {
      checkUserId(userId);
      const record = await readOwned(userId, persistentId);
      if (record === null) return false;
      const device = snapshot(record, now());
      if (!(await store.deleteDevice(record.id))) return false;
      hub.emit('deviceRemoved', { device, at: new Date(now()) });
      return true;
    },

    async deleteUserDevices(userId) {
      checkUserId(userId);
      const at = now();
      const records = await store.listDevices(userId);
      let removed = 0;
      for (const record of records) {
        if (await store.deleteDevice(record.id)) {
          removed++;
          hub.emit('deviceRemoved', { device: snapshot(record, at), at: new Date(at) });
        }
      }
      return removed;
    },

    async recordFailure(userId, persistentId) {
      checkUserId(userId);
      for (let round = 0; round < MAX_ATTEMPTS; round++) {
        const at = now();
        const record = await readOwned(userId, persistentId);
        if (record === null || !record.confirmed) return null;
        const loaded = load(record, at);
        if (loaded === null) return null;
        const { kind, device } = loaded;
        const unlocksAt = throttleUnlocksAt(record.failureCount, record.lastFailureAt, kind.throttleFactor);
        if (unlocksAt !== null && at < unlocksAt) {
          hub.emit('throttled', { device, failureCount: record.failureCount, lockedUntil: new Date(unlocksAt), at: new Date(at) });
          return device;
        }
        const changes: DeviceChanges = { failureCount: record.failureCount + 1, lastFailureAt: at };
        if (!(await store.updateDevice(record.id, record.version, changes))) continue;
        const updated = toDevice({ ...record, ...changes, version: record.version + 1 }, kind, loaded.state, at);
        hub.emit('failed', { device: updated, reason: 'invalid-token', failureCount: updated.failureCount, lockedUntil: updated.lockedUntil, at: new Date(at) });
        return updated;
      }
      throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
    },

    resetThrottle(userId, persistentId) {
      return mutate(userId, persistentId, () => ({}), () => ({ failureCount: 0, lastFailureAt: null }));
    },

    async verifyToken(userId, persistentId, token, verifyOptions = {}) {
      checkUserId(userId);
      return attempt(userId, persistentId, token, { confirm: verifyOptions.confirm === true, requireConfirmed: true, context: verifyOptions.context });
    },

    async matchToken(userId, token) {
      checkUserId(userId);
      const at = now();
      const records = await store.listDevices(userId, { confirmed: true });
      const probes: { loaded: Loaded; evaluation: Evaluation }[] = [];
      for (const record of records) {
        const loaded = load(record, at);
        if (loaded === null) continue;
        probes.push({ loaded, evaluation: await evaluate(loaded, token, at) });
      }
      if (probes.length === 0) return failure('device-not-found', null);

      const mode = { confirm: false, requireConfirmed: true };
      // First the device that matched, alone: a success there must not count against the others.
      const matching = probes.find((p) => p.evaluation.type === 'outcome' && p.evaluation.outcome.match);
      if (matching !== undefined) {
        const result = await attempt(userId, matching.loaded.device.persistentId, token, mode, { ...matching, at });
        if (result.ok) return result;
      }
      // Nothing matched (or the match was lost to a concurrent use): every
      // device that evaluated the token records its failure.
      let last: VerifyResult | null = null;
      let throttled: VerifyResult | null = null;
      for (const probe of probes) {
        if (probe === matching || probe.evaluation.type === 'malformed' || probe.evaluation.type === 'unusable') continue;
        const result = await attempt(userId, probe.loaded.device.persistentId, token, mode, { ...probe, at });
        if (result.ok) return result;
        if (result.reason !== 'throttled') last = result;
        else if (throttled === null || earlier(result, throttled)) throttled = result;
      }
      if (last !== null) return { ...last, device: null };
      if (throttled !== null) return { ...throttled, device: null };
      return failure('malformed-token', null);
    },

    async generateChallenge(userId, persistentId, challengeOptions) {
      checkUserId(userId);
      const language = languageOf(challengeOptions);
      const client = clientOf(challengeOptions);
      for (let round = 0; round < MAX_ATTEMPTS; round++) {
        const at = now();
        const record = await readOwned(userId, persistentId);
        if (record === null) return { ok: false, reason: 'device-not-found', device: null, nextChallengeAt: null };
        const loaded = load(record, at);
        if (loaded === null) return { ok: false, reason: 'device-unusable', device: null, nextChallengeAt: null };
        const { kind, device } = loaded;
        if (kind.generateChallenge === undefined) return { ok: false, reason: 'not-interactive', device, nextChallengeAt: null };
        if (device.nextChallengeAt !== null) return { ok: false, reason: 'cooldown', device, nextChallengeAt: device.nextChallengeAt };
        const secret = openSecret(record);
        if (secret === undefined) return { ok: false, reason: 'device-unusable', device, nextChallengeAt: null };

        // Claim the cooldown slot before sending, so that concurrent requests
        // cannot send twice (each message may cost money).
        if (!(await store.updateDevice(record.id, record.version, { lastChallengeAt: at }))) continue;
        let claimed: DeviceRecord = { ...record, lastChallengeAt: at, version: record.version + 1 };

        const rules = budgets.get(kind.name) ?? [];
        let refusal: { readonly scope: SendBudgetScope; readonly retryAt: number } | null = null;
        const reserveSend = async (destination: string): Promise<void> => {
          if (typeof destination !== 'string' || destination === '') {
            throw new TwofoldError('INVALID_ARGUMENT', `kind ${kind.name}: reserveSend needs the destination`);
          }
          // Client budgets count only sends whose client is known.
          const applied = rules.filter((rule) => rule.scope !== 'client' || client !== null);
          if (applied.length === 0) return;
          const subjectOf = (scope: SendBudgetScope): string => (scope === 'user' ? userId : scope === 'client' ? (client ?? '') : destination);
          const limits = applied.map((rule) => ({
            key: budgetKey(kind.name, rule.scope, subjectOf(rule.scope)),
            limit: rule.limit,
            windowMs: rule.windowSeconds * 1000,
          }));
          const decision = await store.recordSend({ at, limits });
          if (decision.allowed) return;
          refusal = { scope: applied[decision.index]?.scope ?? 'global', retryAt: decision.retryAt };
          throw new Error('the sending budget is spent; nothing may be sent');
        };
        const refused = (): ChallengeResult | null => {
          if (refusal === null) return null;
          hub.emit('sendBudgetExhausted', { device, scope: refusal.scope, retryAt: new Date(refusal.retryAt), at: new Date(at) });
          return { ok: false, reason: 'budget-exhausted', device, nextChallengeAt: new Date(refusal.retryAt), scope: refusal.scope };
        };

        let result;
        try {
          result = await kind.generateChallenge({ device, secret, state: loaded.state, now: at, language, reserveSend });
        } catch (error) {
          // Hand the slot back, so a failed delivery (or a spent budget) does not stop the user asking again.
          await releaseChallengeClaim(claimed, record.lastChallengeAt);
          return refused() ?? { ok: false, reason: 'failed', device, nextChallengeAt: null, error };
        }
        const ignoredRefusal = refused();
        if (ignoredRefusal !== null) {
          // The kind swallowed the refusal: whatever it did, its state is not kept.
          logger.error(`twofold: kind ${kind.name} went on after its sending budget was refused; nothing was stored`);
          await releaseChallengeClaim(claimed, record.lastChallengeAt);
          return ignoredRefusal;
        }
        const state = kind.parseState(structuredClone(result.state));
        for (let write = 0; write < MAX_ATTEMPTS; write++) {
          if (await store.updateDevice(claimed.id, claimed.version, { state })) break;
          const fresh = await store.getDevice(claimed.id);
          if (fresh === null) return { ok: false, reason: 'device-not-found', device: null, nextChallengeAt: null };
          claimed = fresh;
        }
        const updated = toDevice({ ...claimed, state, version: claimed.version + 1 }, kind, structuredClone(state), at);
        hub.emit('challengeSent', { device: updated, at: new Date(at) });
        return { ok: true, device: updated, message: result.message, nextChallengeAt: updated.nextChallengeAt };
      }
      throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
    },

    updateDevice(userId, persistentId, updater) {
      return mutate(userId, persistentId, updater);
    },

    async configUrl(device, urlOptions = {}) {
      const record = await store.getDevice(device.id);
      if (record === null || record.userId !== device.userId) {
        throw new TwofoldError('DEVICE_NOT_FOUND', `device ${device.persistentId} does not exist`);
      }
      const kind = kinds.get(record.kind);
      if (kind?.configUrl === undefined) {
        throw new TwofoldError('INVALID_ARGUMENT', `devices of kind ${record.kind} have no provisioning URI`);
      }
      const loaded = load(record, now());
      if (loaded === null) throw new TwofoldError('CORRUPT_DEVICE', `device ${device.persistentId} cannot be read`);
      const secret = openSecret(record);
      if (secret === undefined) throw new TwofoldError('DECRYPTION_FAILED', `the secret of device ${device.persistentId} cannot be decrypted`);
      const image = urlOptions.image ?? (typeof options.image === 'function' ? options.image(loaded.device) : options.image);
      return kind.configUrl({
        secret,
        state: loaded.state,
        accountName: urlOptions.accountName ?? record.userId,
        issuer: issuerFor(loaded.device, urlOptions.issuer),
        image,
      });
    },

    async qrCodeSvg(device, qrOptions = {}) {
      return qrCodeSvg(await instance.configUrl(device, qrOptions), qrOptions);
    },

    async qrCodePng(device, qrOptions = {}) {
      return qrCodePng(await instance.configUrl(device, qrOptions), qrOptions);
    },

    async reencryptSecrets() {
      let rewritten = 0;
      let afterId: string | undefined;
      for (;;) {
        const page = await store.scanDevices(afterId === undefined ? { limit: 500 } : { afterId, limit: 500 });
        if (page.length === 0) break;
        afterId = page[page.length - 1]!.id;
        for (const first of page) {
          let record: DeviceRecord | null = first;
          for (let round = 0; record !== null && round < MAX_ATTEMPTS; round++) {
            if (record.secret === null || !box.isStale(record.secret)) break;
            const secret = openSecret(record);
            // Unreadable secrets are logged by openSecret and left as they are.
            if (secret === undefined || secret === null) break;
            if (await store.updateDevice(record.id, record.version, { secret: box.seal(secret, record.id) })) {
              rewritten++;
              break;
            }
            record = await store.getDevice(record.id);
          }
        }
      }
      return rewritten;
    },

    on(event, listener) {
      return hub.on(event, listener);
    },

    close() {
      return store.close();
    },
  };
  return instance;
}
