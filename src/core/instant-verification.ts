/**
 * Verifying a token of an instant kind (see {@link DeviceKind.instantVerify}:
 * TOTP, HOTP, sent codes) with one conditional write. The token is evaluated
 * in memory against the version just read, and the outcome, success or
 * failure, is written with a compare-and-swap on that version. A write that
 * loses to a concurrent change is not an answer: the caller reads the device
 * again and starts over, throttle check included.
 *
 * Why no claim is needed here (evaluation-claims.ts claims first): the claim
 * exists so that a slow evaluation (scrypt, a remote service) cannot run for
 * several guesses within one back-off window. An instant evaluation costs
 * microseconds and no I/O, and its result is only ever acted on once its
 * write has won: of N concurrent guesses read at one version, exactly one
 * write wins; every other one reads the device again and finds it backing
 * off (a failure won) or with its new state (a success won, so the same code
 * is now replayed). So at most one guess is answered per back-off window and
 * a code is accepted at most once, across processes, as with a claim. A
 * failure is stamped with the time its evaluation ended, so even an
 * evaluation that turned out slow (a loaded machine) opens its window when
 * it answers, and the guesses that lost to it find the device backing off.
 */
import type { CoreContext } from './context.js';
import { deviceOf, toDevice } from './device-access.js';
import { withChanges } from './record-update.js';
import type { VerifyResult } from './api.js';
import {
  announceFailure,
  announceSuccess,
  failure,
  isPromiseLike,
  judge,
  successChanges,
  type Precheck,
  type SettleOptions,
  type Settled,
  type Verdict,
} from './evaluation-claims.js';
import type { DeviceChanges } from './types.js';

type Ready = Extract<Precheck, { type: 'ready' }>;

/**
 * What an instant evaluation concluded: the changes to write with one
 * compare-and-swap on the version read, or a refusal that writes nothing.
 */
export type AtOnce =
  | {
      readonly type: 'write';
      readonly changes: DeviceChanges;
      /** The kind's verdict on the token. */
      readonly verdict: Exclude<Verdict, null>;
      /** When the outcome happened: the evaluation's start for a success, its end for a failure. */
      readonly stamp: number;
    }
  | { readonly type: 'refused'; readonly result: VerifyResult };

/**
 * Evaluates the token against the version read and says what to write. The
 * caller writes `changes` conditionally (the write is its own await, so no
 * further promise sits between the read and the write) and, if the write
 * won, answers with {@link settledAtOnce}; if it lost, it reads again.
 * Synchronous for kinds whose `verify` is.
 */
export function planAtOnce(context: CoreContext, ready: Ready, options: SettleOptions): AtOnce | Promise<AtOnce> {
  const judged = judge(context, ready.loaded, ready.token, options, ready.at, ready.opened);
  return isPromiseLike(judged) ? judged.then((verdict) => planOf(context, ready, options, verdict)) : planOf(context, ready, options, judged);
}

function planOf(context: CoreContext, ready: Ready, options: SettleOptions, verdict: Verdict): AtOnce {
  const { loaded, at } = ready;
  const { record } = loaded;
  if (verdict === null) return { type: 'refused', result: failure('device-unusable', deviceOf(loaded)) };
  if (verdict.match) return { type: 'write', changes: successChanges(record, verdict.state, at, options.confirm), verdict, stamp: at };
  // Stamped with the time the evaluation ended, as a claimed miss is: should it
  // have taken long after all, the back-off window still starts from its answer.
  const stamp = Math.max(at, context.now());
  return { type: 'write', changes: { failureCount: record.failureCount + 1, lastFailureAt: stamp }, verdict, stamp };
}

/** The answer once the write of `plan` won: the success, or the failure it counted (events emitted). */
export function settledAtOnce(context: CoreContext, ready: Ready, plan: Extract<AtOnce, { type: 'write' }>): Settled {
  const { loaded } = ready;
  const { changes, verdict, stamp } = plan;
  if (verdict.match) return announceSuccess(context, loaded, changes, stamp);
  const device = toDevice(withChanges(loaded.record, changes), loaded.kind, loaded.state, stamp);
  return { type: 'refused', result: announceFailure(context, device, verdict.reason, verdict.boundElsewhere, stamp) };
}

/** Whether `kind` may be verified with one write: it says its evaluation is instant and asks no remote service. */
export function isInstant(kind: { readonly instantVerify?: boolean; readonly prepareVerify?: unknown }): boolean {
  return kind.instantVerify === true && kind.prepareVerify === undefined;
}
