/**
 * Checks for {@link ChallengeRecord}, shared by every store: what goes in must
 * come back out equal, and a row edited by hand is reported (naming the
 * column, never its value).
 *
 * Only the stores use this module; it is not part of the public API.
 */
import { TwofoldError } from '../core/errors.js';
import type { ChallengeRecord } from '../core/types.js';
import { keyProblem, timestampProblem, type Problem } from './validate.js';

/** How often (by the callers' clock) a store forgets expired challenges while storing new ones. */
export const CHALLENGE_SWEEP_INTERVAL_MS = 60_000;

/** The fields of a {@link ChallengeRecord}, in declaration order. */
export const CHALLENGE_FIELDS = [
  'id',
  'userId',
  'purpose',
  'bindingHash',
  'challenge',
  'createdAt',
  'expiresAt',
] as const satisfies readonly (keyof ChallengeRecord)[];

const PURPOSE_PATTERN = /^[a-z0-9][a-z0-9.-]{0,63}$/;
const DIGEST_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{16,512}$/;

/** The problem with one field of a challenge record, or null. */
export function challengeProblem(field: keyof ChallengeRecord, value: unknown): Problem {
  switch (field) {
    case 'id':
    case 'userId':
      return keyProblem(value);
    case 'purpose':
      return typeof value === 'string' && PURPOSE_PATTERN.test(value) ? null : 'must be 1 to 64 characters from a-z, 0-9, "." and "-"';
    case 'bindingHash':
      return typeof value === 'string' && DIGEST_PATTERN.test(value) ? null : 'must be a base64url SHA-256 digest (43 characters)';
    case 'challenge':
      return typeof value === 'string' && CHALLENGE_PATTERN.test(value) ? null : 'must be 16 to 512 base64url characters';
    case 'createdAt':
    case 'expiresAt':
      return timestampProblem(value);
  }
}

/**
 * Checks a record handed to `putChallenge` and returns a copy with exactly
 * its fields. Throws `INVALID_ARGUMENT` naming the first bad field.
 */
export function checkChallenge(value: unknown): ChallengeRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TwofoldError('INVALID_ARGUMENT', 'putChallenge: the record must be an object');
  }
  const fields = value as Record<string, unknown>;
  const known = new Set<string>(CHALLENGE_FIELDS);
  for (const key of Object.keys(fields)) {
    if (!known.has(key)) throw new TwofoldError('INVALID_ARGUMENT', `putChallenge: unknown field ${JSON.stringify(key)}`);
  }
  for (const field of CHALLENGE_FIELDS) {
    const problem = challengeProblem(field, fields[field]);
    if (problem !== null) throw new TwofoldError('INVALID_ARGUMENT', `putChallenge: ${field} ${problem}`);
  }
  const record = fields as unknown as ChallengeRecord;
  if (record.expiresAt < record.createdAt) {
    throw new TwofoldError('INVALID_ARGUMENT', 'putChallenge: expiresAt must not be before createdAt');
  }
  return {
    id: record.id,
    userId: record.userId,
    purpose: record.purpose,
    bindingHash: record.bindingHash,
    challenge: record.challenge,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  };
}

/** Checks the time passed to `deleteExpiredChallenges`. */
export function checkChallengeTime(value: unknown): number {
  const problem = timestampProblem(value);
  if (problem !== null) throw new TwofoldError('INVALID_ARGUMENT', `deleteExpiredChallenges: at ${problem}`);
  return value as number;
}
