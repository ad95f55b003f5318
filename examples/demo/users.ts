/**
 * The demo's own user accounts: a small table next to twofold's, with
 * passwords hashed by scrypt (node:crypto). This is the host application's
 * business, not twofold's: twofold only asks `verifyPassword` and `findUser`.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** A user of the demo. The id is the username, so the admin's "user id" search finds people by name. */
export interface DemoUser {
  readonly id: string;
  readonly username: string;
  readonly isStaff: boolean;
  /** The account's e-mail address, offered when the user sets up codes by e-mail. */
  readonly email: string;
}

/**
 * A demo user's e-mail address: `<username>@example.com`. example.com is
 * reserved for examples (RFC 2606), and the demo's development gateway keeps
 * every e-mail in its outbox anyway, so nothing ever leaves the machine.
 */
export function demoEmailAddress(username: string): string {
  return `${username}@example.com`;
}

/** A user to create on start if missing. */
export interface SeedUser {
  readonly username: string;
  readonly password: string;
  readonly isStaff: boolean;
}

/** The demo's users, printed at start. The passwords are public: the demo only listens on 127.0.0.1. */
export const SEED_USERS: readonly SeedUser[] = [
  { username: 'admin', password: 'admin-demo-password', isStaff: true },
  { username: 'alice', password: 'alice-demo-password', isStaff: false },
  { username: 'bob', password: 'bob-demo-password', isStaff: false },
];

// scrypt with N = 2^15: about 40 ms per check, deliberately slow for guessing.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 } as const;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT.maxmem }, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/** `scrypt$N$r$p$salt$hash` with a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` matches `stored` (constant-time comparison of the derived keys). */
export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt' || Number(parts[1]) !== SCRYPT.N) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  const actual = await derive(password, salt);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly password_hash: string;
  readonly is_staff: number;
}

function toUser(row: UserRow): DemoUser {
  return { id: row.id, username: row.username, isStaff: row.is_staff === 1, email: demoEmailAddress(row.username) };
}

/** The user table's operations. */
export interface UserDirectory {
  /** The user whose password this is, or null; as slow for unknown users as for known ones. */
  verifyPassword(username: string, password: string): Promise<DemoUser | null>;
  findById(id: string): DemoUser | null;
  /** Changes with the password (a hash of the stored hash): remembered browsers die when it changes. */
  passwordFingerprint(id: string): string | null;
  /**
   * Replaces the user's password with a fresh scrypt hash (new salt), which
   * also changes {@link passwordFingerprint}. Returns false when there is no such user.
   */
  setPassword(id: string, password: string): Promise<boolean>;
  /** Users whose username contains `query`, by username. */
  search(query: string, limit: number): DemoUser[];
  /** Creates the missing seed users; existing ones (and their passwords) are left alone. Returns how many were created. */
  seed(users: readonly SeedUser[]): Promise<number>;
}

/** Opens the user table on `db`, creating it if needed. */
export function openUserDirectory(db: Database): UserDirectory {
  db.exec(`create table if not exists demo_users (
    id text primary key,
    username text not null unique,
    password_hash text not null,
    is_staff integer not null default 0
  )`);
  const byUsername = db.prepare<[string], UserRow>('select * from demo_users where username = ?');
  const byId = db.prepare<[string], UserRow>('select * from demo_users where id = ?');
  const matching = db.prepare<[string, number], UserRow>(
    "select * from demo_users where instr(lower(username), lower(?)) > 0 order by username limit ?",
  );
  const updateHash = db.prepare<[string, string]>('update demo_users set password_hash = ? where id = ?');
  const insert = db.prepare<[string, string, string, number]>(
    'insert or ignore into demo_users (id, username, password_hash, is_staff) values (?, ?, ?, ?)',
  );
  // Checked against when the username is unknown, so that both cases cost one scrypt.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'));

  return {
    async verifyPassword(username, password) {
      const row = byUsername.get(username);
      const ok = await checkPassword(password, row?.password_hash ?? (await dummyHash));
      return ok && row !== undefined ? toUser(row) : null;
    },
    passwordFingerprint(id) {
      const row = byId.get(id);
      return row === undefined ? null : createHash('sha256').update(row.password_hash).digest('base64url');
    },
    async setPassword(id, password) {
      const hash = await hashPassword(password);
      return updateHash.run(hash, id).changes === 1;
    },
    findById(id) {
      const row = byId.get(id);
      return row === undefined ? null : toUser(row);
    },
    search(query, limit) {
      return matching.all(query, limit).map(toUser);
    },
    async seed(users) {
      let created = 0;
      for (const user of users) {
        if (byUsername.get(user.username) !== undefined) continue;
        const result = insert.run(user.username, user.username, await hashPassword(user.password), user.isStaff ? 1 : 0);
        created += result.changes;
      }
      return created;
    },
  };
}
