/**
 * The sign-in routes besides `GET|POST /login` (which `createRoutes` mounts
 * through `assembly/login-page.ts`), as entries of twofold's route table, so
 * that every framework adapter serves them under its prefix.
 */
import type { WebConfig } from '../web/options.js';
import type { PageHandler, PageKit } from '../web/pages/context.js';
import type { HostUser } from '../web/user.js';
import { createLoginApi } from '../flows/api/login.js';
import { createSessionHandler } from '../flows/api/session.js';
import { createLoginPages } from '../flows/login/pages.js';

/** The paths of the sign-in routes, relative to where twofold is mounted. */
export type LoginRoutePath =
  | '/login/backup'
  | '/verify'
  | '/verify/backup'
  | '/api/session'
  | '/api/login'
  | '/api/login/verify'
  | '/api/login/challenge'
  | '/api/login/cancel'
  | '/api/logout';

/** One sign-in route. */
export interface LoginRoute<User extends HostUser> {
  readonly method: 'GET' | 'POST';
  readonly path: LoginRoutePath;
  readonly handler: PageHandler<User>;
}

/** The sign-in routes of a configuration (without `/login` itself). */
export function createLoginRoutes<User extends HostUser>(config: WebConfig<User>, kit: PageKit<User>): readonly LoginRoute<User>[] {
  const pages = createLoginPages(kit);
  const api = createLoginApi(config);
  return [
    { method: 'GET', path: '/login/backup', handler: pages.backupShow },
    { method: 'POST', path: '/login/backup', handler: pages.backupSubmit },
    { method: 'GET', path: '/verify', handler: pages.verifyShow },
    { method: 'POST', path: '/verify', handler: pages.secondFactorSubmit },
    { method: 'GET', path: '/verify/backup', handler: pages.verifyBackupShow },
    { method: 'POST', path: '/verify/backup', handler: pages.backupSubmit },
    { method: 'GET', path: '/api/session', handler: createSessionHandler(config) },
    ...(api.login === null ? [] : [{ method: 'POST' as const, path: '/api/login' as const, handler: api.login }]),
    { method: 'POST', path: '/api/login/verify', handler: api.verify },
    { method: 'POST', path: '/api/login/challenge', handler: api.challenge },
    { method: 'POST', path: '/api/login/cancel', handler: api.cancel },
    { method: 'POST', path: '/api/logout', handler: api.logout },
  ];
}
