/**
 * The models of the admin's pages (what each view receives), and its URLs.
 */
import type { KindDeviceDescription } from '../../core/presentation.js';
import type { AdminMessageId, AdminMessageParams } from './messages.js';

/** The admin's URLs, under the mount path. */
export interface AdminUrls {
  readonly home: string;
  readonly stylesheet: string;
  readonly createDevice: string;
  readonly backupCodes: string;
  /** The host's sign-out page, or null when none was configured. */
  readonly logout: string | null;
  user(userId: string): string;
  search(query: string): string;
  device(persistentId: string): string;
  deviceAction(persistentId: string, action: DeviceAction): string;
}

/** The sub-resources and actions of a device. */
export type DeviceAction = 'qr.svg' | 'confirm' | 'rename' | 'reset-throttle' | 'delete';

/** A device as the tables show it (never any key material). */
export interface DeviceRow {
  readonly persistentId: string;
  readonly userId: string;
  readonly name: string;
  readonly kind: string;
  readonly kindLabel: string;
  readonly confirmed: boolean;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly failureCount: number;
  readonly lockedUntil: Date | null;
}

/** A kind that the "add a device" form offers. */
export interface KindChoice {
  readonly name: string;
  readonly label: string;
}

/** What every admin page has. */
export interface AdminPageModel {
  readonly t: (id: AdminMessageId, params?: AdminMessageParams) => string;
  /** Formats a date and time for tables. */
  readonly dateTime: (at: Date) => string;
  readonly csrfField: string;
  readonly csrfToken: string;
  readonly urls: AdminUrls;
  /** The signed-in staff member's name, for the header. */
  readonly staffName: string;
  readonly errors: readonly string[];
  readonly notices: readonly string[];
}

/** The device list, with the search form. */
export interface IndexPageModel extends AdminPageModel {
  readonly query: string;
  readonly devices: readonly DeviceRow[];
  readonly userCount: number;
  /** True when the scan stopped at its limit, so the list may be incomplete. */
  readonly truncated: boolean;
  readonly scanLimit: number;
  /** Users matching the search who have no device (when the host can search users). */
  readonly usersWithoutDevices: readonly string[];
  readonly kinds: readonly KindChoice[];
  /** Values to put back into the "add a device" form after an error. */
  readonly createForm: CreateFormValues;
}

/** What the "add a device" form shows. */
export interface CreateFormValues {
  readonly userId: string;
  readonly kind: string;
  readonly name: string;
}

/** One user's devices. */
export interface UserPageModel extends AdminPageModel {
  readonly userId: string;
  readonly userLabel: string;
  readonly devices: readonly DeviceRow[];
  readonly kinds: readonly KindChoice[];
  readonly createForm: CreateFormValues;
  /** Null when the backup-codes kind is not registered. */
  readonly backupCodes: { readonly remaining: number | null } | null;
}

/** How to set a device up by hand: its key and settings. */
export interface DeviceSetup {
  /** Base32 key, grouped by four characters for reading. */
  readonly groupedKey: string;
  /** URL of the QR code image. */
  readonly qrUrl: string;
  /** "6 digits, a new code every 30 seconds, SHA1" */
  readonly settings: string;
}

/** One device. */
export interface DevicePageModel extends AdminPageModel {
  readonly device: DeviceRow;
  readonly userLabel: string;
  /** The key and QR code, when they may be shown; null otherwise. */
  readonly setup: DeviceSetup | null;
  /** Why there is no setup section, or null. */
  readonly setupNote: 'hidden' | 'unavailable' | null;
  /** Shown when `setup` is present although the device is confirmed (the host opted in). */
  readonly confirmedSecretWarning: boolean;
  /** Settings that are not secret (digits, step), or null. */
  readonly settings: string | null;
  /** What the device's kind says of it ("Synced passkey", a clone warning), never key material; null when it says nothing. */
  readonly description?: KindDeviceDescription | null;
  /** For backup-code devices: how many codes are left. */
  readonly codesLeft: number | null;
  readonly backupCodesEnabled: boolean;
  /** The rename field's value. */
  readonly renameValue: string;
  /** Which form the errors concern, to focus the right field. */
  readonly errorField: 'token' | 'name' | null;
}

/** The delete confirmation. */
export interface DeletePageModel extends AdminPageModel {
  readonly device: DeviceRow;
  readonly userLabel: string;
}

/** The page that shows new backup codes once. */
export interface CodesPageModel extends AdminPageModel {
  readonly userId: string;
  readonly userLabel: string;
  readonly codes: readonly string[];
  /** Whether one code was added (true) or the whole set replaced (false). */
  readonly added: boolean;
  /** Until when the page shows them (reloads included), as the admin writes times. */
  readonly shownUntil: string;
}

/** "Replace all codes of this user?": asked before a set is replaced. */
export interface ReplaceCodesPageModel extends AdminPageModel {
  readonly userId: string;
  readonly userLabel: string;
  /** Unused codes that stop working, or null when the count is unknown. */
  readonly remaining: number | null;
}

/** An error page (403, 404, ...). */
export interface AdminErrorPageModel {
  readonly t: (id: AdminMessageId, params?: AdminMessageParams) => string;
  readonly title: string;
  readonly message: string;
  /** Where to go from here (the admin's home, or for someone who may not enter, signing in as someone else). */
  readonly links: readonly { readonly href: string; readonly label: string }[];
}
