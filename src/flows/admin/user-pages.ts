/**
 * The admin's pages about users: the home page (search over devices and
 * users, with "Add an authenticator") and one user's devices.
 */
import { recoveryKind } from '../../devices/presentation.js';
import { toTwofoldUser } from '../../web/user.js';
import { backupCodesEnabled, codeCount, describeUser, deviceRow } from './config.js';
import { adminDocument, notFound, pageModel, type Page } from './responses.js';
import { searchDevices } from './search.js';
import { indexView, userView, type CreateFormValues } from './views.js';

/** The home page: the devices (and, with `searchUsers`, the users without one) that match `query`. */
export async function indexPage(page: Page, query: string, status = 200, errors: readonly string[] = [], form?: CreateFormValues): Promise<Response> {
  const { config } = page;
  const { twofold, creatable, maxScan, maxUsers } = config;
  const found = await searchDevices(twofold, query, { maxScan, maxUsers });
  let withoutDevices: string[] = [];
  if (config.searchUsers !== undefined) {
    const users = await config.searchUsers(query, 50);
    const seen = new Set(found.userIds);
    withoutDevices = users
      .map((user) => toTwofoldUser(user)?.id)
      .filter((id): id is string => id !== undefined && !seen.has(id));
  }
  const body = indexView({
    ...pageModel(page, errors),
    query,
    devices: found.devices.map((device) => deviceRow(config, device)),
    userCount: found.userIds.length,
    truncated: found.truncated,
    scanLimit: maxScan,
    usersWithoutDevices: withoutDevices,
    kinds: creatable,
    createForm: form ?? { userId: '', kind: creatable[0]?.name ?? '', name: '' },
  });
  return adminDocument(config, page.urls, config.t('admin.title'), body, status);
}

/** One user's devices, backup codes and "Add an authenticator"; 404 for a user with no device whom `findUser` does not know. */
export async function userPage(page: Page, userId: string, status = 200, errors: readonly string[] = [], form?: CreateFormValues): Promise<Response> {
  const { config } = page;
  const { twofold, creatable } = config;
  const devices = await twofold.listDevices(userId);
  const who = await describeUser(config, userId);
  if (devices.length === 0 && who.exists === false) return notFound(page);
  const recovery = recoveryKind(twofold)?.kind.name;
  const codes = devices.find((device) => device.kind === recovery);
  const body = userView({
    ...pageModel(page, errors),
    userId,
    userLabel: who.label,
    devices: devices.map((device) => deviceRow(config, device)),
    kinds: creatable,
    createForm: form ?? { userId, kind: creatable[0]?.name ?? '', name: '' },
    backupCodes: backupCodesEnabled(config) ? { remaining: codes === undefined ? null : codeCount(config, codes) } : null,
  });
  return adminDocument(config, page.urls, config.t('admin.userTitle', { user: who.label }), body, status);
}
