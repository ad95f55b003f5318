/**
 * The WebAuthn ceremonies bound to one twofold instance: what pages, the
 * JSON API and tests call. Plain functions over the core; the only state is
 * in the store (challenges) and on the devices.
 */
import { TwofoldError } from '../../core/errors.js';
import type { Twofold } from '../../core/api.js';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import {
  finishAuthentication,
  startAuthentication,
  type AuthenticationResult,
  type CloneSuspicion,
  type FinishAuthenticationInput,
  type StartAuthenticationInput,
} from './authentication.js';
import { challengeStoreOf } from './challenges.js';
import { finishPasswordless, startPasswordless, type FinishPasswordlessInput, type StartPasswordlessInput } from './passwordless.js';
import type { WebAuthnKind } from './kind.js';
import { finishRegistration, startRegistration, type FinishRegistrationInput, type RegistrationResult, type StartRegistrationInput } from './registration.js';
import { WEBAUTHN_KIND_NAME } from './state.js';

/**
 * Events of the ceremonies, besides the core's: registration is the core's
 * `deviceCreated`, use its `verified` (and `failed`), removal its
 * `deviceRemoved`, all with `device.kind === 'webauthn'`.
 */
export interface WebAuthnEvents {
  /** An assertion's signature counter did not increase: the key may have been cloned. Worth alerting on. */
  cloneSuspected: CloneSuspicion;
}

/** The ceremonies of one twofold instance's `webauthn` kind. */
export interface WebAuthnCeremonies {
  /** The kind, with its checked configuration. */
  readonly kind: WebAuthnKind;
  /** Registration options for `navigator.credentials.create` (via the browser script); stores the challenge. */
  startRegistration(input: StartRegistrationInput): Promise<PublicKeyCredentialCreationOptionsJSON>;
  /** Verifies the browser's registration response and creates the device (emits the core's `deviceCreated`). */
  finishRegistration(input: FinishRegistrationInput): Promise<RegistrationResult>;
  /** Assertion options naming the user's confirmed keys, or null when the user has none; stores the challenge. */
  startAuthentication(input: StartAuthenticationInput): Promise<PublicKeyCredentialRequestOptionsJSON | null>;
  /** Verifies the browser's assertion through the core's `verifyToken` (single use, throttling, events). */
  finishAuthentication(input: FinishAuthenticationInput): Promise<AuthenticationResult>;
  /** Passwordless sign-in: options for any passkey of this site (empty `allowCredentials`, user verification required), for an anonymous visitor's session; stores the challenge. */
  startPasswordless(input: StartPasswordlessInput): Promise<PublicKeyCredentialRequestOptionsJSON>;
  /** Passwordless sign-in: finds the credential's device (and so its user) and verifies the assertion with user verification required. */
  finishPasswordless(input: FinishPasswordlessInput): Promise<AuthenticationResult>;
  /** Subscribes to an event; returns the function that unsubscribes. A listener that throws is ignored. */
  on<E extends keyof WebAuthnEvents>(event: E, listener: (payload: WebAuthnEvents[E]) => void): () => void;
}

/**
 * Binds the ceremonies to a twofold instance whose kinds include `kind`.
 *
 * @example
 * ```ts
 * const ceremonies = webauthnCeremonies(twofold, passkeys);
 * ceremonies.on('cloneSuspected', ({ device }) => alertSecurityTeam(device.userId));
 * const options = await ceremonies.startAuthentication({ userId, binding: req.session.webauthnBinding });
 * ```
 *
 * @throws TwofoldError `INVALID_CONFIG` when the kind is not registered with
 *   `twofold` or the store keeps no challenges.
 */
export function webauthnCeremonies(twofold: Twofold, kind: WebAuthnKind): WebAuthnCeremonies {
  // One set per instance and kind, so that a host's `cloneSuspected` listener also hears the ceremonies the pages run.
  let byKind = bound.get(twofold);
  if (byKind === undefined) {
    byKind = new WeakMap();
    bound.set(twofold, byKind);
  }
  const known = byKind.get(kind);
  if (known !== undefined) return known;
  const created = bindCeremonies(twofold, kind);
  byKind.set(kind, created);
  return created;
}

const bound = new WeakMap<Twofold, WeakMap<WebAuthnKind, WebAuthnCeremonies>>();

function bindCeremonies(twofold: Twofold, kind: WebAuthnKind): WebAuthnCeremonies {
  if (twofold.kind(WEBAUTHN_KIND_NAME) !== kind) {
    throw new TwofoldError('INVALID_CONFIG', 'webauthn: pass the kind registered with this twofold instance (createTwofold({ kinds: [..., kind] }))');
  }
  const store = challengeStoreOf(twofold.store);
  const listeners = new Set<(payload: CloneSuspicion) => void>();
  const emitClone = (payload: CloneSuspicion): void => {
    for (const listener of [...listeners]) {
      try {
        listener(payload);
      } catch {
        // A listener's failure never changes the ceremony's outcome.
      }
    }
  };
  return {
    kind,
    startRegistration: (input) => startRegistration(twofold, kind, store, input),
    finishRegistration: (input) => finishRegistration(twofold, kind, store, input),
    startAuthentication: (input) => startAuthentication(twofold, kind, store, input),
    finishAuthentication: (input) => finishAuthentication(twofold, kind, store, input, emitClone),
    startPasswordless: (input) => startPasswordless(twofold, kind, store, input),
    finishPasswordless: (input) => finishPasswordless(twofold, kind, store, input, emitClone),
    on(event, listener) {
      if ((event as string) !== 'cloneSuspected') throw new TwofoldError('INVALID_ARGUMENT', `webauthn: unknown event ${JSON.stringify(event)}`);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
