/**
 * Setting up a device that proves itself with one token typed by the device
 * (a YubiKey touched in the field), for the account pages and the JSON API
 * alike: the kind's `create` checks the token (locally, or with its
 * validation service) and uses it up, so the device is created confirmed in
 * one step, with nothing kept in the session. Which kinds do this, the option
 * that carries the token and the sentences around it are the kind's
 * declaration (`setup.steps: 'token'`, `setup.token`).
 */
import { isTwofoldError } from '../../core/errors.js';
import type { KindTokenTexts } from '../../core/presentation.js';
import type { TokenKind } from '../../devices/presentation.js';
import type { PageContext } from '../../web/pages/context.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import { devicesByPreference, setPrimaryDevice } from '../shared/primary.js';
import { checkConfirmationInput, emitAccountEvent, type AccountKit, type SetupConfirmation } from './service.js';

/** Why a token-set-up device was not added: what the kind said of the token, besides a bad name or no token. */
export type TokenRefusal = keyof Pick<KindTokenTexts, 'invalid' | 'taken' | 'unavailable'>;

/** The outcome of {@link registerByToken}. */
export type TokenSetupOutcome =
  | Extract<SetupConfirmation, { ok: true } | { reason: 'invalid-name' | 'token-required' }>
  | { readonly ok: false; readonly reason: TokenRefusal };

/**
 * Adds a device of `served` from a token the device typed: the kind checks
 * it as it creates the device (confirmed). A token that is not the kind's, or
 * used already, is `invalid`; a device registered already (to this user or
 * another) is `taken`; a validation service that cannot answer is
 * `unavailable` (nothing was added; try again). On success the device is
 * primary when the user had none, and this session counts as verified with
 * it (the token just proved the key is at hand).
 */
export async function registerByToken<User extends HostUser>(
  kit: AccountKit<User>,
  context: PageContext<User>,
  request: Request,
  user: TwofoldUser,
  served: TokenKind,
  input: { readonly name: string; readonly token: string; readonly next: string | null },
): Promise<TokenSetupOutcome> {
  const { twofold } = kit;
  const checked = checkConfirmationInput(input);
  if (!checked.ok) return checked;
  const firstDevice = !(await twofold.userHasDevice(user.id));
  const hadPrimary = (await devicesByPreference(twofold, user.id)).primary !== null;
  let device;
  try {
    device = await twofold.createDevice({ userId: user.id, kind: served.kind.name, name: checked.name, confirmed: true, options: { [served.token.option]: input.token.trim() } });
  } catch (error) {
    if (isTwofoldError(error, 'DEVICE_EXISTS')) return { ok: false, reason: 'taken' };
    if (isTwofoldError(error, 'SERVICE_UNAVAILABLE')) {
      // The service's reason is for the operator; the user is told to try again.
      kit.config.logger.warn(`twofold: a ${served.kind.name} token could not be checked: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, reason: 'unavailable' };
    }
    if (isTwofoldError(error, 'INVALID_OPTIONS') || isTwofoldError(error, 'INVALID_ARGUMENT')) return { ok: false, reason: 'invalid' };
    throw error;
  }
  if (!hadPrimary) await setPrimaryDevice(twofold, user.id, device.persistentId);
  await context.otp.login(device, { method: 'device' });
  emitAccountEvent(kit, 'accountDeviceAdded', { user, device, firstDevice, at: new Date(twofold.clock()), request: summarizeRequest(request) });
  return { ok: true, device, firstDevice, next: input.next };
}
