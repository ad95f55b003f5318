/**
 * The account pages and the account JSON API as entries of twofold's route
 * table (`createRoutes`), so that every framework adapter serves them under
 * its prefix with no extra wiring.
 */
import type { WebConfig } from '../web/options.js';
import type { PageHandler, PageKit } from '../web/pages/context.js';
import type { HostUser } from '../web/user.js';
import { createAccountApi } from '../flows/api/account.js';
import { createAccountPages } from '../flows/account/pages.js';
import { createAccountKit } from '../flows/account/service.js';

/** The paths of the account routes, relative to where twofold is mounted. */
export type AccountRoutePath =
  | '/profile'
  | '/setup'
  | '/setup/qr.svg'
  | '/setup/app'
  | '/setup/done'
  | '/devices/rename'
  | '/devices/remove'
  | '/devices/primary'
  | '/backup-codes'
  | '/backup-codes/download'
  | '/disable'
  | '/reauthenticate'
  | '/remembered-browsers/forget'
  | '/api/setup/start'
  | '/api/setup/confirm'
  | '/api/setup/resend'
  | '/api/setup/cancel'
  | '/api/devices'
  | '/api/devices/rename'
  | '/api/devices/remove'
  | '/api/devices/primary'
  | '/api/backup-codes'
  | '/api/disable'
  | '/api/reauthenticate'
  | '/api/remembered-browsers/forget';

/** One account route. */
export interface AccountRoute<User extends HostUser> {
  readonly method: 'GET' | 'POST';
  readonly path: AccountRoutePath;
  readonly handler: PageHandler<User>;
}

/** The account routes of a configuration; none when `account: false`. */
export function createAccountRoutes<User extends HostUser>(config: WebConfig<User>, pageKit: PageKit<User>): readonly AccountRoute<User>[] {
  if (config.account === null) return [];
  const kit = createAccountKit(config, config.account);
  const pages = createAccountPages(pageKit, kit);
  const api = createAccountApi(kit);
  return [
    { method: 'GET', path: '/profile', handler: pages.profile },
    { method: 'GET', path: '/setup', handler: pages.setupShow },
    { method: 'POST', path: '/setup', handler: pages.setupSubmit },
    { method: 'GET', path: '/setup/qr.svg', handler: pages.setupQr },
    { method: 'GET', path: '/setup/app', handler: pages.setupApp },
    { method: 'GET', path: '/setup/done', handler: pages.setupDone },
    { method: 'GET', path: '/devices/rename', handler: pages.renameShow },
    { method: 'POST', path: '/devices/rename', handler: pages.renameSubmit },
    { method: 'GET', path: '/devices/remove', handler: pages.removeShow },
    { method: 'POST', path: '/devices/remove', handler: pages.removeSubmit },
    { method: 'POST', path: '/devices/primary', handler: pages.primarySubmit },
    { method: 'GET', path: '/backup-codes', handler: pages.backupCodesShow },
    { method: 'POST', path: '/backup-codes', handler: pages.backupCodesSubmit },
    { method: 'POST', path: '/backup-codes/download', handler: pages.backupCodesDownload },
    { method: 'GET', path: '/disable', handler: pages.disableShow },
    { method: 'POST', path: '/disable', handler: pages.disableSubmit },
    { method: 'GET', path: '/reauthenticate', handler: pages.reauthenticateShow },
    { method: 'POST', path: '/reauthenticate', handler: pages.reauthenticateSubmit },
    { method: 'POST', path: '/remembered-browsers/forget', handler: pages.forgetBrowserSubmit },
    { method: 'POST', path: '/api/setup/start', handler: api.setupStart },
    { method: 'POST', path: '/api/setup/confirm', handler: api.setupConfirm },
    { method: 'POST', path: '/api/setup/resend', handler: api.setupResend },
    { method: 'POST', path: '/api/setup/cancel', handler: api.setupCancel },
    { method: 'GET', path: '/api/devices', handler: api.devices },
    { method: 'POST', path: '/api/devices/rename', handler: api.rename },
    { method: 'POST', path: '/api/devices/remove', handler: api.remove },
    { method: 'POST', path: '/api/devices/primary', handler: api.primary },
    { method: 'GET', path: '/api/backup-codes', handler: api.backupCodesCount },
    { method: 'POST', path: '/api/backup-codes', handler: api.backupCodesGenerate },
    { method: 'POST', path: '/api/disable', handler: api.disable },
    { method: 'POST', path: '/api/reauthenticate', handler: api.reauthenticate },
    { method: 'POST', path: '/api/remembered-browsers/forget', handler: api.forgetBrowser },
  ];
}
