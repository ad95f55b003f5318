/**
 * Binding a sent code to the transaction that asked for it (ASVS 6.6,
 * NIST SP 800-63B §3.1.3): a code sent for pending sign-in A must not be
 * accepted in a parallel pending sign-in B of the same user.
 *
 * The host passes an opaque `binding` (a random transaction id kept in the
 * pending sign-in's session) to `generateChallenge` and again to
 * `verifyToken`/`matchToken`. The core keeps only a keyed hash of it, in the
 * device's stored state under a reserved key that kinds never see, so every
 * interactive kind (custom ones included) is bound without doing anything.
 * A verification whose binding differs from the stored one is refused as an
 * ordinary wrong code (`invalid-token`), without evaluating the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TwofoldError } from './errors.js';
import type { JsonObject } from './types.js';

/** The reserved state key holding the binding hash of the live challenge. Kinds never see it. */
export const BINDING_STATE_KEY = 'twofold:binding';
/** Longest binding accepted (characters). */
export const MAX_BINDING_LENGTH = 256;
const HASH_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Keyed hash of a binding: what is stored, and what a verification's binding is compared with. */
export type BindingHasher = (binding: string) => string;

/** Creates the hasher of one instance, keyed with its newest secret (so equal bindings of two sites never match). */
export function createBindingHasher(secret: string): BindingHasher {
  const key = createHmac('sha256', secret).update('twofold challenge binding').digest();
  return (binding) => createHmac('sha256', key).update(binding, 'utf8').digest('base64url');
}

/**
 * The binding of a call's options: undefined when absent, else a non-empty
 * string of at most {@link MAX_BINDING_LENGTH} characters, or `INVALID_ARGUMENT`.
 */
export function checkBinding(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const { binding } = options as { binding?: unknown };
  if (binding === undefined) return undefined;
  if (typeof binding !== 'string' || binding.length === 0 || binding.length > MAX_BINDING_LENGTH) {
    throw new TwofoldError('INVALID_ARGUMENT', `binding must be a non-empty string of at most ${MAX_BINDING_LENGTH} characters`);
  }
  return binding;
}

/** Separates a stored state into the kind's own state and the binding hash (null when none or unreadable). */
export function splitBinding(stored: JsonObject): { readonly state: JsonObject; readonly binding: string | null } {
  if (!Object.hasOwn(stored, BINDING_STATE_KEY)) return { state: stored, binding: null };
  const { [BINDING_STATE_KEY]: value, ...state } = stored;
  // A malformed hash cannot be matched by any binding: the code stays unusable rather than unbound.
  const binding = typeof value === 'string' ? value : '!';
  return { state, binding };
}

/** The state to store: the kind's state plus the binding hash when there is one. */
export function joinBinding(state: JsonObject, binding: string | null): JsonObject {
  if (binding === null) return state;
  return { ...state, [BINDING_STATE_KEY]: binding };
}

/** Whether a verification presenting `presented` (hashed; null when absent) may use a code bound to `stored`. */
export function bindingAllows(stored: string | null, presented: string | null): boolean {
  if (stored === null) return true;
  if (presented === null || !HASH_PATTERN.test(stored)) return false;
  return timingSafeEqual(Buffer.from(stored, 'utf8'), Buffer.from(presented, 'utf8'));
}
