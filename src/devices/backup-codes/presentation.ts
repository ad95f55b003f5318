/** How the pages offer backup codes: the last resort, issued as a list, never the primary device. */
import type { KindPresentation } from '../../core/presentation.js';
import { MAX_BACKUP_CODE_LENGTH, backupCodes as createBackupCodesKind, type BackupCodesConfig, type BackupCodesKind } from './kind.js';

/** The backup-codes kind's presentation. */
export const BACKUP_CODES_PRESENTATION: KindPresentation = {
  label: 'Backup codes',
  input: { type: 'text', maxLength: MAX_BACKUP_CODE_LENGTH + 8, autocomplete: 'off' },
  role: 'fallback',
  setup: { steps: 'issued', selfService: false },
};

/**
 * Creates the backup-codes kind (see `kind.ts`) with its presentation.
 *
 * @example
 * const kinds = [totp(), backupCodes({ count: 10 })];
 */
export function backupCodes(config: BackupCodesConfig = {}): BackupCodesKind {
  return { ...createBackupCodesKind(config), presentation: BACKUP_CODES_PRESENTATION };
}
