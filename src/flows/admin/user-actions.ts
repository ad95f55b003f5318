/**
 * What staff do for a user (POST only): add an unconfirmed device to set up,
 * and add or regenerate backup codes (shown from the session on their own
 * page until handed over, never made again by a reload).
 */
import { isTwofoldError } from '../../core/errors.js';
import type { Device } from '../../core/types.js';
import { recoveryIssuer, recoveryKind } from '../../devices/presentation.js';
import { presentationOf } from '../../devices/presentation.js';
import { formField } from '../../web/form.js';
import { redirectResponse } from '../../web/headers.js';
import { backupCodesEnabled, codeCount, describeUser } from './config.js';
import { keepReveal, readReveal } from '../shared/code-reveal.js';
import { adminDocument, flash, pageModel, type Page } from './responses.js';
import { MAX_USER_ID_LENGTH } from './routes.js';
import { indexPage, userPage } from './user-pages.js';
import { codesView, replaceCodesView, type CreateFormValues } from './views.js';

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

/** The signed-in staff member's id: reveals are kept for them alone. */
function viewerOf(page: Page): string {
  return page.staffName;
}

/**
 * `POST /backup-codes`: adds one code, or (with `confirm=yes` from the
 * question) replaces the set, then redirects to `GET /backup-codes?user=...`,
 * which shows the new codes from the session; `action=saved` ends that.
 * While a reveal for this user is open, nothing new is made: an old tab or a
 * resubmitted form shows the same codes instead.
 */
export async function backupCodes(page: Page, form: URLSearchParams): Promise<Response> {
  const { twofold, t, codeReveal } = page.config;
  const userId = formField(form, 'user').trim();
  const action = formField(form, 'action');
  if (userId === '' || userId.length > MAX_USER_ID_LENGTH) return indexPage(page, '', 400, [t('admin.error.userRequired')]);
  if (!backupCodesEnabled(page.config)) return userPage(page, userId, 400, [t('admin.error.noBackupCodes')]);
  if (action !== 'add' && action !== 'regenerate' && action !== 'saved') return userPage(page, userId, 400, [t('admin.error.badRequest')]);
  const revealUrl = `${page.urls.backupCodes}?user=${encodeURIComponent(userId)}`;
  const { session } = page.context;
  const now = twofold.clock();
  const open = readReveal(session, codeReveal.key, codeReveal.sealer, viewerOf(page), userId, now, codeReveal.lifetimeMs);
  if (action === 'saved') {
    if (open !== null) session.delete(codeReveal.key);
    flash(page, 'notice', 'admin.notice.codesHandedOver');
    return redirectResponse(page.urls.user(userId));
  }
  if (open !== null) return redirectResponse(revealUrl);
  // Replacing unused codes asks first; a user with none has nothing to lose.
  if (action === 'regenerate' && form.get('confirm') !== 'yes' && ((await unusedCodes(page, userId)) ?? 0) > 0) return redirectResponse(`${revealUrl}&replace=1`);
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
  keepReveal(session, codeReveal.key, codeReveal.sealer, viewerOf(page), { codes, userId, at: now, issue: action === 'add' ? 'added' : 'replaced' });
  return redirectResponse(revealUrl);
}

/** How many unused backup codes the user has, or null without a backup-codes device. */
async function unusedCodes(page: Page, userId: string): Promise<number | null> {
  const recovery = recoveryKind(page.config.twofold);
  const [device] = recovery === null ? [] : await page.config.twofold.listDevices(userId, { kind: recovery.kind.name });
  return device === undefined ? null : codeCount(page.config, device);
}

/** `GET /backup-codes?user=...`: the new codes while they are revealed, the "replace all?" question (`&replace=1`), else the user's page. */
export async function backupCodesPage(page: Page, url: URL): Promise<Response> {
  const { twofold, t, translator, codeReveal } = page.config;
  const userId = (url.searchParams.get('user') ?? '').trim();
  if (userId === '' || userId.length > MAX_USER_ID_LENGTH || !backupCodesEnabled(page.config)) return redirectResponse(page.urls.home, 302);
  const who = await describeUser(page.config, userId);
  const open = readReveal(page.context.session, codeReveal.key, codeReveal.sealer, viewerOf(page), userId, twofold.clock(), codeReveal.lifetimeMs);
  if (open !== null) {
    const shownUntil = translator.time(new Date(open.at + codeReveal.lifetimeMs));
    const body = codesView({ ...pageModel(page), userId, userLabel: who.label, codes: open.codes, added: open.issue === 'added', shownUntil });
    return adminDocument(page.config, page.urls, t('admin.codesTitle'), body, 200);
  }
  if (url.searchParams.get('replace') !== '1') return redirectResponse(page.urls.user(userId), 302);
  const body = replaceCodesView({ ...pageModel(page), userId, userLabel: who.label, remaining: await unusedCodes(page, userId) });
  return adminDocument(page.config, page.urls, t('admin.codes.replaceTitle', { user: who.label }), body, 200);
}
