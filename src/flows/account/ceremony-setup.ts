/**
 * Registering a device by a browser ceremony (a security key or passkey),
 * for the account pages and the JSON API alike: the kind's ceremony checks
 * the browser's answer against the challenge it issued to this session and
 * creates the device, confirmed; the device becomes primary when the user
 * had none, and this session counts as verified with it (the ceremony just
 * proved the key is at hand).
 */
import type { Device } from '../../core/types.js';
import type { CeremonyKind } from '../../devices/presentation.js';
import type { PageContext } from '../../web/pages/context.js';
import { sessionTransaction } from '../../web/state.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import { devicesByPreference, setPrimaryDevice } from '../shared/primary.js';
import { checkDeviceName } from './device-names.js';
import { emitAccountEvent, type AccountKit } from './kit.js';
import type { SetupConfirmation } from './setup.js';

/** The outcome of {@link registerByCeremony}. */
export type CeremonySetupOutcome =
  | { readonly ok: true; readonly device: Device; readonly firstDevice: boolean }
  | Extract<SetupConfirmation, { reason: 'invalid-name' }>
  /** `cancelled`: the browser gave no answer; `failed`: the answer was refused (or its challenge expired); `taken`: the credential is a device already. */
  | { readonly ok: false; readonly reason: 'cancelled' | 'failed' | 'taken' };

/** The options for the browser to create a credential, with a challenge bound to this session. */
export function startCeremonySetup<User extends HostUser>(kit: AccountKit<User>, context: PageContext<User>, user: TwofoldUser, served: CeremonyKind) {
  const binding = sessionTransaction(context.session, kit.config.keys.transaction);
  return served.ceremony.startRegistration({ userId: user.id, userName: kit.account.accountName(user), binding });
}

/** Checks the browser's answer (`response`, '' when it gave none) and adds the device named `name`. */
export async function registerByCeremony<User extends HostUser>(
  kit: AccountKit<User>,
  context: PageContext<User>,
  request: Request,
  user: TwofoldUser,
  served: CeremonyKind,
  input: { readonly name: string; readonly response: string },
): Promise<CeremonySetupOutcome> {
  const { twofold } = kit;
  const checked = checkDeviceName(input.name);
  if (!checked.ok) return { ok: false, reason: 'invalid-name', error: checked.error, params: checked.params };
  if (input.response.trim() === '') return { ok: false, reason: 'cancelled' };
  const firstDevice = !(await twofold.userHasDevice(user.id));
  const hadPrimary = (await devicesByPreference(twofold, user.id)).primary !== null;
  const binding = sessionTransaction(context.session, kit.config.keys.transaction);
  const outcome = await served.ceremony.finishRegistration({ userId: user.id, binding, response: input.response, name: checked.name });
  if (!outcome.ok) {
    if (outcome.detail !== undefined) kit.config.logger.warn(`twofold: a ${served.kind.name} registration was refused: ${outcome.detail}`);
    return { ok: false, reason: outcome.reason === 'taken' ? 'taken' : 'failed' };
  }
  const { device } = outcome;
  if (!hadPrimary) await setPrimaryDevice(twofold, user.id, device.persistentId);
  await context.otp.login(device, { method: 'device' });
  emitAccountEvent(kit, 'accountDeviceAdded', { user, device, firstDevice, at: new Date(twofold.clock()), request: summarizeRequest(request) });
  return { ok: true, device, firstDevice };
}
