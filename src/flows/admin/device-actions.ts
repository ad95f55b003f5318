/**
 * What staff do to one device: show it, confirm it with a code, rename it,
 * reset its throttling, delete it (GET asks first, POST deletes).
 */
import { isTwofoldError } from '../../core/errors.js';
import type { VerifyResult } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import { formField } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import { withRetryAfter } from '../../web/pages/second-factor.js';
import { describeError, describeUser, deviceRow, type AdminConfig } from './config.js';
import { devicePage, qrCode } from './device-pages.js';
import { adminDocument, flash, notFound, pageModel, type Page } from './responses.js';
import { deleteView, type DeviceAction } from './views.js';

/** The message and status of a refused code; `retryAt` when the device is throttled (for `Retry-After`). */
function verifyFailureMessage(config: AdminConfig, result: Extract<VerifyResult, { ok: false }>): { message: string; status: number; retryAt: Date | null } {
  const { twofold, translator, t } = config;
  switch (result.reason) {
    case 'throttled': {
      const until = result.lockedUntil ?? new Date(twofold.clock());
      return {
        message: t('admin.error.throttled', {
          count: result.failureCount,
          relative: translator.relative(until, twofold.clock()),
          time: translator.time(until),
        }),
        status: 429,
        retryAt: until,
      };
    }
    case 'device-unusable':
      return { message: t('admin.error.deviceUnusable'), status: 409, retryAt: null };
    default:
      return { message: t('admin.error.invalidToken'), status: 400, retryAt: null };
  }
}

/** Answers a device's page or one of its actions (`action` null: the page itself). */
export async function deviceAction(page: Page, request: Request, device: Device, action: DeviceAction | null, form: URLSearchParams | null): Promise<Response> {
  const { config } = page;
  const { twofold, logger, t } = config;
  const pid = device.persistentId;
  if (action === null) return devicePage(page, device);
  if (action === 'qr.svg') return qrCode(page, device);
  if (action === 'delete' && request.method !== 'POST') {
    const who = await describeUser(config, device.userId);
    return adminDocument(config, page.urls, t('admin.deleteTitle'), deleteView({ ...pageModel(page), device: deviceRow(config, device), userLabel: who.label }), 200);
  }
  const fields = form ?? new URLSearchParams();
  try {
    switch (action) {
      case 'confirm': {
        if (device.confirmed) {
          flash(page, 'error', 'admin.error.alreadyConfirmed');
          return redirectResponse(page.urls.device(pid));
        }
        const token = formField(fields, 'token').trim();
        if (token === '') return await devicePage(page, device, { status: 400, errors: [t('admin.error.tokenRequired')], errorField: 'token' });
        const result = await twofold.verifyToken(device.userId, pid, token, { confirm: true });
        if (result.ok) {
          flash(page, 'notice', 'admin.notice.confirmed', { name: result.device.name });
          return redirectResponse(page.urls.device(pid));
        }
        if (result.reason === 'device-not-found') return notFound(page);
        const failure = verifyFailureMessage(config, result);
        const current = (await twofold.findDevice(pid)) ?? device;
        const refused = await devicePage(page, current, { status: failure.status, errors: [failure.message], errorField: 'token' });
        return withRetryAfter(refused, failure.retryAt, twofold.clock());
      }
      case 'rename': {
        const name = formField(fields, 'name');
        let renamed: Device | null;
        try {
          renamed = await twofold.renameDevice(device.userId, pid, name);
        } catch (error) {
          if (!isTwofoldError(error, 'INVALID_ARGUMENT')) throw error;
          return await devicePage(page, device, { status: 400, errors: [t('admin.error.badName')], errorField: 'name', renameValue: name.slice(0, 64) });
        }
        if (renamed === null) return notFound(page);
        flash(page, 'notice', 'admin.notice.renamed', { name: renamed.name });
        return redirectResponse(page.urls.device(pid));
      }
      case 'reset-throttle': {
        const reset = await twofold.resetThrottle(device.userId, pid);
        if (reset === null) return notFound(page);
        flash(page, 'notice', 'admin.notice.throttleReset', { name: reset.name });
        return redirectResponse(page.urls.device(pid));
      }
      case 'delete': {
        const who = await describeUser(config, device.userId);
        if (!(await twofold.deleteDevice(device.userId, pid))) return notFound(page);
        flash(page, 'notice', 'admin.notice.deleted', { name: device.name, user: who.label });
        return redirectResponse(page.urls.user(device.userId));
      }
    }
  } catch (error) {
    if (isTwofoldError(error, 'CORRUPT_DEVICE') || isTwofoldError(error, 'DECRYPTION_FAILED')) {
      logger.warn(`twofold admin: device ${pid} is unusable: ${describeError(error)}`);
      return devicePage(page, device, { status: 409, errors: [t('admin.error.deviceUnusable')] });
    }
    throw error;
  }
}
