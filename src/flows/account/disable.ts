/**
 * Turning two-factor authentication off, and forgetting a remembered browser.
 */
import { forgetRememberedBrowsers, revokeRememberedBrowser } from '../remember/service.js';
import type { PageContext } from '../../web/pages/context.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { summarizeRequest } from '../shared/events.js';
import { forgetPrimaryDevice } from '../shared/primary.js';
import { emitAccountEvent, type AccountKit } from './kit.js';

/**
 * Turns two-factor authentication off for the user: removes every device
 * (backup codes included), the choice of primary device and the remembered
 * browsers, forgets what the session had verified and rotates its id. The
 * host's own login stays.
 */
export async function disableTwoFactor<User extends HostUser>(
  kit: AccountKit<User>,
  context: PageContext<User>,
  request: Request,
  user: TwofoldUser,
): Promise<number> {
  const { twofold } = kit;
  const userId = user.id;
  // Browsers first, always (even with the feature off now): none may outlive two-factor authentication.
  const forgotten = await forgetRememberedBrowsers(twofold, userId);
  const removed = await twofold.deleteUserDevices(userId);
  await forgetPrimaryDevice(twofold, userId);
  context.session.delete(kit.keys.setup);
  context.session.delete(kit.keys.codes);
  await context.otp.logout();
  emitAccountEvent(kit, 'twoFactorDisabled', {
    user,
    removedDevices: removed,
    forgottenBrowsers: forgotten,
    at: new Date(twofold.clock()),
    request: summarizeRequest(request),
  });
  return removed;
}

/** Forgets one of the user's remembered browsers (the id is untrusted); false when it is not theirs. */
export async function forgetAccountBrowser(kit: AccountKit, request: Request, user: TwofoldUser, browserId: string): Promise<boolean> {
  if (!(await revokeRememberedBrowser(kit.twofold, user.id, browserId))) return false;
  emitAccountEvent(kit, 'rememberedBrowserForgotten', { user, browserId, at: new Date(kit.twofold.clock()), request: summarizeRequest(request) });
  return true;
}
