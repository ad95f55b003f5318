/**
 * Renaming and removing a device, and choosing the primary one.
 */
import { formField } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import type { PageContext } from '../../web/pages/context.js';
import type { HostUser } from '../../web/user.js';
import { primaryDevice } from '../shared/primary.js';
import { accountDevices, findManageableDevice, makePrimaryDevice, removeAccountDevice, renameAccountDevice, setFlash } from './service.js';
import type { Device } from '../../core/types.js';
import type { AccountMessage } from './views.js';
import { accountUrls, type AccountPageHelpers } from './page-helpers.js';

/** Renaming and removing a device, and choosing the primary one. */
export function createDevicePages<User extends HostUser>(helpers: AccountPageHelpers<User>) {
  const { kit, twofold, views, message, base, page, deviceView, deviceViewWithDestination, guard, postedForm, notFound, here } = helpers;

  async function renamePage(context: PageContext<User>, userId: string, device: Device, name: string, status: number, errors: readonly AccountMessage[]) {
    const primary = await primaryDevice(twofold, userId);
    const body = views.accountRename({
      ...base(context, null, errors),
      page: 'account-rename',
      device: await deviceViewWithDestination(device, primary?.id ?? null),
      name,
    });
    return page(context, 'account.rename.title', body, status);
  }

  async function renameShow(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'verified-enabled', here(request));
    if (access instanceof Response) return access;
    const device = await findManageableDevice(twofold, access.user.id, new URL(request.url).searchParams.get('device'));
    if (device === null) return notFound(context);
    return renamePage(context, access.user.id, device, device.name, 200, []);
  }

  async function renameSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const deviceId = formField(form, 'device');
    const urls = accountUrls(context.basePath);
    const access = await guard(context, 'verified-enabled', `${urls.rename}?device=${encodeURIComponent(deviceId)}`);
    if (access instanceof Response) return access;
    const name = formField(form, 'name');
    const outcome = await renameAccountDevice(kit, request, access.user, deviceId, name);
    if (outcome.ok) {
      setFlash(kit, context.session, 'account.notice.renamed', { name: outcome.device.name });
      return redirectResponse(urls.profile);
    }
    if (outcome.reason === 'not-found') return notFound(context);
    const device = await findManageableDevice(twofold, access.user.id, deviceId);
    if (device === null) return notFound(context);
    return renamePage(context, access.user.id, device, name.slice(0, 64), 400, [message(outcome.error, outcome.params, 'name')]);
  }

  async function removePage(context: PageContext<User>, userId: string, deviceId: string | null, status: number): Promise<Response> {
    const devices = await accountDevices(twofold, userId);
    const device = devices.manageable.find((candidate) => candidate.persistentId === deviceId);
    if (device === undefined) return notFound(context);
    const primaryId = devices.primary?.id ?? null;
    const promoted = device.id === primaryId ? devices.others[0] : undefined;
    const onlyDevice = devices.manageable.length === 1;
    const body = views.accountRemove({
      ...base(context, null, onlyDevice && status !== 200 ? [message('account.error.lastDevice')] : []),
      page: 'account-remove',
      device: await deviceViewWithDestination(device, primaryId),
      promoted: promoted === undefined ? null : deviceView(promoted, primaryId),
      onlyDevice,
    });
    return page(context, 'account.remove.title', body, status);
  }

  async function removeShow(request: Request, context: PageContext<User>): Promise<Response> {
    const access = await guard(context, 'recent-enabled', here(request), 'removeDevice', new URL(request.url).searchParams.get('device') ?? undefined);
    if (access instanceof Response) return access;
    return removePage(context, access.user.id, new URL(request.url).searchParams.get('device'), 200);
  }

  async function removeSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const deviceId = formField(form, 'device');
    const urls = accountUrls(context.basePath);
    const access = await guard(context, 'recent-enabled', `${urls.remove}?device=${encodeURIComponent(deviceId)}`, 'removeDevice', deviceId);
    if (access instanceof Response) return access;
    // Only the confirmation page's button carries this: a bare post changes nothing.
    if (form.get('confirm') !== 'yes') return removePage(context, access.user.id, deviceId, 400);
    const outcome = await removeAccountDevice(kit, request, access.user, deviceId);
    if (outcome.ok) {
      setFlash(kit, context.session, 'account.notice.removed', { name: outcome.device.name });
      return redirectResponse(urls.profile);
    }
    if (outcome.reason === 'only-device') return removePage(context, access.user.id, deviceId, 409);
    return notFound(context);
  }

  async function primarySubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const urls = accountUrls(context.basePath);
    const access = await guard(context, 'verified-enabled', urls.profile);
    if (access instanceof Response) return access;
    const outcome = await makePrimaryDevice(kit, request, access.user, formField(form, 'device'));
    if (!outcome.ok) return notFound(context);
    setFlash(kit, context.session, 'account.notice.primary', { name: outcome.device.name });
    return redirectResponse(urls.profile);
  }


  return { renameShow, renameSubmit, removeShow, removeSubmit, primarySubmit };
}
