/**
 * What the account pages and the account JSON API do, once, independent of
 * how the answer is rendered: start and confirm a setup, rename, remove and
 * choose devices, issue backup codes, turn two-factor authentication off.
 * The callers check access first (see `access.ts`); every operation checks
 * ownership itself, through the core, so another user's device id is simply
 * "not found" and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { AnyDeviceKind, Twofold } from '../../core/twofold.js';
import type { Device, JsonObject } from '../../core/types.js';
import { BACKUP_CODES_KIND_NAME, issueBackupCodes } from '../../devices/backup-codes/index.js';
import type { MessageId, MessageParams, Translator } from '../../web/messages.js';
import { forgetRememberedBrowsers, revokeRememberedBrowser } from '../remember/service.js';
import type { WebConfig } from '../../web/options.js';
import type { PageContext } from '../../web/pages/context.js';
import type { TwofoldSession } from '../../web/session.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import type { AccountEventName } from './events.js';
import type { WebEvents } from '../shared/events.js';
import type { AccountConfig } from './options.js';
import { ACCOUNT_MESSAGES } from './messages.js';
import { canBePrimary, devicesByPreference, forgetPrimaryDevice, setPrimaryDevice, type DevicesByPreference } from '../shared/primary.js';
import { deliveryDestination, type DeliveryDestination } from '../../web/destination.js';
import { deleteUnconfirmedDevice, isSideChannelMethod, kindOfMethod, parsePendingCodeSetup, sweepAbandonedSetups, type PendingCodeSetup } from './side-channel.js';
import {
  createAccountSealer,
  initialState,
  matchesKey,
  newPendingSetup,
  openSetupKey,
  parsePendingSetup,
  serializePendingSetup,
  setupExpiresAt,
  setupLockedUntil,
  withFailure,
  type AccountSealer,
  type PendingSetup,
} from './setup-state.js';

/** Longest device name (the core's limit). */
export const MAX_DEVICE_NAME_LENGTH = 64;

/** Most codes accepted back from a session for download (the backup-codes kind's maximum). */
const MAX_DOWNLOAD_CODES = 50;

/** The session keys of the account pages, derived from the web layer's base key. */
export interface AccountSessionKeys {
  /** The setup in progress (sealed key). */
  readonly setup: string;
  /** Backup codes just generated, sealed, for the download right after. */
  readonly codes: string;
  /** A notice to show on the next page (after a redirect). */
  readonly flash: string;
}

/** Everything the account handlers share, bound to one configuration. */
export interface AccountKit<User extends HostUser = HostUser> {
  readonly config: WebConfig<User>;
  readonly account: AccountConfig;
  readonly twofold: Twofold;
  readonly t: Translator;
  readonly sealer: AccountSealer;
  readonly keys: AccountSessionKeys;
}

/** Builds the shared state of the account handlers. */
export function createAccountKit<User extends HostUser>(config: WebConfig<User>, account: AccountConfig): AccountKit<User> {
  const base = config.keys.state;
  return {
    config,
    account,
    twofold: config.twofold,
    t: config.translator,
    sealer: createAccountSealer(config.secrets),
    keys: { setup: `${base}Setup`, codes: `${base}Codes`, flash: `${base}Flash` },
  };
}

/** Reports an account event on the web layer's hub (listener failures are logged there, never shown to the user). */
export function emitAccountEvent<E extends AccountEventName>(kit: AccountKit, event: E, payload: WebEvents[E]): void {
  kit.config.events.emit(event, payload);
}

// ---------------------------------------------------------------- names

/** A checked device name, or why it was refused. */
export type NameCheck = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly error: MessageId; readonly params: MessageParams };

/** Checks a device name as the core will (trimmed, 1 to 64 characters, no control characters), with a message instead of an exception. */
export function checkDeviceName(raw: string): NameCheck {
  const name = raw.trim();
  if (name === '') return { ok: false, error: 'account.error.nameRequired', params: {} };
  if (name.length > MAX_DEVICE_NAME_LENGTH) return { ok: false, error: 'account.error.nameTooLong', params: { max: MAX_DEVICE_NAME_LENGTH } };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, error: 'account.error.nameInvalid', params: {} };
  return { ok: true, name };
}

/** A kind as the account pages see it: its name, and its presentation when it is registered. */
export type KindRef = string | Pick<AnyDeviceKind, 'name' | 'presentation'>;

/** The catalog message `id` when the account pages have one (the host's and translations' wording), else undefined. */
function catalogText(t: Translator, id: string, params?: MessageParams): string | undefined {
  return Object.hasOwn(ACCOUNT_MESSAGES, id) ? t.text(id as MessageId, params) : undefined;
}

/**
 * A kind in words ("Authenticator app"): the catalog's `account.kind.<name>`,
 * else the label the kind declares, else "Device of kind <name>".
 */
export function kindLabel(t: Translator, kind: KindRef): string {
  const name = typeof kind === 'string' ? kind : kind.name;
  const declared = typeof kind === 'string' ? undefined : kind.presentation?.label;
  return catalogText(t, `account.kind.${name}`) ?? declared ?? t.text('account.kind.other', { kind: name });
}

/** A setup method in words: the channel ("Text message") for methods that send codes, else the kind's label. */
export function methodLabel(t: Translator, method: KindRef): string {
  const name = typeof method === 'string' ? method : method.name;
  return catalogText(t, `account.method.${name}`) ?? kindLabel(t, method);
}

/** A sentence explaining a setup method: the catalog's `account.method.<name>.hint`, else the kind's own hint. */
export function methodHint(t: Translator, method: KindRef): string {
  const name = typeof method === 'string' ? method : method.name;
  const declared = typeof method === 'string' ? undefined : method.presentation?.hint;
  return catalogText(t, `account.method.${name}.hint`) ?? declared ?? t.text('account.method.other.hint');
}

/**
 * The name a new device gets unless the user types another: the kind in
 * words ("Authenticator app"), then "Authenticator app 2", "... 3" for the
 * first number not yet taken by one of the user's devices.
 */
export function defaultDeviceName(t: Translator, kind: KindRef, existingNames: readonly string[]): string {
  return uniqueDeviceName(t, kindLabel(t, kind), existingNames);
}

/** `base`, or `base 2`, `base 3`, ... for the first one not yet taken by one of `existingNames`. */
export function uniqueDeviceName(t: Translator, wanted: string, existingNames: readonly string[]): string {
  const base = wanted.slice(0, MAX_DEVICE_NAME_LENGTH);
  const taken = new Set(existingNames.map((name) => name.trim().toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let number = 2; ; number++) {
    const candidate = t.text('account.defaultName.numbered', { name: base, number }).slice(0, MAX_DEVICE_NAME_LENGTH);
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

// ---------------------------------------------------------------- devices

/** The devices the pages manage (can sign in, not backup codes), with the primary one, and the backup codes left. */
export interface AccountDevices extends DevicesByPreference {
  /** Primary first, then the others oldest first. */
  readonly manageable: readonly Device[];
  /** Unused backup codes, or null when the user has no backup-codes device. */
  readonly backupCodesRemaining: number | null;
}

function remainingCodes(device: Device): number {
  const codes = device.state.codes;
  return Array.isArray(codes) ? codes.length : 0;
}

/** The user's devices as the account pages show them. */
export async function accountDevices(twofold: Twofold, userId: string): Promise<AccountDevices> {
  const byPreference = await devicesByPreference(twofold, userId);
  const manageable = byPreference.primary === null ? [] : [byPreference.primary, ...byPreference.others];
  const codes = byPreference.backupCodes;
  return {
    ...byPreference,
    manageable,
    backupCodesRemaining: codes.length === 0 ? null : codes.reduce((sum, device) => sum + remainingCodes(device), 0),
  };
}

/** Whether the backup-codes kind is registered (the backup-code pages exist). */
export function backupCodesAvailable(twofold: Twofold): boolean {
  return twofold.kind(BACKUP_CODES_KIND_NAME) !== undefined;
}

/** The outcome of a change to one device. */
export type DeviceChange =
  | { readonly ok: true; readonly device: Device }
  | { readonly ok: false; readonly reason: 'not-found' }
  | { readonly ok: false; readonly reason: 'invalid-name'; readonly error: MessageId; readonly params: MessageParams };

/** One of the user's manageable devices by untrusted persistent id, or null. */
export async function findManageableDevice(twofold: Twofold, userId: string, deviceId: unknown): Promise<Device | null> {
  if (typeof deviceId !== 'string' || deviceId === '') return null;
  const device = await twofold.getDevice(userId, deviceId);
  return device !== null && canBePrimary(twofold, device) ? device : null;
}

/** Renames one of the user's devices. */
export async function renameAccountDevice(kit: AccountKit, request: Request, user: TwofoldUser, deviceId: unknown, rawName: string): Promise<DeviceChange> {
  const userId = user.id;
  const device = await findManageableDevice(kit.twofold, userId, deviceId);
  if (device === null) return { ok: false, reason: 'not-found' };
  const checked = checkDeviceName(rawName);
  if (!checked.ok) return { ok: false, reason: 'invalid-name', error: checked.error, params: checked.params };
  const renamed = await kit.twofold.renameDevice(userId, device.persistentId, checked.name);
  if (renamed === null) return { ok: false, reason: 'not-found' };
  if (renamed.name !== device.name) {
    emitAccountEvent(kit, 'accountDeviceRenamed', {
      user,
      device: renamed,
      previousName: device.name,
      at: new Date(kit.twofold.clock()),
      request: summarizeRequest(request),
    });
  }
  return { ok: true, device: renamed };
}

/** Makes one of the user's devices the primary one. */
export async function makePrimaryDevice(kit: AccountKit, request: Request, user: TwofoldUser, deviceId: unknown): Promise<DeviceChange> {
  const device = await setPrimaryDevice(kit.twofold, user.id, deviceId);
  if (device === null) return { ok: false, reason: 'not-found' };
  emitAccountEvent(kit, 'accountPrimaryDeviceChanged', { user, device, at: new Date(kit.twofold.clock()), request: summarizeRequest(request) });
  return { ok: true, device };
}

/** The outcome of removing a device. */
export type DeviceRemoval =
  | { readonly ok: true; readonly device: Device; readonly primary: Device | null }
  | { readonly ok: false; readonly reason: 'not-found' | 'only-device' };

/**
 * Removes one of the user's devices. The only device that can sign in is
 * never removed on its own (that is turning two-factor authentication off,
 * which has its own confirmation), so a user is never left with backup codes
 * alone. Removing the primary device promotes the next one.
 */
export async function removeAccountDevice(kit: AccountKit, request: Request, user: TwofoldUser, deviceId: unknown): Promise<DeviceRemoval> {
  const { twofold } = kit;
  const userId = user.id;
  const before = await accountDevices(twofold, userId);
  const target = before.manageable.find((device) => device.persistentId === deviceId);
  if (target === undefined) return { ok: false, reason: 'not-found' };
  if (before.manageable.length === 1) return { ok: false, reason: 'only-device' };
  if (!(await twofold.deleteDevice(userId, target.persistentId))) return { ok: false, reason: 'not-found' };
  const wasPrimary = before.primary?.id === target.id;
  // Recorded, so the promotion does not depend on which device happens to be oldest later.
  const promoted = wasPrimary ? before.others[0] : undefined;
  if (promoted !== undefined) await setPrimaryDevice(twofold, userId, promoted.persistentId);
  const { primary } = await devicesByPreference(twofold, userId);
  emitAccountEvent(kit, 'accountDeviceRemoved', { user, device: target, primary, at: new Date(twofold.clock()), request: summarizeRequest(request) });
  return { ok: true, device: target, primary };
}

/**
 * The device a "confirm it is you" code is checked against: the one the user
 * chose when it is theirs, confirmed and of a registered kind; without a
 * choice, the primary device (or the backup codes when there is none).
 * Null for any other id: it is never trusted, and never falls back.
 */
export async function chooseReauthDevice(twofold: Twofold, userId: string, deviceId: string | undefined): Promise<Device | null> {
  if (deviceId === undefined || deviceId === '') {
    const { primary, backupCodes } = await devicesByPreference(twofold, userId);
    return primary ?? backupCodes[0] ?? null;
  }
  const found = await twofold.getDevice(userId, deviceId);
  return found !== null && found.confirmed && twofold.kind(found.kind) !== undefined ? found : null;
}

// ---------------------------------------------------------------- setup

/** A setup in progress with its key opened. */
export interface ActiveSetup {
  readonly setup: PendingSetup;
  readonly key: Uint8Array;
  readonly kind: AnyDeviceKind;
  readonly state: JsonObject;
  /** When the key stops being accepted (ms since the epoch). */
  readonly expiresAt: number;
}

/** Where a device's codes go, with the number or address its kind masked: what a setup by code shows. */
export type MaskedDestination = DeliveryDestination & { readonly masked: string };

/**
 * Where `device` sends its codes, or null when its kind cannot say (not
 * interactive, no `maskedDestination`, or the lookup failed): a setup by
 * code that cannot tell the user where the code went does not go on.
 */
export async function maskedDestination(twofold: Twofold, device: Device): Promise<MaskedDestination | null> {
  const destination = await deliveryDestination(twofold, device);
  return destination === null || destination.masked === null ? null : { channel: destination.channel, masked: destination.masked };
}

/** A setup by code (text message, voice call, e-mail) in progress: the unconfirmed device a code was sent to. */
export interface ActiveCodeSetup {
  readonly setup: PendingCodeSetup;
  readonly device: Device;
  /** Where its codes go, masked. */
  readonly destination: MaskedDestination;
  /** When the setup stops being accepted (ms since the epoch). */
  readonly expiresAt: number;
}

/**
 * What a session holds for setup: nothing, an expired or unreadable setup
 * (now removed), an active setup with a key, or an active setup by code.
 */
export type SetupLookup =
  | { readonly status: 'none' }
  | { readonly status: 'expired' }
  | ({ readonly status: 'active' } & ActiveSetup)
  | ({ readonly status: 'code' } & ActiveCodeSetup);

/**
 * Forgets the session's setup by code, if it has one, and removes the
 * unconfirmed device it created (a confirmed device is never touched).
 */
export async function discardCodeSetup(kit: AccountKit, session: TwofoldSession): Promise<void> {
  const pending = parsePendingCodeSetup(session.get(kit.keys.setup));
  session.delete(kit.keys.setup);
  if (pending !== null) await deleteUnconfirmedDevice(kit.twofold, pending.userId, pending.device);
}

async function readCodeSetup(kit: AccountKit, session: TwofoldSession, userId: string, setup: PendingCodeSetup): Promise<SetupLookup> {
  const { twofold, account } = kit;
  if (setup.userId !== userId || !account.methods.includes(setup.method)) {
    await discardCodeSetup(kit, session);
    return { status: 'none' };
  }
  const now = twofold.clock();
  const expiresAt = setup.startedAt + account.setupTimeoutMs;
  if (now < setup.startedAt || now >= expiresAt) {
    await discardCodeSetup(kit, session);
    return { status: 'expired' };
  }
  const device = await twofold.getDevice(userId, setup.device);
  const destination = device === null || device.kind !== kindOfMethod(setup.method) ? null : await maskedDestination(twofold, device);
  if (device === null || device.confirmed || destination === null) {
    // Removed meanwhile (by an administrator, or by turning two-factor authentication off), or unusable now.
    await discardCodeSetup(kit, session);
    return { status: 'none' };
  }
  return { status: 'code', setup, device, destination, expiresAt };
}

/** Reads the session's setup for `userId`; anything stale, foreign or unreadable is removed (with the device a setup by code created). */
export async function readSetup(kit: AccountKit, session: TwofoldSession, userId: string): Promise<SetupLookup> {
  const raw = session.get(kit.keys.setup);
  if (raw === undefined) return { status: 'none' };
  const code = parsePendingCodeSetup(raw);
  if (code !== null) return readCodeSetup(kit, session, userId, code);
  const setup = parsePendingSetup(raw);
  const kind = setup === null ? undefined : kit.twofold.kind(setup.method);
  if (setup === null || setup.userId !== userId || kind === undefined || !kit.account.methods.includes(setup.method) || isSideChannelMethod(setup.method)) {
    session.delete(kit.keys.setup);
    return { status: 'none' };
  }
  const now = kit.twofold.clock();
  const expiresAt = setupExpiresAt(setup, kit.account.setupTimeoutMs);
  const key = now < setup.startedAt || now >= expiresAt ? null : openSetupKey(kit.sealer, setup);
  if (key === null) {
    // Expired, or sealed by a key this process does not have (a restart without configured secrets).
    session.delete(kit.keys.setup);
    return { status: 'expired' };
  }
  return { status: 'active', setup, key, kind, state: await initialState(kind, key), expiresAt };
}

/** Starts a setup of `method` for `userId` with a new key, replacing any setup in progress. */
export async function beginSetup(kit: AccountKit, session: TwofoldSession, userId: string, method: string, next: string | null): Promise<ActiveSetup> {
  const kind = kit.twofold.kind(method);
  if (kind === undefined || !kit.account.methods.includes(method) || isSideChannelMethod(method)) throw new Error(`setup method ${method} is not offered`);
  await discardCodeSetup(kit, session);
  await sweepAbandonedSetups(kit.twofold, userId, kit.account.setupTimeoutMs);
  const now = kit.twofold.clock();
  const { setup, key } = newPendingSetup(kit.sealer, { userId, method, now, next });
  session.set(kit.keys.setup, serializePendingSetup(setup));
  return { setup, key, kind, state: await initialState(kind, key), expiresAt: setupExpiresAt(setup, kit.account.setupTimeoutMs) };
}

/** Forgets the session's setup (and removes the unconfirmed device of a setup by code). */
export async function cancelSetup(kit: AccountKit, session: TwofoldSession): Promise<void> {
  await discardCodeSetup(kit, session);
}

/** The outcome of confirming a setup. */
export type SetupConfirmation =
  | { readonly ok: true; readonly device: Device; readonly firstDevice: boolean; readonly next: string | null }
  | { readonly ok: false; readonly reason: 'invalid-name'; readonly error: MessageId; readonly params: MessageParams }
  | { readonly ok: false; readonly reason: 'token-required' }
  | { readonly ok: false; readonly reason: 'throttled' | 'invalid-token'; readonly failures: number; readonly lockedUntil: Date | null }
  /** The setup by code ended meanwhile (its device was removed, or cancelled in a parallel request): start again. */
  | { readonly ok: false; readonly reason: 'setup-gone' };

/**
 * What every setup confirmation checks before it looks at the code: a usable
 * device name, and a code at all (an empty one is not a wrong guess).
 */
export function checkConfirmationInput(
  input: { readonly name: string; readonly token: string },
): { readonly ok: true; readonly name: string } | Extract<SetupConfirmation, { reason: 'invalid-name' | 'token-required' }> {
  const checked = checkDeviceName(input.name);
  if (!checked.ok) return { ok: false, reason: 'invalid-name', error: checked.error, params: checked.params };
  if (input.token.trim() === '') return { ok: false, reason: 'token-required' };
  return checked;
}

// Setups being confirmed in this process: a double submit must not create the device twice.
const confirming = new Set<string>();

/**
 * Confirms the session's setup with a code. A wrong code counts against this
 * setup only; a right one creates the device, makes it primary when it is the
 * user's first, verifies this session with it (rotating the session id) and
 * forgets the setup.
 */
export async function confirmSetup<User extends HostUser>(
  kit: AccountKit<User>,
  context: PageContext<User>,
  request: Request,
  user: TwofoldUser,
  active: ActiveSetup,
  input: { readonly name: string; readonly token: string },
): Promise<SetupConfirmation> {
  const { twofold } = kit;
  const { setup, kind, key, state } = active;
  const checked = checkConfirmationInput(input);
  if (!checked.ok) return checked;
  const now = twofold.clock();
  const locked = setupLockedUntil(setup, kind, now);
  if (locked !== null) return { ok: false, reason: 'throttled', failures: setup.failures, lockedUntil: new Date(locked) };

  const refuse = (): SetupConfirmation => {
    const failed = withFailure(setup, now);
    context.session.set(kit.keys.setup, serializePendingSetup(failed));
    const until = setupLockedUntil(failed, kind, now);
    return { ok: false, reason: 'invalid-token', failures: failed.failures, lockedUntil: until === null ? null : new Date(until) };
  };
  if (confirming.has(setup.id) || !(await matchesKey(kind, key, state, input.token, now))) return refuse();

  confirming.add(setup.id);
  try {
    const firstDevice = !(await twofold.userHasDevice(user.id));
    const hadPrimary = (await devicesByPreference(twofold, user.id)).primary !== null;
    const created = await twofold.createDevice({ userId: user.id, kind: kind.name, name: checked.name, confirmed: false, options: { key } });
    // The core checks the code again and confirms in the same write, recording its time step: it cannot sign in later.
    const verified = await twofold.verifyToken(user.id, created.persistentId, input.token, { confirm: true });
    if (!verified.ok) {
      await twofold.deleteDevice(user.id, created.persistentId);
      return refuse();
    }
    if (!hadPrimary) await setPrimaryDevice(twofold, user.id, verified.device.persistentId);
    context.session.delete(kit.keys.setup);
    await context.otp.login(verified.device, { method: 'device' });
    emitAccountEvent(kit, 'accountDeviceAdded', { user, device: verified.device, firstDevice, at: new Date(now), request: summarizeRequest(request) });
    return { ok: true, device: verified.device, firstDevice, next: setup.next };
  } finally {
    confirming.delete(setup.id);
  }
}

// ---------------------------------------------------------------- backup codes

/** A new set of backup codes. */
export interface IssuedCodes {
  readonly codes: readonly string[];
  readonly device: Device;
  /** Whether an older set was replaced. */
  readonly replaced: boolean;
}

function codesContext(id: string, userId: string): string {
  return `account-backup-codes|${id}|${userId}`;
}

/**
 * Issues a new set of backup codes (every older code stops working at once),
 * and keeps them, sealed, in this session for `backupCodesDownloadSeconds`,
 * so that the download right after needs nothing from the browser but the
 * CSRF token. They are never stored in the clear, in the session or anywhere.
 */
export async function generateAccountBackupCodes(kit: AccountKit, request: Request, session: TwofoldSession, user: TwofoldUser): Promise<IssuedCodes> {
  const { twofold } = kit;
  const userId = user.id;
  const replaced = (await twofold.listDevices(userId, { kind: BACKUP_CODES_KIND_NAME })).length > 0;
  const issued = await issueBackupCodes(twofold, userId);
  const at = twofold.clock();
  const id = randomUUID();
  const sealed = kit.sealer.seal(new TextEncoder().encode(issued.codes.join('\n')), codesContext(id, userId));
  session.set(kit.keys.codes, { id, userId, sealed, at });
  emitAccountEvent(kit, 'backupCodesGenerated', {
    user,
    device: issued.device,
    count: issued.codes.length,
    replaced,
    at: new Date(at),
    request: summarizeRequest(request),
  });
  return { codes: issued.codes, device: issued.device, replaced };
}

/** The codes this session generated for `userId` within the download window, or null (and the stale entry removed). */
export function codesForDownload(kit: AccountKit, session: TwofoldSession, userId: string): { readonly codes: readonly string[]; readonly at: number } | null {
  const raw = session.get(kit.keys.codes);
  if (raw === undefined) return null;
  const now = kit.twofold.clock();
  const entry = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const { id, userId: owner, sealed, at } = entry;
  const fresh = typeof at === 'number' && Number.isSafeInteger(at) && at <= now && now - at <= kit.account.backupCodesDownloadMs;
  if (typeof id !== 'string' || typeof sealed !== 'string' || owner !== userId || !fresh) {
    session.delete(kit.keys.codes);
    return null;
  }
  const plain = kit.sealer.open(sealed, codesContext(id, userId));
  if (plain === null) {
    session.delete(kit.keys.codes);
    return null;
  }
  const codes = new TextDecoder().decode(plain).split('\n').filter((code) => code !== '').slice(0, MAX_DOWNLOAD_CODES);
  return { codes, at };
}

// ---------------------------------------------------------------- disable

/**
 * Turns two-factor authentication off for the user: removes every device
 * (backup codes included), the choice of primary device and the remembered
 * browsers, forgets what the session had verified and rotates its id. The
 * host's own login stays.
 */
export async function disableTwoFactor<User extends HostUser>(
  kit: AccountKit<User>,
  context: PageContext<User>,
  request: Request,
  user: TwofoldUser,
): Promise<number> {
  const { twofold } = kit;
  const userId = user.id;
  // Browsers first, always (even with the feature off now): none may outlive two-factor authentication.
  const forgotten = await forgetRememberedBrowsers(twofold, userId);
  const removed = await twofold.deleteUserDevices(userId);
  await forgetPrimaryDevice(twofold, userId);
  context.session.delete(kit.keys.setup);
  context.session.delete(kit.keys.codes);
  await context.otp.logout();
  emitAccountEvent(kit, 'twoFactorDisabled', {
    user,
    removedDevices: removed,
    forgottenBrowsers: forgotten,
    at: new Date(twofold.clock()),
    request: summarizeRequest(request),
  });
  return removed;
}

/** Forgets one of the user's remembered browsers (the id is untrusted); false when it is not theirs. */
export async function forgetAccountBrowser(kit: AccountKit, request: Request, user: TwofoldUser, browserId: string): Promise<boolean> {
  if (!(await revokeRememberedBrowser(kit.twofold, user.id, browserId))) return false;
  emitAccountEvent(kit, 'rememberedBrowserForgotten', { user, browserId, at: new Date(kit.twofold.clock()), request: summarizeRequest(request) });
  return true;
}

// ---------------------------------------------------------------- notices across redirects

const FLASH_IDS: ReadonlySet<MessageId> = new Set<MessageId>([
  'account.notice.renamed',
  'account.notice.removed',
  'account.notice.primary',
  'account.notice.disabled',
  'account.notice.deviceAdded',
  'account.notice.browserForgotten',
]);

/** Keeps a notice for the next page (after a 303). */
export function setFlash(kit: AccountKit, session: TwofoldSession, id: MessageId, params: Readonly<Record<string, string>> = {}): void {
  session.set(kit.keys.flash, { id, params: { ...params } });
}

/** Takes the pending notice, if any (it is shown once). */
export function takeFlash(kit: AccountKit, session: TwofoldSession): { readonly id: MessageId; readonly params: MessageParams } | null {
  const raw = session.get(kit.keys.flash);
  if (raw === undefined) return null;
  session.delete(kit.keys.flash);
  if (typeof raw !== 'object' || raw === null) return null;
  const { id, params } = raw as { id?: unknown; params?: unknown };
  if (typeof id !== 'string' || !FLASH_IDS.has(id as MessageId) || typeof params !== 'object' || params === null) return null;
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.length <= 256) clean[name] = value;
  }
  return { id: id as MessageId, params: clean };
}
