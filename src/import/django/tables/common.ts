/**
 * What a Django device table contributes to the import: which table, which
 * twofold kind, which columns, and a mapper from one row to the options of
 * that kind. Each supported table is one small file in this folder; adding
 * one means adding a file and listing it in `index.ts`.
 */
import type { JsonObject } from '../../../core/types.js';
import type { DjangoRow } from '../source.js';

/** One device row, with the columns every django-otp device has already read. */
export interface DjangoDeviceRow {
  /** Primary key, as text. */
  readonly pk: string;
  /** The owner's Django user key, as text. */
  readonly djangoUser: string;
  readonly name: string;
  readonly confirmed: boolean;
  /** The whole row as the driver returned it (the table's own columns). */
  readonly row: DjangoRow;
  /** Rows of the related table (static tokens), in primary-key order; empty for tables without one. */
  readonly related: readonly DjangoRow[];
}

/** What a mapper makes of a row. */
export type DjangoDeviceMapping =
  | {
      readonly ok: true;
      /** Options for the twofold kind's `create` (validated by the kind itself). */
      readonly options: unknown;
      /** Carries over state `create` cannot take (a last used step, say), applied before the kind checks the state. */
      readonly state?: (created: JsonObject) => JsonObject;
      /** Things worth reporting about this row (values made stricter, addresses left to the host). */
      readonly notes?: readonly string[];
      /** Added to the reason when the kind refuses the options (say, which Django service a YubiKey named). */
      readonly refusalHint?: string;
    }
  | { readonly ok: false; readonly reason: string };

/** A Django device table the importer knows. */
export interface DjangoDeviceTable {
  /** The table, e.g. `otp_totp_totpdevice`. */
  readonly table: string;
  /** The twofold kind its devices become. */
  readonly kind: string;
  /** Columns of its own that must exist (beyond id, user_id, name, confirmed). */
  readonly columns: readonly string[];
  /** A table of child rows read with each device (django-otp's static tokens). */
  readonly related?: { readonly table: string; readonly foreignKey: string; readonly columns: readonly string[] };
  /**
   * A table the device row points to (a YubiKey's validation service), read
   * in the same query: its columns arrive in the row as `parent_<column>`,
   * null when the device points nowhere.
   */
  readonly parent?: { readonly table: string; readonly foreignKey: string; readonly columns: readonly string[] };
  /** Turns one row into options for the kind, or says why it cannot be imported. */
  map(device: DjangoDeviceRow): DjangoDeviceMapping;
}

/** An integer from a driver value (number, bigint or decimal text), or null. */
export function integerOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
  if (typeof value === 'string' && /^-?[0-9]{1,16}$/.test(value)) return integerOf(Number(value));
  return null;
}

/** A boolean from a driver value (SQLite keeps 0/1). */
export function booleanOf(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 't' || value === 'true';
}

// Django on SQLite writes "YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]"; with USE_TZ=True the time is UTC.
const DJANGO_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Milliseconds since the epoch from a Django datetime (a pg `Date`, or SQLite
 * text), or null. Text without an offset is read as UTC, which is what
 * Django stores with `USE_TZ = True`.
 */
export function timeOf(value: unknown): number | null {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : null;
  if (typeof value !== 'string') return null;
  const match = DJANGO_TIME.exec(value.trim());
  if (match === null) return null;
  // Milliseconds are all a twofold timestamp holds; the microseconds are cut, never rounded up.
  const fraction = match[3] === undefined ? '' : match[3].slice(0, 4);
  const offset = match[4] === undefined || match[4] === 'Z' ? 'Z' : match[4].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(`${match[1]}T${match[2]}${fraction}${offset}`);
  return Number.isFinite(time) ? time : null;
}

/** Bytes of a django-otp hex key, or a reason it cannot be used. */
export function hexKeyOf(value: unknown, minBytes: number): { key: Uint8Array } | { reason: string } {
  if (typeof value !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(value)) return { reason: 'the key is not hex-encoded bytes' };
  const key = Uint8Array.from(Buffer.from(value, 'hex'));
  if (key.length < minBytes) {
    return { reason: `the key is ${key.length} bytes, twofold requires at least ${minBytes} (128 bits, RFC 4226): the user must enrol this device again` };
  }
  return { key };
}

/** A tolerance within twofold's limit; a larger one is lowered (stricter, so safe) with a note. */
export function toleranceOf(value: unknown, max: number, notes: string[]): number | null {
  const tolerance = integerOf(value);
  if (tolerance === null || tolerance < 0) return null;
  if (tolerance > max) {
    notes.push(`tolerance ${tolerance} lowered to twofold's maximum of ${max}`);
    return max;
  }
  return tolerance;
}
