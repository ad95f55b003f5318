/**
 * Passport's defaults of `twofoldExpress` and `createTwofoldExpress`: the
 * signed-in user is `req.user`, signing in is `req.login`, signing out
 * `req.logout` (when present).
 */
import type { Request as ExpressRequest } from 'express';
import { TwofoldError } from '../core/errors.js';
import { asError } from './session.js';

function callbackOf(req: ExpressRequest, name: 'login' | 'logout'): ((...args: unknown[]) => void) | null {
  const method = (req as unknown as Record<string, unknown>)[name];
  return typeof method === 'function' ? (method as (...args: unknown[]) => void).bind(req) : null;
}

function promisify(call: (done: (error?: unknown) => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    call((error) => {
      if (error === undefined || error === null) resolve();
      else reject(asError(error));
    });
  });
}

/** Signs `user` in with Passport's `req.login`, or fails when Passport is not there. */
export function passportLogIn(req: ExpressRequest, user: unknown): Promise<void> {
  const login = callbackOf(req, 'login');
  if (login === null) {
    throw new TwofoldError('INVALID_CONFIG', 'twofold cannot sign users in: pass a logIn(req, user) option, or use Passport (req.login)');
  }
  return promisify((done) => login(user, done));
}

/** Signs out with Passport's `req.logout` when present. */
export function passportLogOut(req: ExpressRequest): Promise<void> {
  const logout = callbackOf(req, 'logout');
  return logout === null ? Promise.resolve() : promisify((done) => logout(done));
}

/** The signed-in user as Passport sets it (`req.user`). */
export function defaultGetUser(req: ExpressRequest): unknown {
  return (req as unknown as { user?: unknown }).user;
}
