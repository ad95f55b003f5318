/**
 * The step-up flow's options: the requirements the step-up page can serve,
 * registered by name, and where that page is. Checked at start-up; a guard
 * built for a requirement that is not registered is refused at setup time,
 * so that a route never sends its users to a page that cannot help them.
 */
import { TwofoldError } from '../../core/errors.js';
import { defineRequirement, type Requirement } from '../../web/step-up/requirement.js';
import { isSafeRedirect } from '../../web/redirect.js';
import type { HostUser } from '../../web/user.js';

/** The step-up options of `twofoldExpress`, `twofoldHono` and the lower-level factories. */
export interface StepUpOptions {
  /**
   * The requirements that guards may ask for (`requireFactors(payments)`),
   * made with `defineRequirement`; names must differ. The step-up page
   * serves them by name (`<path>/step-up?requirement=payments`).
   */
  readonly requirements?: readonly Requirement[];
  /**
   * Where the step-up page is (default: next to the login page, `<path>/step-up`
   * when `loginUrl` ends in `/login`). Give it when the pages are mounted
   * elsewhere than `loginUrl` suggests.
   */
  readonly stepUpUrl?: string;
}

/** The checked step-up settings. */
export interface StepUpConfig {
  /** The registered requirements by name. */
  readonly requirements: ReadonlyMap<string, Requirement>;
  /** The step-up page's URL, or null when it cannot be told from `loginUrl` (guards then refuse to be built). */
  readonly url: string | null;
}

function fail(message: string): never {
  throw new TwofoldError('INVALID_CONFIG', message);
}

/**
 * Checks the step-up options. Each requirement is checked again with
 * `defineRequirement`, so that a hand-made object gets the same errors.
 * `flowRequirements` (the account's and the admin's) are registered too.
 *
 * @throws TwofoldError `INVALID_CONFIG` on a mistake.
 */
export function resolveStepUpOptions(options: StepUpOptions, loginUrl: string, flowRequirements: readonly Requirement[] = []): StepUpConfig {
  const given: unknown = options.requirements ?? [];
  if (!Array.isArray(given)) fail('requirements must be a list of requirements made with defineRequirement');
  const requirements = new Map<string, Requirement>();
  for (const [index, item] of (given as unknown[]).entries()) {
    if (typeof item !== 'object' || item === null || typeof (item as Partial<Requirement>).name !== 'string') {
      fail(`requirements[${index}] must be made with defineRequirement(name, spec)`);
    }
    const requirement = item as Requirement;
    defineRequirement(requirement.name, requirement.spec);
    if (requirements.has(requirement.name)) fail(`requirements: the name "${requirement.name}" is given twice`);
    requirements.set(requirement.name, requirement);
  }
  // The flows' own requirements (the account's actions, the admin's): the host may list them too, with the same rules.
  for (const requirement of flowRequirements) {
    const listed = requirements.get(requirement.name);
    if (listed !== undefined && JSON.stringify(listed.spec) !== JSON.stringify(requirement.spec)) {
      fail(`requirements: "${requirement.name}" is also a requirement of the account pages or the admin, with other rules`);
    }
    requirements.set(requirement.name, requirement);
  }
  if (options.stepUpUrl !== undefined && !isSafeRedirect(options.stepUpUrl)) {
    fail(`stepUpUrl must be a same-origin path starting with "/", got ${JSON.stringify(options.stepUpUrl)}`);
  }
  const url = options.stepUpUrl ?? (loginUrl.endsWith('/login') ? `${loginUrl.slice(0, -'/login'.length)}/step-up` : null);
  return { requirements, url };
}

// The step-up options and settings, as part of the web layer's (declaration merging keeps the web layer free of flows).
declare module '../../web/options.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars -- declaration merging
  interface TwofoldWebOptions<User extends HostUser = HostUser> extends StepUpOptions {}
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- declaration merging
  interface WebConfig<User extends HostUser = HostUser> {
    /** The step-up page's settings. */
    readonly stepUp: StepUpConfig;
  }
}
