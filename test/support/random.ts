/**
 * Reproducible random inputs for tests. Every run draws one base seed (or
 * takes `TWOFOLD_TEST_SEED`), each test derives its own stream from the base
 * seed and its name (so the order and the filter of tests change nothing),
 * and a failing test says how to replay it:
 *
 *   TWOFOLD_TEST_SEED=<seed> npm test
 *
 * Only for test inputs: keys and salts that protect something are still
 * drawn from node:crypto by the code under test.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';

/** The run's base seed: `TWOFOLD_TEST_SEED`, or a fresh one per run (so runs cover more inputs). */
export const TEST_SEED: string = process.env.TWOFOLD_TEST_SEED?.trim() || randomBytes(8).toString('hex');

/** A deterministic stream of test inputs. */
export interface Random {
  /** The seed this stream was derived from (the run's base seed). */
  readonly seed: string;
  /** A float in [0, 1) with 53 random bits, like Math.random. */
  float(): number;
  /** An integer in [0, max) or [min, max), like crypto.randomInt (safe integers only). */
  int(minOrMax: number, max?: number): number;
  /** `length` random bytes. */
  bytes(length: number): Buffer;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * A stream seeded from the run's seed and `label` (a test name, a file name).
 * sfc32: small, fast, and good enough for picking inputs.
 */
export function seededRandom(label: string, seed: string = TEST_SEED): Random {
  const digest = createHash('sha256').update(`${seed}\u0000${label}`).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Mix the state well before the first output.
  for (let i = 0; i < 16; i++) next32();
  const float = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  const int = (minOrMax: number, max?: number): number => {
    const [low, high] = max === undefined ? [0, minOrMax] : [minOrMax, max];
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low) throw new RangeError(`bad range [${low}, ${high})`);
    return low + Math.floor(float() * (high - low));
  };
  return {
    seed,
    float,
    int,
    bytes(length) {
      const out = Buffer.alloc(length);
      for (let i = 0; i < length; i++) out[i] = next32() & 0xff;
      return out;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(items.length)] as (typeof items)[number];
    },
  };
}

/** The line that tells how to replay a failure. */
export function reproduceHint(seed: string = TEST_SEED): string {
  return `reproduce with TWOFOLD_TEST_SEED=${seed}`;
}

/**
 * Wraps a test body: it gets its own {@link Random} (derived from the test's
 * name), and a failure carries the seed in its message.
 *
 * @example
 * ```ts
 * it('round-trips random bytes', seeded((random) => {
 *   const data = random.bytes(random.int(0, 80));
 *   assert.deepEqual(decode(encode(data)), data);
 * }));
 * ```
 */
export function seeded(body: (random: Random, t: TestContext) => unknown): (t: TestContext) => Promise<void> {
  return async (t) => {
    const random = seededRandom(t.name);
    try {
      await body(random, t);
    } catch (error) {
      if (error instanceof Error) {
        error.message = `${error.message}\n(${reproduceHint(random.seed)})`;
      }
      throw error;
    }
  };
}
