/**
 * `otpauth://` key URIs (the Google Authenticator "Key Uri Format"), the
 * de-facto standard read by QR-code scanning authenticator apps.
 *
 * Format written:
 *   otpauth://TYPE/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30[&image=URL]
 * with `counter=N` instead of `period` for HOTP.
 *
 * Choices, for compatibility with Google Authenticator, Authy, 1Password,
 * Microsoft Authenticator and FreeOTP:
 * - The issuer appears twice, as a label prefix and as the `issuer`
 *   parameter, as the format recommends (older apps read only the prefix).
 * - The colon between issuer and account is a literal ':', as in the
 *   format's own examples; the account name and issuer are percent-encoded
 *   per RFC 3986 (every character outside A-Z a-z 0-9 - . _ ~, so a space
 *   is %20, '@' is %40). Colons inside the issuer are removed, because apps
 *   split the label at the first colon; an account name with a colon is
 *   refused for the same reason.
 * - The secret is upper-case base32 without padding (the format says
 *   padding "should be omitted"). oathtool reads it with `-b`.
 * - algorithm, digits and period/counter are always written, even at their
 *   defaults, so that no app has to guess.
 */
import { decodeBase32, encodeBase32 } from './encoding.js';
import type { HashAlgorithm } from './types.js';
import { MAX_COUNTER, checkAlgorithm, checkCounter, checkDigits, checkKey } from './validate.js';

/** Everything an `otpauth://` URI carries. */
export interface OtpauthURIOptions {
  /** 'totp' (time-based) or 'hotp' (counter-based). */
  type: 'totp' | 'hotp';
  /** The shared secret (raw bytes; written as base32). */
  key: Uint8Array;
  /** The user's name or e-mail as shown in the app; non-empty, no control characters, no colon (see {@link sanitizeAccountName}). */
  accountName: string;
  /** The service's name; colons are removed; omitted when empty. */
  issuer?: string;
  /** Default 'SHA1'; many apps ignore anything else, so prefer the default. */
  algorithm?: HashAlgorithm;
  /** 6 to 8, default 6; many apps support only 6 (and 8). */
  digits?: number;
  /** TOTP step in seconds, default 30. */
  period?: number;
  /** HOTP: the device's next counter, default 0. */
  counter?: number | bigint;
  /** URL of a square logo (FreeOTP and some others display it). */
  image?: string;
}

/** RFC 3986 unreserved characters stay literal; everything else is percent-encoded as UTF-8. */
function percentEncode(text: string, keep = ''): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    throw new RangeError('otpauth URI fields must be well-formed Unicode (no lone surrogates)');
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%(3A|2F)/g, (match, hex: string) => {
      const literal = hex === '3A' ? ':' : '/';
      return keep.includes(literal) ? literal : match;
    });
}

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

function checkText(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  if (CONTROL_CHARACTERS.test(value)) throw new RangeError(`${name} must not contain control characters`);
}

function checkPeriod(period: unknown): number {
  if (period === undefined) return 30;
  if (typeof period !== 'number') throw new TypeError('period must be a number');
  if (!Number.isSafeInteger(period) || period < 1) throw new RangeError(`period must be an integer >= 1, got ${period}`);
  return period;
}

/**
 * Turns any user name or id into an account name that every authenticator
 * app reads back unchanged: colons become hyphens (apps split the label at
 * the first colon, even an encoded one, and would show the part before it as
 * the issuer), control characters are removed, runs of white space become one
 * space, and the ends are trimmed. Returns '' when nothing printable is left,
 * so that the caller can fall back to another name.
 *
 * @example
 * ```ts
 * sanitizeAccountName('github:12345');  // 'github-12345'
 * sanitizeAccountName(' carol\t admin '); // 'carol admin'
 * ```
 */
export function sanitizeAccountName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return name.replace(/:/g, '-').replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Builds the `otpauth://` URI to show as a QR code during enrolment. It
 * contains the secret: show it once, never log it.
 *
 * @returns e.g. `otpauth://totp/ACME%20Co:alice%40example.com?secret=…&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30`
 * @throws TypeError or RangeError on a bad option
 */
export function createOtpauthURI(options: OtpauthURIOptions): string {
  const { key, accountName } = options;
  // Checked at run time too: callers in JavaScript or with untyped data exist.
  const type: unknown = options.type;
  if (type !== 'totp' && type !== 'hotp') throw new RangeError("type must be 'totp' or 'hotp'");
  checkKey(key);
  checkText(accountName, 'accountName');
  if (accountName.length === 0) throw new RangeError('accountName must not be empty');
  if (accountName.includes(':')) {
    throw new RangeError('accountName must not contain a colon: apps would read the part before it as the issuer');
  }
  const algorithm = checkAlgorithm(options.algorithm);
  const digits = checkDigits(options.digits);
  let issuer = '';
  if (options.issuer !== undefined) {
    checkText(options.issuer, 'issuer');
    issuer = options.issuer.replace(/:/g, '');
  }
  const label = issuer === '' ? percentEncode(accountName) : `${percentEncode(issuer)}:${percentEncode(accountName)}`;
  const parameters = [`secret=${encodeBase32(key)}`];
  if (issuer !== '') parameters.push(`issuer=${percentEncode(issuer)}`);
  parameters.push(`algorithm=${algorithm}`, `digits=${digits}`);
  if (type === 'totp') {
    parameters.push(`period=${checkPeriod(options.period)}`);
  } else {
    const counter = options.counter ?? 0;
    checkCounter(counter);
    parameters.push(`counter=${counter.toString()}`);
  }
  if (options.image !== undefined) {
    checkText(options.image, 'image');
    if (options.image.length === 0) throw new RangeError('image must not be empty');
    parameters.push(`image=${percentEncode(options.image, ':/')}`);
  }
  return `otpauth://${type}/${label}?${parameters.join('&')}`;
}

function decodeComponent(text: string, name: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new TypeError(`malformed otpauth URI: bad percent-encoding in ${name}`);
  }
}

function parseInteger(text: string, name: string): number {
  if (!/^[0-9]{1,15}$/.test(text)) throw new TypeError(`malformed otpauth URI: ${name} is not a number`);
  return Number(text);
}

/**
 * Parses an `otpauth://` URI (for importing a device, and for tests): the
 * inverse of {@link createOtpauthURI}, also reading URIs written by other
 * software. The issuer is taken from the `issuer` parameter, else from the
 * label prefix. `+` is a literal plus (RFC 3986), not a space. Unknown
 * parameters are ignored; a repeated parameter is an error.
 *
 * @throws TypeError on a malformed URI (the message never includes the secret)
 */
export function parseOtpauthURI(uri: string): OtpauthURIOptions {
  if (typeof uri !== 'string') throw new TypeError('uri must be a string');
  const match = /^otpauth:\/\/(totp|hotp)\/([^?#]*)(?:\?([^#]*))?$/i.exec(uri);
  if (match === null) throw new TypeError('malformed otpauth URI: expected otpauth://totp/LABEL?… or otpauth://hotp/LABEL?…');
  const type = match[1]!.toLowerCase() as 'totp' | 'hotp';
  const label = decodeComponent(match[2]!, 'label');
  const parameters = new Map<string, string>();
  for (const pair of (match[3] ?? '').split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals < 0 ? pair : pair.slice(0, equals), 'a parameter name').toLowerCase();
    const value = decodeComponent(equals < 0 ? '' : pair.slice(equals + 1), name);
    if (parameters.has(name)) throw new TypeError(`malformed otpauth URI: repeated parameter ${name}`);
    parameters.set(name, value);
  }

  const colon = label.indexOf(':');
  const labelIssuer = colon < 0 ? '' : label.slice(0, colon);
  // The format allows spaces between the colon and the account name.
  const accountName = colon < 0 ? label : label.slice(colon + 1).replace(/^ +/, '');
  if (accountName === '') throw new TypeError('malformed otpauth URI: empty account name');
  if (CONTROL_CHARACTERS.test(label)) throw new TypeError('malformed otpauth URI: control character in label');

  const secret = parameters.get('secret');
  if (secret === undefined || secret === '') throw new TypeError('malformed otpauth URI: missing secret');
  let key: Uint8Array;
  try {
    key = decodeBase32(secret);
  } catch {
    throw new TypeError('malformed otpauth URI: secret is not valid base32');
  }
  if (key.length === 0) throw new TypeError('malformed otpauth URI: empty secret');

  const result: OtpauthURIOptions = { type, key, accountName };
  const issuer = parameters.get('issuer') ?? labelIssuer;
  if (issuer !== '') {
    if (CONTROL_CHARACTERS.test(issuer)) throw new TypeError('malformed otpauth URI: control character in issuer');
    result.issuer = issuer;
  }
  const algorithm = (parameters.get('algorithm') ?? 'SHA1').toUpperCase();
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') {
    throw new TypeError('malformed otpauth URI: algorithm must be SHA1, SHA256 or SHA512');
  }
  result.algorithm = algorithm;
  const digits = parseInteger(parameters.get('digits') ?? '6', 'digits');
  if (digits < 6 || digits > 8) throw new TypeError('malformed otpauth URI: digits must be 6, 7 or 8');
  result.digits = digits;
  if (type === 'totp') {
    const period = parseInteger(parameters.get('period') ?? '30', 'period');
    if (period < 1) throw new TypeError('malformed otpauth URI: period must be at least 1');
    result.period = period;
  } else {
    const counterText = parameters.get('counter');
    if (counterText === undefined) throw new TypeError('malformed otpauth URI: hotp requires a counter');
    if (!/^[0-9]{1,20}$/.test(counterText)) throw new TypeError('malformed otpauth URI: counter is not a number');
    const counter = BigInt(counterText);
    if (counter > MAX_COUNTER) throw new TypeError('malformed otpauth URI: counter exceeds 2^64 - 1');
    result.counter = counter <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(counter) : counter;
  }
  const image = parameters.get('image');
  if (image !== undefined) {
    if (image === '' || CONTROL_CHARACTERS.test(image)) throw new TypeError('malformed otpauth URI: bad image');
    result.image = image;
  }
  return result;
}
