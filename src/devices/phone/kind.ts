/**
 * The phone device kind (django-two-factor-auth's phone devices): a number in
 * E.164 and a method, `sms` or `call`. On request a random code is sent by
 * text message or read aloud by a voice call through a {@link PhoneGateway},
 * valid 5 minutes by default and usable once; only a keyed hash is stored.
 *
 * SMS and voice are "restricted" authenticators in NIST SP 800-63B: SIM swaps,
 * number porting and SS7 interception can divert them. Offer them next to an
 * authenticator app, and treat a change of number as a new device (delete and
 * create: the new number is confirmed by a code like any device).
 */
import { rejectUnknownOptions } from '../../core/config-keys.js';
import { SENT_CODE_CONFIG_KEYS } from '../side-channel/code.js';
import { TwofoldError } from '../../core/errors.js';
import type {
  Device,
  DeviceKind,
  JsonObject,
  KindChallengeInput,
  KindChallengeResult,
  KindCreated,
  KindVerifyInput,
  KindVerifyOutcome,
  SendBudgetRule,
} from '../../core/types.js';
import type { DeliveryContext, PhoneGateway } from '../../gateways/types.js';
import {
  NO_CODE,
  configError,
  issueCode,
  newCodeKey,
  normalizeSentCode,
  parseSentCodeFields,
  readSentCodeConfig,
  reserveSend,
  verifySentCode,
} from '../side-channel/code.js';
import type { SentCodeConfig, SentCodeFields } from '../side-channel/code.js';
import { checkTemplate, primaryLanguage, renderTemplate } from '../side-channel/template.js';
import type { MessageTemplate, TemplateValues } from '../side-channel/template.js';
import { DEFAULT_REFUSED_NUMBER_TYPES, checkPhoneNumber, isPhoneRegion, maskPhoneNumber } from './number.js';
import type { PhoneNumberCheck, PhoneNumberPolicy, PhoneNumberType, PhoneRegion } from './number.js';
import { phonePresentation } from './presentation.js';

/** The kind's name, stored with every phone device. */
export const PHONE_KIND_NAME = 'phone';

/** How a phone device receives its codes. */
export type PhoneMethod = 'sms' | 'call';

const METHODS: readonly PhoneMethod[] = ['sms', 'call'];

/**
 * Default sending budgets of the phone kind (messages and calls cost money):
 * per number 5 an hour and 10 a day, per user 10 an hour and 20 a day, per
 * client (IP address, IPv6 /64; when the caller passes it, as the web layer
 * does) 20 an hour and 50 a day, and 1000 an hour for the whole site. Size
 * the global budget to a few times your busiest hour, and raise the client
 * budget if many of your users share one address (an office behind NAT).
 */
export const DEFAULT_PHONE_BUDGETS: readonly SendBudgetRule[] = Object.freeze([
  { scope: 'destination', limit: 5, windowSeconds: 3600 },
  { scope: 'destination', limit: 10, windowSeconds: 86_400 },
  { scope: 'user', limit: 10, windowSeconds: 3600 },
  { scope: 'user', limit: 20, windowSeconds: 86_400 },
  { scope: 'client', limit: 20, windowSeconds: 3600 },
  { scope: 'client', limit: 50, windowSeconds: 86_400 },
  { scope: 'global', limit: 1000, windowSeconds: 3600 },
]);

/**
 * The default text message per language (primary subtag), English for any
 * other. Short and in the GSM alphabet where the language allows, so that one
 * message costs one segment.
 */
export const DEFAULT_SMS_TEXTS: Readonly<Record<string, string>> = Object.freeze({
  en: '{token} is your verification code. It expires in {minutes} minutes. Do not share it with anyone.',
  nl: '{token} is uw verificatiecode. De code verloopt over {minutes} minuten. Deel hem met niemand.',
  de: '{token} ist Ihr Bestätigungscode. Er läuft in {minutes} Minuten ab. Geben Sie ihn niemandem weiter.',
  fr: '{token} est votre code de vérification. Il expire dans {minutes} minutes. Ne le communiquez à personne.',
  es: '{token} es su código de verificación. Caduca en {minutes} min. No lo comparta.',
});

/** Configuration of {@link phone}: the gateway, the numbers accepted and the code rules. */
export interface PhoneConfig extends SentCodeConfig, PhoneNumberPolicy {
  /** Sends the messages and places the calls: `twilioGateway(...)`, `createDevelopmentGateway()`, or your own. */
  readonly gateway: PhoneGateway;
  /**
   * Methods offered. Default: `sms`, plus `call` when the gateway can make
   * calls. Flows should offer exactly `kind.methods`.
   */
  readonly methods?: readonly PhoneMethod[];
  /**
   * Text message template (`{token}`, `{minutes}`): a string for every
   * language, or a function of the values (`language` included) for your
   * own translations. Default: {@link DEFAULT_SMS_TEXTS}.
   */
  readonly smsText?: MessageTemplate;
  /**
   * Your site's host name (`example.com`) or origin (`https://example.com`):
   * ends text messages with the line `@example.com #123456`, which lets
   * browsers offer the code for autofill on that site only (WebOTP /
   * origin-bound one-time codes), and tells a reader which site the code is for.
   */
  readonly webOtpDomain?: string;
}

/** Options of a new phone device. */
export interface PhoneOptions {
  /** The number as typed: `+31 6 12345678`, or national format when the kind has a `defaultRegion`. */
  readonly number: string;
  /** `sms` (default) or `call`; must be one of the kind's `methods`. */
  readonly method?: PhoneMethod;
}

/** What a phone device keeps: its number and method, and hashes of codes, never a code. */
export interface PhoneState extends JsonObject, SentCodeFields {
  /** E.164, e.g. `+31612345678`. */
  readonly number: string;
  readonly method: PhoneMethod;
}

/** The kind object returned by {@link phone}. */
export type PhoneKind = DeviceKind<PhoneOptions, PhoneState> & {
  generateChallenge(input: KindChallengeInput<PhoneState>): Promise<KindChallengeResult<PhoneState>>;
  /** The methods this kind offers, given its gateway and configuration. */
  readonly methods: readonly PhoneMethod[];
  /** Validates a number typed in a setup form against this kind's policy (regions, refused types). */
  checkNumber(input: unknown): PhoneNumberCheck;
  /** The device's number masked for display (`+31 • ••••••78`). */
  maskedDestination(device: Device<PhoneState>): Promise<string | null>;
  /** Seconds a code stays valid. */
  readonly lifetimeSeconds: number;
  /** Digits per code. */
  readonly digits: number;
};

function invalidOptions(message: string): TwofoldError {
  return new TwofoldError('INVALID_OPTIONS', `${PHONE_KIND_NAME}: ${message}`);
}

function readPolicy(config: PhoneConfig): Required<Pick<PhoneNumberPolicy, 'refusedNumberTypes'>> & PhoneNumberPolicy {
  const { defaultRegion, allowedRegions, refusedNumberTypes = DEFAULT_REFUSED_NUMBER_TYPES } = config;
  if (defaultRegion !== undefined && !isPhoneRegion(defaultRegion)) {
    throw configError(PHONE_KIND_NAME, '"defaultRegion" must be a region code such as "NL" or "US"');
  }
  if (allowedRegions !== undefined) {
    if (!Array.isArray(allowedRegions) || allowedRegions.length === 0 || !allowedRegions.every(isPhoneRegion)) {
      throw configError(PHONE_KIND_NAME, '"allowedRegions" must be a non-empty array of region codes such as "NL"');
    }
  }
  if (!Array.isArray(refusedNumberTypes) || !refusedNumberTypes.every((type) => typeof type === 'string')) {
    throw configError(PHONE_KIND_NAME, '"refusedNumberTypes" must be an array of number types such as "PREMIUM_RATE"');
  }
  return {
    defaultRegion,
    allowedRegions: allowedRegions === undefined ? undefined : Object.freeze([...allowedRegions]),
    refusedNumberTypes: Object.freeze([...refusedNumberTypes] as PhoneNumberType[]),
  };
}

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * The host of the domain-bound line: a host name, or the site's origin
 * (`https://example.com`, as hosts often configure it for WebAuthn), whose
 * host is taken. The format binds a code to a host, never to a port or path.
 */
function readWebOtpDomain(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let host = value;
  if (typeof value === 'string' && /^https:\/\//i.test(value)) {
    const url = URL.parse(value);
    host = url !== null && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '' && url.username === '' ? url.hostname : null;
  }
  if (typeof host !== 'string' || !DOMAIN.test(host)) {
    throw configError(PHONE_KIND_NAME, '"webOtpDomain" must be a lower-case host name such as "example.com", or an origin such as "https://example.com"');
  }
  return host;
}

/**
 * Creates the phone device kind.
 *
 * @example
 * ```ts
 * const gateway = twilioGateway({ accountSid, authToken, from: '+15017122661', callbackUrl: 'https://example.com/twofold/twilio/call' });
 * const twofold = createTwofold({ store, secrets, kinds: [totp(), phone({ gateway, defaultRegion: 'NL', allowedRegions: ['NL', 'BE'] })] });
 * ```
 */
export function phone(config: PhoneConfig): PhoneKind {
  rejectUnknownOptions(PHONE_KIND_NAME, config, [...SENT_CODE_CONFIG_KEYS, 'defaultRegion', 'allowedRegions', 'refusedNumberTypes', 'gateway', 'methods', 'smsText', 'webOtpDomain']);
  const settings = readSentCodeConfig(PHONE_KIND_NAME, config, DEFAULT_PHONE_BUDGETS);
  const gateway: unknown = config.gateway;
  if (typeof gateway !== 'object' || gateway === null || typeof (gateway as Partial<PhoneGateway>).sendSms !== 'function') {
    throw configError(PHONE_KIND_NAME, '"gateway" must be an object with sendSms(to, message, context) (see twofold/gateways/twilio)');
  }
  const canCall = typeof (gateway as Partial<PhoneGateway>).makeCall === 'function';
  const methods: readonly unknown[] = config.methods ?? (canCall ? METHODS : ['sms']);
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((method) => METHODS.some((known) => known === method))) {
    throw configError(PHONE_KIND_NAME, '"methods" must be a non-empty array of "sms" and "call"');
  }
  if (methods.includes('call') && !canCall) throw configError(PHONE_KIND_NAME, '"call" needs a gateway with makeCall(to, code, context)');
  const offered: readonly PhoneMethod[] = Object.freeze(METHODS.filter((method) => methods.includes(method)));
  const policy = readPolicy(config);
  const smsText = config.smsText;
  if (smsText !== undefined) checkTemplate(PHONE_KIND_NAME, 'smsText', smsText, true);
  const webOtpDomain = readWebOtpDomain(config.webOtpDomain);

  function smsBody(values: TemplateValues): string {
    const template = smsText ?? DEFAULT_SMS_TEXTS[primaryLanguage(values.language) ?? 'en'] ?? DEFAULT_SMS_TEXTS.en!;
    const body = renderTemplate(template, values);
    return webOtpDomain === undefined ? body : `${body}\n\n@${webOtpDomain} #${values.token}`;
  }

  return {
    name: PHONE_KIND_NAME,
    // A code over the telephone network: a restricted authenticator in SP 800-63B-4 (SIM swaps), still allowed at AAL2.
    assurance: () => ({ authenticator: 'out-of-band', phishingResistant: false, hardwareBound: false, aal2: true }),
    presentation: phonePresentation({ methods: offered, checkNumber: (input) => checkPhoneNumber(input, policy) }),
    throttleFactor: settings.throttleFactor,
    // A keyed hash compared in constant time, synchronous.
    instantVerify: true,
    cooldownSeconds: settings.cooldownSeconds,
    sendBudgets: settings.budgets,
    lifetimeSeconds: settings.lifetimeSeconds,
    digits: settings.digits,
    methods: offered,

    checkNumber(input: unknown): PhoneNumberCheck {
      return checkPhoneNumber(input, policy);
    },

    maskedDestination(device: Device<PhoneState>): Promise<string | null> {
      return Promise.resolve(maskPhoneNumber(device.state.number));
    },

    create(options: PhoneOptions): KindCreated<PhoneState> {
      if (typeof options !== 'object' || (options as unknown) === null || Array.isArray(options)) {
        throw invalidOptions('options must be an object with a "number"');
      }
      for (const name of Object.keys(options)) {
        if (name !== 'number' && name !== 'method') throw invalidOptions(`unknown option "${name}" (allowed: number, method)`);
      }
      const method = options.method ?? 'sms';
      if (!offered.includes(method)) throw invalidOptions(`option "method" must be one of ${offered.join(', ')}`);
      const checked = checkPhoneNumber(options.number, policy);
      if (!checked.ok) throw invalidOptions(`option "number" is not accepted (${checked.reason})`);
      return { secret: newCodeKey(), state: { number: checked.number, method, ...NO_CODE } };
    },

    parseState(state: JsonObject): PhoneState {
      const { number, method } = state;
      // Stored numbers are re-checked for shape only: a policy change must not make devices unreadable.
      if (typeof number !== 'string' || !/^\+[1-9][0-9]{6,14}$/.test(number) || (method !== 'sms' && method !== 'call')) {
        throw new TwofoldError('CORRUPT_DEVICE', `${PHONE_KIND_NAME}: stored state is corrupt (number or method)`);
      }
      return { number, method, ...parseSentCodeFields(PHONE_KIND_NAME, state) };
    },

    normalizeToken(input: string): string | null {
      return normalizeSentCode(input, settings.digits);
    },

    async generateChallenge(input: KindChallengeInput<PhoneState>): Promise<KindChallengeResult<PhoneState>> {
      const { number, method } = input.state;
      if (!offered.includes(method)) throw new TwofoldError('INVALID_ARGUMENT', `${PHONE_KIND_NAME}: method "${method}" is not offered any more`);
      // The policy may have tightened since the device was set up (a fraud wave, a region dropped).
      const allowed = checkPhoneNumber(number, policy);
      if (!allowed.ok) throw new TwofoldError('INVALID_ARGUMENT', `${PHONE_KIND_NAME}: the device's number is not accepted any more (${allowed.reason})`);
      const issued = issueCode(PHONE_KIND_NAME, input.secret, input.state, settings, input.now);
      const language = input.language ?? null;
      const context: DeliveryContext = {
        userId: input.device.userId,
        deviceId: input.device.persistentId,
        language,
        expiresAt: new Date(issued.expiresAt),
      };
      await reserveSend(input, number, settings.budgets.length > 0);
      const masked = maskPhoneNumber(number);
      let message: string;
      if (method === 'call') {
        if (config.gateway.makeCall === undefined) throw new TwofoldError('INVALID_CONFIG', `${PHONE_KIND_NAME}: the gateway cannot make calls`);
        await config.gateway.makeCall(number, issued.code, context);
        message = `We are calling ${masked} to read you a code.`;
      } else {
        const values: TemplateValues = {
          token: issued.code,
          minutes: Math.floor(settings.lifetimeSeconds / 60),
          language,
          purpose: input.device.confirmed ? 'sign-in' : 'setup',
        };
        await config.gateway.sendSms(number, smsBody(values), context);
        message = `We sent a text message with a code to ${masked}.`;
      }
      return { state: { ...input.state, ...issued.fields }, message };
    },

    verify(input: KindVerifyInput<PhoneState>): KindVerifyOutcome<PhoneState> {
      return verifySentCode(PHONE_KIND_NAME, input.secret, input.state, input.token, input.now);
    },
  };
}

export type { PhoneNumberCheck, PhoneNumberPolicy, PhoneNumberType, PhoneRegion };
