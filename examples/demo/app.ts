/**
 * The demo site as a factory, so that `npm start` and the browser tests run
 * the very same app (the tests on a temporary directory, a random port and a
 * manual clock).
 *
 * What it wires together, as a real host application would:
 * - its own users (SQLite table, scrypt passwords) and its own login state
 *   (`req.session.demoUserId`), handed to twofold through `verifyPassword`,
 *   `loadUser`, `getUser`, `logIn` and `logOut`;
 * - express-session with a persistent store on the same SQLite file;
 * - twofold in one call (`twofoldExpress`): sign-in pages (`/login`,
 *   `/logout`), account pages (`/setup`, `/profile`, ...), the staff admin
 *   (`/admin`), and the `otpRequired` guard;
 * - its own "Change password" page (`/password`, see `password.ts`);
 * - three pages guarded by step-up requirements (`/dashboard`, `/payments`,
 *   `/email`, see `step-up.ts`);
 * - codes by text message, voice call and e-mail through twofold's
 *   development gateway, which delivers nothing and keeps every message for
 *   the outbox page (`/outbox`, see `outbox.ts`); none of it in production
 *   mode, where that gateway refuses to start.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import session from 'express-session';
import { createTwofold, type Clock, type Twofold } from '../../src/index.js';
import { html, type OtpFactor, type TwofoldViews } from '../../src/assembly/index.js';
import { backupCodes, issueBackupCodes } from '../../src/devices/backup-codes/index.js';
import { email } from '../../src/devices/email/index.js';
import { hotp } from '../../src/devices/hotp/index.js';
import { phone } from '../../src/devices/phone/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { webauthn } from '../../src/devices/webauthn/index.js';
import { sendWebResponse, twofoldExpress } from '../../src/express/index.js';
import { createDevelopmentGateway, type DevelopmentGateway } from '../../src/gateways/development/index.js';
import { createOwnerOnlyFile, openSqliteStore } from '../../src/store/kysely/index.js';
import { OUTBOX_CSS, outboxNote, outboxPage } from './outbox.js';
import { DEMO_CSS, DEMO_URLS, errorPage, homePage, profileNavigation, protectedPage, type DemoNotice } from './pages.js';
import { passwordPageHandlers } from './password.js';
import { DEMO_REQUIREMENTS, mountStepUpPages } from './step-up.js';
import { encryptionSecrets, fileSecret, type SecretSource } from './secrets.js';
import { SqliteSessionStore } from './session-store.js';
import { SEED_USERS, openUserDirectory, type DemoUser, type SeedUser, type UserDirectory } from './users.js';

/** Options of {@link createDemoApp}. */
export interface DemoOptions {
  /** Where the database and secrets live (created if missing), e.g. `.twofold`. */
  readonly dataDir: string;
  /** twofold's clock (default: the real one). Tests pass a manual clock to step TOTP time. */
  readonly clock?: Clock;
  /** Default port of {@link DemoApp.listen} (default 3000; 0 picks a free one, and then security keys are off: see `server`). */
  readonly port?: number;
  /**
   * A server already listening on 127.0.0.1 (a test opens one on port 0), in
   * place of `port`: the demo answers on it, `listen()` only reports its URL,
   * and `close()` stops it. Its port is known before twofold starts, so
   * security keys work at `http://localhost:<its port>`, exactly that origin.
   */
  readonly server?: Server;
  /**
   * Environment to read `TWOFOLD_SECRETS` and `NODE_ENV` from (default
   * `process.env`). With `NODE_ENV=production` the demo has no development
   * gateway: no codes by text message or e-mail, no outbox.
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Where twofold and the demo report problems (default `console`), and where
   * the development gateway writes each message it keeps (`info`; a logger
   * without `info` keeps the messages off the log, on the outbox page only).
   */
  readonly logger?: { info?(message: string): void; warn(message: string): void; error(message: string): void };
}

/** The running demo. */
export interface DemoApp {
  readonly app: Express;
  readonly twofold: Twofold;
  readonly users: UserDirectory;
  /** The seeded users with their (public, demo-only) passwords. */
  readonly seedUsers: readonly SeedUser[];
  /** The database file. */
  readonly databaseFile: string;
  /** Where the encryption secrets came from. */
  readonly secretSource: SecretSource;
  /** Backup codes issued to the staff user at this start (only when they had no device), else empty. */
  readonly adminBackupCodes: readonly string[];
  /** The gateway behind codes by text message, voice call and e-mail; null in production mode. */
  readonly developmentGateway: DevelopmentGateway | null;
  /** Starts listening on 127.0.0.1; resolves with the base URL. */
  listen(port?: number): Promise<string>;
  /** Stops the server (if listening) and closes the databases. */
  close(): Promise<void>;
}

/** The staff user of the demo. */
export const ADMIN_USERNAME = 'admin';
/** How many backup codes the staff user gets when they have no device at start. */
const BOOTSTRAP_CODE_COUNT = 5;
const SESSION_USER_KEY = 'demoUserId';
/** The home page's one-time notice (after a password change). */
const SESSION_NOTICE_KEY = 'demoNotice';
/**
 * Phone numbers typed without + and a country code are read as US numbers:
 * the US reserves 555-0100 to 555-0199 for fiction, so "201-555-0123" is a
 * number anyone can try without giving away their own.
 */
const DEMO_PHONE_REGION = 'US';
/** The From address of the demo's e-mails (example.com: reserved for examples). */
const DEMO_MAIL_FROM = 'twofold demo <no-reply@example.com>';

/** How many messages the development gateway keeps (its default). */
const OUTBOX_CAPACITY = 50;

/**
 * The demo's changes to twofold's views, wrapping the defaults. The profile
 * gets the demo's own links (like any host, the demo adds its way out of
 * twofold's page); with the development gateway, every page that waits for a
 * sent code points to the outbox.
 */
function demoViews(outbox: boolean): (defaults: TwofoldViews) => Partial<TwofoldViews> {
  return (defaults) => {
    const accountProfile: TwofoldViews['accountProfile'] = (model) => html`${defaults.accountProfile(model)}${profileNavigation(outbox)}`;
    if (!outbox) return { accountProfile };
    return {
      accountProfile,
      loginToken: (model) =>
        html`${defaults.loginToken(model)}${model.device.interactive || model.otherMethods.some((method) => method.interactive) ? outboxNote() : null}`,
      token: (model) => {
        const step = model.step;
        const sends = step !== null && (step.device.interactive || step.otherMethods.some((method) => method.interactive));
        return html`${defaults.token(model)}${sends ? outboxNote() : null}`;
      },
      accountSetupCode: (model) => html`${defaults.accountSetupCode(model)}${outboxNote()}`,
      accountReauthenticate: (model) => html`${defaults.accountReauthenticate(model)}${model.canSendCode ? outboxNote() : null}`,
    };
  };
}

/** The port `server` listens on; a server that does not listen yet is a mistake of the caller. */
function listeningPort(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('createDemoApp: the server option must already listen on a TCP port');
  return address.port;
}

function sessionRecord(req: Request): Record<string, unknown> {
  return req.session as unknown as Record<string, unknown>;
}

/** Creates the demo app on `dataDir`, seeding its users on first start. */
export async function createDemoApp(options: DemoOptions): Promise<DemoApp> {
  const { dataDir } = options;
  const logger = options.logger ?? console;
  const env = options.env ?? process.env;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const databaseFile = join(dataDir, 'demo.sqlite');
  const { secrets, source } = encryptionSecrets(dataDir, env);
  const sessionSecret = fileSecret(dataDir, 'session-secret').value;

  // One development gateway for text messages, calls and e-mail, so that one
  // outbox shows them all. It refuses production, so the demo does not ask it there.
  const developmentGateway =
    env.NODE_ENV === 'production'
      ? null
      : createDevelopmentGateway({
          environment: env.NODE_ENV ?? 'development',
          outboxSize: OUTBOX_CAPACITY,
          log: (line) => logger.info?.(line),
          ...(options.clock === undefined ? {} : { clock: options.clock }),
        });
  // Users, sessions and twofold's devices share this file: owner-only, as the README promises.
  createOwnerOnlyFile(databaseFile);
  const db = new BetterSqlite3(databaseFile, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  const users = openUserDirectory(db);
  const sessions = new SqliteSessionStore(db);

  const sideChannelKinds =
    developmentGateway === null
      ? []
      : [
          // Text message and voice call: the development gateway can "call" (the outbox shows what the voice would read).
          phone({ gateway: developmentGateway, defaultRegion: DEMO_PHONE_REGION }),
          email({ sender: developmentGateway, from: DEMO_MAIL_FROM, resolveAddress: ({ userId }) => users.findById(userId)?.email ?? null }),
        ];
  // Security keys and passkeys: browsers allow WebAuthn on http only for localhost, and the relying party is a
  // name, not an address, so they work when the demo is opened as http://localhost:<port> (not 127.0.0.1).
  const port = options.server === undefined ? (options.port ?? 3000) : listeningPort(options.server);
  const keyKinds = port === 0 ? [] : [webauthn({ rpId: 'localhost', rpName: 'twofold demo', origins: [`http://localhost:${port}`] })];
  const { store } = await openSqliteStore({ filename: databaseFile });
  // Secrets, issuer, logger and clock are given once, here: twofold's pages take them from the instance.
  const twofold = createTwofold({
    store,
    kinds: [totp(), hotp(), ...keyKinds, backupCodes(), ...sideChannelKinds],
    secrets,
    issuer: 'twofold demo',
    logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  await users.seed(SEED_USERS);
  // The admin area needs a verified session, and a fresh staff user has no
  // device yet: give them one-time backup codes to get in the first time.
  let adminBackupCodes: readonly string[] = [];
  if (!(await twofold.userHasDevice(ADMIN_USERNAME))) {
    adminBackupCodes = (await issueBackupCodes(twofold, ADMIN_USERNAME, { count: BOOTSTRAP_CODE_COUNT })).codes;
  }

  function currentUser(req: Request): DemoUser | null {
    const id = sessionRecord(req)[SESSION_USER_KEY];
    return typeof id === 'string' ? users.findById(id) : null;
  }

  // Everything of twofold's web side in one call: the sign-in, account and admin pages, the JSON API,
  // "remember this browser". The callbacks tell it how the demo's own login works.
  const web = twofoldExpress<DemoUser>(twofold, {
    path: '/',
    verifyPassword: (username, password) => users.verifyPassword(username, password),
    loadUser: (id) => Promise.resolve(users.findById(id)),
    getUser: currentUser,
    logIn: (req, user) => {
      sessionRecord(req)[SESSION_USER_KEY] = user.id;
      return Promise.resolve();
    },
    logOut: (req) => {
      Reflect.deleteProperty(sessionRecord(req), SESSION_USER_KEY);
      return Promise.resolve();
    },
    userEmail: (user) => users.findById(user.id)?.email ?? null,
    // "Remember this browser" (30 days); dies when the password changes.
    passwordFingerprint: (user) => users.passwordFingerprint(user.id) ?? '',
    isStaff: (user) => user.isStaff,
    admin: { searchUsers: (query, limit) => Promise.resolve(users.search(query, limit)) },
    requirements: DEMO_REQUIREMENTS,
    views: demoViews(developmentGateway !== null),
    stylesheets: [DEMO_URLS.demoStylesheet],
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(
    session({
      name: 'twofold_demo_sid',
      secret: sessionSecret,
      store: sessions,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 8 * 60 * 60 * 1000 },
    }),
  );
  app.use(web.router);
  app.get(DEMO_URLS.demoStylesheet, (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(DEMO_CSS + OUTBOX_CSS);
  });

  app.get(DEMO_URLS.home, async (req, res) => {
    const user = currentUser(req);
    const device = user === null ? null : await req.otp.device();
    const factors = user === null ? [] : await req.otp.factors();
    const factor = factors.filter((f): f is OtpFactor => f.type === 'otp').at(-1) ?? null;
    const hasDevice = user === null ? false : await req.otp.hasDevice();
    const session = sessionRecord(req);
    // Shown once: read and forgotten in the same request.
    const notice: DemoNotice | null = session[SESSION_NOTICE_KEY] === 'password-changed' ? 'password-changed' : null;
    if (SESSION_NOTICE_KEY in session) Reflect.deleteProperty(session, SESSION_NOTICE_KEY);
    await sendWebResponse(res, homePage({ user, device, factor, hasDevice, notice, outbox: developmentGateway !== null }));
  });

  if (developmentGateway !== null) {
    const gateway = developmentGateway;
    // No sign-in: whoever is signing in must read their code before they are signed in (see outbox.ts).
    app.get(DEMO_URLS.outbox, async (_req, res) => {
      await sendWebResponse(res, outboxPage({ messages: gateway.outbox(), capacity: OUTBOX_CAPACITY, now: twofold.clock() }));
    });
  }

  const password = passwordPageHandlers({
    twofold,
    users,
    sessions,
    keys: web.config.keys,
    userKey: SESSION_USER_KEY,
    noticeKey: SESSION_NOTICE_KEY,
    currentUser,
  });
  // Signed in, and verified when the account has two-factor authentication: the current password alone is not enough.
  app.get(DEMO_URLS.password, web.otpRequired({ ifConfigured: true }), password.show);
  app.post(DEMO_URLS.password, web.otpRequired({ ifConfigured: true }), password.submit);

  mountStepUpPages(app, { web, currentUser, now: twofold.clock });

  app.get(DEMO_URLS.protected, web.otpRequired(), async (req, res) => {
    const user = currentUser(req);
    if (user === null) {
      res.redirect(303, DEMO_URLS.login);
      return;
    }
    await sendWebResponse(res, protectedPage(user, await req.otp.device()));
  });

  app.use(async (_req: Request, res: Response) => {
    await sendWebResponse(res, errorPage(404, 'Not found', 'There is no page at this address.'));
  });
  // Express 5 passes errors of async handlers here; the details go to the log, never to the page.
  app.use(async (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    logger.error(`demo: ${req.method} ${req.path} failed: ${error instanceof Error ? error.message : String(error)}`);
    if (res.headersSent) return;
    await sendWebResponse(res, errorPage(500, 'Something went wrong', 'The request failed. The details are in the server log.'));
  });

  let server: Server | null = null;
  if (options.server !== undefined) {
    server = options.server;
    server.on('request', app);
  }
  return {
    app,
    twofold,
    users,
    seedUsers: SEED_USERS,
    databaseFile,
    secretSource: source,
    adminBackupCodes,
    developmentGateway,
    listen(port = options.port ?? 3000) {
      if (options.server !== undefined) return Promise.resolve(`http://127.0.0.1:${listeningPort(options.server)}`);
      return new Promise<string>((resolve, reject) => {
        const listening = app.listen(port, '127.0.0.1', (error?: Error) => {
          if (error !== undefined) {
            reject(error);
            return;
          }
          const address = listening.address() as AddressInfo;
          resolve(`http://127.0.0.1:${address.port}`);
        });
        server = listening;
      });
    },
    async close() {
      const running = server;
      server = null;
      if (running !== null) {
        running.closeAllConnections();
        await new Promise<void>((resolve) => running.close(() => resolve()));
      }
      sessions.close();
      db.close();
      await twofold.close();
    },
  };
}
