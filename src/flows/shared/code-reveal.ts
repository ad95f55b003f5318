/**
 * New backup codes shown from the session (a "reveal"): sealed with a key of
 * their own, bound to who may see them and for whom they were made, and
 * shown by a GET until the viewer says they are saved or the time is up. A
 * reload, Back or a second tab shows the same set; nothing here makes one.
 */
import { hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { createSecretBox, type SecretBox } from '../../core/secrets.js';
import type { TwofoldSession } from '../../web/session.js';

/** Seals and opens reveals; `open` answers null for anything it cannot open. */
export interface RevealSealer {
  seal(plain: Uint8Array, context: string): string;
  open(envelope: string, context: string): Uint8Array | null;
}

/**
 * A sealer for what a session keeps, keyed by `secrets` (newest first; each
 * turned into a key of its own by HKDF for `purpose`, so that nothing sealed
 * for one purpose opens as another, or as a device secret).
 */
export function createSessionSealer(secrets: readonly string[], purpose: string): RevealSealer {
  const derived = secrets.map((secret) => Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'twofold/web', purpose, 32)).toString('base64url'));
  const box: SecretBox = createSecretBox(derived);
  return {
    seal: (plain, context) => box.seal(plain, context),
    open(envelope, context) {
      try {
        return box.open(envelope, context);
      } catch {
        return null;
      }
    },
  };
}

/**
 * The reveal sealer: {@link createSessionSealer} with `secrets`, or without
 * them a random key that lives in this process only (a reveal then survives
 * reloads served by the same process, and elsewhere reads as ended).
 */
export function createRevealSealer(secrets: readonly string[] | null, purpose: string): RevealSealer {
  return createSessionSealer(secrets !== null && secrets.length > 0 ? secrets : [randomBytes(32).toString('base64url')], purpose);
}

/** A revealed set: the codes, for whom, and since when. */
export interface Reveal {
  readonly codes: readonly string[];
  /** The user the codes belong to. */
  readonly userId: string;
  /** When they were made (epoch ms). */
  readonly at: number;
  /** What kind of issue it was (`added` one code, `replaced` a set, `first` set), for the page's words. */
  readonly issue: 'added' | 'replaced' | 'first';
}

const MAX_CODES = 50;

function contextOf(id: string, viewerId: string, userId: string): string {
  return `code-reveal|${id}|${viewerId}|${userId}`;
}

/** Keeps `reveal` for `viewerId` under `key`, sealed (replacing any other). */
export function keepReveal(session: TwofoldSession, key: string, sealer: RevealSealer, viewerId: string, reveal: Reveal): void {
  const id = randomUUID();
  const sealed = sealer.seal(new TextEncoder().encode(reveal.codes.join('\n')), contextOf(id, viewerId, reveal.userId));
  session.set(key, { id, viewerId, userId: reveal.userId, sealed, at: reveal.at, issue: reveal.issue });
}

/**
 * The reveal kept under `key` for `viewerId` about `userId`, or null: none,
 * another viewer's or user's, older than `lifetimeMs` (then removed), or
 * not to be opened.
 */
export function readReveal(session: TwofoldSession, key: string, sealer: RevealSealer, viewerId: string, userId: string, now: number, lifetimeMs: number): Reveal | null {
  const raw = session.get(key);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { id, viewerId: viewer, userId: owner, sealed, at, issue } = raw as Record<string, unknown>;
  const fresh = typeof at === 'number' && Number.isSafeInteger(at) && at <= now && now - at < lifetimeMs;
  if (!fresh || typeof id !== 'string' || typeof sealed !== 'string' || (issue !== 'added' && issue !== 'replaced' && issue !== 'first')) {
    session.delete(key);
    return null;
  }
  if (viewer !== viewerId || owner !== userId) return null;
  const plain = sealer.open(sealed, contextOf(id, viewerId, userId));
  if (plain === null) return null;
  const codes = new TextDecoder().decode(plain).split('\n').filter((code) => code !== '').slice(0, MAX_CODES);
  return { codes, userId, at, issue };
}
