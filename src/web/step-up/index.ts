/**
 * Step-up authentication's building blocks: requirements as data, judging a
 * session against them, and the session's NIST assurance level.
 *
 * @packageDocumentation
 */
export type { FactorRule, PasswordRule, Requirement, RequirementSpec, SecondFactorRule } from './requirement.js';
export { defineRequirement } from './requirement.js';
export type { AssessedFactor, RequirementCheck } from './check.js';
export { checkRequirement } from './check.js';
export type { AssuranceLevel, AssuranceLevelInput } from './assurance-level.js';
export { assuranceLevel } from './assurance-level.js';
export { assessFactors } from './factors.js';
export type { FactorStanding } from './factor-expiry.js';
export { factorStandings } from './factor-expiry.js';
export type { MissingFactor, StepUpDecision, StepUpDevice, StepUpWay } from './decision.js';
export { decideStepUp, stepUpRefusal } from './decision.js';
