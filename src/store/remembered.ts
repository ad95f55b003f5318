/**
 * Checks for {@link RememberedBrowserRecord}, shared by every store: what goes
 * in must come back out equal, and a row edited by hand is reported (naming
 * the column, never its value), not handed to the web layer.
 *
 * Only the stores use this module; it is not part of the public API.
 */
import { TwofoldError } from '../core/errors.js';
import type { RememberedBrowserRecord, Store } from '../core/types.js';
import { keyProblem, optionalTimestampProblem, timestampProblem, type Problem } from './validate.js';

/** The {@link Store} methods of remembered browsers (each store implements them in a module of its own). */
export type RememberedBrowserMethods = Pick<
  Store,
  | 'insertRememberedBrowser'
  | 'getRememberedBrowser'
  | 'listRememberedBrowsers'
  | 'touchRememberedBrowser'
  | 'deleteRememberedBrowser'
  | 'deleteUserRememberedBrowsers'
  | 'deleteDeviceRememberedBrowsers'
  | 'deleteExpiredRememberedBrowsers'
>;

/** Longest user agent kept (the web layer truncates before storing). */
export const MAX_USER_AGENT_LENGTH = 512;

/** The fields of a {@link RememberedBrowserRecord}, in declaration order. */
export const REMEMBERED_BROWSER_FIELDS = [
  'id',
  'userId',
  'deviceId',
  'tokenHash',
  'passwordHash',
  'createdAt',
  'expiresAt',
  'lastUsedAt',
  'userAgent',
] as const satisfies readonly (keyof RememberedBrowserRecord)[];

// A SHA-256 digest in base64url without padding.
const DIGEST_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function digestProblem(value: unknown): Problem {
  return typeof value === 'string' && DIGEST_PATTERN.test(value) ? null : 'must be a base64url SHA-256 digest (43 characters)';
}

function userAgentProblem(value: unknown): Problem {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > MAX_USER_AGENT_LENGTH) return `must be at most ${MAX_USER_AGENT_LENGTH} characters`;
  // Shown on pages and kept in SQL text columns: control characters and broken UTF-16 have no place there.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'must not contain control characters';
  if (/\p{Surrogate}/u.test(value)) return 'contains a lone surrogate (not well-formed Unicode)';
  return null;
}

/** The problem with one field of a remembered-browser record, or null. */
export function rememberedBrowserProblem(field: keyof RememberedBrowserRecord, value: unknown): Problem {
  switch (field) {
    case 'id':
    case 'userId':
    case 'deviceId':
      return keyProblem(value);
    case 'tokenHash':
    case 'passwordHash':
      return digestProblem(value);
    case 'createdAt':
    case 'expiresAt':
      return timestampProblem(value);
    case 'lastUsedAt':
      return optionalTimestampProblem(value);
    case 'userAgent':
      return userAgentProblem(value);
  }
}

/**
 * Checks a record handed to `insertRememberedBrowser` and returns a copy with
 * exactly its fields. Throws `INVALID_ARGUMENT` naming the first bad field.
 */
export function checkRememberedBrowser(value: unknown): RememberedBrowserRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TwofoldError('INVALID_ARGUMENT', 'insertRememberedBrowser: the record must be an object');
  }
  const fields = value as Record<string, unknown>;
  const known = new Set<string>(REMEMBERED_BROWSER_FIELDS);
  for (const key of Object.keys(fields)) {
    if (!known.has(key)) throw new TwofoldError('INVALID_ARGUMENT', `insertRememberedBrowser: unknown field ${JSON.stringify(key)}`);
  }
  for (const field of REMEMBERED_BROWSER_FIELDS) {
    const problem = rememberedBrowserProblem(field, fields[field]);
    if (problem !== null) throw new TwofoldError('INVALID_ARGUMENT', `insertRememberedBrowser: ${field} ${problem}`);
  }
  const record = fields as unknown as RememberedBrowserRecord;
  if (record.expiresAt < record.createdAt) {
    throw new TwofoldError('INVALID_ARGUMENT', 'insertRememberedBrowser: expiresAt must not be before createdAt');
  }
  return {
    id: record.id,
    userId: record.userId,
    deviceId: record.deviceId,
    tokenHash: record.tokenHash,
    passwordHash: record.passwordHash,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
    userAgent: record.userAgent,
  };
}

/** Checks a time passed to `touchRememberedBrowser` or `deleteExpiredRememberedBrowsers`. */
export function checkTime(value: unknown, what: string): number {
  const problem = timestampProblem(value);
  if (problem !== null) throw new TwofoldError('INVALID_ARGUMENT', `${what} ${problem}`);
  return value as number;
}
