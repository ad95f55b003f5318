/**
 * The published shape of the package: every subpath export points at a module
 * that exists in the source tree and loads, and the layout rule holds (the
 * core never imports a web framework or a database driver).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { spawnSync } from 'node:child_process';
import { requireOrSkip } from './support/env.js';

const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  engines: { node: string };
  bin: Record<string, string>;
};

function sourceOf(target: string): string {
  return join(root, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('package.json', () => {
  it('maps every subpath export to a source module that loads', async () => {
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue; // ./package.json
      assert.equal(target.types.replace(/\.d\.ts$/, ''), target.default.replace(/\.js$/, ''), subpath);
      const source = sourceOf(target.default);
      assert.ok(existsSync(source), `${subpath} → ${source}`);
      const module = (await import(source)) as Record<string, unknown>;
      assert.ok(Object.keys(module).length > 0, `${subpath} exports something`);
    }
  });

  it('supports Node 20.19 and later and ships the CLI', () => {
    assert.equal(manifest.engines.node, '>=20.19');
    assert.equal(manifest.bin.twofold, './bin/twofold.js');
  });

  it('keeps the core free of web frameworks and database drivers, and oath free of everything', () => {
    const forbidden = /from ['"](express|express-session|hono|kysely|better-sqlite3|pg|nodemailer|twilio)(\/[^'"]*)?['"]/;
    for (const file of filesUnder(join(root, 'src', 'core'))) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), forbidden, file);
    }
    for (const file of filesUnder(join(root, 'src', 'oath'))) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from ['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      for (const target of imports) assert.ok(target.startsWith('./'), `${file} imports ${target}`);
    }
    for (const file of filesUnder(join(root, 'src', 'web'))) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), /from ['"](express|hono)(\/[^'"]*)?['"]/, file);
    }
  });
});

describe('the published package', () => {
  it('ships the licence, and every source map points at a file that ships too', (t) => {
    const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
    const shipped = new Set(pack!.files.map((file) => file.path));
    assert.ok(shipped.has('LICENSE'), 'LICENSE');
    const maps = [...shipped].filter((path) => path.endsWith('.map'));
    // dist/ is built by `npm install` (prepare); a checkout that never built has no maps to check.
    if (!requireOrSkip(t, maps.length > 0, 'dist/ is not built (npm run build)')) return;
    for (const mapPath of maps) {
      const map = JSON.parse(readFileSync(join(root, mapPath), 'utf8')) as { sources: string[] };
      for (const source of map.sources) {
        const target = posix.normalize(posix.join(posix.dirname(mapPath), source));
        assert.ok(shipped.has(target), `${mapPath} points at ${target}, which is not in the package`);
      }
    }
  });
});
