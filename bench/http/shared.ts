/** What the driver and the app processes of `npm run bench:http` agree on. */
import { createHmac } from 'node:crypto';

/** The encryption secret of the benchmark's devices (benchmark only). */
export const BENCH_SECRET = 'bench-http-secret-bench-http-secret-0123456789';

/** The user name of bench user `n`. */
export function userName(n: number): string {
  return `user-${n}`;
}

/** The TOTP key of bench user `n`: derived, so that the driver can compute the codes. */
export function userKey(n: number): Uint8Array {
  return new Uint8Array(createHmac('sha256', 'bench-http-keys').update(String(n)).digest().subarray(0, 20));
}
