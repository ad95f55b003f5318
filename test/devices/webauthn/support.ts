/**
 * A twofold instance with the `webauthn` kind on a memory store and a manual
 * clock, plus helpers to run a whole ceremony with a software authenticator.
 */
import assert from 'node:assert/strict';
import { createTwofold, type Twofold } from '../../../src/core/twofold.js';
import { manualClock, type ManualClock } from '../../../src/core/clock.js';
import type { Device, Store } from '../../../src/core/types.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { webauthn, webauthnCeremonies, type WebAuthnCeremonies, type WebAuthnConfig, type WebAuthnKind, type WebAuthnState } from '../../../src/devices/webauthn/index.js';
import { softAuthenticator, type SoftAuthenticator, type SoftAuthenticatorOptions } from '../../support/soft-webauthn.js';

export const ORIGIN = 'https://example.com';
export const SECRET = 'webauthn-test-secret-0123456789abcdefghij';
export const START = Date.UTC(2026, 0, 15, 12, 0, 0);

/** One session's opaque binding (at least 16 characters). */
export const SESSION_A = 'session-aaaaaaaaaaaaaaaa';
export const SESSION_B = 'session-bbbbbbbbbbbbbbbb';

/** Everything a WebAuthn test needs. */
export interface Harness {
  readonly twofold: Twofold;
  readonly kind: WebAuthnKind;
  readonly ceremonies: WebAuthnCeremonies;
  readonly clock: ManualClock;
  readonly store: Store;
  readonly errors: string[];
}

/** A harness with `config` over the defaults (rp id example.com, its origin and login.example.com). */
export function harness(config: Partial<WebAuthnConfig> = {}, store: Store = createMemoryStore()): Harness {
  const clock = manualClock(START);
  const kind = webauthn({ rpId: 'example.com', rpName: 'Example', origins: [ORIGIN, 'https://login.example.com'], ...config });
  const errors: string[] = [];
  const twofold = createTwofold({
    store,
    kinds: [kind],
    secrets: [SECRET],
    clock: clock.now,
    logger: { warn: (message) => errors.push(message), error: (message) => errors.push(message) },
  });
  return { twofold, kind, ceremonies: webauthnCeremonies(twofold, kind), clock, store, errors };
}

/** A software authenticator on {@link ORIGIN}. */
export function key(options: Partial<SoftAuthenticatorOptions> = {}): SoftAuthenticator {
  return softAuthenticator({ origin: ORIGIN, seed: 'key-1', ...options });
}

/** Registers `authenticator` for `userId` in session A and returns the device. */
export async function register(h: Harness, authenticator: SoftAuthenticator, userId = 'alice', name?: string): Promise<Device<WebAuthnState>> {
  const options = await h.ceremonies.startRegistration({ userId, userName: `${userId}@example.com`, binding: SESSION_A });
  const result = await h.ceremonies.finishRegistration({ userId, binding: SESSION_A, response: authenticator.register(options), ...(name === undefined ? {} : { name }) });
  assert.ok(result.ok, `registration failed: ${JSON.stringify(result)}`);
  return result.device;
}

/** Authentication options for `userId` in `binding` (asserting the user has keys). */
export async function requestOptions(h: Harness, userId = 'alice', binding = SESSION_A): Promise<{ challenge: string; rpId?: string }> {
  const options = await h.ceremonies.startAuthentication({ userId, binding });
  assert.ok(options !== null, 'the user has keys');
  return options;
}
