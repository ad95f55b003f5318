/**
 * The step-up guards, framework-neutral: `requireFactors(requirement)` sends
 * a user short of the requirement to the step-up page and keeps their place;
 * `requireFactorsApi(requirement)` answers 401/403 with what is missing.
 * The Express and Hono adapters wrap these around their own requests.
 */
import { TwofoldError } from '../../core/errors.js';
import type { WebConfig } from '../../web/options.js';
import { redirectResponse } from '../../web/headers.js';
import { loginRedirectUrl, isSafeRedirect } from '../../web/redirect.js';
import { decideStepUp, stepUpRefusal, type StepUpDecision } from '../../web/step-up/decision.js';
import type { Requirement } from '../../web/step-up/requirement.js';
import { unavailableResponse } from '../../web/unavailable.js';
import type { HostUser } from '../../web/user.js';
import type { OtpRequestContext } from '../../web/verification.js';
import type { RequestSummary } from '../shared/events.js';
import { MAX_USER_AGENT_LENGTH } from '../shared/events.js';
import './events.js';

/** What a guard needs to know of the request it guards (the adapters read it without touching the body). */
export interface GuardedRequest {
  readonly method: string;
  /** The request's public URL (scheme and host as the client used them). */
  readonly url: URL;
  /** The `Referer` header, or null. */
  readonly referer: string | null;
  readonly userAgent: string | null;
  readonly clientAddress: string | null;
}

/** A guard: `'allowed'`, or the response that refuses the request. */
export type StepUpGuard = (otp: OtpRequestContext, request: GuardedRequest) => Promise<'allowed' | Response>;

/** The query field that tells the step-up page a form was refused and must be sent again. */
export const RESUBMIT_FIELD = 'resubmit';

/**
 * The requirement as registered, or an `INVALID_CONFIG` error: a guard may
 * only ask for what the step-up page can serve.
 */
export function registeredRequirement(config: WebConfig, requirement: Requirement): Requirement {
  const given: unknown = requirement;
  const name = typeof given === 'object' && given !== null ? (given as Partial<Requirement>).name : undefined;
  const registered = typeof name === 'string' ? config.stepUp.requirements.get(name) : undefined;
  if (registered === undefined || JSON.stringify(registered.spec) !== JSON.stringify(requirement.spec)) {
    const known = [...config.stepUp.requirements.keys()].join(', ') || 'none';
    throw new TwofoldError(
      'INVALID_CONFIG',
      `requireFactors: requirement ${JSON.stringify(name ?? null)} is not registered; add it to the requirements option (registered: ${known})`,
    );
  }
  return registered;
}

function summary(request: GuardedRequest): RequestSummary {
  return {
    method: request.method,
    path: request.url.pathname,
    userAgent: request.userAgent === null ? null : request.userAgent.slice(0, MAX_USER_AGENT_LENGTH),
    clientAddress: request.clientAddress,
  };
}

/**
 * Where the user should come back to: the requested page for a GET; for a
 * refused form post, the page the form was on when the browser says it is
 * of this site (the post itself cannot be replayed), else the default.
 */
export function returnPath(request: GuardedRequest, fallback: string): string {
  if (request.method === 'GET' || request.method === 'HEAD') return `${request.url.pathname}${request.url.search}`;
  if (request.referer === null) return fallback;
  let referer: URL;
  try {
    referer = new URL(request.referer);
  } catch {
    return fallback;
  }
  if (referer.origin !== request.url.origin) return fallback;
  const path = `${referer.pathname}${referer.search}`;
  return isSafeRedirect(path) ? path : fallback;
}

/** The step-up page's URL for a requirement, a return path, and whether a form must be sent again. */
export function stepUpPageUrl(config: WebConfig, pageUrl: string, requirement: string, next: string, resubmit: boolean): string {
  const query = new URLSearchParams({ requirement, [config.redirectField]: next });
  if (resubmit) query.set(RESUBMIT_FIELD, '1');
  return `${pageUrl}?${query.toString()}`;
}

async function decide(config: WebConfig, otp: OtpRequestContext, requirement: Requirement): Promise<StepUpDecision | Response> {
  try {
    return await decideStepUp(config.twofold, otp, requirement);
  } catch (error) {
    const response = unavailableResponse(error);
    if (response === null) throw error;
    return response;
  }
}

async function reportRequested(config: WebConfig, otp: OtpRequestContext, requirement: Requirement, request: GuardedRequest, api: boolean): Promise<void> {
  const user = await otp.user();
  if (user === null) return;
  config.events.emit('stepUpRequested', { user, requirement: requirement.name, api, at: new Date(config.twofold.clock()), request: summary(request) });
}

/**
 * The HTML guard of `requirement`: anonymous users go to the login page,
 * users short of it to the step-up page (302; 303 for a refused form, with
 * the notice to send it again), both carrying where to come back to.
 *
 * @throws TwofoldError `INVALID_CONFIG` when the requirement is not registered or the step-up page's URL is unknown.
 */
export function requireFactorsGuard<User extends HostUser>(config: WebConfig<User>, requirement: Requirement): StepUpGuard {
  const registered = registeredRequirement(config, requirement);
  const pageUrl = config.stepUp.url;
  if (pageUrl === null) throw new TwofoldError('INVALID_CONFIG', 'requireFactors needs stepUpUrl: loginUrl does not end in /login, so where the step-up page is cannot be told');
  return async (otp, request) => {
    const decision = await decide(config, otp, registered);
    if (decision instanceof Response) return decision;
    if (decision.type === 'allowed') return 'allowed';
    const form = request.method !== 'GET' && request.method !== 'HEAD';
    const next = returnPath(request, config.defaultRedirect);
    if (decision.type === 'login-required') return redirectResponse(loginRedirectUrl(config.loginUrl, config.redirectField, next), form ? 303 : 302);
    await reportRequested(config, otp, registered, request, false);
    return redirectResponse(stepUpPageUrl(config, pageUrl, registered.name, next, form), form ? 303 : 302);
  };
}

/**
 * The JSON guard of `requirement`: 401 `login_required`, or 403
 * `step_up_required` with the ways the user can satisfy it (see `stepUpRefusal`).
 *
 * @throws TwofoldError `INVALID_CONFIG` when the requirement is not registered.
 */
export function requireFactorsApiGuard<User extends HostUser>(config: WebConfig<User>, requirement: Requirement): StepUpGuard {
  const registered = registeredRequirement(config, requirement);
  return async (otp, request) => {
    const decision = await decide(config, otp, registered);
    if (decision instanceof Response) return decision;
    if (decision.type === 'allowed') return 'allowed';
    if (decision.type === 'step-up-required') await reportRequested(config, otp, registered, request, true);
    return stepUpRefusal(decision);
  };
}
