/**
 * Verifying tokens: one attempt on one device as a compare-and-swap loop,
 * trying a token against all of a user's devices, and counting a failure for
 * a credential the core never sees. Throttling is checked before the token
 * is looked at, so a throttled answer says nothing about the token.
 */
import type { VerifyFailure, VerifyResult } from './api.js';
import { checkUserId, describeError, MAX_ATTEMPTS } from './arguments.js';
import type { CoreContext } from './context.js';
import { load, openSecret, readOwned, toDevice, type Loaded } from './device-access.js';
import { TwofoldError } from './errors.js';
import { throttleUnlocksAt } from './throttle.js';
import type { Device, DeviceChanges, JsonObject, KindVerifyOutcome } from './types.js';

/** What evaluating a token against a device, without writing, concluded. */
export type Evaluation =
  | { readonly type: 'throttled'; readonly unlocksAt: number }
  | { readonly type: 'malformed' }
  | { readonly type: 'unusable' }
  | { readonly type: 'outcome'; readonly outcome: KindVerifyOutcome<JsonObject> };

/** Evaluates a token against a loaded device, without writing anything. */
export async function evaluate(context: CoreContext, loaded: Loaded, token: unknown, at: number): Promise<Evaluation> {
  const { record, kind, state } = loaded;
  const unlocksAt = throttleUnlocksAt(record.failureCount, record.lastFailureAt, kind.throttleFactor);
  // Refused before looking at the token, so a throttled answer says nothing about it.
  if (unlocksAt !== null && at < unlocksAt) return { type: 'throttled', unlocksAt };
  const normalized = typeof token === 'string' ? kind.normalizeToken(token, state) : null;
  if (normalized === null) return { type: 'malformed' };
  const secret = openSecret(context, record);
  if (secret === undefined) return { type: 'unusable' };
  try {
    const outcome = await kind.verify({ token: normalized, secret, state, now: at });
    return { type: 'outcome', outcome };
  } catch (error) {
    context.logger.error(`twofold: kind ${kind.name} failed to verify device ${loaded.device.persistentId}: ${describeError(error)}`);
    return { type: 'unusable' };
  }
}

/** A failed {@link VerifyResult} about `device` (or about no single device). */
export function failure(reason: VerifyFailure, device: Device | null): VerifyResult {
  return { ok: false, reason, device, failureCount: device?.failureCount ?? 0, lockedUntil: device?.lockedUntil ?? null };
}

const REASONS = { invalid: 'invalid-token', replayed: 'replayed-token', expired: 'expired-token' } as const;

/**
 * One verification attempt on one device with the compare-and-swap loop.
 * `first` lets matchToken reuse a read and an evaluation it already made.
 */
export async function attempt(
  context: CoreContext,
  userId: string,
  persistentId: unknown,
  token: unknown,
  options: { confirm: boolean; requireConfirmed: boolean },
  first?: { loaded: Loaded; evaluation: Evaluation; at: number },
): Promise<VerifyResult> {
  let prepared = first;
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    let loaded: Loaded;
    let evaluation: Evaluation;
    let at: number;
    if (prepared !== undefined) {
      ({ loaded, evaluation, at } = prepared);
      prepared = undefined;
    } else {
      at = context.now();
      const record = await readOwned(context, userId, persistentId);
      if (record === null) return failure('device-not-found', null);
      const parsed = load(context, record, at);
      if (parsed === null) return failure(context.kinds.has(record.kind) ? 'device-unusable' : 'device-not-found', null);
      loaded = parsed;
      if (options.requireConfirmed && !record.confirmed && !options.confirm) return failure('device-not-found', null);
      evaluation = await evaluate(context, loaded, token, at);
    }
    const { record, kind, device } = loaded;

    if (evaluation.type === 'throttled') {
      context.hub.emit('throttled', {
        device,
        failureCount: record.failureCount,
        lockedUntil: new Date(evaluation.unlocksAt),
        at: new Date(at),
      });
      return failure('throttled', device);
    }
    if (evaluation.type === 'malformed') return failure('malformed-token', device);
    if (evaluation.type === 'unusable') return failure('device-unusable', device);

    const { outcome } = evaluation;
    if (outcome.match) {
      const changes: DeviceChanges = {
        state: outcome.state,
        failureCount: 0,
        lastFailureAt: null,
        lastUsedAt: at,
        // A used code ends the cooldown: the next sign-in may ask for a new one at once.
        ...(record.lastChallengeAt !== null ? { lastChallengeAt: null } : {}),
        ...(options.confirm && !record.confirmed ? { confirmed: true } : {}),
      };
      if (!(await context.store.updateDevice(record.id, record.version, changes))) continue;
      const updated = toDevice({ ...record, ...changes, version: record.version + 1 }, kind, structuredClone(outcome.state), at);
      if (changes.confirmed === true) context.hub.emit('deviceConfirmed', { device: updated, at: new Date(at) });
      context.hub.emit('verified', { device: updated, at: new Date(at) });
      return { ok: true, device: updated };
    }

    const changes: DeviceChanges = { failureCount: record.failureCount + 1, lastFailureAt: at };
    if (!(await context.store.updateDevice(record.id, record.version, changes))) continue;
    const updated = toDevice({ ...record, ...changes, version: record.version + 1 }, kind, loaded.state, at);
    const reason = REASONS[outcome.reason];
    context.hub.emit('failed', {
      device: updated,
      reason,
      failureCount: updated.failureCount,
      lockedUntil: updated.lockedUntil,
      at: new Date(at),
    });
    return failure(reason, updated);
  }
  throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
}


/** Whether failure `a` unlocks before failure `b` (for reporting the soonest retry). */
function earlier(a: VerifyResult, b: VerifyResult): boolean {
  const at = (r: VerifyResult) => (r.ok ? 0 : (r.lockedUntil?.getTime() ?? 0));
  return at(a) < at(b);
}


/** Tries a token against all of the user's confirmed devices (see {@link Twofold.matchToken}). */
export async function matchToken(context: CoreContext, userId: string, token: unknown): Promise<VerifyResult> {
  checkUserId(userId);
  const at = context.now();
  const records = await context.store.listDevices(userId, { confirmed: true });
  const probes: { loaded: Loaded; evaluation: Evaluation }[] = [];
  for (const record of records) {
    const loaded = load(context, record, at);
    if (loaded === null) continue;
    probes.push({ loaded, evaluation: await evaluate(context, loaded, token, at) });
  }
  if (probes.length === 0) return failure('device-not-found', null);

  const mode = { confirm: false, requireConfirmed: true };
  // First the device that matched, alone: a success there must not count against the others.
  const matching = probes.find((p) => p.evaluation.type === 'outcome' && p.evaluation.outcome.match);
  if (matching !== undefined) {
    const result = await attempt(context, userId, matching.loaded.device.persistentId, token, mode, { ...matching, at });
    if (result.ok) return result;
  }
  // Nothing matched (or the match was lost to a concurrent use): every
  // device that evaluated the token records its failure.
  let last: VerifyResult | null = null;
  let throttled: VerifyResult | null = null;
  for (const probe of probes) {
    if (probe === matching || probe.evaluation.type === 'malformed' || probe.evaluation.type === 'unusable') continue;
    const result = await attempt(context, userId, probe.loaded.device.persistentId, token, mode, { ...probe, at });
    if (result.ok) return result;
    if (result.reason !== 'throttled') last = result;
    else if (throttled === null || earlier(result, throttled)) throttled = result;
  }
  if (last !== null) return { ...last, device: null };
  if (throttled !== null) return { ...throttled, device: null };
  return failure('malformed-token', null);
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
    const { kind, device } = loaded;
    const unlocksAt = throttleUnlocksAt(record.failureCount, record.lastFailureAt, kind.throttleFactor);
    if (unlocksAt !== null && at < unlocksAt) {
      context.hub.emit('throttled', { device, failureCount: record.failureCount, lockedUntil: new Date(unlocksAt), at: new Date(at) });
      return device;
    }
    const changes: DeviceChanges = { failureCount: record.failureCount + 1, lastFailureAt: at };
    if (!(await context.store.updateDevice(record.id, record.version, changes))) continue;
    const updated = toDevice({ ...record, ...changes, version: record.version + 1 }, kind, loaded.state, at);
    context.hub.emit('failed', { device: updated, reason: 'invalid-token', failureCount: updated.failureCount, lockedUntil: updated.lockedUntil, at: new Date(at) });
    return updated;
  }
  throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
}
