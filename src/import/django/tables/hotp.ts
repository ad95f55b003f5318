/** django-otp's HOTP devices (`otp_hotp_hotpdevice`) become `hotp` devices. */
import { MIN_KEY_BYTES } from '../../../devices/hotp/settings.js';
import { MAX_HOTP_TOLERANCE } from '../../../devices/hotp/index.js';
import { hexKeyOf, integerOf, toleranceOf, type DjangoDeviceTable } from './common.js';

export const hotpTable: DjangoDeviceTable = {
  table: 'otp_hotp_hotpdevice',
  kind: 'hotp',
  columns: ['key', 'digits', 'tolerance', 'counter'],
  map({ row }) {
    const key = hexKeyOf(row.key, MIN_KEY_BYTES);
    if ('reason' in key) return { ok: false, reason: key.reason };
    const digits = integerOf(row.digits);
    if (digits === null || digits < 6 || digits > 8) return { ok: false, reason: `${String(row.digits)} digits is outside twofold's 6 to 8` };
    // django's counter is the next one expected, as twofold's: every lower counter is used up.
    const counter = integerOf(row.counter);
    if (counter === null || counter < 0) return { ok: false, reason: 'counter is not a non-negative integer' };
    const notes: string[] = [];
    const tolerance = toleranceOf(row.tolerance, MAX_HOTP_TOLERANCE, notes);
    if (tolerance === null) return { ok: false, reason: 'tolerance is not a non-negative integer' };
    return { ok: true, options: { key: key.key, digits, tolerance, counter }, notes };
  },
};
