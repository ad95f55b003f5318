/**
 * Issue 9, item 5: PostgreSQL under a burst of slow verifications. Requests
 * queue for a connection instead of failing, and a database that is really
 * unreachable raises `STORE_UNAVAILABLE` with a retry hint (which the web
 * layer turns into 503 + Retry-After), never a bare `STORE_ERROR`.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createTwofold, type Twofold } from '../../src/core/twofold.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { backupCodes, generateBackupCodes, hashBackupCode } from '../../src/devices/backup-codes/index.js';
import { openPostgresStore } from '../../src/store/kysely/index.js';
import { postgresTestUrl } from '../support/env.js';
import { createTestSchema, registerPostgresMissing, type PostgresTestSchema } from '../support/postgres.js';
import { burst, count, postgresTarget, type SharedTarget } from '../core/burst-harness.js';
import { SECRET_A } from '../core/fixtures.js';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

describe('an unreachable database', () => {
  it('raises STORE_UNAVAILABLE with a retry hint when nothing listens', async () => {
    await assert.rejects(
      openPostgresStore({ connectionString: 'postgres://twofold:x@127.0.0.1:1/none', pool: { connectionTimeoutMillis: 2000 } }),
      (error: unknown) => {
        assert.ok(isTwofoldError(error, 'STORE_UNAVAILABLE'), String(error));
        assert.equal(error.retryAfterSeconds, 5);
        return true;
      },
    );
  });
});

const url = postgresTestUrl();
if (url === null) {
  registerPostgresMissing('PostgreSQL under a burst of slow verifications');
} else {
  describe('PostgreSQL: a pool that is busy', () => {
    let schema: PostgresTestSchema;
    before(async () => {
      schema = await createTestSchema(url);
    });
    after(async () => schema.drop());

    it('answers STORE_UNAVAILABLE when no connection frees up within the wait limit', async () => {
      const { store, db } = await openPostgresStore({ connectionString: url, schema: schema.schema, pool: { max: 1, connectionTimeoutMillis: 200 } });
      try {
        const holding = sql`select pg_sleep(1.5)`.execute(db);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await assert.rejects(store.getDevice('abc'), (error: unknown) => isTwofoldError(error, 'STORE_UNAVAILABLE') && error.retryAfterSeconds === 5);
        await holding;
        assert.equal(await store.getDevice('abc'), null, 'usable again once the connection is free');
      } finally {
        await store.close();
      }
    });
  });

  describe('PostgreSQL under a burst of slow verifications: two processes', () => {
    let target: SharedTarget | null = null;
    let twofold: Twofold;
    before(async () => {
      target = await postgresTarget();
      twofold = createTwofold({ store: target!.store, kinds: [backupCodes()], secrets: [SECRET_A], clock: () => NOW });
    });
    after(async () => target?.close());

    it('verifies 2 × 50 backup codes (4 scrypt hashes each) through pools of 2 connections with 0 errors', async () => {
      // 100 devices with the same 4 hashed codes, written directly (hashing 400 codes would take long).
      const codes = generateBackupCodes(4);
      const hashes = await Promise.all(codes.map((code) => hashBackupCode(code)));
      const ids: string[] = [];
      for (let i = 0; i < 100; i++) {
        const id = randomBytes(16).toString('base64url');
        await target!.store.insertDevice({
          id,
          userId: 'burst',
          kind: 'backup-codes',
          name: 'Backup codes',
          confirmed: true,
          createdAt: NOW,
          lastUsedAt: null,
          secret: null,
          state: { codes: hashes },
          failureCount: 0,
          lastFailureAt: null,
          lastChallengeAt: null,
          version: 1,
        });
        ids.push(`backup-codes/${id}`);
      }
      // The last code of each set: every verification hashes the candidate against all 4.
      const attempts = ids.map((persistentId) => ({ token: codes[3]!, persistentId }));
      const task = { secret: SECRET_A, clockMs: NOW, userId: 'burst', persistentId: ids[0]!, poolMax: 2 };
      const reports = await burst(target!, [
        { ...task, attempts: attempts.slice(0, 50) },
        { ...task, attempts: attempts.slice(50) },
      ]);
      const outcomes = reports.flatMap((r) => r.outcomes);
      assert.equal(outcomes.length, 100);
      assert.equal(count(outcomes, 'ok'), 100, outcomes.filter((o) => o !== 'ok').join(','));
      assert.equal(reports[0]!.evaluations + reports[1]!.evaluations, 100);
      const after = await twofold.listDevices('burst');
      assert.ok(after.every((device) => (device.state.codes as unknown[]).length === 3));
    });
  });
}
