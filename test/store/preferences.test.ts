/**
 * User preferences in SQL stores beyond the shared conformance suite: a row
 * damaged by hand is reported (naming the column, never a value), and the
 * upsert holds across two connections to one file. PostgreSQL runs the same
 * behaviour through the conformance suite.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/kysely/index.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { checkPreferences } from '../../src/store/preferences.js';

const directory = mkdtempSync(join(tmpdir(), 'twofold-preferences-test-'));
after(() => {
  rmSync(directory, { recursive: true, force: true });
});

function writeRaw(filename: string, statement: string, ...values: unknown[]): void {
  const raw = new Database(filename);
  try {
    raw.prepare(statement).run(...values);
  } finally {
    raw.close();
  }
}

describe('user preferences in SQLite', () => {
  it('reports a corrupt row as STORE_ERROR naming the column, and can still delete it', async () => {
    const filename = join(directory, 'corrupt.sqlite');
    const { store } = await openSqliteStore({ filename });
    try {
      const corruptions: [string, unknown, RegExp][] = [
        ['updated_at', -5, /updated_at must be between 0 and/],
        ['updated_at', 'yesterday', /updated_at must be an integer/],
        ['primary_device_id', '', /primary_device_id must not be empty/],
        ['primary_device_id', Buffer.from('blob'), /primary_device_id must be a string/],
      ];
      for (const [index, [column, value, expected]] of corruptions.entries()) {
        const userId = `user-${index}`;
        await store.putUserPreferences({ userId, primaryDeviceId: 'SECRET-LOOKING-ID', updatedAt: 1 });
        writeRaw(filename, `update twofold_user_preferences set "${column}" = ? where user_id = ?`, value, userId);
        await assert.rejects(store.getUserPreferences(userId), (error: unknown) => {
          assert.ok(isTwofoldError(error, 'STORE_ERROR'), String(error));
          assert.match(error.message, expected);
          assert.doesNotMatch(error.message, /SECRET-LOOKING-ID/);
          return true;
        });
        assert.equal(await store.deleteUserPreferences(userId), true);
      }
    } finally {
      await store.close();
    }
  });

  it('keeps one row per user across two connections, the last save winning', async () => {
    const filename = join(directory, 'two.sqlite');
    const first = await openSqliteStore({ filename });
    const second = await openSqliteStore({ filename });
    try {
      await first.store.putUserPreferences({ userId: 'u', primaryDeviceId: 'a', updatedAt: 1 });
      await second.store.putUserPreferences({ userId: 'u', primaryDeviceId: 'b', updatedAt: 2 });
      assert.deepEqual(await first.store.getUserPreferences('u'), { userId: 'u', primaryDeviceId: 'b', updatedAt: 2 });
      const raw = new Database(filename);
      try {
        assert.deepEqual(raw.prepare('select count(*) as n from twofold_user_preferences').get(), { n: 1 });
      } finally {
        raw.close();
      }
    } finally {
      await first.store.close();
      await second.store.close();
    }
  });

  it('copies only the known fields of what it is given', () => {
    const extra = { userId: 'u', primaryDeviceId: null, updatedAt: 5, injected: true };
    assert.deepEqual(checkPreferences(extra), { userId: 'u', primaryDeviceId: null, updatedAt: 5 });
  });
});
