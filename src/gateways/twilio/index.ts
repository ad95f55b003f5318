/**
 * Text messages and voice calls through Twilio, with the official `twilio`
 * SDK (an optional peer dependency, loaded on first use).
 *
 * Text messages go out from a messaging service or a caller id. A call is
 * placed with a URL of twofold's TwiML endpoint ({@link TwilioGateway.handleCallRequest},
 * mounted by the host at `callbackUrl`); when the callee answers, Twilio
 * fetches it and reads the code aloud twice in the user's language. The
 * endpoint accepts only requests bearing Twilio's signature, and the code is
 * never in the URL in clear: the URL carries an encrypted, short-lived
 * reference (AES-256-GCM) that also binds the code to the number called.
 *
 * @packageDocumentation
 */
import { rejectUnknownOptions } from '../../core/config-keys.js';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type TwilioSdk from 'twilio';
import { TwofoldError } from '../../core/errors.js';
import { systemClock } from '../../core/clock.js';
import type { Clock } from '../../core/clock.js';
import { loadOptionalPackage } from '../../core/optional-package.js';
import type { DeliveryContext, PhoneGateway } from '../types.js';
import { checkSharedKeySupport, isSignedByTwilio } from './signature.js';
import type { SignatureSecrets, TwilioSignatureSdk } from './signature.js';
import { callTwiml, createVoiceResolver } from './voice.js';
import type { VoiceResolver, VoiceScript } from './voice.js';

export type { DeliveryContext, PhoneGateway } from '../types.js';
export { DEFAULT_VOICE_SCRIPTS, TWILIO_VOICE_LANGUAGES, callTwiml, createVoiceResolver, escapeXml } from './voice.js';
export type { ResolvedVoice, VoiceResolver, VoiceScript } from './voice.js';
export { SIGNATURE_SETTINGS_HEADER } from './signature.js';

/** The part of a Twilio REST client twofold uses (the SDK's client has it). */
export interface TwilioClientLike {
  readonly messages: {
    create(params: { to: string; body: string; from?: string; messagingServiceSid?: string }): Promise<unknown>;
  };
  readonly calls: {
    create(params: { to: string; from: string; url: string; method: 'POST'; timeout: number }): Promise<unknown>;
  };
}

/** Voice settings of {@link twilioGateway}. */
export interface TwilioVoiceOptions {
  /**
   * Language spoken when the user's has no voice or no script: a
   * `<Say language>` code with a script. Default `en-US`.
   */
  readonly fallbackLanguage?: string;
  /**
   * Scripts by primary language (`nl`) or full code (`tr-TR`), over the
   * built-in English, Dutch, German, French and Spanish ones.
   */
  readonly scripts?: Readonly<Record<string, VoiceScript>>;
  /** The `<Say voice>` attribute (e.g. `Polly.Joanna`); Twilio's default voice when absent. */
  readonly voiceName?: string;
}

/** Options of {@link twilioGateway}. */
export interface TwilioGatewayOptions {
  /** `AC` followed by 32 hexadecimal digits. */
  readonly accountSid: string;
  /** The account's auth token: authenticates the REST calls and the signatures of Twilio's requests. */
  readonly authToken: string;
  /** Caller id in E.164: places the calls, and sends text messages when no messaging service is set. */
  readonly from?: string;
  /** `MG` + 32 hexadecimal digits: sends text messages through this messaging service (preferred). */
  readonly messagingServiceSid?: string;
  /**
   * Absolute public URL where the host mounts {@link TwilioGateway.handleCallRequest}
   * (`https://example.com/twofold/twilio/call`). Required for calls. `http:`
   * only for localhost.
   */
  readonly callbackUrl?: string;
  readonly voice?: TwilioVoiceOptions;
  /** How long a call rings before Twilio gives up, 5 to 60 seconds. Default 30. */
  readonly ringTimeoutSeconds?: number;
  /**
   * Options for the SDK's client (`httpClient`, `edge`, `region`, `timeout`,
   * `autoRetry`, ...), passed unchanged to `twilio(accountSid, authToken, options)`.
   */
  readonly clientOptions?: Readonly<Record<string, unknown>>;
  /** A ready client instead (for example one built with your own options). */
  readonly client?: TwilioClientLike;
  /**
   * Key material for the encrypted call references (at least 32 characters).
   * Default: derived from the auth token, which every app process already shares.
   */
  readonly callReferenceSecret?: string;
  /** Current time (default `Date.now`), for the expiry of call references. */
  readonly clock?: Clock;
  /**
   * The secret of a SharedKey webhook signing key (at least 16 characters):
   * with it, calls whose requests carry `X-Twilio-Webhooks-Signature-Settings`
   * are checked with this secret and the algorithm named there (HMAC_SHA1 or
   * HMAC_SHA256). Without it, such requests are refused (403). Requests
   * without that header are always checked with the auth token (HMAC-SHA1).
   * Needs twilio 6.3.1 or later.
   */
  readonly webhookSharedKeySecret?: string;
}

/** A Twilio gateway for the phone kind, plus the TwiML endpoint its calls fetch. */
export interface TwilioGateway extends PhoneGateway {
  /** Present only when calls are configured (`callbackUrl` and `from`), so that the phone kind offers calls only then. */
  makeCall?: (to: string, code: string, context: DeliveryContext) => Promise<void>;
  /**
   * The TwiML endpoint, framework-neutral: mount it at `callbackUrl` (POST).
   * Answers 403 unless the request carries a valid `X-Twilio-Signature` for
   * the configured URL (auth token and HMAC-SHA1, or a SharedKey: see
   * {@link TwilioGatewayOptions.webhookSharedKeySecret}) and comes from this account for the number called,
   * 405 for other methods, 410 once the code has expired, and otherwise the
   * TwiML that reads the code (`text/xml`, never cached).
   */
  handleCallRequest(request: Request): Promise<Response>;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;
const REFERENCE_PARAMETER = 'call';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
// A reference outlives its code by nothing, and never lives longer than this.
const MAX_REFERENCE_LIFETIME_MS = 10 * 60 * 1000;
const MAX_BODY_BYTES = 64 * 1024;

function configError(message: string): TwofoldError {
  return new TwofoldError('INVALID_CONFIG', `twilioGateway: ${message}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkCallbackUrl(value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw configError('"callbackUrl" must be an absolute URL');
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw configError('"callbackUrl" must use https: (http: only for localhost)');
  }
  if (url.hash !== '' || url.searchParams.has(REFERENCE_PARAMETER) || url.username !== '' || url.password !== '') {
    throw configError(`"callbackUrl" must have no fragment, no credentials and no "${REFERENCE_PARAMETER}" parameter`);
  }
  return url;
}

interface CallReference {
  /** The number called (E.164). */
  readonly to: string;
  readonly code: string;
  /** `<Say language>` code. */
  readonly language: string;
  /** Expiry, ms since the epoch. */
  readonly expiresAt: number;
}

function isCallReference(value: unknown): value is CallReference {
  if (typeof value !== 'object' || value === null) return false;
  const { to, code, language, expiresAt } = value as Record<string, unknown>;
  return (
    typeof to === 'string' &&
    E164.test(to) &&
    typeof code === 'string' &&
    /^[0-9]{4,10}$/.test(code) &&
    typeof language === 'string' &&
    typeof expiresAt === 'number' &&
    Number.isSafeInteger(expiresAt)
  );
}

/**
 * The body of an unauthenticated request as UTF-8 text, or null when it is
 * larger than {@link MAX_BODY_BYTES} (read no further) or not UTF-8.
 */
async function readSmallBody(request: Request): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? '0') > MAX_BODY_BYTES) return null;
  if (request.body === null) return '';
  // Node's typings leave the chunk type open; fetch bodies are byte streams.
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return null;
  }
}

/**
 * Creates a Twilio gateway.
 *
 * @example
 * ```ts
 * const gateway = twilioGateway({
 *   accountSid: process.env.TWILIO_ACCOUNT_SID!,
 *   authToken: process.env.TWILIO_AUTH_TOKEN!,
 *   messagingServiceSid: process.env.TWILIO_MESSAGING_SERVICE_SID,
 *   from: '+15017122661',
 *   callbackUrl: 'https://example.com/twofold/twilio/call',
 * });
 * app.post('/twofold/twilio/call', (req) => gateway.handleCallRequest(req)); // a web-standard Request
 * const kinds = [phone({ gateway, defaultRegion: 'NL' })];
 * ```
 */
export function twilioGateway(options: TwilioGatewayOptions): TwilioGateway {
  rejectUnknownOptions('twilioGateway', options, [
    'accountSid',
    'authToken',
    'from',
    'messagingServiceSid',
    'callbackUrl',
    'voice',
    'ringTimeoutSeconds',
    'clientOptions',
    'client',
    'callReferenceSecret',
    'clock',
    'webhookSharedKeySecret',
  ]);
  const { accountSid, authToken, from, messagingServiceSid } = options;
  if (typeof accountSid !== 'string' || !ACCOUNT_SID.test(accountSid)) throw configError('"accountSid" must be AC followed by 32 hexadecimal digits');
  if (typeof authToken !== 'string' || authToken.length < 16) throw configError('"authToken" must be the account\'s auth token');
  if (from !== undefined && (typeof from !== 'string' || !E164.test(from))) throw configError('"from" must be a number in E.164 (+15017122661)');
  if (messagingServiceSid !== undefined && (typeof messagingServiceSid !== 'string' || !MESSAGING_SERVICE_SID.test(messagingServiceSid))) {
    throw configError('"messagingServiceSid" must be MG followed by 32 hexadecimal digits');
  }
  if (from === undefined && messagingServiceSid === undefined) throw configError('set "messagingServiceSid" or "from" (or both)');
  const callbackUrl = options.callbackUrl === undefined ? null : checkCallbackUrl(options.callbackUrl);
  if (callbackUrl !== null && from === undefined) throw configError('calls need "from" (the caller id) as well as "callbackUrl"');
  const ringTimeoutSeconds = options.ringTimeoutSeconds ?? 30;
  if (!Number.isInteger(ringTimeoutSeconds) || ringTimeoutSeconds < 5 || ringTimeoutSeconds > 60) {
    throw configError('"ringTimeoutSeconds" must be an integer from 5 to 60');
  }
  const voiceName = options.voice?.voiceName;
  if (voiceName !== undefined && (typeof voiceName !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(voiceName))) {
    throw configError('"voice.voiceName" must be a Twilio voice name such as "Polly.Joanna"');
  }
  const fallbackLanguage = options.voice?.fallbackLanguage ?? 'en-US';
  const voiceResolver = createVoiceResolver(options.voice?.scripts ?? {}, fallbackLanguage);
  if (voiceResolver === null) throw configError(`"voice.fallbackLanguage" ${JSON.stringify(fallbackLanguage)} has no voice or no script`);
  const resolveVoice: VoiceResolver = voiceResolver;
  const referenceSecret = options.callReferenceSecret ?? authToken;
  if (typeof referenceSecret !== 'string' || (options.callReferenceSecret !== undefined && referenceSecret.length < 32)) {
    throw configError('"callReferenceSecret" must be at least 32 characters');
  }
  const sharedKeySecret = options.webhookSharedKeySecret;
  if (sharedKeySecret !== undefined && (typeof sharedKeySecret !== 'string' || sharedKeySecret.length < 16)) {
    throw configError('"webhookSharedKeySecret" must be the secret of a Twilio webhook signing key (at least 16 characters)');
  }
  const signatureSecrets: SignatureSecrets = { authToken, sharedKeySecret };
  const referenceKey = Buffer.from(hkdfSync('sha256', Buffer.from(referenceSecret, 'utf8'), 'twofold/twilio', 'call reference key', 32));
  // Binds references to this account: a reference made for another account does not open here.
  const referenceContext = Buffer.from(`twofold-twilio-call-v1|${accountSid}`, 'utf8');
  const clock = options.clock ?? systemClock;

  // A failed load is not kept, so installing the package later needs no restart.
  let sdk: Promise<typeof TwilioSdk> | undefined;
  function loadSdk(): Promise<typeof TwilioSdk> {
    const loading = sdk ?? loadOptionalPackage('twilio', 'twilioGateway', () => import('twilio')).then((module) => module.default);
    sdk = loading;
    loading.catch(() => {
      sdk = undefined;
    });
    return loading;
  }
  let client: Promise<TwilioClientLike> | undefined;
  function getClient(): Promise<TwilioClientLike> {
    if (options.client !== undefined) return Promise.resolve(options.client);
    const creating =
      client ?? loadSdk().then((twilio): TwilioClientLike => twilio(accountSid, authToken, { ...options.clientOptions }));
    client = creating;
    creating.catch(() => {
      client = undefined;
    });
    return creating;
  }

  function seal(reference: CallReference): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', referenceKey, nonce);
    cipher.setAAD(referenceContext);
    const body = Buffer.concat([nonce, cipher.update(JSON.stringify(reference), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return body.toString('base64url');
  }

  function open(sealed: string): CallReference | null {
    const body = Buffer.from(sealed, 'base64url');
    if (body.length < NONCE_BYTES + TAG_BYTES || body.toString('base64url') !== sealed) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', referenceKey, body.subarray(0, NONCE_BYTES));
      decipher.setAAD(referenceContext);
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)), decipher.final()]);
      const value: unknown = JSON.parse(plain.toString('utf8'));
      return isCallReference(value) ? value : null;
    } catch {
      return null;
    }
  }

  const forbidden = () => new Response('Forbidden', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });

  async function makeCall(to: string, code: string, context: DeliveryContext): Promise<void> {
    if (callbackUrl === null || from === undefined) throw new TwofoldError('INVALID_CONFIG', 'twilioGateway: calls need "callbackUrl" and "from"');
    const voice = resolveVoice(context.language);
    const expiresAt = Math.min(context.expiresAt.getTime(), clock() + MAX_REFERENCE_LIFETIME_MS);
    const url = new URL(callbackUrl);
    url.searchParams.set(REFERENCE_PARAMETER, seal({ to, code, language: voice.language, expiresAt }));
    const twilio = await getClient();
    try {
      await twilio.calls.create({ to, from, url: url.href, method: 'POST', timeout: ringTimeoutSeconds });
    } catch (error) {
      throw new TwofoldError('DELIVERY_FAILED', `twilioGateway: the call could not be placed: ${describe(error)}`, { cause: error });
    }
  }

  return {
    ...(callbackUrl === null ? {} : { makeCall }),

    async sendSms(to: string, message: string, _context: DeliveryContext) {
      const twilio = await getClient();
      try {
        await twilio.messages.create({
          to,
          body: message,
          ...(messagingServiceSid === undefined ? { from } : { messagingServiceSid }),
        });
      } catch (error) {
        // Twilio's error names the problem (an unreachable number, a blocked region), never the body.
        throw new TwofoldError('DELIVERY_FAILED', `twilioGateway: the text message could not be sent: ${describe(error)}`, { cause: error });
      }
    },

    async handleCallRequest(request: Request) {
      if (request.method !== 'POST') {
        return new Response('Method Not Allowed', { status: 405, headers: { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' } });
      }
      if (callbackUrl === null) return forbidden();
      const signature = request.headers.get('x-twilio-signature');
      const contentType = request.headers.get('content-type') ?? '';
      if (signature === null || signature === '' || !contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) return forbidden();
      const body = await readSmallBody(request);
      if (body === null) return forbidden();
      const params: Record<string, string> = {};
      for (const [name, value] of new URLSearchParams(body)) params[name] = value;

      // Twilio signs the URL it was given, whatever proxies between it and us did to the path or host.
      const received = new URL(request.url);
      const signedUrl = new URL(callbackUrl);
      signedUrl.search = received.search;
      const twilio: TwilioSignatureSdk = await loadSdk();
      checkSharedKeySupport(twilio, signatureSecrets);
      if (!isSignedByTwilio(twilio, signatureSecrets, request, signedUrl.href, params)) return forbidden();
      if (params.AccountSid !== accountSid) return forbidden();

      const sealed = received.searchParams.get(REFERENCE_PARAMETER);
      const reference = sealed === null ? null : open(sealed);
      if (reference === null) return forbidden();
      // The TwiML with the code is only ever served into a call to the number it was made for.
      if (params.To !== reference.to) return forbidden();
      if (clock() >= reference.expiresAt) {
        return new Response('Gone', { status: 410, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
      }
      const voice = resolveVoice(reference.language);
      return new Response(callTwiml(reference.code, voice, voiceName), {
        status: 200,
        headers: { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' },
      });
    },
  };
}
