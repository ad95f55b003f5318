/**
 * CPU per `verifyToken` call on the in-memory store: a valid TOTP code per
 * call (the manual clock moves one step each time), 30,000 calls per round,
 * 4 rounds, wall time and the process's CPU time per call. CPU time is the
 * figure to read on a shared machine. Run: `npx tsx bench/verify-memory-cpu.ts [calls]`.
 */
import { createTwofold, manualClock } from '../src/index.js';
import { totp } from '../src/devices/totp/index.js';
import { createMemoryStore } from '../src/store/memory/index.js';
import { generateTOTP } from '../src/oath/index.js';
const clock = manualClock(Date.UTC(2026, 0, 1));
const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: ['benchmark-secret-benchmark-secret-benchmark'], clock: clock.now });
const key = new Uint8Array(20).fill(7);
const device = await twofold.createDevice({ userId: 'u', kind: 'totp', options: { key } });
const N = Number(process.argv[2] ?? 30000);
const ROUNDS = 4;
const codes: string[] = [];
for (let i = 0; i < N * ROUNDS; i++) codes.push(generateTOTP(key, { time: (clock.now() + (i + 1) * 30000) / 1000 }));
let k = 0;
for (let round = 0; round < ROUNDS; round++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    clock.advance(30);
    const r = await twofold.verifyToken('u', device.persistentId, codes[k++]!);
    if (!r.ok) throw new Error('fail ' + r.reason);
  }
  const dt = Number(process.hrtime.bigint() - t0) / 1e3 / N;
  const c = process.cpuUsage(c0);
  console.log(`valid: ${dt.toFixed(2)} µs/op wall, ${((c.user + c.system) / N).toFixed(2)} µs/op CPU`);
}
