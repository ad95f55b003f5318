/**
 * twofold's sources compiled to JavaScript for the benchmark's app processes
 * (bench:http, bench:peers): esbuild, as tsc would emit them, so that the
 * apps run the code as it ships rather than through tsx (whose keepNames
 * wraps every closure in a naming call, a cost the package does not have).
 * Always built from the checkout's `src`, so a stale `dist` is never measured.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPOSITORY = join(import.meta.dirname, '..', '..');
const builds = new Map<string, string>();

/**
 * `tree`'s src compiled into a new directory under `dir` (once per tree and
 * process), with this checkout's node_modules; returns that directory.
 */
export function compiledTree(tree: string, dir: string): string {
  const known = builds.get(tree);
  if (known !== undefined) return known;
  const out = join(dir, `build-${builds.size}`);
  const src = join(tree, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts')).map((file) => join(src, file));
  const esbuild = join(REPOSITORY, 'node_modules', '.bin', 'esbuild');
  const result = spawnSync(esbuild, [...files, `--outdir=${out}`, '--format=esm', '--platform=node', '--target=es2022', '--log-level=warning'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`esbuild failed for ${tree}`);
  // ES modules, and the dependencies of this checkout.
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(REPOSITORY, 'node_modules'), join(out, 'node_modules'));
  builds.set(tree, out);
  return out;
}
