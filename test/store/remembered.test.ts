/**
 * The SQL side of remembered browsers beyond the conformance suite: the
 * schema migration `0003_remembered_browsers` creates, and rows damaged by
 * hand are reported (naming the column, never the value) instead of being
 * handed to the web layer.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { openSqliteStore } from '../../src/store/kysely/index.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { makeRememberedBrowser } from './remembered-conformance.js';

const directory = mkdtempSync(join(tmpdir(), 'twofold-remembered-test-'));
after(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('remembered browsers in SQLite', () => {
  it('has the documented columns and indexes', async () => {
    const { store, db } = await openSqliteStore({ filename: join(directory, 'schema.sqlite') });
    try {
      const { rows: columns } = await sql<{ name: string; type: string; notnull: number; pk: number }>`
        pragma table_info('twofold_remembered_browsers')`.execute(db);
      assert.deepEqual(
        columns.map((column) => [column.name, column.type.toLowerCase(), column.notnull, column.pk]),
        [
          ['id', 'text', 0, 1],
          ['user_id', 'text', 1, 0],
          ['device_id', 'text', 1, 0],
          ['token_hash', 'text', 1, 0],
          ['password_hash', 'text', 1, 0],
          ['created_at', 'bigint', 1, 0],
          ['expires_at', 'bigint', 1, 0],
          ['last_used_at', 'bigint', 0, 0],
          ['user_agent', 'text', 1, 0],
        ],
      );
      for (const [index, expected] of [
        ['twofold_remembered_browsers_user_id_idx', ['user_id', 'created_at']],
        ['twofold_remembered_browsers_device_id_idx', ['device_id']],
        ['twofold_remembered_browsers_expires_at_idx', ['expires_at']],
      ] as const) {
        const { rows } = await sql<{ name: string }>`select name from pragma_index_info(${index})`.execute(db);
        assert.deepEqual(rows.map((row) => row.name), expected, index);
      }
    } finally {
      await store.close();
    }
  });

  it('reports damaged rows as STORE_ERROR naming the column, never the value, and can still delete them', async () => {
    const filename = join(directory, 'corrupt.sqlite');
    const { store } = await openSqliteStore({ filename });
    try {
      const damage: [string, unknown][] = [
        ['token_hash', 'SECRET-TOKEN-MARKER'],
        ['password_hash', ''],
        ['created_at', -1],
        ['expires_at', 'tomorrow'],
        ['last_used_at', 1.5],
        ['user_agent', 'line\nbreak'],
        ['user_id', ''],
      ];
      for (const [column, value] of damage) {
        const record = makeRememberedBrowser();
        await store.insertRememberedBrowser(record);
        const raw = new Database(filename);
        try {
          raw.prepare(`update twofold_remembered_browsers set "${column}" = ? where id = ?`).run(value, record.id);
        } finally {
          raw.close();
        }
        await assert.rejects(store.getRememberedBrowser(record.id), (error: unknown) => {
          assert.ok(isTwofoldError(error, 'STORE_ERROR'), String(error));
          assert.match(error.message, new RegExp(`column ${column}`));
          assert.doesNotMatch(error.message, /SECRET-TOKEN-MARKER|tomorrow/);
          return true;
        });
        assert.equal(await store.deleteRememberedBrowser(record.id), true);
      }
    } finally {
      await store.close();
    }
  });
});
