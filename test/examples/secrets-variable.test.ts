/**
 * One name for the secrets variable in everything a reader copies from:
 * `TWOFOLD_SECRETS`, read so that an unset variable is a clear message
 * rather than a TypeError (`process.env.X!.split`, `[process.env.X!]`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : /\.(md|ts)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

describe('the secrets variable in README, docs and examples', () => {
  const files = [join(ROOT, 'README.md'), ...filesUnder(join(ROOT, 'docs')), ...filesUnder(join(ROOT, 'examples'))];

  it('is called TWOFOLD_SECRETS everywhere and never read with a non-null assertion', () => {
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      if (/TWOFOLD_SECRET\b/.test(text)) problems.push(`${where}: TWOFOLD_SECRET (singular)`);
      if (/process\.env\.TWOFOLD_SECRETS?!/.test(text)) problems.push(`${where}: process.env.TWOFOLD_SECRETS! (a TypeError when unset)`);
    }
    assert.deepEqual(problems, []);
  });

  it('is read by README and the guide with secretsFromEnvironment, imported from twofold', () => {
    for (const name of ['README.md', join('docs', 'guide-express-passport.md')]) {
      const text = readFileSync(join(ROOT, name), 'utf8');
      assert.match(text, /import \{[^}]*secretsFromEnvironment[^}]*\} from 'twofold';/, name);
      assert.match(text, /secretsFromEnvironment\(\)/, name);
    }
  });
});
