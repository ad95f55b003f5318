// Runs every test file with Node's test runner (TypeScript through tsx).
// In CI (CI=true) a skipped or todo test fails the run: there, every
// dependency (PostgreSQL, Chromium, oathtool) must be present.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...collect(path));
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

let files = collect(join(root, 'test')).sort();
if (filter.length > 0) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// Four files at a time keeps two cores busy while some files wait on child
// processes, Chromium or the database; TWOFOLD_TEST_CONCURRENCY changes it.
const concurrency = /^[1-9]\d*$/.test(process.env.TWOFOLD_TEST_CONCURRENCY ?? '') ? process.env.TWOFOLD_TEST_CONCURRENCY : '4';

const scratch = mkdtempSync(join(tmpdir(), 'twofold-tests-'));
const tap = join(scratch, 'results.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: process.env },
);

const summary = readFileSync(tap, 'utf8');
rmSync(scratch, { recursive: true, force: true });
const count = (name) => Number((summary.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
const skipped = count('skipped') + count('todo');

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (process.env.CI === 'true' && skipped > 0) {
  console.error('In CI every test must run: a skipped test is a failure (see the skip reasons above).');
  process.exit(1);
}
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
