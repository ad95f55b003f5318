/**
 * The code of the SQLite commit thread (see commit-thread.ts), as text run
 * with `new Worker(source, { eval: true })`.
 *
 * Text rather than a module file, so that the same thing runs from the
 * TypeScript sources (under tsx, which a worker would not inherit) and from
 * the compiled `dist`: no path to resolve, no loader to pass on. It is plain
 * CommonJS JavaScript; the driver comes by its resolved path in `workerData`,
 * so the thread loads the very better-sqlite3 the main thread loaded.
 *
 * Protocol. In: `{ id, writes: [{ sql, parameters }] }` per batch of the main
 * thread, `{ close: true }` to finish. Out: `{ ready, journal, synchronous }`
 * once the connection is set up (or `{ failed }`), then per transaction
 * `{ ids, results }` (one result list per batch, one `{ changes, rows }`
 * per write) or `{ ids, error: { message, code } }`.
 *
 * Every batch that has arrived by the time the thread is free is drained
 * with `receiveMessageOnPort` and committed in one transaction: while one
 * commit waits for the disk, the next one's writes gather (group commit).
 */
export const COMMIT_THREAD_SOURCE = String.raw`
'use strict';
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const { driver, filename, busyTimeoutMs, cacheSize } = workerData;

function errorFields(error) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error !== null && typeof error === 'object' && typeof error.code === 'string' ? error.code : undefined;
  return { message, code };
}

let database;
try {
  const Database = require(driver);
  database = new Database(filename, { timeout: busyTimeoutMs });
  // The same settings as the main connection (open.ts); FULL is what makes an answered write durable.
  database.pragma('busy_timeout = ' + busyTimeoutMs);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
} catch (error) {
  parentPort.postMessage({ failed: errorFields(error) });
  process.exit(0);
}

const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = database.prepare(sql);
    if (statements.size >= cacheSize) statements.delete(statements.keys().next().value);
    statements.set(sql, statement);
  }
  return statement;
}

function execute(write) {
  const statement = prepared(write.sql);
  if (statement.reader) return { changes: 0, rows: statement.all(write.parameters) };
  return { changes: statement.run(write.parameters).changes, rows: [] };
}

// IMMEDIATE takes the write lock first (waiting up to busy_timeout for
// another process), so a batch never fails half-way for want of it.
const commitAll = database.transaction((batches) => batches.map((batch) => batch.writes.map(execute)));

function commit(batches) {
  const ids = batches.map((batch) => batch.id);
  try {
    const only = batches.length === 1 && batches[0].writes.length === 1;
    // A lone write commits on its own: the same one fsync, without BEGIN and COMMIT.
    const results = only ? [[execute(batches[0].writes[0])]] : commitAll.immediate(batches);
    parentPort.postMessage({ ids, results });
  } catch (error) {
    parentPort.postMessage({ ids, error: errorFields(error) });
  }
}

parentPort.on('message', (first) => {
  const batches = [];
  let message = first;
  while (message !== undefined) {
    if (message.close === true) {
      if (batches.length > 0) commit(batches);
      database.close();
      parentPort.close();
      return;
    }
    batches.push(message);
    const next = receiveMessageOnPort(parentPort);
    message = next === undefined ? undefined : next.message;
  }
  commit(batches);
});
// The main thread checks these before trusting the thread with a write.
parentPort.postMessage({
  ready: true,
  journal: database.pragma('journal_mode', { simple: true }),
  synchronous: database.pragma('synchronous', { simple: true }),
});
`;
