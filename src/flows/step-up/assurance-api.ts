/**
 * `GET <prefix>/api/assurance`: the session's assurance for single-page apps
 * and hosts that think in levels. The NIST SP 800-63B-4 level, the factors
 * with what each proves, and for every registered requirement whether it is
 * met, until when, what is missing, and until when each factor counts
 * towards it. Read-only: it changes nothing in the session.
 *
 * ```json
 * { "aal": 2, "now": "2026-01-01T00:05:00.000Z",
 *   "factors": [
 *     { "type": "password", "at": "2026-01-01T00:00:00.000Z" },
 *     { "type": "second-factor", "kind": "totp", "device": "totp/…", "at": "2026-01-01T00:00:30.000Z",
 *       "rememberedBrowser": false, "authenticator": "single-factor-otp", "phishingResistant": false, "hardwareBound": false } ],
 *   "requirements": [
 *     { "name": "transfers", "satisfied": true, "expiresAt": "2026-01-01T00:05:30.000Z", "missing": [],
 *       "factors": [{ "index": 1, "expiresAt": "2026-01-01T00:05:30.000Z" }] },
 *     { "name": "payments", "satisfied": false, "expiresAt": null,
 *       "missing": [[{ "factor": "second-factor", "phishingResistant": true, "within": 300 }]], "factors": [] } ] }
 * ```
 */
import { jsonResponse } from '../../web/headers.js';
import type { WebConfig } from '../../web/options.js';
import type { PageContext, PageHandler } from '../../web/pages/context.js';
import { assuranceLevel, type AssuranceLevel } from '../../web/step-up/assurance-level.js';
import { checkRequirement, type AssessedFactor } from '../../web/step-up/check.js';
import { factorStandings } from '../../web/step-up/factor-expiry.js';
import { assessFactors } from '../../web/step-up/factors.js';
import type { FactorRule, Requirement } from '../../web/step-up/requirement.js';
import type { AuthenticatorType } from '../../core/assurance.js';
import type { HostUser } from '../../web/user.js';

/** The endpoint's path under the pages' prefix. */
export const ASSURANCE_API_PATH = '/api/assurance';

/** A factor of the session, as the assurance endpoint shows it (times ISO 8601). */
export type AssuranceFactor =
  | { readonly type: 'password'; readonly at: string }
  | {
      readonly type: 'second-factor';
      readonly kind: string;
      /** The device's persistent id. */
      readonly device: string;
      readonly at: string;
      /** A remembered browser stood in for the device: it never counts as recent. */
      readonly rememberedBrowser: boolean;
      readonly authenticator: AuthenticatorType;
      readonly phishingResistant: boolean;
      readonly hardwareBound: boolean;
    };

/** One registered requirement, judged now. */
export interface RequirementAssurance {
  readonly name: string;
  readonly satisfied: boolean;
  /** When satisfied: when it stops being (ISO 8601), or null when nothing it relies on expires. Null when not satisfied. */
  readonly expiresAt: string | null;
  /** When not satisfied: the ways to satisfy it, each the rules still to meet, fewest first. */
  readonly missing: readonly (readonly FactorRule[])[];
  /** The factors that count towards it now (`index` into `factors`) and when each stops counting (null: no time limit). */
  readonly factors: readonly { readonly index: number; readonly expiresAt: string | null }[];
}

/** The answer of `GET <prefix>/api/assurance` (401 `{ "error": "login_required" }` when nobody is signed in). */
export interface AssuranceResponse {
  /** The session's level, 1 to 3 (the host's sign-in counts as the first factor). */
  readonly aal: AssuranceLevel;
  /** The server's clock, so that a client can count down without trusting its own. */
  readonly now: string;
  readonly factors: readonly AssuranceFactor[];
  /** Every requirement the step-up page serves, in registration order; `?requirement=a&requirement=b` picks some. */
  readonly requirements: readonly RequirementAssurance[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

function showFactor(factor: AssessedFactor): AssuranceFactor {
  if (factor.type === 'password') return { type: 'password', at: iso(factor.at) };
  const { authenticator, phishingResistant, hardwareBound } = factor.assurance;
  return {
    type: 'second-factor',
    kind: factor.kind,
    device: factor.persistentId,
    at: iso(factor.at),
    rememberedBrowser: factor.rememberedBrowser,
    authenticator,
    phishingResistant,
    hardwareBound,
  };
}

function judge(requirement: Requirement, assessed: readonly AssessedFactor[], now: number): RequirementAssurance {
  const check = checkRequirement(requirement, assessed, now);
  const standings = factorStandings(requirement, assessed, now);
  return {
    name: requirement.name,
    satisfied: check.satisfied,
    expiresAt: check.expiresAt === null ? null : iso(check.expiresAt),
    missing: check.missing,
    factors: standings.flatMap((standing, index) => (standing.counts ? [{ index, expiresAt: standing.expiresAt === null ? null : iso(standing.expiresAt) }] : [])),
  };
}

/** The assurance endpoint's handler. */
export function createAssuranceHandler<User extends HostUser>(config: WebConfig<User>): PageHandler<User> {
  const { twofold } = config;
  return async (request: Request, context: PageContext<User>): Promise<Response> => {
    const user = await context.otp.user();
    if (user === null) return jsonResponse({ error: 'login_required' }, 401);
    const asked = new URL(request.url).searchParams.getAll('requirement');
    const unknown = asked.find((name) => !config.stepUp.requirements.has(name));
    if (unknown !== undefined) return jsonResponse({ error: 'unknown_requirement', requirement: unknown.slice(0, 64) }, 404);
    const requirements = asked.length === 0 ? [...config.stepUp.requirements.values()] : [...new Set(asked)].map((name) => config.stepUp.requirements.get(name)!);
    const assessed = await assessFactors(twofold, user.id, await context.otp.factors());
    const now = twofold.clock();
    const body: AssuranceResponse = {
      aal: assuranceLevel(assessed, { hostSignedIn: true, now }),
      now: iso(now),
      factors: assessed.map(showFactor),
      requirements: requirements.map((requirement) => judge(requirement, assessed, now)),
    };
    return jsonResponse(body, 200);
  };
}
