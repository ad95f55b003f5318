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
 */
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';

interface PendingWrite {
  readonly query: CompiledQuery;
  resolve(result: QueryResult<unknown>): void;
  reject(error: unknown): void;
}

/** Runs a compiled write, batched with the others of this turn of the event loop. */
export type GroupCommit = (query: CompiledQuery) => Promise<QueryResult<unknown>>;

/** A group committer on `db` (an SQLite Kysely instance). */
export function createGroupCommit<DB>(db: Kysely<DB>): GroupCommit {
  let queue: PendingWrite[] = [];

  async function flush(): Promise<void> {
    const batch = queue;
    queue = [];
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

  return (query) =>
    new Promise<QueryResult<unknown>>((resolve, reject) => {
      // The first write of a turn schedules the flush; later ones of the same turn join it.
      if (queue.length === 0) setImmediate(() => void flush());
      queue.push({ query, resolve, reject });
    });
}
