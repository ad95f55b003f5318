/**
 * The registration ceremony: options out (with a stored challenge), the
 * browser's attestation response in, a new `webauthn` device out.
 */
import { createHash } from 'node:crypto';
import { TwofoldError, isTwofoldError } from '../../core/errors.js';
import type { Twofold } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { WebAuthnCheck } from './checks.js';
import { checkOfLibraryError, describeLibraryError } from './checks.js';
import { newChallenge, putIssuedChallenge, signedChallenge, takeIssuedChallenge, type ChallengeFailure } from './challenges.js';
import type { WebAuthnKind } from './kind.js';
import { loadWebAuthnLibrary, type WebAuthnHelpers } from './server.js';
import { MAX_CREDENTIAL_ID_BYTES, WEBAUTHN_KIND_NAME, isBase64Url, readableCredentials, type WebAuthnState } from './state.js';
import type { ChallengeStore } from '../../core/types.js';

/** Public-key algorithms offered, most preferred first: Ed25519, ES256, RS256. */
export const SUPPORTED_ALGORITHMS: readonly number[] = [-8, -7, -257];

/** Input of `startRegistration`. */
export interface StartRegistrationInput {
  readonly userId: string;
  /** The account name the authenticator shows (an e-mail address, a login). */
  readonly userName: string;
  /** A friendlier name, shown by some authenticators. Default: `userName`. */
  readonly userDisplayName?: string;
  /** An opaque value tied to the session (a session id, or a random value stored in it); the ceremony must finish in the same session. */
  readonly binding: string;
}

/** Input of `finishRegistration`. */
export interface FinishRegistrationInput {
  readonly userId: string;
  readonly binding: string;
  /** What the browser script posted: the registration response as JSON text or parsed. */
  readonly response: unknown;
  /** The device's name; default "Passkey" for a synced credential, "Security key" otherwise. */
  readonly name?: string;
  /** Default true: the ceremony itself proves possession. */
  readonly confirmed?: boolean;
}

/** The outcome of `finishRegistration`. */
export type RegistrationResult =
  | { readonly ok: true; readonly device: Device<WebAuthnState> }
  | {
      readonly ok: false;
      /** `rejected`: a check failed (see `check`); `already-registered`: this credential is already a device, of this user or another. */
      readonly reason: ChallengeFailure | 'malformed-response' | 'rejected' | 'already-registered';
      readonly check?: WebAuthnCheck;
      /** For logs: what the check found (never key material). */
      readonly detail?: string;
    };

const X5C_FORMATS: ReadonlySet<string> = new Set(['packed', 'fido-u2f', 'tpm', 'android-key', 'apple']);

/**
 * The user handle: the one the user's credentials registered by
 * `before` carry, or for a first credential one derived from the
 * registration's random challenge, so that `finish` recomputes exactly what
 * `start` sent without storing anything more (also when two first
 * registrations overlap).
 */
async function userHandleFor(twofold: Twofold, userId: string, challenge: string, before: number): Promise<string> {
  const devices = await twofold.listDevices(userId, { kind: WEBAUTHN_KIND_NAME });
  const existing = devices.filter((device) => device.createdAt.getTime() <= before).map((device) => device.state.userHandle);
  const handle = existing.find((value) => typeof value === 'string');
  if (typeof handle === 'string') return handle;
  return createHash('sha256').update(`twofold webauthn user handle\u0000${challenge}`, 'utf8').digest('base64url');
}

function parseResponse(value: unknown): RegistrationResponseJSON | null {
  let parsed = value;
  if (typeof value === 'string') {
    if (value.length > 65_536) return null;
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { id, rawId, type, response } = parsed as Record<string, unknown>;
  if (typeof id !== 'string' || rawId !== id || type !== 'public-key' || typeof response !== 'object' || response === null) return null;
  const { clientDataJSON, attestationObject } = response as Record<string, unknown>;
  if (typeof clientDataJSON !== 'string' || typeof attestationObject !== 'string') return null;
  return parsed as RegistrationResponseJSON;
}

/** Checks a trusted attestation: a certificate chain to a configured root, and an allowed model. Returns the problem or null. */
async function attestationProblem(kind: WebAuthnKind, helpers: WebAuthnHelpers, response: RegistrationResponseJSON, fmt: string, aaguid: string): Promise<string | null> {
  const policy = kind.config.attestation;
  if (policy === 'none') return null;
  if (!X5C_FORMATS.has(fmt)) return `attestation format "${fmt}" carries no certificate chain`;
  const decoded = helpers.decodeAttestationObject(helpers.isoBase64URL.toBuffer(response.response.attestationObject));
  const x5c = decoded.get('attStmt').get('x5c');
  if (!Array.isArray(x5c) || x5c.length === 0) return 'self attestation: no certificate chain';
  try {
    await helpers.validateCertificatePath(x5c.map((certificate) => helpers.convertCertBufferToPEM(certificate)), [...policy.rootCertificates]);
  } catch (error) {
    return `certificate chain not trusted: ${describeLibraryError(error)}`;
  }
  if (policy.aaguids !== null && !policy.aaguids.includes(aaguid)) return `authenticator model ${aaguid} is not allowed`;
  return null;
}

/** Registration options for the browser, with a fresh challenge stored for this user and session. */
export async function startRegistration(
  twofold: Twofold,
  kind: WebAuthnKind,
  store: ChallengeStore,
  input: StartRegistrationInput,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  for (const [field, value] of [['userName', input.userName], ['userDisplayName', input.userDisplayName ?? input.userName]] as const) {
    if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
      throw new TwofoldError('INVALID_ARGUMENT', `webauthn: ${field} must be 1 to 256 characters (the account name the authenticator shows)`);
    }
  }
  const { server } = await loadWebAuthnLibrary();
  const { config } = kind;
  const challenge = newChallenge();
  const now = twofold.clock();
  const userHandle = await userHandleFor(twofold, input.userId, challenge.text, now);
  const existing = await twofold.listDevices(input.userId, { kind: WEBAUTHN_KIND_NAME });
  const options = await server.generateRegistrationOptions({
    rpName: config.rpName,
    rpID: config.rpId,
    userName: input.userName,
    userDisplayName: input.userDisplayName ?? input.userName,
    userID: Uint8Array.from(Buffer.from(userHandle, 'base64url')),
    challenge: Uint8Array.from(challenge.bytes),
    timeout: config.challengeTimeoutMs,
    attestationType: config.attestation === 'none' ? 'none' : 'direct',
    excludeCredentials: readableCredentials(existing).map(({ state }) => ({ id: state.credentialId, transports: state.transports })),
    authenticatorSelection: { residentKey: config.residentKey, userVerification: config.userVerification },
    supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
  });
  await putIssuedChallenge(store, {
    userId: input.userId,
    binding: input.binding,
    purpose: 'webauthn.create',
    challenge: options.challenge,
    now,
    lifetimeMs: config.challengeTimeoutMs,
  });
  return options;
}

/** Verifies a registration response and creates the device. */
export async function finishRegistration(
  twofold: Twofold,
  kind: WebAuthnKind,
  store: ChallengeStore,
  input: FinishRegistrationInput,
): Promise<RegistrationResult> {
  const response = parseResponse(input.response);
  const challenge = response === null ? null : signedChallenge(response.response.clientDataJSON);
  if (response === null || challenge === null) return { ok: false, reason: 'malformed-response' };
  const taken = await takeIssuedChallenge(store, { userId: input.userId, binding: input.binding, purpose: 'webauthn.create', challenge, now: twofold.clock() });
  if (!taken.ok) return { ok: false, reason: taken.reason };

  const { server, helpers } = await loadWebAuthnLibrary();
  const { config } = kind;
  let info;
  try {
    const result = await server.verifyRegistrationResponse({
      response,
      expectedChallenge: taken.record.challenge,
      expectedOrigin: [...config.origins],
      expectedRPID: config.rpId,
      expectedType: 'webauthn.create',
      requireUserPresence: true,
      requireUserVerification: config.userVerification === 'required',
      supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
    });
    if (!result.verified) return { ok: false, reason: 'rejected', check: 'attestation', detail: 'the attestation signature does not verify' };
    info = result.registrationInfo;
  } catch (error) {
    return { ok: false, reason: 'rejected', check: checkOfLibraryError(error), detail: describeLibraryError(error) };
  }
  const { credential } = info;
  if (!isBase64Url(credential.id, MAX_CREDENTIAL_ID_BYTES)) {
    return { ok: false, reason: 'rejected', check: 'credential', detail: `credential ids are at most ${MAX_CREDENTIAL_ID_BYTES} bytes` };
  }
  const problem = await attestationProblem(kind, helpers, response, info.fmt, info.aaguid);
  if (problem !== null) return { ok: false, reason: 'rejected', check: 'attestation', detail: problem };
  const existing = await twofold.listDevices(input.userId, { kind: WEBAUTHN_KIND_NAME });
  if (existing.some((device) => device.state.credentialId === credential.id)) return { ok: false, reason: 'already-registered' };

  const backupEligible = info.credentialDeviceType === 'multiDevice';
  let device;
  try {
    device = await twofold.createDevice({
      userId: input.userId,
      kind,
      name: input.name ?? (backupEligible ? 'Passkey' : 'Security key'),
      confirmed: input.confirmed ?? true,
      options: {
        credentialId: credential.id,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: response.response.transports ?? credential.transports ?? [],
        backupEligible,
        backedUp: info.credentialBackedUp,
        aaguid: info.aaguid,
        userVerified: info.userVerified,
        attestationFormat: info.fmt,
        userHandle: await userHandleFor(twofold, input.userId, taken.record.challenge, taken.record.createdAt),
      },
    });
  } catch (error) {
    // The device id comes from the credential id: the store refused a credential another device (any user's) has.
    if (isTwofoldError(error, 'DEVICE_EXISTS')) return { ok: false, reason: 'already-registered' };
    throw error;
  }
  return { ok: true, device: device as Device<WebAuthnState> };
}
