/**
 * `npx tsx bench/commit-thread.ts [rounds] [ops] [cpuMs]`: where SQLite's
 * commits run, measured in one process without HTTP. Lanes (16) each read a
 * device, spend `cpuMs` of CPU (standing in for the rest of a request: the
 * session, the framework, the JSON answer), then write it back with the
 * compare-and-swap (the next one starts in a new turn of the event loop, as a
 * request arriving on a socket would), on a file store opened with `commitThread: 'main'` and
 * `'worker'`, rounds interleaved (order reversed every other round).
 * Reported per round: operations per second, p50/p99 latency of one
 * read-work-write, CPU of the process per operation (both threads), the
 * time the event loop was busy per operation (CPU work plus any wait inside
 * a callback, such as an fsync on the main thread), and the event loop's p99 delay (how long a ready callback waited: the stall every
 * other request of the process feels).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openSqliteStore } from '../src/store/kysely/index.js';
import type { SqliteCommitThread } from '../src/store/kysely/index.js';
import type { DeviceRecord } from '../src/core/types.js';

const ROUNDS = Number(process.argv[2] ?? '4');
const OPS = Number(process.argv[3] ?? '3000');
const CPU_MS = Number(process.argv[4] ?? '0.5');
const LANES = 16;
const DEVICES = 2000;

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

function device(index: number): DeviceRecord {
  return {
    id: `bench-device-${index}`,
    userId: `bench-user-${index}`,
    kind: 'totp',
    name: 'Phone',
    confirmed: true,
    createdAt: 1,
    lastUsedAt: null,
    secret: 'x'.repeat(120),
    state: { digits: 6, step: 30, lastStep: 0 },
    failureCount: 0,
    lastFailureAt: null,
    lastChallengeAt: null,
    version: 1,
  };
}

async function round(commitThread: SqliteCommitThread, dir: string): Promise<string> {
  const { store } = await openSqliteStore({ filename: join(dir, `${commitThread}.sqlite`), commitThread });
  try {
    const latencies: number[] = [];
    let next = 0;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const loopBefore = performance.eventLoopUtilization();
    delay.enable();
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (next < OPS) {
          const id = `bench-device-${next++ % DEVICES}`;
          const begin = performance.now();
          const current = await store.getDevice(id);
          busy(CPU_MS);
          await store.updateDevice(id, current!.version, { failureCount: current!.failureCount + 1 });
          latencies.push(performance.now() - begin);
          // The next request of a connection arrives as a new I/O event, not within this one.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    delay.disable();
    const loop = performance.eventLoopUtilization(loopBefore);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    latencies.sort((a, b) => a - b);
    const at = (q: number): string => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
    const perOp = ((cpu.user + cpu.system) / 1000 / OPS).toFixed(2);
    const loopBusy = (loop.active / OPS).toFixed(2);
    return `| ${commitThread} | ${Math.round(OPS / seconds)} | ${at(0.5)} | ${at(0.99)} | ${perOp} | ${loopBusy} | ${(delay.percentile(99) / 1e6).toFixed(1)} | ${loadavg()[0]!.toFixed(1)} |`;
  } finally {
    await store.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'twofold-commit-bench-'));
try {
  for (const commitThread of ['main', 'worker'] as const) {
    const { store } = await openSqliteStore({ filename: join(dir, `${commitThread}.sqlite`), commitThread });
    await store.insertDevices!(Array.from({ length: DEVICES }, (_, index) => device(index)));
    await store.close();
  }
  console.log(`${ROUNDS} rounds of ${OPS} read-work-writes, ${LANES} lanes, ${CPU_MS} ms CPU each, ${new Date().toISOString()}\n`);
  console.log('| commits on | ops/s | p50 ms | p99 ms | CPU ms/op | event loop busy ms/op | event loop p99 delay ms | load |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  await round('main', dir); // warm-up, not shown
  for (let index = 0; index < ROUNDS; index++) {
    const order: SqliteCommitThread[] = index % 2 === 0 ? ['main', 'worker'] : ['worker', 'main'];
    for (const commitThread of order) console.log(await round(commitThread, dir));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
