/**
 * A test host for the sign-in flows: a real Express app with express-session
 * and twofold on the memory store and a manual clock, like
 * `test/express/support.ts`, plus what these flows need: users whose
 * password can change (for the remember cookie's fingerprint), options for
 * remembering browsers and the enforcement policy, `trust proxy` (to test
 * cookies behind HTTPS), the phone and e-mail kinds on the development
 * gateway, and captured web events. The host's pieces (its own login,
 * guarded routes, `/whoami`, the browser) are those of the Express host.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import express from 'express';
import session from 'express-session';
import { createTwofold, manualClock, type AnyDeviceKind, type ManualClock, type Twofold } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { hotp } from '../../../src/devices/hotp/index.js';
import { backupCodes } from '../../../src/devices/backup-codes/index.js';
import { email, type EmailConfig } from '../../../src/devices/email/index.js';
import { phone, type PhoneConfig } from '../../../src/devices/phone/index.js';
import { createDevelopmentGateway, type DevelopmentGateway, type DevelopmentMessage } from '../../../src/gateways/development/index.js';
import type { PhoneGateway } from '../../../src/gateways/types.js';
import { createTwofoldExpress, type TwofoldExpress, type TwofoldExpressOptions } from '../../../src/express/index.js';
import type { WebEventName, WebEvents } from '../../../src/flows/shared/events.js';
import type { Store } from '../../../src/core/types.js';
import { sentKind } from '../../core/fixtures.js';
import {
  addGuardedRoutes,
  addHostLogin,
  addWhoami,
  browser,
  captureLogger,
  csrfOf,
  listen,
  sessionLogin,
  START,
  storedSessions,
  TEST_SECRET,
  type Browser,
  type Fields,
  type Page,
} from '../../express/support.js';

export { addTotp, csrfOf, errorsOf, inputValue, noticesOf, START, totpCode, totpKey, unescapeHtml } from '../../express/support.js';
export type { Page } from '../../express/support.js';
/** The test browser (forms, JSON, a cookie jar) under the name these tests know it by. */
export { browser as flowBrowser, type Browser as FlowBrowser } from '../../express/support.js';

/** A user of the test host; the password can change. */
export interface FlowUser {
  readonly id: string;
  readonly username: string;
  password: string;
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
  browser(always?: Fields): Browser;
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
  /** More kinds, registered after the others (a `webauthn` kind). */
  readonly extraKinds?: readonly AnyDeviceKind[];
}

/** The password fingerprint the host gives twofold: a hash of the (test) password. */
export function fingerprintOf(user: FlowUser): string {
  return createHash('sha256').update(`pw:${user.password}`).digest('hex');
}

/** Starts a host with twofold's pages under `/account`, guarded routes and a host login of its own. */
export async function startFlowHost(options: FlowHostOptions = {}): Promise<FlowHost> {
  const clock = manualClock(START);
  const { logged, logger } = captureLogger();
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
      ...(options.extraKinds ?? []),
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
  const otp = createTwofoldExpress<FlowUser>({
    twofold,
    ...sessionLogin(users),
    loginUrl: '/account/login',
    secrets: [TEST_SECRET],
    logger,
    ...(options.rememberDays === undefined
      ? {}
      : {
          rememberCookieAge: options.rememberDays * 86_400,
          passwordFingerprint: (user) => {
            const found = users.find((candidate) => candidate.id === user.id);
            if (found === undefined) throw new Error(`no user ${user.id}`);
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
  addGuardedRoutes(app, otp);
  addHostLogin(app, users);
  addWhoami(app);
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
    browser: (always = {}) => browser(started.url, always),
    allSessions: () => storedSessions(sessions),
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
export async function whoami(b: Browser): Promise<Me> {
  return JSON.parse((await b.get('/whoami')).text) as Me;
}

/** The host's own password login (`POST /host-login`): signed in, nothing verified. */
export async function hostLogin(b: Browser, user: FlowUser): Promise<void> {
  assert.equal((await b.post('/host-login', { username: user.username, password: user.password })).status, 200);
}

/** Signs in with username and password (the wizard's first step); returns the answer (the token step, or a redirect). */
export async function passwordStep(b: Browser, user: FlowUser, next?: string): Promise<Page> {
  const login = await b.get(`/account/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
  return b.post('/account/login', { _csrf: csrfOf(login), username: user.username, password: user.password, next });
}

/** The remember cookies in a browser's jar: name to value. */
export function rememberCookies(b: Browser): [string, string][] {
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

/** The newest message the development gateway "sent" to `to`, which must exist. */
export function sentTo(host: Pick<FlowHost, 'gateway'>, to: string): DevelopmentMessage {
  const message = host.gateway.latest(to);
  assert.ok(message !== undefined, `nothing was sent to ${to}`);
  return message;
}

/** The code in a message as a person gets it: read aloud in a call, else the six digits of the text message or e-mail. */
export function codeIn(message: DevelopmentMessage): string {
  if (message.code !== undefined) return message.code;
  const match = /\b(\d{6})\b/.exec(message.text);
  assert.ok(match !== null, `no code in ${message.text}`);
  return match[1]!;
}
