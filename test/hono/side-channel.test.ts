/**
 * Codes by text message and voice call on Hono (served by @hono/node-server
 * on 127.0.0.1): the first code goes out with the password, "Send a new
 * code" obeys the cooldown with Retry-After, the language reaches the
 * gateway, the client's address reaches the sending budgets, and Twilio's
 * call webhook is served under the prefix, also behind a middleware of the
 * host that already parsed the form.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { serve } from '@hono/node-server';
import { createTwofold, manualClock, type ManualClock, type Twofold } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { phone } from '../../src/devices/phone/index.js';
import type { JsonValue } from '../../src/core/types.js';
import { createDevelopmentGateway, type DevelopmentGateway } from '../../src/gateways/development/index.js';
import { twilioGateway } from '../../src/gateways/twilio/index.js';
import type { PhoneGateway } from '../../src/gateways/types.js';
import { createTwofoldHono, type OtpRequestContext, type TwofoldSession } from '../../src/hono/index.js';
import { csrfOf, errorsOf, noticesOf, START, TEST_SECRET } from '../express/support.js';
import { flowBrowser, type FlowBrowser } from '../flows/login/support.js';
import { startTwilioStandIn, twilioSignature, type TwilioStandIn } from '../gateways/support.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'hono-twilio-auth-token-0123456789ab';
const CALLER_ID = '+15017122661';
const CALLBACK = 'https://example.com/account/twilio/call';
const SMS_NUMBER = '+31612345678';
const CALL_NUMBER = '+31687654321';

interface Person {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

const people: readonly Person[] = [
  { id: 'k-1', username: 'kim', password: 'kim-hono-password' },
  { id: 'k-2', username: 'lou', password: 'lou-hono-password' },
];

type AppEnv = { Variables: { otp: OtpRequestContext; session: TwofoldSession } };

/** A cookie session kept in a Map (enough to prove the adapter). */
function sessions(store: Map<string, Record<string, JsonValue>>) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const cookie = getCookie(c, 'sid');
    let id = cookie !== undefined && store.has(cookie) ? cookie : null;
    let data: Record<string, JsonValue> = id === null ? {} : structuredClone(store.get(id)!);
    const changes = { dirty: false };
    c.set('session', {
      get: (key) => data[key],
      set: (key, value) => {
        data[key] = value;
        changes.dirty = true;
      },
      delete: (key) => {
        data = Object.fromEntries(Object.entries(data).filter(([name]) => name !== key));
        changes.dirty = true;
      },
      regenerate: (keep) => {
        if (id !== null) store.delete(id);
        data = Object.fromEntries(Object.entries(data).filter(([key]) => keep === 'all' || keep.includes(key)));
        id = null;
        changes.dirty = true;
        return Promise.resolve();
      },
    });
    await next();
    if (changes.dirty) {
      id ??= randomBytes(24).toString('base64url');
      store.set(id, structuredClone(data));
      setCookie(c, 'sid', id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    }
  };
}

interface HonoHost {
  readonly base: string;
  readonly clock: ManualClock;
  readonly twofold: Twofold;
  readonly development: DevelopmentGateway;
  close(): Promise<void>;
}

let twilio: TwilioStandIn;
before(async () => {
  twilio = await startTwilioStandIn();
});
after(async () => {
  await twilio.close();
});

/**
 * Texts go through the development gateway, calls through Twilio (the local
 * stand-in). With `parseFirst`, a middleware of the host reads every form
 * through Hono before twofold sees the request.
 */
async function startHonoHost(parseFirst: boolean): Promise<HonoHost> {
  const clock = manualClock(START);
  const development = createDevelopmentGateway({ log: () => undefined, clock: clock.now, environment: 'test' });
  const calls = twilioGateway({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: CALLER_ID, callbackUrl: CALLBACK, clientOptions: { httpClient: twilio.httpClient }, clock: clock.now });
  const gateway: PhoneGateway = { sendSms: (to, message, context) => development.sendSms(to, message, context), makeCall: (to, code, context) => calls.makeCall!(to, code, context) };
  const twofold = createTwofold({
    store: createMemoryStore(),
    kinds: [phone({ gateway, defaultRegion: 'NL', budgets: [{ scope: 'client', limit: 2, windowSeconds: 3600 }] })],
    clock: clock.now,
    secrets: [TEST_SECRET],
    logger: { warn() {}, error() {} },
  });
  await twofold.createDevice({ userId: 'k-1', kind: 'phone', name: 'Kim mobile', options: { number: SMS_NUMBER } });
  await twofold.createDevice({ userId: 'k-2', kind: 'phone', name: 'Lou landline', options: { number: CALL_NUMBER, method: 'call' } });
  const store = new Map<string, Record<string, JsonValue>>();
  const otp = createTwofoldHono<AppEnv, Person>({
    twofold,
    session: (c) => c.get('session'),
    getUser: (c) => people.find((person) => person.id === c.get('session').get('userId')) ?? null,
    verifyPassword: (username, password) => Promise.resolve(people.find((p) => p.username === username && p.password === password) ?? null),
    loadUser: (id) => Promise.resolve(people.find((p) => p.id === id) ?? null),
    logIn: (c, person) => {
      c.get('session').set('userId', person.id);
      return Promise.resolve();
    },
    loginUrl: '/account/login',
    secrets: [TEST_SECRET],
    twilioCalls: calls,
  });
  const app = new Hono<AppEnv>();
  if (parseFirst) {
    app.use(async (c, next) => {
      if (c.req.method === 'POST') await c.req.parseBody();
      await next();
    });
  }
  app.use(sessions(store));
  app.use(otp.middleware);
  app.route('/account', otp.routes);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    clock,
    twofold,
    development,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function signIn(b: FlowBrowser, person: Person) {
  const page = await b.get('/account/login');
  return b.post('/account/login', { _csrf: csrfOf(page), username: person.username, password: person.password });
}

function callParams(to: string): Record<string, string> {
  return { AccountSid: ACCOUNT_SID, CallSid: `CA${'3'.repeat(32)}`, CallStatus: 'in-progress', Direction: 'outbound-api', From: CALLER_ID, To: to };
}

describe('codes sent by text message and voice call, on Hono', () => {
  for (const parseFirst of [false, true]) {
    it(`send the first code with the password, resend after the cooldown, and serve the Twilio webhook${parseFirst ? ' behind c.req.parseBody()' : ''}`, async () => {
      const host = await startHonoHost(parseFirst);
      try {
        // Kim: a text message in German, the cooldown with Retry-After, the code signs in.
        const kim = flowBrowser(host.base, { 'accept-language': 'de' });
        const step = await signIn(kim, people[0]!);
        assert.equal(step.status, 200);
        assert.deepEqual(noticesOf(step.text).slice(1), ['Wir haben eine SMS mit einem Code an +31 • ••••••78 gesendet.']);
        const sms = host.development.latest(SMS_NUMBER);
        assert.equal(sms?.language, 'de');
        host.clock.advance(30);
        const early = await kim.post('/account/login', { _csrf: csrfOf(step), action: 'challenge' });
        assert.equal(early.status, 429);
        assert.equal(early.headers.get('retry-after'), '30');
        const done = await kim.post('/account/login', { _csrf: csrfOf(step), token: /\b(\d{6})\b/.exec(sms.text)![1]! });
        assert.equal(done.status, 303);

        // Lou: the call, whose TwiML Twilio fetches from the webhook without cookies.
        const lou = flowBrowser(host.base, { 'accept-language': 'fr' });
        const before = twilio.requests.length;
        const called = await signIn(lou, people[1]!);
        assert.deepEqual(noticesOf(called.text).slice(1), ['Nous appelons le +31 • ••••••21 : une voix va vous lire un code.']);
        const placed = twilio.requests.slice(before).find((request) => request.path.endsWith('/Calls.json'));
        const url = new Map(placed?.form).get('Url')!;
        const local = new URL(url);
        const params = callParams(CALL_NUMBER);
        const post = (signature: string) =>
          fetch(`${host.base}${local.pathname}${local.search}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
            body: new URLSearchParams(params).toString(),
          });
        const twiml = await post(twilioSignature(AUTH_TOKEN, url, params));
        assert.equal(twiml.status, 200);
        const text = await twiml.text();
        assert.match(text, /<Say language="fr-FR">Votre code de vérification est :<\/Say>/);
        const digits = [...text.matchAll(/<Say language="fr-FR">(\d)<\/Say>/g)].map((match) => match[1]!);
        assert.equal(digits.length, 12);
        assert.equal((await post(twilioSignature(AUTH_TOKEN, `${url}&x=1`, params))).status, 403);
        assert.equal((await lou.post('/account/login', { _csrf: csrfOf(called), token: digits.slice(0, 6).join('') })).status, 303);

        // Both codes went out from 127.0.0.1: the client budget (two an hour here) now refuses a third.
        const again = flowBrowser(host.base);
        const refused = await signIn(again, people[0]!);
        assert.equal(refused.status, 429);
        assert.ok(Number(refused.headers.get('retry-after')) > 0);
        assert.deepEqual(errorsOf(refused.text), ['Too many codes were sent lately. You can ask for a new one in 60 minutes (01:00:00 UTC).']);
      } finally {
        await host.close();
      }
    });
  }
});
