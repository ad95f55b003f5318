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
 *
 * With `reveal`, the account pages show them from there (see
 * {@link revealedCodes}): a reload shows the same set again until the user
 * says they are saved or the time is up, and never makes a new one.
 */
export async function generateAccountBackupCodes(
  kit: AccountKit,
  request: Request,
  session: TwofoldSession,
  user: TwofoldUser,
  options: { readonly reveal?: boolean } = {},
): Promise<IssuedCodes> {
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
  session.set(kit.keys.codes, { id, userId, sealed, at, replaced, reveal: options.reveal === true });
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

/** Codes kept in the session: the set, when it was made, whether it replaced another, and whether the pages show it. */
export interface KeptCodes {
  readonly codes: readonly string[];
  readonly at: number;
  readonly replaced: boolean;
  readonly reveal: boolean;
}

/**
 * The new set the backup-codes page shows to `userId` (made by that page in
 * this session, within `backupCodesDownloadSeconds`), or null.
 */
export function revealedCodes(kit: AccountKit, session: TwofoldSession, userId: string): KeptCodes | null {
  const kept = codesForDownload(kit, session, userId);
  return kept !== null && kept.reveal ? kept : null;
}

/** "I have saved them": the set is no longer shown (nor downloadable). */
export function forgetRevealedCodes(kit: AccountKit, session: TwofoldSession): void {
  session.delete(kit.keys.codes);
}

/** The codes this session generated for `userId` within the download window, or null (and the stale entry removed). */
export function codesForDownload(kit: AccountKit, session: TwofoldSession, userId: string): KeptCodes | null {
  const raw = session.get(kit.keys.codes);
  if (raw === undefined) return null;
  const now = kit.twofold.clock();
  const entry = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const { id, userId: owner, sealed, at, replaced, reveal } = entry;
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
  return { codes, at, replaced: replaced === true, reveal: reveal === true };
}
