/**
 * What a device kind proves when it verifies a sign-in, in the terms of
 * NIST SP 800-63B-4, so that step-up requirements ("a phishing-resistant
 * factor within 5 minutes") and assurance levels (AAL1–3) can be judged
 * without knowing any kind by name. A kind declares it next to its code
 * (`DeviceKind.assurance`); a kind without a declaration is taken as a
 * single-factor OTP device: possession, not phishing-resistant.
 *
 * @example
 * // In a security key kind, whose synced passkeys are not hardware-bound:
 * assurance: (state: { backupEligible: boolean }): AuthenticatorAssurance => ({
 *   authenticator: 'single-factor-cryptographic',
 *   phishingResistant: true,
 *   hardwareBound: !state.backupEligible,
 *   aal2: true,
 * });
 */

/** The NIST SP 800-63B-4 authenticator types a second factor can be (§3.1). */
export type AuthenticatorType =
  /** A list of secrets used once each: backup codes. */
  | 'look-up-secret'
  /** A code sent to something the user has: text message, phone call, e-mail. */
  | 'out-of-band'
  /** A code computed by a device or app: TOTP, HOTP, YubiKey OTP. */
  | 'single-factor-otp'
  /** A private key that signs a challenge, with no check of who holds it: a security key without PIN. */
  | 'single-factor-cryptographic'
  /** A private key unlocked by a PIN or biometric on the device: a passkey with user verification. */
  | 'multi-factor-cryptographic';

/** What one device (or every device of a kind) proves. */
export interface AuthenticatorAssurance {
  /** The NIST authenticator type. */
  readonly authenticator: AuthenticatorType;
  /** The answer is bound to the site's origin, so a look-alike site cannot relay it (WebAuthn). */
  readonly phishingResistant: boolean;
  /** The secret cannot leave the hardware it was made in (a security key; not a synced passkey). Needed for AAL3. */
  readonly hardwareBound: boolean;
  /**
   * Whether it may serve as the second factor of AAL2. False for e-mail,
   * which SP 800-63B-4 §3.1.3.1 excludes from out-of-band authentication
   * because it does not prove possession of a specific device.
   */
  readonly aal2: boolean;
}

/** A kind's declaration (`DeviceKind.assurance`): worked out from a device's state. */
export type KindAssurance<State = unknown> = (state: State) => AuthenticatorAssurance;

/** What a kind without a declaration is taken to prove. */
export const DEFAULT_ASSURANCE: AuthenticatorAssurance = Object.freeze({
  authenticator: 'single-factor-otp',
  phishingResistant: false,
  hardwareBound: false,
  aal2: true,
});

const AUTHENTICATOR_TYPES: ReadonlySet<string> = new Set<AuthenticatorType>([
  'look-up-secret',
  'out-of-band',
  'single-factor-otp',
  'single-factor-cryptographic',
  'multi-factor-cryptographic',
]);

const WEAKEST_ASSURANCE: AuthenticatorAssurance = Object.freeze({
  authenticator: 'out-of-band',
  phishingResistant: false,
  hardwareBound: false,
  aal2: false,
});

function isAssurance(value: unknown): value is AuthenticatorAssurance {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.authenticator === 'string' &&
    AUTHENTICATOR_TYPES.has(record.authenticator) &&
    typeof record.phishingResistant === 'boolean' &&
    typeof record.hardwareBound === 'boolean' &&
    typeof record.aal2 === 'boolean'
  );
}

/**
 * What a device of a kind proves, from the kind's declaration and the
 * device's state. A declaration that throws or answers something malformed
 * counts as the weakest: an out-of-band code that cannot serve AAL2, so a
 * broken kind never raises a session's level.
 */
export function resolveAssurance<State>(kind: { assurance?(state: State): AuthenticatorAssurance }, state: State): AuthenticatorAssurance {
  if (kind.assurance === undefined) return DEFAULT_ASSURANCE;
  let answer: unknown;
  try {
    answer = kind.assurance(state);
  } catch {
    answer = undefined;
  }
  return isAssurance(answer) ? answer : WEAKEST_ASSURANCE;
}
