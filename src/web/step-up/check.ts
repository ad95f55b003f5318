/**
 * Judging a session against a requirement: a pure function of the factors
 * the session holds and the time, so that it can be tested at exact
 * instants and asked anywhere (guards, pages, the JSON API).
 */
import type { AuthenticatorAssurance } from '../../core/assurance.js';
import type { FactorRule, Requirement, RequirementSpec, SecondFactorRule } from './requirement.js';

/** A factor of the session, with what its device proves (see {@link assessFactors}). */
export type AssessedFactor =
  | { readonly type: 'password'; readonly at: number }
  | {
      readonly type: 'second-factor';
      /** When it was verified (ms since the epoch, twofold's clock). */
      readonly at: number;
      readonly kind: string;
      readonly persistentId: string;
      /** A remembered browser stood in for the device: it proves who the user was, not that they are here. */
      readonly rememberedBrowser: boolean;
      readonly assurance: AuthenticatorAssurance;
    };

/** The answer of {@link checkRequirement}. */
export interface RequirementCheck {
  /** The requirement's name. */
  readonly requirement: string;
  readonly satisfied: boolean;
  /**
   * When satisfied: the first instant (ms) it no longer is, because a factor
   * it relies on grows too old; null when nothing it relies on expires.
   * Null when not satisfied.
   */
  readonly expiresAt: number | null;
  /**
   * When not satisfied, the ways to satisfy it: each alternative lists the
   * rules still to be met (all of them), fewest first. Empty when satisfied.
   */
  readonly missing: readonly (readonly FactorRule[])[];
}

// Alternatives beyond this are dropped (the shortest are kept): pages offer a few ways, not all of them.
const MAX_ALTERNATIVES = 16;

interface Judged {
  /** Satisfied until this instant (Infinity: no end), or null when not satisfied. */
  readonly until: number | null;
  /** When not satisfied: alternatives of missing rules. */
  readonly missing: readonly (readonly FactorRule[])[];
}

/**
 * Whether a device proving `assurance` meets the rule's filters (kinds aside):
 * NIST type, phishing resistance, hardware binding. Recency is the caller's.
 */
export function meetsQuality(rule: SecondFactorRule, assurance: AuthenticatorAssurance): boolean {
  return (
    (rule.authenticators === undefined || rule.authenticators.includes(assurance.authenticator)) &&
    (rule.phishingResistant !== true || assurance.phishingResistant) &&
    (rule.hardwareBound !== true || assurance.hardwareBound)
  );
}

/** Whether `factor` is of the kind `rule` asks for (recency aside). */
export function ruleMatches(rule: FactorRule, factor: AssessedFactor): boolean {
  return rule.factor === 'password' ? factor.type === 'password' : factor.type === 'second-factor' && secondFactorMatches(rule, factor);
}

function secondFactorMatches(rule: SecondFactorRule, factor: Extract<AssessedFactor, { type: 'second-factor' }>): boolean {
  if (rule.kinds !== undefined && !rule.kinds.includes(factor.kind)) return false;
  const filtersQuality = rule.authenticators !== undefined || rule.phishingResistant === true || rule.hardwareBound === true;
  // A remembered browser proves nothing about the device's qualities, so it never meets a quality filter.
  if (factor.rememberedBrowser) return rule.rememberedBrowser === true && !filtersQuality;
  return meetsQuality(rule, factor.assurance);
}

function judgeRule(rule: FactorRule, factors: readonly AssessedFactor[], now: number): Judged {
  let until: number | null = null;
  for (const factor of factors) {
    // A factor stamped in the future comes from tampered data or a clock that went back: it does not count.
    if (factor.at > now) continue;
    if (!ruleMatches(rule, factor)) continue;
    const end = rule.within === undefined ? Infinity : factor.at + rule.within * 1000;
    if (end > now && (until === null || end > until)) until = end;
  }
  return until === null ? { until: null, missing: [[rule]] } : { until, missing: [] };
}

function shortestFirst(alternatives: (readonly FactorRule[])[]): (readonly FactorRule[])[] {
  const seen = new Set<string>();
  const unique = alternatives.filter((alternative) => {
    const key = JSON.stringify(alternative);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.length - b.length).slice(0, MAX_ALTERNATIVES);
}

function judge(spec: RequirementSpec, factors: readonly AssessedFactor[], now: number): Judged {
  if ('allOf' in spec) {
    let until = Infinity;
    let missing: (readonly FactorRule[])[] = [[]];
    let satisfied = true;
    for (const part of spec.allOf) {
      const judged = judge(part, factors, now);
      if (judged.until !== null) {
        until = Math.min(until, judged.until);
        continue;
      }
      satisfied = false;
      // Every way of meeting the parts so far, combined with every way of meeting this one.
      missing = shortestFirst(missing.flatMap((sofar) => judged.missing.map((more) => [...sofar, ...more])));
    }
    return satisfied ? { until, missing: [] } : { until: null, missing };
  }
  if ('anyOf' in spec) {
    let until: number | null = null;
    const missing: (readonly FactorRule[])[] = [];
    for (const part of spec.anyOf) {
      const judged = judge(part, factors, now);
      if (judged.until !== null) until = until === null ? judged.until : Math.max(until, judged.until);
      else missing.push(...judged.missing);
    }
    return until !== null ? { until, missing: [] } : { until: null, missing: shortestFirst(missing) };
  }
  return judgeRule(spec, factors, now);
}

/**
 * Whether the factors satisfy the requirement at `now` (ms), until when, and
 * if not, what is missing.
 *
 * @example
 * const check = checkRequirement(payments, await assessFactors(twofold, userId, await req.otp.factors()), twofold.clock());
 * if (!check.satisfied) console.log(check.missing); // [[{ factor: 'second-factor', phishingResistant: true, within: 300 }]]
 */
export function checkRequirement(requirement: Requirement, factors: readonly AssessedFactor[], now: number): RequirementCheck {
  const judged = judge(requirement.spec, factors, now);
  if (judged.until === null) return { requirement: requirement.name, satisfied: false, expiresAt: null, missing: judged.missing };
  return { requirement: requirement.name, satisfied: true, expiresAt: judged.until === Infinity ? null : judged.until, missing: [] };
}
