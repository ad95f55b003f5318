/**
 * Django user keys to the host's user ids, a batch at a time: by a column of
 * the user table (one query per batch), or by the host's function.
 */
import { TwofoldError } from '../../core/errors.js';
import { quoteIdentifier, type DjangoSource } from './source.js';
import type { DjangoUserMapping } from './types.js';

const MAX_USER_ID_LENGTH = 255;

/** Maps a batch of Django user keys (driver values, sorted) to twofold user ids; absent = unmapped. */
export type BatchUserMapper = (keys: readonly unknown[]) => Promise<Map<string, string>>;

function usable(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text !== '' && text.length <= MAX_USER_ID_LENGTH ? text : null;
}

/** Builds the batch mapper, checking a column mapping against the database first. */
export async function createUserMapper(mapping: DjangoUserMapping, source: DjangoSource): Promise<BatchUserMapper> {
  if (typeof mapping === 'function') {
    return async (keys) => {
      const result = new Map<string, string>();
      for (const key of keys) {
        const mapped = usable(await mapping(String(key)));
        if (mapped !== null) result.set(String(key), mapped);
      }
      return result;
    };
  }
  if (typeof mapping !== 'object' || typeof mapping.column !== 'string') {
    throw new TwofoldError('INVALID_ARGUMENT', 'users must be a function or { column, table?, key? }');
  }
  const table = mapping.table ?? 'auth_user';
  const key = mapping.key ?? 'id';
  const columns = await source.columns(table);
  if (columns.size === 0) throw new TwofoldError('INVALID_ARGUMENT', `the Django database has no user table ${table} (set users.table)`);
  for (const column of [key, mapping.column]) {
    if (!columns.has(column)) throw new TwofoldError('INVALID_ARGUMENT', `the user table ${table} has no column ${column}`);
  }
  const text = `select ${quoteIdentifier(key)} as k, ${quoteIdentifier(mapping.column)} as v from ${quoteIdentifier(table)} where ${quoteIdentifier(key)} >= ? and ${quoteIdentifier(key)} <= ?`;
  return async (keys) => {
    const result = new Map<string, string>();
    if (keys.length === 0) return result;
    for (const row of await source.select(text, [keys[0], keys[keys.length - 1]])) {
      const mapped = usable(row.v);
      if (mapped !== null) result.set(String(row.k), mapped);
    }
    return result;
  };
}
