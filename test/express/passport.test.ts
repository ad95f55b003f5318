/**
 * twofold with real Passport (0.7, which regenerates the session inside
 * req.login and req.logout): the defaults (req.user, req.login, req.logout)
 * work, twofold's verified state survives Passport's regeneration, the id
 * rotates at every step, and nothing is authenticated before the code.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { createTwofold, manualClock } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { createTwofoldExpress } from '../../src/express/index.js';
import { addTotp, browser, csrfOf, listen, START, TEST_SECRET, totpCode, type Browser } from './support.js';

interface Account {
  id: number;
  username: string;
  password: string;
}

const accounts: Account[] = [
  { id: 7, username: 'erin', password: 'erin-passport-pw' },
  { id: 8, username: 'frank', password: 'frank-passport-pw' },
];

async function startPassportHost() {
  const clock = manualClock(START);
  const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], clock: clock.now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
  const auth = new passport.Passport();
  auth.serializeUser((account: Express.User, done) => {
    done(null, (account as Account).id);
  });
  auth.deserializeUser((id: number, done) => {
    done(null, accounts.find((account) => account.id === id) ?? false);
  });
  auth.use(
    new LocalStrategy((username, password, done) => {
      done(null, accounts.find((account) => account.username === username && account.password === password) ?? false);
    }),
  );
  const otp = createTwofoldExpress<Account>({
    twofold,
    verifyPassword: (username, password) => Promise.resolve(accounts.find((a) => a.username === username && a.password === password) ?? null),
    loadUser: (id) => Promise.resolve(accounts.find((a) => String(a.id) === id) ?? null),
    loginUrl: '/login',
  });
  const sessions = new session.MemoryStore();
  const app = express();
  app.use(session({ secret: 'passport-test', resave: false, saveUninitialized: false, store: sessions }));
  app.use(auth.initialize());
  app.use(auth.session());
  app.use(otp.middleware);
  app.use(otp.router);
  app.post('/host-login', express.urlencoded({ extended: false }), auth.authenticate('local') as express.RequestHandler, (_req, res) => {
    res.send('signed in');
  });
  app.get('/secret', otp.otpRequired(), (req, res) => {
    res.send(`secret for ${(req.user as Account).username}`);
  });
  app.get('/whoami', async (req, res) => {
    res.json({ passportUser: (req.user as Account | undefined)?.id ?? null, verified: await req.otp.isVerified() });
  });
  const server = await listen(app);
  const dump = () =>
    new Promise<string>((resolve) => {
      sessions.all((_error, all) => {
        resolve(JSON.stringify(all));
      });
    });
  return { server, twofold, clock, dump };
}

async function whoami(b: Browser): Promise<{ passportUser: number | null; verified: boolean }> {
  return JSON.parse((await b.get('/whoami')).text) as { passportUser: number | null; verified: boolean };
}

describe('with Passport', () => {
  it('signs in through the one-page login with req.login, keeping twofold\'s state through Passport\'s regeneration', async () => {
    const { server, twofold, clock, dump } = await startPassportHost();
    try {
      await addTotp(twofold, '7', 'Erin phone', 3);
      const b = browser(server.url);
      const login = await b.get('/login?next=%2Fsecret');
      const first = b.cookie('connect.sid');
      const step = await b.post('/login', { _csrf: csrfOf(login), username: 'erin', password: 'erin-passport-pw', next: '/secret' });
      assert.equal(step.status, 200);
      assert.match(step.text, /Enter the code shown by Erin phone\./);
      const pending = b.cookie('connect.sid');
      assert.notEqual(pending, first);
      assert.deepEqual(await whoami(b), { passportUser: null, verified: false });
      assert.equal((await b.get('/secret')).status, 302);
      assert.ok(!(await dump()).includes('erin-passport-pw'));
      assert.ok(!(await dump()).includes('"passport"'), 'no Passport login before the code');

      const done = await b.post('/login', { _csrf: csrfOf(step), token: totpCode(clock, 3), next: '/secret' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      const verifiedCookie = b.cookie('connect.sid');
      assert.notEqual(verifiedCookie, pending);
      assert.deepEqual(await whoami(b), { passportUser: 7, verified: true });
      assert.equal((await b.get('/secret')).text, 'secret for erin');
      const stored = await dump();
      assert.match(stored, /"passport":\{"user":7\}/);
      assert.match(stored, /"twofold":\{"userId":"7","factors":\[\{"type":"password"/);
      assert.equal(Object.keys(JSON.parse(stored) as object).length, 1, 'older sessions were destroyed');

      const logout = await b.get('/logout');
      const out = await b.post('/logout', { _csrf: csrfOf(logout) });
      assert.equal(out.status, 303);
      assert.notEqual(b.cookie('connect.sid'), verifiedCookie);
      assert.deepEqual(await whoami(b), { passportUser: null, verified: false });
      const replay = browser(server.url);
      replay.setCookie('connect.sid', verifiedCookie!);
      assert.deepEqual(await whoami(replay), { passportUser: null, verified: false });
    } finally {
      await server.close();
    }
  });

  it('verifies a user signed in by the host\'s own passport-local route through the token page', async () => {
    const { server, twofold, clock } = await startPassportHost();
    try {
      await addTotp(twofold, '8', 'Frank phone', 4);
      const b = browser(server.url);
      assert.equal((await b.post('/host-login', { username: 'frank', password: 'frank-passport-pw' })).status, 200);
      assert.deepEqual(await whoami(b), { passportUser: 8, verified: false });
      const refused = await b.get('/secret');
      assert.equal(refused.location, '/login?next=%2Fsecret');
      const page = await b.get(refused.location);
      assert.match(page.text, /You are signed in as frank\./);
      const before = b.cookie('connect.sid');
      const done = await b.post('/login', { _csrf: csrfOf(page), token: totpCode(clock, 4), next: '/secret' });
      assert.equal(done.status, 303);
      assert.notEqual(b.cookie('connect.sid'), before);
      assert.deepEqual(await whoami(b), { passportUser: 8, verified: true });
      assert.equal((await b.get('/secret')).text, 'secret for frank');
      // Passport's own logout (regenerating) ends twofold's state with the session.
      const out = await b.post('/logout', { _csrf: csrfOf(await b.get('/logout')) });
      assert.equal(out.status, 303);
      assert.deepEqual(await whoami(b), { passportUser: null, verified: false });
    } finally {
      await server.close();
    }
  });
});
