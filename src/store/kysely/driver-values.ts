/**
 * What database drivers hand back, made exact: integers arrive as numbers,
 * bigints or (pg BIGINT) decimal strings, SQLite booleans as 0/1, and
 * errors carry driver-specific codes; and booleans as the drivers take them.
 */
import type { SqlDialect } from './schema.js';

const DECIMAL_INTEGER = /^-?[0-9]{1,20}$/;

/**
 * An integer read from a driver as an exact number. Anything that does not
 * denote a safe integer exactly stays as is, so that the row check fails.
 */
export function integerFromDriver(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (typeof value === 'string' && DECIMAL_INTEGER.test(value)) {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : value;
  }
  return value;
}

/** A boolean as `dialect`'s driver takes it: 0/1 for SQLite, itself for PostgreSQL. */
export function booleanToDriver(dialect: SqlDialect, value: boolean): boolean | number {
  return dialect === 'sqlite' ? (value ? 1 : 0) : value;
}

/** SQLite stores booleans as 0/1: those become booleans; anything else stays as is and fails the check. */
export function booleanFromDriver(value: unknown): unknown {
  if (value === 0 || value === 0n) return false;
  if (value === 1 || value === 1n) return true;
  return value;
}

interface DriverErrorFields {
  readonly code?: unknown;
  readonly message?: unknown;
}

/** The `code` a driver put on an error (SQLSTATE, SQLite's or Node's), or undefined. */
export function driverErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code } = error as DriverErrorFields;
  return typeof code === 'string' ? code : undefined;
}

/** Whether a driver error is a primary-key or unique violation (PostgreSQL or SQLite). */
export function isDuplicateKey(error: unknown): boolean {
  const code = driverErrorCode(error);
  // 23505: PostgreSQL unique_violation; the SQLite codes come from better-sqlite3.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Whether a driver error says a table does not exist (migrations not run). */
export function isMissingTable(error: unknown): boolean {
  const code = driverErrorCode(error);
  const message = error instanceof Error ? error.message : '';
  return code === '42P01' || message.includes('no such table');
}

// Node's socket errors that mean "the server is not reachable right now".
const NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
// PostgreSQL: too_many_connections, admin_shutdown, crash_shutdown, cannot_connect_now.
const POSTGRES_UNAVAILABLE: ReadonlySet<string> = new Set(['53300', '57P01', '57P02', '57P03']);
// pg and pg-pool say it in words only.
const UNAVAILABLE_MESSAGE = /timeout exceeded when trying to connect|connection terminated|connection timeout|Connection refused/i;

/**
 * How long to wait before retrying, in seconds, when a driver error means the
 * database is unreachable or saturated right now (a transient condition); null
 * for every other error. SQLite's busy lock clears fastest.
 */
export function unavailableRetrySeconds(error: unknown): number | null {
  const code = driverErrorCode(error) ?? '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 1;
  if (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.has(code) || code.startsWith('08')) return 5;
  const message = error instanceof Error ? error.message : '';
  return UNAVAILABLE_MESSAGE.test(message) ? 5 : null;
}
