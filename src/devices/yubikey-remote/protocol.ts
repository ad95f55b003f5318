/**
 * The Yubico validation protocol 2.0, message by message: signing a request,
 * reading a response and deciding whether it can be trusted.
 *
 * Every message is a set of key=value pairs; its signature `h` is the base64
 * HMAC-SHA1, under the client's API key, of the pairs other than `h` sorted
 * by key and joined as `a=1&b=2`. A response counts only when its signature
 * is right and it echoes the nonce (and the OTP) of the request, so that
 * neither a forged nor a replayed answer can accept a token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MAX_SESSION_COUNTER, MAX_USAGE_COUNTER } from '../yubikey/otp.js';

/** The statuses a validation server may answer. */
export const YUBICO_STATUSES = [
  'OK',
  'BAD_OTP',
  'REPLAYED_OTP',
  'BAD_SIGNATURE',
  'MISSING_PARAMETER',
  'NO_SUCH_CLIENT',
  'OPERATION_NOT_ALLOWED',
  'BACKEND_ERROR',
  'NOT_ENOUGH_ANSWERS',
  'REPLAYED_REQUEST',
] as const;

/** A status of the validation protocol. */
export type YubicoStatus = (typeof YUBICO_STATUSES)[number];

/** The signature `h` of a set of parameters (every key but `h`, sorted). */
export function signParameters(parameters: Readonly<Record<string, string>>, apiKey: Uint8Array): string {
  const line = Object.keys(parameters)
    .filter((key) => key !== 'h')
    .sort()
    .map((key) => `${key}=${parameters[key]!}`)
    .join('&');
  return createHmac('sha1', apiKey).update(line, 'utf8').digest('base64');
}

/** A fresh request nonce: 32 random hexadecimal characters (the protocol asks for 16 to 40). */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The parameters of one verify request, signed. */
export function verifyRequest(input: { clientId: string; apiKey: Uint8Array; otp: string; nonce: string; syncLevel?: string }): Record<string, string> {
  const parameters: Record<string, string> = { id: input.clientId, otp: input.otp, nonce: input.nonce, timestamp: '1' };
  if (input.syncLevel !== undefined) parameters.sl = input.syncLevel;
  return { ...parameters, h: signParameters(parameters, input.apiKey) };
}

/** Parses a response body (`key=value` lines; values may contain `=`); null when it is not one. */
export function parseResponse(body: string): Record<string, string> | null {
  const parameters: Record<string, string> = {};
  for (const line of body.split(/\r?\n/u)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) return null;
    const key = trimmed.slice(0, equals);
    if (Object.hasOwn(parameters, key)) return null;
    parameters[key] = trimmed.slice(equals + 1);
  }
  return Object.keys(parameters).length === 0 ? null : parameters;
}

/** What one server's answer amounts to. */
export type ServerAnswer =
  | {
      readonly trusted: true;
      readonly status: YubicoStatus;
      /** The key's usage and session counters for the OTP (the protocol's `sessioncounter` and `sessionuse`), when sent. */
      readonly usageCounter: number | null;
      readonly sessionCounter: number | null;
    }
  | {
      readonly trusted: false;
      /** Why the answer was not believed. */
      readonly problem: 'unparsable' | 'bad-signature' | 'nonce-mismatch' | 'otp-mismatch' | 'unknown-status';
      /** The status it claimed, for the operator's log (never believed). */
      readonly claimed: string | null;
    };

function isStatus(value: string | undefined): value is YubicoStatus {
  return (YUBICO_STATUSES as readonly (string | undefined)[]).includes(value);
}

function sameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'base64');
  const b = Buffer.from(received, 'base64');
  // Compared as bytes, in constant time; a wrong length is simply wrong.
  return a.length === b.length && timingSafeEqual(a, b);
}

function counter(value: string | undefined, max: number): number | null {
  if (value === undefined || !/^\d{1,6}$/u.test(value)) return null;
  const number = Number(value);
  return number <= max ? number : null;
}

/**
 * Judges a response to the request `sent`: trusted only with a valid
 * signature, an echo of the request's nonce and OTP (required for `OK` and
 * `REPLAYED_OTP`; when present, they must match for every status) and a
 * known status.
 */
export function judgeResponse(body: string, sent: Readonly<Record<string, string>>, apiKey: Uint8Array): ServerAnswer {
  const response = parseResponse(body);
  if (response === null) return { trusted: false, problem: 'unparsable', claimed: null };
  const claimed = response.status ?? null;
  const signature = response.h;
  if (signature === undefined || !sameSignature(signParameters(response, apiKey), signature)) {
    return { trusted: false, problem: 'bad-signature', claimed };
  }
  const status = response.status;
  if (!isStatus(status)) return { trusted: false, problem: 'unknown-status', claimed };
  const mustEcho = status === 'OK' || status === 'REPLAYED_OTP';
  if ((mustEcho || response.nonce !== undefined) && response.nonce !== sent.nonce) return { trusted: false, problem: 'nonce-mismatch', claimed };
  if ((mustEcho || response.otp !== undefined) && response.otp !== sent.otp) return { trusted: false, problem: 'otp-mismatch', claimed };
  const usage = counter(response.sessioncounter, 0xffff);
  return {
    trusted: true,
    status,
    // The top bit of the usage counter flags a Caps Lock trigger, not a count.
    usageCounter: usage === null ? null : usage & MAX_USAGE_COUNTER,
    sessionCounter: counter(response.sessionuse, MAX_SESSION_COUNTER),
  };
}
