/** How the pages offer TOTP: an authenticator app, set up by scanning a QR code. */
import type { KindPresentation, KindSettings } from '../../core/presentation.js';
import type { JsonObject } from '../../core/types.js';

/** The TOTP kind's presentation. */
export const TOTP_PRESENTATION: KindPresentation<JsonObject> = {
  label: 'Authenticator app',
  hint: 'An app on your phone (Google Authenticator, Microsoft Authenticator, 1Password, ...) shows a new code every 30 seconds.',
  input: { type: 'digits' },
  role: 'method',
  setup: { steps: 'scan', selfService: true },
  settings(state): KindSettings | null {
    const { digits, algorithm, step } = state;
    return typeof digits === 'number' && typeof algorithm === 'string' && typeof step === 'number' ? { digits, algorithm, step } : null;
  },
};
