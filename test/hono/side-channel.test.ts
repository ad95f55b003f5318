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
import { Hono } from 'hono';
import { createTwofold, manualClock, type ManualClock, type Twofold } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { phone } from '../../src/devices/phone/index.js';
import { createDevelopmentGateway, type DevelopmentGateway } from '../../src/gateways/development/index.js';
import { twilioGateway } from '../../src/gateways/twilio/index.js';
import type { PhoneGateway } from '../../src/gateways/types.js';
import { createTwofoldHono } from '../../src/hono/index.js';
import { csrfOf, errorsOf, noticesOf, START, TEST_SECRET } from '../express/support.js';
import { flowBrowser, passwordStep } from '../flows/login/support.js';
import { startTwilioStandIn, twilioSignature, type TwilioStandIn } from '../gateways/support.js';
import { mapSessions, peopleLogin, serveHono, type AppEnv, type Person, type SessionData } from './support.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'hono-twilio-auth-token-0123456789ab';
const CALLER_ID = '+15017122661';
const CALLBACK = 'https://example.com/account/twilio/call';
const SMS_NUMBER = '+31612345678';
const CALL_NUMBER = '+31687654321';

const people: readonly Person[] = [
  { id: 'k-1', username: 'kim', password: 'kim-hono-password' },
  { id: 'k-2', username: 'lou', password: 'lou-hono-password' },
];

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
  const otp = createTwofoldHono<AppEnv, Person>({
    twofold,
    ...peopleLogin(people),
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
  app.use(mapSessions(new Map<string, SessionData>()));
  app.use(otp.middleware);
  app.route('/account', otp.routes);
  const { base, close } = await serveHono(app);
  return { base, clock, twofold, development, close };
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
        const step = await passwordStep(kim, people[0]!);
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
        const called = await passwordStep(lou, people[1]!);
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
        const get = await fetch(`${host.base}${local.pathname}${local.search}`);
        assert.equal(get.status, 405, 'GET on the webhook: 405 as documented');
        assert.equal(get.headers.get('allow'), 'POST');
        assert.equal((await lou.post('/account/login', { _csrf: csrfOf(called), token: digits.slice(0, 6).join('') })).status, 303);

        // Both codes went out from 127.0.0.1: the client budget (two an hour here) now refuses a third.
        const again = flowBrowser(host.base);
        // The password is accepted: its redirect lands on the code step, which says why no code went out.
        const refused = await passwordStep(again, people[0]!);
        assert.equal(refused.via?.status, 303);
        assert.equal(refused.status, 200);
        assert.deepEqual(errorsOf(refused.text), ['Too many codes were sent lately. You can ask for a new one in 60 minutes (01:00:00 UTC).']);
      } finally {
        await host.close();
      }
    });
  }
});
