/**
 * Instance-level backup-code chores: issuing a fresh set (which replaces any
 * previous set atomically) and adding one code (django-otp's
 * `addstatictoken`). The plain codes are returned once and never stored.
 */
import { TwofoldError, isTwofoldError } from '../../core/errors.js';
import { deviceIdFromKey } from '../../core/persistent-id.js';
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
 * Changes the user's backup-codes device with `replace` (a compare-and-swap
 * through `updateDevice`), or creates it with `create` under an id derived
 * from the user: two requests creating the first set at once (in any
 * processes) make one device, the loser then replacing its codes.
 */
async function changeOrCreate<T>(
  twofold: Twofold,
  userId: string,
  replace: (existing: Device) => Promise<T | null>,
  create: (id: string) => Promise<T>,
): Promise<T> {
  for (let round = 0; round < 3; round++) {
    const existing = await existingDevice(twofold, userId);
    if (existing !== undefined) {
      const changed = await replace(existing);
      if (changed !== null) return changed;
      continue; // Deleted in the meantime: look again.
    }
    try {
      return await create(deviceIdFromKey(`backup-codes|${userId}`));
    } catch (error) {
      if (!isTwofoldError(error, 'DEVICE_EXISTS')) throw error;
    }
  }
  throw new TwofoldError('CONTENTION', 'the backup-codes device kept changing: try again');
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
  // Hashed only when replacing: creating hands the plain codes to the kind, which hashes them itself.
  let hashing: Promise<string[]> | undefined;
  const device = await changeOrCreate(
    twofold,
    userId,
    async (existing) => {
      const hashes = await (hashing ??= Promise.all(codes.map((code) => hashBackupCode(code))));
      return twofold.updateDevice<BackupCodesState>(userId, existing.persistentId, () => ({ state: { codes: hashes }, confirmed: true }));
    },
    async (id) => (await twofold.createDevice({ userId, kind: BACKUP_CODES_KIND_NAME, name: options.name ?? DEFAULT_BACKUP_CODES_NAME, options: { codes }, id })) as Device<BackupCodesState>,
  );
  return { device, codes };
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
  const hash = await hashBackupCode(plain);
  const device = await changeOrCreate(
    twofold,
    userId,
    (existing) =>
      twofold.updateDevice<BackupCodesState>(userId, existing.persistentId, ({ state }) => {
        if (state.codes.length >= MAX_BACKUP_CODES) {
          throw new TwofoldError('INVALID_ARGUMENT', `a user can have at most ${MAX_BACKUP_CODES} backup codes`);
        }
        return { state: { codes: [...state.codes, hash] } };
      }),
    async (id) =>
      (await twofold.createDevice({ userId, kind: BACKUP_CODES_KIND_NAME, name: DEFAULT_BACKUP_CODES_NAME, options: { codes: [plain] }, id })) as Device<BackupCodesState>,
  );
  return { device, code: plain };
}
