/**
 * express-session's `req.session` as twofold's {@link TwofoldSession}: read,
 * written and regenerated through the session object Express currently
 * holds (regenerating, by twofold or by Passport, replaces it).
 */
import type { Request as ExpressRequest } from 'express';
import { TwofoldError } from '../core/errors.js';
import type { JsonValue } from '../core/types.js';
import type { TwofoldSession } from '../web/session.js';

interface SessionObject {
  regenerate(callback: (error?: unknown) => void): unknown;
  [key: string]: unknown;
}

/** Keys of express-session's own bookkeeping, never copied between sessions. */
const SESSION_INTERNALS: ReadonlySet<string> = new Set(['cookie', 'id', 'req']);

/** An error for a failed session or Passport callback, whatever it passed. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(`session operation failed: ${typeof error === 'string' ? error : 'unknown error'}`);
}

function sessionObject(req: ExpressRequest): SessionObject {
  const session = (req as unknown as { session?: unknown }).session;
  if (typeof session !== 'object' || session === null || typeof (session as { regenerate?: unknown }).regenerate !== 'function') {
    throw new TwofoldError(
      'INVALID_CONFIG',
      'twofold needs a session: install express-session (or a session middleware with regenerate()) before twofold',
    );
  }
  return session as SessionObject;
}

/**
 * Adapts express-session's `req.session` to {@link TwofoldSession}. It looks
 * `req.session` up on every call, because regenerating (by twofold or by
 * Passport) replaces that object.
 */
export function expressSession(req: ExpressRequest): TwofoldSession {
  return {
    get(key) {
      const session = sessionObject(req);
      return Object.hasOwn(session, key) ? session[key] : undefined;
    },
    set(key: string, value: JsonValue) {
      sessionObject(req)[key] = value;
    },
    delete(key) {
      Reflect.deleteProperty(sessionObject(req), key);
    },
    async regenerate(keep) {
      const session = sessionObject(req);
      // A plain loop over the few keys: this runs on every sign-in's second step.
      const carried: [string, unknown][] = [];
      for (const key of Object.keys(session)) {
        if (!SESSION_INTERNALS.has(key) && (keep === 'all' || keep.includes(key))) carried.push([key, session[key]]);
      }
      await new Promise<void>((resolve, reject) => {
        session.regenerate((error) => {
          if (error === undefined || error === null) resolve();
          else reject(asError(error));
        });
      });
      const fresh = sessionObject(req);
      for (const [key, value] of carried) fresh[key] = value;
    },
  };
}
