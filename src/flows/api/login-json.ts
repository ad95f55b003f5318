/**
 * Reading and answering JSON requests with the pages' rules: the CSRF token
 * comes in an `X-CSRF-Token` header (checked, with the cross-site check,
 * before the body is even read), bodies are `application/json` objects of
 * at most 16 KiB, and every answer is JSON that is never cached. A 429 gets
 * a `Retry-After` header as well as `retryAt`.
 */
import { isCrossSiteRequest, isValidCsrfToken } from '../../web/csrf.js';
import { jsonResponse } from '../../web/headers.js';
import { readBody } from '../../web/body.js';
import type { Message, MessageId, Translator } from '../../web/messages.js';
import { retryAfterSeconds } from '../../web/pages/second-factor.js';
import type { TwofoldSession } from '../../web/session.js';
import type { ApiError } from './types.js';

/** Largest JSON body accepted, in bytes. */
export const MAX_JSON_BYTES = 16 * 1024;

/** The header that carries the CSRF token. */
export const CSRF_HEADER = 'X-CSRF-Token';

// Decoding without `stream` keeps no state between calls, so one decoder serves every request (making one costs
// more than decoding a small body).
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A JSON object as read from a request. */
export type JsonBody = Readonly<Record<string, unknown>>;

/** A JSON answer. */
export function apiJson(body: unknown, status = 200): Response {
  return jsonResponse(body, status);
}

/** An error answer `{ error, message[, retryAt] }`; with `retryAt`, also `Retry-After` (whole seconds, rounded up). */
export function apiError(code: string, message: Message | string, status: number, retry?: { readonly at: Date; readonly now: number }): Response {
  const body: ApiError = {
    error: code,
    message: typeof message === 'string' ? message : message.text,
    ...(retry === undefined ? {} : { retryAt: retry.at.toISOString() }),
  };
  const response = jsonResponse(body, status);
  if (retry !== undefined) response.headers.set('Retry-After', String(retryAfterSeconds(retry.at, retry.now)));
  return response;
}

/**
 * Checks a state-changing JSON request and reads its body: the CSRF header
 * and same-site origin first (403 `csrf`), then `Content-Type` (415), size
 * (413) and a JSON object (400). An empty body reads as `{}`.
 */
export async function readJsonRequest(
  request: Request,
  session: Pick<TwofoldSession, 'get'>,
  csrfKey: string,
  translator: Translator,
): Promise<{ readonly ok: true; readonly body: JsonBody } | { readonly ok: false; readonly response: Response }> {
  const refuse = (code: string, id: MessageId, status: number) => ({ ok: false as const, response: apiError(code, translator.message(id), status) });
  const tokenValid = isValidCsrfToken(session, csrfKey, request.headers.get(CSRF_HEADER));
  if (isCrossSiteRequest(request) || !tokenValid) return refuse('csrf', 'api.error.csrf', 403);
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const read = await readBody(request, MAX_JSON_BYTES);
  if (read === 'too-large') return refuse('too_large', 'api.error.tooLarge', 413);
  if (read === 'unreadable') return refuse('bad_request', 'api.error.badRequest', 400);
  if (read.byteLength === 0) return { ok: true, body: {} };
  if (type !== 'application/json') return refuse('unsupported_media_type', 'api.error.unsupportedMediaType', 415);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(read));
  } catch {
    return refuse('bad_request', 'api.error.badRequest', 400);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('bad_request', 'api.error.badRequest', 400);
  return { ok: true, body: value as JsonBody };
}

/** A string field: its value, '' when absent, or null when present with another type (a bad request). */
export function stringField(body: JsonBody, name: string): string | null {
  const value = body[name];
  if (value === undefined) return '';
  return typeof value === 'string' ? value : null;
}

/** A boolean field: its value, false when absent, or null when present with another type (a bad request). */
export function booleanField(body: JsonBody, name: string): boolean | null {
  const value = body[name];
  if (value === undefined) return false;
  return typeof value === 'boolean' ? value : null;
}
