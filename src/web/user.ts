/**
 * Users as twofold sees them: an id (a string, as the core expects) and an
 * optional display name. Hosts hand over their own user objects; twofold
 * only reads `id` and `username`.
 */
import { TwofoldError } from '../core/errors.js';

/** The least a host's user object must have. Numeric ids are turned into strings. */
export interface HostUser {
  readonly id: string | number;
  readonly username?: string | undefined;
}

/** A user as twofold uses it. */
export interface TwofoldUser {
  /** The id devices are stored under. */
  readonly id: string;
  /** Shown on pages ("Signed in as ..."), or null. */
  readonly username: string | null;
}

/** Same limit as the core's user ids. */
const MAX_USER_ID_LENGTH = 255;

/**
 * Reads a host's user object: null or undefined mean "nobody signed in".
 * Anything else without a usable id is a host bug and throws, rather than
 * silently treating a signed-in user as anonymous.
 */
export function toTwofoldUser(value: unknown): TwofoldUser | null {
  if (value === null || value === undefined || value === false) return null;
  if (typeof value !== 'object') {
    throw new TwofoldError('INVALID_ARGUMENT', 'the current user must be an object with an `id`, or null');
  }
  const { id, username } = value as { id?: unknown; username?: unknown };
  let text: string;
  if (typeof id === 'string') text = id;
  else if (typeof id === 'number' && Number.isSafeInteger(id)) text = String(id);
  else if (typeof id === 'bigint') text = id.toString();
  else throw new TwofoldError('INVALID_ARGUMENT', 'the current user has no usable `id` (a string or an integer)');
  if (text.length === 0 || text.length > MAX_USER_ID_LENGTH) {
    throw new TwofoldError('INVALID_ARGUMENT', `user ids must be 1 to ${MAX_USER_ID_LENGTH} characters`);
  }
  return { id: text, username: typeof username === 'string' && username !== '' ? username : null };
}

/** {@link toTwofoldUser} for a value known to be a user (throws if it has no usable id). */
export function requireTwofoldUser(value: HostUser): TwofoldUser {
  const user = toTwofoldUser(value);
  if (user === null) throw new TwofoldError('INVALID_ARGUMENT', 'expected a user object');
  return user;
}
