/** How the pages offer HOTP: a hardware token (or app) whose codes follow a counter; set up by staff by default. */
import type { KindPresentation, KindSettings } from '../../core/presentation.js';
import type { JsonObject } from '../../core/types.js';

/** The HOTP kind's presentation. */
export const HOTP_PRESENTATION: KindPresentation<JsonObject> = {
  label: 'Hardware token',
  hint: 'A key-ring token (or an app) that shows a new code each time you press its button.',
  input: { type: 'digits' },
  role: 'method',
  // Counter-based tokens are usually handed out and registered by staff (admin, CLI); hosts list `hotp` in
  // `account.methods` to let users add one themselves.
  setup: { steps: 'scan', selfService: false },
  settings(state): KindSettings | null {
    const { digits, algorithm, counter } = state;
    return typeof digits === 'number' && typeof algorithm === 'string' && typeof counter === 'number' ? { digits, algorithm, counter } : null;
  },
};
