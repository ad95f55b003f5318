/**
 * The admin's notices across redirects, kept in the session (only known
 * message ids are ever shown).
 */
import { ADMIN_ENGLISH_MESSAGES, type AdminMessageId, type AdminMessageParams } from './messages.js';

export interface Flash {
  readonly type: 'notice' | 'error';
  readonly id: AdminMessageId;
  readonly params: AdminMessageParams;
}

export function parseFlash(value: unknown): Flash[] {
  if (!Array.isArray(value)) return [];
  const out: Flash[] = [];
  for (const entry of value.slice(0, 5) as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { type, id, params } = entry as { type?: unknown; id?: unknown; params?: unknown };
    if ((type !== 'notice' && type !== 'error') || typeof id !== 'string' || !Object.hasOwn(ADMIN_ENGLISH_MESSAGES, id)) continue;
    if (typeof params !== 'object' || params === null || Array.isArray(params)) continue;
    const clean: Record<string, string | number> = {};
    for (const [key, item] of Object.entries(params as Record<string, unknown>)) {
      if (typeof item === 'string' || typeof item === 'number') clean[key] = item;
    }
    out.push({ type, id: id as AdminMessageId, params: clean });
  }
  return out;
}
