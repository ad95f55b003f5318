/**
 * `verifyToken` on the in-memory store, CPU per call, for several source
 * trees in one process: each tree (a checkout, or `git archive` of a commit
 * unpacked somewhere with `node_modules` linked in) is imported side by side
 * and the trees take turns within each round, the order reversed every other
 * round, so that other jobs on a shared machine slow them alike. Two cases:
 * a valid TOTP code (the manual clock moves one step per call) and a wrong
 * one with throttling off (every attempt evaluated and written).
 *
 * Run: `npx tsx bench/verify-compare.ts [--calls N] [--rounds R] TREE...`
 * (default: this tree only). Prints each round, then the median and best
 * round per tree and case, in µs of process CPU (`process.cpuUsage`) per call.
 *
 * @example
 * ```sh
 * git archive main | tar -x -C /tmp/main && ln -s "$PWD/node_modules" /tmp/main/node_modules
 * npx tsx bench/verify-compare.ts --calls 15000 --rounds 7 /tmp/main .
 * ```
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import type * as Twofold from '../src/index.js';
import type * as TotpKind from '../src/devices/totp/index.js';
import type * as Memory from '../src/store/memory/index.js';
import type * as OathFunctions from '../src/oath/index.js';

const SECRET = 'benchmark-secret-benchmark-secret-benchmark';

interface Case {
  readonly tree: string;
  readonly name: 'valid' | 'wrong';
  run(): Promise<void>;
}

function option(name: string, fallback: number, args: string[]): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  args.splice(index, 2);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} needs a positive integer`);
  return value;
}

const args = process.argv.slice(2);
const calls = option('--calls', 15000, args);
const rounds = option('--rounds', 7, args);
const trees = args.length === 0 ? ['.'] : args;

// Each tree is its own copy of the library, typed as this tree's (the API used here is old and stable).
type Library = typeof Twofold;
type Totp = typeof TotpKind;
type MemoryStore = typeof Memory;
type Oath = typeof OathFunctions;

async function casesOf(tree: string): Promise<Case[]> {
  const at = (path: string): Promise<unknown> => import(pathToFileURL(resolve(tree, path)).href);
  const [{ createTwofold, manualClock }, { totp }, { createMemoryStore }, { generateTOTP }] = (await Promise.all([
    at('src/index.ts'),
    at('src/devices/totp/index.ts'),
    at('src/store/memory/index.ts'),
    at('src/oath/index.ts'),
  ])) as [Library, Totp, MemoryStore, Oath];
  const key = new Uint8Array(20).fill(7);
  const quiet = { warn() {}, error: console.error };
  const clock = manualClock(Date.UTC(2026, 0, 1));
  const valid = createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: [SECRET], clock: clock.now, logger: quiet });
  const device = await valid.createDevice({ userId: 'u', kind: 'totp', options: { key } });
  // Throttling off, a clock that stands still: every wrong attempt is evaluated and written.
  const still = manualClock(Date.UTC(2026, 0, 1));
  const open = createTwofold({ store: createMemoryStore(), kinds: [totp({ throttleFactor: 0 })], secrets: [SECRET], clock: still.now, logger: quiet });
  const victim = await open.createDevice({ userId: 'u', kind: 'totp', options: { key } });
  const near = [-30, 0, 30].map((offset) => generateTOTP(key, { time: still.now() / 1000 + offset }));
  let wrong = 0;
  while (near.includes(String(wrong).padStart(6, '0'))) wrong++;
  const wrongCode = String(wrong).padStart(6, '0');
  // Codes made ahead, so that the rounds time verification only.
  const codes: string[] = [];
  for (let i = 1; i <= calls * (rounds + 1); i++) codes.push(generateTOTP(key, { time: clock.now() / 1000 + 30 * i }));
  let next = 0;
  return [
    {
      tree,
      name: 'valid',
      async run() {
        for (let i = 0; i < calls; i++) {
          clock.advance(30);
          const result = await valid.verifyToken('u', device.persistentId, codes[next++]!);
          if (!result.ok) throw new Error(`${tree}: a valid code was refused: ${result.reason}`);
        }
      },
    },
    {
      tree,
      name: 'wrong',
      async run() {
        for (let i = 0; i < calls; i++) {
          const result = await open.verifyToken('u', victim.persistentId, wrongCode);
          if (result.ok || result.reason !== 'invalid-token') throw new Error(`${tree}: a wrong code was not refused as invalid`);
        }
      },
    },
  ];
}

async function cpuPerCall(run: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

const cases = (await Promise.all(trees.map(casesOf))).flat();
const figures = new Map<Case, number[]>(cases.map((c) => [c, []]));
console.log(`load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')}; ${calls} calls per round and case, ${rounds} rounds after a warm-up`);
for (let round = 0; round <= rounds; round++) {
  const order = round % 2 === 0 ? cases : [...cases].reverse();
  const line: string[] = [];
  for (const c of order) {
    const perCall = await cpuPerCall(() => c.run());
    // Round 0 warms the JIT up and is not counted.
    if (round > 0) figures.get(c)!.push(perCall);
    line.push(`${c.tree} ${c.name} ${perCall.toFixed(2)}`);
  }
  console.log(`${round === 0 ? 'warm-up' : `round ${round}`}: ${line.join(' | ')}`);
}
console.log(`load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

console.log('\n| tree | case | median µs CPU | best round |\n| --- | --- | ---: | ---: |');
for (const c of cases) {
  const values = figures.get(c)!;
  console.log(`| ${c.tree} | ${c.name} | ${median(values).toFixed(2)} | ${Math.min(...values).toFixed(2)} |`);
}
