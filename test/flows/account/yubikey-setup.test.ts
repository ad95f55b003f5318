/**
 * YubiKeys offered by the account pages through their declaration alone
 * (`setup.steps: 'token'`): over HTTP, on an Express host with the
 * `yubikey-remote` kind checked by a local stand-in of the Yubico
 * validation service and tokens from the YubiKey simulator. The wizard
 * offers "YubiKey", its step takes the key's token as text with autofill
 * off, registers the key and verifies the session; a replayed token, a key
 * registered to another user and a service that cannot be reached are
 * refused in plain words; sign-in takes a token in a text field; the JSON
 * API registers a key the same way.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import session from 'express-session';
import { createTwofold, type Twofold } from '../../../src/index.js';
import { backupCodes } from '../../../src/devices/backup-codes/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { yubikeyRemote } from '../../../src/devices/yubikey-remote/index.js';
import { yubikey } from '../../../src/devices/yubikey/index.js';
import { createTwofoldExpress } from '../../../src/express/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { TEST_SECRET, sessionLoginCallbacks, browser, csrfOf, listen, type Browser } from '../../express/support.js';
import { startStandInService, type StandInService } from '../../support/yubico-server.js';
import { simulatedKey, touch, type SimulatedKey } from '../../support/yubikey-simulator.js';
import { accountErrors, jsonClient } from './support.js';

const CLIENT_ID = '4711';
const API_KEY = Buffer.alloc(20, 7).toString('base64');

interface HostUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

const USERS: readonly HostUser[] = [
  { id: 'u1', username: 'alice', password: 'alice-yubikey-password' },
  { id: 'u2', username: 'bob', password: 'bob-yubikey-password' },
];

interface YubiHost {
  readonly url: string;
  readonly twofold: Twofold;
  readonly service: StandInService;
  readonly key: SimulatedKey;
  /** A second key the service knows, registered by nobody yet. */
  readonly spare: SimulatedKey;
  readonly warnings: string[];
  close(): Promise<void>;
}

/** The host; `local`: the `yubikey` kind (local validation) with the host's records of its programmed keys, instead of the validation service. */
async function startYubiHost(local = false): Promise<YubiHost> {
  const key = simulatedKey({ seed: 14 });
  const spare = simulatedKey({ seed: 16 });
  // Two servers: the second one lets a test take the service down entirely.
  const service = await startStandInService({ clientId: CLIENT_ID, apiKey: API_KEY, keys: [key, spare], behaviours: ['normal', 'normal'] });
  const warnings: string[] = [];
  const logger = { warn: (message: string) => void warnings.push(message), error: (message: string) => void warnings.push(message) };
  const twofold = createTwofold({
    store: createMemoryStore(),
    kinds: [
      totp(),
      local
        ? yubikey({ programmedKeys: (publicId) => ([key, spare].find((known) => known.publicId === publicId) ?? null) })
        : yubikeyRemote({ services: [{ name: 'default', clientId: CLIENT_ID, apiKey: API_KEY, urls: service.urls, timeoutMs: 5000 }] }),
      backupCodes(),
    ],
    secrets: [TEST_SECRET],
    logger,
  });
  const login = sessionLoginCallbacks(USERS);
  const otp = createTwofoldExpress<HostUser>({
    twofold,
    ...login,
    loginUrl: '/account/login',
    logger,
  });
  const app = express();
  app.use(session({ secret: 'yubikey-setup-session-secret', resave: false, saveUninitialized: false }));
  app.use(otp.middleware);
  app.use('/account', otp.router);
  const server = await listen(app);
  return {
    url: server.url,
    twofold,
    service,
    key,
    spare,
    warnings,
    async close() {
      await server.close();
      await service.close();
    },
  };
}

/** A new browser signed in with the password alone (the user has no second factor yet). */
async function signedIn(host: YubiHost, username: string): Promise<Browser> {
  const account = USERS.find((user) => user.username === username)!;
  const b = browser(host.url);
  const form = await b.get('/account/login');
  const done = await b.post('/account/login', { _csrf: csrfOf(form), username, password: account.password });
  assert.equal(done.status, 303, done.text);
  return b;
}

describe('YubiKeys in the setup wizard, sign-in and JSON API, offered through their declaration', { timeout: 120_000 }, () => {
  let host: YubiHost;

  before(async () => {
    host = await startYubiHost();
  });
  after(() => host.close());

  it('is offered by the wizard, takes the key\'s token as text without autofill, and turns 2FA on', async () => {
    const b = await signedIn(host, 'alice');
    const welcome = await b.get('/account/setup');
    assert.match(welcome.text, /<input[^>]*name="method"[^>]*value="yubikey-remote"/);
    assert.match(welcome.text, /YubiKey/);
    assert.match(welcome.text, /a second step that only a device of yours can give/, 'the intro holds for a key as for a phone');
    assert.doesNotMatch(welcome.text, /only your phone/);
    const chosen = await b.post('/account/setup', { _csrf: csrfOf(welcome), method: 'yubikey-remote', action: 'start' });
    assert.equal(chosen.status, 303);
    assert.equal(chosen.location, '/account/setup?method=yubikey-remote');
    const step = await b.get(chosen.location);
    assert.equal(step.status, 200);
    assert.match(step.text, /Add a YubiKey|Set up two-factor authentication/);
    assert.match(step.text, /touch the key/);
    assert.match(step.text, /<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="128"/);

    // A token typed with the key's Enter at the end, as a key types it.
    const registered = await b.post('/account/setup', { _csrf: csrfOf(step), action: 'register', method: 'yubikey-remote', name: 'Blue key', token: `${touch(host.key)}\n` });
    assert.equal(registered.status, 303, registered.text);
    assert.match(registered.location ?? '', /^\/account\/setup\/done\?device=yubikey-remote%2F/);
    const devices = await host.twofold.listDevices('u1', { kind: 'yubikey-remote' });
    assert.equal(devices.length, 1);
    const [device] = devices;
    assert.ok(device !== undefined);
    assert.equal(device.confirmed, true);
    assert.equal(device.name, 'Blue key');
    const done = await b.get(registered.location!);
    assert.match(done.text, /Blue key/);
  });

  it('says plainly when the token is used, the key belongs to someone else, or the service cannot be reached', async () => {
    const b = await signedIn(host, 'bob');
    const step = await b.get('/account/setup?method=yubikey-remote');
    const post = (token: string) => b.post('/account/setup', { _csrf: csrfOf(step), action: 'register', method: 'yubikey-remote', name: 'Key', token });

    const garbage = await post('not a token');
    assert.equal(garbage.status, 400);
    assert.deepEqual(accountErrors(garbage.text), ['That is not a one-time password from a YubiKey we can use. Click the field and touch the key again.']);

    const taken = await post(touch(host.key));
    assert.equal(taken.status, 409);
    assert.deepEqual(accountErrors(taken.text), ['This YubiKey is already registered. A key can belong to one account only.']);

    host.service.behave(0, 'http-500');
    host.service.behave(1, 'http-500');
    try {
      const down = await post(touch(simulatedKey({ seed: 15 })));
      assert.equal(down.status, 503);
      assert.deepEqual(accountErrors(down.text), ['We cannot check YubiKeys just now. Nothing was added: try again in a moment.']);
      assert.ok(host.warnings.some((line) => line.includes('yubikey-remote token could not be checked')), 'the operator gets the reason');
    } finally {
      host.service.behave(0, 'normal');
      host.service.behave(1, 'normal');
    }
    assert.equal((await host.twofold.listDevices('u2')).length, 0, 'nothing was added');
  });

  it('signs in with a token typed in a text field without autofill', async () => {
    const b = browser(host.url);
    const form = await b.get('/account/login');
    // The password step answers with the token step, asking for the YubiKey.
    const step = await b.post('/account/login', { _csrf: csrfOf(form), username: 'alice', password: USERS[0]!.password });
    assert.equal(step.status, 200);
    assert.match(step.text, /<input class="tf-token" id="tf-token" name="token" type="text" autocomplete="off" inputmode="text"/);
    // The kind's own words: a key to touch, not a code to read.
    assert.match(step.text, /<title>Touch your YubiKey/);
    assert.match(step.text, /<h1>Touch your YubiKey<\/h1>/);
    assert.match(step.text, /<label for="tf-token">Password from the key<\/label>/);
    assert.match(step.text, /Put Blue key in a USB port \(or hold it to your phone\), click the field below and touch the key\. The key types a one-time password/);
    assert.doesNotMatch(step.text, /Enter the code|Enter your code|>Code</);
    const verified = await b.post('/account/login', { _csrf: csrfOf(step), action: 'verify', token: touch(host.key) });
    assert.equal(verified.status, 303, verified.text);
    assert.equal(verified.location, '/');
  });

  it('words the sign-in step for the key in the reader\'s language', async () => {
    const b = browser(host.url, { 'accept-language': 'de-DE,de;q=0.9' });
    const form = await b.get('/account/login');
    const step = await b.post('/account/login', { _csrf: csrfOf(form), username: 'alice', password: USERS[0]!.password });
    assert.equal(step.status, 200);
    assert.match(step.text, /<h1>Berühren Sie Ihren YubiKey<\/h1>/);
    assert.match(step.text, /<label for="tf-token">Passwort vom Schlüssel<\/label>/);
    assert.match(step.text, /Stecken Sie „Blue key“ in einen USB-Anschluss/);
  });

  it('registers a key through the JSON API, and refuses a used token or a registered key with the kind\'s words', async () => {
    const b = await signedIn(host, 'bob');
    const api = jsonClient(host, b);
    const devices = await api.get('/account/api/devices');
    assert.match(JSON.stringify(devices.body.setupMethods), /yubikey-remote/);
    const csrf = csrfOf(await b.get('/account/setup'));
    const token = touch(host.spare);
    const started = await api.post('/account/api/setup/start', { method: 'yubikey-remote', token, name: 'Work key' }, { 'x-csrf-token': csrf });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal((started.body.device as { kind: string }).kind, 'yubikey-remote');
    const headers = { 'x-csrf-token': String(started.body.csrfToken) };
    const replayed = await api.post('/account/api/setup/start', { method: 'yubikey-remote', token, name: 'Work key' }, headers);
    assert.equal(replayed.status, 400);
    assert.equal(replayed.body.error, 'invalid_token');
    const again = await api.post('/account/api/setup/start', { method: 'yubikey-remote', token: touch(host.spare), name: 'Work key' }, headers);
    assert.equal(again.status, 409);
    assert.equal(again.body.error, 'key_taken');
    assert.equal(again.body.message, 'This YubiKey is already registered. A key can belong to one account only.');
  });
});

describe('locally validated YubiKeys in the setup wizard, when the host keeps records of its programmed keys', { timeout: 120_000 }, () => {
  let host: YubiHost;

  before(async () => {
    host = await startYubiHost(true);
  });
  after(() => host.close());

  it('offers "YubiKey", registers a programmed key from one touch, refuses a key it has no record of, and signs in with it', async () => {
    const b = await signedIn(host, 'alice');
    const welcome = await b.get('/account/setup');
    assert.match(welcome.text, /<input[^>]*name="method"[^>]*value="yubikey"/);
    const step = await b.get('/account/setup?method=yubikey');
    assert.equal(step.status, 200);
    assert.match(step.text, /touch the key/);
    const post = (token: string) => b.post('/account/setup', { _csrf: csrfOf(step), action: 'register', method: 'yubikey', name: 'Office key', token });

    const unknown = await post(touch(simulatedKey({ seed: 15 })));
    assert.equal(unknown.status, 400);
    assert.deepEqual(accountErrors(unknown.text), ['That is not a one-time password from a YubiKey we can use. Click the field and touch the key again.']);

    const registered = await post(`${touch(host.key)}\n`);
    assert.equal(registered.status, 303, registered.text);
    const [device] = await host.twofold.listDevices('u1', { kind: 'yubikey' });
    assert.ok(device !== undefined);
    assert.equal(device.confirmed, true);
    assert.equal(device.name, 'Office key');

    const signIn = browser(host.url);
    const form = await signIn.get('/account/login');
    const codeStep = await signIn.post('/account/login', { _csrf: csrfOf(form), username: 'alice', password: USERS[0]!.password });
    assert.match(codeStep.text, /<h1>Touch your YubiKey<\/h1>/);
    const verified = await signIn.post('/account/login', { _csrf: csrfOf(codeStep), action: 'verify', token: touch(host.key) });
    assert.equal(verified.status, 303, verified.text);
  });
});
