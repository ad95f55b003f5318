/**
 * `GET <prefix>/api/session`: who is signed in, with which factors, whether
 * a sign-in waits for its second factor, and the CSRF token every other
 * JSON endpoint needs in `X-CSRF-Token`. It never reveals anything about a
 * pending sign-in beyond what the pages show (the username, the deadline).
 */
import { csrfToken } from '../../web/csrf.js';
import type { WebConfig } from '../../web/options.js';
import type { PageContext, PageHandler } from '../../web/pages/context.js';
import type { SessionFactor } from '../../web/state.js';
import type { HostUser, TwofoldUser } from '../../web/user.js';
import { pendingExpiresAt, readPending } from '../login/flow.js';
import { setupRequired } from '../policy/index.js';
import { apiJson } from './login-json.js';
import type { ApiFactor, ApiUser, SessionResponse } from './types.js';

/** A user as the API shows them. */
export function apiUser(user: TwofoldUser): ApiUser {
  return { id: user.id, username: user.username };
}

/** Session factors as the API shows them. */
export function apiFactors(factors: readonly SessionFactor[]): ApiFactor[] {
  return factors.map((factor) =>
    factor.type === 'password'
      ? { type: 'password', at: new Date(factor.at).toISOString() }
      : { type: 'otp', kind: factor.kind, device: factor.persistentId, method: factor.method, at: new Date(factor.at).toISOString() },
  );
}

/** The session endpoint's handler. */
export function createSessionHandler<User extends HostUser>(config: WebConfig<User>): PageHandler<User> {
  return async (_request: Request, context: PageContext<User>): Promise<Response> => {
    const user = await context.otp.user();
    const verified = user !== null && (await context.otp.isVerified());
    const { pending } = config.passwordLogin === null ? { pending: null } : readPending(config, context, true);
    const expiresAt = pending === null ? null : pendingExpiresAt(config, pending);
    const body: SessionResponse = {
      user: user === null ? null : apiUser(user),
      verified,
      factors: user === null ? [] : apiFactors(await context.otp.factors()),
      pendingLogin:
        pending === null
          ? null
          : { username: pending.username, startedAt: new Date(pending.at).toISOString(), expiresAt: expiresAt === null ? null : expiresAt.toISOString() },
      setupRequired: user !== null && !verified && (await setupRequired(config.twofold, config.requireTwoFactor, user)),
      csrfToken: csrfToken(context.session, config.keys.csrf),
    };
    return apiJson(body);
  };
}
