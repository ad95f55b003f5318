/**
 * The device endpoints of the account JSON API: list the account's devices,
 * rename one, remove one, make one primary, and count or regenerate the
 * backup codes.
 */
import type { PageContext, PageHandler } from '../../web/pages/context.js';
import type { HostUser } from '../../web/user.js';
import { hasRecentFactor } from '../account/access.js';
import {
  accountDevices,
  backupCodesAvailable,
  generateAccountBackupCodes,
  makePrimaryDevice,
  removeAccountDevice,
  renameAccountDevice,
} from '../account/service.js';
import { listRememberedBrowsers } from '../remember/service.js';
import { accountApiError as apiError, accountApiOk as apiOk, optionalString as stringField } from './account-http.js';
import type { AccountEndpointKit } from './account-endpoint.js';
import type {
  AccountDevicesResponse,
  BackupCodesCountResponse,
  BackupCodesGenerateResponse,
  PrimaryDeviceResponse,
  RemoveDeviceResponse,
  RenameDeviceResponse,
} from './types.js';

/** The device and backup-code handlers of the account API. */
export interface AccountDeviceHandlers<User extends HostUser> {
  readonly devices: PageHandler<User>;
  readonly rename: PageHandler<User>;
  readonly remove: PageHandler<User>;
  readonly primary: PageHandler<User>;
  readonly backupCodesCount: PageHandler<User>;
  readonly backupCodesGenerate: PageHandler<User>;
}

/** Creates the device and backup-code endpoints on the shared helpers `endpoint`. */
export function createAccountDeviceApi<User extends HostUser>(endpoint: AccountEndpointKit<User>): AccountDeviceHandlers<User> {
  const { kit, text, allowed, post, invalidRequest, deviceNotFound, primaryId, apiDevice } = endpoint;
  const { config, twofold, account } = kit;

  async function devices(_request: Request, context: PageContext<User>): Promise<Response> {
    const access = await allowed(context, 'verified');
    if (access instanceof Response) return access;
    const userId = access.user.id;
    const found = await accountDevices(twofold, userId);
    const primary = found.primary?.id ?? null;
    const remembered =
      config.remember === null
        ? null
        : (await listRememberedBrowsers(twofold, userId)).map((browser) => ({
            id: browser.id,
            userAgent: browser.userAgent,
            createdAt: browser.createdAt.toISOString(),
            lastUsedAt: browser.lastUsedAt?.toISOString() ?? null,
            expiresAt: browser.expiresAt.toISOString(),
            device: browser.device.persistentId,
          }));
    return apiOk({
      enabled: access.enabled,
      primary: found.primary?.persistentId ?? null,
      devices: await Promise.all(found.manageable.map((device) => apiDevice(device, primary))),
      backupCodes: { available: backupCodesAvailable(twofold), remaining: found.backupCodesRemaining },
      rememberedBrowsers: remembered,
      setupMethods: account.methods,
      recentlyVerified: hasRecentFactor(await context.otp.factors(), twofold.clock(), account.recentVerificationMs),
    } satisfies AccountDevicesResponse);
  }

  async function rename(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'verified-enabled');
    if (start instanceof Response) return start;
    const device = stringField(start.body, 'device');
    const name = stringField(start.body, 'name');
    if (typeof device !== 'string' || typeof name !== 'string') return invalidRequest();
    const outcome = await renameAccountDevice(kit, request, start.user, device, name);
    if (!outcome.ok) {
      return outcome.reason === 'not-found' ? deviceNotFound() : apiError(400, 'invalid_name', text(outcome.error, outcome.params));
    }
    return apiOk({ device: await apiDevice(outcome.device, await primaryId(start.user.id)) } satisfies RenameDeviceResponse);
  }

  async function remove(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'recent-enabled', 'removeDevice');
    if (start instanceof Response) return start;
    const device = stringField(start.body, 'device');
    if (typeof device !== 'string') return invalidRequest();
    const outcome = await removeAccountDevice(kit, request, start.user, device);
    if (!outcome.ok) return outcome.reason === 'only-device' ? apiError(409, 'only_device', text('account.error.lastDevice')) : deviceNotFound();
    const primary = outcome.primary?.id ?? null;
    return apiOk({
      removed: await apiDevice(outcome.device, null),
      primary: outcome.primary === null ? null : await apiDevice(outcome.primary, primary),
    } satisfies RemoveDeviceResponse);
  }

  async function primary(request: Request, context: PageContext<User>): Promise<Response> {
    const start = await post(request, context, 'verified-enabled');
    if (start instanceof Response) return start;
    const device = stringField(start.body, 'device');
    if (typeof device !== 'string') return invalidRequest();
    const outcome = await makePrimaryDevice(kit, request, start.user, device);
    if (!outcome.ok) return deviceNotFound();
    return apiOk({ primary: await apiDevice(outcome.device, outcome.device.id) } satisfies PrimaryDeviceResponse);
  }


  async function backupCodesCount(_request: Request, context: PageContext<User>): Promise<Response> {
    if (!backupCodesAvailable(twofold)) return apiError(404, 'backup_codes_unavailable', text('account.error.notEnabled'));
    const access = await allowed(context, 'verified-enabled');
    if (access instanceof Response) return access;
    return apiOk({ remaining: (await accountDevices(twofold, access.user.id)).backupCodesRemaining } satisfies BackupCodesCountResponse);
  }

  async function backupCodesGenerate(request: Request, context: PageContext<User>): Promise<Response> {
    if (!backupCodesAvailable(twofold)) return apiError(404, 'backup_codes_unavailable', text('account.error.notEnabled'));
    const start = await post(request, context, 'recent-enabled', 'backupCodes');
    if (start instanceof Response) return start;
    const issued = await generateAccountBackupCodes(kit, request, context.session, start.user);
    return apiOk({ codes: issued.codes, remaining: issued.codes.length, replaced: issued.replaced } satisfies BackupCodesGenerateResponse);
  }

  return { devices, rename, remove, primary, backupCodesCount, backupCodesGenerate };
}
