/**
 * Passwordless sign-in with a passkey: a discoverable-credential ceremony for
 * a visitor nobody knows yet (empty `allowCredentials`), whose answer names
 * the credential, hence the device (its id is derived from the credential
 * id), hence the user. User verification is required whatever the kind's
 * setting: the passkey then stands for both factors, something held and a
 * PIN or biometric. The challenge follows the same rules as every other
 * (stored, single use, expiring, bound to the visitor's session) under its
 * own purpose, so that it never serves a per-user ceremony or the reverse.
 */
import type { Twofold } from '../../core/twofold.js';
import type { ChallengeStore } from '../../core/types.js';
import { formatPersistentId } from '../../core/persistent-id.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { takeAssertion, verifyAssertionOn, type AuthenticationResult, type CloneSuspicion } from './authentication.js';
import { newChallenge, putIssuedChallenge } from './challenges.js';
import type { WebAuthnKind } from './kind.js';
import { loadWebAuthnLibrary } from './server.js';
import { WEBAUTHN_KIND_NAME, credentialDeviceId } from './state.js';

/** The challenge records' user for a visitor not known yet (their purpose keeps them apart from every user's). */
export const DISCOVERY_SUBJECT = 'webauthn-discovery';

/** Input of `startPasswordless`: the anonymous visitor's session binding (a random value kept in the pre-session). */
export interface StartPasswordlessInput {
  readonly binding: string;
}

/** Input of `finishPasswordless`. */
export interface FinishPasswordlessInput {
  readonly binding: string;
  /** What the browser script posted: the assertion as JSON text or parsed. */
  readonly response: unknown;
}

/** Options for `navigator.credentials.get` that let the browser offer any passkey of this site; stores the challenge. */
export async function startPasswordless(twofold: Twofold, kind: WebAuthnKind, store: ChallengeStore, input: StartPasswordlessInput): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { server } = await loadWebAuthnLibrary();
  const challenge = newChallenge();
  const options = await server.generateAuthenticationOptions({
    rpID: kind.config.rpId,
    allowCredentials: [],
    challenge: Uint8Array.from(challenge.bytes),
    timeout: kind.config.challengeTimeoutMs,
    userVerification: 'required',
  });
  await putIssuedChallenge(store, {
    userId: DISCOVERY_SUBJECT,
    binding: input.binding,
    purpose: 'webauthn.discover',
    challenge: options.challenge,
    now: twofold.clock(),
    lifetimeMs: kind.config.challengeTimeoutMs,
  });
  return options;
}

/**
 * Verifies a discoverable assertion: the challenge of this visitor's
 * session, the credential's device (whoever owns it), then the core's
 * `verifyToken` on that device with user verification required (throttling,
 * single use, `verified`/`failed` events). `unknown-credential` says nothing
 * of whether any user exists.
 */
export async function finishPasswordless(
  twofold: Twofold,
  kind: WebAuthnKind,
  store: ChallengeStore,
  input: FinishPasswordlessInput,
  onClone: (suspicion: CloneSuspicion) => void,
): Promise<AuthenticationResult> {
  const posted = await takeAssertion(twofold, store, input.response, { userId: DISCOVERY_SUBJECT, binding: input.binding, purpose: 'webauthn.discover' });
  if (!posted.ok) return posted.refusal;

  const found = await twofold.findDevice(formatPersistentId(WEBAUTHN_KIND_NAME, credentialDeviceId(posted.credentialId)));
  if (found === null || !found.confirmed || found.kind !== WEBAUTHN_KIND_NAME) return { ok: false, reason: 'unknown-credential', device: null };

  return verifyAssertionOn(twofold, found, posted.text, { challenge: posted.challenge, requireUserVerification: true }, onClone);
}
