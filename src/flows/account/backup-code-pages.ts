/**
 * The backup codes pages: how many are left, a new set, and its download.
 *
 * Post/Redirect/Get: a new set is made by a POST that redirects to
 * `GET /backup-codes`, which shows it from the session (sealed) until the
 * user says it is saved or `backupCodesDownloadSeconds` pass. Reloading,
 * Back or a second tab show the same set; nothing but the confirmed POST
 * ever replaces one.
 */
import { redirectResponse, securityHeaders } from '../../web/headers.js';
import { safeNext, type PageContext } from '../../web/pages/context.js';
import type { HostUser } from '../../web/user.js';
import {
  accountDevices,
  backupCodesAvailable,
  codesForDownload,
  forgetRevealedCodes,
  generateAccountBackupCodes,
  revealedCodes,
  setFlash,
  takeFlash,
} from './service.js';
import { accountUrls, type AccountPageHelpers } from './page-helpers.js';

/**
 * `attachment` with the site's name in the file name (`Example-backup-codes.txt`),
 * so that the file is found again among others: an ASCII fallback, and the
 * name as given in `filename*` (RFC 6266) for a site name beyond ASCII.
 */
export function backupCodesDisposition(site: string): string {
  const plain = site.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
  const ascii = plain === '' ? 'backup-codes.txt' : `${plain}-backup-codes.txt`;
  const cleaned = site.replace(/[\p{Cc}/\\:*?"<>|]+/gu, ' ').trim().slice(0, 60);
  if (cleaned === '' || /^[\x20-\x7e]*$/.test(cleaned)) return `attachment; filename="${ascii}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${cleaned}-backup-codes.txt`).replace(/['()!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** The backup codes pages: how many are left, a new set, and its download. */
export function createBackupCodePages<User extends HostUser>(helpers: AccountPageHelpers<User>) {
  const { pageKit, kit, config, twofold, t, account, views, message, base, page, formatDate, guard, postedForm, queryNext, here } = helpers;

  /**
   * The backup codes page: a new set while it is being revealed (reloads show
   * the same set), the "replace all your codes?" question (`?replace=1`), or
   * how many are left.
   */
  async function backupCodesShow(request: Request, context: PageContext<User>): Promise<Response> {
    if (!backupCodesAvailable(twofold)) return pageKit.errorPage(context, 404, 'account.error.notEnabled');
    const access = await guard(context, 'verified-enabled', here(request));
    if (access instanceof Response) return access;
    const revealed = revealedCodes(kit, context.session, access.user.id);
    if (revealed !== null) {
      const body = views.accountBackupCodesIssued({
        ...base(context, queryNext(request)),
        page: 'account-backup-codes-issued',
        codes: revealed.codes,
        replaced: revealed.replaced,
        shownUntil: t.time(new Date(revealed.at + account.backupCodesDownloadMs)),
      });
      return page(context, 'account.backupCodes.issuedTitle', body);
    }
    const devices = await accountDevices(twofold, access.user.id);
    const flash = takeFlash(kit, context.session);
    const body = views.accountBackupCodes({
      ...base(context, null, [], flash === null ? [] : [message(flash.id, flash.params)]),
      page: 'account-backup-codes',
      remaining: devices.backupCodesRemaining,
      confirmReplace: new URL(request.url).searchParams.get('replace') === '1',
    });
    return page(context, 'account.backupCodes.title', body);
  }

  /**
   * `POST /backup-codes`: `action=saved` ends the reveal; otherwise a new set,
   * made only when no set is being revealed (a second tab or an old form shows
   * that set instead of replacing it) and, when unused codes would stop
   * working, only with `confirm=yes` from the question. Always a redirect.
   */
  async function backupCodesSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    if (!backupCodesAvailable(twofold)) return pageKit.errorPage(context, 404, 'account.error.notEnabled');
    const urls = accountUrls(context.basePath);
    if (form.get('action') === 'saved') {
      const access = await guard(context, 'verified-enabled', urls.backupCodes);
      if (access instanceof Response) return access;
      forgetRevealedCodes(kit, context.session);
      setFlash(kit, context.session, 'account.notice.codesSaved');
      return redirectResponse(safeNext(form.get(config.redirectField)) ?? urls.profile);
    }
    const access = await guard(context, 'recent-enabled', urls.backupCodes, 'backupCodes');
    if (access instanceof Response) return access;
    if (revealedCodes(kit, context.session, access.user.id) !== null) return redirectResponse(urls.backupCodes);
    const { backupCodesRemaining } = await accountDevices(twofold, access.user.id);
    if (backupCodesRemaining !== null && backupCodesRemaining > 0 && form.get('confirm') !== 'yes') return redirectResponse(`${urls.backupCodes}?replace=1`);
    await generateAccountBackupCodes(kit, request, context.session, access.user, { reveal: true });
    return redirectResponse(urls.backupCodes);
  }

  async function backupCodesDownload(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    const access = await guard(context, 'verified-enabled', accountUrls(context.basePath).backupCodes);
    if (access instanceof Response) return access;
    const fresh = codesForDownload(kit, context.session, access.user.id);
    if (fresh === null) return pageKit.errorPage(context, 410, 'account.error.downloadExpired');
    const site = account.issuer(access.user)?.trim() ?? '';
    const accountName = account.accountName(access.user);
    const lines = [
      site === '' ? t.text('account.backupCodes.fileHeader', { account: accountName }) : t.text('account.backupCodes.fileHeaderSite', { account: accountName, site }),
      t.text('account.backupCodes.fileIntro', { date: formatDate(new Date(fresh.at)) }),
      '',
      ...fresh.codes.map((code, index) => `${String(index + 1).padStart(2, ' ')}. ${code}`),
      '',
    ];
    const headers = securityHeaders({ contentSecurityPolicy: null });
    headers.set('Content-Type', 'text/plain; charset=utf-8');
    headers.set('Content-Disposition', backupCodesDisposition(site));
    return new Response(lines.join('\n'), { status: 200, headers });
  }


  return { backupCodesShow, backupCodesSubmit, backupCodesDownload };
}
