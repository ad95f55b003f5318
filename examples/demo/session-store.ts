/**
 * A persistent express-session store on the demo's SQLite file, so that
 * sign-ins survive a restart of `npm start`.
 *
 * Every session ends at the first of: its cookie's expiry, an idle limit
 * (no request for `idleMs`, 8 hours by default: express-session touches the
 * session on every request), and an absolute limit counted from when the
 * session was first stored (`absoluteMs`, 24 hours by default: using a
 * session never extends it past that). The table is bounded too: beyond
 * `maxSessions` rows, the sessions closest to their end are dropped first,
 * so no flood of sessions can fill the disk. (twofold itself stores no
 * session for anonymous visitors, and its verified state has limits of its
 * own: 30 minutes idle, 12 hours absolute.)
 *
 * Why not a package: the maintained SQLite stores on npm either use the
 * `sqlite3` driver (a second native module, whose prebuilt binaries are
 * downloaded at install time) or have no types and no release in years;
 * better-sqlite3 is already here for twofold's own tables, and a store is
 * a few small statements. express-session wants a subclass of its `Store`.
 */
import session from 'express-session';
import type { SessionData } from 'express-session';
import type { Database } from 'better-sqlite3';

const HOUR_MS = 60 * 60 * 1000;
/** How often expired rows are deleted, in ms. */
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/** Options of {@link SqliteSessionStore}. */
export interface SqliteSessionStoreOptions {
  /** A session unused this long ends (default 8 hours). */
  readonly idleMs?: number;
  /** A session ends this long after it was first stored, however active (default 24 hours). */
  readonly absoluteMs?: number;
  /** At most this many sessions are kept (default 10,000). */
  readonly maxSessions?: number;
  /** The clock (default `Date.now`); tests pass a manual one. */
  readonly now?: () => number;
}

interface SessionRow {
  readonly data: string;
  readonly expires: number;
}

type Callback = (error?: unknown) => void;

/** express-session's store interface on a `demo_sessions` table. */
export class SqliteSessionStore extends session.Store {
  readonly #select;
  readonly #upsert;
  readonly #remove;
  readonly #touch;
  readonly #prune;
  readonly #count;
  readonly #trim;
  readonly #db: Database;
  readonly #timer: NodeJS.Timeout;
  readonly #idleMs: number;
  readonly #absoluteMs: number;
  readonly #maxSessions: number;
  readonly #now: () => number;

  constructor(db: Database, options: SqliteSessionStoreOptions = {}) {
    super();
    this.#db = db;
    this.#idleMs = options.idleMs ?? 8 * HOUR_MS;
    this.#absoluteMs = options.absoluteMs ?? 24 * HOUR_MS;
    this.#maxSessions = options.maxSessions ?? 10_000;
    this.#now = options.now ?? Date.now;
    for (const [name, value] of [['idleMs', this.#idleMs], ['absoluteMs', this.#absoluteMs], ['maxSessions', this.#maxSessions]] as const) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`SqliteSessionStore: ${name} must be a positive integer`);
    }
    db.exec('create table if not exists demo_sessions (sid text primary key, data text not null, expires integer not null, created integer not null)');
    const columns = db.prepare<[], { name: string }>('select name from pragma_table_info(\'demo_sessions\')').all();
    if (!columns.some((column) => column.name === 'created')) {
      // A table from before the absolute limit: its sessions count from now.
      db.exec('alter table demo_sessions add column created integer not null default 0');
      db.prepare('update demo_sessions set created = ? where created = 0').run(this.#now());
    }
    this.#select = db.prepare<[string], SessionRow>('select data, expires from demo_sessions where sid = ?');
    // An existing session keeps its creation time: the absolute limit counts from the first write.
    this.#upsert = db.prepare<[{ sid: string; data: string; expires: number; now: number; absolute: number }]>(
      `insert into demo_sessions (sid, data, expires, created) values (@sid, @data, min(@expires, @now + @absolute), @now)
       on conflict (sid) do update set data = excluded.data, expires = min(@expires, demo_sessions.created + @absolute)`,
    );
    this.#remove = db.prepare<[string]>('delete from demo_sessions where sid = ?');
    this.#touch = db.prepare<[number, number, string]>('update demo_sessions set expires = min(?, created + ?) where sid = ?');
    this.#prune = db.prepare<[number]>('delete from demo_sessions where expires <= ?');
    this.#count = db.prepare<[], { n: number }>('select count(*) as n from demo_sessions');
    this.#trim = db.prepare<[number]>('delete from demo_sessions where sid in (select sid from demo_sessions order by expires asc, created asc limit ?)');
    this.#prune.run(this.#now());
    this.#timer = setInterval(() => this.#prune.run(this.#now()), PRUNE_INTERVAL_MS);
    this.#timer.unref();
  }

  /** The end of a session used now: its cookie's expiry or the idle limit, whichever is first (the absolute cap is applied in SQL). */
  #expiryOf(data: SessionData, now: number): number {
    // express-session hands over its live Cookie, whose maxAge counts down to the cookie's expiry.
    const left = data.cookie.maxAge;
    const idle = now + this.#idleMs;
    return typeof left === 'number' && Number.isFinite(left) ? Math.min(now + left, idle) : idle;
  }

  override get(sid: string, callback: (error: unknown, data?: SessionData | null) => void): void {
    let data: SessionData | null = null;
    try {
      const row = this.#select.get(sid);
      if (row !== undefined && row.expires > this.#now()) data = JSON.parse(row.data) as SessionData;
      else if (row !== undefined) this.#remove.run(sid);
    } catch (error) {
      callback(error);
      return;
    }
    callback(null, data);
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    try {
      const now = this.#now();
      this.#upsert.run({ sid, data: JSON.stringify(data), expires: this.#expiryOf(data, now), now, absolute: this.#absoluteMs });
      const over = this.#count.get()!.n - this.#maxSessions;
      if (over > 0) {
        this.#prune.run(now);
        const still = this.#count.get()!.n - this.#maxSessions;
        if (still > 0) this.#trim.run(still);
      }
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
      const now = this.#now();
      this.#touch.run(this.#expiryOf(data, now), this.#absoluteMs, sid);
    } catch {
      // A failed touch only shortens the session; express-session's callback takes no error.
    }
    callback?.();
  }

  /** How many sessions are stored (expired ones not yet pruned included). */
  size(): number {
    return this.#count.get()!.n;
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
