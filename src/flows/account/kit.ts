/**
 * What every account operation works with: the account kit (twofold, the
 * account settings, the session keys, the sealer, the translator) and its
 * events.
 */
import type { Twofold } from '../../core/twofold.js';
import type { Translator } from '../../web/messages.js';
import type { WebConfig } from '../../web/options.js';
import type { HostUser } from '../../web/user.js';
import type { AccountEventName } from './events.js';
import type { WebEvents } from '../shared/events.js';
import type { AccountConfig } from './options.js';
import { createAccountSealer, type AccountSealer } from './setup-state.js';

/** Longest device name (the core's limit). */
export const MAX_DEVICE_NAME_LENGTH = 64;

/** Most codes accepted back from a session for download (the backup-codes kind's maximum). */
export const MAX_DOWNLOAD_CODES = 50;

/** The session keys of the account pages, derived from the web layer's base key. */
export interface AccountSessionKeys {
  /** The setup in progress (sealed key). */
  readonly setup: string;
  /** Backup codes just generated, sealed, for the download right after. */
  readonly codes: string;
  /** A notice to show on the next page (after a redirect). */
  readonly flash: string;
}

/** Everything the account handlers share, bound to one configuration. */
export interface AccountKit<User extends HostUser = HostUser> {
  readonly config: WebConfig<User>;
  readonly account: AccountConfig;
  readonly twofold: Twofold;
  readonly t: Translator;
  readonly sealer: AccountSealer;
  readonly keys: AccountSessionKeys;
}

/** Builds the shared state of the account handlers. */
export function createAccountKit<User extends HostUser>(config: WebConfig<User>, account: AccountConfig): AccountKit<User> {
  const base = config.keys.state;
  return {
    config,
    account,
    twofold: config.twofold,
    t: config.translator,
    sealer: createAccountSealer(config.secrets),
    keys: { setup: `${base}Setup`, codes: `${base}Codes`, flash: `${base}Flash` },
  };
}

/** Reports an account event on the web layer's hub (listener failures are logged there, never shown to the user). */
export function emitAccountEvent<E extends AccountEventName>(kit: AccountKit, event: E, payload: WebEvents[E]): void {
  kit.config.events.emit(event, payload);
}
