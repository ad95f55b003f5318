/**
 * The step-up flow: the guards that ask a route's requirement of the
 * session (`requireFactors`, `requireFactorsApi`, wrapped by the Express and
 * Hono adapters) and the step-up page that gets what is missing, then sends
 * the user back. The requirements themselves, and their judging, are the
 * web layer's (`web/step-up`).
 *
 * @packageDocumentation
 */
export type { StepUpConfig, StepUpOptions } from './options.js';
export { resolveStepUpOptions } from './options.js';
export type { GuardedRequest, StepUpGuard } from './guard.js';
export { RESUBMIT_FIELD, registeredRequirement, requireFactorsApiGuard, requireFactorsGuard, returnPath, stepUpPageUrl } from './guard.js';
export type { StepUpRefusalReason } from './events.js';
export type { StepUpPages } from './pages.js';
export { createStepUpPages, LOCK_PATH, STEP_UP_PATH } from './pages.js';
export type { PasswordAttempt } from './elevation.js';
export { checkStepUpPassword, lockElevation, recordPasswordFactor, STEP_UP_PASSWORD_LIMITS } from './elevation.js';
export type { StepUpPageModel, StepUpViews } from './views.js';
export { stepUpView, stepUpViews } from './views.js';
export { STEP_UP_MESSAGES } from './messages.js';
export { describeDuration, describeMissing } from './describe.js';
export type { AssuranceFactor, AssuranceResponse, RequirementAssurance } from './assurance-api.js';
export { ASSURANCE_API_PATH, createAssuranceHandler } from './assurance-api.js';
