/**
 * A real Express app with express-session, twofold on the memory store and a
 * manual clock, served on 127.0.0.1 at a random port, and a tiny "browser"
 * (fetch with a cookie jar, no redirects followed) to drive it.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type RequestListener, type Server } from 'node:http';
import express from 'express';
import session from 'express-session';
import { createTwofold, manualClock, type ManualClock, type Twofold, type TwofoldLogger } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { hotp } from '../../src/devices/hotp/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { generateTOTP } from '../../src/oath/index.js';
import { sentKind } from '../core/fixtures.js';
import { createTwofoldExpress, type TwofoldExpress, type TwofoldExpressOptions } from '../../src/express/index.js';
import type { Device } from '../../src/core/types.js';

/** The secret every test instance uses (tests only). */
export const TEST_SECRET = 'web-tests-secret-0123456789abcdefghijklmnop';

/** The start of every test clock: a TOTP step boundary. */
export const START = Date.UTC(2026, 0, 1, 0, 0, 0);

/** A user of the test host. */
export interface TestUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

/** The test host's accounts. */
export const USERS: readonly TestUser[] = [
  { id: '1', username: 'alice', password: 'alice-correct-horse' },
  { id: '2', username: 'bob', password: 'bob-battery-staple' },
  { id: '3', username: 'carol', password: 'carol-no-devices' },
  { id: '4', username: '<dave & "co">', password: 'dave-password-xyz' },
  // Colons are legal in host user names and ids (github:12345); otpauth labels cannot carry them.
  { id: '5', username: 'carol:admin', password: 'carol-admin-password' },
];

/** Finds a test user by name. */
export function user(username: string): TestUser {
  const found = USERS.find((candidate) => candidate.username === username);
  if (found === undefined) throw new Error(`no test user ${username}`);
  return found;
}

/** A started server. */
export interface Started {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 at a random port. */
export async function listen(handler: RequestListener): Promise<Started> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/** What a browser request returned. */
export interface Page {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The Location header, or null. */
  readonly location: string | null;
  /** A form POST answered with a 303 back to its own page (Post/Redirect/Get), which the browser followed: that 303. */
  readonly via?: Page;
}

/** Form fields or headers; undefined values are left out. */
export type Fields = Readonly<Record<string, string | undefined>>;

function defined(fields: Fields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** A browser with a cookie jar that does not follow redirects, and posts forms and JSON. */
export interface Browser {
  get(path: string, headers?: Fields): Promise<Page>;
  /** Posts a URL-encoded form (fields and headers whose value is undefined are left out). */
  post(path: string, fields: Fields, headers?: Fields): Promise<Page>;
  /** Posts `body` as JSON. */
  json(path: string, body: unknown, headers?: Fields): Promise<Page>;
  /** POST with an arbitrary body and content type. */
  raw(path: string, body: string, contentType: string, headers?: Fields): Promise<Page>;
  /** The value of a cookie, or undefined. */
  cookie(name: string): string | undefined;
  /** Sets a cookie by hand (to replay an old one). */
  setCookie(name: string, value: string): void;
  deleteCookie(name: string): void;
  /** Every cookie, name to value. */
  cookies(): ReadonlyMap<string, string>;
}

/** twofold's pages whose POSTs answer with a redirect back to themselves, which the test browser follows. */
const PRG_PAGES = /\/(?:login|login\/backup|verify|verify\/backup|backup-codes|reauthenticate|step-up)$/;

/** Creates a browser for the server at `base`. Every request may carry `always` headers (e.g. `x-forwarded-proto`, `accept-language`). */
export function browser(base: string, always: Fields = {}): Browser {
  const jar = new Map<string, string>();
  async function request(path: string, init: RequestInit): Promise<Page> {
    const headers = new Headers({ ...defined(always), ...Object.fromEntries(new Headers(init.headers)) });
    if (jar.size > 0) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(new URL(path, base), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (/max-age=0(;|$)/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    const page: Page = { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get('location') };
    // Like a real browser, a POST of a sign-in step, the backup codes or "confirm it is you" redirected back to its own page
    // (Post/Redirect/Get) is followed, and the 303 kept in `via`; elsewhere tests look at the 303 themselves.
    if (init.method === 'POST' && page.status === 303 && page.location !== null && PRG_PAGES.test(new URL(path, base).pathname) && isSelfRedirect(path, page.location)) {
      return { ...(await request(page.location, { method: 'GET', headers: defined(always) })), via: page };
    }
    return page;
  }
  function isSelfRedirect(from: string, to: string): boolean {
    return new URL(from, base).pathname === new URL(to, base).pathname;
  }
  return {
    get: (path, headers = {}) => request(path, { method: 'GET', headers: defined(headers) }),
    post: (path, fields, headers = {}) =>
      request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...defined(headers) },
        body: new URLSearchParams(defined(fields)).toString(),
      }),
    json: (path, body, headers = {}) =>
      request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...defined(headers) }, body: JSON.stringify(body) }),
    raw: (path, body, contentType, headers = {}) => request(path, { method: 'POST', headers: { 'content-type': contentType, ...defined(headers) }, body }),
    cookie: (name) => jar.get(name),
    setCookie: (name, value) => jar.set(name, value),
    deleteCookie: (name) => {
      jar.delete(name);
    },
    cookies: () => new Map(jar),
  };
}

/** Decodes the few entities twofold's escaping produces. */
export function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&#96;', '`')
    .replaceAll('&amp;', '&');
}

/** The value of a hidden or text input by name, or undefined. */
export function inputValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  return match === null ? undefined : unescapeHtml(match[1]!);
}

/** The CSRF token of a page. */
export function csrfOf(page: Page): string {
  const token = inputValue(page.text, '_csrf');
  if (token === undefined) throw new Error(`no CSRF token in page (status ${page.status}):\n${page.text}`);
  return token;
}

/** The options of the device `<select>`: [value, label, selected]. */
export function deviceOptions(html: string): [string, string, boolean][] {
  const select = /<select[^>]*name="device"[^>]*>([\s\S]*?)<\/select>/.exec(html);
  if (select === null) return [];
  // Other attributes (the code field's words for the page script) may come between the value and `selected`.
  return [...select[1]!.matchAll(/<option value="([^"]*)"((?:\s+[a-z-]+(?:="[^"]*")?)*)>([^<]*)<\/option>/g)].map((m) => [
    unescapeHtml(m[1]!),
    unescapeHtml(m[3]!),
    /\sselected(\s|$)/.test(m[2]!),
  ]);
}

/** The texts of the error summary. */
export function errorsOf(html: string): string[] {
  const summary = /<div class="tf-alert tf-alert-error" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  if (summary === null) return [];
  return [...summary[1]!.matchAll(/<li>(?:<a [^>]*>)?([^<]*)(?:<\/a>)?<\/li>/g)].map((m) => unescapeHtml(m[1]!));
}

/** The texts of the notices. */
export function noticesOf(html: string): string[] {
  return [...html.matchAll(/<div class="tf-alert tf-alert-notice" role="status"><p>([^<]*)<\/p><\/div>/g)].map((m) => unescapeHtml(m[1]!));
}

// ---- pieces of the Express test hosts (this one, the flows' and the account code setups')

/** A logger that keeps twofold's lines, as `warn: ...` and `error: ...`, in `logged`. */
export function captureLogger(): { readonly logged: string[]; readonly logger: TwofoldLogger } {
  const logged: string[] = [];
  return { logged, logger: { warn: (m: string) => logged.push(`warn: ${m}`), error: (m: string) => logged.push(`error: ${m}`) } };
}

/** A user of a test host's own password login. */
export interface PasswordUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

const sessionUserId = (req: express.Request): string | undefined => (req.session as { userId?: string }).userId;

/**
 * The options of `createTwofoldExpress` for a host whose own login is
 * `req.session.userId`, with `users` as its accounts (looked up at each
 * request, so that a test may change a password).
 */
export function sessionLogin<U extends PasswordUser>(users: readonly U[]): Pick<TwofoldExpressOptions<U>, 'verifyPassword' | 'loadUser' | 'getUser' | 'logIn' | 'logOut'> {
  const find = (predicate: (user: U) => boolean): U | null => users.find(predicate) ?? null;
  return {
    verifyPassword: (username, password) => Promise.resolve(find((u) => u.username === username && u.password === password)),
    loadUser: (id) => Promise.resolve(find((u) => u.id === id)),
    getUser: (req) => find((u) => u.id === sessionUserId(req)),
    logIn: (req, account) => {
      (req.session as { userId?: string }).userId = account.id;
      return Promise.resolve();
    },
    logOut: (req) => {
      delete (req.session as { userId?: string }).userId;
      return Promise.resolve();
    },
  };
}

/** `POST /host-login`: the host's own password login, without twofold (a new session with `userId`, nothing verified). */
export function addHostLogin(app: express.Application, users: readonly PasswordUser[]): void {
  app.post('/host-login', express.urlencoded({ extended: false }), (req, res, next) => {
    const body = req.body as Record<string, string>;
    const account = users.find((u) => u.username === body.username && u.password === body.password);
    if (account === undefined) {
      res.status(401).send('no');
      return;
    }
    req.session.regenerate((error) => {
      if (error !== undefined && error !== null) {
        next(error);
        return;
      }
      (req.session as { userId?: string }).userId = account.id;
      res.send('signed in');
    });
  });
}

/** `GET /whoami`: what twofold says about the request (user, verified, device, factors). */
export function addWhoami(app: express.Application): void {
  app.get('/whoami', async (req, res) => {
    const device = await req.otp.device();
    res.json({
      user: (await req.otp.user())?.id ?? null,
      verified: await req.otp.isVerified(),
      device: device?.persistentId ?? null,
      factors: await req.otp.factors(),
    });
  });
}

/** `/` (open), `/secret` and `/api/data` (verified only), `/maybe` and `/api/maybe` (verified when the user has a device). */
export function addGuardedRoutes(app: express.Application, otp: TwofoldExpress): void {
  app.get('/', (_req, res) => {
    res.send('home');
  });
  app.get('/secret', otp.otpRequired(), (_req, res) => {
    res.send('secret page');
  });
  app.get('/maybe', otp.otpRequired({ ifConfigured: true }), (_req, res) => {
    res.send('maybe page');
  });
  app.get('/api/data', otp.otpRequiredApi(), (_req, res) => {
    res.json({ data: 42 });
  });
  app.get('/api/maybe', otp.otpRequiredApi({ ifConfigured: true }), (_req, res) => {
    res.json({ data: 'maybe' });
  });
}

/** Every session in `store`, as JSON text (to prove what is, and is not, kept in them). */
export function storedSessions(store: session.MemoryStore): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    store.all((error, all) => {
      if (error !== null && error !== undefined) reject(error instanceof Error ? error : new Error('store error'));
      else resolve(JSON.stringify(all));
    });
  });
}

/** A running test host. */
export interface Host {
  readonly url: string;
  readonly twofold: Twofold;
  readonly clock: ManualClock;
  readonly sessions: session.MemoryStore;
  readonly otp: TwofoldExpress;
  /** Codes delivered by the interactive `sent` kind, newest last. */
  readonly sent: string[];
  /** Lines logged by twofold. */
  readonly logged: string[];
  /** Makes the `sent` kind's next delivery throw. */
  failNextDelivery(): void;
  /** A new browser on this host. */
  browser(): Browser;
  /** Every stored session, as JSON text. */
  allSessions(): Promise<string>;
  close(): Promise<void>;
}

/** Options of {@link startHost}. */
export interface HostOptions {
  /** Extra options for createTwofoldExpress. */
  readonly twofold?: Partial<TwofoldExpressOptions<TestUser>>;
  /** Mount path of twofold's router (default `/account`). */
  readonly mount?: string;
  /** Parse form bodies globally with express.urlencoded (default false). */
  readonly bodyParser?: boolean;
}

/**
 * Starts the test host: a site whose own login state is `req.session.userId`,
 * with twofold's pages under `/account`, and guarded routes.
 */
export async function startHost(options: HostOptions = {}): Promise<Host> {
  const clock = manualClock(START);
  const { logged, logger } = captureLogger();
  const sent: string[] = [];
  let failDelivery = false;
  const twofold = createTwofold({
    store: createMemoryStore(),
    kinds: [
      totp(),
      hotp(),
      backupCodes(),
      sentKind((code) => {
        if (failDelivery) {
          failDelivery = false;
          throw new Error('gateway down');
        }
        sent.push(code);
      }),
    ],
    clock: clock.now,
    secrets: [TEST_SECRET],
    logger,
  });
  const sessions = new session.MemoryStore();
  const mount = options.mount ?? '/account';
  const otp = createTwofoldExpress<TestUser>({
    twofold,
    ...sessionLogin(USERS),
    loginUrl: `${mount}/login`,
    logger,
    ...options.twofold,
  });

  const app = express();
  app.use(session({ secret: 'test-session-secret', resave: false, saveUninitialized: false, store: sessions }));
  if (options.bodyParser === true) app.use(express.urlencoded({ extended: false }));
  app.use(otp.middleware);
  app.use(mount, otp.router);
  addGuardedRoutes(app, otp);
  const area = express.Router();
  area.use(otp.otpRequired());
  area.get('/inside', (_req, res) => {
    res.send('inside area');
  });
  app.use('/area', area);
  addHostLogin(app, USERS);
  // A careless host that switches users without a new session (to test twofold's user check).
  app.post('/host-switch', express.urlencoded({ extended: false }), (req, res) => {
    (req.session as { userId?: string }).userId = (req.body as Record<string, string>).id;
    res.send('switched');
  });
  addWhoami(app);
  app.post('/otp-logout', async (req, res) => {
    await req.otp.logout();
    res.send('forgotten');
  });
  app.get('/debug/session', (req, res) => {
    res.json(req.session);
  });

  const started = await listen(app);
  return {
    url: started.url,
    twofold,
    clock,
    sessions,
    otp,
    sent,
    logged,
    failNextDelivery: () => {
      failDelivery = true;
    },
    browser: () => browser(started.url),
    allSessions: () => storedSessions(sessions),
    close: () => started.close(),
  };
}

/** A fixed TOTP key per test user, so that tests can compute codes. */
export function totpKey(seed: number): Uint8Array {
  return new Uint8Array(Buffer.alloc(20, seed));
}

/** Creates a confirmed TOTP device with a known key. */
export async function addTotp(twofold: Twofold, userId: string, name: string, seed: number): Promise<Device> {
  return twofold.createDevice({ userId, kind: 'totp', name, options: { key: totpKey(seed) } });
}

/** The TOTP code of a device created with {@link addTotp} at the clock's time, `offsetSteps` steps later. */
export function totpCode(clock: ManualClock, seed: number, offsetSteps = 0): string {
  return generateTOTP(totpKey(seed), { time: clock.now() / 1000 + offsetSteps * 30 });
}

/** Signs in through twofold's one-page login (password step only). Returns the code-step page. */
export async function passwordStep(host: Host, b: Browser, account: TestUser, next?: string): Promise<Page> {
  const login = await b.get(`/account/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
  return b.post('/account/login', {
    _csrf: csrfOf(login),
    username: account.username,
    password: account.password,
    ...(next === undefined ? {} : { next }),
  });
}

/** Signs in fully with TOTP (password step, then the code). Returns the final response. */
export async function fullLogin(host: Host, b: Browser, account: TestUser, seed: number, next?: string): Promise<Page> {
  const step = await passwordStep(host, b, account, next);
  return b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, seed), ...(next === undefined ? {} : { next }) });
}

/** A user of a host with its own password list. */
export interface PasswordUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

/**
 * The host callbacks of `createTwofoldExpress` for a site whose own login
 * state is `req.session.userId`, over a fixed list of users: password check,
 * lookup, the current user, log in and out.
 */
export function sessionLoginCallbacks<User extends PasswordUser>(users: readonly User[]) {
  type SessionWithUser = { userId?: string };
  const currentUser = (req: express.Request): User | null => users.find((user) => user.id === (req.session as SessionWithUser).userId) ?? null;
  return {
    verifyPassword: (username: string, password: string) => Promise.resolve(users.find((user) => user.username === username && user.password === password) ?? null),
    loadUser: (id: string) => Promise.resolve(users.find((user) => user.id === id) ?? null),
    getUser: currentUser,
    logIn: (req: express.Request, user: User) => {
      (req.session as SessionWithUser).userId = user.id;
      return Promise.resolve();
    },
    logOut: (req: express.Request) => {
      delete (req.session as SessionWithUser).userId;
      return Promise.resolve();
    },
  };
}
