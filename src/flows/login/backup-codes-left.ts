/**
 * "You have N backup codes left": kept in the session by the POST that
 * accepted a backup code, and said once by the page its redirect lands on.
 */
import type { WebConfig } from '../../web/options.js';
import type { PageContext } from '../../web/pages/context.js';
import type { HostUser } from '../../web/user.js';

// The redirect follows at once: an older note is not about this sign-in.
const NOTE_LIFETIME_MS = 5 * 60_000;

function keyOf<User extends HostUser>(config: WebConfig<User>): string {
  return `${config.keys.state}BackupLeft`;
}

/** Keeps how many backup codes are left for the page after the redirect. */
export function keepBackupCodesLeft<User extends HostUser>(config: WebConfig<User>, context: PageContext<User>, remaining: number): void {
  context.session.set(keyOf(config), { remaining, at: config.twofold.clock() });
}

/** Takes the count kept by {@link keepBackupCodesLeft} (once), or null when there is none (or it is stale). */
export function readBackupCodesLeft<User extends HostUser>(config: WebConfig<User>, context: PageContext<User>): number | null {
  const raw = context.session.get(keyOf(config));
  if (raw === undefined) return null;
  context.session.delete(keyOf(config));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { remaining, at } = raw as { remaining?: unknown; at?: unknown };
  const now = config.twofold.clock();
  if (typeof remaining !== 'number' || !Number.isSafeInteger(remaining) || remaining < 0) return null;
  if (typeof at !== 'number' || at > now || now - at > NOTE_LIFETIME_MS) return null;
  return remaining;
}
