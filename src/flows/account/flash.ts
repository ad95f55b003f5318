/**
 * Notices across redirects: a state-changing POST redirects, and the page it
 * lands on shows what happened.
 */
import type { MessageId, MessageParams } from '../../web/messages.js';
import type { TwofoldSession } from '../../web/session.js';
import type { AccountKit } from './kit.js';

const FLASH_IDS: ReadonlySet<MessageId> = new Set<MessageId>([
  'account.notice.renamed',
  'account.notice.removed',
  'account.notice.primary',
  'account.notice.disabled',
  'account.notice.deviceAdded',
  'account.notice.browserForgotten',
  'account.notice.codesSaved',
]);

/** Keeps a notice for the next page (after a 303). */
export function setFlash(kit: AccountKit, session: TwofoldSession, id: MessageId, params: Readonly<Record<string, string>> = {}): void {
  session.set(kit.keys.flash, { id, params: { ...params } });
}

/** Takes the pending notice, if any (it is shown once). */
export function takeFlash(kit: AccountKit, session: TwofoldSession): { readonly id: MessageId; readonly params: MessageParams } | null {
  const raw = session.get(kit.keys.flash);
  if (raw === undefined) return null;
  session.delete(kit.keys.flash);
  if (typeof raw !== 'object' || raw === null) return null;
  const { id, params } = raw as { id?: unknown; params?: unknown };
  if (typeof id !== 'string' || !FLASH_IDS.has(id as MessageId) || typeof params !== 'object' || params === null) return null;
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.length <= 256) clean[name] = value;
  }
  return { id: id as MessageId, params: clean };
}
