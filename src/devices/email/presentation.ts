/** How the pages offer e-mail codes: sent to an address the user gives and confirms. */
import type { KindPresentation } from '../../core/presentation.js';

/** The e-mail kind's presentation. */
export const EMAIL_PRESENTATION: KindPresentation = {
  label: 'E-mail',
  input: { type: 'digits' },
  role: 'method',
  delivery: { channel: () => 'email' },
  setup: { steps: 'destination', selfService: true },
};
