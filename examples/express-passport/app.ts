/**
 * An existing Express app with Passport (passport-local) and express-session,
 * after following docs/guide-express-passport.md: the lines between the
 * "twofold" markers are all the guide adds. test/examples/express-passport
 * runs this file and checks that the guide shows exactly this code.
 */
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { createUserDirectory, type User, type UserDirectory } from './users.js';
// --- twofold: imports ---
import { createTwofold } from '../../src/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { openSqliteStore } from '../../src/store/kysely/index.js';
import { twofoldExpress } from '../../src/express/index.js';
// --- twofold: end ---
import type { Clock } from '../../src/index.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** twofold's SQLite file. */
  readonly databaseFile: string;
  /** Encryption keys, newest first (`TWOFOLD_SECRETS`, from `npx twofold genkey`). */
  readonly secrets: readonly string[];
  readonly sessionSecret: string;
  /** For tests: twofold's clock. */
  readonly clock?: Clock;
}

/** The app and what a test needs to reach inside it. */
export interface ExampleApp {
  readonly app: express.Express;
  readonly users: UserDirectory;
  close(): Promise<void>;
}

/** Builds the app. */
export async function createApp(options: AppOptions): Promise<ExampleApp> {
  const { databaseFile, secrets } = options;
  const users = createUserDirectory();
  await users.add('alice', 'correct horse battery staple');

  passport.use(
    new LocalStrategy((username, password, done) => {
      users.checkPassword(username, password).then((user) => {
        done(null, user ?? false);
      }, done);
    }),
  );
  passport.serializeUser((user, done) => {
    done(null, (user as User).id);
  });
  passport.deserializeUser((id: string, done) => {
    done(null, users.findById(id) ?? false);
  });

  // --- twofold: setup ---
  const { store } = await openSqliteStore({ filename: databaseFile });
  const twofold = createTwofold({
    store,
    kinds: [totp(), backupCodes()],
    secrets,
    issuer: 'Example App',
    ...(options.clock === undefined ? {} : { clock: options.clock }), // tests only
  });
  const otp = twofoldExpress<User>(twofold, {
    // twofold's sign-in page asks for the password itself, then for the code.
    verifyPassword: (username, password) => users.checkPassword(username, password),
    loadUser: (id) => Promise.resolve(users.findById(id)),
  });
  // --- twofold: end ---

  const app = express();
  app.use(
    session({
      secret: options.sessionSecret,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto' },
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  // --- twofold: mount ---
  app.use(otp.router);
  // --- twofold: end ---

  // The app's old sign-in page now leads to twofold's, which asks for the password and then the code.
  app.get('/login', (_req, res) => {
    res.redirect('/account/login');
  });
  app.get('/', (req, res) => {
    const user = req.user as User | undefined;
    res.type('html').send(
      user === undefined
        ? '<p><a href="/account/login">Sign in</a></p>'
        : `<p>Hello ${user.username}. <a href="/dashboard">Dashboard</a> · <a href="/account/profile">Two-factor authentication</a> · <a href="/account/logout">Sign out</a></p>`,
    );
  });
  // --- twofold: guard ---
  app.get('/dashboard', otp.otpRequired({ ifConfigured: true }), (req, res) => {
    res.type('text').send(`Dashboard of ${(req.user as User).username}`);
  });
  // --- twofold: end ---

  return { app, users, close: () => store.close() };
}
