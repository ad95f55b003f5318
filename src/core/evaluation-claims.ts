/**
 * Evaluating a token under a claim. Before a device evaluates a token it
 * counts the attempt as a failure with a compare-and-swap (the claim): any
 * concurrent attempt then finds the device backing off and is refused
 * without evaluating, however slow the evaluation is (scrypt for backup
 * codes). So at most one token is evaluated per back-off window, for every
 * kind and across every process. A success replaces the claim with the
 * reset counters; a miss keeps it and re-stamps the failure with the time it
 * is final, so the next window starts when the evaluation ended, not when
 * it began.
 */
import type { VerifyFailure, VerifyResult } from './api.js';
import { describeError, MAX_ATTEMPTS } from './arguments.js';
import { bindingAllows, splitBinding } from './binding.js';
import type { CoreContext } from './context.js';
import { deviceOf, load, openSecret, toDevice, type Loaded } from './device-access.js';
import { withChanges } from './record-update.js';
import type { FailureReason } from './events.js';
import { throttleUnlocksAt } from './throttle.js';
import { TwofoldError, isTwofoldError } from './errors.js';
import { readOnlyJson } from './json-clone.js';
import type { KindVerifyInput, KindVerifyOutcome } from './kind-types.js';
import type { Device, DeviceChanges, DeviceRecord, JsonObject, JsonValue } from './types.js';

/** Answers of {@link DeviceKind.prepareVerify} within one verification call, by device id. */
export type PreparedAnswers = Map<string, Promise<JsonValue>>;

/** What {@link settle} needs to know of the call. */
export interface SettleOptions {
  readonly confirm: boolean;
  readonly bindingHash: string | null;
  readonly context?: unknown;
  /** Made on the first `prepareVerify` of the call (most calls never need it). */
  prepared?: PreparedAnswers;
}

/** A failed {@link VerifyResult} about `device` (or about no single device). */
export function failure(reason: VerifyFailure, device: Device | null): VerifyResult {
  return { ok: false, reason, device, failureCount: device?.failureCount ?? 0, lockedUntil: device?.lockedUntil ?? null };
}

/** What a device concluded before any token was evaluated. */
export type Precheck =
  | {
      readonly type: 'ready';
      readonly loaded: Loaded;
      readonly token: string;
      readonly at: number;
      /** The secret as opened by the precheck, for the envelope it was opened from (no second decryption). */
      readonly opened: OpenedSecret;
    }
  | { readonly type: 'refused'; readonly result: VerifyResult; readonly unlocksAt?: number };

/**
 * Throttling first (so a throttled answer says nothing about the token),
 * then the token's form and the secret. Emits `throttled` when refusing for it.
 */
export function precheck(context: CoreContext, loaded: Loaded, token: unknown, at: number): Precheck {
  // The snapshot (deviceOf) is built only for a refusal: the accepted path answers with the updated one.
  const { record, kind, state } = loaded;
  const unlocksAt = throttleUnlocksAt(record.failureCount, record.lastFailureAt, kind.throttleFactor);
  if (unlocksAt !== null && at < unlocksAt) {
    const device = deviceOf(loaded);
    if (context.hub.has('throttled')) {
      context.hub.emit('throttled', { device, failureCount: record.failureCount, lockedUntil: new Date(unlocksAt), at: new Date(at) });
    }
    return { type: 'refused', result: failure('throttled', device), unlocksAt };
  }
  const normalized = typeof token === 'string' ? kind.normalizeToken(token, state) : null;
  if (normalized === null) return { type: 'refused', result: failure('malformed-token', deviceOf(loaded)) };
  const secret = openSecret(context, record);
  if (secret === undefined) return { type: 'refused', result: failure('device-unusable', deviceOf(loaded)) };
  return { type: 'ready', loaded, token: normalized, at, opened: { envelope: record.secret, secret } };
}

/** A decrypted secret and the envelope it came from. */
export interface OpenedSecret {
  readonly envelope: string | null;
  readonly secret: Uint8Array | null;
}

// The record's secret, decrypted once per verification: opened again only when the envelope changed meanwhile.
function secretOf(context: CoreContext, record: DeviceRecord, opened: OpenedSecret): Uint8Array | null | undefined {
  return record.secret === opened.envelope ? opened.secret : openSecret(context, record);
}

/** An evaluation whose failure is already counted in the store. */
export interface Claim {
  readonly loaded: Loaded;
  readonly token: string;
  readonly at: number;
  readonly opened: OpenedSecret;
  /** The record as the claim wrote it. */
  readonly claimed: DeviceRecord;
}

/** Counts the attempt as a failure before evaluating; null when another writer changed the device first. */
export async function claim(context: CoreContext, ready: Extract<Precheck, { type: 'ready' }>): Promise<Claim | null> {
  const { record } = ready.loaded;
  const changes = { failureCount: record.failureCount + 1, lastFailureAt: ready.at };
  if (!(await context.store.updateDevice(record.id, record.version, changes))) return null;
  return { loaded: ready.loaded, token: ready.token, at: ready.at, opened: ready.opened, claimed: withChanges(record, changes) };
}

/** What a claimed evaluation came to. */
export type Settled =
  | { readonly type: 'success'; readonly result: VerifyResult }
  | { readonly type: 'miss'; readonly claim: Claim; readonly current: DeviceRecord; readonly reason: FailureReason; readonly boundElsewhere: boolean }
  | { readonly type: 'refused'; readonly result: VerifyResult };

const REASONS = { invalid: 'invalid-token', replayed: 'replayed-token', expired: 'expired-token' } as const;

/** What the kind concluded about the token; null when it threw (logged). */
export type Verdict =
  | { readonly match: true; readonly state: JsonObject }
  | { readonly match: false; readonly reason: FailureReason; readonly boundElsewhere: boolean }
  | null;

/**
 * The token against one version of the device; null when the kind threw
 * (logged). Throws what `prepareVerify` throws as `SERVICE_UNAVAILABLE`.
 * Synchronous for kinds whose `verify` is (instant kinds): no promise and no
 * turn of the event loop between reading the device and writing the outcome.
 */
export function judge(
  context: CoreContext,
  loaded: Loaded,
  token: string,
  options: SettleOptions,
  at: number,
  opened: OpenedSecret,
): Verdict | Promise<Verdict> {
  // A code bound to another transaction is a wrong code here; the kind never sees the token.
  if (!bindingAllows(loaded.binding, options.bindingHash)) return { match: false, reason: 'invalid-token', boundElsewhere: true };
  const secret = secretOf(context, loaded.record, opened);
  if (secret === undefined) return null;
  const { state } = loaded;
  // `context` is absent, not undefined, when the caller passed none (see KindVerifyInput.context).
  const input: KindVerifyInput<JsonObject> =
    options.context === undefined ? { token, secret, state, now: at } : { token, secret, state, now: at, context: options.context };
  if (loaded.kind.prepareVerify !== undefined) return judgePrepared(context, loaded, input, options);
  try {
    const returned = loaded.kind.verify(input);
    return isPromiseLike(returned) ? verdictLater(context, loaded, returned) : verdictOf(returned);
  } catch (error) {
    return verdictOfError(context, loaded, error);
  }
}

// Kinds with prepareVerify: the remote answer first (asked once per call), then verify.
async function judgePrepared(context: CoreContext, loaded: Loaded, input: KindVerifyInput<JsonObject>, options: SettleOptions): Promise<Verdict> {
  try {
    const answers = (options.prepared ??= new Map<string, Promise<JsonValue>>());
    // Asked once per call, after the claim: concurrent guesses never reach a remote service.
    let answer = answers.get(loaded.record.id);
    if (answer === undefined) {
      answer = loaded.kind.prepareVerify!(input);
      answers.set(loaded.record.id, answer);
    }
    const prepared = await answer;
    return verdictOf(await loaded.kind.verify({ ...input, prepared }));
  } catch (error) {
    return verdictOfError(context, loaded, error);
  }
}

async function verdictLater(context: CoreContext, loaded: Loaded, returned: PromiseLike<KindVerifyOutcome<JsonObject>>): Promise<Verdict> {
  try {
    return verdictOf(await returned);
  } catch (error) {
    return verdictOfError(context, loaded, error);
  }
}

function verdictOf(outcome: KindVerifyOutcome<JsonObject>): Verdict {
  // A match is its own verdict (only `match` and `state` are read): no object more on every success.
  return outcome.match ? outcome : { match: false, reason: REASONS[outcome.reason], boundElsewhere: false };
}

// An unreachable validation service is the caller's to report ("try again"), not a broken device.
function verdictOfError(context: CoreContext, loaded: Loaded, error: unknown): null {
  if (isTwofoldError(error, 'SERVICE_UNAVAILABLE')) throw error;
  context.logger.error(`twofold: kind ${loaded.kind.name} failed to verify device ${deviceOf(loaded).persistentId}: ${describeError(error)}`);
  return null;
}

/** Whether `value` is a promise (or another thenable) rather than a plain value. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Evaluates a claimed token and, on a match, writes the success. When the
 * success write loses to a concurrent change, the token is evaluated again
 * against the new state (the claim is paid; no new claim is needed), so a
 * code used up meanwhile is not accepted twice.
 */
export async function settle(context: CoreContext, claimed: Claim, options: SettleOptions): Promise<Settled> {
  const { kind, state, binding } = claimed.loaded;
  let loaded: Loaded = { record: claimed.claimed, kind, state, binding, at: claimed.at, snapshot: undefined };
  let at = claimed.at;
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    let verdict: Verdict;
    try {
      verdict = await judge(context, loaded, claimed.token, options, at, claimed.opened);
    } catch (error) {
      await releaseClaim(context, claimed);
      if (error instanceof TwofoldError) throw error;
      throw new TwofoldError('SERVICE_UNAVAILABLE', 'the token could not be checked right now', { cause: error });
    }
    if (verdict === null) {
      await releaseClaim(context, claimed);
      return { type: 'refused', result: failure('device-unusable', deviceOf(loaded)) };
    }
    const { record } = loaded;
    if (!verdict.match) return { type: 'miss', claim: claimed, current: record, reason: verdict.reason, boundElsewhere: verdict.boundElsewhere };
    const changes = successChanges(record, verdict.state, at, options.confirm);
    if (await context.store.updateDevice(record.id, record.version, changes)) return announceSuccess(context, loaded, changes, at);
    const fresh = await context.store.getDevice(record.id);
    at = context.now();
    const reloaded = fresh === null ? null : load(context, fresh, at);
    if (reloaded === null) return { type: 'refused', result: failure('device-not-found', null) };
    if (!reloaded.record.confirmed && !options.confirm) return { type: 'refused', result: failure('device-not-found', null) };
    loaded = reloaded;
  }
  return { type: 'refused', result: failure('device-unusable', deviceOf(loaded)) };
}

/** What a success writes: the kind's new state, the counters reset, the device confirmed when asked. */
export function successChanges(record: DeviceRecord, state: JsonObject, at: number, confirm: boolean): DeviceChanges {
  const changes: { -readonly [Field in keyof DeviceChanges]: DeviceChanges[Field] } = { state, failureCount: 0, lastFailureAt: null, lastUsedAt: at };
  // A used code ends the cooldown: the next sign-in may ask for a new one at once.
  if (record.lastChallengeAt !== null) changes.lastChallengeAt = null;
  if (confirm && !record.confirmed) changes.confirmed = true;
  return changes;
}

/** After the success write: the new snapshot, `deviceConfirmed` and `verified` emitted. */
export function announceSuccess(context: CoreContext, loaded: Loaded, changes: DeviceChanges, at: number): Settled {
  // The state written is the kind's own object, handed over (the store keeps its own copy): the snapshot freezes and keeps it.
  const updated = toDevice(withChanges(loaded.record, changes), loaded.kind, changes.state ?? loaded.state, at);
  if (changes.confirmed === true) context.hub.emit('deviceConfirmed', { device: updated, at: new Date(at) });
  if (context.hub.has('verified')) context.hub.emit('verified', { device: updated, at: new Date(at) });
  return { type: 'success', result: { ok: true, device: updated } };
}

// Whether `current` still carries exactly the failure `claimed` wrote.
function stillClaimed(current: DeviceRecord, claimed: DeviceRecord): boolean {
  return current.failureCount === claimed.failureCount && current.lastFailureAt === claimed.lastFailureAt;
}

/**
 * Makes a miss final: the claimed failure is re-stamped with the time now
 * (unless a later failure replaced it) and `failed` is emitted.
 */
export async function commitMiss(context: CoreContext, miss: Extract<Settled, { type: 'miss' }>): Promise<VerifyResult> {
  const stamp = context.now();
  let current: DeviceRecord | null = miss.current;
  let final = miss.current;
  for (let round = 0; current !== null && round < MAX_ATTEMPTS; round++) {
    if (!stillClaimed(current, miss.claim.claimed) || !(stamp > (current.lastFailureAt ?? 0))) {
      final = current;
      break;
    }
    if (await context.store.updateDevice(current.id, current.version, { lastFailureAt: stamp })) {
      final = withChanges(current, { lastFailureAt: stamp });
      break;
    }
    current = await context.store.getDevice(current.id);
  }
  const device = toDevice(final, miss.claim.loaded.kind, readOnlyJson(splitBinding(final.state).state), stamp);
  return announceFailure(context, device, miss.reason, miss.boundElsewhere, stamp);
}

/** After a failure was written: `failed` emitted, and the result for the caller. */
export function announceFailure(context: CoreContext, device: Device, reason: FailureReason, boundElsewhere: boolean, stamp: number): VerifyResult {
  if (!context.hub.has('failed')) return failure(reason, device);
  context.hub.emit('failed', {
    device,
    reason,
    ...(boundElsewhere ? { detail: 'bound-to-another-transaction' as const } : {}),
    failureCount: device.failureCount,
    lockedUntil: device.lockedUntil,
    at: new Date(stamp),
  });
  return failure(reason, device);
}

/** Gives a claim back (the token matched another device, or could not be evaluated), unless a later write replaced it. */
export async function releaseClaim(context: CoreContext, claimed: Claim): Promise<void> {
  const { failureCount, lastFailureAt } = claimed.loaded.record;
  let current: DeviceRecord | null = claimed.claimed;
  for (let round = 0; current !== null && round < MAX_ATTEMPTS; round++) {
    if (!stillClaimed(current, claimed.claimed)) return;
    if (await context.store.updateDevice(current.id, current.version, { failureCount, lastFailureAt })) return;
    current = await context.store.getDevice(current.id);
  }
}
