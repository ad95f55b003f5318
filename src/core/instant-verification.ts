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
import { deviceOf, toDevice, withChanges } from './device-access.js';
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
} from './evaluation-claims.js';
import type { DeviceChanges } from './types.js';

/**
 * Evaluates and writes the outcome at once; null when the write lost to a
 * concurrent change (read again and start over).
 */
export async function settleAtOnce(context: CoreContext, ready: Extract<Precheck, { type: 'ready' }>, options: SettleOptions): Promise<Settled | null> {
  const { loaded, token, at } = ready;
  const { record, kind } = loaded;
  const judged = judge(context, loaded, token, options, at, ready.opened);
  // Instant kinds answer synchronously: no turn of the event loop between the read and the write.
  const verdict = isPromiseLike(judged) ? await judged : judged;
  if (verdict === null) return { type: 'refused', result: failure('device-unusable', deviceOf(loaded)) };
  if (verdict.match) {
    const changes = successChanges(record, verdict.state, at, options.confirm);
    return (await context.store.updateDevice(record.id, record.version, changes)) ? announceSuccess(context, loaded, changes, at) : null;
  }
  // Stamped with the time the evaluation ended, as a claimed miss is: should it
  // have taken long after all, the back-off window still starts from its answer.
  const stamp = Math.max(at, context.now());
  const changes: DeviceChanges = { failureCount: record.failureCount + 1, lastFailureAt: stamp };
  if (!(await context.store.updateDevice(record.id, record.version, changes))) return null;
  const device = toDevice(withChanges(record, changes), kind, loaded.state, stamp);
  return { type: 'refused', result: announceFailure(context, device, verdict.reason, verdict.boundElsewhere, stamp) };
}

/** Whether `kind` may be verified with one write: it says its evaluation is instant and asks no remote service. */
export function isInstant(kind: { readonly instantVerify?: boolean; readonly prepareVerify?: unknown }): boolean {
  return kind.instantVerify === true && kind.prepareVerify === undefined;
}
