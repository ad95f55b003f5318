/**
 * What the setup race tests and their worker processes share: a session that
 * is a plain map, so each simulated request holds its own copy of the same
 * session state.
 */
import type { JsonValue } from '../../../src/core/types.js';
import type { TwofoldSession } from '../../../src/web/session.js';

/** A session holding `entries`, kept in memory. */
export function mapSession(entries: Readonly<Record<string, JsonValue>>): TwofoldSession {
  const values = new Map<string, JsonValue>(Object.entries(entries));
  return {
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, value),
    delete: (key) => void values.delete(key),
    regenerate: () => Promise.resolve(),
  };
}
