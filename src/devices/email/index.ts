/**
 * The e-mail device kind (django-otp's email plugin): on request a random
 * numeric code is sent to the device's address (or one the host resolves for
 * the user), valid 5 minutes by default and usable once. Only a keyed hash of
 * the code is stored.
 *
 * E-mail is a weak second factor: whoever controls the mailbox (often
 * reachable with the same password) gets the code. NIST SP 800-63B does not
 * accept e-mail as an out-of-band authenticator. Offer it as a convenience or
 * recovery option next to stronger ones, not as the only second factor.
 *
 * @packageDocumentation
 */
import { rejectUnknownOptions } from '../../core/config-keys.js';
import { SENT_CODE_CONFIG_KEYS } from '../side-channel/code.js';
import { domainToASCII } from 'node:url';
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
import type { DeliveryContext, EmailMessage, EmailSender } from '../../gateways/types.js';
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
import { checkTemplate, escapeHtml, renderTemplate } from '../side-channel/template.js';
import type { MessageTemplate, TemplateValues } from '../side-channel/template.js';
import { emailPresentation } from './presentation.js';

export type { MessageTemplate, TemplateValues } from '../side-channel/template.js';
export type { DeliveryContext, EmailMessage, EmailSender } from '../../gateways/types.js';

/** The kind's name, stored with every e-mail device. */
export const EMAIL_KIND_NAME = 'email';

/** Longest address accepted (RFC 5321's limit on a forward path). */
export const MAX_EMAIL_ADDRESS_LENGTH = 254;

/**
 * Default sending budgets of the e-mail kind: per address 5 an hour and 20 a
 * day, per user 10 an hour and 30 a day, per client (IP address, IPv6 /64;
 * when the caller passes it) 30 an hour, and 5000 an hour for the whole site.
 */
export const DEFAULT_EMAIL_BUDGETS: readonly SendBudgetRule[] = Object.freeze([
  { scope: 'destination', limit: 5, windowSeconds: 3600 },
  { scope: 'destination', limit: 20, windowSeconds: 86_400 },
  { scope: 'user', limit: 10, windowSeconds: 3600 },
  { scope: 'user', limit: 30, windowSeconds: 86_400 },
  { scope: 'client', limit: 30, windowSeconds: 3600 },
  { scope: 'global', limit: 5000, windowSeconds: 3600 },
]);

/** Default subject: no code in it, so it does not show on a locked screen. */
export const DEFAULT_EMAIL_SUBJECT = 'Your verification code';

/** Default plain-text body. */
export const DEFAULT_EMAIL_TEXT =
  'Your verification code is {token}.\n\n' +
  'It expires in {minutes} minutes. Do not share it with anyone.\n\n' +
  'If you did not try to sign in, someone else may know your password: please change it.\n';

/** Default HTML body (values are HTML-escaped when substituted). */
export const DEFAULT_EMAIL_HTML =
  '<!doctype html><html><body style="font-family:sans-serif">' +
  '<p>Your verification code is</p>' +
  '<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">{token}</p>' +
  '<p>It expires in {minutes} minutes. Do not share it with anyone.</p>' +
  '<p>If you did not try to sign in, someone else may know your password: please change it.</p>' +
  '</body></html>';

/** Default plain-text body of the code sent while an address is being set up (it proves the address; nobody is signing in). */
export const DEFAULT_EMAIL_SETUP_TEXT =
  'Your verification code is {token}.\n\n' +
  'Enter it to finish adding this e-mail address for two-step sign-in. It expires in {minutes} minutes. Do not share it with anyone.\n\n' +
  'If you did not ask for this, ignore this e-mail: nothing changes until the code is entered.\n';

/** Default HTML body of the code sent during setup (values are HTML-escaped when substituted). */
export const DEFAULT_EMAIL_SETUP_HTML =
  '<!doctype html><html><body style="font-family:sans-serif">' +
  '<p>Your verification code is</p>' +
  '<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">{token}</p>' +
  '<p>Enter it to finish adding this e-mail address for two-step sign-in. It expires in {minutes} minutes. Do not share it with anyone.</p>' +
  '<p>If you did not ask for this, ignore this e-mail: nothing changes until the code is entered.</p>' +
  '</body></html>';

/** Configuration of {@link email}: the sender, templates and code rules. */
export interface EmailConfig extends SentCodeConfig {
  /** Delivers the messages: `smtpSender(...)`, `createDevelopmentGateway()`, or your own {@link EmailSender}. */
  readonly sender: EmailSender;
  /** The From address; the sender's default when absent. */
  readonly from?: string;
  /** Subject template (`{token}`, `{minutes}`). Default {@link DEFAULT_EMAIL_SUBJECT}. */
  readonly subject?: MessageTemplate;
  /**
   * Plain-text body template; must contain `{token}`. Default
   * {@link DEFAULT_EMAIL_TEXT}, and {@link DEFAULT_EMAIL_SETUP_TEXT} for the
   * code that confirms an address during setup. A template of yours serves
   * both (a function tells them apart by `purpose`).
   */
  readonly text?: MessageTemplate;
  /** HTML body template, or null for plain text only. Default {@link DEFAULT_EMAIL_HTML} (and {@link DEFAULT_EMAIL_SETUP_HTML} during setup). */
  readonly html?: MessageTemplate | null;
  /**
   * The address of a device created without one: typically the user's
   * account address, read when each code is sent (so it follows changes).
   * Return null when there is none (the challenge then fails).
   */
  readonly resolveAddress?: (user: { readonly userId: string; readonly device: Device<EmailState> }) =>
    | string
    | null
    | undefined
    | Promise<string | null | undefined>;
}

/** Options of a new e-mail device. */
export interface EmailOptions {
  /** Where codes go. Optional when the kind has `resolveAddress`. */
  readonly address?: string;
}

/** What an e-mail device keeps: its address (or null), and hashes of codes, never a code. */
export interface EmailState extends JsonObject, SentCodeFields {
  /** Normalised address (domain in lower-case ASCII), or null to use `resolveAddress`. */
  readonly address: string | null;
}

/** Why an address was refused. */
export type EmailAddressProblem = 'empty' | 'too-long' | 'invalid';

/** The outcome of {@link checkEmailAddress}. */
export type EmailAddressCheck =
  | { readonly ok: true; readonly address: string }
  | { readonly ok: false; readonly reason: EmailAddressProblem };

/** The kind object returned by {@link email}. */
export type EmailKind = DeviceKind<EmailOptions, EmailState> & {
  generateChallenge(input: KindChallengeInput<EmailState>): Promise<KindChallengeResult<EmailState>>;
  /** Validates and normalises an address typed in a setup form. */
  checkAddress(input: unknown): EmailAddressCheck;
  /**
   * Where this device's codes go, masked for display (`a•••e@example.com`),
   * resolving the address through `resolveAddress` when the device has none;
   * null when there is none to send to.
   */
  maskedDestination(device: Device<EmailState>): Promise<string | null>;
  /** Seconds a code stays valid. */
  readonly lifetimeSeconds: number;
  /** Digits per code. */
  readonly digits: number;
};

// Dot-atom local part (RFC 5322) in ASCII: no quoted strings, comments or
// spaces, which is what real providers accept and what cannot smuggle headers.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Validates an e-mail address and returns it normalised: trimmed, the domain
 * converted to lower-case ASCII (IDNA), the local part kept as typed. Only
 * plain dot-atom local parts in ASCII are accepted.
 */
export function checkEmailAddress(input: unknown): EmailAddressCheck {
  if (typeof input !== 'string') return { ok: false, reason: 'invalid' };
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (trimmed.length > MAX_EMAIL_ADDRESS_LENGTH) return { ok: false, reason: 'too-long' };
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domainInput = trimmed.slice(at + 1);
  if (at <= 0 || local.length > 64 || !LOCAL_PART.test(local) || domainInput === '') return { ok: false, reason: 'invalid' };
  const domain = domainToASCII(domainInput).toLowerCase();
  if (domain === '' || domain.length > 253 || !domain.split('.').every((label) => DOMAIN_LABEL.test(label))) {
    return { ok: false, reason: 'invalid' };
  }
  const address = `${local}@${domain}`;
  if (address.length > MAX_EMAIL_ADDRESS_LENGTH) return { ok: false, reason: 'too-long' };
  return { ok: true, address };
}

/**
 * An address masked for display: the first and last character of the local
 * part with three dots between (only the first when it is shorter than 4),
 * the domain in full. `alice@example.com` → `a•••e@example.com`.
 */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  const local = Array.from(address.slice(0, at));
  const shown = local.length >= 4 ? `${local[0]!}•••${local[local.length - 1]!}` : `${local[0]!}•••`;
  return `${shown}${address.slice(at)}`;
}

function invalidOptions(message: string): TwofoldError {
  return new TwofoldError('INVALID_OPTIONS', `${EMAIL_KIND_NAME}: ${message}`);
}

/**
 * Creates the e-mail device kind.
 *
 * @example
 * ```ts
 * const mail = smtpSender({ transport: { host: 'smtp.example.com', port: 587, auth }, from: 'Example <no-reply@example.com>' });
 * const twofold = createTwofold({ store, secrets, kinds: [totp(), email({ sender: mail, resolveAddress: ({ userId }) => users.email(userId) })] });
 * ```
 */
export function email(config: EmailConfig): EmailKind {
  rejectUnknownOptions(EMAIL_KIND_NAME, config, [...SENT_CODE_CONFIG_KEYS, 'sender', 'from', 'subject', 'text', 'html', 'resolveAddress']);
  const settings = readSentCodeConfig(EMAIL_KIND_NAME, config, DEFAULT_EMAIL_BUDGETS);
  const sender: unknown = config.sender;
  if (typeof sender !== 'object' || sender === null || typeof (sender as Partial<EmailSender>).send !== 'function') {
    throw configError(EMAIL_KIND_NAME, '"sender" must be an object with a send(message, context) method (see twofold/gateways/smtp)');
  }
  const subject = config.subject ?? DEFAULT_EMAIL_SUBJECT;
  const text = config.text ?? DEFAULT_EMAIL_TEXT;
  const html = config.html === undefined ? DEFAULT_EMAIL_HTML : config.html;
  // The defaults have a setup wording ("If you did not try to sign in" would alarm someone adding their address); a host's own template serves both.
  const setupText = config.text ?? DEFAULT_EMAIL_SETUP_TEXT;
  const setupHtml = config.html === undefined ? DEFAULT_EMAIL_SETUP_HTML : config.html;
  checkTemplate(EMAIL_KIND_NAME, 'subject', subject, false);
  checkTemplate(EMAIL_KIND_NAME, 'text', text, true);
  if (html !== null) checkTemplate(EMAIL_KIND_NAME, 'html', html, true);
  const from = config.from;
  if (from !== undefined && (typeof from !== 'string' || from.trim() === '' || /[\r\n]/.test(from))) {
    throw configError(EMAIL_KIND_NAME, '"from" must be a non-empty single-line string');
  }
  const resolveAddress = config.resolveAddress;
  if (resolveAddress !== undefined && typeof resolveAddress !== 'function') {
    throw configError(EMAIL_KIND_NAME, '"resolveAddress" must be a function');
  }

  async function destination(input: KindChallengeInput<EmailState>): Promise<string> {
    if (input.state.address !== null) return input.state.address;
    if (resolveAddress === undefined) throw new TwofoldError('CORRUPT_DEVICE', `${EMAIL_KIND_NAME}: the device has no address and no resolveAddress is configured`);
    const resolved = await resolveAddress({ userId: input.device.userId, device: input.device });
    if (resolved === null || resolved === undefined) {
      throw new TwofoldError('INVALID_ARGUMENT', `${EMAIL_KIND_NAME}: resolveAddress found no address for this user`);
    }
    const checked = checkEmailAddress(resolved);
    if (!checked.ok) throw new TwofoldError('INVALID_ARGUMENT', `${EMAIL_KIND_NAME}: resolveAddress returned an unusable address (${checked.reason})`);
    return checked.address;
  }

  return {
    name: EMAIL_KIND_NAME,
    // E-mail proves access to a mailbox, not possession of a device: SP 800-63B-4 §3.1.3.1 excludes it from AAL2.
    assurance: () => ({ authenticator: 'out-of-band', phishingResistant: false, hardwareBound: false, aal2: false }),
    presentation: emailPresentation({ checkAddress: checkEmailAddress, mask: maskEmailAddress }),
    throttleFactor: settings.throttleFactor,
    // A keyed hash compared in constant time, synchronous.
    instantVerify: true,
    cooldownSeconds: settings.cooldownSeconds,
    sendBudgets: settings.budgets,
    lifetimeSeconds: settings.lifetimeSeconds,
    digits: settings.digits,

    checkAddress: checkEmailAddress,

    async maskedDestination(device: Device<EmailState>): Promise<string | null> {
      if (device.state.address !== null) return maskEmailAddress(device.state.address);
      const resolved = await resolveAddress?.({ userId: device.userId, device });
      if (resolved === null || resolved === undefined) return null;
      const checked = checkEmailAddress(resolved);
      return checked.ok ? maskEmailAddress(checked.address) : null;
    },

    create(options: EmailOptions): KindCreated<EmailState> {
      if (typeof options !== 'object' || (options as unknown) === null || Array.isArray(options)) {
        throw invalidOptions('options must be an object');
      }
      for (const name of Object.keys(options)) {
        if (name !== 'address') throw invalidOptions(`unknown option "${name}" (allowed: address)`);
      }
      let address: string | null = null;
      if (options.address !== undefined) {
        const checked = checkEmailAddress(options.address);
        if (!checked.ok) throw invalidOptions(`option "address" is not a usable e-mail address (${checked.reason})`);
        address = checked.address;
      } else if (resolveAddress === undefined) {
        throw invalidOptions('option "address" is required (or configure resolveAddress)');
      }
      return { secret: newCodeKey(), state: { address, ...NO_CODE } };
    },

    parseState(state: JsonObject): EmailState {
      const { address } = state;
      const addressOk = address === null || (typeof address === 'string' && checkEmailAddress(address).ok);
      if (!addressOk) throw new TwofoldError('CORRUPT_DEVICE', `${EMAIL_KIND_NAME}: stored state is corrupt (address)`);
      return { address, ...parseSentCodeFields(EMAIL_KIND_NAME, state) };
    },

    normalizeToken(input: string): string | null {
      return normalizeSentCode(input, settings.digits);
    },

    async generateChallenge(input: KindChallengeInput<EmailState>): Promise<KindChallengeResult<EmailState>> {
      const to = await destination(input);
      const issued = issueCode(EMAIL_KIND_NAME, input.secret, input.state, settings, input.now);
      const values: TemplateValues = {
        token: issued.code,
        minutes: Math.floor(settings.lifetimeSeconds / 60),
        language: input.language ?? null,
        purpose: input.device.confirmed ? 'sign-in' : 'setup',
      };
      const bodyText = values.purpose === 'setup' ? setupText : text;
      const bodyHtml = values.purpose === 'setup' ? setupHtml : html;
      const message: EmailMessage = {
        to,
        ...(from === undefined ? {} : { from }),
        // A subject is one header line, whatever a template function returns.
        subject: renderTemplate(subject, values).replace(/[\r\n]+/g, ' ').trim(),
        text: renderTemplate(bodyText, values),
        ...(bodyHtml === null ? {} : { html: renderTemplate(bodyHtml, values, escapeHtml) }),
      };
      const context: DeliveryContext = {
        userId: input.device.userId,
        deviceId: input.device.persistentId,
        language: input.language ?? null,
        expiresAt: new Date(issued.expiresAt),
      };
      await reserveSend(input, to.toLowerCase(), settings.budgets.length > 0);
      await config.sender.send(message, context);
      return {
        state: { ...input.state, ...issued.fields },
        message: `We sent a code to ${maskEmailAddress(to)}.`,
      };
    },

    verify(input: KindVerifyInput<EmailState>): KindVerifyOutcome<EmailState> {
      return verifySentCode(EMAIL_KIND_NAME, input.secret, input.state, input.token, input.now);
    },
  };
}
export { emailPresentation } from './presentation.js';
