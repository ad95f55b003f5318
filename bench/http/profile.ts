/**
 * Reads the V8 CPU profiles that `npm run bench:http -- --cpu-prof DIR`
 * writes (one per app process and run, the measured requests only) and
 * prints where the time went, by function or by file: self time and
 * inclusive time in µs per request, or, given a second profile (the
 * floor, or the same case on another tree), both side by side, sorted by
 * the difference.
 *
 *   npx tsx bench/http/profile.ts DIR/twofold-….cpuprofile [DIR/floor-….cpuprofile] [--by file] [--requests 3000] [--top 40]
 *
 * Sampled time is wall time on the profiled thread: a commit's `fsync`
 * shows up under better-sqlite3's `run` although it is not CPU time.
 */
import { readCpuProfile, type ProfileNode } from '../cpu-profile.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1]! : fallback;
};
const files = args.filter((arg, index) => !arg.startsWith('--') && (index === 0 || !args[index - 1]!.startsWith('--')));
const BY = option('by', 'function');
const REQUESTS = Number(option('requests', '3000'));
const TOP = Number(option('top', '40'));

/** A short name: the path inside node_modules, src or the compiled tree, else the URL or the native function. */
function label(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  const file = url.replace(/^.*\/(node_modules|src|build-[0-9]+)\//, '$1/');
  if (BY === 'file') return file === '' ? `(native) ${functionName}` : file;
  return `${functionName === '' ? '(anonymous)' : functionName} ${file}`;
}

/** Self and inclusive µs per request by label. */
function summarize(path: string): { self: Map<string, number>; inclusive: Map<string, number> } {
  const { profile, byId, parentOf: parent } = readCpuProfile(path);
  const perSample = (profile.endTime - profile.startTime) / profile.samples.length / REQUESTS;
  const counts = new Map<number, number>();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, count] of counts) {
    const time = count * perSample;
    const own = label(byId.get(id)!);
    self.set(own, (self.get(own) ?? 0) + time);
    // Each label once per stack (recursion counted once).
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + time);
    }
  }
  return { self, inclusive };
}

const fmt = (n: number): string => n.toFixed(1).padStart(8);
const [first, second] = files.map(summarize);
if (first === undefined) throw new Error('usage: profile.ts A.cpuprofile [B.cpuprofile] [--by file|function] [--requests N] [--top N]');
for (const kind of ['self', 'inclusive'] as const) {
  const a = first[kind];
  const b = second?.[kind] ?? new Map<string, number>();
  const names = [...new Set([...a.keys(), ...b.keys()])];
  const delta = (name: string): number => (a.get(name) ?? 0) - (b.get(name) ?? 0);
  names.sort((x, y) => delta(y) - delta(x));
  console.log(`\n${kind} µs per request${second === undefined ? '' : ' (first, second, difference)'}`);
  for (const name of names.slice(0, TOP)) {
    console.log(second === undefined ? `${fmt(a.get(name) ?? 0)} ${name}` : `${fmt(a.get(name) ?? 0)}${fmt(b.get(name) ?? 0)}${fmt(delta(name))} ${name}`);
  }
}
