import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/kysely/index.js';
import { importFromDjango, type DjangoImportProgress } from '../../src/import/django/index.js';
import { requireOrSkip } from '../support/env.js';
import { SECRETS, createTarget, hasDjango, makeFixture } from './django-support.js';

// 100,000 users are measured in docs/migrating-from-django.md; CI runs a fifth of that on a shared machine.
const USERS = 20_000;

interface BulkManifest {
  readonly users: number;
  readonly totp: number;
  readonly email: number;
  readonly static: number;
}

describe('a large import from Django (SQLite)', { timeout: 300_000 }, () => {
  it(`imports ${USERS.toLocaleString('en')} users in well under a minute, reporting progress`, async (t) => {
    if (!requireOrSkip(t, hasDjango(), 'python3 with Django and django-otp is missing (Debian: apt-get install python3-django-otp)')) return;
    const file = join(mkdtempSync(join(tmpdir(), 'twofold-django-')), 'large.sqlite3');
    const manifest = makeFixture(['--database', `sqlite:${file}`, '--users', String(USERS)]) as BulkManifest;
    const opened = await openSqliteStore({ filename: join(mkdtempSync(join(tmpdir(), 'twofold-target-')), 'twofold.sqlite') });
    const { twofold } = createTarget(opened.store, Date.now());
    try {
      const progress: DjangoImportProgress[] = [];
      const started = performance.now();
      const report = await importFromDjango({
        twofold,
        secrets: SECRETS,
        database: file,
        users: { column: 'username' },
        onProgress: (p) => progress.push(p),
      });
      const seconds = (performance.now() - started) / 1000;
      t.diagnostic(`${USERS} users in ${seconds.toFixed(1)} s`);
      assert.deepEqual(report.created, { totp: manifest.totp, email: manifest.email, 'backup-codes': manifest.static });
      assert.equal(report.usersImported, USERS);
      assert.equal(report.primaryDevicesSet, USERS);
      assert.deepEqual(report.skipped, []);
      assert.equal(progress.length, USERS / 500);
      assert.ok(progress.every((p, i) => p.usersDone === (i + 1) * 500 && p.usersTotal === USERS));
      assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
      const device = (await twofold.listDevices('user012345', { kind: 'totp' }))[0]!;
      assert.equal(device.state.lastStep, 50_012_345);
    } finally {
      await twofold.close();
    }
  });
});
