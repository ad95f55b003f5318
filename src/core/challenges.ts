/**
 * Interactive devices (codes sent by e-mail, SMS, a call): generating and
 * sending a challenge under the device's cooldown and the sending budgets.
 * The cooldown slot is claimed with a compare-and-swap before anything is
 * sent, so concurrent requests cannot send twice.
 */
import { cloneJson } from './json-clone.js';
import type { ChallengeOptions, ChallengeResult } from './api.js';
import { checkUserId, clientOf, languageOf, MAX_ATTEMPTS } from './arguments.js';
import { checkBinding, joinBinding } from './binding.js';
import type { CoreContext } from './context.js';
import { deviceOf, load, openSecret, readOwned, toDevice } from './device-access.js';
import { TwofoldError } from './errors.js';
import type { DeviceRecord, SendBudgetScope } from './types.js';

/**
 * Gives back a cooldown slot claimed at `claimed.lastChallengeAt`. A
 * concurrent write (a verification, say) may have bumped the version in
 * between; the slot is still returned as long as it is still ours.
 */
async function releaseChallengeClaim(context: CoreContext, claimed: DeviceRecord, previous: number | null): Promise<void> {
  let current: DeviceRecord | null = claimed;
  for (let round = 0; current !== null && round < MAX_ATTEMPTS; round++) {
    if (current.lastChallengeAt !== claimed.lastChallengeAt) return;
    if (await context.store.updateDevice(current.id, current.version, { lastChallengeAt: previous })) return;
    current = await context.store.getDevice(current.id);
  }
}


/** Sends a challenge (see {@link Twofold.generateChallenge}). */
export async function generateChallenge(
  context: CoreContext,
  userId: string,
  persistentId: unknown,
  challengeOptions: ChallengeOptions | undefined,
): Promise<ChallengeResult> {
  checkUserId(userId);
  const language = languageOf(challengeOptions);
  const binding = checkBinding(challengeOptions);
  // Only a hash of the transaction is kept; without a binding the code is usable by any transaction (as before).
  const bindingHash = binding === undefined ? null : context.bindingHash(binding);
  const client = clientOf(challengeOptions);
  for (let round = 0; round < MAX_ATTEMPTS; round++) {
    const at = context.now();
    const record = await readOwned(context, userId, persistentId);
    if (record === null) return { ok: false, reason: 'device-not-found', device: null, nextChallengeAt: null };
    const loaded = load(context, record, at);
    if (loaded === null) return { ok: false, reason: 'device-unusable', device: null, nextChallengeAt: null };
    const { kind } = loaded;
    const device = deviceOf(loaded);
    if (kind.generateChallenge === undefined) return { ok: false, reason: 'not-interactive', device, nextChallengeAt: null };
    if (device.nextChallengeAt !== null) return { ok: false, reason: 'cooldown', device, nextChallengeAt: device.nextChallengeAt };
    const secret = openSecret(context, record);
    if (secret === undefined) return { ok: false, reason: 'device-unusable', device, nextChallengeAt: null };

    // Claim the cooldown slot before sending, so that concurrent requests
    // cannot send twice (each message may cost money).
    if (!(await context.store.updateDevice(record.id, record.version, { lastChallengeAt: at }))) continue;
    let claimed: DeviceRecord = { ...record, lastChallengeAt: at, version: record.version + 1 };

    const rules = context.budgets.get(kind.name) ?? [];
    let refusal: { readonly scope: SendBudgetScope; readonly retryAt: number } | null = null;
    const reserveSend = async (destination: string): Promise<void> => {
      if (typeof destination !== 'string' || destination === '') {
        throw new TwofoldError('INVALID_ARGUMENT', `kind ${kind.name}: reserveSend needs the destination`);
      }
      // Client budgets count only sends whose client is known.
      const applied = rules.filter((rule) => rule.scope !== 'client' || client !== null);
      if (applied.length === 0) return;
      const subjectOf = (scope: SendBudgetScope): string => (scope === 'user' ? userId : scope === 'client' ? (client ?? '') : destination);
      const limits = applied.map((rule) => ({
        key: context.budgetKey(kind.name, rule.scope, subjectOf(rule.scope)),
        limit: rule.limit,
        windowMs: rule.windowSeconds * 1000,
      }));
      const decision = await context.store.recordSend({ at, limits });
      if (decision.allowed) return;
      refusal = { scope: applied[decision.index]?.scope ?? 'global', retryAt: decision.retryAt };
      throw new Error('the sending budget is spent; nothing may be sent');
    };
    const refused = (): ChallengeResult | null => {
      if (refusal === null) return null;
      context.hub.emit('sendBudgetExhausted', { device, scope: refusal.scope, retryAt: new Date(refusal.retryAt), at: new Date(at) });
      return { ok: false, reason: 'budget-exhausted', device, nextChallengeAt: new Date(refusal.retryAt), scope: refusal.scope };
    };

    let result;
    try {
      result = await kind.generateChallenge({ device, secret, state: loaded.state, now: at, language, reserveSend });
    } catch (error) {
      // Hand the slot back, so a failed delivery (or a spent budget) does not stop the user asking again.
      await releaseChallengeClaim(context, claimed, record.lastChallengeAt);
      return refused() ?? { ok: false, reason: 'failed', device, nextChallengeAt: null, error };
    }
    const ignoredRefusal = refused();
    if (ignoredRefusal !== null) {
      // The kind swallowed the refusal: whatever it did, its state is not kept.
      context.logger.error(`twofold: kind ${kind.name} went on after its sending budget was refused; nothing was stored`);
      await releaseChallengeClaim(context, claimed, record.lastChallengeAt);
      return ignoredRefusal;
    }
    const state = kind.parseState(structuredClone(result.state));
    const stored = joinBinding(state, bindingHash);
    for (let write = 0; write < MAX_ATTEMPTS; write++) {
      if (await context.store.updateDevice(claimed.id, claimed.version, { state: stored })) break;
      const fresh = await context.store.getDevice(claimed.id);
      if (fresh === null) return { ok: false, reason: 'device-not-found', device: null, nextChallengeAt: null };
      claimed = fresh;
    }
    const updated = toDevice({ ...claimed, state: stored, version: claimed.version + 1 }, kind, cloneJson(state), at);
    context.hub.emit('challengeSent', { device: updated, at: new Date(at) });
    return { ok: true, device: updated, message: result.message, nextChallengeAt: updated.nextChallengeAt };
  }
  throw new TwofoldError('CONTENTION', 'too many concurrent changes to this device; try again');
}
