/**
 * bench:peers' better-auth app: better-auth with its twoFactor plugin on an
 * SQLite file (better-sqlite3, WAL), served by Node's HTTP server through
 * `toNodeHandler`, one process.
 *
 * `tsx bench/peers/better-auth.ts seed FILE N`: creates the schema
 * (better-auth's own migrations) and users user-0 .. user-(N-1), each with
 * TOTP enabled under the secret `peerSecret(n)`, encrypted with better-auth's
 * own `symmetricEncrypt`, in a few transactions (the API would cost a sign-up,
 * a session and an enabling per user).
 * `tsx bench/peers/better-auth.ts serve FILE`: prints `ready <port>`.
 *
 * Two settings differ from the defaults, both for the benchmark only: the
 * password hash is trivial (the first step is not what is measured, as in
 * the other apps), and the rate limiter is off (its default rules allow 3
 * sign-in or two-factor requests per 10 s from one address, and every
 * request of the benchmark comes from 127.0.0.1).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { twoFactor } from 'better-auth/plugins';
import { toNodeHandler } from 'better-auth/node';
import { symmetricEncrypt } from 'better-auth/crypto';
import { getMigrations } from 'better-auth/db/migration';
import { peerSecret } from './keys.js';

const BASE_URL = 'http://127.0.0.1';

function authOn(db: Database.Database) {
  return betterAuth({
    database: db,
    secret: 'bench-peers-better-auth-secret-bench-peers-better-auth-secret',
    baseURL: BASE_URL,
    trustedOrigins: [BASE_URL],
    emailAndPassword: {
      enabled: true,
      password: {
        hash: (password: string) => Promise.resolve(password),
        verify: ({ hash, password }: { hash: string; password: string }) => Promise.resolve(hash === password),
      },
    },
    plugins: [twoFactor({ skipVerificationOnEnable: true })],
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
}

function open(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  return db;
}

async function seedUsers(file: string, count: number): Promise<void> {
  const db = open(file);
  const auth = authOn(db);
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  const { secretConfig } = await auth.$context;
  const now = new Date().toISOString();
  const insertUser = db.prepare('insert into "user" ("id", "name", "email", "emailVerified", "createdAt", "updatedAt", "twoFactorEnabled") values (?, ?, ?, 1, ?, ?, 1)');
  const insertAccount = db.prepare('insert into "account" ("id", "accountId", "providerId", "userId", "password", "createdAt", "updatedAt") values (?, ?, \'credential\', ?, ?, ?, ?)');
  const insertTwoFactor = db.prepare('insert into "twoFactor" ("id", "secret", "backupCodes", "userId", "verified") values (?, ?, ?, ?, 1)');
  const backupCodes = await symmetricEncrypt({ key: secretConfig, data: JSON.stringify(['bench-unused']) });
  for (let start = 0; start < count; start += 1000) {
    const rows: { n: number; id: string; secret: string }[] = [];
    for (let n = start; n < Math.min(count, start + 1000); n++) {
      rows.push({ n, id: randomUUID(), secret: await symmetricEncrypt({ key: secretConfig, data: peerSecret(n) }) });
    }
    db.transaction(() => {
      for (const row of rows) {
        insertUser.run(row.id, `user-${row.n}`, `user-${row.n}@bench.invalid`, now, now);
        insertAccount.run(randomUUID(), row.id, row.id, 'x', now, now);
        insertTwoFactor.run(randomUUID(), row.secret, backupCodes, row.id);
      }
    })();
  }
  db.close();
}

async function serve(file: string): Promise<void> {
  const db = open(file);
  const handler = toNodeHandler(authOn(db));
  const server = createServer((req, res) => void handler(req, res));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`ready ${(server.address() as AddressInfo).port}`);
  process.on('SIGTERM', () => {
    server.close();
    db.close();
    process.exit(0);
  });
}

const [command, file = '', count = '0'] = process.argv.slice(2);
if (command === 'seed') await seedUsers(file, Number(count));
else if (command === 'serve') await serve(file);
else throw new Error('usage: better-auth.ts seed FILE N | serve FILE');
