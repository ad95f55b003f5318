/**
 * The admin's pages about one device: its detail page (with the key and QR
 * code while it is being set up, under `setup.ts`'s rule) and the QR code
 * itself as SVG.
 */
import type { Device } from '../../core/types.js';
import { describeDevice, englishWords, presentationOf } from '../../devices/presentation.js';
import type { KindWords } from '../../core/presentation.js';
import { translatedText } from '../../web/i18n/localize.js';
import { securityHeaders } from '../../web/headers.js';
import { backupCodesEnabled, codeCount, describeError, describeUser, deviceRow, type AdminConfig } from './config.js';
import { adminDocument, errorPage, notFound, pageModel, type Page } from './responses.js';
import { accountNameFor, groupKey, hasProvisioningUri, mayRevealSecret, revealKey } from './setup.js';
import { deviceView, type DevicePageModel } from './views.js';

/** The code settings the device's kind declares (time-based or counter-based), in words. */
function settingsText(config: AdminConfig, device: Device): string | null {
  const settings = presentationOf(config.twofold.kind(device.kind))?.settings?.(device.state) ?? null;
  if (settings === null) return null;
  const { digits, algorithm, step, counter } = settings;
  if (step !== undefined) return config.t('admin.detail.settingsTotp', { digits, step, algorithm });
  if (counter !== undefined) return config.t('admin.detail.settingsHotp', { digits, counter, algorithm });
  return null;
}

/**
 * A kind's sentences in the reader's language: the shipped translations of
 * `account.kind.<name>.<key>` (the admin shares the account pages' words for
 * a device), else the kind's English.
 */
function kindWordsFor(config: AdminConfig, kindName: string): KindWords {
  return (key, english, params) => {
    const language = config.translator.translation;
    const translated = language === undefined ? undefined : translatedText(language, `account.kind.${kindName}.${key}`, params);
    return translated ?? englishWords(key, english, params);
  };
}

/** What a device page shows besides the device: a status, errors, the field they are about, a rejected name. */
export interface DevicePageExtra {
  readonly status?: number;
  readonly errors?: readonly string[];
  readonly errorField?: 'token' | 'name' | null;
  readonly renameValue?: string;
}

/** A device's detail page: its state, settings, key and QR code while setting up, and its forms. */
export async function devicePage(page: Page, device: Device, extra: DevicePageExtra = {}): Promise<Response> {
  const { config } = page;
  const { twofold, logger, t } = config;
  const who = await describeUser(config, device.userId);
  let setup: DevicePageModel['setup'] = null;
  let setupNote: DevicePageModel['setupNote'] = null;
  if (hasProvisioningUri(twofold, device)) {
    if (mayRevealSecret(device, config.showSecrets)) {
      try {
        const key = await revealKey(twofold, device, accountNameFor(device.userId, who.username));
        setup = {
          groupedKey: groupKey(key.base32),
          qrUrl: page.urls.deviceAction(device.persistentId, 'qr.svg'),
          settings:
            key.period !== null
              ? t('admin.detail.settingsTotp', { digits: key.digits, step: key.period, algorithm: key.algorithm })
              : t('admin.detail.settingsHotp', { digits: key.digits, counter: key.counter ?? 0, algorithm: key.algorithm }),
        };
      } catch (error) {
        logger.warn(`twofold admin: cannot show the key of device ${device.persistentId}: ${describeError(error)}`);
        setupNote = 'unavailable';
      }
    } else {
      setupNote = 'hidden';
    }
  }
  const body = deviceView({
    ...pageModel(page, extra.errors ?? []),
    device: deviceRow(config, device),
    userLabel: who.label,
    setup,
    setupNote,
    confirmedSecretWarning: setup !== null && device.confirmed,
    settings: settingsText(config, device),
    description: describeDevice(twofold, device, kindWordsFor(config, device.kind)),
    codesLeft: codeCount(config, device),
    backupCodesEnabled: backupCodesEnabled(config),
    renameValue: extra.renameValue ?? device.name,
    errorField: extra.errorField ?? null,
  });
  return adminDocument(config, page.urls, device.name, body, extra.status ?? 200);
}

/** The device's QR code as a standalone SVG, under the same rule as its key. */
export async function qrCode(page: Page, device: Device): Promise<Response> {
  const { config } = page;
  if (!hasProvisioningUri(config.twofold, device)) return notFound(page);
  if (!mayRevealSecret(device, config.showSecrets)) {
    return errorPage(config, page.urls, 403, 'admin.forbiddenTitle', config.t('admin.error.secretHidden'), true);
  }
  const who = await describeUser(config, device.userId);
  let svg: string;
  try {
    svg = await config.twofold.qrCodeSvg(device, { accountName: accountNameFor(device.userId, who.username) });
  } catch (error) {
    config.logger.warn(`twofold admin: cannot draw the QR code of device ${device.persistentId}: ${describeError(error)}`);
    return notFound(page);
  }
  // An SVG opened on its own is a document: no scripts, no loads, whatever it contains.
  const headers = securityHeaders({ contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" });
  headers.set('Content-Type', 'image/svg+xml; charset=utf-8');
  return new Response(svg, { status: 200, headers });
}
