/**
 * The backup codes pages: how many are left, a new set, and its download.
 */
import { securityHeaders } from '../../web/headers.js';
import type { PageContext } from '../../web/pages/context.js';
import type { HostUser } from '../../web/user.js';
import { accountDevices, backupCodesAvailable, codesForDownload, generateAccountBackupCodes } from './service.js';
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
  const { pageKit, kit, twofold, t, account, views, base, page, formatDate, guard, postedForm, here } = helpers;

  async function backupCodesShow(request: Request, context: PageContext<User>): Promise<Response> {
    if (!backupCodesAvailable(twofold)) return pageKit.errorPage(context, 404, 'account.error.notEnabled');
    const access = await guard(context, 'verified-enabled', here(request));
    if (access instanceof Response) return access;
    const devices = await accountDevices(twofold, access.user.id);
    const body = views.accountBackupCodes({ ...base(context, null), page: 'account-backup-codes', remaining: devices.backupCodesRemaining });
    return page(context, 'account.backupCodes.title', body);
  }

  async function backupCodesSubmit(request: Request, context: PageContext<User>): Promise<Response> {
    const form = await postedForm(request, context);
    if (form instanceof Response) return form;
    if (!backupCodesAvailable(twofold)) return pageKit.errorPage(context, 404, 'account.error.notEnabled');
    const access = await guard(context, 'recent-enabled', accountUrls(context.basePath).backupCodes);
    if (access instanceof Response) return access;
    const issued = await generateAccountBackupCodes(kit, request, context.session, access.user);
    const body = views.accountBackupCodesIssued({
      ...base(context, null),
      page: 'account-backup-codes-issued',
      codes: issued.codes,
      replaced: issued.replaced,
    });
    return page(context, 'account.backupCodes.issuedTitle', body);
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
