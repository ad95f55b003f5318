/**
 * Sending budgets: how many codes may be sent per user, per destination and
 * for the whole site within sliding windows, so that a "send code" button
 * cannot be turned into SMS pumping, toll fraud or mail bombing.
 *
 * A kind declares its rules ({@link DeviceKind.sendBudgets}); the core turns
 * each rule into a {@link SendLimit} whose key is a keyed hash (HMAC-SHA-256
 * under a key derived from the instance's newest secret), so the database
 * never holds phone numbers or e-mail addresses for this purpose; and the
 * store checks and records all limits in one atomic step
 * ({@link Store.recordSend}). The helpers here are shared by the core and by
 * every store so that all of them agree to the millisecond.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { TwofoldError } from './errors.js';
import type { SendAttempt, SendBudgetRule, SendBudgetScope, SendLimit } from './types.js';

/** Most limits one {@link SendAttempt} may carry. */
export const MAX_SEND_LIMITS = 16;
/** Largest `limit` of one budget. */
export const MAX_SEND_LIMIT = 1_000_000;
/** Longest window of one budget: 366 days. */
export const MAX_SEND_WINDOW_MS = 366 * 24 * 3600 * 1000;
/** Longest budget key a store must hold. */
export const MAX_SEND_KEY_LENGTH = 255;
/** Stores sweep expired sends of all keys at most this often (by the `at` of the calls). */
export const SEND_SWEEP_INTERVAL_MS = 60_000;

const SCOPES: readonly SendBudgetScope[] = ['user', 'destination', 'client', 'global'];
/** Longest client identifier accepted by {@link clientBudgetSubject}. */
export const MAX_CLIENT_LENGTH = 256;
// Stores keep timestamps as bigint milliseconds up to what a Date can represent.
const MAX_TIMESTAMP = 8_640_000_000_000_000;
const LONE_SURROGATE = /\p{Surrogate}/u;

function invalidConfig(what: string, message: string): TwofoldError {
  return new TwofoldError('INVALID_CONFIG', `${what}: ${message}`);
}

/**
 * Checks budget rules given in configuration and returns a frozen copy.
 * Throws `INVALID_CONFIG` naming the bad rule.
 *
 * @param what - who is configured, for the message (e.g. `phone: budgets`).
 */
export function checkSendBudgetRules(rules: unknown, what: string): readonly SendBudgetRule[] {
  if (!Array.isArray(rules)) throw invalidConfig(what, 'must be an array of { scope, limit, windowSeconds } rules');
  if (rules.length > MAX_SEND_LIMITS) throw invalidConfig(what, `at most ${MAX_SEND_LIMITS} rules`);
  return Object.freeze(
    rules.map((rule: unknown, index) => {
      if (typeof rule !== 'object' || rule === null) throw invalidConfig(what, `rule ${index} must be an object`);
      const { scope, limit, windowSeconds, ...rest } = rule as Record<string, unknown>;
      const unknownKey = Object.keys(rest)[0];
      if (unknownKey !== undefined) throw invalidConfig(what, `rule ${index} has an unknown setting "${unknownKey}"`);
      if (typeof scope !== 'string' || !(SCOPES as readonly string[]).includes(scope)) {
        throw invalidConfig(what, `rule ${index}: scope must be one of ${SCOPES.join(', ')}`);
      }
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_SEND_LIMIT) {
        throw invalidConfig(what, `rule ${index}: limit must be an integer from 1 to ${MAX_SEND_LIMIT}`);
      }
      if (
        typeof windowSeconds !== 'number' ||
        !Number.isInteger(windowSeconds) ||
        windowSeconds < 1 ||
        windowSeconds * 1000 > MAX_SEND_WINDOW_MS
      ) {
        throw invalidConfig(what, `rule ${index}: windowSeconds must be an integer from 1 to ${MAX_SEND_WINDOW_MS / 1000}`);
      }
      return Object.freeze({ scope: scope as SendBudgetScope, limit, windowSeconds });
    }),
  );
}

function invalidArgument(message: string): TwofoldError {
  return new TwofoldError('INVALID_ARGUMENT', `recordSend: ${message}`);
}

/**
 * Checks a {@link SendAttempt} handed to a store and returns a copy.
 * Throws `INVALID_ARGUMENT`. Shared by every store, so they refuse alike.
 */
export function checkSendAttempt(attempt: unknown): SendAttempt {
  if (typeof attempt !== 'object' || attempt === null) throw invalidArgument('the attempt must be an object');
  const { at, limits } = attempt as Record<string, unknown>;
  if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at > MAX_TIMESTAMP) {
    throw invalidArgument(`at must be an integer number of milliseconds between 0 and ${MAX_TIMESTAMP}`);
  }
  if (!Array.isArray(limits) || limits.length === 0 || limits.length > MAX_SEND_LIMITS) {
    throw invalidArgument(`limits must be an array of 1 to ${MAX_SEND_LIMITS} limits`);
  }
  const checked = limits.map((limit: unknown, index): SendLimit => {
    if (typeof limit !== 'object' || limit === null) throw invalidArgument(`limits[${index}] must be an object`);
    const { key, limit: count, windowMs } = limit as Record<string, unknown>;
    if (
      typeof key !== 'string' ||
      key.length === 0 ||
      key.length > MAX_SEND_KEY_LENGTH ||
      key.includes('\u0000') ||
      LONE_SURROGATE.test(key)
    ) {
      throw invalidArgument(`limits[${index}].key must be 1 to ${MAX_SEND_KEY_LENGTH} characters of well-formed text without NUL`);
    }
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_SEND_LIMIT) {
      throw invalidArgument(`limits[${index}].limit must be an integer from 1 to ${MAX_SEND_LIMIT}`);
    }
    if (typeof windowMs !== 'number' || !Number.isInteger(windowMs) || windowMs < 1 || windowMs > MAX_SEND_WINDOW_MS) {
      throw invalidArgument(`limits[${index}].windowMs must be an integer from 1 to ${MAX_SEND_WINDOW_MS}`);
    }
    return { key, limit: count, windowMs };
  });
  return { at, limits: checked };
}

/**
 * For each distinct key of an attempt, how long its sends must be kept: the
 * longest window among the limits on that key. A send recorded at `at`
 * expires (can be pruned) at `at + retention`.
 */
export function retentionByKey(limits: readonly SendLimit[]): Map<string, number> {
  const retention = new Map<string, number>();
  for (const { key, windowMs } of limits) retention.set(key, Math.max(retention.get(key) ?? 0, windowMs));
  return retention;
}

/**
 * When a spent budget has room again. `times` are the send times counted in
 * the window (those after `at − windowMs`), in ascending order, and there are
 * at least `limit` of them: room comes back when all but `limit − 1` have left
 * the window, i.e. when the send at position `times.length − limit` does.
 */
export function budgetRetryAt(times: readonly number[], limit: number, windowMs: number): number {
  const leaving = times[times.length - limit];
  if (leaving === undefined) throw new TwofoldError('STORE_ERROR', 'budgetRetryAt called for a budget that is not spent');
  return leaving + windowMs;
}

/** Builds the keys of budget rules; see {@link createBudgetKeys}. */
export type BudgetKeyFunction = (kind: string, scope: SendBudgetScope, subject: string) => string;

/**
 * Derives the budget-key function of an instance from its newest secret.
 * Keys look like `phone:destination:<43 characters>`: the kind and scope in
 * clear (for operators), the user id or destination only as an HMAC, so the
 * budget table reveals no numbers or addresses. Rotating the newest secret
 * starts fresh budgets, which is harmless.
 */
export function createBudgetKeys(secret: string): BudgetKeyFunction {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'twofold/send-budgets', 'budget key hmac', 32));
  return (kind, scope, subject) => {
    if (scope === 'global') return `${kind}:global`;
    const digest = createHmac('sha256', key).update(`${kind}\u0000${scope}\u0000${subject}`, 'utf8').digest('base64url');
    return `${kind}:${scope}:${digest}`;
  };
}

function expandIPv6(address: string): string[] | null {
  // Zone ids (fe80::1%eth0) say nothing about who is asking.
  const bare = address.split('%')[0]!;
  let text = bare;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (dotted !== null) {
    const octets = dotted[1]!.split('.').map(Number);
    const high = ((octets[0]! << 8) | octets[1]!).toString(16);
    const low = ((octets[2]! << 8) | octets[3]!).toString(16);
    text = `${bare.slice(0, bare.length - dotted[1]!.length)}${high}:${low}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1]!.split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * What a `client` budget counts for a request from `address`: an IPv4 address
 * as is, an IPv6 address by its /64 network (one subscriber gets a whole /64,
 * so counting single addresses would count nothing), an IPv4-mapped IPv6
 * address as the IPv4 address. Anything else (a host's own client id) is
 * used as given, trimmed. Returns null for an empty or over-long value.
 */
export function clientBudgetSubject(address: string): string | null {
  const trimmed = address.trim();
  if (trimmed === '' || trimmed.length > MAX_CLIENT_LENGTH) return null;
  if (isIPv4(trimmed)) return trimmed;
  if (isIPv6(trimmed)) {
    const groups = expandIPv6(trimmed);
    if (groups === null) return trimmed.toLowerCase();
    if (groups.slice(0, 5).every((group) => group === '0') && groups[5] === 'ffff') {
      const high = parseInt(groups[6]!, 16);
      const low = parseInt(groups[7]!, 16);
      return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
    }
    return `${groups.slice(0, 4).join(':')}::/64`;
  }
  return trimmed;
}
