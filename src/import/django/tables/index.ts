/**
 * The Django device tables the importer reads, in two-factor's usual
 * INSTALLED_APPS order (which decides the primary device when a user has
 * several named "default"). Tables of plugins that are not installed are
 * simply absent (reported in `tables.missing`).
 */
import type { DjangoDeviceTable } from './common.js';
import { totpTable } from './totp.js';
import { hotpTable } from './hotp.js';
import { staticTable } from './static.js';
import { emailTable } from './email.js';
import { phoneTable } from './phone.js';
import { remoteYubikeyTable, yubikeyTable } from './yubikey.js';
import { webauthnTable } from './webauthn.js';

export const DJANGO_DEVICE_TABLES: readonly DjangoDeviceTable[] = [
  totpTable,
  phoneTable,
  webauthnTable,
  remoteYubikeyTable,
  yubikeyTable,
  emailTable,
  hotpTable,
  staticTable,
];

export type { DjangoDeviceTable, DjangoDeviceMapping, DjangoDeviceRow } from './common.js';
