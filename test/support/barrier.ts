/**
 * Races between OS processes that really overlap, however loaded the
 * machine: every worker opens what it needs, prints `ready`, and waits for a
 * `go` line on stdin; the parent sends `go` to all of them only when every
 * one is ready. A wall-clock start time would instead let a slow starter
 * miss the race and turn it sequential while the test still passed.
 *
 * The worker side is {@link waitForGo} in ./barrier-child.ts.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/** What a worker reports about when it ran, to check that workers overlapped. */
export interface Span {
  /** Date.now() when the worker got `go`. */
  readonly startedAt: number;
  /** Date.now() when its last operation ended. */
  readonly finishedAt: number;
}

interface Worker {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Resolves when the worker has said `ready` `n` times (or has ended). */
  ready(n: number): Promise<void>;
  readonly report: Promise<unknown>;
}

const READY_LINE = /^ready\n/gm;

function startWorker(script: string, task: unknown, env: NodeJS.ProcessEnv): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(task)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
  });
  let stdout = '';
  let stderr = '';
  const waiting: { n: number; resolve: () => void }[] = [];
  const readies = () => stdout.match(READY_LINE)?.length ?? 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const waiter of waiting.filter((w) => readies() >= w.n)) waiter.resolve();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const report = new Promise<unknown>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`worker ${script} exited with ${code ?? signal}: ${stderr.trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.replace(READY_LINE, '').trim()));
      } catch {
        reject(new Error(`worker ${script} printed no JSON: ${stdout} ${stderr}`));
      }
    });
  });
  // A worker that dies before getting ready must not leave the others waiting.
  const ended = report.then(
    () => undefined,
    () => undefined,
  );
  const ready = (n: number): Promise<void> =>
    Promise.race([
      new Promise<void>((resolve) => {
        if (readies() >= n) resolve();
        else waiting.push({ n, resolve });
      }),
      ended,
    ]);
  return { child, ready, report };
}

/**
 * Starts one process per task (`node --import tsx script '<task JSON>'`),
 * releases them together once all are ready, and returns their JSON reports
 * in task order. Any worker failure rejects. With `phases` > 1 the workers
 * meet again: each says `ready` once per phase and goes on when all have.
 */
export async function runOnBarrier<Report>(
  script: string,
  tasks: readonly unknown[],
  env: NodeJS.ProcessEnv = process.env,
  phases = 1,
): Promise<Report[]> {
  const workers = tasks.map((task) => startWorker(script, task, env));
  try {
    for (let phase = 1; phase <= phases; phase++) {
      await Promise.all(workers.map((worker) => worker.ready(phase)));
      for (const worker of workers) worker.child.stdin.write('go\n');
    }
  } finally {
    for (const worker of workers) worker.child.stdin.end();
  }
  return (await Promise.all(workers.map((worker) => worker.report))) as Report[];
}

/** Whether all spans share a moment: every worker started before any finished. */
export function overlapped(spans: readonly Span[]): boolean {
  return Math.max(...spans.map((s) => s.startedAt)) < Math.min(...spans.map((s) => s.finishedAt));
}

/**
 * Runs `race` until its workers overlapped (at most `tries` times) and
 * returns the overlapping run. Every run's own assertions still apply; this
 * only guarantees that at least one checked run was a real race, which a
 * loaded machine can otherwise silently turn sequential.
 */
export async function untilOverlapped<T extends { spans: readonly Span[] }>(race: () => Promise<T>, tries = 4): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await race();
    if (overlapped(last.spans)) return last;
  }
  throw new Error(`the workers never overlapped in ${tries} runs: ${JSON.stringify(last?.spans)}`);
}
