/**
 * The session contract between twofold and a web framework. twofold keeps its
 * data in the host's own session (express-session and any of its stores, or
 * whatever a Hono app uses), so that it lives and dies with the host's login.
 * An adapter only has to read, write and delete a few keys and rotate the
 * session id.
 */
import type { JsonValue } from '../core/types.js';

/** What twofold needs from a session. Values are JSON, so any session store can hold them. */
export interface TwofoldSession {
  /** The value under `key`, or undefined. twofold validates what it reads: treat it as untrusted. */
  get(key: string): unknown;
  /** Stores a JSON value under `key`. */
  set(key: string, value: JsonValue): void;
  /** Removes `key`. */
  delete(key: string): void;
  /**
   * Moves the session to a new, unguessable id and destroys the old one in
   * the store, so that a stolen or planted id loses whatever the session
   * gains next (session fixation). `keep` says which values move to the new
   * session: `'all'` (the host's data included), or only the listed keys.
   * The response must set the new id's cookie.
   */
  regenerate(keep: 'all' | readonly string[]): Promise<void>;
}

/** The session keys twofold uses. */
export interface SessionKeys {
  /** The verified state: `{ userId, factors }` (see `state.ts`). */
  readonly state: string;
  /** The CSRF token of this session. */
  readonly csrf: string;
  /** The short-lived "password verified" marker of a login in progress. */
  readonly pending: string;
  /** The one-time notice that the verified state ran out (`{ reason, limitSeconds }`), shown on the code page. */
  readonly expired: string;
  /** The session's transaction id that codes sent for step-up are bound to. */
  readonly transaction: string;
}

/** The default base key. */
export const DEFAULT_SESSION_KEY = 'twofold';

/** The keys derived from a base key: `twofold`, `twofoldCsrf`, `twofoldPending`, `twofoldExpired`, `twofoldTransaction`. */
export function sessionKeys(base: string = DEFAULT_SESSION_KEY): SessionKeys {
  return { state: base, csrf: `${base}Csrf`, pending: `${base}Pending`, expired: `${base}Expired`, transaction: `${base}Transaction` };
}
