/**
 * Benchmark runner (`npm run bench`): runs every benchmark group in one
 * process and prints one table with the ops/s of each case and the ratio
 * twofold / other.
 *
 * The cases of a group are interleaved over several short rounds (tinybench
 * measures each case for `roundMs` per round) and the table reports the best
 * round and the median. Other processes on a shared machine only ever slow a
 * round down, so the best round is the most faithful figure of a library's
 * own speed (the advice of Python's timeit), and interleaving exposes every
 * library to the same background load.
 *
 * A group's first case is the reference (twofold). Cases that take about a
 * microsecond are run `batch` times per tinybench iteration, because timing
 * a single call would mostly measure the timer itself.
 *
 * Other benchmark modules export a function returning `BenchmarkGroup[]`
 * and are listed in `benchmarkGroups()` below.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { oathBenchmarkGroups } from './oath.js';
import { verifyBenchmarks } from './verify.js';

/** One library's implementation of the operation a group measures. */
export interface BenchmarkCase {
  /** Shown in the table, e.g. "twofold", "otpauth 9". */
  readonly library: string;
  /** One operation (called `batch` times per iteration); may be async. */
  readonly run: () => unknown;
}

/** Several libraries doing the same operation on the same inputs. */
export interface BenchmarkGroup {
  /** What is measured, e.g. "TOTP verify, wrong token, window 1 (SHA1, 6 digits)". */
  readonly name: string;
  /** Operations per tinybench iteration (1 for slow or async operations). */
  readonly batch: number;
  /** The first case is the reference the others are compared with. */
  readonly cases: readonly BenchmarkCase[];
}

/** Measured throughput of one case. */
export interface CaseResult {
  readonly library: string;
  /** Best round's mean throughput. */
  readonly opsPerSecond: number;
  /** Median over rounds of the mean throughput. */
  readonly medianOpsPerSecond: number;
}

/** Measured throughput of every case of a group, reference first. */
export interface GroupResult {
  readonly name: string;
  readonly cases: readonly CaseResult[];
}

/** How long tinybench measures each case. */
export interface RunOptions {
  /** Rounds per group (default 5). */
  readonly rounds?: number;
  /** Milliseconds of measurement per case and round (default 250). */
  readonly roundMs?: number;
  /** Milliseconds of warm-up per case before the first round (default 300). */
  readonly warmupMs?: number;
}

/** Every group that `npm run bench` runs, in order. */
export function benchmarkGroups(): BenchmarkGroup[] {
  return [...oathBenchmarkGroups()];
}

/** Runs the groups one after the other, interleaving each group's cases over rounds, and returns their results. */
export async function runGroups(groups: readonly BenchmarkGroup[], options: RunOptions = {}): Promise<GroupResult[]> {
  const rounds = options.rounds ?? 5;
  const results: GroupResult[] = [];
  for (const group of groups) {
    const samples: number[][] = group.cases.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [index, benchmarkCase] of group.cases.entries()) {
        const bench = new Bench({
          name: group.name,
          time: options.roundMs ?? 250,
          warmup: round === 0,
          warmupTime: options.warmupMs ?? 300,
          throws: true,
        });
        bench.add(benchmarkCase.library, batchOf(benchmarkCase.run, group.batch));
        await bench.run();
        const result = bench.tasks[0]?.result;
        if (result === undefined || !('latency' in result)) {
          throw new Error(`benchmark "${group.name}/${benchmarkCase.library}" did not complete`);
        }
        samples[index]!.push((group.batch * 1000) / result.latency.mean);
      }
    }
    results.push({
      name: group.name,
      cases: group.cases.map((benchmarkCase, index) => {
        const sorted = [...samples[index]!].sort((x, y) => x - y);
        return {
          library: benchmarkCase.library,
          opsPerSecond: sorted[sorted.length - 1]!,
          medianOpsPerSecond: sorted[Math.floor(sorted.length / 2)]!,
        };
      }),
    });
  }
  return results;
}

function batchOf(run: () => unknown, batch: number): () => unknown {
  if (batch === 1) return run;
  return () => {
    let last: unknown;
    for (let i = 0; i < batch; i++) last = run();
    return last;
  };
}

/** Formats results as a Markdown table: ops/s per case (best and median round) and the ratio reference / case (best rounds). */
export function formatTable(results: readonly GroupResult[]): string {
  const lines = [
    '| Operation | Library | ops/s (best round) | ops/s (median) | twofold / this |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  for (const group of results) {
    const reference = group.cases[0];
    if (reference === undefined) continue;
    group.cases.forEach((result, index) => {
      const ratio = reference.opsPerSecond / result.opsPerSecond;
      lines.push(
        `| ${index === 0 ? group.name : ''} | ${result.library} | ${formatOps(result.opsPerSecond)} | ` +
          `${formatOps(result.medianOpsPerSecond)} | ${index === 0 ? '1' : ratio.toFixed(1)}× |`,
      );
    });
  }
  return lines.join('\n');
}

function formatOps(opsPerSecond: number): string {
  return Math.round(opsPerSecond).toLocaleString('en-US');
}

/** Date, Node version and CPU, printed above the table so a pasted result says where it came from. */
export async function environmentLine(): Promise<string> {
  const { cpus } = await import('node:os');
  const cpuList = cpus();
  return `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpuList.length} × ${cpuList[0]?.model ?? 'unknown CPU'}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const verify = await verifyBenchmarks();
  let results: GroupResult[];
  try {
    results = await runGroups([...benchmarkGroups(), ...verify.groups]);
  } finally {
    await verify.close();
  }
  console.log(await environmentLine());
  for (const note of verify.notes) console.log(note);
  console.log();
  console.log(formatTable(results));
  console.log();
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  await main();
}
