/**
 * The decision behind a step-up guard: may this request go on under a
 * requirement, and if not, which ways of satisfying it this user has. Both
 * the HTML guard (which sends the user to the step-up page) and the JSON
 * guard (which answers 401/403 with what is missing) are built on it.
 */
import { resolveAssurance } from '../../core/assurance.js';
import type { Twofold } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import { jsonResponse } from '../headers.js';
import type { OtpRequestContext } from '../verification.js';
import { checkRequirement, meetsQuality, type RequirementCheck } from './check.js';
import { assessFactors } from './factors.js';
import type { FactorRule, Requirement, SecondFactorRule } from './requirement.js';

/** One of the user's devices that can meet a rule (once verified again). */
export interface StepUpDevice {
  readonly persistentId: string;
  readonly kind: string;
  readonly name: string;
}

/** A rule still to be met, with the user's devices that can meet it (none for the password). */
export interface MissingFactor {
  readonly rule: FactorRule;
  readonly devices: readonly StepUpDevice[];
}

/** One way to satisfy the requirement: every factor in it; `possible` when the user has a device for each. */
export interface StepUpWay {
  readonly factors: readonly MissingFactor[];
  readonly possible: boolean;
}

/** What {@link decideStepUp} concluded. */
export type StepUpDecision =
  | { readonly type: 'allowed'; readonly check: RequirementCheck }
  | { readonly type: 'login-required' }
  | { readonly type: 'step-up-required'; readonly check: RequirementCheck; readonly ways: readonly StepUpWay[] };

// Which of the user's devices could meet a second-factor rule once verified now (recency aside).
function canMeet(twofold: Twofold, rule: SecondFactorRule, device: Device): boolean {
  if (rule.kinds !== undefined && !rule.kinds.includes(device.kind)) return false;
  const kind = twofold.kind(device.kind);
  if (kind === undefined) return false;
  return meetsQuality(rule, resolveAssurance(kind, device.state));
}

/**
 * Decides whether the request satisfies `requirement`. Anonymous requests
 * are `login-required`; otherwise the session's factors are judged at
 * twofold's clock, and a refusal lists the ways the user can satisfy it,
 * possible ones first.
 *
 * @example
 * const decision = await decideStepUp(twofold, req.otp, payments);
 * if (decision.type !== 'allowed') return sendWebResponse(res, stepUpRefusal(decision));
 */
export async function decideStepUp(twofold: Twofold, otp: OtpRequestContext, requirement: Requirement): Promise<StepUpDecision> {
  const user = await otp.user();
  if (user === null) return { type: 'login-required' };
  const assessed = await assessFactors(twofold, user.id, await otp.factors());
  const check = checkRequirement(requirement, assessed, twofold.clock());
  if (check.satisfied) return { type: 'allowed', check };
  const devices = await twofold.listDevices(user.id, { confirmed: true });
  const ways = check.missing.map((rules): StepUpWay => {
    const factors = rules.map((rule): MissingFactor => ({
      rule,
      devices:
        rule.factor === 'password'
          ? []
          : devices.filter((device) => canMeet(twofold, rule, device)).map((device) => ({ persistentId: device.persistentId, kind: device.kind, name: device.name })),
    }));
    return { factors, possible: factors.every((factor) => factor.rule.factor === 'password' || factor.devices.length > 0) };
  });
  // A stable sort: among possible ways, the requirement's own order (fewest factors first) stays.
  ways.sort((a, b) => Number(b.possible) - Number(a.possible));
  return { type: 'step-up-required', check, ways };
}

/**
 * The JSON guard's refusal: 401 `{ "error": "login_required" }` for an
 * anonymous request, otherwise 403 with the requirement's name and the ways
 * to satisfy it:
 *
 * ```json
 * { "error": "step_up_required", "requirement": "payments",
 *   "ways": [{ "possible": true, "factors": [{ "factor": "second-factor", "within": 300,
 *     "phishingResistant": true, "devices": [{ "id": "webauthn/…", "kind": "webauthn", "name": "Blue key" }] }] }] }
 * ```
 */
export function stepUpRefusal(decision: Exclude<StepUpDecision, { type: 'allowed' }>): Response {
  if (decision.type === 'login-required') return jsonResponse({ error: 'login_required' }, 401);
  return jsonResponse(
    {
      error: 'step_up_required',
      requirement: decision.check.requirement,
      ways: decision.ways.map((way) => ({
        possible: way.possible,
        factors: way.factors.map((factor) => ({
          ...factor.rule,
          devices: factor.devices.map((device) => ({ id: device.persistentId, kind: device.kind, name: device.name })),
        })),
      })),
    },
    403,
  );
}
