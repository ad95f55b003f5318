/**
 * A token is accepted at most once across processes: two OS processes on one
 * SQLite file, released together, each submitting the same YubiKey token
 * many times at once. Exactly one submission may succeed.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTwofold } from '../../src/core/twofold.js';
import { yubikey } from '../../src/devices/yubikey/index.js';
import { openStore } from '../../src/store/kysely/index.js';
import { SECRET_A } from '../core/fixtures.js';
import { simulatedKey, touch } from '../support/yubikey-simulator.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/yubikey-race.ts', import.meta.url));

interface Report {
  successes: number;
  reasons: Record<string, number>;
}

function startProcess(task: object) {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(task)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const report = new Promise<Report>((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`race process exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.slice('ready\n'.length)) as Report);
    });
  });
  return { child, ready: Promise.race([ready, report.then(() => undefined)]), report };
}

describe('YubiKey token race across processes (SQLite)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-yubikey-race-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts one token exactly once among many concurrent submissions from two processes', { timeout: 120_000 }, async () => {
    const url = `sqlite:${join(dir, 'race.sqlite')}`;
    const key = simulatedKey({ seed: 41 });
    const { store } = await openStore(url);
    const twofold = createTwofold({ store, kinds: [yubikey()], secrets: [SECRET_A] });
    const device = await twofold.createDevice({ userId: 'alice', kind: 'yubikey', options: { publicId: key.publicId, privateId: key.privateId, aesKey: key.aesKey } });
    await store.close();

    const token = touch(key);
    const task = { url, secret: SECRET_A, userId: 'alice', persistentId: device.persistentId, token, submissions: 12 };
    const processes = [startProcess(task), startProcess(task)];
    try {
      await Promise.all(processes.map((p) => p.ready));
    } finally {
      // The barrier: both processes start submitting at the same moment.
      for (const p of processes) p.child.stdin.end('go\n');
    }
    const reports = await Promise.all(processes.map((p) => p.report));
    const successes = reports.reduce((sum, r) => sum + r.successes, 0);
    assert.equal(successes, 1, JSON.stringify(reports));
    // matchToken reports a match lost to a concurrent use as 'malformed-token' (a core quirk, reported separately).
    for (const report of reports) {
      for (const reason of Object.keys(report.reasons)) assert.ok(['replayed-token', 'throttled', 'malformed-token'].includes(reason), reason);
    }

    const reopened = await openStore(url);
    const check = createTwofold({ store: reopened.store, kinds: [yubikey()], secrets: [SECRET_A] });
    const stored = await check.getDevice('alice', device.persistentId);
    assert.deepEqual([stored?.state.lastUsageCounter, stored?.state.lastSessionCounter], [1, 0]);
    await reopened.store.close();
  });
});
