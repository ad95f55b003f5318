/**
 * What a POST wants the page after its redirect to say (Post/Redirect/Get):
 * the notices and errors of a step, kept in the session under one key and
 * shown once by the next GET of that step. The texts are already in the
 * reader's language; nothing secret ever goes here (a masked destination at
 * most), and what is read back is checked like any other session value.
 */
import type { JsonObject } from '../../core/types.js';
import type { FieldName, Message, MessageId } from '../../web/messages.js';
import type { TwofoldSession } from '../../web/session.js';

/** What the next page of a step shows, besides its form. */
export interface StepNotices {
  readonly notices: readonly Message[];
  readonly errors: readonly Message[];
  /** The device the page asks about (its persistent id), when the POST chose one. */
  readonly device: string | null;
  /** When the note was written (epoch ms): an old one is dropped unread. */
  readonly at: number;
}

/** How long a kept note waits for its page: the redirect follows at once, so a minute is plenty. */
const NOTE_LIFETIME_MS = 60_000;
const MAX_MESSAGES = 4;
const MAX_TEXT = 600;
const FIELDS: ReadonlySet<string> = new Set<FieldName>(['username', 'password', 'device', 'token']);

/** Keeps `note` for the next page under `key` (replacing an unread one). */
export function keepStepNotices(session: TwofoldSession, key: string, note: StepNotices): void {
  const plain = (message: Message): JsonObject => (message.field === undefined ? { id: message.id, text: message.text } : { id: message.id, text: message.text, field: message.field });
  session.set(key, {
    notices: note.notices.slice(0, MAX_MESSAGES).map(plain),
    errors: note.errors.slice(0, MAX_MESSAGES).map(plain),
    device: note.device,
    at: note.at,
  });
}

function readMessages(value: unknown): Message[] {
  if (!Array.isArray(value)) return [];
  const out: Message[] = [];
  for (const entry of value.slice(0, MAX_MESSAGES) as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, text, field } = entry as { id?: unknown; text?: unknown; field?: unknown };
    if (typeof id !== 'string' || typeof text !== 'string' || text.length > MAX_TEXT) continue;
    const message: Message = typeof field === 'string' && FIELDS.has(field) ? { id: id as MessageId, text, field: field as FieldName } : { id: id as MessageId, text };
    out.push(message);
  }
  return out;
}

/** Takes the note kept under `key` (it is shown once); null when there is none, or it is stale or malformed. */
export function takeStepNotices(session: TwofoldSession, key: string, now: number): StepNotices | null {
  const raw = session.get(key);
  if (raw === undefined) return null;
  session.delete(key);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { notices, errors, device, at } = raw as Record<string, unknown>;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at > now || now - at > NOTE_LIFETIME_MS) return null;
  return {
    notices: readMessages(notices),
    errors: readMessages(errors),
    device: typeof device === 'string' && device.length <= 200 ? device : null,
    at,
  };
}
