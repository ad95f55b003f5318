/**
 * django-otp's static devices (`otp_static_staticdevice`) and their tokens
 * (`otp_static_statictoken`) become `backup-codes` devices whose codes are
 * imported as typed (see the kind's `importedCodes`): only hashes are kept.
 */
import { MAX_BACKUP_CODES, normalizeImportedCode } from '../../../devices/backup-codes/index.js';
import { integerOf, type DjangoDeviceTable } from './common.js';

export const staticTable: DjangoDeviceTable = {
  table: 'otp_static_staticdevice',
  kind: 'backup-codes',
  columns: [],
  related: { table: 'otp_static_statictoken', foreignKey: 'device_id', columns: ['id', 'token'] },
  map({ related }) {
    const notes: string[] = [];
    const codes: string[] = [];
    for (const token of related) {
      // A code twofold cannot hold (blank, control characters) is named by its row id, never shown.
      if (normalizeImportedCode(token.token) === null) notes.push(`static token ${String(integerOf(token.id) ?? token.id)} is not a usable code and was left out`);
      else codes.push(token.token as string);
    }
    if (codes.length === 0) return { ok: false, reason: 'the device has no unused tokens left' };
    if (codes.length > MAX_BACKUP_CODES) {
      return { ok: false, reason: `the device holds ${codes.length} tokens, twofold's backup-code devices hold at most ${MAX_BACKUP_CODES}` };
    }
    return { ok: true, options: { codes: [], importedCodes: codes }, notes };
  },
};
