/**
 * A test host for the sign-in flows: a real Express app with express-session
 * and twofold on the memory store and a manual clock, like
 * `test/express/support.ts`, plus what these flows need: users whose
 * password can change (for the remember cookie's fingerprint), options for
 * remembering browsers and the enforcement policy, `trust proxy` (to test
 * cookies behind HTTPS), captured web events, and a browser that also
 * speaks JSON.
 */
import { createHash } from 'node:crypto';
import express from 'express';
import session from 'express-session';
import { createTwofold, manualClock, type ManualClock, type Twofold } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { hotp } from '../../../src/devices/hotp/index.js';
import { backupCodes } from '../../../src/devices/backup-codes/index.js';
import { email, type EmailConfig } from '../../../src/devices/email/index.js';
import { phone, type PhoneConfig } from '../../../src/devices/phone/index.js';
import { createDevelopmentGateway, type DevelopmentGateway } from '../../../src/gateways/development/index.js';
import type { PhoneGateway } from '../../../src/gateways/types.js';
import { createTwofoldExpress, type TwofoldExpress, type TwofoldExpressOptions } from '../../../src/express/index.js';
import type { WebEventName, WebEvents } from '../../../src/flows/login/events.js';
import type { Store } from '../../../src/core/types.js';
import { sentKind } from '../../core/fixtures.js';
import { csrfOf, listen, START, TEST_SECRET, type Fields, type Page } from '../../express/support.js';

export { addTotp, csrfOf, errorsOf, inputValue, noticesOf, START, totpCode, totpKey, unescapeHtml } from '../../express/support.js';
export type { Page } from '../../express/support.js';

/** A user of the test host; the password can change. */
export interface FlowUser {
  readonly id: string;
  readonly username: string;
  password: string;
}

/** A browser with a cookie jar (no redirects followed) that posts forms and JSON. */
export interface FlowBrowser {
  get(path: string, headers?: Fields): Promise<Page>;
  post(path: string, fields: Fields, headers?: Fields): Promise<Page>;
  /** Posts `body` as JSON (or sends `raw` text as is with the given content type). */
  json(path: string, body: unknown, headers?: Fields): Promise<Page>;
  /** POST with an arbitrary body and content type. */
  raw(path: string, body: string, contentType: string, headers?: Fields): Promise<Page>;
  cookie(name: string): string | undefined;
  setCookie(name: string, value: string): void;
  deleteCookie(name: string): void;
  /** Every cookie, name to value. */
  cookies(): ReadonlyMap<string, string>;
}

function defined(fields: Fields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Creates a {@link FlowBrowser} for the server at `base`. Every request may add headers (e.g. `x-forwarded-proto`). */
export function flowBrowser(base: string, always: Fields = {}): FlowBrowser {
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
    return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get('location') };
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

/** A captured web event. */
export type CapturedEvent = { [E in WebEventName]: { readonly name: E; readonly payload: WebEvents[E] } }[WebEventName];

/** A running host. */
export interface FlowHost {
  readonly url: string;
  readonly twofold: Twofold;
  readonly store: Store;
  readonly clock: ManualClock;
  readonly otp: TwofoldExpress;
  readonly users: readonly FlowUser[];
  /** Codes delivered by the interactive `sent` kind, newest last. */
  readonly sent: string[];
  /** The development gateway behind the `phone` and `email` kinds (unless `phoneGateway` replaced it for phones): its outbox holds every text, call and e-mail. */
  readonly gateway: DevelopmentGateway;
  readonly logged: string[];
  /** The web events emitted so far, oldest first. */
  readonly events: CapturedEvent[];
  user(username: string): FlowUser;
  browser(always?: Fields): FlowBrowser;
  allSessions(): Promise<string>;
  close(): Promise<void>;
}

/** Options of {@link startFlowHost}. */
export interface FlowHostOptions {
  readonly twofold?: Partial<TwofoldExpressOptions<FlowUser>>;
  /** `app.set('trust proxy', true)`, so that `X-Forwarded-Proto: https` makes a request secure. */
  readonly trustProxy?: boolean;
  /** `express.json()` before twofold (the JSON API must still read its bodies). */
  readonly jsonParser?: boolean;
  /** Turns "remember this browser" on for this many days, with {@link fingerprintOf} as the password fingerprint. */
  readonly rememberDays?: number;
  /** `express.urlencoded()`, `express.raw()` or `express.text()` for every request before twofold (its forms and the Twilio webhook must still work). */
  readonly bodyParser?: 'urlencoded' | 'raw' | 'text';
  /** The phone kind's gateway instead of the development one (e.g. a Twilio gateway against the local stand-in). */
  readonly phoneGateway?: PhoneGateway;
  /** Settings of the `phone` kind (default region NL, default code rules and budgets). */
  readonly phone?: Partial<PhoneConfig>;
  /** Settings of the `email` kind. */
  readonly email?: Partial<EmailConfig>;
}

/** The password fingerprint the host gives twofold: a hash of the (test) password. */
export function fingerprintOf(user: FlowUser): string {
  return createHash('sha256').update(`pw:${user.password}`).digest('hex');
}


/** Starts a host with twofold's pages under `/account`, guarded routes and a host login of its own. */
export async function startFlowHost(options: FlowHostOptions = {}): Promise<FlowHost> {
  const clock = manualClock(START);
  const logged: string[] = [];
  const logger = { warn: (m: string) => logged.push(`warn: ${m}`), error: (m: string) => logged.push(`error: ${m}`) };
  const sent: string[] = [];
  const store = createMemoryStore();
  // Its log lines hold codes: they stay in this array.
  const gateway = createDevelopmentGateway({ log: () => undefined, clock: clock.now, environment: 'test' });
  const twofold = createTwofold({
    store,
    kinds: [
      totp(),
      hotp(),
      backupCodes(),
      sentKind((code) => void sent.push(code)),
      phone({ gateway: options.phoneGateway ?? gateway, defaultRegion: 'NL', ...options.phone }),
      email({ sender: gateway, ...options.email }),
    ],
    clock: clock.now,
    secrets: [TEST_SECRET],
    logger,
  });
  const users: FlowUser[] = [
    { id: '1', username: 'alice', password: 'alice-correct-horse' },
    { id: '2', username: 'bob', password: 'bob-battery-staple' },
    { id: '3', username: 'carol', password: 'carol-no-devices' },
    { id: '4', username: 'dora', password: 'dora-must-use-2fa' },
  ];
  const find = (predicate: (user: FlowUser) => boolean) => users.find(predicate) ?? null;
  const otp = createTwofoldExpress<FlowUser>({
    twofold,
    verifyPassword: (username, password) => Promise.resolve(find((u) => u.username === username && u.password === password)),
    loadUser: (id) => Promise.resolve(find((u) => u.id === id)),
    getUser: (req) => find((u) => u.id === (req.session as { userId?: string }).userId),
    logIn: (req, account) => {
      (req.session as { userId?: string }).userId = account.id;
      return Promise.resolve();
    },
    logOut: (req) => {
      delete (req.session as { userId?: string }).userId;
      return Promise.resolve();
    },
    loginUrl: '/account/login',
    secrets: [TEST_SECRET],
    logger,
    ...(options.rememberDays === undefined
      ? {}
      : {
          rememberCookieAge: options.rememberDays * 86_400,
          passwordFingerprint: (user) => {
            const found = find((candidate) => candidate.id === user.id);
            if (found === null) throw new Error(`no user ${user.id}`);
            return fingerprintOf(found);
          },
        }),
    ...options.twofold,
  });
  const events: CapturedEvent[] = [];
  for (const name of ['userVerified', 'browserRemembered', 'rememberedBrowserUsed', 'rememberedBrowserRejected'] as const) {
    otp.on(name, (payload) => void events.push({ name, payload } as CapturedEvent));
  }

  const sessions = new session.MemoryStore();
  const app = express();
  if (options.trustProxy === true) app.set('trust proxy', true);
  app.use(session({ secret: 'flow-test-session-secret', resave: false, saveUninitialized: false, store: sessions }));
  if (options.jsonParser === true) app.use(express.json());
  if (options.bodyParser === 'urlencoded') app.use(express.urlencoded({ extended: false }));
  if (options.bodyParser === 'raw') app.use(express.raw({ type: '*/*' }));
  if (options.bodyParser === 'text') app.use(express.text({ type: '*/*' }));
  app.use(otp.middleware);
  app.use('/account', otp.router);
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
  app.post('/host-login', express.urlencoded({ extended: false }), (req, res, next) => {
    const body = req.body as Record<string, string>;
    const account = find((u) => u.username === body.username && u.password === body.password);
    if (account === null) {
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
  app.get('/whoami', async (req, res) => {
    const device = await req.otp.device();
    res.json({
      user: (await req.otp.user())?.id ?? null,
      verified: await req.otp.isVerified(),
      device: device?.persistentId ?? null,
      factors: await req.otp.factors(),
    });
  });
  const started = await listen(app);
  return {
    url: started.url,
    twofold,
    store,
    clock,
    otp,
    users,
    sent,
    gateway,
    logged,
    events,
    user(username) {
      const found = users.find((candidate) => candidate.username === username);
      if (found === undefined) throw new Error(`no test user ${username}`);
      return found;
    },
    browser: (always = {}) => flowBrowser(started.url, always),
    allSessions: () =>
      new Promise<string>((resolve, reject) => {
        sessions.all((error, all) => {
          if (error !== null && error !== undefined) reject(error instanceof Error ? error : new Error('store error'));
          else resolve(JSON.stringify(all));
        });
      }),
    close: () => started.close(),
  };
}

/** Runs `test` against a fresh host and closes it. */
export async function withFlowHost(options: FlowHostOptions, test: (host: FlowHost) => Promise<void>): Promise<void> {
  const host = await startFlowHost(options);
  try {
    await test(host);
  } finally {
    await host.close();
  }
}

/** What `/whoami` says. */
export interface Me {
  readonly user: string | null;
  readonly verified: boolean;
  readonly device: string | null;
  readonly factors: readonly { readonly type: string; readonly kind?: string; readonly persistentId?: string; readonly method?: string; readonly at: number }[];
}

/** Asks the host who is signed in. */
export async function whoami(b: FlowBrowser): Promise<Me> {
  return JSON.parse((await b.get('/whoami')).text) as Me;
}

/** Signs in with username and password (the wizard's first step); returns the answer (the token step, or a redirect). */
export async function passwordStep(b: FlowBrowser, user: FlowUser, next?: string): Promise<Page> {
  const login = await b.get(`/account/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
  return b.post('/account/login', { _csrf: csrfOf(login), username: user.username, password: user.password, next });
}

/** The remember cookies in a browser's jar: name to value. */
export function rememberCookies(b: FlowBrowser): [string, string][] {
  return [...b.cookies()].filter(([name]) => name.includes('twofold_remember_'));
}

/** The `Set-Cookie` lines of a response that concern remember cookies. */
export function rememberSetCookies(page: Page): string[] {
  return page.headers.getSetCookie().filter((line) => line.includes('twofold_remember_'));
}

/** A 6-digit code that none of the TOTP device `seed`'s codes around now equals. */
export function wrongTotp(clock: ManualClock, seed: number, totpCodeOf: (clock: ManualClock, seed: number, offset?: number) => string): string {
  const near = new Set([-1, 0, 1].map((offset) => totpCodeOf(clock, seed, offset)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}
