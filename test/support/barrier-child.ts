/**
 * The worker side of ./barrier.ts: announce readiness, wait for the
 * parent's `go`, report one JSON line. Kept apart from barrier.ts so that
 * worker processes load nothing of node:test.
 */

let received = '';
const waiting: (() => void)[] = [];
let listening = false;

/** Hands each received line to the oldest waiter, if any. */
function drain(): void {
  while (received.includes('\n') && waiting.length > 0) {
    received = received.slice(received.indexOf('\n') + 1);
    waiting.shift()?.();
  }
}

function listen(): void {
  if (listening) return;
  listening = true;
  process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
    received += chunk;
    drain();
  });
}

/**
 * Prints `ready` and resolves when the parent sends `go` (to every worker
 * at once). A worker that meets the others again later passes
 * `{ last: false }`; after the last phase stdin is let go, so the process
 * can end.
 */
export async function waitForGo(options: { readonly last?: boolean } = {}): Promise<void> {
  listen();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    waiting.push(resolve);
    drain();
  });
  if (options.last !== false) process.stdin.destroy();
}

/** Prints the worker's report (the parent parses the last stdout text as JSON). */
export function report(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
