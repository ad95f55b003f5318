/**
 * Issuing backup codes from the account pages, and keeping the new set sealed
 * in the session for the download right after.
 */
import { randomUUID } from 'node:crypto';
import type { Device } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import { recoveryKind } from '../../devices/presentation.js';
import type { TwofoldSession } from '../../web/session.js';
import type { TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import { MAX_DOWNLOAD_CODES, emitAccountEvent, type AccountKit } from './kit.js';

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
  // The recovery kind, found by its role (backup codes), issues the list itself.
  const recovery = recoveryKind(twofold);
  if (recovery === null || recovery.issuer === null) throw new TwofoldError('UNKNOWN_KIND', 'no recovery kind that issues codes is registered: add backupCodes() to kinds');
  const replaced = (await twofold.listDevices(userId, { kind: recovery.kind.name })).length > 0;
  const issued = await recovery.issuer.issue(twofold, userId);
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
