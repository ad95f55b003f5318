/**
 * A real Express host with twofold's sign-in pages under `/account` and the
 * device admin under `/admin`, on the memory store with a manual clock, for
 * the admin's HTTP tests. Reuses the tiny cookie-jar browser of
 * `support.ts`.
 */
import express from 'express';
import session from 'express-session';
import { createTwofold, manualClock, type AnyDeviceKind, type ManualClock, type Twofold } from '../../src/index.js';
import { backupCodes, issueBackupCodes } from '../../src/devices/backup-codes/index.js';
import { hotp } from '../../src/devices/hotp/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { yubikey } from '../../src/devices/yubikey/index.js';
import { otpAdmin, type OtpAdminExpressOptions } from '../../src/express/admin.js';
import { createTwofoldExpress } from '../../src/express/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { START, TEST_SECRET, browser, csrfOf, listen, sessionLoginCallbacks, type Browser } from './support.js';

/** A user of the admin test host. */
export interface AdminTestUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  readonly isStaff: boolean;
}

/** The host's accounts: two staff members (one without any device), two ordinary users. */
export const ADMIN_TEST_USERS: readonly AdminTestUser[] = [
  { id: 's1', username: 'sam', password: 'sam-staff-password', isStaff: true },
  { id: 's2', username: 'stella', password: 'stella-staff-password', isStaff: true },
  { id: 'u1', username: 'alice', password: 'alice-user-password', isStaff: false },
  { id: 'u2', username: 'bob', password: 'bob-user-password', isStaff: false },
];

/** The users who get backup codes at start (stella has no device at all). */
const WITH_CODES = ['s1', 'u1', 'u2'];

/** A running admin test host. */
export interface AdminHost {
  readonly url: string;
  readonly twofold: Twofold;
  readonly clock: ManualClock;
  /** Lines logged by twofold and the admin. */
  readonly logged: string[];
  /** A new browser with no cookies. */
  browser(): Browser;
  /** A browser signed in through twofold's login wizard with password, then a backup code: verified. */
  signInVerified(username: string): Promise<Browser>;
  /** A browser signed in by the host's own login only: not verified. */
  signInUnverified(username: string): Promise<Browser>;
  close(): Promise<void>;
}

/** Options of {@link startAdminHost}: admin options to override. */
export type AdminHostOptions = Partial<OtpAdminExpressOptions<AdminTestUser>>;

function account(username: string): AdminTestUser {
  const found = ADMIN_TEST_USERS.find((candidate) => candidate.username === username);
  if (found === undefined) throw new Error(`no test user ${username}`);
  return found;
}

/** Starts the host on 127.0.0.1 at a random port, with `extraKinds` registered after TOTP, HOTP and backup codes. */
export async function startAdminHost(options: AdminHostOptions = {}, extraKinds: readonly AnyDeviceKind[] = []): Promise<AdminHost> {
  const clock = manualClock(START);
  const logged: string[] = [];
  const logger = { warn: (m: string) => logged.push(`warn: ${m}`), error: (m: string) => logged.push(`error: ${m}`) };
  const twofold = createTwofold({
    store: createMemoryStore(),
    // A YubiKey kind too: the admin lists every registered kind it holds devices of, by the kind's own words.
    kinds: [totp(), hotp(), backupCodes(), yubikey(), ...extraKinds],
    clock: clock.now,
    secrets: [TEST_SECRET],
    issuer: 'Admin Tests',
    logger,
  });
  const codes = new Map<string, string[]>();
  for (const id of WITH_CODES) codes.set(id, [...(await issueBackupCodes(twofold, id, { count: 5 })).codes]);

  const login = sessionLoginCallbacks(ADMIN_TEST_USERS);
  const currentUser = login.getUser;
  const otp = createTwofoldExpress<AdminTestUser>({
    twofold,
    ...login,
    loginUrl: '/account/login',
    logger,
  });

  const app = express();
  app.use(session({ secret: 'admin-test-session-secret', resave: false, saveUninitialized: false }));
  app.use(otp.middleware);
  app.use('/account', otp.router);
  // The host's own password login, which does not involve twofold: the session is signed in but not verified.
  app.post('/host-login', express.urlencoded({ extended: false }), (req, res) => {
    const body = req.body as Record<string, string>;
    const user = ADMIN_TEST_USERS.find((u) => u.username === body.username && u.password === body.password);
    if (user === undefined) {
      res.status(401).send('no');
      return;
    }
    void login.logIn(req, user).then(() => res.send('signed in'));
  });
  app.use(
    '/admin',
    otpAdmin<AdminTestUser>({
      twofold,
      isStaff: (user) => user.isStaff,
      getUser: currentUser,
      findUser: (id) => Promise.resolve(ADMIN_TEST_USERS.find((u) => u.id === id) ?? null),
      loginUrl: '/account/login',
      logoutUrl: '/account/logout',
      logger,
      ...options,
    }),
  );
  const server = await listen(app);

  return {
    url: server.url,
    twofold,
    clock,
    logged,
    browser: () => browser(server.url),
    async signInVerified(username) {
      const user = account(username);
      const code = codes.get(user.id)?.shift();
      if (code === undefined) throw new Error(`${username} has no backup code left in the harness`);
      const client = browser(server.url);
      const form = await client.get('/account/login');
      const step = await client.post('/account/login', { _csrf: csrfOf(form), username: user.username, password: user.password });
      // Only backup codes: the wizard goes straight to the backup-code step.
      if (step.status !== 303 || step.location !== '/account/login/backup') throw new Error(`password step of ${username} failed (${step.status})`);
      const backup = await client.get('/account/login/backup');
      const done = await client.post('/account/login/backup', { _csrf: csrfOf(backup), token: code });
      // Accepted: 303 to the page that says how many backup codes are left (followed, as a browser does).
      if (done.via?.status !== 303) throw new Error(`sign-in of ${username} failed (${done.status}):\n${done.text}`);
      return client;
    },
    async signInUnverified(username) {
      const user = account(username);
      const client = browser(server.url);
      const done = await client.post('/host-login', { username: user.username, password: user.password });
      if (done.status !== 200) throw new Error(`host login of ${username} failed (${done.status})`);
      return client;
    },
    close: () => server.close(),
  };
}

/** The path of a device's admin page. */
export function devicePath(persistentId: string, action?: string): string {
  return `/admin/devices/${persistentId}${action === undefined ? '' : `/${action}`}`;
}

export { csrfOf };
