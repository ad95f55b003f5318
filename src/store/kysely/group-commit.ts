/**
 * Group commit for SQLite: the conditional writes requested within one turn
 * of the event loop run in one transaction, so they share one commit and one
 * `fsync` instead of paying one each.
 *
 * better-sqlite3 is synchronous: with `synchronous = FULL` every commit waits
 * for the disk while the event loop stands still, and under load the writes
 * of concurrent sign-ins queue behind each other's `fsync`. Batching keeps
 * FULL's guarantee (nobody is answered before the commit holding their write
 * is on disk) at a fraction of the waits. Each statement is still checked on
 * its own: a compare-and-swap that loses answers false inside the batch
 * exactly as it would alone. If the transaction fails, every write of the
 * batch is rolled back and every caller gets the error.
 *
 * This committer runs on the calling thread: the default, and the only
 * choice for `:memory:` databases and Kysely instances the host brings.
 * `openSqliteStore({ commitThread: 'worker' })` on a file commits on a
 * thread of its own instead (commit-thread.ts).
 */
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import { TwofoldError } from '../../core/errors.js';

/** A write waiting for its batch's commit. */
export interface PendingWrite {
  readonly query: CompiledQuery;
  resolve(result: QueryResult<unknown>): void;
  reject(error: unknown): void;
}

/** Runs a compiled write, batched with the others of this turn of the event loop. */
export type GroupCommit = (query: CompiledQuery) => Promise<QueryResult<unknown>>;

/** A group commit and how to finish it. */
export interface GroupCommitter {
  readonly commit: GroupCommit;
  /** Answers every write already asked for, then refuses new ones. */
  close(): Promise<void>;
}

/** A group committer on `db` (an SQLite Kysely instance), committing on the calling thread. */
export function createGroupCommit<DB>(db: Kysely<DB>): GroupCommitter {
  let queue: PendingWrite[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;

  async function flush(): Promise<void> {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    if (batch.length === 1) {
      const [only] = batch as [PendingWrite];
      await db.executeQuery(only.query).then(
        (result) => only.resolve(result),
        (error: unknown) => only.reject(error),
      );
      return;
    }
    const results: QueryResult<unknown>[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const write of batch) results.push(await trx.executeQuery(write.query));
      });
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    }
    batch.forEach((write, index) => write.resolve(results[index]!));
  }

  const commit: GroupCommit = (query) => {
    if (closed) return Promise.reject(new TwofoldError('STORE_ERROR', 'the store is closed'));
    return new Promise<QueryResult<unknown>>((resolve, reject) => {
      // The first write of a turn schedules the flush; later ones of the same turn join it.
      if (queue.length === 0) {
        setImmediate(() => {
          flushing = flush();
        });
      }
      queue.push({ query, resolve, reject });
    });
  };
  return {
    commit,
    async close() {
      closed = true;
      // A flush scheduled but not started yet runs now, so that nothing is left for a destroyed db.
      if (queue.length > 0) flushing = flush();
      await flushing;
    },
  };
}
