/**
 * Sums a V8 CPU profile (`node --cpu-prof`) by function: self time and
 * inclusive time (a function counted once per sample however deep it
 * recurses), the top lines of each, as shares of the sampled time.
 * Run: `npx tsx bench/verify-profile-summary.ts PROFILE.cpuprofile [lines]`.
 *
 * @example
 * ```sh
 * node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/verify-memory-cpu.ts 20000
 * npx tsx bench/verify-profile-summary.ts /tmp/prof/*.cpuprofile 30
 * ```
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, linesArgument] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: verify-profile-summary.ts PROFILE.cpuprofile [lines]');
const lines = Number(linesArgument ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// "name file:line", the file shortened to what follows src/, bench/ or node_modules/.
function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^.*\/(src|bench|node_modules)\//, '$1/').replace(/^node:/, '');
  return `${functionName || '(anonymous)'} ${short}${short === '' ? '' : `:${lineNumber + 1}`}`;
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  total += delta;
  const leaf = byId.get(id)!;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + delta);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const name = label(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
  }
});

function print(title: string, table: Map<string, number>): void {
  console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  const sorted = [...table].sort((a, b) => b[1] - a[1]).slice(0, lines);
  for (const [name, time] of sorted) console.log(`${((100 * time) / total).toFixed(1).padStart(5)}%  ${name}`);
}

print('self', self);
print('inclusive', inclusive);
