/**
 * A test host for setting up codes by text message, voice call and e-mail:
 * the Express host of `test/express/support.ts` (same users, sessions and
 * manual clock), with the phone and e-mail kinds delivering through the
 * development gateway, whose outbox lets a test read the code a person
 * would read on their phone.
 */
import assert from 'node:assert/strict';
import express from 'express';
import session from 'express-session';
import { createTwofold, manualClock, type ManualClock, type Twofold } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { backupCodes } from '../../../src/devices/backup-codes/index.js';
import { phone, type PhoneConfig } from '../../../src/devices/phone/index.js';
import { email, type EmailConfig } from '../../../src/devices/email/index.js';
import { createDevelopmentGateway, type DevelopmentGateway, type DevelopmentMessage } from '../../../src/gateways/development/index.js';
import { createTwofoldExpress, type TwofoldExpressOptions } from '../../../src/express/index.js';
import {
  addHostLogin,
  browser,
  captureLogger,
  csrfOf,
  listen,
  sessionLogin,
  START,
  TEST_SECRET,
  USERS,
  type Browser,
  type Page,
  type TestUser,
} from '../../express/support.js';
import { signIn } from './support.js';

/** The e-mail address the host knows for each test user. */
export function emailOf(user: { readonly id: string }): string {
  return `${USERS.find((candidate) => candidate.id === user.id)?.username.replace(/[^a-z]/g, '') ?? 'user'}@example.com`;
}

/** A running host with phone and e-mail devices. */
export interface CodeHost {
  readonly url: string;
  readonly twofold: Twofold;
  readonly clock: ManualClock;
  readonly gateway: DevelopmentGateway;
  /** Lines logged by twofold (never a code: the development gateway logs elsewhere). */
  readonly logged: string[];
  browser(): Browser;
  close(): Promise<void>;
}

/** Options of {@link startCodeHost}. */
export interface CodeHostOptions {
  readonly phone?: Partial<PhoneConfig> | false;
  readonly email?: Partial<EmailConfig> | false;
  readonly twofold?: Partial<TwofoldExpressOptions<TestUser>>;
}

/** Starts the host: twofold's pages under `/account`, the host's own password login at `/host-login`. */
export async function startCodeHost(options: CodeHostOptions = {}): Promise<CodeHost> {
  const clock = manualClock(START);
  const { logged, logger } = captureLogger();
  const gateway = createDevelopmentGateway({ log: () => undefined, clock: clock.now, environment: 'test' });
  const kinds = [
    totp(),
    backupCodes(),
    ...(options.phone === false ? [] : [phone({ gateway, defaultRegion: 'NL', ...options.phone })]),
    ...(options.email === false ? [] : [email({ sender: gateway, ...options.email })]),
  ];
  const twofold = createTwofold({ store: createMemoryStore(), kinds, clock: clock.now, secrets: [TEST_SECRET], logger });
  const otp = createTwofoldExpress<TestUser>({
    twofold,
    ...sessionLogin(USERS),
    loginUrl: '/account/login',
    logger,
    secrets: [TEST_SECRET],
    account: { userEmail: (user) => emailOf(user) },
    ...options.twofold,
  });
  const app = express();
  app.use(session({ secret: 'test-session-secret', resave: false, saveUninitialized: false, store: new session.MemoryStore() }));
  app.use(otp.middleware);
  app.use('/account', otp.router);
  addHostLogin(app, USERS);
  app.get('/whoami', async (req, res) => {
    const device = await req.otp.device();
    res.json({ user: (await req.otp.user())?.id ?? null, verified: await req.otp.isVerified(), device: device?.persistentId ?? null });
  });
  const started = await listen(app);
  return { url: started.url, twofold, clock, gateway, logged, browser: () => browser(started.url), close: () => started.close() };
}

/** A browser signed in by the host's own password login (twofold has verified nothing). */
export function signInAt(host: CodeHost, account: TestUser): Promise<Browser> {
  return signIn(host, account.username);
}

/** The newest message in the outbox, which must exist. */
export function lastMessage(host: CodeHost): DevelopmentMessage {
  const [message] = host.gateway.outbox();
  assert.ok(message !== undefined, 'a message was sent');
  return message;
}

export { codeIn } from '../login/support.js';

/** The sentence saying where the code went, on a setup page. */
export function sentText(page: Page): string | undefined {
  return /<p class="tf-account-sent">([^<]*)<\/p>/.exec(page.text)?.[1];
}

/** Starts a setup by code in `b` (welcome → method → number or address → sent). Returns the answer to the number step. */
export async function startByCode(b: Browser, method: 'sms' | 'call' | 'email', destination: string, headers: Readonly<Record<string, string>> = {}): Promise<Page> {
  const welcome = await b.get('/account/setup', headers);
  assert.equal(welcome.status, 200, welcome.text);
  const chosen = await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method }, headers);
  assert.equal(chosen.status, 303, chosen.text);
  assert.equal(chosen.location, `/account/setup?method=${method}`);
  const form = await b.get(chosen.location, headers);
  assert.equal(form.status, 200, form.text);
  return b.post('/account/setup', { _csrf: csrfOf(form), action: 'send', method, [method === 'email' ? 'address' : 'number']: destination }, headers);
}
