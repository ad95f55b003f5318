import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, manualClock } from '../../src/core/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { phone } from '../../src/devices/phone/index.js';
import { TWILIO_VOICE_LANGUAGES, callTwiml, createVoiceResolver, twilioGateway } from '../../src/gateways/twilio/index.js';
import type { TwilioGatewayOptions } from '../../src/gateways/twilio/index.js';
import { SIGNATURE_SETTINGS_HEADER, checkSharedKeySupport } from '../../src/gateways/twilio/signature.js';
import { isTwofoldError } from '../../src/core/errors.js';
import twilioSdk from 'twilio';
import type { DeliveryContext } from '../../src/gateways/types.js';
import { createdResource, startTwilioStandIn, twilioCallbackRequest, twilioSignature } from './support.js';
import type { TwilioApiRequest, TwilioStandIn } from './support.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const SERVICE_SID = `MG${'fedcba9876543210'.repeat(2)}`;
const CALLER_ID = '+15017122661';
const CALLBACK = 'https://example.com/twofold/twilio/call';
const NUMBER = '+31612345678';
const START = Date.UTC(2026, 0, 1, 12);
const SECRET = 'twilio-test-secret-with-at-least-32-characters';
const SHARED_KEY_ID = `SK${'abcdef0123456789'.repeat(2)}`;
const SHARED_KEY_SECRET = 'shared-key-secret-0123456789abcdef';

/** `request` with Twilio's SharedKey settings header added. */
function withSettings(request: Request, settings: string): Request {
  const headers = new Headers(request.headers);
  headers.set(SIGNATURE_SETTINGS_HEADER, settings);
  return new Request(request, { headers });
}

let twilio: TwilioStandIn;
before(async () => {
  twilio = await startTwilioStandIn();
});
after(async () => {
  await twilio.close();
});

function gateway(overrides: Partial<TwilioGatewayOptions> = {}, clock = manualClock(START)) {
  return twilioGateway({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: CALLER_ID,
    callbackUrl: CALLBACK,
    clientOptions: { httpClient: twilio.httpClient },
    clock: clock.now,
    ...overrides,
  });
}

function context(language: string | null = null, expiresAt = START + 300_000): DeliveryContext {
  return { userId: 'alice', deviceId: 'phone/dev1', language, expiresAt: new Date(expiresAt) };
}

/** The requests received while running `action`. */
async function captured(action: () => Promise<unknown>): Promise<TwilioApiRequest[]> {
  const before = twilio.requests.length;
  await action();
  return twilio.requests.slice(before);
}

const BASIC_AUTH = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;

/** The parameters Twilio posts to the call's URL when the callee answers. */
function answeredCall(to = NUMBER): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: `CA${'1'.repeat(32)}`,
    CallStatus: 'in-progress',
    Direction: 'outbound-api',
    From: CALLER_ID,
    To: to,
  };
}

/** Places a call and returns the URL Twilio was told to fetch. */
async function placeCall(g: ReturnType<typeof gateway>, code: string, language: string | null = null, to = NUMBER): Promise<string> {
  const [request] = await captured(() => g.makeCall!(to, code, context(language)));
  const url = new Map(request?.form).get('Url');
  assert.ok(url !== undefined);
  return url;
}

async function fetchTwiml(g: ReturnType<typeof gateway>, url: string, params = answeredCall(), token = AUTH_TOKEN): Promise<Response> {
  return g.handleCallRequest(twilioCallbackRequest(url, params, twilioSignature(token, url, params)));
}

describe('twilioGateway: text messages through the SDK', () => {
  it('posts To, MessagingServiceSid and Body to Messages.json when a messaging service is set', async () => {
    const g = gateway({ messagingServiceSid: SERVICE_SID });
    const requests = await captured(() => g.sendSms(NUMBER, 'Your code is 012345', context()));
    assert.equal(requests.length, 1);
    const [request] = requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    assert.equal(request.authorization, BASIC_AUTH);
    assert.match(request.contentType ?? '', /^application\/x-www-form-urlencoded/);
    assert.deepEqual(Object.fromEntries(request.form), { To: NUMBER, MessagingServiceSid: SERVICE_SID, Body: 'Your code is 012345' });
  });

  it('posts From instead when only a caller id is set', async () => {
    const g = gateway();
    const [request] = await captured(() => g.sendSms('+14155550100', 'hello 987654', context()));
    assert.equal(request?.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    assert.deepEqual(Object.fromEntries(request.form), { To: '+14155550100', From: CALLER_ID, Body: 'hello 987654' });
  });

  it('throws when Twilio refuses, naming Twilio’s reason and not the message', async () => {
    twilio.answerWith(() => ({ status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } }));
    try {
      await assert.rejects(gateway().sendSms(NUMBER, 'secret body 424242', context()), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /text message could not be sent/);
        assert.match(error.message, /not a valid phone number/);
        assert.doesNotMatch(error.message, /424242/);
        return true;
      });
    } finally {
      twilio.answerWith(createdResource);
    }
  });

  it('refuses bad configuration at once', () => {
    const base = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: CALLER_ID };
    const bad: [string, Partial<TwilioGatewayOptions>][] = [
      ['accountSid', { accountSid: 'AC123' }],
      ['authToken', { authToken: 'short' }],
      ['from', { from: '0612345678' }],
      ['messagingServiceSid', { messagingServiceSid: 'MG1' }],
      ['messagingServiceSid" or "from', { from: undefined }],
      ['callbackUrl', { callbackUrl: 'http://example.com/call' }],
      ['callbackUrl', { callbackUrl: 'https://example.com/call?call=x' }],
      ['callbackUrl', { callbackUrl: 'not a url' }],
      ['ringTimeoutSeconds', { ringTimeoutSeconds: 2 }],
      ['fallbackLanguage', { voice: { fallbackLanguage: 'xx-XX' } }],
      ['voiceName', { voice: { voiceName: 'a"b' } }],
      ['callReferenceSecret', { callReferenceSecret: 'too short' }],
    ];
    for (const [setting, overrides] of bad) {
      assert.throws(() => twilioGateway({ ...base, ...overrides }), (error: unknown) => {
        assert.ok(error instanceof Error && 'code' in error && error.code === 'INVALID_CONFIG', `${setting}: ${String(error)}`);
        assert.ok(error.message.includes(setting), `${setting}: ${error.message}`);
        return true;
      });
    }
    assert.doesNotThrow(() => twilioGateway({ ...base, callbackUrl: 'http://localhost:3000/call' }));
    assert.throws(() => twilioGateway({ ...base, from: undefined, messagingServiceSid: SERVICE_SID, callbackUrl: CALLBACK }), /calls need "from"/);
  });

  it('offers calls only when they are configured', () => {
    const textOnly = twilioGateway({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, messagingServiceSid: SERVICE_SID });
    assert.equal(textOnly.makeCall, undefined);
    assert.deepEqual(phone({ gateway: textOnly }).methods, ['sms']);
    assert.deepEqual(phone({ gateway: gateway() }).methods, ['sms', 'call']);
  });
});

describe('twilioGateway: voice calls and the TwiML endpoint', () => {
  it('posts To, From, Url, Method and Timeout to Calls.json; the URL carries only an encrypted reference', async () => {
    const g = gateway({ ringTimeoutSeconds: 20 });
    const [request] = await captured(() => g.makeCall!(NUMBER, '012345', context('nl-BE')));
    assert.equal(request?.method, 'POST');
    assert.equal(request.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
    assert.equal(request.authorization, BASIC_AUTH);
    const form = Object.fromEntries(request.form);
    assert.deepEqual(Object.keys(form).sort(), ['From', 'Method', 'Timeout', 'To', 'Url']);
    assert.equal(form.To, NUMBER);
    assert.equal(form.From, CALLER_ID);
    assert.equal(form.Method, 'POST');
    assert.equal(form.Timeout, '20');
    const url = new URL(form.Url ?? '');
    assert.equal(`${url.origin}${url.pathname}`, CALLBACK);
    assert.deepEqual([...url.searchParams.keys()], ['call']);
    const sealed = Buffer.from(url.searchParams.get('call') ?? '', 'base64url');
    assert.ok(sealed.length >= 12 + 16 + 40, 'nonce, tag and an encrypted payload');
    const bytes = sealed.toString('latin1');
    for (const clear of ['012345', '"code"', NUMBER, 'nl-NL']) assert.ok(!bytes.includes(clear), `${clear} is not in the reference in clear`);
  });

  it('serves the exact TwiML: digits one by one with pauses, leading zero kept, twice, in the user’s language', async () => {
    const g = gateway();
    const url = await placeCall(g, '012345', 'nl-BE');
    const response = await fetchTwiml(g, url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/xml; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const say = (text: string) => `<Say language="nl-NL">${text}</Say>`;
    const pause = '<Pause length="1"/>';
    const digits = ['0', '1', '2', '3', '4', '5'].map((digit) => `${say(digit)}${pause}`).join('');
    assert.equal(
      await response.text(),
      `<?xml version="1.0" encoding="UTF-8"?><Response>${pause}${say('Uw verificatiecode is:')}${pause}${digits}${say('Nogmaals, uw code is:')}${pause}${digits}${say('Tot ziens.')}</Response>`,
    );
  });

  it('checks Twilio’s signature: valid → 200; missing, tampered or wrongly keyed → 403', async () => {
    const g = gateway();
    const url = await placeCall(g, '604213');
    const params = answeredCall();
    const valid = twilioSignature(AUTH_TOKEN, url, params);
    assert.equal((await g.handleCallRequest(twilioCallbackRequest(url, params, valid))).status, 200);
    assert.equal((await g.handleCallRequest(twilioCallbackRequest(url, params, null))).status, 403, 'no signature');
    assert.equal((await g.handleCallRequest(twilioCallbackRequest(url, params, ''))).status, 403, 'empty signature');
    assert.equal((await g.handleCallRequest(twilioCallbackRequest(url, { ...params, CallStatus: 'ringing' }, valid))).status, 403, 'tampered parameter');
    assert.equal((await g.handleCallRequest(twilioCallbackRequest(url, { ...params, Extra: 'x' }, valid))).status, 403, 'added parameter');
    assert.equal((await g.handleCallRequest(twilioCallbackRequest(`${url}&x=1`, params, valid))).status, 403, 'tampered URL');
    assert.equal((await fetchTwiml(g, url, params, 'another-auth-token-0123456789abcdef')).status, 403, 'signed with another token');
    const flipped = valid.startsWith('A') ? `B${valid.slice(1)}` : `A${valid.slice(1)}`;
    assert.equal((await g.handleCallRequest(twilioCallbackRequest(url, params, flipped))).status, 403, 'one character changed');
    const notForm = new Request(url, { method: 'POST', headers: { 'x-twilio-signature': valid, 'content-type': 'application/json' }, body: JSON.stringify(params) });
    assert.equal((await g.handleCallRequest(notForm)).status, 403, 'not a form post');
    // A huge body is refused without being read to the end (streamed, no length announced).
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
      },
    });
    const flood = new Request(url, {
      method: 'POST',
      headers: { 'x-twilio-signature': valid, 'content-type': 'application/x-www-form-urlencoded' },
      body: endless,
      duplex: 'half',
    });
    assert.equal((await g.handleCallRequest(flood)).status, 403, 'oversized body');
    assert.ok(pulled < 10, `stopped after ${pulled} chunks`);
  });

  it('checks SharedKey signatures (HMAC-SHA256 or HMAC-SHA1) with the shared key secret, only when it is configured', async () => {
    const g = gateway({ webhookSharedKeySecret: SHARED_KEY_SECRET });
    const url = await placeCall(g, '604213');
    const params = answeredCall();
    const sharedKeyRequest = (algorithm: string, secret = SHARED_KEY_SECRET, signedAs = algorithm) =>
      withSettings(
        twilioCallbackRequest(url, params, twilioSdk.getExpectedTwilioSignature(secret, url, params, signedAs)),
        `key=${SHARED_KEY_ID},algorithm=${algorithm}`,
      );
    assert.equal((await g.handleCallRequest(sharedKeyRequest('HMAC_SHA256'))).status, 200);
    assert.equal((await g.handleCallRequest(sharedKeyRequest('HMAC_SHA1'))).status, 200);
    assert.equal((await g.handleCallRequest(sharedKeyRequest('HMAC_SHA256', AUTH_TOKEN))).status, 403, 'a SharedKey request signed with the auth token');
    assert.equal((await g.handleCallRequest(sharedKeyRequest('HMAC_SHA256', 'another-shared-key-secret-0123456789'))).status, 403, 'another secret');
    assert.equal((await g.handleCallRequest(sharedKeyRequest('HMAC_SHA1', SHARED_KEY_SECRET, 'HMAC_SHA256'))).status, 403, 'algorithm misnamed');
    assert.equal((await g.handleCallRequest(sharedKeyRequest('HMAC_MD5', SHARED_KEY_SECRET, 'HMAC_SHA256'))).status, 403, 'unknown algorithm');
    // Without the settings header the classic scheme still applies.
    assert.equal((await fetchTwiml(g, url, params)).status, 200, 'auth token and HMAC-SHA1');
    const sha256WithToken = twilioCallbackRequest(url, params, twilioSdk.getExpectedTwilioSignature(AUTH_TOKEN, url, params, 'HMAC_SHA256'));
    assert.equal((await g.handleCallRequest(sha256WithToken)).status, 403, 'no header: HMAC-SHA1 only');

    // A gateway without the option refuses every SharedKey request, even one signed with the auth token.
    const classic = gateway();
    const classicUrl = await placeCall(classic, '604213');
    const tokenSigned = twilioCallbackRequest(classicUrl, params, twilioSdk.getExpectedTwilioSignature(AUTH_TOKEN, classicUrl, params, 'HMAC_SHA256'));
    assert.equal((await classic.handleCallRequest(withSettings(tokenSigned, `key=${SHARED_KEY_ID},algorithm=HMAC_SHA256`))).status, 403);
  });

  it('refuses a short shared key secret, and explains when the installed SDK is too old for it', () => {
    assert.throws(() => gateway({ webhookSharedKeySecret: 'short' }), (e: unknown) => isTwofoldError(e, 'INVALID_CONFIG') && /webhookSharedKeySecret/.test(e.message));
    const before63 = { validateRequest: twilioSdk.validateRequest };
    assert.throws(
      () => checkSharedKeySupport(before63, { authToken: AUTH_TOKEN, sharedKeySecret: SHARED_KEY_SECRET }),
      (e: unknown) => isTwofoldError(e, 'INVALID_CONFIG') && /6\.3\.1/.test(e.message),
    );
    checkSharedKeySupport(before63, { authToken: AUTH_TOKEN, sharedKeySecret: undefined });
    checkSharedKeySupport(twilioSdk, { authToken: AUTH_TOKEN, sharedKeySecret: SHARED_KEY_SECRET });
    assert.equal(SIGNATURE_SETTINGS_HEADER, twilioSdk.SIGNATURE_SETTINGS_HEADER);
  });

  it('answers 405 to other methods', async () => {
    const response = await gateway().handleCallRequest(new Request(`${CALLBACK}?call=x`, { method: 'GET' }));
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST');
  });

  it('serves the code only into the call it was made for, and only before it expires', async () => {
    const clock = manualClock(START);
    const g = gateway({}, clock);
    const url = await placeCall(g, '555000');
    // Properly signed, but for another account or another number.
    assert.equal((await fetchTwiml(g, url, { ...answeredCall(), AccountSid: `AC${'9'.repeat(32)}` })).status, 403);
    assert.equal((await fetchTwiml(g, url, answeredCall('+31687654321'))).status, 403);
    // A reference that does not decrypt, or none at all.
    const garbled = `${CALLBACK}?call=${Buffer.from('x'.repeat(60)).toString('base64url')}`;
    assert.equal((await fetchTwiml(g, garbled)).status, 403);
    assert.equal((await fetchTwiml(g, CALLBACK)).status, 403);
    // A reference made by a gateway of another account does not open here either.
    const other = gateway({ accountSid: `AC${'a'.repeat(32)}` }, clock);
    const foreign = await placeCall(other, '555000');
    assert.equal((await fetchTwiml(g, foreign)).status, 403);
    // The code's own expiry: 300 s after it was issued.
    clock.advance(299.999);
    assert.equal((await fetchTwiml(g, url)).status, 200);
    clock.advance(0.001);
    assert.equal((await fetchTwiml(g, url)).status, 410);
  });

  it('validates against the configured URL, whatever host the request reached behind a proxy', async () => {
    const g = gateway();
    const url = await placeCall(g, '131313');
    const params = answeredCall();
    const signature = twilioSignature(AUTH_TOKEN, url, params);
    const internal = new URL(url);
    const proxied = `http://10.0.0.7:8080/internal/twilio${internal.search}`;
    assert.equal((await g.handleCallRequest(twilioCallbackRequest(proxied, params, signature))).status, 200);
  });

  it('falls back to a voice that has a script, so words and voice always match', () => {
    const resolve = createVoiceResolver({ 'tr-TR': { intro: 'Doğrulama kodunuz:', repeat: 'Tekrar ediyorum:', goodbye: 'Hoşça kalın.' }, it: { intro: 'Il suo codice è:', repeat: 'Ripeto:', goodbye: 'Arrivederci.' } }, 'en-US');
    assert.ok(resolve !== null);
    const language = (tag: string | null) => resolve(tag).language;
    assert.equal(language('nl'), 'nl-NL');
    assert.equal(language('nl_be'), 'nl-NL');
    assert.equal(language('de-AT'), 'de-DE');
    assert.equal(language('en-GB'), 'en-GB');
    assert.equal(language('en-NZ'), 'en-US');
    assert.equal(language('fr-CA'), 'fr-CA');
    assert.equal(language('es-419'), 'es-ES');
    assert.equal(language('ja-JP'), 'en-US', 'a voice but no script');
    assert.equal(language('pt-BR'), 'en-US', 'a voice but no script');
    assert.equal(language('fy-NL'), 'en-US', 'neither');
    assert.equal(language('tr'), 'tr-TR', 'a host script under a full code adds that voice');
    assert.equal(language('it-CH'), 'it-IT', 'a host script for a language with a standard voice');
    assert.equal(language(null), 'en-US');
    assert.equal(language('garbage!!'), 'en-US');
    assert.equal(resolve('ja').script.intro, 'Your verification code is:');
    assert.equal(createVoiceResolver({}, 'ja-JP'), null, 'a fallback without a script');
    assert.ok(TWILIO_VOICE_LANGUAGES.includes('nl-NL'));
  });

  it('escapes the script and the voice name in the TwiML', () => {
    const xml = callTwiml('07', { language: 'en-US', script: { intro: 'Tom & Jerry <code>:', repeat: '"again"', goodbye: "bye'" } }, 'Polly.Joanna');
    assert.equal(
      xml,
      '<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="1"/>' +
        '<Say language="en-US" voice="Polly.Joanna">Tom &amp; Jerry &lt;code&gt;:</Say><Pause length="1"/>' +
        '<Say language="en-US" voice="Polly.Joanna">0</Say><Pause length="1"/><Say language="en-US" voice="Polly.Joanna">7</Say><Pause length="1"/>' +
        '<Say language="en-US" voice="Polly.Joanna">&quot;again&quot;</Say><Pause length="1"/>' +
        '<Say language="en-US" voice="Polly.Joanna">0</Say><Pause length="1"/><Say language="en-US" voice="Polly.Joanna">7</Say><Pause length="1"/>' +
        '<Say language="en-US" voice="Polly.Joanna">bye&apos;</Say></Response>',
    );
  });
});

describe('phone devices through Twilio, end to end', () => {
  function setup(method: 'sms' | 'call') {
    const clock = manualClock(START);
    const g = gateway({ messagingServiceSid: SERVICE_SID }, clock);
    const kind = phone({ gateway: g, defaultRegion: 'NL' });
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [kind], secrets: [SECRET], clock: clock.now });
    return { clock, g, twofold, create: () => twofold.createDevice({ userId: 'alice', kind, options: { number: '06 12345678', method } }) };
  }

  it('sends a text message with the code in the user’s language, and the code signs in once', async () => {
    const { twofold, create } = setup('sms');
    const device = await create();
    const requests = await captured(async () => {
      const result = await twofold.generateChallenge('alice', device.persistentId, { language: 'nl-NL' });
      assert.equal(result.ok, true);
    });
    assert.equal(requests.length, 1);
    const body = new Map(requests[0]?.form).get('Body') ?? '';
    const code = /^(\d{6}) is uw verificatiecode\. De code verloopt over 5 minuten\./.exec(body)?.[1];
    assert.ok(code !== undefined, body);
    assert.equal(new Map(requests[0]?.form).get('To'), NUMBER);
    assert.equal((await twofold.verifyToken('alice', device.persistentId, code)).ok, true);
    const again = await twofold.verifyToken('alice', device.persistentId, code);
    assert.equal(again.ok ? 'ok' : again.reason, 'replayed-token');
  });

  it('calls, and the digits read by the TwiML sign in', async () => {
    const { g, twofold, create } = setup('call');
    const device = await create();
    const [request] = await captured(() => twofold.generateChallenge('alice', device.persistentId, { language: 'de' }));
    assert.equal(request?.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
    const url = new Map(request.form).get('Url') ?? '';
    const response = await fetchTwiml(g, url);
    const xml = await response.text();
    assert.match(xml, /<Say language="de-DE">Ihr Bestätigungscode lautet:<\/Say>/);
    const spoken = [...xml.matchAll(/<Say language="de-DE">(\d)<\/Say>/g)].map((match) => match[1]).join('');
    assert.equal(spoken.length, 12);
    assert.equal(spoken.slice(0, 6), spoken.slice(6), 'read twice');
    assert.equal((await twofold.verifyToken('alice', device.persistentId, spoken.slice(0, 6))).ok, true);
  });

  it('a refused delivery fails the challenge and leaves the user free to ask again at once', async () => {
    const { twofold, create } = setup('sms');
    const device = await create();
    twilio.answerWith(() => ({ status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } }));
    try {
      const failed = await twofold.generateChallenge('alice', device.persistentId);
      assert.equal(failed.ok ? 'ok' : failed.reason, 'failed');
    } finally {
      twilio.answerWith(createdResource);
    }
    const retried = await twofold.generateChallenge('alice', device.persistentId);
    assert.equal(retried.ok, true, 'no cooldown after a failed send');
    const third = await twofold.generateChallenge('alice', device.persistentId);
    assert.equal(third.ok ? 'ok' : third.reason, 'cooldown');
  });
});
