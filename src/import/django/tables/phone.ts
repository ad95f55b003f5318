/**
 * django-two-factor-auth's phone devices (`two_factor_phonedevice`, present
 * when its phonenumber plugin is installed) become `phone` devices. Their
 * key is not carried over: twofold's phone kind makes a fresh key for
 * hashing the codes it sends, and no code is outstanding across a switch.
 */
import type { DjangoDeviceTable } from './common.js';

export const phoneTable: DjangoDeviceTable = {
  table: 'two_factor_phonedevice',
  kind: 'phone',
  columns: ['number', 'method'],
  map({ row }) {
    const { number, method } = row;
    if (typeof number !== 'string' || number.trim() === '') return { ok: false, reason: 'the phone number is empty' };
    if (method !== 'sms' && method !== 'call') return { ok: false, reason: `unknown method ${JSON.stringify(method)} (expected sms or call)` };
    return { ok: true, options: { number: number.trim(), method } };
  },
};
