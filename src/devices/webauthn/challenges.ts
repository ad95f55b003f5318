/**
 * Ceremony challenges kept in the store (never in memory, so that any app
 * process can finish a ceremony another one started): 32 random bytes, bound
 * to the user, to the session through a hash of the caller's opaque binding,
 * and to the ceremony; taken back exactly once, and refused once expired.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TwofoldError } from '../../core/errors.js';
import type { ChallengeRecord, ChallengeStore, Store } from '../../core/types.js';
import { challengeDigest } from './kind.js';

/**
 * The ceremonies a challenge is for: the two `clientDataJSON.type` names, and
 * `webauthn.discover`, an assertion for a visitor not yet known (passwordless
 * sign-in), kept apart so that neither kind of challenge serves the other.
 */
export type CeremonyPurpose = 'webauthn.create' | 'webauthn.get' | 'webauthn.discover';

/** Why a challenge could not be used. */
export type ChallengeFailure =
  /** Unknown, already used, or pruned. */
  | 'challenge-not-found'
  /** Past its lifetime. */
  | 'challenge-expired'
  /** Issued to another user, another session, or for the other ceremony. */
  | 'challenge-mismatch';

/** Bytes of randomness per challenge (WebAuthn asks for at least 16). */
export const CHALLENGE_BYTES = 32;

/** The challenge methods of `store`, or `INVALID_CONFIG` when it has none. */
export function challengeStoreOf(store: Store): ChallengeStore {
  const { putChallenge, takeChallenge, deleteExpiredChallenges } = store;
  if (putChallenge === undefined || takeChallenge === undefined || deleteExpiredChallenges === undefined) {
    throw new TwofoldError(
      'INVALID_CONFIG',
      'webauthn: the store does not keep challenges (putChallenge, takeChallenge); use the memory or SQL store of this version',
    );
  }
  return {
    putChallenge: putChallenge.bind(store),
    takeChallenge: takeChallenge.bind(store),
    deleteExpiredChallenges: deleteExpiredChallenges.bind(store),
  };
}

/** SHA-256 of the caller's session binding; the binding itself is never stored. */
export function bindingDigest(binding: string): string {
  if (typeof binding !== 'string' || binding.length < 16 || binding.length > 1024) {
    throw new TwofoldError('INVALID_ARGUMENT', 'webauthn: binding must be an opaque session value of 16 to 1024 characters (a session id, or a random value kept in the session)');
  }
  return createHash('sha256').update(binding, 'utf8').digest('base64url');
}

/** A new random challenge: the bytes for the options, and their base64url form as the browser echoes it. */
export function newChallenge(): { readonly bytes: Uint8Array; readonly text: string } {
  const bytes = randomBytes(CHALLENGE_BYTES);
  return { bytes: new Uint8Array(bytes), text: bytes.toString('base64url') };
}

/** Stores an issued challenge. */
export async function putIssuedChallenge(
  store: ChallengeStore,
  input: { userId: string; binding: string; purpose: CeremonyPurpose; challenge: string; now: number; lifetimeMs: number },
): Promise<void> {
  await store.putChallenge({
    id: challengeDigest(input.challenge),
    userId: input.userId,
    purpose: input.purpose,
    bindingHash: bindingDigest(input.binding),
    challenge: input.challenge,
    createdAt: input.now,
    expiresAt: input.now + input.lifetimeMs,
  });
}

function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Takes the challenge a response signed (from its `clientDataJSON`) out of
 * the store, whatever happens next: a challenge gets one attempt. Then checks
 * that it was issued to this user, in this session, for this ceremony, and
 * has not expired.
 */
export async function takeIssuedChallenge(
  store: ChallengeStore,
  input: { userId: string; binding: string; purpose: CeremonyPurpose; challenge: string; now: number },
): Promise<{ readonly ok: true; readonly record: ChallengeRecord } | { readonly ok: false; readonly reason: ChallengeFailure }> {
  const bindingHash = bindingDigest(input.binding);
  if (!/^[A-Za-z0-9_-]{16,512}$/.test(input.challenge)) return { ok: false, reason: 'challenge-not-found' };
  const record = await store.takeChallenge(challengeDigest(input.challenge));
  if (record === null) return { ok: false, reason: 'challenge-not-found' };
  // The record is gone now whatever the verdict, so a mismatch cannot be retried either.
  if (record.userId !== input.userId || record.purpose !== input.purpose || !sameDigest(record.bindingHash, bindingHash)) {
    return { ok: false, reason: 'challenge-mismatch' };
  }
  if (input.now >= record.expiresAt) return { ok: false, reason: 'challenge-expired' };
  return { ok: true, record };
}

/** The challenge a response's `clientDataJSON` carries, or null when it has none. */
export function signedChallenge(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== 'string' || clientDataJSON.length > 8192) return null;
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = typeof data === 'object' && data !== null ? (data as { challenge?: unknown }).challenge : undefined;
    return typeof challenge === 'string' ? challenge : null;
  } catch {
    return null;
  }
}
