/**
 * What a step-up still needs, in the reader's words: one sentence per
 * missing factor, naming the user's devices that can give it and how recent
 * it must be.
 */
import type { Translator } from '../../web/messages.js';
import type { MissingFactor } from '../../web/step-up/decision.js';

/** "5 minutes", "12 hours": whole hours when the limit is, else minutes rounded up. */
export function describeDuration(t: Translator, seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return t.text('stepUp.hours', { count: seconds / 3600 });
  return t.text('stepUp.minutes', { count: Math.max(1, Math.ceil(seconds / 60)) });
}

/**
 * One sentence per missing factor of a way to satisfy a requirement.
 * `isKey(kind)` tells the kinds used by a browser ceremony (security keys):
 * a factor only they can give is a key to use, not a code to enter.
 */
export function describeMissing(t: Translator, factors: readonly MissingFactor[], isKey: (kind: string) => boolean = () => false): string[] {
  return factors.map(({ rule, devices }) => {
    const duration = rule.within === undefined ? null : describeDuration(t, rule.within);
    if (rule.factor === 'password') return duration === null ? t.text('stepUp.missing.password') : t.text('stepUp.missing.passwordRecent', { duration });
    const names = devices.map((device) => device.name).join(', ');
    const keys = devices.length > 0 && devices.every((device) => isKey(device.kind));
    if (duration === null) return t.text(keys ? 'stepUp.missing.key' : 'stepUp.missing.device', { devices: names });
    return t.text(keys ? 'stepUp.missing.keyRecent' : 'stepUp.missing.deviceRecent', { duration, devices: names });
  });
}
