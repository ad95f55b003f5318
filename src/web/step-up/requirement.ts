/**
 * Step-up requirements as data: which factors an action needs, and how
 * recent each must be. A requirement is a tree of rules joined by "all of"
 * and "any of"; a rule names a factor (the password, or a second factor
 * filtered by kind or by what it proves) and optionally a recency.
 *
 * @example
 * // The dashboard: any second factor within 12 hours.
 * const dashboard = defineRequirement('dashboard', { factor: 'second-factor', within: 12 * 3600 });
 * // A page for remembered users: a remembered browser, or any second factor of this session.
 * const overview = defineRequirement('overview', { factor: 'second-factor', rememberedBrowser: true });
 * // Payment settings: a phishing-resistant factor (a security key) within 5 minutes.
 * const payments = defineRequirement('payments', { factor: 'second-factor', phishingResistant: true, within: 300 });
 * // Changing the e-mail address: the password and any code, both within 15 minutes.
 * const email = defineRequirement('change-email', { allOf: [{ factor: 'password', within: 900 }, { factor: 'second-factor', within: 900 }] });
 */
import { TwofoldError } from '../../core/errors.js';
import type { AuthenticatorType } from '../../core/assurance.js';

/** The password, as verified by twofold's login page (a host that checks it itself records none). */
export interface PasswordRule {
  readonly factor: 'password';
  /** Seconds: the password must have been verified less than this long ago. Absent: any time in this session. */
  readonly within?: number;
}

/** A second factor (a device), optionally narrowed to some kinds or to what it proves. */
export interface SecondFactorRule {
  readonly factor: 'second-factor';
  /** Seconds: the factor must have been verified less than this long ago. Absent: any time in this session. */
  readonly within?: number;
  /** Only devices of these kinds (names as registered). */
  readonly kinds?: readonly string[];
  /** Only these NIST authenticator types. */
  readonly authenticators?: readonly AuthenticatorType[];
  /** Only factors whose answer is bound to the site's origin (WebAuthn). */
  readonly phishingResistant?: boolean;
  /** Only factors whose secret cannot leave its hardware. */
  readonly hardwareBound?: boolean;
  /**
   * Whether a remembered browser may stand in for the device. Never with
   * `within`: a remembered browser proves who the user was, not that they
   * are here now. Such a rule still accepts a device verified at any time
   * in this session (no weaker than a remembered browser).
   */
  readonly rememberedBrowser?: boolean;
}

/** One factor a requirement asks for. */
export type FactorRule = PasswordRule | SecondFactorRule;

/** A requirement's shape before {@link defineRequirement} checks it. */
export type RequirementSpec =
  | FactorRule
  | { readonly allOf: readonly RequirementSpec[] }
  | { readonly anyOf: readonly RequirementSpec[] };

/** A checked, frozen requirement with a name (used in events, the JSON API and pages). */
export interface Requirement {
  readonly name: string;
  readonly spec: RequirementSpec;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MAX_WITHIN_SECONDS = 400 * 24 * 3600;
const MAX_DEPTH = 8;
const MAX_RULES = 64;
const AUTHENTICATORS: ReadonlySet<unknown> = new Set<AuthenticatorType>([
  'look-up-secret',
  'out-of-band',
  'single-factor-otp',
  'single-factor-cryptographic',
  'multi-factor-cryptographic',
]);
const SECOND_FACTOR_KEYS = new Set(['factor', 'within', 'kinds', 'authenticators', 'phishingResistant', 'hardwareBound', 'rememberedBrowser']);

function invalid(name: string, path: string, problem: string): TwofoldError {
  return new TwofoldError('INVALID_CONFIG', `requirement "${name}": ${path} ${problem}`);
}

interface Walk {
  readonly name: string;
  rules: number;
}

function checkWithin(walk: Walk, path: string, within: unknown): void {
  if (within === undefined) return;
  if (typeof within !== 'number' || !Number.isInteger(within) || within < 1 || within > MAX_WITHIN_SECONDS) {
    throw invalid(walk.name, `${path}.within`, `must be a whole number of seconds from 1 to ${MAX_WITHIN_SECONDS}`);
  }
}

function checkStrings(walk: Walk, path: string, value: unknown, allowed?: ReadonlySet<unknown>): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string' || item === '')) {
    throw invalid(walk.name, path, 'must be a non-empty list of names');
  }
  const names = value as string[];
  const unknownName = allowed === undefined ? undefined : names.find((item) => !allowed.has(item));
  if (unknownName !== undefined) throw invalid(walk.name, path, `names an unknown value "${unknownName}"`);
  return Object.freeze([...names]);
}

function checkFlag(walk: Walk, path: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw invalid(walk.name, path, 'must be true or false');
}

function checkRule(walk: Walk, path: string, rule: Record<string, unknown>): FactorRule {
  walk.rules += 1;
  if (walk.rules > MAX_RULES) throw invalid(walk.name, path, `makes the requirement longer than ${MAX_RULES} rules`);
  checkWithin(walk, path, rule.within);
  const within = rule.within as number | undefined;
  if (rule.factor === 'password') {
    const extra = Object.keys(rule).find((key) => key !== 'factor' && key !== 'within');
    if (extra !== undefined) throw invalid(walk.name, path, `has "${extra}", which a password rule does not take`);
    return Object.freeze({ factor: 'password', ...(within === undefined ? {} : { within }) });
  }
  if (rule.factor !== 'second-factor') throw invalid(walk.name, `${path}.factor`, 'must be "password" or "second-factor"');
  const extra = Object.keys(rule).find((key) => !SECOND_FACTOR_KEYS.has(key));
  if (extra !== undefined) throw invalid(walk.name, path, `has an unknown property "${extra}"`);
  for (const flag of ['phishingResistant', 'hardwareBound', 'rememberedBrowser']) checkFlag(walk, `${path}.${flag}`, rule[flag]);
  if (rule.rememberedBrowser === true && within !== undefined) {
    throw invalid(walk.name, path, 'cannot accept a remembered browser and ask for recency: a remembered browser is never recent');
  }
  const kinds = checkStrings(walk, `${path}.kinds`, rule.kinds);
  const authenticators = checkStrings(walk, `${path}.authenticators`, rule.authenticators, AUTHENTICATORS) as readonly AuthenticatorType[] | undefined;
  return Object.freeze({
    factor: 'second-factor',
    ...(within === undefined ? {} : { within }),
    ...(kinds === undefined ? {} : { kinds }),
    ...(authenticators === undefined ? {} : { authenticators }),
    ...(rule.phishingResistant === true ? { phishingResistant: true } : {}),
    ...(rule.hardwareBound === true ? { hardwareBound: true } : {}),
    ...(rule.rememberedBrowser === true ? { rememberedBrowser: true } : {}),
  });
}

function checkSpec(walk: Walk, path: string, spec: unknown, depth: number): RequirementSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw invalid(walk.name, path, 'must be a rule, { allOf: [...] } or { anyOf: [...] }');
  if (depth > MAX_DEPTH) throw invalid(walk.name, path, `nests deeper than ${MAX_DEPTH} levels`);
  const record = spec as Record<string, unknown>;
  for (const join of ['allOf', 'anyOf'] as const) {
    if (!(join in record)) continue;
    if (Object.keys(record).length !== 1) throw invalid(walk.name, path, `has other properties beside "${join}"`);
    const parts = record[join];
    if (!Array.isArray(parts) || parts.length === 0) throw invalid(walk.name, `${path}.${join}`, 'must be a non-empty list');
    const checked = parts.map((part: unknown, index) => checkSpec(walk, `${path}.${join}[${index}]`, part, depth + 1));
    return Object.freeze(join === 'allOf' ? { allOf: Object.freeze(checked) } : { anyOf: Object.freeze(checked) });
  }
  return checkRule(walk, path, record);
}

/**
 * Checks a requirement and gives it a name. Every mistake is reported with
 * where it is (`requirement "payments": spec.anyOf[1].within must be ...`).
 *
 * @throws TwofoldError `INVALID_CONFIG` for a bad name or specification.
 */
export function defineRequirement(name: string, spec: RequirementSpec): Requirement {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TwofoldError('INVALID_CONFIG', 'a requirement name must be 1–64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return Object.freeze({ name, spec: checkSpec({ name, rules: 0 }, 'spec', spec, 0) });
}
