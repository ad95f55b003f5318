/**
 * The Django device tables the importer reads, in two-factor's usual
 * INSTALLED_APPS order (which decides the primary device when a user has
 * several named "default"). YubiKey (`otp_yubikey_*`) and WebAuthn
 * (`two_factor_webauthndevice`) are coming: each will be one more file here.
 */
import type { DjangoDeviceTable } from './common.js';
import { totpTable } from './totp.js';
import { hotpTable } from './hotp.js';
import { staticTable } from './static.js';
import { emailTable } from './email.js';
import { phoneTable } from './phone.js';

export const DJANGO_DEVICE_TABLES: readonly DjangoDeviceTable[] = [totpTable, phoneTable, emailTable, hotpTable, staticTable];

export type { DjangoDeviceTable, DjangoDeviceMapping, DjangoDeviceRow } from './common.js';
