/**
 * Checks for {@link UserPreferences}, shared by every store: what goes in
 * must come back out equal, and a row edited by hand is reported, never
 * handed to the core.
 *
 * Only the stores use this module; it is not part of the public API.
 */
import { TwofoldError } from '../core/errors.js';
import type { UserPreferences } from '../core/types.js';
import { keyProblem, timestampProblem, type Problem } from './validate.js';

/** The problem with a field of a preferences record, or null. */
export function preferencesProblem(field: keyof UserPreferences, value: unknown): Problem {
  switch (field) {
    case 'userId':
      return keyProblem(value);
    case 'primaryDeviceId':
      return value === null ? null : keyProblem(value);
    case 'updatedAt':
      return timestampProblem(value);
  }
}

/** Checks a record passed to `putUserPreferences`; throws `INVALID_ARGUMENT` naming the first bad field. */
export function checkPreferences(value: unknown): UserPreferences {
  if (typeof value !== 'object' || value === null) {
    throw new TwofoldError('INVALID_ARGUMENT', 'putUserPreferences: preferences must be an object');
  }
  const { userId, primaryDeviceId, updatedAt } = value as Record<string, unknown>;
  const fields: readonly [keyof UserPreferences, unknown][] = [
    ['userId', userId],
    ['primaryDeviceId', primaryDeviceId],
    ['updatedAt', updatedAt],
  ];
  for (const [field, fieldValue] of fields) {
    const problem = preferencesProblem(field, fieldValue);
    if (problem !== null) throw new TwofoldError('INVALID_ARGUMENT', `putUserPreferences: ${field} ${problem}`);
  }
  // Copied field by field, so that nothing else the caller attached is kept.
  return { userId: userId as string, primaryDeviceId: primaryDeviceId as string | null, updatedAt: updatedAt as number };
}
