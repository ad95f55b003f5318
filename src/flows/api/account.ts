/**
 * The account JSON API (django-two-factor-auth #209, #354, #576): every step
 * of the account pages as an endpoint with typed bodies (`account-types.ts`),
 * under the same rules as the pages: a signed-in user, a verified session, a
 * recent code for adding or removing devices, regenerating backup codes and
 * disabling, the CSRF token on every POST, and ownership of every device id
 * (another user's id answers 404 and changes nothing).
 *
 * The endpoints live by topic: `account-setup.ts`, `account-devices.ts` and
 * `account-security.ts`, on the shared helpers of `account-endpoint.ts`.
 */
import type { HostUser } from '../../web/user.js';
import type { AccountKit } from '../account/service.js';
import { createAccountEndpointKit } from './account-endpoint.js';
import { createAccountDeviceApi, type AccountDeviceHandlers } from './account-devices.js';
import { createAccountSecurityApi, type AccountSecurityHandlers } from './account-security.js';
import { createAccountSetupApi, type AccountSetupHandlers } from './account-setup.js';

export { toApiDevice } from './account-endpoint.js';

/** The handlers of the account JSON API. */
export interface AccountApiHandlers<User extends HostUser> extends AccountSetupHandlers<User>, AccountDeviceHandlers<User>, AccountSecurityHandlers<User> {}

/** Creates the account API handlers. */
export function createAccountApi<User extends HostUser>(kit: AccountKit<User>): AccountApiHandlers<User> {
  const endpoint = createAccountEndpointKit(kit);
  return { ...createAccountSetupApi(endpoint), ...createAccountDeviceApi(endpoint), ...createAccountSecurityApi(endpoint) };
}
