/**
 * Refusing options nobody reads. A misspelt or misplaced setting (say
 * `totp({ tolerance: 0 })`, a device option given to the kind) would
 * otherwise be ignored in silence and the application would run with the
 * default it meant to change.
 */
import { TwofoldError } from './errors.js';

/**
 * Throws `INVALID_CONFIG` naming the first own key of `config` that is not
 * in `allowed`. Anything that is not an object is left to the caller's own checks.
 *
 * @param owner - the factory, first word of the message (`totp`, `smtpSender`).
 * @example
 * rejectUnknownOptions('totp', { tolerance: 0 }, ['throttleFactor', 'sync', 'maxDrift']);
 * // TwofoldError INVALID_CONFIG: totp: unknown option "tolerance" (allowed: throttleFactor, sync, maxDrift)
 */
export function rejectUnknownOptions(owner: string, config: unknown, allowed: readonly string[]): void {
  if (typeof config !== 'object' || config === null) return;
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) {
      throw new TwofoldError('INVALID_CONFIG', `${owner}: unknown option ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})`);
    }
  }
}
