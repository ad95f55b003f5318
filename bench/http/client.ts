/**
 * What the drivers of `npm run bench:http` and `npm run bench:peers` share:
 * seeding twofold's devices, a pending sign-in through twofold's JSON API,
 * and the TOTP code (valid, or wrong for every step of the window) of a key.
 */
import { createTwofold, type DeviceRecord, type Store } from '../../src/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { generateTOTP } from '../../src/oath/index.js';
import { BENCH_SECRET, userName } from './shared.js';

/** A pending sign-in: its cookie, CSRF token and user. */
export interface Pending {
  readonly cookie: string;
  readonly csrf: string;
  readonly user: number;
}

/** The cookie header after `response`: its `Set-Cookie`s, or the previous cookie when it set none. */
export function cookieOf(response: Response, previous: string): string {
  const set = response.headers.getSetCookie().map((line) => line.split(';')[0]!);
  return set.length > 0 ? set.join('; ') : previous;
}

/** A pending sign-in of bench user `user` through twofold's JSON API (or the floor's route). */
export async function pendingSignIn(port: number, user: number, floor: boolean): Promise<Pending> {
  const base = `http://127.0.0.1:${port}`;
  if (floor) {
    const login = await fetch(`${base}/floor/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: userName(user) }) });
    return { cookie: cookieOf(login, ''), csrf: 'floor', user };
  }
  const first = await fetch(`${base}/account/api/session`);
  const { csrfToken } = (await first.json()) as { csrfToken: string };
  const cookie = cookieOf(first, '');
  const login = await fetch(`${base}/account/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
    body: JSON.stringify({ username: userName(user), password: 'x' }),
  });
  const answer = (await login.json()) as { status: string; csrfToken: string };
  if (answer.status !== 'second-factor-required') throw new Error(`user ${user}: ${JSON.stringify(answer)}`);
  return { cookie: cookieOf(login, cookie), csrf: answer.csrfToken, user };
}

/** A TOTP code of `key` now: valid, or one that matches no step of the window. */
export function codeOf(key: Uint8Array, valid: boolean): string {
  const now = Date.now() / 1000;
  const code = generateTOTP(key, { time: now });
  if (valid) return code;
  const near = new Set([-30, 0, 30].map((offset) => generateTOTP(key, { time: now + offset })));
  for (let n = (Number(code) + 500_000) % 1_000_000; ; n = (n + 1) % 1_000_000) {
    const wrong = String(n).padStart(6, '0');
    if (!near.has(wrong)) return wrong;
  }
}

/** Creates the users' TOTP devices in the database, in a few transactions. */
export async function seed(store: Store, users: number, keyOf: (user: number) => Uint8Array): Promise<void> {
  const captured: DeviceRecord[] = [];
  const capture: Store = {
    ...createMemoryStore(),
    insertDevice: (record: DeviceRecord) => {
      captured.push(record);
      return Promise.resolve();
    },
  };
  const seeder = createTwofold({ store: capture, kinds: [totp()], secrets: [BENCH_SECRET], logger: { warn() {}, error: console.error } });
  for (let n = 0; n < users; n++) await seeder.createDevice({ userId: String(n), kind: 'totp', options: { key: keyOf(n) } });
  for (let start = 0; start < captured.length; start += 500) await store.insertDevices!(captured.slice(start, start + 500));
}

