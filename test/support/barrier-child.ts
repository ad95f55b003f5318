/**
 * The worker side of ./barrier.ts: announce readiness, wait for the
 * parent's `go`, report one JSON line. Kept apart from barrier.ts so that
 * worker processes load nothing of node:test.
 */

/** Prints `ready` and resolves when the parent sends `go` (every worker at once). */
export async function waitForGo(): Promise<void> {
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    process.stdin.once('data', () => {
      resolve();
    });
  });
  process.stdin.destroy();
}

/** Prints the worker's report (the parent parses the last stdout text as JSON). */
export function report(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
