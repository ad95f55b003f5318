/** How the pages offer phone codes: by text message or voice call, as the device was set up. */
import type { KindPresentation } from '../../core/presentation.js';
import type { JsonObject } from '../../core/types.js';

/** The phone kind's presentation. */
export const PHONE_PRESENTATION: KindPresentation<JsonObject> = {
  label: 'Phone',
  input: { type: 'digits' },
  role: 'method',
  delivery: { channel: (state) => (state.method === 'call' ? 'call' : 'sms') },
  setup: { steps: 'destination', selfService: true },
};
