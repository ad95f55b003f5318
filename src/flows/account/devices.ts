/**
 * The user's devices as the account pages manage them: listing, renaming,
 * choosing the primary one, removing, and the device asked for a recent code.
 */
import type { Twofold } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import { recoveryIssuer, remainingOnList } from '../../devices/presentation.js';
import type { MessageId, MessageParams } from '../../web/messages.js';
import type { TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import { canBePrimary, devicesByPreference, setPrimaryDevice, type DevicesByPreference } from '../shared/primary.js';
import { checkDeviceName } from './device-names.js';
import { emitAccountEvent, type AccountKit } from './kit.js';

/** The devices the pages manage (can sign in, not backup codes), with the primary one, and the backup codes left. */
export interface AccountDevices extends DevicesByPreference {
  /** Primary first, then the others oldest first. */
  readonly manageable: readonly Device[];
  /** Unused backup codes, or null when the user has no backup-codes device. */
  readonly backupCodesRemaining: number | null;
}


/** The user's devices as the account pages show them. */
export async function accountDevices(twofold: Twofold, userId: string): Promise<AccountDevices> {
  const byPreference = await devicesByPreference(twofold, userId);
  const manageable = byPreference.primary === null ? [] : [byPreference.primary, ...byPreference.others];
  const codes = byPreference.backupCodes;
  return {
    ...byPreference,
    manageable,
    backupCodesRemaining: codes.length === 0 ? null : codes.reduce((sum, device) => sum + (remainingOnList(twofold, device) ?? 0), 0),
  };
}

/** Whether a recovery kind that issues its list is registered (backup codes): the backup-code pages exist. */
export function backupCodesAvailable(twofold: Twofold): boolean {
  return recoveryIssuer(twofold) !== null;
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
