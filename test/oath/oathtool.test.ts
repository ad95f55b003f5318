// Cross-check against the reference C implementation, oathtool (OATH
// Toolkit), on thousands of random keys, counters and times. Each batch runs
// in one shell that starts oathtool once per key, and each invocation asks
// for several consecutive tokens (-w), so thousands of tokens take a couple
// of seconds. Skipped locally without oathtool; required in CI
// (Debian package `oathtool`).
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createOtpauthURI, encodeHex, generateTOTP, hotpCandidates, timeStep } from '../../src/oath/index.js';
import type { HashAlgorithm } from '../../src/oath/index.js';
import { hasCommand, requireOrSkip } from '../support/env.js';
import { seeded, type Random } from '../support/random.js';

const available = hasCommand('oathtool');
const REASON = 'oathtool is not installed (apt-get install oathtool)';

interface Invocation {
  readonly args: readonly string[];
  readonly expected: readonly string[];
}

const SEPARATOR = '--end--';

/** Runs every invocation in one `sh`, returning each one's output lines. */
function runBatch(invocations: readonly Invocation[]): Promise<string[][]> {
  // Arguments are hex, base32, numbers and fixed flags; quoting is belt and braces.
  const quote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;
  const script = invocations
    .map(({ args }) => `oathtool ${args.map(quote).join(' ')} 2>&1 || echo "exit $?"; echo ${SEPARATOR}`)
    .join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-s'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`sh exited with ${code}`));
        return;
      }
      const blocks = output.split(`${SEPARATOR}\n`);
      blocks.pop();
      resolve(blocks.map((block) => block.split('\n').filter((line) => line !== '')));
    });
    child.stdin.end(script);
  });
}

async function check(invocations: readonly Invocation[]): Promise<void> {
  const outputs = await runBatch(invocations);
  assert.equal(outputs.length, invocations.length);
  invocations.forEach((invocation, i) => {
    assert.deepEqual(outputs[i], invocation.expected, `oathtool ${invocation.args.join(' ')}`);
  });
}

const ALGORITHMS: readonly HashAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

function randomCounter(random: Random): number {
  return [random.int(0, 1000), random.int(0, 2 ** 40), Number.MAX_SAFE_INTEGER - 10 - random.int(0, 1000)][random.int(3)]!;
}

function skipUnlessAvailable(t: TestContext): boolean {
  return requireOrSkip(t, available, REASON);
}

describe('cross-check with oathtool', { concurrency: true }, () => {
  it('HOTP SHA1: 600 random keys (1..100 bytes) × 5 counters, 6..8 digits', seeded(async (random, t) => {
    if (!skipUnlessAvailable(t)) return;
    const invocations: Invocation[] = [];
    for (let i = 0; i < 600; i++) {
      const key = random.bytes(random.int(1, 101));
      const counter = randomCounter(random);
      const digits = 6 + (i % 3);
      invocations.push({
        args: ['--hotp', `--digits=${digits}`, `--counter=${counter}`, '--window=4', encodeHex(key)],
        expected: hotpCandidates(key, counter, 5, { digits }),
      });
    }
    await check(invocations);
  }));

  it('HOTP SHA256/SHA512 (oathtool: TOTP with 1 s steps, so T = counter): 600 keys × 5 counters', seeded(async (random, t) => {
    if (!skipUnlessAvailable(t)) return;
    const invocations: Invocation[] = [];
    for (let i = 0; i < 600; i++) {
      const algorithm = i % 2 === 0 ? 'SHA256' : 'SHA512';
      const key = random.bytes(random.int(1, 200));
      const counter = randomCounter(random);
      const digits = 6 + (i % 3);
      invocations.push({
        args: [`--totp=${algorithm}`, '--time-step-size=1s', `--now=@${counter}`, `--digits=${digits}`, '--window=4', encodeHex(key)],
        expected: hotpCandidates(key, counter, 5, { digits, algorithm }),
      });
    }
    await check(invocations);
  }));

  it('TOTP, all algorithms: 900 random keys, fractional times, steps and t0 × 3 steps', seeded(async (random, t) => {
    if (!skipUnlessAvailable(t)) return;
    const invocations: Invocation[] = [];
    for (let i = 0; i < 900; i++) {
      const algorithm = ALGORITHMS[i % 3]!;
      const key = random.bytes(random.int(10, 80));
      const step = [30, 60, random.int(1, 600)][random.int(3)]!;
      const t0 = i % 4 === 0 ? random.int(0, 10 ** 9) : 0;
      const time = Number((t0 + random.int(0, 2 ** 34) + random.float()).toFixed(3));
      const digits = 6 + (i % 3);
      const first = timeStep({ time, t0, step });
      invocations.push({
        args: [
          `--totp=${algorithm}`,
          `--time-step-size=${step}s`,
          `--start-time=@${t0}`,
          `--now=@${time}`,
          `--digits=${digits}`,
          '--window=2',
          encodeHex(key),
        ],
        expected: hotpCandidates(key, first, 3, { digits, algorithm }),
      });
      if (i < 3) assert.equal(generateTOTP(key, { time, t0, step, digits, algorithm }), invocations[i]!.expected[0]);
    }
    await check(invocations);
  }));

  it('reads the base32 secret of createOtpauthURI (oathtool -b): 300 random keys', seeded(async (random, t) => {
    if (!skipUnlessAvailable(t)) return;
    const invocations: Invocation[] = [];
    for (let i = 0; i < 300; i++) {
      const algorithm = ALGORITHMS[i % 3]!;
      const key = random.bytes(random.int(1, 70));
      const digits = 6 + (i % 3);
      const uri = createOtpauthURI({ type: 'totp', key, accountName: 'alice@example.com', issuer: 'ACME Co', algorithm, digits });
      const secret = /[?&]secret=([A-Z2-7]+)(?:&|$)/.exec(uri)?.[1];
      assert.ok(secret !== undefined, 'the URI carries an unpadded upper-case base32 secret');
      const time = random.int(0, 2 ** 33);
      invocations.push({
        args: ['--base32', `--totp=${algorithm}`, `--now=@${time}`, `--digits=${digits}`, secret],
        expected: [generateTOTP(key, { time, digits, algorithm })],
      });
    }
    await check(invocations);
  }));
});
