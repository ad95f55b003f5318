/**
 * The user accounts of the example app: what an existing Express app already
 * has before it adds twofold. Passwords are hashed with scrypt and a random
 * salt, and an unknown username costs the same as a wrong password.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** A user of the example app. */
export interface User {
  readonly id: string;
  readonly username: string;
}

interface Account extends User {
  readonly passwordHash: Buffer;
  readonly salt: Buffer;
}

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/** An in-memory user directory (a real app has a table). */
export interface UserDirectory {
  add(username: string, password: string): Promise<User>;
  /** The user whose password this is, or null. */
  checkPassword(username: string, password: string): Promise<User | null>;
  findById(id: string): User | null;
}

/** Creates an empty directory. */
export function createUserDirectory(): UserDirectory {
  const accounts = new Map<string, Account>();
  const dummySalt = randomBytes(16);
  const dummyHash = randomBytes(KEY_LENGTH);
  return {
    async add(username, password) {
      const salt = randomBytes(16);
      const account: Account = { id: String(accounts.size + 1), username, salt, passwordHash: await derive(password, salt) };
      accounts.set(account.id, account);
      return { id: account.id, username };
    },
    async checkPassword(username, password) {
      const account = [...accounts.values()].find((candidate) => candidate.username === username);
      const derived = await derive(password, account?.salt ?? dummySalt);
      const expected = account?.passwordHash ?? dummyHash;
      return account !== undefined && timingSafeEqual(derived, expected) ? { id: account.id, username: account.username } : null;
    },
    findById(id) {
      const account = accounts.get(id);
      return account === undefined ? null : { id: account.id, username: account.username };
    },
  };
}
