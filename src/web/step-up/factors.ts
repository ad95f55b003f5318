/**
 * From the session's factors to what each proves: the device of every
 * second factor is loaded and its kind's assurance declaration asked.
 */
import { resolveAssurance } from '../../core/assurance.js';
import type { Twofold } from '../../core/twofold.js';
import type { SessionFactor } from '../state.js';
import type { AssessedFactor } from './check.js';

/**
 * Assesses the session's factors (`await req.otp.factors()`, already checked
 * against the store for this request). A second factor whose device is gone,
 * unconfirmed, of another kind now or of an unregistered kind is left out.
 *
 * @example
 * const factors = await assessFactors(twofold, user.id, await req.otp.factors());
 */
export async function assessFactors(twofold: Twofold, userId: string, factors: readonly SessionFactor[]): Promise<AssessedFactor[]> {
  const assessed: AssessedFactor[] = [];
  for (const factor of factors) {
    if (factor.type === 'password') {
      assessed.push({ type: 'password', at: factor.at });
      continue;
    }
    const device = await twofold.getDevice(userId, factor.persistentId);
    const kind = device === null ? undefined : twofold.kind(device.kind);
    if (device === null || kind === undefined || !device.confirmed || device.kind !== factor.kind) continue;
    assessed.push({
      type: 'second-factor',
      at: factor.at,
      kind: factor.kind,
      persistentId: factor.persistentId,
      rememberedBrowser: factor.method === 'remembered-browser',
      assurance: resolveAssurance(kind, device.state),
    });
  }
  return assessed;
}
