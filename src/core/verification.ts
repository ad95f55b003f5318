/**
 * Verifying tokens: one device (`verifyToken`), all of a user's devices
 * (`matchToken`), and counting a failure for a credential the core never
 * sees (`recordFailure`). A slow evaluation runs under a claim (see
 * evaluation-claims.ts); an instant one is written once, after it ran, with
 * a compare-and-swap (instant-verification.ts). Either way concurrent
 * guesses cannot slip through one back-off window and a token is accepted
 * at most once, across processes.
 */
import type { VerifyResult } from './api.js';
import { checkUserId, MAX_ATTEMPTS } from './arguments.js';
import type { CoreContext } from './context.js';
import { deviceOf, load, owned, readOwned, toDevice, type Loaded } from './device-access.js';
import { withChanges } from './record-update.js';
import { claim, commitMiss, failure, isPromiseLike, precheck, releaseClaim, settle, type Settled } from './evaluation-claims.js';
import { TwofoldError } from './errors.js';
import { isInstant, planAtOnce, settledAtOnce } from './instant-verification.js';
import { parsePersistentId } from './persistent-id.js';
import { throttleUnlocksAt } from './throttle.js';
import type { Device, DeviceChanges, DeviceRecord } from './types.js';
import type { PreparedAnswers } from './evaluation-claims.js';

/** How one verification treats the device and the transaction. */
export interface AttemptOptions {
  /** A success also confirms an unconfirmed device (setup); otherwise unconfirmed devices are not found. */
  readonly confirm: boolean;
  /** Hash of the caller's transaction binding, or null (see binding.ts). */
  readonly bindingHash: string | null;
  /** Handed to the kind's `verify` untouched (see `VerifyOptions.context` in api.ts). */
  readonly context?: unknown;
  /**
   * Answers of {@link DeviceKind.prepareVerify} within this one call, by
   * device id, so a retry after a lost write does not ask a remote service
   * again; made on the first such answer.
   */
  prepared?: PreparedAnswers;
  /**
   * Whether instant kinds are settled with one write (instant-verification.ts).
   * `matchToken` says no: its misses must stay claims until it knows whether
   * another device matched.
   */
  readonly atOnce: boolean;
}

/**
 * Reads the user's device `persistentId`, checks it, claims the evaluation
 * and settles it; a claim lost to a concurrent writer starts over from a new read.
 */
async function verifyOne(
  context: CoreContext,
  userId: string,
  persistentId: unknown,
  token: unknown,
  options: AttemptOptions,
  first?: DeviceRecord,
): Promise<Settled> {
  const parsed = parsePersistentId(persistentId);
  let known = first;
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    const at = context.now();
    const record = known ?? (parsed === null ? null : owned(await context.store.getDevice(parsed.id), userId, parsed.kind));
    known = undefined;
    if (record === null) return { type: 'refused', result: failure('device-not-found', null) };
    const loaded: Loaded | null = load(context, record, at);
    if (loaded === null) return { type: 'refused', result: failure(context.kinds.has(record.kind) ? 'device-unusable' : 'device-not-found', null) };
    if (!record.confirmed && !options.confirm) return { type: 'refused', result: failure('device-not-found', null) };
    const checked = precheck(context, loaded, token, at);
    if (checked.type === 'refused') return checked;
    if (options.atOnce && isInstant(loaded.kind)) {
      // Evaluated, then written with one compare-and-swap, awaited right here (instant-verification.ts).
      const planned = planAtOnce(context, checked, options);
      const plan = isPromiseLike(planned) ? await planned : planned;
      if (plan.type === 'refused') return plan;
      if (!(await context.store.updateDevice(record.id, record.version, plan.changes))) continue;
      return settledAtOnce(context, checked, plan);
    }
    const claimed = await claim(context, checked);
    if (claimed === null) continue;
    return await settle(context, claimed, options);
  }
  throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
}

/**
 * Verifies a token against one of the user's devices (see
 * {@link Twofold.verifyToken}), starting from `known` when the caller holds
 * the device's record as read in this request (a stale one loses its write
 * and is read again).
 */
export function attempt(
  context: CoreContext,
  userId: string,
  persistentId: unknown,
  token: unknown,
  options: AttemptOptions,
  known?: DeviceRecord,
): Promise<VerifyResult> {
  // A then rather than an async function: one promise fewer on every sign-in.
  return verifyOne(context, userId, persistentId, token, options, known).then((settled) =>
    settled.type === 'miss' ? commitMiss(context, settled) : settled.result,
  );
}

/** Whether failure `a` unlocks before failure `b` (for reporting the soonest retry). */
function earlier(a: VerifyResult, b: VerifyResult): boolean {
  const at = (r: VerifyResult) => (r.ok ? 0 : (r.lockedUntil?.getTime() ?? 0));
  return at(a) < at(b);
}

/**
 * Tries a token against all of the user's confirmed devices, oldest first
 * (see {@link Twofold.matchToken}). Misses stay claimed until the end: when
 * a later device matches, their claims are given back, so a success on one
 * device is not counted against the others; otherwise each counts one failure.
 */
export async function matchToken(context: CoreContext, userId: string, token: unknown, bindingHash: string | null): Promise<VerifyResult> {
  checkUserId(userId);
  const records = await context.store.listDevices(userId, { confirmed: true });
  const options: AttemptOptions = { confirm: false, bindingHash, atOnce: false };
  const misses: Extract<Settled, { type: 'miss' }>[] = [];
  let throttled: VerifyResult | null = null;
  let found = false;
  for (const record of records) {
    // Corrupt devices and those of unregistered kinds take no part (a corrupt one is logged).
    if (load(context, record, context.now()) === null) continue;
    found = true;
    let settled: Settled;
    try {
      settled = await verifyOne(context, userId, `${record.kind}/${record.id}`, token, options, record);
    } catch (error) {
      // No trustworthy answer for one device (a validation service is down): nothing is held against the user.
      for (const miss of misses) await releaseClaim(context, miss.claim);
      throw error;
    }
    if (settled.type === 'success') {
      for (const miss of misses) await releaseClaim(context, miss.claim);
      return settled.result;
    }
    if (settled.type === 'miss') {
      misses.push(settled);
      continue;
    }
    const { result } = settled;
    if (result.ok) return result;
    if (result.reason === 'throttled' && (throttled === null || earlier(result, throttled))) throttled = result;
  }
  let last: VerifyResult | null = null;
  for (const miss of misses) last = await commitMiss(context, miss);
  if (last !== null && !last.ok) return { ...last, device: null };
  if (throttled !== null) return { ...throttled, device: null };
  return failure(found ? 'malformed-token' : 'device-not-found', null);
}

/** Counts one failure without a token (see {@link Twofold.recordFailure}). */
export async function recordFailure(context: CoreContext, userId: string, persistentId: unknown): Promise<Device | null> {
  checkUserId(userId);
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    const at = context.now();
    const record = await readOwned(context, userId, persistentId);
    if (record === null || !record.confirmed) return null;
    const loaded = load(context, record, at);
    if (loaded === null) return null;
    const { kind } = loaded;
    const device = deviceOf(loaded);
    const unlocksAt = throttleUnlocksAt(record.failureCount, record.lastFailureAt, kind.throttleFactor);
    if (unlocksAt !== null && at < unlocksAt) {
      context.hub.emit('throttled', { device, failureCount: record.failureCount, lockedUntil: new Date(unlocksAt), at: new Date(at) });
      return device;
    }
    const changes: DeviceChanges = { failureCount: record.failureCount + 1, lastFailureAt: at };
    if (!(await context.store.updateDevice(record.id, record.version, changes))) continue;
    const updated = toDevice(withChanges(record, changes), kind, loaded.state, at);
    context.hub.emit('failed', { device: updated, reason: 'invalid-token', failureCount: updated.failureCount, lockedUntil: updated.lockedUntil, at: new Date(at) });
    return updated;
  }
  throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
}
