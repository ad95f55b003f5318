/**
 * Group commit off the event loop, for SQLite files (`commitThread:
 * 'worker'`, the default for a file; see docs/storage.md for when `'main'`
 * is the better choice): the device writes go to
 * a worker thread that owns a second better-sqlite3 connection to the same
 * file and commits them there, so the `fsync` of `synchronous = FULL` no
 * longer holds the event loop. While the thread waits for the disk, the main
 * thread keeps serving; the writes asked for meanwhile make the next
 * transaction (group commit, as group-commit.ts does within one turn).
 *
 * What stays the same: each write is its own statement and gets its own
 * affected-row count (a compare-and-swap that loses answers false inside a
 * batch); nobody is answered before the commit holding their write is on
 * disk; a failed transaction rolls the whole batch back and every caller of
 * it gets the error; SQLITE_BUSY from another process comes back with its
 * code (so it still becomes `STORE_UNAVAILABLE`). Reads stay on the main
 * connection: in WAL mode a read that starts after a write was answered sees
 * it.
 *
 * A thread that dies (an exception, a crash of the driver) fails the writes
 * it held with `STORE_UNAVAILABLE` (whether they were committed is unknown,
 * so none is answered as done) and a new thread starts on the next write.
 * `:memory:` databases cannot be shared between connections: they keep the
 * in-thread group commit.
 */
import { Worker } from 'node:worker_threads';
import type { CompiledQuery, QueryResult } from 'kysely';
import { TwofoldError } from '../../core/errors.js';
import { COMMIT_THREAD_SOURCE } from './commit-thread-source.js';
import type { GroupCommitter, PendingWrite } from './group-commit.js';
import { STATEMENT_CACHE_SIZE } from './statement-cache.js';

/** What the commit thread needs to open its connection. */
export interface CommitThreadOptions {
  /** The database file (not `:memory:`). */
  readonly filename: string;
  /** Absolute path of better-sqlite3's entry point, as resolved by the main thread. */
  readonly driverPath: string;
  readonly busyTimeoutMs: number;
}

interface ThreadReply {
  readonly ready?: true;
  readonly journal?: unknown;
  readonly synchronous?: unknown;
  readonly failed?: DriverErrorFields;
  readonly ids?: readonly number[];
  readonly results?: readonly (readonly { changes: number; rows: unknown[] }[])[];
  readonly error?: DriverErrorFields;
}

interface DriverErrorFields {
  readonly message: string;
  readonly code?: string;
}

interface Thread {
  readonly worker: Worker;
  /** Batches sent and not answered yet, by id. */
  readonly pending: Map<number, PendingWrite[]>;
}

/** How long `close()` waits for the thread to finish on its own before stopping it. */
const CLOSE_GRACE_MS = 10_000;

// The driver's error as the main connection would have raised it: the code decides STORE_UNAVAILABLE.
function driverError(fields: DriverErrorFields): Error {
  const error = new Error(fields.message);
  error.name = 'SqliteError';
  return fields.code === undefined ? error : Object.assign(error, { code: fields.code });
}

/**
 * Starts the commit thread on `options.filename` and waits until its
 * connection is open.
 *
 * @throws TwofoldError `STORE_ERROR` when the thread cannot open the file.
 */
export async function startCommitThread(options: CommitThreadOptions): Promise<GroupCommitter> {
  const workerData = { driver: options.driverPath, filename: options.filename, busyTimeoutMs: options.busyTimeoutMs, cacheSize: STATEMENT_CACHE_SIZE };
  let current: Promise<Thread> | null = null;
  // The started thread, once ready: writes go to it at once.
  let live: Thread | null = null;
  let queue: PendingWrite[] = [];
  let outstanding = 0;
  let closed = false;
  let whenIdle: (() => void) | null = null;

  const settled = (): void => {
    outstanding--;
    if (outstanding === 0 && whenIdle !== null) whenIdle();
  };

  function spawn(): Promise<Thread> {
    return new Promise<Thread>((resolve, reject) => {
      const worker = new Worker(COMMIT_THREAD_SOURCE, { eval: true, workerData });
      const thread: Thread = { worker, pending: new Map() };
      let ready = false;
      let failure: unknown = null;
      worker.on('message', (reply: ThreadReply) => {
        if (reply.ready === true) {
          // Answering a write before its fsync would break a used code's single use after a power loss.
          if (reply.journal !== 'wal' || reply.synchronous !== 2) {
            failure = new Error(`its connection is not in WAL mode with synchronous = FULL (journal_mode ${String(reply.journal)}, synchronous ${String(reply.synchronous)})`);
            void worker.terminate();
            return;
          }
          ready = true;
          live = thread;
          worker.unref();
          resolve(thread);
        } else if (reply.failed !== undefined) {
          failure = driverError(reply.failed);
        } else if (reply.ids !== undefined) {
          answer(thread, reply);
        }
      });
      worker.on('error', (error) => (failure = error));
      worker.on('exit', () => {
        const reason = failure instanceof Error ? failure.message : 'it exited';
        if (!ready) {
          reject(new TwofoldError('STORE_ERROR', `cannot open the SQLite database ${options.filename} in the commit thread: ${reason}`, { cause: failure }));
        }
        if (live === thread) live = null;
        if (current !== null && !closed) current = null;
        const lost = [...thread.pending.values()].flat();
        thread.pending.clear();
        const error = new TwofoldError('STORE_UNAVAILABLE', `the SQLite commit thread stopped (${reason}); the write may not have been saved`, {
          cause: failure,
          retryAfterSeconds: 1,
        });
        for (const write of lost) write.reject(error);
      });
    });
  }

  function answer(thread: Thread, reply: ThreadReply): void {
    reply.ids!.forEach((id, index) => {
      const batch = thread.pending.get(id);
      thread.pending.delete(id);
      if (batch === undefined) return;
      if (reply.error !== undefined) {
        const error = driverError(reply.error);
        for (const write of batch) write.reject(error);
        return;
      }
      const results = reply.results![index]!;
      batch.forEach((write, position) => {
        const { changes, rows } = results[position]!;
        write.resolve({ rows, numAffectedRows: BigInt(changes) });
      });
    });
    // An idle thread must not keep the process alive; one holding writes must, until they are answered.
    if (thread.pending.size === 0) thread.worker.unref();
  }

  function threadNow(): Promise<Thread> {
    if (current === null) {
      const starting = spawn();
      current = starting;
      // A thread that could not start is forgotten: the next write tries again.
      starting.catch(() => {
        if (current === starting) current = null;
      });
    }
    return current;
  }

  let nextId = 0;
  async function flush(): Promise<void> {
    const batch = queue;
    queue = [];
    let thread: Thread;
    try {
      thread = await threadNow();
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    }
    post(thread, batch);
  }

  function post(thread: Thread, batch: PendingWrite[]): void {
    const id = nextId++;
    thread.pending.set(id, batch);
    thread.worker.ref();
    thread.worker.postMessage({ id, writes: batch.map(({ query }) => ({ sql: query.sql, parameters: query.parameters })) });
  }

  function commit(query: CompiledQuery): Promise<QueryResult<unknown>> {
    if (closed) return Promise.reject(new TwofoldError('STORE_ERROR', 'the store is closed'));
    let write: PendingWrite | undefined;
    const answered = new Promise<QueryResult<unknown>>((resolve, reject) => (write = { query, resolve, reject }));
    if (live !== null) {
      // Sent at once, not at the end of the turn: the thread can start committing the first
      // writes of a busy turn while the main thread still works on the others. Holding the
      // writes asked for during a commit and sending them as one message with its answer
      // saved ~4% of CPU per write but cost 17% of the throughput and 30% of the p99
      // (bench/commit-thread.ts, 2026-12-07): the thread waits for the main thread to be free.
      post(live, [write!]);
    } else {
      // No thread ready (starting, or starting again after one died): the writes of the turn wait for it together.
      if (queue.length === 0) setImmediate(() => void flush());
      queue.push(write!);
    }
    outstanding++;
    answered.then(settled, settled);
    return answered;
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    // Every write asked for before closing is committed and answered first.
    if (outstanding > 0) await new Promise<void>((resolve) => (whenIdle = resolve));
    const thread = await current?.catch(() => null);
    if (thread === null || thread === undefined) return;
    const exited = new Promise<void>((resolve) => thread.worker.once('exit', () => resolve()));
    thread.worker.ref();
    thread.worker.postMessage({ close: true });
    const timer = setTimeout(() => void thread.worker.terminate(), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  await threadNow();
  return { commit, close };
}
