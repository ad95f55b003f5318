/**
 * Exponential back-off after failed verifications, as django-otp does it:
 * after n consecutive failures the next attempt must wait factor × 2^(n−1)
 * seconds after the last failure. The delay is never capped below a
 * millennium, so the number of guesses an attacker can make stays bounded
 * (about 25 a year at factor 1) instead of levelling off.
 */

/** Longest delay ever computed: 1000 years, so huge failure counts stay finite dates. */
const MAX_DELAY_MS = 1000 * 365.25 * 24 * 3600 * 1000;

/**
 * When the device unlocks, in milliseconds since the epoch, or null when it
 * has no failures or throttling is disabled (factor 0). Attempts at
 * `now >= lockedUntil` are allowed.
 */
export function throttleUnlocksAt(failureCount: number, lastFailureAt: number | null, factorSeconds: number): number | null {
  if (!(factorSeconds > 0) || failureCount <= 0 || lastFailureAt === null) return null;
  const delay = Math.min(factorSeconds * 1000 * 2 ** (failureCount - 1), MAX_DELAY_MS);
  return lastFailureAt + delay;
}

/** Whether an attempt at `now` must be refused without evaluating the token. */
export function isThrottled(now: number, failureCount: number, lastFailureAt: number | null, factorSeconds: number): boolean {
  const until = throttleUnlocksAt(failureCount, lastFailureAt, factorSeconds);
  return until !== null && now < until;
}

/** When an interactive device may send its next challenge, or null when it may now. */
export function cooldownEndsAt(lastChallengeAt: number | null, cooldownSeconds: number | undefined): number | null {
  if (lastChallengeAt === null || cooldownSeconds === undefined || !(cooldownSeconds > 0)) return null;
  return lastChallengeAt + cooldownSeconds * 1000;
}
