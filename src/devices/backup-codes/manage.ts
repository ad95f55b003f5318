/**
 * Instance-level backup-code chores: issuing a fresh set (which replaces any
 * previous set atomically) and adding one code (django-otp's
 * `addstatictoken`). The plain codes are returned once and never stored.
 */
import { TwofoldError } from '../../core/errors.js';
import type { Twofold } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import {
  BACKUP_CODES_KIND_NAME,
  DEFAULT_BACKUP_CODE_COUNT,
  MAX_BACKUP_CODES,
  generateBackupCode,
  generateBackupCodes,
  hashBackupCode,
  normalizeBackupCode,
  type BackupCodesState,
} from './kind.js';

/** Default name of the device that holds a user's backup codes. */
export const DEFAULT_BACKUP_CODES_NAME = 'Backup codes';

/** Options of {@link issueBackupCodes}. */
export interface IssueBackupCodesOptions {
  /** How many codes (default: the registered kind's `count`, normally 10). */
  readonly count?: number;
  /** Name of the device when one has to be created (default "Backup codes"). */
  readonly name?: string;
}

/** What {@link issueBackupCodes} and {@link addBackupCode} return. */
export interface IssuedBackupCodes {
  /** The device holding the codes (its state has only hashes). */
  readonly device: Device<BackupCodesState>;
  /** The plain codes: show them to the user once; they cannot be recovered. */
  readonly codes: readonly string[];
}

function requireKind(twofold: Twofold): { count: number } {
  const kind = twofold.kind(BACKUP_CODES_KIND_NAME) as (object & { count?: unknown }) | undefined;
  if (kind === undefined) {
    throw new TwofoldError('UNKNOWN_KIND', 'the backup-codes kind is not registered: add backupCodes() to kinds');
  }
  return { count: typeof kind.count === 'number' ? kind.count : DEFAULT_BACKUP_CODE_COUNT };
}

async function existingDevice(twofold: Twofold, userId: string): Promise<Device | undefined> {
  const devices = await twofold.listDevices(userId, { kind: BACKUP_CODES_KIND_NAME });
  return devices[0];
}

/**
 * Issues a new set of backup codes for a user. If the user already has a
 * backup-codes device, all its old codes are replaced in one atomic write (so
 * no old code works afterwards); otherwise a confirmed device is created.
 */
export async function issueBackupCodes(
  twofold: Twofold,
  userId: string,
  options: IssueBackupCodesOptions = {},
): Promise<IssuedBackupCodes> {
  const count = options.count ?? requireKind(twofold).count;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_BACKUP_CODES) {
    throw new TwofoldError('INVALID_ARGUMENT', `count must be an integer from 1 to ${MAX_BACKUP_CODES}`);
  }
  const codes = generateBackupCodes(count);
  const existing = await existingDevice(twofold, userId);
  if (existing !== undefined) {
    const hashes = await Promise.all(codes.map((code) => hashBackupCode(code)));
    const device = await twofold.updateDevice<BackupCodesState>(userId, existing.persistentId, () => ({
      state: { codes: hashes },
      confirmed: true,
    }));
    if (device !== null) return { device, codes };
    // Deleted in the meantime: fall through and create a new one.
  }
  const device = await twofold.createDevice({
    userId,
    kind: BACKUP_CODES_KIND_NAME,
    name: options.name ?? DEFAULT_BACKUP_CODES_NAME,
    options: { codes },
  });
  return { device: device as Device<BackupCodesState>, codes };
}

/**
 * Adds one backup code to a user's set (creating the device if needed), as
 * django-otp's `addstatictoken` command does. Without `code`, a random one is
 * generated. Returns the device and the code, formatted as the user should type it.
 */
export async function addBackupCode(
  twofold: Twofold,
  userId: string,
  code?: string,
): Promise<{ readonly device: Device<BackupCodesState>; readonly code: string }> {
  requireKind(twofold);
  const plain = code ?? generateBackupCode();
  if (normalizeBackupCode(plain) === null) {
    throw new TwofoldError(
      'INVALID_ARGUMENT',
      'a backup code must be 6 to 32 letters and digits (not u), optionally grouped with spaces or dashes',
    );
  }
  const existing = await existingDevice(twofold, userId);
  if (existing !== undefined) {
    const hash = await hashBackupCode(plain);
    const device = await twofold.updateDevice<BackupCodesState>(userId, existing.persistentId, ({ state }) => {
      if (state.codes.length >= MAX_BACKUP_CODES) {
        throw new TwofoldError('INVALID_ARGUMENT', `a user can have at most ${MAX_BACKUP_CODES} backup codes`);
      }
      return { state: { codes: [...state.codes, hash] } };
    });
    if (device !== null) return { device, code: plain };
  }
  const device = await twofold.createDevice({
    userId,
    kind: BACKUP_CODES_KIND_NAME,
    name: DEFAULT_BACKUP_CODES_NAME,
    options: { codes: [plain] },
  });
  return { device: device as Device<BackupCodesState>, code: plain };
}
