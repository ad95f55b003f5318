/**
 * Statements prepared once: the SQLite wrapper gives back the statement
 * already compiled for a text (and forgets the oldest beyond its size), and
 * PostgreSQL statement names follow the text exactly.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SqliteDatabase } from 'kysely';
import { STATEMENT_CACHE_SIZE, statementName, withSqliteStatementCache } from '../../src/store/kysely/statement-cache.js';

function countingDatabase(): { database: SqliteDatabase; prepared: string[]; closed: () => boolean } {
  const prepared: string[] = [];
  let closed = false;
  const database: SqliteDatabase = {
    close: () => {
      closed = true;
    },
    prepare: (text) => {
      prepared.push(text);
      return { reader: text.startsWith('select'), all: () => [], run: () => ({ changes: 0, lastInsertRowid: 0 }), iterate: () => [][Symbol.iterator]() };
    },
  };
  return { database, prepared, closed: () => closed };
}

describe('statement cache', () => {
  it('SQLite: one compilation per text, the same statement given back, the oldest forgotten beyond the limit', () => {
    const { database, prepared, closed } = countingDatabase();
    const cached = withSqliteStatementCache(database);
    const first = cached.prepare('select 1');
    assert.equal(cached.prepare('select 1'), first);
    assert.notEqual(cached.prepare('select 2'), first);
    assert.deepEqual(prepared, ['select 1', 'select 2']);
    for (let n = 0; n < STATEMENT_CACHE_SIZE; n++) cached.prepare(`update t set n = ${n}`);
    cached.prepare('select 1');
    assert.equal(prepared.filter((text) => text === 'select 1').length, 2, 'the oldest text was forgotten and compiled again');
    cached.close();
    assert.equal(closed(), true);
  });

  it('PostgreSQL: a statement name is stable for a text and differs between texts', () => {
    const a = statementName('select "id" from "twofold_devices" where "id" = $1');
    assert.equal(statementName('select "id" from "twofold_devices" where "id" = $1'), a);
    assert.notEqual(statementName('select "id" from "twofold_devices" where "id" = $2'), a);
    assert.match(a, /^twofold_[A-Za-z0-9_-]{22}$/);
  });
});
