/** How the pages offer e-mail codes: sent to an address the user gives and confirms. */
import type { KindPresentation } from '../../core/presentation.js';
import type { JsonObject } from '../../core/types.js';

/** The English words of the address step; the catalogs' `account.kind.email.*` win. */
const EMAIL_TEXTS = {
  title: 'Add an e-mail address for codes',
  intro: 'Enter the e-mail address that should get your codes. We will send a code to it right away, to check that it reaches you.',
  field: 'E-mail address',
  fieldHint: 'For example name@example.com.',
  change: 'Use a different address',
  taken: 'This address already gets codes: it is one of your devices.',
  deviceName: 'E-mail {address}',
  problems: {
    empty: 'Enter an e-mail address.',
    'too-long': 'That address is too long: it can have at most 254 characters.',
    invalid: 'That is not an e-mail address we can use. Check it: it should look like name@example.com.',
  },
} as const;

/** The e-mail kind's presentation, with its address rules and masking. */
export function emailPresentation(rules: {
  checkAddress(input: unknown): { readonly ok: true; readonly address: string } | { readonly ok: false; readonly reason: string };
  mask(address: string): string;
}): KindPresentation<JsonObject> {
  return {
    label: 'E-mail',
    input: { type: 'digits' },
    role: 'method',
    delivery: { channel: () => 'email' },
    setup: {
      steps: 'destination',
      selfService: true,
      destination: {
        methods: ['email'],
        field: 'address',
        inputType: 'email',
        maxLength: 254,
        check(input) {
          const checked = rules.checkAddress(input);
          return checked.ok ? { ok: true, value: checked.address, options: { address: checked.address } } : { ok: false, reason: checked.reason };
        },
        nameParams: (value) => ({ address: rules.mask(value) }),
        texts: EMAIL_TEXTS,
      },
    },
  };
}
