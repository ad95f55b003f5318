/**
 * The authentication ceremony: options out (with a stored challenge), the
 * browser's assertion in. The assertion is verified by the core's
 * `verifyToken` on the device it names, so throttling, single use (the
 * compare-and-swap on the device) and the `verified`/`failed` events are
 * the same as for every other kind.
 */
import type { Twofold, VerifyFailure } from '../../core/twofold.js';
import type { ChallengeStore, Device } from '../../core/types.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { WebAuthnCheck } from './checks.js';
import { newChallenge, putIssuedChallenge, signedChallenge, takeIssuedChallenge, type CeremonyPurpose, type ChallengeFailure } from './challenges.js';
import { parseAssertionResponse, type AssertionContext, type AssertionFinding, type WebAuthnKind } from './kind.js';
import { loadWebAuthnLibrary } from './server.js';
import { WEBAUTHN_KIND_NAME, readableCredentials, type WebAuthnState } from './state.js';

/** Input of `startAuthentication`. */
export interface StartAuthenticationInput {
  readonly userId: string;
  /** The same kind of opaque session value as for registration; the ceremony must finish in the same session. */
  readonly binding: string;
  /**
   * Only these of the user's keys (device persistent ids), for a page that
   * accepts some keys only (a step-up requirement that wants a hardware-bound
   * key); absent: every confirmed key of the user.
   */
  readonly deviceIds?: readonly string[];
}

/** Input of `finishAuthentication`. */
export interface FinishAuthenticationInput {
  readonly userId: string;
  readonly binding: string;
  /** What the browser script posted: the assertion as JSON text or parsed. */
  readonly response: unknown;
  /** Only these of the user's keys are accepted (device persistent ids); another is `unknown-credential`. Absent: every confirmed key. */
  readonly deviceIds?: readonly string[];
}

/** The user's confirmed devices of the kind, narrowed to `deviceIds` when given. */
async function candidateDevices(twofold: Twofold, userId: string, deviceIds: readonly string[] | undefined): Promise<Device[]> {
  const devices = await twofold.listDevices(userId, { kind: WEBAUTHN_KIND_NAME, confirmed: true });
  if (deviceIds === undefined) return devices;
  const wanted = new Set(deviceIds);
  return devices.filter((device) => wanted.has(device.persistentId));
}

/** The outcome of `finishAuthentication`. */
export type AuthenticationResult =
  | {
      readonly ok: true;
      readonly device: Device<WebAuthnState>;
      /** The counter went backwards and the configuration accepts that: the device is now flagged. */
      readonly cloneSuspected: boolean;
    }
  | {
      readonly ok: false;
      /** `unknown-credential`: not one of the user's confirmed keys; the rest as for `verifyToken`. */
      readonly reason: ChallengeFailure | 'malformed-response' | 'unknown-credential' | VerifyFailure;
      /** For `invalid-token` / `replayed-token`: which check refused it. */
      readonly check?: WebAuthnCheck;
      readonly detail?: string;
      readonly device: Device<WebAuthnState> | null;
    };

/** What a counter regression reports to the ceremonies' `cloneSuspected` listeners. */
export interface CloneSuspicion {
  readonly device: Device<WebAuthnState>;
  readonly storedCounter: number;
  readonly receivedCounter: number;
  /** Whether the assertion was refused (`counterRegression: 'refuse'`). */
  readonly refused: boolean;
  readonly at: Date;
}

/** Assertion options for the browser naming the user's confirmed keys, or null when the user has none. */
export async function startAuthentication(
  twofold: Twofold,
  kind: WebAuthnKind,
  store: ChallengeStore,
  input: StartAuthenticationInput,
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const credentials = readableCredentials(await candidateDevices(twofold, input.userId, input.deviceIds));
  if (credentials.length === 0) return null;
  const { server } = await loadWebAuthnLibrary();
  const challenge = newChallenge();
  const options = await server.generateAuthenticationOptions({
    rpID: kind.config.rpId,
    allowCredentials: credentials.map(({ state }) => ({ id: state.credentialId, transports: state.transports })),
    challenge: Uint8Array.from(challenge.bytes),
    timeout: kind.config.challengeTimeoutMs,
    userVerification: kind.config.userVerification,
  });
  await putIssuedChallenge(store, {
    userId: input.userId,
    binding: input.binding,
    purpose: 'webauthn.get',
    challenge: options.challenge,
    now: twofold.clock(),
    lifetimeMs: kind.config.challengeTimeoutMs,
  });
  return options;
}

/** Verifies an assertion against the user's key it names; `onClone` hears about counter regressions. */
export async function finishAuthentication(
  twofold: Twofold,
  kind: WebAuthnKind,
  store: ChallengeStore,
  input: FinishAuthenticationInput,
  onClone: (suspicion: CloneSuspicion) => void,
): Promise<AuthenticationResult> {
  const posted = await takeAssertion(twofold, store, input.response, { userId: input.userId, binding: input.binding, purpose: 'webauthn.get' });
  if (!posted.ok) return posted.refusal;
  const devices = await candidateDevices(twofold, input.userId, input.deviceIds);
  const target = devices.find((device) => device.state.credentialId === posted.credentialId);
  if (target === undefined) return { ok: false, reason: 'unknown-credential', device: null };
  return verifyAssertionOn(twofold, target, posted.text, { challenge: posted.challenge, requireUserVerification: false }, onClone);
}

/**
 * The assertion the browser posted, and the challenge it signed taken out of
 * the store for `claim` (taken whatever happens next: one attempt each).
 */
export async function takeAssertion(
  twofold: Twofold,
  store: ChallengeStore,
  posted: unknown,
  claim: { readonly userId: string; readonly binding: string; readonly purpose: CeremonyPurpose },
): Promise<{ readonly ok: true; readonly text: string; readonly credentialId: string; readonly challenge: string } | { readonly ok: false; readonly refusal: AuthenticationResult }> {
  const text = typeof posted === 'string' ? posted : JSON.stringify(posted ?? null);
  const response = parseAssertionResponse(text);
  const challenge = response === null ? null : signedChallenge((response.response as Record<string, unknown>).clientDataJSON);
  if (response === null || challenge === null) return { ok: false, refusal: { ok: false, reason: 'malformed-response', device: null } };
  const taken = await takeIssuedChallenge(store, { ...claim, challenge, now: twofold.clock() });
  if (!taken.ok) return { ok: false, refusal: { ok: false, reason: taken.reason, device: null } };
  return { ok: true, text, credentialId: String(response.id), challenge: taken.record.challenge };
}

/**
 * Runs an assertion through the core's `verifyToken` on `target` with the
 * challenge taken for it, flags and reports a counter regression, and says
 * which check refused it.
 */
export async function verifyAssertionOn(
  twofold: Twofold,
  target: Device,
  text: string,
  taken: { readonly challenge: string; readonly requireUserVerification: boolean },
  onClone: (suspicion: CloneSuspicion) => void,
): Promise<AuthenticationResult> {
  const findings: AssertionFinding[] = [];
  const context: AssertionContext = {
    challenge: taken.challenge,
    report: (finding) => findings.push(finding),
    ...(taken.requireUserVerification ? { requireUserVerification: true } : {}),
  };
  const result = await twofold.verifyToken(target.userId, target.persistentId, text, { context });
  // The core may evaluate more than once when it loses a race; the last evaluation is the one that counted.
  const finding = findings.at(-1);
  if (finding?.type === 'counter-regression') {
    let device = (result.device ?? target) as Device<WebAuthnState>;
    if (finding.refused) {
      const flagged = await twofold.updateDevice<WebAuthnState>(target.userId, target.persistentId, ({ state }) => ({ state: { ...state, cloneSuspected: true } }));
      if (flagged !== null) device = flagged;
    }
    onClone({ device, storedCounter: finding.stored, receivedCounter: finding.received, refused: finding.refused, at: new Date(twofold.clock()) });
  }
  if (result.ok) {
    return { ok: true, device: result.device as Device<WebAuthnState>, cloneSuspected: finding?.type === 'counter-regression' };
  }
  const check = finding?.type === 'rejected' ? finding.check : finding?.type === 'counter-regression' ? 'counter' : undefined;
  return {
    ok: false,
    reason: result.reason,
    device: result.device as Device<WebAuthnState> | null,
    ...(check === undefined ? {} : { check }),
    ...(finding?.type === 'rejected' ? { detail: finding.detail } : {}),
  };
}
