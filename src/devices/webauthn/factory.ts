/**
 * The `webauthn` kind as hosts create it: the verifying kind of `kind.ts`
 * with its presentation, whose ceremonies the pages run.
 */
import type { Twofold } from '../../core/api.js';
import { webauthnCeremonies } from './ceremonies.js';
import type { WebAuthnConfig } from './config.js';
import { createWebAuthnKind, type WebAuthnKind } from './kind.js';
import { webauthnPresentation } from './presentation.js';

/**
 * Creates the `webauthn` kind. Register it with `createTwofold({ kinds })`:
 * the setup wizard then offers "Security key or passkey" (when the host's
 * `account.methods` lists `webauthn`, or lists none), and sign-in offers the
 * user's keys first. Hosts with their own pages drive it with
 * {@link webauthnCeremonies}.
 *
 * @example
 * ```ts
 * const passkeys = webauthn({ rpId: 'example.com', rpName: 'Example', origins: ['https://example.com'] });
 * const twofold = createTwofold({ store, kinds: [totp(), passkeys, backupCodes()], secrets });
 * const ceremonies = webauthnCeremonies(twofold, passkeys);
 * ```
 *
 * @throws TwofoldError `INVALID_CONFIG` for a configuration browsers would refuse (see {@link WebAuthnConfig}).
 */
export function webauthn(config: WebAuthnConfig): WebAuthnKind {
  const core = createWebAuthnKind(config);
  const kind: WebAuthnKind = { ...core, presentation: webauthnPresentation((twofold: Twofold) => webauthnCeremonies(twofold, kind)) };
  return kind;
}
