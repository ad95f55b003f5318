/** How the pages offer phone codes: by text message or voice call, as the device was set up; set up with a number the user types. */
import type { KindPresentation } from '../../core/presentation.js';
import type { JsonObject } from '../../core/types.js';
import type { PhoneNumberCheck } from './number.js';

/** The English words of the number step; the catalogs' `account.kind.phone.*` win. */
const PHONE_TEXTS = {
  title: 'Add a backup phone number',
  intro: 'Enter the phone number that should get your codes. We will send a code to it right away, to check that it reaches you.',
  risk:
    'Codes sent to a phone number are only as safe as the number: someone who gets your provider to move it to their SIM card or to another provider receives your codes too. An authenticator app is safer, so keep this number as a backup if you can.',
  field: 'Phone number',
  fieldHint: 'Start with + and the country code if the number is from abroad, for example +1 201 555 0123.',
  change: 'Use a different number',
  taken: 'This number already gets codes that way: it is one of your devices.',
  deviceName: 'Phone ending in {digits}',
  listHeading: 'Backup phone numbers',
  listIntro: 'When your usual device is not at hand, you can have a code sent to one of these numbers instead.',
  listNone: 'You have no backup phone number.',
  problems: {
    empty: 'Enter a phone number.',
    invalid: 'That is not a phone number we can use. Check the digits, and leave out letters and extensions.',
    'missing-country-code': 'Start the number with + and its country code, for example +1 201 555 0123.',
    'region-not-allowed': 'We cannot send codes to phone numbers from that country. Use a number from another country.',
    'number-type-refused': 'That number cannot get codes: premium-rate and shared-cost numbers are not accepted. Use a mobile number or an ordinary landline.',
  },
} as const;

/**
 * The phone kind's presentation, for the methods it offers (`sms`, `call`)
 * and its number rules.
 */
export function phonePresentation(kind: {
  readonly methods: readonly ('sms' | 'call')[];
  checkNumber(input: unknown): PhoneNumberCheck;
}): KindPresentation<JsonObject> {
  return {
    label: 'Phone',
    input: { type: 'digits' },
    role: 'method',
    delivery: { channel: (state) => (state.method === 'call' ? 'call' : 'sms') },
    setup: {
      steps: 'destination',
      selfService: true,
      destination: {
        methods: kind.methods,
        field: 'number',
        inputType: 'tel',
        maxLength: 64,
        check(input, method) {
          const checked = kind.checkNumber(input);
          return checked.ok ? { ok: true, value: checked.number, options: { number: checked.number, method } } : { ok: false, reason: checked.reason };
        },
        nameParams: (value) => ({ digits: value.slice(-2) }),
        // Phones are the classic backup: the profile lists them apart, with "Add a backup phone number".
        backupList: true,
        texts: PHONE_TEXTS,
      },
    },
  };
}
