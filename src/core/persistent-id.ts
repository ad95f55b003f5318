/**
 * Persistent device ids: `kind/id`, the value a session stores to remember
 * which device verified it. Parsing never throws: anything malformed, of the
 * wrong type, or oversized is simply not an id.
 */
import { createHash, randomBytes } from 'node:crypto';
import { TwofoldError } from './errors.js';

const KIND_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
// KIND_PATTERN, a slash, ID_PATTERN.
const PERSISTENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}\/[A-Za-z0-9_-]{22}$/;

/** A new random device id: 128 bits, base64url (22 characters). */
export function newDeviceId(): string {
  return randomBytes(16).toString('base64url');
}

/** Whether `id` has the form of a device id (22 base64url characters). */
export function isValidDeviceId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/**
 * A device id derived from an idempotency key (SHA-256, first 128 bits,
 * base64url): the same key gives the same id in every process, so creating
 * a device twice for one key fails with `DEVICE_EXISTS`. The key should hold
 * enough randomness that no one else can guess it (e.g. a setup's random id
 * and its user).
 *
 * @example
 * ```ts
 * const id = deviceIdFromKey(`account-setup|${userId}|${setupId}`);
 * ```
 */
export function deviceIdFromKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new TwofoldError('INVALID_ARGUMENT', 'deviceIdFromKey needs a non-empty string');
  return createHash('sha256').update(`twofold/device-id|${key}`, 'utf8').digest().subarray(0, 16).toString('base64url');
}

/**
 * The id a new device gets when one is chosen: the caller's (`createDevice`'s
 * `id`) or the kind's; undefined when neither chose. Both may choose only alike.
 */
export function checkChosenId(callerId: unknown, kindId: string | undefined): string | undefined {
  if (callerId === undefined) return kindId;
  if (!isValidDeviceId(callerId)) throw new TwofoldError('INVALID_ARGUMENT', 'createDevice: id must be 22 base64url characters');
  if (kindId !== undefined && kindId !== callerId) throw new TwofoldError('INVALID_ARGUMENT', 'createDevice: the kind chose another device id');
  return callerId;
}

/** Whether `name` is a valid kind name: lower-case letters, digits, dashes; at most 32 characters. */
export function isValidKindName(name: unknown): name is string {
  return typeof name === 'string' && KIND_PATTERN.test(name);
}

/** Builds the persistent id of a device. */
export function formatPersistentId(kind: string, id: string): string {
  return `${kind}/${id}`;
}

/** Splits a persistent id into kind and id, or returns null when it is not one. */
export function parsePersistentId(value: unknown): { kind: string; id: string } | null {
  // One pattern for the whole id (every verification parses one): measured faster than two on slices or a loop.
  if (typeof value !== 'string' || value.length > 64 || !PERSISTENT_ID_PATTERN.test(value)) return null;
  const slash = value.indexOf('/');
  return { kind: value.slice(0, slash), id: value.slice(slash + 1) };
}
