/**
 * The primary device: the one a sign-in asks for first (django-two-factor-auth's
 * "default" device, without its rule that the device must be *named*
 * `default`, issue #652).
 *
 * The choice is kept in the store's per-user preferences
 * ({@link Store.getUserPreferences}) as a device id, and resolved on every
 * read: when nothing was chosen, or the chosen device is gone, unconfirmed or
 * of a kind no longer registered, the oldest confirmed device that can be
 * primary takes its place. So removing the primary device promotes the next
 * one without any extra write, whoever removed it (the account pages, the
 * admin, the CLI), and a stale preference can never point a sign-in at a
 * device that does not exist.
 *
 * Backup codes are never primary: they are the last resort, not a method.
 *
 * Stable API (the login wizard calls {@link primaryDevice} and
 * {@link devicesByPreference}).
 *
 * @packageDocumentation
 */
import type { Twofold } from '../../core/twofold.js';
import { presentationOf } from '../../devices/presentation.js';
import type { Device, Store } from '../../core/types.js';

/** Whether `device` is of a fallback kind (its presentation's role, e.g. backup codes): a last resort, never primary. */
export function isFallbackDevice(twofold: Twofold, device: Device): boolean {
  return presentationOf(twofold.kind(device.kind))?.role === 'fallback';
}

/** Whether `device` may be a user's primary device: confirmed, of a registered kind, and not backup codes. */
export function canBePrimary(twofold: Twofold, device: Device): boolean {
  return device.confirmed && twofold.kind(device.kind) !== undefined && !isFallbackDevice(twofold, device);
}

/** A user's usable devices in the order a sign-in offers them. */
export interface DevicesByPreference {
  /** The primary device, or null when the user has no device that can be primary. */
  readonly primary: Device | null;
  /** The other devices that can be primary, oldest first. */
  readonly others: readonly Device[];
  /** The backup-codes devices (usually one), confirmed and registered. */
  readonly backupCodes: readonly Device[];
}

function preferencesStore(twofold: Twofold): Store {
  return twofold.store;
}

/**
 * The user's confirmed devices of registered kinds, split into the primary
 * one, the other methods and the backup codes. One store read for the
 * devices and the preferences together (two on stores without
 * `listDevicesWithPrimary`).
 */
export async function devicesByPreference(twofold: Twofold, userId: string): Promise<DevicesByPreference> {
  const listed = await twofold.listDevicesWithPrimary(userId, { confirmed: true });
  const devices = listed.devices.filter((device) => twofold.kind(device.kind) !== undefined);
  const candidates = devices.filter((device) => canBePrimary(twofold, device));
  const backupCodes = devices.filter((device) => isFallbackDevice(twofold, device));
  if (candidates.length === 0) return { primary: null, others: [], backupCodes };
  const chosen = candidates.find((device) => device.id === listed.primaryDeviceId) ?? candidates[0] ?? null;
  return { primary: chosen, others: candidates.filter((device) => device !== chosen), backupCodes };
}

/**
 * The device a sign-in should ask for first: the one the user chose, or
 * else their oldest confirmed device that can be primary; null when they
 * have none (only backup codes, or nothing).
 */
export async function primaryDevice(twofold: Twofold, userId: string): Promise<Device | null> {
  return (await devicesByPreference(twofold, userId)).primary;
}

/**
 * Makes one of the user's devices their primary device. Returns the device,
 * or null (and changes nothing) when it is not the user's, not confirmed,
 * backup codes, or of an unregistered kind. The id is untrusted input.
 */
export async function setPrimaryDevice(twofold: Twofold, userId: string, persistentId: unknown): Promise<Device | null> {
  const device = await twofold.getDevice(userId, persistentId);
  if (device === null || !canBePrimary(twofold, device)) return null;
  await preferencesStore(twofold).putUserPreferences({ userId, primaryDeviceId: device.id, updatedAt: twofold.clock() });
  return device;
}

/** Forgets the user's choice of primary device (disabling 2FA); returns whether there was one. */
export function forgetPrimaryDevice(twofold: Twofold, userId: string): Promise<boolean> {
  return preferencesStore(twofold).deleteUserPreferences(userId);
}
