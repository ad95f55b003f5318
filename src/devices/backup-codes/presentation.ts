/** How the pages offer backup codes: the recovery kind, issued as a list, never the primary device. */
import type { Twofold } from '../../core/api.js';
import type { KindPresentation } from '../../core/presentation.js';
import type { JsonObject } from '../../core/types.js';
import { MAX_BACKUP_CODE_LENGTH, backupCodes as createBackupCodesKind, type BackupCodesConfig, type BackupCodesKind } from './kind.js';
import { addBackupCode, issueBackupCodes, type IssuedBackupCodes } from './manage.js';
import type { Device } from '../../core/types.js';
import type { BackupCodesState } from './kind.js';

/** The backup-codes kind's presentation. */
export const BACKUP_CODES_PRESENTATION: KindPresentation<JsonObject> = {
  label: 'Backup codes',
  input: { type: 'text', maxLength: MAX_BACKUP_CODE_LENGTH + 8, autocomplete: 'off' },
  role: 'fallback',
  setup: { steps: 'issued', selfService: false },
  issued: { remaining: (state) => (Array.isArray(state.codes) ? state.codes.length : 0) },
};

/** The backup-codes kind as registered: with its presentation, and the issuing of a new set for the account pages. */
export type PresentedBackupCodesKind = BackupCodesKind & {
  /** Issues a new set for the user (see {@link issueBackupCodes}). */
  issue(twofold: Twofold, userId: string): Promise<IssuedBackupCodes>;
  /** Adds one code to the user's set (see {@link addBackupCode}). */
  addOne(twofold: Twofold, userId: string): Promise<{ readonly device: Device<BackupCodesState>; readonly code: string }>;
};

/**
 * Creates the backup-codes kind (see `kind.ts`) with its presentation.
 *
 * @example
 * const kinds = [totp(), backupCodes({ count: 10 })];
 */
export function backupCodes(config: BackupCodesConfig = {}): PresentedBackupCodesKind {
  return {
    ...createBackupCodesKind(config),
    presentation: BACKUP_CODES_PRESENTATION,
    issue: (twofold, userId) => issueBackupCodes(twofold, userId),
    addOne: (twofold, userId) => addBackupCode(twofold, userId),
  };
}
