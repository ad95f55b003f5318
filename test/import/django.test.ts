import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore, openSqliteStore } from '../../src/store/kysely/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { importFromDjango, type DjangoImportProgress } from '../../src/import/django/index.js';
import { postgresTestUrl, requireOrSkip } from '../support/env.js';
import { createTestSchema, registerPostgresMissing } from '../support/postgres.js';
import {
  SECRETS,
  checkScenarioDevices,
  checkScenarioReport,
  createTarget,
  hasDjango,
  makeFixture,
  scenarioMapping,
  type ScenarioManifest,
} from './django-support.js';

const DJANGO_MISSING = 'python3 with Django and django-otp is missing (Debian: apt-get install python3-django-otp)';
const available = hasDjango();

let fixture: { file: string; manifest: ScenarioManifest } | null = null;
function scenario(): { file: string; manifest: ScenarioManifest } {
  if (fixture === null) {
    const file = join(mkdtempSync(join(tmpdir(), 'twofold-django-')), 'django.sqlite3');
    fixture = { file, manifest: makeFixture(['--database', `sqlite:${file}`]) as ScenarioManifest };
  }
  return fixture;
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('import from a real django-otp database (SQLite)', { timeout: 240_000 }, () => {
  it('carries every device over: next codes work, used ones stay used, throttling holds, defaults become primary', async (t) => {
    if (!requireOrSkip(t, available, DJANGO_MISSING)) return;
    const { file, manifest } = scenario();
    const before = digest(file);
    const opened = await openSqliteStore({ filename: join(mkdtempSync(join(tmpdir(), 'twofold-target-')), 'twofold.sqlite') });
    const target = createTarget(opened.store, manifest.now);
    const { twofold } = target;
    try {
      const progress: DjangoImportProgress[] = [];
      const report = await importFromDjango({
        twofold,
        secrets: SECRETS,
        database: file,
        users: scenarioMapping(manifest),
        batchSize: 2,
        onProgress: (p) => progress.push(p),
      });
      checkScenarioReport(report, manifest);
      assert.deepEqual(progress.map((p) => p.usersDone), [2, 4, 6]);
      assert.equal(progress.at(-1)!.devicesCreated, 14);
      await checkScenarioDevices(target, manifest);

      // A second run creates nothing and changes nothing, not even the state just moved by the checks.
      const again = await importFromDjango({ twofold, secrets: SECRETS, database: file, users: scenarioMapping(manifest) });
      assert.deepEqual(again.created, {});
      assert.equal(again.alreadyImported, 14);
      assert.equal(again.primaryDevicesSet, 0);
      assert.equal(digest(file), before, 'the Django database is only read');
    } finally {
      await twofold.close();
    }
  });

  it('a dry run reports the same and writes nothing', async (t) => {
    if (!requireOrSkip(t, available, DJANGO_MISSING)) return;
    const { file, manifest } = scenario();
    const store = createMemoryStore();
    const { twofold } = createTarget(store, manifest.now);
    const report = await importFromDjango({ twofold, secrets: SECRETS, database: file, users: scenarioMapping(manifest), dryRun: true });
    assert.equal(report.dryRun, true);
    checkScenarioReport(report, manifest);
    assert.deepEqual(await store.scanDevices({ limit: 100 }), []);
    assert.equal(await store.getUserPreferences('host-alice'), null);
  });

  it('maps users by a column of the user table, and completes a user left half-imported', async (t) => {
    if (!requireOrSkip(t, available, DJANGO_MISSING)) return;
    const { file, manifest } = scenario();
    const store = createMemoryStore();
    const { twofold } = createTarget(store, manifest.now);
    const first = await importFromDjango({ twofold, secrets: SECRETS, database: `sqlite:${file}`, users: { column: 'username' } });
    assert.equal(first.unmappedUsers.length, 0);
    assert.equal(first.created.totp, 5, 'frank is mapped by username');
    const alice = await twofold.listDevices('alice');
    assert.deepEqual(alice.map((d) => d.kind).sort(), ['backup-codes', 'email', 'totp', 'webauthn']);
    // A device removed behind the importer's back (as after a crash in a store without batches) comes back, once.
    await store.deleteDevice(alice.find((d) => d.kind === 'email')!.id);
    const second = await importFromDjango({ twofold, secrets: SECRETS, database: file, users: { column: 'username' } });
    assert.deepEqual(second.created, { email: 1 });
    assert.equal((await twofold.listDevices('alice')).length, 4);
  });

  it('refuses a user column or table that does not exist, naming it', async (t) => {
    if (!requireOrSkip(t, available, DJANGO_MISSING)) return;
    const { file, manifest } = scenario();
    const { twofold } = createTarget(createMemoryStore(), manifest.now);
    await assert.rejects(importFromDjango({ twofold, secrets: SECRETS, database: file, users: { column: 'nickname' } }), /no column nickname/);
    await assert.rejects(
      importFromDjango({ twofold, secrets: SECRETS, database: file, users: { column: 'username', table: 'accounts_user' } }),
      /no user table accounts_user/,
    );
    await assert.rejects(importFromDjango({ twofold, secrets: SECRETS, database: `${file}.missing`, users: { column: 'username' } }), /cannot open/);
  });
});

describe('import from a real django-otp database (PostgreSQL)', { timeout: 240_000 }, () => {
  const url = postgresTestUrl();
  if (url === null) {
    registerPostgresMissing('import from Django on PostgreSQL');
    return;
  }
  it('carries every device over from Django on PostgreSQL into a PostgreSQL store', async (t) => {
    if (!requireOrSkip(t, hasDjango(true), `${DJANGO_MISSING}, with psycopg2 (apt-get install python3-psycopg2)`)) return;
    const django = await createTestSchema(url);
    const target = await createTestSchema(url);
    const opened = await openPostgresStore({ connectionString: url, schema: target.schema });
    const manifest = makeFixture(['--database', url, '--schema', django.schema]) as ScenarioManifest;
    const imported = createTarget(opened.store, manifest.now);
    const { twofold } = imported;
    const snapshot = async () =>
      JSON.stringify([
        await django.query('select * from otp_totp_totpdevice order by id'),
        await django.query('select * from otp_static_statictoken order by id'),
        await django.query('select * from two_factor_phonedevice order by id'),
        await django.query('select * from two_factor_webauthn_webauthndevice order by id'),
        await django.query('select * from otp_yubikey_yubikeydevice order by id'),
      ]);
    try {
      const before = await snapshot();
      const report = await importFromDjango({ twofold, secrets: SECRETS, database: url, schema: django.schema, users: scenarioMapping(manifest) });
      checkScenarioReport(report, manifest);
      await checkScenarioDevices(imported, manifest);
      const again = await importFromDjango({ twofold, secrets: SECRETS, database: url, schema: django.schema, users: scenarioMapping(manifest) });
      assert.deepEqual(again.created, {});
      assert.equal(again.alreadyImported, 14);
      assert.equal(await snapshot(), before, 'the Django database is only read');
    } finally {
      await twofold.close();
      await django.drop();
      await target.drop();
    }
  });
});

describe('import from Django: configuration', () => {
  it('refuses secrets other than the instance’s before writing anything', async (t) => {
    if (!requireOrSkip(t, available, DJANGO_MISSING)) return;
    const { file, manifest } = scenario();
    const store = createMemoryStore();
    const { twofold } = createTarget(store, manifest.now);
    await assert.rejects(
      importFromDjango({ twofold, secrets: ['another-secret-entirely-0123456789-abcdefgh'], database: file, users: { column: 'username' } }),
      /secrets do not match/,
    );
    assert.deepEqual(await store.scanDevices({ limit: 10 }), [], 'the probe is gone and nothing was imported');
    await assert.rejects(importFromDjango({ twofold, secrets: SECRETS, database: file, users: { column: 'username' }, batchSize: 0 }), /batchSize/);
  });
});
