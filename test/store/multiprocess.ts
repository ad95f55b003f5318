/**
 * Runs the cross-process fixture (test/store/fixtures/cas-hammer.ts) as real
 * OS processes released at the same moment, and collects their reports.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/cas-hammer.ts', import.meta.url));

/** Where the processes meet. */
export interface SharedDatabase {
  readonly url: string;
  readonly schema?: string;
  readonly tablePrefix?: string;
}

interface Worker {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  readonly ready: Promise<void>;
  readonly report: Promise<unknown>;
}

function startWorker(task: Record<string, unknown>, fixture: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, JSON.stringify(task)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: process.env,
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const report = new Promise<unknown>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`fixture exited with ${code}: ${stderr.trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.replace(/^ready\n/, '').trim()));
      } catch {
        reject(new Error(`fixture printed no JSON: ${stdout} ${stderr}`));
      }
    });
  });
  // A worker that dies before getting ready must not leave the others waiting.
  return { child, ready: Promise.race([ready, report.then(() => undefined)]), report };
}

/**
 * Starts one `fixture` process per task (the task as JSON in argv[2]); each
 * prints `ready`, waits for a line on stdin, which all get at once, and
 * ends by printing one JSON line: the reports, in task order.
 */
export async function runTogether(tasks: readonly Record<string, unknown>[], fixture: string = FIXTURE): Promise<unknown[]> {
  const workers = tasks.map((task) => startWorker(task, fixture));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
  } finally {
    for (const worker of workers) worker.child.stdin.end('go\n');
  }
  return Promise.all(workers.map((worker) => worker.report));
}

/** What one hammering process reports. */
export interface HammerReport {
  readonly successes: number;
  readonly conflicts: number;
}

/**
 * Has `processes` OS processes, each with `loops` concurrent loops, increment
 * the failure count of one device with read + compare-and-swap for
 * `durationMs`, all released at the same moment.
 */
export async function hammerDevice(
  database: SharedDatabase,
  deviceId: string,
  options: { processes: number; loops: number; durationMs: number },
): Promise<HammerReport[]> {
  const task = { mode: 'cas', ...database, deviceId, loops: options.loops, durationMs: options.durationMs };
  const reports = await runTogether(Array.from({ length: options.processes }, () => task));
  return reports as HammerReport[];
}

/** Has `processes` OS processes call migrateToLatest at the same moment; returns what each applied. */
export async function migrateConcurrently(database: SharedDatabase, processes: number): Promise<string[][]> {
  const reports = await runTogether(Array.from({ length: processes }, () => ({ mode: 'migrate', ...database })));
  return reports.map((report) => (report as { applied: string[] }).applied);
}
