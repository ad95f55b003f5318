/**
 * A write answered is a write kept: a process updating devices on an SQLite
 * file is killed with SIGKILL right after a write's promise resolved, and
 * after reopening the file every count it had reported is there. Run with
 * the commits on the commit thread (the default for files) and on the main
 * thread. SIGKILL keeps the OS's page cache, so this checks that nobody is
 * answered before the commit; that the commit is on disk before the answer
 * (a power loss) is `synchronous = FULL`, which the commit thread checks on
 * its connection before it takes any write (test/store/commit-thread.test.ts).
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
import { makeRecord } from './conformance.js';
import { seeded } from '../support/random.js';

const CHILD = fileURLToPath(new URL('./fixtures/write-and-tell.ts', import.meta.url));
const DEVICES = 8;
const KILLS = 3;

/** Runs the child until it has reported `lines` answers, kills it at once, and returns the highest count reported per device. */
function runUntil(task: object, lines: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported = Array.from({ length: DEVICES }, () => 0);
    let buffered = '';
    let seen = 0;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        const match = /^(\d+) (\d+)$/.exec(line);
        if (match === null) continue;
        const index = Number(match[1]);
        reported[index] = Math.max(reported[index] ?? 0, Number(match[2]));
        if (++seen === lines) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`the child exited with ${code ?? signal} before it was killed: ${stderr}`));
    });
  });
}

describe('SIGKILL right after a write was answered', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-kill-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const commitThread of ['worker', 'main'] as const) {
    it(`keeps every answered write (commitThread ${commitThread}), ${KILLS} kills`, { timeout: 120_000 }, seeded(async (random, t) => {
      const file = join(dir, `${commitThread}.sqlite`);
      const records = Array.from({ length: DEVICES }, (_, n) => makeRecord({ createdAt: n + 1 }));
      const { store } = await openSqliteStore({ filename: file });
      for (const record of records) await store.insertDevice(record);
      await store.close();
      const kills: number[] = [];
      for (let run = 0; run < KILLS; run++) {
        const lines = random.int(20, 400);
        kills.push(lines);
        const reported = await runUntil({ file, deviceIds: records.map((record) => record.id), commitThread }, lines);
        const database = new BetterSqlite3(file, { readonly: true });
        try {
          const stored = records.map((record) => (database.prepare('select failure_count from twofold_devices where id = ?').get(record.id) as { failure_count: number }).failure_count);
          reported.forEach((count, index) => assert.ok(stored[index]! >= count, `device ${index}: reported ${count}, stored ${stored[index]}`));
          assert.deepEqual(database.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
        } finally {
          database.close();
        }
      }
      t.diagnostic(`killed after ${kills.join(', ')} answers`);
    }));
  }
});
