/**
 * Security keys through twofold's pages on every framework adapter, at the
 * HTTP level, with the software authenticator playing the browser: the
 * ceremony script is served (hashed path, a year's cache), the setup wizard
 * registers a key (a cancelled ceremony comes back to the step, PRG), the
 * sign-in step offers the key as one ceremony form and accepts its answer
 * once (a replayed answer is refused and said so). The browser journey is in
 * test/browser/webauthn-journey.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import session from 'express-session';
import { Hono } from 'hono';
import { createTwofold, manualClock, type ManualClock, type Twofold } from '../../src/index.js';
import { defineRequirement } from '../../src/web/step-up/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { webauthn } from '../../src/devices/webauthn/index.js';
import { twofoldExpress } from '../../src/express/index.js';
import { twofoldHono } from '../../src/hono/index.js';
import { browser, csrfOf, errorsOf, listen, unescapeHtml, TEST_SECRET, type Browser, type Page } from '../express/support.js';
import { mapSessions, peopleLogin, serveHono, type AppEnv, type SessionData } from '../hono/support.js';
import { softAuthenticator } from '../support/soft-webauthn.js';

const ORIGIN = 'https://example.com';
const DORA = { id: 'w-1', username: 'dora', password: 'dora-webauthn-conformance-pw' };

interface Host {
  readonly url: string;
  readonly twofold: Twofold;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

/** A security key (a phishing-resistant second factor) in the last 5 minutes. */
const KEY_ONLY = defineRequirement('key-only', { factor: 'second-factor', phishingResistant: true, within: 300 });

function core(): { readonly twofold: Twofold; readonly clock: ManualClock } {
  const clock = manualClock(Date.now());
  const twofold = createTwofold({
    clock: clock.now,
    store: createMemoryStore(),
    // The soft authenticator signs for this origin whatever address the test server has.
    kinds: [totp(), webauthn({ rpId: 'example.com', rpName: 'Example', origins: [ORIGIN] }), backupCodes()],
    secrets: [TEST_SECRET],
    logger: { warn() {}, error() {} },
  });
  return { twofold, clock };
}

const FRAMEWORKS: readonly { readonly name: string; start(): Promise<Host> }[] = [
  {
    name: 'Express',
    async start() {
      const { twofold, clock } = core();
      const sessionOf = (req: express.Request): Record<string, unknown> => req.session as unknown as Record<string, unknown>;
      const otp = twofoldExpress<typeof DORA>(twofold, {
        verifyPassword: (username, password) => Promise.resolve(username === DORA.username && password === DORA.password ? DORA : null),
        loadUser: (id) => Promise.resolve(id === DORA.id ? DORA : null),
        requirements: [KEY_ONLY],
        getUser: (req) => (sessionOf(req).userId === DORA.id ? DORA : null),
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
      app.use(session({ secret: 'webauthn-conformance-secret', resave: false, saveUninitialized: false }));
      app.use(otp.router);
      app.get('/keys', otp.requireFactors(KEY_ONLY), (_req, res) => {
        res.type('text').send('keys');
      });
      const started = await listen(app);
      return { url: started.url, twofold, clock, close: () => started.close() };
    },
  },
  {
    name: 'Hono',
    async start() {
      const { twofold, clock } = core();
      const { session: honoSession, logIn, logOut } = peopleLogin([DORA]);
      const otp = twofoldHono<AppEnv, typeof DORA>(twofold, {
        verifyPassword: (username, password) => Promise.resolve(username === DORA.username && password === DORA.password ? DORA : null),
        loadUser: (id) => Promise.resolve(id === DORA.id ? DORA : null),
        session: honoSession,
        requirements: [KEY_ONLY],
        getUser: (c) => (c.get('session').get('userId') === DORA.id ? DORA : null),
        logIn,
        logOut,
      });
      const app = new Hono<AppEnv>();
      app.use(mapSessions(new Map<string, SessionData>()));
      app.route('/', otp.routes);
      app.get('/keys', otp.requireFactors(KEY_ONLY), (c) => c.text('keys'));
      const served = await serveHono(app);
      return { url: served.base, twofold, clock, close: () => served.close() };
    },
  },
];

/** The options a ceremony page hands the browser. */
function optionsOf(page: Page): { challenge: string; rp: { id?: string }; user: { id: string }; rpId?: string } {
  const match = /<script type="application\/json" id="tf-ceremony-options">([^<]*)<\/script>/.exec(page.text);
  assert.ok(match !== null, `a ceremony page (status ${page.status}):\n${page.text}`);
  return JSON.parse(match[1]!) as { challenge: string; rp: { id?: string }; user: { id: string }; rpId?: string };
}

async function signInWithPassword(b: Browser): Promise<Page> {
  const login = await b.get('/account/login');
  return b.post('/account/login', { _csrf: csrfOf(login), username: DORA.username, password: DORA.password });
}

for (const framework of FRAMEWORKS) {
  describe(`security keys through the pages: ${framework.name}`, () => {
    let host: Host;
    // One key for both cases: its private key lives only in this object.
    const key = softAuthenticator({ origin: ORIGIN, seed: `conformance-${framework.name}` });
    before(async () => {
      host = await framework.start();
    });
    after(() => host.close());

    it('serves the ceremony script, registers a key in the wizard, and signs in with it once', async () => {
      const b = browser(host.url);
      const first = await signInWithPassword(b);
      assert.equal(first.status, 303, 'no second factor yet: signed in');

      // In the reader's language: the kind's sentences have catalog entries.
      const german = await b.get('/account/setup?method=webauthn', { 'accept-language': 'de' });
      assert.match(german.text, /Schlüssel oder Passkey hinzufügen/);
      assert.match(german.text, /braucht JavaScript/);
      const step = await b.get('/account/setup?method=webauthn');
      assert.equal(step.status, 200);
      assert.match(step.text, /data-twofold-webauthn="register"/);
      assert.match(step.text, /<noscript>/);
      const scriptPath = /<script src="([^"]*twofold-webauthn[^"]*)"/.exec(step.text)?.[1];
      assert.match(scriptPath ?? '', /^\/account\/twofold-webauthn\.[A-Za-z0-9_-]{16}\.js$/);
      const script = await b.get(scriptPath!);
      assert.equal(script.status, 200);
      assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.match(script.text, /SimpleWebAuthnBrowser/);

      // The browser said no: back to the step (a GET), which says so.
      const cancelled = await b.post('/account/setup', { _csrf: csrfOf(step), method: 'webauthn', action: 'ceremony', name: 'Desk key', response: '', error: 'NotAllowedError' });
      assert.equal(cancelled.status, 303);
      assert.equal(cancelled.location, '/account/setup?method=webauthn');
      const again = await b.get(cancelled.location);
      assert.match(errorsOf(again.text)[0] ?? '', /did not answer/);
      assert.deepEqual(await host.twofold.listDevices(DORA.id), []);

      const response = JSON.stringify(key.register(optionsOf(again)));
      const added = await b.post('/account/setup', { _csrf: csrfOf(again), method: 'webauthn', action: 'ceremony', name: 'Desk key', response, error: '' });
      assert.equal(added.status, 303, added.text);
      assert.match(added.location ?? '', /^\/account\/setup\/done\?device=webauthn%2F/);
      const [device] = await host.twofold.listDevices(DORA.id);
      assert.equal(device?.name, 'Desk key');
      // Named again after registration, from the done page's link.
      const donePage = await b.get(added.location!);
      const renameHref = /<a href="([^"]*\/account\/devices\/rename\?device=[^"]*)">Rename Desk key<\/a>/.exec(donePage.text)?.[1];
      assert.ok(renameHref !== undefined, 'the done page offers to rename the new key');
      const renameForm = await b.get(unescapeHtml(renameHref));
      const renamed = await b.post('/account/devices/rename', { _csrf: csrfOf(renameForm), device: device.persistentId, name: 'Blue key' });
      assert.equal(renamed.status, 303);
      assert.equal((await host.twofold.listDevices(DORA.id))[0]?.name, 'Blue key');
      await host.twofold.renameDevice(DORA.id, device.persistentId, 'Desk key'); // the later tests know it by its first name
      // The same answer again (from a fresh page: signing the key in renewed the session's CSRF token): its challenge is used up.
      const fresh = await b.get('/account/setup?method=webauthn');
      const twice = await b.post('/account/setup', { _csrf: csrfOf(fresh), method: 'webauthn', action: 'ceremony', name: 'Desk key', response, error: '' });
      assert.equal(twice.status, 303);
      assert.match(errorsOf((await b.get(twice.location!)).text)[0] ?? '', /could not be checked/);
      assert.equal((await host.twofold.listDevices(DORA.id)).length, 1);

      const other = browser(host.url);
      const signIn = await signInWithPassword(other);
      const keyStep = signIn.via === undefined ? await other.get(signIn.location!) : signIn;
      assert.match(keyStep.text, /data-twofold-webauthn="authenticate"/);
      assert.match((await other.get('/account/login', { 'accept-language': 'nl' })).text, /Beveiligingssleutel of passkey gebruiken/);
      assert.doesNotMatch(keyStep.text, /id="tf-token"/, 'no code field for a key');
      const assertion = JSON.stringify(key.assert(optionsOf(keyStep)));
      const deviceField = /name="device" value="([^"]+)"/.exec(keyStep.text)?.[1];
      const done = await other.post('/account/login', { _csrf: csrfOf(keyStep), action: 'ceremony', device: unescapeHtml(deviceField ?? ''), response: assertion, error: '' });
      assert.equal(done.status, 303, done.text);
      assert.equal(done.via, undefined, 'signed in: the redirect leaves the sign-in page');

      const third = browser(host.url);
      const replayStep = await signInWithPassword(third);
      const replayPage = replayStep.via === undefined ? await third.get(replayStep.location!) : replayStep;
      const replayed = await third.post('/account/login', { _csrf: csrfOf(replayPage), action: 'ceremony', device: unescapeHtml(deviceField ?? ''), response: assertion, error: '' });
      assert.ok(replayed.via !== undefined, 'refused: back to the step');
      assert.match(errorsOf(replayed.text)[0] ?? '', /could not be checked/);
    });

    it('runs both ceremonies through the JSON API: options out, the answer in', async () => {
      const b = browser(host.url);
      const post = async (path: string, body: unknown, csrf: string) => {
        const answer = await b.json(`/account/api/${path}`, body, { 'x-csrf-token': csrf });
        return { status: answer.status, body: JSON.parse(answer.text) as Record<string, unknown> };
      };
      const session = JSON.parse((await b.get('/account/api/session')).text) as { csrfToken: string };
      const login = await post('login', { username: DORA.username, password: DORA.password }, session.csrfToken);
      assert.equal(login.body.status, 'second-factor-required');
      const [device] = login.body.devices as { id: string; ceremony?: boolean }[];
      assert.equal(device?.ceremony, true, 'the key is marked as a ceremony device');
      const csrf = String(login.body.csrfToken);

      const options = await post('login/challenge', { device: device.id }, csrf);
      assert.equal(options.status, 200, JSON.stringify(options.body));
      assert.equal(options.body.status, 'ceremony');
      const publicKey = options.body.publicKey as { challenge: string; rpId?: string; allowCredentials?: unknown[] };
      assert.equal(publicKey.allowCredentials?.length, 1);
      const wrong = await post('login/verify', { device: device.id, response: { id: 'not-a-response' } }, csrf);
      assert.equal(wrong.status, 401);
      const signedIn = await post('login/verify', { device: device.id, response: key.assert(publicKey) }, csrf);
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      assert.equal(signedIn.body.status, 'signed-in');
      assert.equal(signedIn.body.verified, true);

      const csrfAfter = String(signedIn.body.csrfToken);
      const spare = softAuthenticator({ origin: ORIGIN, seed: `spare-${framework.name}` });
      const creation = await post('setup/start', { method: 'webauthn' }, csrfAfter);
      assert.equal(creation.body.status, 'ceremony', JSON.stringify(creation.body));
      const creationOptions = creation.body.publicKey as { challenge: string; rp: { id?: string }; user: { id: string }; excludeCredentials?: unknown[] };
      assert.equal(creationOptions.excludeCredentials?.length, 1, 'the key already added is excluded');
      const registration = spare.register(creationOptions);
      const added = await post('setup/start', { method: 'webauthn', response: registration, name: 'Spare key' }, csrfAfter);
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.equal((added.body.device as { name: string }).name, 'Spare key');
      const twice = await post('setup/start', { method: 'webauthn', response: registration }, String(added.body.csrfToken));
      assert.equal(twice.status, 400);
      assert.equal(twice.body.error, 'ceremony_failed');
      assert.deepEqual((await host.twofold.listDevices(DORA.id)).map((one) => one.name).sort(), ['Desk key', 'Spare key']);
    });

    it('steps up with the key when a requirement asks for a phishing-resistant factor', async () => {
      const b = browser(host.url);
      const signIn = await signInWithPassword(b);
      const keyStep = signIn.via === undefined ? await b.get(signIn.location!) : signIn;
      const deviceField = unescapeHtml(/name="device" value="([^"]+)"/.exec(keyStep.text)?.[1] ?? '');
      const done = await b.post('/account/login', { _csrf: csrfOf(keyStep), action: 'ceremony', device: deviceField, response: JSON.stringify(key.assert(optionsOf(keyStep))), error: '' });
      assert.equal(done.status, 303);
      assert.equal((await b.get('/keys')).text, 'keys', 'the key just now meets the requirement');

      host.clock.advance(400_000);
      const refused = await b.get('/keys');
      assert.equal(refused.status, 302);
      const stepUp = await b.get(refused.location!);
      assert.equal(stepUp.status, 200);
      assert.match(stepUp.text, /data-twofold-webauthn="authenticate"/);
      const stepUpDevice = unescapeHtml(/name="device" value="([^"]+)"/.exec(stepUp.text)?.[1] ?? '');
      const action = new URL(refused.location!, host.url).pathname;
      const fields = { _csrf: csrfOf(stepUp), requirement: 'key-only', next: '/keys', action: 'ceremony', device: stepUpDevice };

      const cancelled = await b.post(action, { ...fields, response: '', error: 'NotAllowedError' });
      const again = cancelled.via === undefined ? await b.get(cancelled.location!) : cancelled;
      assert.match(errorsOf(again.text)[0] ?? '', /did not answer/);
      assert.equal((await b.get('/keys')).status, 302, 'still refused');

      const stepped = await b.post(action, { ...fields, _csrf: csrfOf(again), response: JSON.stringify(key.assert(optionsOf(again))), error: '' });
      assert.equal(stepped.status, 303);
      assert.equal(stepped.location, '/keys');
      assert.equal((await b.get('/keys')).text, 'keys');
    });
  });
}
