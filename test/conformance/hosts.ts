/**
 * The same small host app twice, built with each framework's one-call
 * factory (`twofoldExpress`, `twofoldHono`): its own login state (`userId`
 * in the session), three people (one staff), a guarded page and a guarded
 * JSON route. The conformance suite runs its HTTP cases against both.
 */
import express from 'express';
import session from 'express-session';
import { Hono } from 'hono';
import { createTwofold, manualClock, type ManualClock, type Twofold } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { twofoldExpress } from '../../src/express/index.js';
import { twofoldHono } from '../../src/hono/index.js';
import { defineRequirement } from '../../src/web/step-up/index.js';
import type { WebEventName } from '../../src/flows/shared/events.js';
import assert from 'node:assert/strict';
import { browser, csrfOf, listen, START, TEST_SECRET, totpCode, type Browser, type Page } from '../express/support.js';
import { mapSessions, peopleLogin, serveHono, type AppEnv, type SessionData } from '../hono/support.js';

/** Someone of the host app. */
export interface Member {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  readonly isStaff: boolean;
}

/** alice has a TOTP device, carol none, root is staff with a TOTP device. */
export const MEMBERS: readonly Member[] = [
  { id: 'm-1', username: 'alice', password: 'alice-conformance-pw', isStaff: false },
  { id: 'm-2', username: 'carol', password: 'carol-conformance-pw', isStaff: false },
  { id: 'm-3', username: 'root', password: 'root-conformance-pw', isStaff: true },
];

/** Any second factor in the last 12 hours: the host's reports. */
export const DAILY = defineRequirement('daily', { factor: 'second-factor', within: 12 * 3600 });
/** Any second factor in the last 5 minutes: the host's transfers. */
export const RECENT = defineRequirement('recent', { factor: 'second-factor', within: 300 });
/** A security key in the last 5 minutes, which nobody here has. */
export const KEY_ONLY = defineRequirement('key-only', { factor: 'second-factor', phishingResistant: true, within: 300 });
/** The password within 15 minutes and a code: the step-up page does not ask for the password. */
export const PASSWORD_AND_CODE = defineRequirement('password-and-code', { allOf: [{ factor: 'password', within: 900 }, { factor: 'second-factor' }] });
/** Turning two-factor authentication off (the account's own action): the password and a code, both in the last 5 minutes. */
export const DISABLE = defineRequirement('account-disable', { allOf: [{ factor: 'password', within: 300 }, { factor: 'second-factor', within: 300 }] });
const REQUIREMENTS = [DAILY, RECENT, KEY_ONLY, PASSWORD_AND_CODE];
const STEP_UP_EVENTS: readonly WebEventName[] = ['stepUpRequested', 'stepUpSatisfied', 'stepUpRefused'];

/** A step-up event the host heard. */
export interface HeardStepUp {
  readonly event: WebEventName;
  readonly requirement: string;
  readonly reason?: string;
}

/** A running host app. */
export interface ConformanceHost {
  readonly url: string;
  readonly twofold: Twofold;
  readonly clock: ManualClock;
  /** The step-up events so far, oldest first. */
  readonly stepUps: HeardStepUp[];
  close(): Promise<void>;
}

/** A way to start the host app on one framework. */
export interface Framework {
  readonly name: string;
  start(): Promise<ConformanceHost>;
}

function member(username: string): Member {
  return MEMBERS.find((candidate) => candidate.username === username)!;
}

/** The core both hosts share the shape of: TOTP and backup codes, one secret, a manual clock. */
function core(): { readonly twofold: Twofold; readonly clock: ManualClock } {
  const clock = manualClock(START);
  const twofold = createTwofold({
    store: createMemoryStore(),
    kinds: [totp(), backupCodes()],
    secrets: [TEST_SECRET],
    issuer: 'Conformance',
    clock: clock.now,
    logger: { warn() {}, error() {} },
  });
  return { twofold, clock };
}

/** The host's password check and user lookup (what every framework shares). */
const accounts = {
  verifyPassword: (username: string, password: string) =>
    Promise.resolve(MEMBERS.find((candidate) => candidate.username === username && candidate.password === password) ?? null),
  loadUser: (id: string) => Promise.resolve(MEMBERS.find((candidate) => candidate.id === id) ?? null),
  isStaff: (user: Member) => user.isStaff,
  requirements: REQUIREMENTS,
  // Served by the step-up page without being listed in requirements.
  account: { requirements: { disable: DISABLE } },
};

/** Records the step-up events of `otp` in a list. */
function hearStepUps(otp: { readonly on: (event: 'stepUpRequested' | 'stepUpSatisfied' | 'stepUpRefused', listener: (payload: { readonly requirement: string; readonly reason?: string }) => void) => () => void }): HeardStepUp[] {
  const heard: HeardStepUp[] = [];
  for (const event of STEP_UP_EVENTS as readonly ('stepUpRequested' | 'stepUpSatisfied' | 'stepUpRefused')[]) {
    otp.on(event, (payload) => heard.push({ event, requirement: payload.requirement, ...(payload.reason === undefined ? {} : { reason: payload.reason }) }));
  }
  return heard;
}

function byId(id: unknown): Member | null {
  return MEMBERS.find((candidate) => candidate.id === id) ?? null;
}

/** The host on Express 5 with express-session. */
export const EXPRESS: Framework = {
  name: 'Express',
  async start() {
    const { twofold, clock } = core();
    const sessionOf = (req: express.Request): Record<string, unknown> => req.session as unknown as Record<string, unknown>;
    const otp = twofoldExpress<Member>(twofold, {
      ...accounts,
      getUser: (req) => byId(sessionOf(req).userId),
      logIn: (req, user) => {
        sessionOf(req).userId = user.id;
        return Promise.resolve();
      },
      logOut: (req) => {
        Reflect.deleteProperty(sessionOf(req), 'userId');
        return Promise.resolve();
      },
    });
    const app = express();
    app.use(session({ secret: 'conformance-session-secret', resave: false, saveUninitialized: false }));
    app.use(otp.router);
    app.get('/dashboard', otp.otpRequired(), (req, res) => {
      res.type('text').send(`dashboard of ${byId(sessionOf(req).userId)?.username ?? '?'}`);
    });
    app.get('/data', otp.otpRequiredApi(), (_req, res) => {
      res.json({ data: 1 });
    });
    app.get('/reports', otp.requireFactors(DAILY), (_req, res) => {
      res.type('text').send('reports');
    });
    app.get('/transfer', otp.requireFactors(RECENT), (_req, res) => {
      res.type('text').send('transfer form');
    });
    app.post('/transfer', otp.requireFactors(RECENT), (_req, res) => {
      res.type('text').send('transferred');
    });
    app.get('/keys', otp.requireFactors(KEY_ONLY), (_req, res) => {
      res.type('text').send('keys');
    });
    app.get('/profile-email', otp.requireFactors(PASSWORD_AND_CODE), (_req, res) => {
      res.type('text').send('email');
    });
    app.get('/api/transfer', otp.requireFactorsApi(RECENT), (_req, res) => {
      res.json({ transfer: 1 });
    });
    // The host's own route reads the request's context that the factory's router set.
    app.get('/whoami', async (req, res) => {
      res.json({ verified: await req.otp.isVerified() });
    });
    const started = await listen(app);
    return { url: started.url, twofold, clock, stepUps: hearStepUps(otp), close: () => started.close() };
  },
};

/** The host on Hono with a cookie session kept in a Map. */
export const HONO: Framework = {
  name: 'Hono',
  async start() {
    const { twofold, clock } = core();
    // The Hono tests' host login: `userId` in the session (its password check and lookup are the same as ours).
    const { session, logIn, logOut } = peopleLogin(MEMBERS);
    const otp = twofoldHono<AppEnv, Member>(twofold, { ...accounts, session, getUser: (c) => byId(c.get('session').get('userId')), logIn, logOut });
    const app = new Hono<AppEnv>();
    app.use(mapSessions(new Map<string, SessionData>()));
    app.route('/', otp.routes);
    app.get('/dashboard', otp.otpRequired(), (c) => c.text(`dashboard of ${byId(c.get('session').get('userId'))?.username ?? '?'}`));
    app.get('/data', otp.otpRequiredApi(), (c) => c.json({ data: 1 }));
    app.get('/reports', otp.requireFactors(DAILY), (c) => c.text('reports'));
    app.get('/transfer', otp.requireFactors(RECENT), (c) => c.text('transfer form'));
    app.post('/transfer', otp.requireFactors(RECENT), (c) => c.text('transferred'));
    app.get('/keys', otp.requireFactors(KEY_ONLY), (c) => c.text('keys'));
    app.get('/profile-email', otp.requireFactors(PASSWORD_AND_CODE), (c) => c.text('email'));
    app.get('/api/transfer', otp.requireFactorsApi(RECENT), (c) => c.json({ transfer: 1 }));
    // The host's own route reads the request's context that the factory's routes set.
    app.get('/whoami', async (c) => c.json({ verified: await c.get('otp').isVerified() }));
    const served = await serveHono(app);
    return { url: served.base, twofold, clock, stepUps: hearStepUps(otp), close: () => served.close() };
  },
};

export { member };

/** Signs `who` in with the password and a code of their TOTP device (made with `addTotp` and `seed`), a fresh time step later. */
export async function signInWithTotp(host: ConformanceHost, who: Member, seed: number): Promise<Browser> {
  host.clock.advance(30);
  const b = browser(host.url);
  const login = await b.get('/account/login');
  const step = await b.post('/account/login', { _csrf: csrfOf(login), username: who.username, password: who.password });
  assert.equal(step.status, 200, 'the code is asked for');
  assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, seed) })).status, 303);
  return b;
}

/** The value of a page's hidden field, unescaped, or undefined. */
export function hiddenValue(page: Page, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1]?.replaceAll('&amp;', '&');
}
