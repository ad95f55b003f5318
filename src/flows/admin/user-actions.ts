/**
 * What staff do for a user (POST only): add an unconfirmed device to set up,
 * and add or regenerate backup codes (shown once, on the page that answers).
 */
import { isTwofoldError } from '../../core/errors.js';
import type { Device } from '../../core/types.js';
import { recoveryIssuer } from '../../devices/presentation.js';
import { presentationOf } from '../../devices/presentation.js';
import { formField } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import { backupCodesEnabled, describeUser } from './config.js';
import { adminDocument, flash, pageModel, type Page } from './responses.js';
import { MAX_USER_ID_LENGTH } from './routes.js';
import { indexPage, userPage } from './user-pages.js';
import { codesView, type CreateFormValues } from './views.js';

/** Adds an unconfirmed device and shows its page, where its key is set up and confirmed. */
export async function createDevice(page: Page, form: URLSearchParams): Promise<Response> {
  const { twofold, creatable, t } = page.config;
  const userId = formField(form, 'user').trim();
  const kind = formField(form, 'kind');
  const name = formField(form, 'name').trim();
  const values: CreateFormValues = { userId, kind, name };
  if (userId === '' || userId.length > MAX_USER_ID_LENGTH) return indexPage(page, '', 400, [t('admin.error.userRequired')], values);
  const who = await describeUser(page.config, userId);
  if (who.exists === false) return indexPage(page, '', 400, [t('admin.error.unknownUser', { user: userId })], values);
  if (!creatable.some((choice) => choice.name === kind)) return userPage(page, userId, 400, [t('admin.error.badKind')], values);
  let device: Device;
  try {
    device = await twofold.createDevice({ userId, kind, name: name === '' ? (presentationOf(twofold.kind(kind))?.label ?? kind) : name, confirmed: false });
  } catch (error) {
    if (isTwofoldError(error, 'INVALID_ARGUMENT')) return userPage(page, userId, 400, [t('admin.error.badName')], values);
    throw error;
  }
  flash(page, 'notice', 'admin.notice.created', { name: device.name, user: who.label });
  return redirectResponse(page.urls.device(device.persistentId));
}

/** Adds one backup code or regenerates the set, and shows the new codes this once. */
export async function backupCodes(page: Page, form: URLSearchParams): Promise<Response> {
  const { twofold, t } = page.config;
  const userId = formField(form, 'user').trim();
  const action = formField(form, 'action');
  if (userId === '' || userId.length > MAX_USER_ID_LENGTH) return indexPage(page, '', 400, [t('admin.error.userRequired')]);
  if (!backupCodesEnabled(page.config)) return userPage(page, userId, 400, [t('admin.error.noBackupCodes')]);
  if (action !== 'add' && action !== 'regenerate') return userPage(page, userId, 400, [t('admin.error.badRequest')]);
  const who = await describeUser(page.config, userId);
  if (who.exists === false) return indexPage(page, '', 400, [t('admin.error.unknownUser', { user: userId })]);
  let codes: readonly string[];
  try {
    // The recovery kind, found by its role, issues (or adds to) its own list.
    const issuer = recoveryIssuer(twofold);
    if (issuer === null || (action === 'add' && issuer.addOne === undefined)) return await userPage(page, userId, 400, [t('admin.error.noBackupCodes')]);
    const added = action === 'add' ? await issuer.addOne?.(twofold, userId) : undefined;
    codes = added === undefined ? (await issuer.issue(twofold, userId)).codes : [added.code];
  } catch (error) {
    if (isTwofoldError(error, 'INVALID_ARGUMENT')) return userPage(page, userId, 400, [t('admin.error.tooManyCodes')]);
    throw error;
  }
  const body = codesView({ ...pageModel(page), userId, userLabel: who.label, codes, added: action === 'add' });
  return adminDocument(page.config, page.urls, t('admin.codesTitle'), body, 200);
}
