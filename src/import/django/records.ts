/**
 * From a mapped Django row to a twofold {@link DeviceRecord}: the kind
 * validates the options and makes the state exactly as for `createDevice`;
 * then what `createDevice` cannot express is carried over (last used step,
 * throttling, timestamps), the state is checked again by the kind, and the
 * key is sealed with the core's secret box, bound to the device id.
 */
import { createHash } from 'node:crypto';
import { isTwofoldError } from '../../core/errors.js';
import type { SecretBox } from '../../core/secrets.js';
import type { AnyDeviceKind } from '../../core/twofold.js';
import type { DeviceRecord, JsonObject, KindCreated } from '../../core/types.js';
import { integerOf, timeOf, type DjangoDeviceMapping, type DjangoDeviceRow } from './tables/common.js';

const MAX_NAME_LENGTH = 64;

/**
 * The twofold device id of an imported Django row: 128 bits of a SHA-256 of
 * source name, table and primary key. Deterministic, so that a second run
 * finds what the first created and never creates it twice. (Device ids are
 * not secrets: every access also checks the owner.)
 *
 * @example djangoDeviceId('otp_totp_totpdevice', '1') // the id the TOTP device with pk 1 got
 */
export function djangoDeviceId(table: string, pk: string, sourceName = 'django'): string {
  const digest = createHash('sha256').update(`twofold/import/django\u0000${sourceName}\u0000${table}\u0000${pk}`, 'utf8').digest();
  return digest.subarray(0, 16).toString('base64url');
}

/** A device name twofold accepts: trimmed, without control characters, 1 to 64 characters. */
function deviceName(name: string, fallback: string, notes: string[]): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (cleaned === '') return fallback;
  if (cleaned.length > MAX_NAME_LENGTH) {
    notes.push(`name shortened to ${MAX_NAME_LENGTH} characters`);
    return cleaned.slice(0, MAX_NAME_LENGTH);
  }
  return cleaned;
}

/** What building a record needs besides the row. */
export interface RecordContext {
  readonly box: SecretBox;
  readonly now: number;
  readonly sourceName: string;
}

/** The record for one row, or the reason the kind refused it. */
export async function buildRecord(
  kind: AnyDeviceKind,
  table: string,
  device: DjangoDeviceRow,
  mapping: Extract<DjangoDeviceMapping, { ok: true }>,
  userId: string,
  context: RecordContext,
  notes: string[],
): Promise<DeviceRecord | { readonly reason: string }> {
  const creator = kind as unknown as { create(options: unknown): KindCreated<JsonObject> | Promise<KindCreated<JsonObject>> };
  let created: KindCreated<JsonObject>;
  let state: JsonObject;
  try {
    created = await creator.create(mapping.options);
    const carried = mapping.state === undefined ? created.state : mapping.state(structuredClone(created.state));
    state = kind.parseState(structuredClone(carried));
  } catch (error) {
    if (!isTwofoldError(error)) throw error;
    const hint = mapping.refusalHint === undefined ? '' : ` (${mapping.refusalHint})`;
    return { reason: `the ${kind.name} kind refused it: ${error.message}${hint}` };
  }
  const { row } = device;
  // A kind that proposes an id (a YubiKey's, from its public id) keeps it, so the key stays registrable once only.
  const id = created.id ?? djangoDeviceId(table, device.pk, context.sourceName);
  const failureCount = integerOf(row.throttling_failure_count) ?? 0;
  return {
    id,
    userId,
    kind: kind.name,
    name: deviceName(device.name, kind.name, notes),
    confirmed: device.confirmed,
    createdAt: timeOf(row.created_at) ?? context.now,
    lastUsedAt: timeOf(row.last_used_at),
    secret: created.secret === null ? null : context.box.seal(created.secret, id),
    state,
    // A device throttled in Django stays throttled: twofold's back-off is django-otp's formula.
    failureCount: Math.max(0, failureCount),
    lastFailureAt: timeOf(row.throttling_failure_timestamp),
    lastChallengeAt: timeOf(row.last_generated_timestamp),
    version: 1,
  };
}
