/**
 * A persistent express-session store on the demo's SQLite file, so that
 * sign-ins survive a restart of `npm start`.
 *
 * Why not a package: the maintained SQLite stores on npm either use the
 * `sqlite3` driver (a second native module, whose prebuilt binaries are
 * downloaded at install time) or have no types and no release in years;
 * better-sqlite3 is already here for twofold's own tables, and a store is
 * four small statements. express-session wants a subclass of its `Store`.
 */
import session from 'express-session';
import type { SessionData } from 'express-session';
import type { Database } from 'better-sqlite3';

/** Lifetime of a session whose cookie has no expiry (a browser-session cookie), in ms. */
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
/** How often expired rows are deleted, in ms. */
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

interface SessionRow {
  readonly data: string;
  readonly expires: number;
}

type Callback = (error?: unknown) => void;

function expiryOf(data: SessionData, now: number): number {
  // express-session hands over its live Cookie, whose maxAge counts down to the cookie's expiry.
  const left = data.cookie.maxAge;
  return typeof left === 'number' && Number.isFinite(left) ? now + left : now + DEFAULT_TTL_MS;
}

/** express-session's store interface on a `demo_sessions` table. */
export class SqliteSessionStore extends session.Store {
  readonly #select;
  readonly #upsert;
  readonly #remove;
  readonly #touch;
  readonly #prune;
  readonly #db: Database;
  readonly #timer: NodeJS.Timeout;

  constructor(db: Database) {
    super();
    this.#db = db;
    db.exec('create table if not exists demo_sessions (sid text primary key, data text not null, expires integer not null)');
    this.#select = db.prepare<[string], SessionRow>('select data, expires from demo_sessions where sid = ?');
    this.#upsert = db.prepare<[string, string, number]>(
      'insert into demo_sessions (sid, data, expires) values (?, ?, ?) on conflict (sid) do update set data = excluded.data, expires = excluded.expires',
    );
    this.#remove = db.prepare<[string]>('delete from demo_sessions where sid = ?');
    this.#touch = db.prepare<[number, string]>('update demo_sessions set expires = ? where sid = ?');
    this.#prune = db.prepare<[number]>('delete from demo_sessions where expires <= ?');
    this.#prune.run(Date.now());
    this.#timer = setInterval(() => this.#prune.run(Date.now()), PRUNE_INTERVAL_MS);
    this.#timer.unref();
  }

  override get(sid: string, callback: (error: unknown, data?: SessionData | null) => void): void {
    let data: SessionData | null = null;
    try {
      const row = this.#select.get(sid);
      if (row !== undefined && row.expires > Date.now()) data = JSON.parse(row.data) as SessionData;
      else if (row !== undefined) this.#remove.run(sid);
    } catch (error) {
      callback(error);
      return;
    }
    callback(null, data);
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    try {
      this.#upsert.run(sid, JSON.stringify(data), expiryOf(data, Date.now()));
    } catch (error) {
      callback?.(error);
      return;
    }
    callback?.();
  }

  override destroy(sid: string, callback?: Callback): void {
    try {
      this.#remove.run(sid);
    } catch (error) {
      callback?.(error);
      return;
    }
    callback?.();
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    try {
      this.#touch.run(expiryOf(data, Date.now()), sid);
    } catch {
      // A failed touch only shortens the session; express-session's callback takes no error.
    }
    callback?.();
  }

  /**
   * Ends every other session whose data holds `value` at one of the JSON
   * `paths` (SQLite's `json_extract` syntax, e.g. `$.demoUserId`), keeping
   * the session `keepSid`. Returns how many were ended.
   * Used after a password change, so that a browser signed in with the old
   * password does not stay signed in.
   */
  destroyOtherSessionsOf(paths: readonly string[], value: string, keepSid: string): number {
    if (paths.length === 0) return 0;
    const matches = paths.map(() => 'json_extract(data, ?) = ?').join(' or ');
    const statement = this.#db.prepare(`delete from demo_sessions where sid <> ? and (${matches})`);
    return statement.run(keepSid, ...paths.flatMap((path) => [path, value])).changes;
  }

  /** Stops the pruning timer. */
  close(): void {
    clearInterval(this.#timer);
  }
}
