/**
 * Twilio's voice-call webhook served by twofold's Express router at
 * `<prefix>/twilio/call` (option `twilioCalls`): a sign-in in Dutch places
 * the call through the official SDK (pointed at a local stand-in for
 * Twilio's REST API), and a request signed the way Twilio signs gets the
 * TwiML that reads the code twice in Dutch, without cookies or a CSRF token,
 * whatever body parser the host runs; a bad signature gets 403.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { twilioGateway, type TwilioGateway } from '../../src/gateways/twilio/index.js';
import { startTwilioStandIn, twilioSignature, type TwilioStandIn } from '../gateways/support.js';
import { csrfOf, noticesOf, passwordStep, START, whoami, withFlowHost, type FlowHost, type FlowHostOptions } from '../flows/login/support.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'express-twilio-auth-token-0123456789';
const CALLER_ID = '+15017122661';
const CALLBACK = 'https://example.com/account/twilio/call';
const NUMBER = '+31612345678';

let twilio: TwilioStandIn;
before(async () => {
  twilio = await startTwilioStandIn();
});
after(async () => {
  await twilio.close();
});

/** A gateway whose clock follows the host's (set once the host is running). */
function callGateway(): { readonly gateway: TwilioGateway; readonly follow: (host: FlowHost) => void } {
  let now = () => START;
  const gateway = twilioGateway({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: CALLER_ID,
    callbackUrl: CALLBACK,
    clientOptions: { httpClient: twilio.httpClient },
    clock: () => now(),
  });
  return {
    gateway,
    follow: (host) => {
      now = host.clock.now;
    },
  };
}

/** The parameters Twilio posts when the callee answers. */
function answered(to = NUMBER): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: `CA${'2'.repeat(32)}`,
    CallStatus: 'in-progress',
    Direction: 'outbound-api',
    From: CALLER_ID,
    To: to,
  };
}

/** Signs the way Twilio does: over the URL it was given (the public callback), not the one the request reaches. */
function postAsTwilio(host: FlowHost, callUrl: string, params: Record<string, string>, signature = twilioSignature(AUTH_TOKEN, callUrl, params)): Promise<Response> {
  const local = new URL(callUrl);
  return fetch(`${host.url}${local.pathname}${local.search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

/** Signs Alice in with her phone (calls) as primary device, in Dutch; returns the URL the call was placed with. */
async function signInByCall(host: FlowHost) {
  const alice = host.user('alice');
  const device = await host.twofold.createDevice({ userId: alice.id, kind: 'phone', name: 'Vaste lijn', options: { number: NUMBER, method: 'call' } });
  const b = host.browser({ 'accept-language': 'nl' });
  const before = twilio.requests.length;
  const step = await passwordStep(b, alice);
  assert.equal(step.status, 200, step.text);
  assert.deepEqual(noticesOf(step.text).slice(1), ['We bellen +31 • ••••••78 nu: een stem leest je een code voor.']);
  const calls = twilio.requests.slice(before).filter((request) => request.path.endsWith('/Calls.json'));
  assert.equal(calls.length, 1);
  const form = new Map(calls[0]!.form);
  assert.equal(form.get('To'), NUMBER);
  const url = form.get('Url');
  assert.ok(url !== undefined && url.startsWith(`${CALLBACK}?call=`), url);
  return { b, device, step, url };
}

/** The digits read aloud, in order (each reading). */
function digitsOf(twiml: string): string[] {
  return [...twiml.matchAll(/<Say language="nl-NL">(\d)<\/Say>/g)].map((match) => match[1]!);
}

async function withCallHost(options: FlowHostOptions, test: (host: FlowHost) => Promise<void>): Promise<void> {
  const { gateway, follow } = callGateway();
  await withFlowHost({ ...options, phoneGateway: gateway, twofold: { twilioCalls: gateway, ...options.twofold } }, async (host) => {
    follow(host);
    await test(host);
  });
}

describe('Express: the Twilio call webhook under the prefix', () => {
  it('answers a Twilio-signed request with the TwiML (the code twice, in Dutch) without cookies or CSRF; the code then signs in', () =>
    withCallHost({}, async (host) => {
      const { b, step, url } = await signInByCall(host);
      const response = await postAsTwilio(host, url, answered());
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/xml; charset=utf-8');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.deepEqual(response.headers.getSetCookie(), [], 'no session is started for Twilio');
      const twiml = await response.text();
      assert.match(twiml, /^<\?xml version="1\.0" encoding="UTF-8"\?><Response>/);
      assert.match(twiml, /<Say language="nl-NL">Uw verificatiecode is:<\/Say>/);
      assert.match(twiml, /<Say language="nl-NL">Nogmaals, uw code is:<\/Say>/);
      const digits = digitsOf(twiml);
      assert.equal(digits.length, 12);
      const code = digits.slice(0, 6).join('');
      assert.equal(digits.slice(6).join(''), code, 'read twice');
      const done = await b.post('/account/login', { _csrf: csrfOf(step), token: code });
      assert.equal(done.status, 303);
      assert.equal((await whoami(b)).verified, true);
    }));

  it('refuses a bad signature, another account, another number, and an expired code', () =>
    withCallHost({}, async (host) => {
      const { url } = await signInByCall(host);
      const params = answered();
      const valid = twilioSignature(AUTH_TOKEN, url, params);
      assert.equal((await postAsTwilio(host, url, params, twilioSignature('not-the-auth-token-0123456789', url, params))).status, 403);
      assert.equal((await postAsTwilio(host, url, { ...params, CallStatus: 'completed' }, valid)).status, 403, 'a parameter changed after signing');
      assert.equal((await postAsTwilio(host, url, params, '')).status, 403);
      assert.equal((await postAsTwilio(host, url, answered('+31687654321'))).status, 403, 'not the number called');
      assert.equal((await postAsTwilio(host, url, { ...params, AccountSid: `AC${'f'.repeat(32)}` })).status, 403);
      host.clock.advance(300);
      assert.equal((await postAsTwilio(host, url, params)).status, 410, 'the code has expired');
    }));

  for (const bodyParser of ['urlencoded', 'raw', 'text'] as const) {
    it(`works behind the host's express.${bodyParser}() (the signature covers the parsed form)`, () =>
      withCallHost({ bodyParser }, async (host) => {
        const { url } = await signInByCall(host);
        const response = await postAsTwilio(host, url, answered());
        assert.equal(response.status, 200, await response.clone().text());
        assert.equal(digitsOf(await response.text()).length, 12);
        assert.equal((await postAsTwilio(host, url, answered(), 'forged')).status, 403);
      }));
  }

  it('is not mounted without the twilioCalls option, and takes POST only', async () => {
    const { gateway, follow } = callGateway();
    await withFlowHost({ phoneGateway: gateway }, async (host) => {
      follow(host);
      const { url } = await signInByCall(host);
      assert.equal((await postAsTwilio(host, url, answered())).status, 404);
    });
    await withCallHost({}, async (host) => {
      const get = await fetch(`${host.url}/account/twilio/call?call=x`);
      assert.equal(get.status, 405, 'GET is answered as documented, not with 404');
      assert.equal(get.headers.get('allow'), 'POST');
      assert.equal(get.headers.get('set-cookie'), null, 'no session for it');
    });
  });

  it('checks the option at start-up', async () => {
    await assert.rejects(
      withFlowHost({ twofold: { twilioCalls: { handleCallRequest: 'nope' } as never } }, () => Promise.resolve()),
      /twilioCalls must be the Twilio gateway/,
    );
  });
});
