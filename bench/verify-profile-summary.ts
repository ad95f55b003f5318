/**
 * Sums a V8 CPU profile (`node --cpu-prof`) by function: self time and
 * inclusive time (a function counted once per sample however deep it
 * recurses), the top lines of each, as shares of the sampled time.
 * Run: `npx tsx bench/verify-profile-summary.ts PROFILE.cpuprofile [lines] [under]`;
 * with `under` (a function name, or a part of a file path such as `/src/`),
 * only the samples with such a frame on the stack count (plus garbage
 * collection, shared out by their share). After an `await` a stack starts
 * from the microtask queue, so a path catches more than a function name.
 *
 * @example
 * ```sh
 * node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/verify-memory-cpu.ts 20000
 * npx tsx bench/verify-profile-summary.ts /tmp/prof/*.cpuprofile 30
 * ```
 */
import { readCpuProfile, type ProfileNode } from './cpu-profile.js';

const [file, linesArgument, under] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: verify-profile-summary.ts PROFILE.cpuprofile [lines] [under]');
const lines = Number(linesArgument ?? 25);
const { profile, byId, parentOf } = readCpuProfile(file);

// "name file:line", the file shortened to what follows src/, bench/ or node_modules/.
function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^.*\/(src|bench|node_modules)\//, '$1/').replace(/^node:/, '');
  return `${functionName || '(anonymous)'} ${short}${short === '' ? '' : `:${lineNumber + 1}`}`;
}

// Whether a sample's stack holds a frame of `under` (always true without one).
function counted(id: number): boolean {
  if (under === undefined) return true;
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const { functionName, url } = byId.get(at)!.callFrame;
    if (functionName === under || url.includes(under)) return true;
  }
  return false;
}

// Garbage collection has no stack: with `under`, it is counted in proportion to the samples that are.
let all = 0;
let kept = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  const name = byId.get(id)!.callFrame.functionName;
  if (name === '(garbage collector)' || name === '(idle)' || name === '(program)') return;
  all += delta;
  if (counted(id)) kept += delta;
});
const gcShare = all === 0 ? 1 : kept / all;

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const leaf = byId.get(id)!;
  const isGc = leaf.callFrame.functionName === '(garbage collector)';
  if (under !== undefined && !isGc && !counted(id)) return;
  const delta = (profile.timeDeltas[index] ?? 0) * (under !== undefined && isGc ? gcShare : 1);
  total += delta;
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
