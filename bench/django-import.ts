/**
 * Times a large import from Django (the figures in docs/benchmarks.md):
 *
 *   python3 test/import/django_project/make_fixture.py --database sqlite:/tmp/big.sqlite3 --users 100000 --manifest /tmp/big.json
 *   npx tsx bench/django-import.ts /tmp/big.sqlite3
 *
 * Imports into a fresh SQLite file twice (the second run finds everything
 * imported) and prints wall-clock times and progress every 20,000 users.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/kysely/index.js';
import { importFromDjango } from '../src/import/django/index.js';
import { SECRETS, createTarget } from '../test/import/django-support.js';

const database = process.argv[2];
if (database === undefined) throw new Error('usage: tsx bench/django-import.ts <django sqlite file>');
const opened = await openSqliteStore({ filename: join(mkdtempSync(join(tmpdir(), 'twofold-bench-')), 'twofold.sqlite') });
const { twofold } = createTarget(opened.store, Date.now());
try {
  for (const run of ['first run', 'second run']) {
    const started = performance.now();
    const report = await importFromDjango({
      twofold,
      secrets: SECRETS,
      database,
      users: { column: 'username' },
      onProgress: (p) => {
        if (p.usersDone % 20_000 === 0) console.log(`  ${p.usersDone}/${p.usersTotal} users after ${Math.round(performance.now() - started)} ms`);
      },
    });
    const created = Object.values(report.created).reduce((sum, n) => sum + n, 0);
    console.log(`${run}: ${Math.round(performance.now() - started)} ms, ${created} created, ${report.alreadyImported} already there`);
  }
} finally {
  await twofold.close();
}
