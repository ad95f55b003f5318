/**
 * A gate in front of every kind's `verify`, to make "the evaluation is slow"
 * happen on purpose and on time instead of by the machine's load: while the
 * gate is closed, evaluations wait in it; the test moves the clock on (as a
 * slow scrypt or a busy machine would) and opens it. Counting who waits
 * also tells when every request of a burst is either answered or being
 * evaluated.
 */
import type { AnyDeviceKind } from '../../../src/core/index.js';

/** The gate and its counters. */
export interface Gate {
  /** The kinds with their `verify` behind the gate (same names, same everything else). */
  wrap(kinds: readonly AnyDeviceKind[]): AnyDeviceKind[];
  close(): void;
  open(): void;
  /** Evaluations waiting in the closed gate now. */
  readonly waiting: number;
  /** Calls of any kind's verify so far. */
  readonly evaluations: number;
}

/** A gate, open at first. */
export function createGate(): Gate {
  let waiting = 0;
  let evaluations = 0;
  let release: (() => void) | null = null;
  let opened: Promise<void> = Promise.resolve();
  return {
    wrap: (kinds) =>
      kinds.map((kind): AnyDeviceKind => ({
        ...kind,
        async verify(input) {
          evaluations++;
          waiting++;
          try {
            await opened;
          } finally {
            waiting--;
          }
          return kind.verify(input);
        },
      })),
    close() {
      if (release !== null) return;
      opened = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    open() {
      const resolve = release;
      release = null;
      opened = Promise.resolve();
      resolve?.();
    },
    get waiting() {
      return waiting;
    },
    get evaluations() {
      return evaluations;
    },
  };
}

/** Resolves once `done()` holds (checked every 5 ms); rejects after `timeoutMs`. */
export async function until(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
