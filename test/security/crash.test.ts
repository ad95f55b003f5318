/**
 * Black-box check (issue 9): a process serving verifications on a SQLite
 * file (WAL, synchronous = FULL) is killed with SIGKILL in the middle of a
 * burst, several times, and restarted on the same file. Across all runs no
 * code is accepted twice, and the database passes integrity_check.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/kysely/index.js';
import { prepareDevice, securityTwofold, type KindName } from './support/kinds.js';
import { generateHOTP, generateTOTP } from '../../src/oath/index.js';
import { seeded, type Random } from '../support/random.js';
import type { CrashAttempt, CrashTask } from './fixtures/crash-worker.js';

const WORKER = fileURLToPath(new URL('./fixtures/crash-worker.ts', import.meta.url));
/** A TOTP step boundary plus 10 s: the clock of every run, so the codes stay valid across restarts. */
const NOW = Math.floor(Date.UTC(2026, 10, 23, 12, 0, 0) / 30_000) * 30_000 + 10_000;
const KILLED_RUNS = 4;
const COPIES = 3;
const TIMEOUT = { timeout: 240_000 };

interface RunOutcome {
  readonly answers: Map<number, string[]>;
  readonly pragmas: { journal?: string; synchronous?: number };
  readonly killed: boolean;
}

/** Runs the worker; kills it with SIGKILL after `killAfter` answers (null: let it finish). */
function runWorker(task: CrashTask, killAfter: number | null): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const answers = new Map<number, string[]>();
    let pragmas = {};
    let buffered = '';
    let seen = 0;
    let killed = false;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('{')) pragmas = JSON.parse(line) as RunOutcome['pragmas'];
        const match = /^(\d+) (\S+)$/.exec(line);
        if (match === null) continue;
        const id = Number(match[1]);
        answers.set(id, [...(answers.get(id) ?? []), match[2] ?? '']);
        seen++;
        if (killAfter !== null && seen >= killAfter && !killed) {
          killed = child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ answers, pragmas, killed: signal === 'SIGKILL' });
      else reject(new Error(`crash worker exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('SIGKILL under load on a SQLite file, restarted several times', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-crash-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it(`accepts no code twice across ${KILLED_RUNS} killed runs and a final one, and leaves the database intact`, TIMEOUT, seeded(async (random, t) => {
    const file = join(dir, 'crash.sqlite');
    const { store } = await openSqliteStore({ filename: file });
    const twofold = securityTwofold(store, new Map(), () => NOW);
    // Codes: TOTP at the previous, current and next step, HOTP counters 0..7, and backup codes (slow, scrypt).
    const codes: Omit<CrashAttempt, 'id'>[] = [];
    const add = async (kind: KindName, count: number, codesOf: (device: Awaited<ReturnType<typeof prepareDevice>>, key: Buffer) => string[]) => {
      for (let i = 0; i < count; i++) {
        const key = random.bytes(20);
        const userId = `crash-${kind}-${i}`;
        const device =
          kind === 'backup-codes'
            ? await prepareDevice(twofold, new Map(), kind, userId, random, { backupCodes: 4 })
            : { ...(await twofold.createDevice({ userId, kind, options: { key } })), userId, kind, code: '', avoid: [] };
        for (const code of codesOf(device, key)) codes.push({ userId, persistentId: device.persistentId, code });
      }
    };
    await add('totp', 10, (_, key) => [-1, 0, 1].map((step) => generateTOTP(key, { time: NOW / 1000 + step * 30 })));
    await add('hotp', 10, (_, key) => Array.from({ length: 8 }, (__, counter) => generateHOTP(key, counter)));
    await add('backup-codes', 3, (device) => [...device.avoid]);
    await twofold.close();
    const attempts: CrashAttempt[] = codes.flatMap((code, index) => Array.from({ length: COPIES }, () => ({ ...code, id: index })));

    const accepted = new Map<number, number>();
    const kills: number[] = [];
    for (let run = 0; run <= KILLED_RUNS; run++) {
      const last = run === KILLED_RUNS;
      // Kill somewhere in the first two thirds of the burst: well inside it, wherever the machine's load puts it.
      const killAfter = last ? null : random.int(10, Math.floor((attempts.length * 2) / 3));
      const outcome = await runWorker({ file, clockMs: NOW, concurrency: 24, attempts: shuffled(attempts, random) }, killAfter);
      assert.equal(outcome.pragmas.journal, 'wal');
      assert.equal(outcome.pragmas.synchronous, 2, 'synchronous = FULL');
      assert.equal(outcome.killed, !last, last ? 'the final run completes' : 'the run was killed mid-burst');
      if (!last) kills.push(killAfter ?? 0);
      for (const [id, answers] of outcome.answers) {
        assert.ok(!answers.some((answer) => answer.startsWith('error:')), `attempt ${id}: ${answers.join(',')}`);
        accepted.set(id, (accepted.get(id) ?? 0) + answers.filter((answer) => answer === 'ok').length);
      }
    }

    const twice = [...accepted].filter(([, count]) => count > 1);
    assert.deepEqual(twice, [], 'codes accepted more than once (attempt id, count)');
    const total = [...accepted.values()].reduce((sum, count) => sum + count, 0);
    assert.ok(total > 0, 'some codes were accepted at all');
    const database = new BetterSqlite3(file, { readonly: true });
    try {
      assert.deepEqual(database.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    } finally {
      database.close();
    }
    t.diagnostic(`${codes.length} codes × ${COPIES} submissions per run; killed after ${kills.join(', ')} answers; ${total} accepted, none twice`);
  }));
});
