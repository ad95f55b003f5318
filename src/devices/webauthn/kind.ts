/**
 * The `webauthn` device kind: security keys and passkeys. One device is one
 * credential. The core's `verifyToken` runs an assertion through it: the
 * token is the browser's JSON response, and the challenge the ceremony took
 * from the store arrives as the verification's `context` (never from the
 * client). Without that context nothing is accepted, so typing a recorded
 * response into a code field (`matchToken`) gets nowhere.
 */
import { createHash } from 'node:crypto';
import type { DeviceKind, KindVerifyInput, KindVerifyOutcome } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import { checkOfLibraryError, describeLibraryError, type WebAuthnCheck } from './checks.js';
import { resolveWebAuthnConfig, type ResolvedWebAuthnConfig, type WebAuthnConfig } from './config.js';
import { loadWebAuthnLibrary } from './server.js';
import {
  WEBAUTHN_KIND_NAME,
  createWebAuthnDevice,
  isBase64Url,
  MAX_CREDENTIAL_ID_BYTES,
  parseWebAuthnState,
  type WebAuthnCreateOptions,
  type WebAuthnState,
} from './state.js';

/** What the kind tells the ceremony about one assertion, besides accept or refuse. */
export type AssertionFinding =
  | { readonly type: 'rejected'; readonly check: WebAuthnCheck; readonly detail: string }
  | { readonly type: 'counter-regression'; readonly stored: number; readonly received: number; readonly refused: boolean };

/** The `context` a ceremony passes to `verifyToken` for one assertion. */
export interface AssertionContext {
  /** The challenge taken from the store for this ceremony (base64url). */
  readonly challenge: string;
  /** Receives what the kind found (called during verification; must not throw). */
  readonly report: (finding: AssertionFinding) => void;
  /** User verification is required for this assertion whatever the kind's setting (passwordless sign-in). */
  readonly requireUserVerification?: boolean;
}

/** The `webauthn` kind: a {@link DeviceKind} plus its checked relying-party configuration. */
export interface WebAuthnKind extends DeviceKind<WebAuthnCreateOptions, WebAuthnState> {
  readonly config: ResolvedWebAuthnConfig;
}

/** Largest JSON response accepted (an assertion is well under 4 KB; room for long credential ids and extensions). */
export const MAX_RESPONSE_LENGTH = 16_384;

/** SHA-256 of a challenge, base64url: its id in the store and its trace in `lastChallenge`. */
export function challengeDigest(challenge: string): string {
  return createHash('sha256').update(challenge, 'utf8').digest('base64url');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON assertion response far enough to know it is one; null otherwise. */
export function parseAssertionResponse(text: string): Record<string, unknown> | null {
  if (text.length > MAX_RESPONSE_LENGTH) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.response)) return null;
  const { id, rawId, type, response } = value;
  if (!isBase64Url(id, MAX_CREDENTIAL_ID_BYTES) || rawId !== id || type !== 'public-key') return null;
  for (const field of ['clientDataJSON', 'authenticatorData', 'signature'] as const) {
    if (!isBase64Url(response[field], MAX_RESPONSE_LENGTH)) return null;
  }
  if (response.userHandle !== undefined && response.userHandle !== null && !isBase64Url(response.userHandle, 64)) return null;
  return value;
}

function readContext(context: unknown): AssertionContext | null {
  if (!isRecord(context)) return null;
  const { challenge, report } = context;
  return typeof challenge === 'string' && typeof report === 'function' ? (context as unknown as AssertionContext) : null;
}

/**
 * The `webauthn` kind without its presentation (see `factory.ts`, which adds
 * it: the presentation needs the ceremonies, which need this module).
 *
 * @throws TwofoldError `INVALID_CONFIG` for a configuration browsers would refuse (see {@link WebAuthnConfig}).
 */
export function createWebAuthnKind(config: WebAuthnConfig): WebAuthnKind {
  const resolved = resolveWebAuthnConfig(config);

  async function verify(input: KindVerifyInput<WebAuthnState>): Promise<KindVerifyOutcome<WebAuthnState>> {
    const context = readContext(input.context);
    // Only a ceremony knows the challenge; a token on its own proves nothing.
    if (context === null) return { match: false, reason: 'invalid' };
    const reject = (check: WebAuthnCheck, detail: string): KindVerifyOutcome<WebAuthnState> => {
      context.report({ type: 'rejected', check, detail });
      return { match: false, reason: 'invalid' };
    };
    const { state, secret } = input;
    if (secret === null) throw new TwofoldError('CORRUPT_DEVICE', 'webauthn: the device has no public key');
    const response = parseAssertionResponse(input.token);
    if (response === null) return reject('malformed', 'not a WebAuthn assertion');
    if (response.id !== state.credentialId) return reject('credential', 'the assertion is for another credential');
    const digest = challengeDigest(context.challenge);
    if (state.lastChallenge === digest) {
      context.report({ type: 'rejected', check: 'challenge', detail: 'this challenge was already used' });
      return { match: false, reason: 'replayed' };
    }
    const { server } = await loadWebAuthnLibrary();
    let info;
    try {
      const result = await server.verifyAuthenticationResponse({
        response: response as unknown as Parameters<typeof server.verifyAuthenticationResponse>[0]['response'],
        expectedChallenge: context.challenge,
        expectedOrigin: [...resolved.origins],
        expectedRPID: resolved.rpId,
        expectedType: 'webauthn.get',
        // The counter is checked below, so that a regression can be reported rather than only thrown.
        credential: { id: state.credentialId, publicKey: Uint8Array.from(secret), counter: 0 },
        requireUserVerification: resolved.userVerification === 'required' || context.requireUserVerification === true,
      });
      if (!result.verified) return reject('signature', 'the signature does not verify with the registered public key');
      info = result.authenticationInfo;
      // Checked here too, not only by the library: a passwordless sign-in stands on this flag alone.
      if (context.requireUserVerification === true && !info.userVerified) return reject('user-verification', 'user verification was required and not done');
    } catch (error) {
      return reject(checkOfLibraryError(error), describeLibraryError(error));
    }
    const userHandle = (response.response as Record<string, unknown>).userHandle;
    if (typeof userHandle === 'string' && userHandle !== '' && userHandle !== state.userHandle) {
      return reject('user-handle', 'the assertion names another user');
    }
    // WebAuthn L3 §7.2: backup eligibility is fixed for a credential's life.
    const backupEligible = info.credentialDeviceType === 'multiDevice';
    if (state.backupEligible !== null && backupEligible !== state.backupEligible) {
      return reject('backup-flags', 'backup eligibility changed since registration');
    }
    const received = info.newCounter;
    const regressed = (received > 0 || state.counter > 0) && received <= state.counter;
    if (regressed) {
      const refused = resolved.counterRegression === 'refuse';
      context.report({ type: 'counter-regression', stored: state.counter, received, refused });
      if (refused) return { match: false, reason: 'invalid' };
    }
    return {
      match: true,
      state: {
        ...state,
        counter: Math.max(state.counter, received),
        backupEligible,
        backedUp: info.credentialBackedUp,
        cloneSuspected: state.cloneSuspected || regressed,
        lastChallenge: digest,
      },
    };
  }

  const kind: WebAuthnKind = {
    name: WEBAUTHN_KIND_NAME,
    // Origin-bound signatures resist phishing. A synced passkey (or one whose eligibility is not known yet) may
    // leave the hardware, so only a key known to be device-bound counts for AAL3. Multi-factor only when every
    // assertion must carry user verification (a PIN or biometric), not merely the registration.
    assurance: (state: WebAuthnState) => ({
      authenticator: resolved.userVerification === 'required' ? 'multi-factor-cryptographic' : 'single-factor-cryptographic',
      phishingResistant: true,
      hardwareBound: state.backupEligible === false,
      aal2: true,
    }),
    throttleFactor: resolved.throttleFactor,
    config: resolved,
    create: createWebAuthnDevice,
    parseState: parseWebAuthnState,
    normalizeToken(input) {
      const response = parseAssertionResponse(input);
      return response === null ? null : JSON.stringify(response);
    },
    verify,
  };
  return kind;
}
