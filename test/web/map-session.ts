/**
 * A session kept in a Map for the web layer's unit tests, counting writes
 * and recording each rotation's `keep`.
 */
import type { JsonValue } from '../../src/core/types.js';
import type { TwofoldSession } from '../../src/web/session.js';

/** A Map-backed session. */
export interface MapSession extends TwofoldSession {
  readonly values: Map<string, JsonValue>;
  readonly regenerations: ('all' | readonly string[])[];
  writes: number;
}

/** A new session holding `initial`. */
export function mapSession(initial: Record<string, JsonValue> = {}): MapSession {
  const values = new Map(Object.entries(initial));
  const session: MapSession = {
    values,
    regenerations: [],
    writes: 0,
    get: (key) => values.get(key),
    set: (key, value) => {
      session.writes++;
      values.set(key, value);
    },
    delete: (key) => {
      session.writes++;
      values.delete(key);
    },
    regenerate: (keep) => {
      session.regenerations.push(keep);
      for (const key of [...values.keys()]) if (keep !== 'all' && !keep.includes(key)) values.delete(key);
      return Promise.resolve();
    },
  };
  return session;
}
