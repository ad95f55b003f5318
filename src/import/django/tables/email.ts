/** django-otp's e-mail devices (`otp_email_emaildevice`) become `email` devices. */
import type { DjangoDeviceTable } from './common.js';

export const emailTable: DjangoDeviceTable = {
  table: 'otp_email_emaildevice',
  kind: 'email',
  columns: ['email'],
  map({ row }) {
    const address = typeof row.email === 'string' ? row.email.trim() : '';
    if (address !== '') return { ok: true, options: { address } };
    // django-otp then mails user.email; twofold's counterpart is the kind's resolveAddress.
    return {
      ok: true,
      options: {},
      notes: ["no address of its own (django-otp used the user's e-mail): the e-mail kind's resolveAddress must supply it"],
    };
  },
};
