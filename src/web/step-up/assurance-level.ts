/**
 * The session's authenticator assurance level in the terms of NIST SP
 * 800-63B-4 (§2): AAL1 one factor, AAL2 two factors (the second one allowed
 * at AAL2), AAL3 two factors one of which is phishing-resistant and bound to
 * its hardware. For hosts and single-page apps that think in levels rather
 * than in named requirements.
 */
import type { AssessedFactor } from './check.js';

/** 0 (not signed in), 1, 2 or 3. */
export type AssuranceLevel = 0 | 1 | 2 | 3;

/** What {@link assuranceLevel} needs besides the factors. */
export interface AssuranceLevelInput {
  /**
   * Whether the host signed the user in (its own password check, SSO...).
   * twofold records a password factor only when its own login page checked
   * it, so the host's sign-in counts as the first factor here.
   */
  readonly hostSignedIn: boolean;
  /** Now, in ms (twofold's clock). */
  readonly now: number;
}

// SP 800-63B-4 §2.2.3 / §2.3.3: reauthentication at least every 24 hours at AAL2 and every 12 hours at AAL3.
const AAL2_REAUTHENTICATION_MS = 24 * 3600 * 1000;
const AAL3_REAUTHENTICATION_MS = 12 * 3600 * 1000;

/**
 * The level the factors reach at `now`. A remembered browser is not a
 * factor (it raises nothing); a factor stamped in the future is ignored.
 *
 * @example
 * const level = assuranceLevel(await assessFactors(twofold, user.id, await req.otp.factors()), { hostSignedIn: true, now: twofold.clock() });
 * if (level < 2) res.redirect('/account/two-factor/login');
 */
export function assuranceLevel(factors: readonly AssessedFactor[], input: AssuranceLevelInput): AssuranceLevel {
  const current = factors.filter((factor) => factor.at <= input.now);
  const firstFactor = input.hostSignedIn || current.some((factor) => factor.type === 'password');
  let level: AssuranceLevel = firstFactor ? 1 : 0;
  for (const factor of current) {
    if (factor.type !== 'second-factor' || factor.rememberedBrowser) continue;
    const age = input.now - factor.at;
    const { assurance } = factor;
    // A passkey that checks a PIN or biometric on every use is two factors in one.
    const twoFactors = firstFactor || assurance.authenticator === 'multi-factor-cryptographic';
    if (twoFactors && assurance.aal2 && assurance.phishingResistant && assurance.hardwareBound && age < AAL3_REAUTHENTICATION_MS) return 3;
    if (twoFactors && assurance.aal2 && age < AAL2_REAUTHENTICATION_MS) level = 2;
    else if (level === 0) level = 1;
  }
  return level;
}
