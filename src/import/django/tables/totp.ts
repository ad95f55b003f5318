/** django-otp's TOTP devices (`otp_totp_totpdevice`) become `totp` devices. */
import { MAX_TOTP_STEP, MAX_TOTP_TOLERANCE } from '../../../devices/totp/index.js';
import { MIN_KEY_BYTES } from '../../../devices/hotp/settings.js';
import { hexKeyOf, integerOf, toleranceOf, type DjangoDeviceTable } from './common.js';

export const totpTable: DjangoDeviceTable = {
  table: 'otp_totp_totpdevice',
  kind: 'totp',
  columns: ['key', 'step', 't0', 'digits', 'tolerance', 'drift', 'last_t'],
  map({ row }) {
    const key = hexKeyOf(row.key, MIN_KEY_BYTES);
    if ('reason' in key) return { ok: false, reason: key.reason };
    const step = integerOf(row.step);
    if (step === null || step < 1 || step > MAX_TOTP_STEP) {
      return { ok: false, reason: `a time step of ${String(row.step)} s is outside twofold's 1 to ${MAX_TOTP_STEP} s` };
    }
    const digits = integerOf(row.digits);
    if (digits === null || digits < 6 || digits > 8) return { ok: false, reason: `${String(row.digits)} digits is outside twofold's 6 to 8` };
    const t0 = integerOf(row.t0);
    const drift = integerOf(row.drift);
    const lastT = integerOf(row.last_t);
    if (t0 === null || drift === null || lastT === null) return { ok: false, reason: 't0, drift or last_t is not an integer' };
    const notes: string[] = [];
    const tolerance = toleranceOf(row.tolerance, MAX_TOTP_TOLERANCE, notes);
    if (tolerance === null) return { ok: false, reason: 'tolerance is not a non-negative integer' };
    // django-otp adds each success's offset to the drift; twofold measures it and credits at most the kind's maxDrift.
    if (Math.abs(drift) > 1) notes.push(`django's accumulated drift of ${drift} steps is kept, but twofold applies at most the kind's maxDrift (default 1)`);
    return {
      ok: true,
      options: { key: key.key, digits, step, t0, tolerance },
      // last_t is the step of the last accepted code (drift included): codes of that step and older stay refused.
      state: (created) => ({ ...created, drift, lastStep: lastT >= 0 ? lastT : null }),
      notes,
    };
  },
};
