/**
 * The load generator of the HTTP benchmarks: a fixed number of connections
 * (keep-alive when the server allows it, a new connection when it closes
 * one, as gunicorn's sync workers do), each sending its next request as
 * soon as the previous answer is complete, until the list of requests runs
 * out. Every latency is kept, so the percentiles are exact, and the run is
 * timed from the first request to the last answer (autocannon's `amount`
 * mode ends runs on its one-second ticker, which rounded short runs' rates
 * to whole seconds).
 */
import { Agent, request as httpRequest } from 'node:http';

/** One request to send. */
export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What a run measured. */
export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Latency percentiles in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Answers by status code. */
  readonly statuses: ReadonlyMap<number, number>;
  /** Requests that got no answer (connection errors). */
  readonly errors: number;
}

function send(agent: Agent, port: number, load: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...load.headers };
    if (load.body !== undefined) headers['content-length'] = String(Buffer.byteLength(load.body));
    const req = httpRequest({ host: '127.0.0.1', port, method: load.method, path: load.path, headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(load.body);
  });
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Sends `next()`'s requests over `connections` connections to 127.0.0.1:`port` until it returns null. */
export async function runLoad(port: number, connections: number, next: () => LoadRequest | null): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let load = next(); load !== null; load = next()) {
        const begun = performance.now();
        try {
          const status = await send(agent, port, load);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          latencies.push(performance.now() - begun);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: Math.round(percentile(latencies, 0.5) * 10) / 10,
    p99: Math.round(percentile(latencies, 0.99) * 10) / 10,
    statuses,
    errors,
  };
}
