/**
 * Moving users from django-otp and django-two-factor-auth to twofold
 * without re-enrolment: see docs/migrating-from-django.md.
 *
 * @packageDocumentation
 */
export { importFromDjango } from './import.js';
export { djangoDeviceId } from './records.js';
export { DJANGO_DEVICE_TABLES } from './tables/index.js';
export { djangoYubikeyPublicId } from './tables/yubikey.js';
export { djangoWebAuthnUserHandle } from './tables/webauthn.js';
export type { DjangoDeviceMapping, DjangoDeviceRow, DjangoDeviceTable } from './tables/index.js';
export type {
  DjangoImportNote,
  DjangoImportOptions,
  DjangoImportProgress,
  DjangoImportReport,
  DjangoSkippedRow,
  DjangoUnmappedUser,
  DjangoUserKey,
  DjangoUserMapping,
} from './types.js';
