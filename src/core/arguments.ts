/**
 * Checks of what callers pass to a twofold instance: user ids, device names,
 * the language and client of a challenge. Bad input fails with
 * `INVALID_ARGUMENT`; optional hints that are malformed are ignored.
 */
import { clientBudgetSubject } from './budgets.js';
import { TwofoldError } from './errors.js';

/** How many times an operation re-reads after losing a compare-and-swap race before giving up. */
export const MAX_ATTEMPTS = 200;
const MAX_NAME_LENGTH = 64;
const MAX_USER_ID_LENGTH = 255;

/** The user id, or `INVALID_ARGUMENT` when it is not a non-empty string of at most 255 characters. */
export function checkUserId(userId: unknown): string {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) {
    throw new TwofoldError('INVALID_ARGUMENT', `userId must be a non-empty string of at most ${MAX_USER_ID_LENGTH} characters`);
  }
  return userId;
}

/** A device name trimmed, or `INVALID_ARGUMENT` when empty, too long or holding control characters. */
export function checkName(name: unknown): string {
  if (typeof name !== 'string') throw new TwofoldError('INVALID_ARGUMENT', 'device name must be a string');
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    throw new TwofoldError('INVALID_ARGUMENT', `device name must be 1 to ${MAX_NAME_LENGTH} characters`);
  }
  // Names end up in admin pages and logs: control characters have no place there.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new TwofoldError('INVALID_ARGUMENT', 'device name must not contain control characters');
  }
  return trimmed;
}

/** Whether `value` is a non-null object. */
export function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** The message of an error, for a log line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// A language tag as hosts get it from Accept-Language or a profile ("en", "pt-BR", "zh_Hant_TW").
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,4}$/;

/** The budget subject of `options.client`, or null when absent or unusable. */
export function clientOf(options: unknown): string | null {
  if (!isObject(options)) return null;
  const { client } = options as { client?: unknown };
  return typeof client === 'string' ? clientBudgetSubject(client) : null;
}

/** `options.language` when it is a well-formed language tag, else null. */
export function languageOf(options: unknown): string | null {
  if (!isObject(options)) return null;
  const { language } = options as { language?: unknown };
  return typeof language === 'string' && LANGUAGE_TAG.test(language) ? language : null;
}
