/**
 * For each factor of the session, whether it counts towards a requirement
 * and until when: what a single-page app shows as "your confirmation for
 * payments lasts until 14:05", and when to ask again before a request fails.
 */
import { ruleMatches, type AssessedFactor } from './check.js';
import type { FactorRule, Requirement, RequirementSpec } from './requirement.js';

/** One factor of the session as a requirement sees it. */
export interface FactorStanding {
  readonly factor: AssessedFactor;
  /** Whether it meets one of the requirement's rules now (kind, quality and recency). */
  readonly counts: boolean;
  /** When it stops counting (ms): the latest end among the rules it meets; null when one of them has no time limit, or when it does not count. */
  readonly expiresAt: number | null;
}

function rulesOf(spec: RequirementSpec): FactorRule[] {
  if ('allOf' in spec) return spec.allOf.flatMap(rulesOf);
  if ('anyOf' in spec) return spec.anyOf.flatMap(rulesOf);
  return [spec];
}

/**
 * How each factor stands towards `requirement` at `now`. A factor stamped
 * later than `now` never counts (as in `checkRequirement`).
 *
 * @example
 * const standing = factorStandings(payments, await assessFactors(twofold, user.id, await req.otp.factors()), twofold.clock());
 */
export function factorStandings(requirement: Requirement, factors: readonly AssessedFactor[], now: number): FactorStanding[] {
  const rules = rulesOf(requirement.spec);
  return factors.map((factor) => {
    let end: number | null = null;
    if (factor.at <= now) {
      for (const rule of rules) {
        if (!ruleMatches(rule, factor)) continue;
        const until = rule.within === undefined ? Infinity : factor.at + rule.within * 1000;
        if (until > now && (end === null || until > end)) end = until;
      }
    }
    return { factor, counts: end !== null, expiresAt: end === null || end === Infinity ? null : end };
  });
}
