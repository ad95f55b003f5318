/**
 * Reading twofold's form posts: URL-encoded bodies only, with a size limit
 * enforced while reading (a huge body is refused before it is buffered).
 */
import { readBody } from './body.js';

/** Largest form body accepted, in bytes. */
export const MAX_FORM_BYTES = 16 * 1024;

// Without `stream` a decoder keeps no state between calls: one serves every request.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The outcome of {@link readForm}. */
export type FormResult =
  | { readonly ok: true; readonly form: URLSearchParams }
  /** 413: too large; 415: not `application/x-www-form-urlencoded`; 400: unreadable. */
  | { readonly ok: false; readonly status: 400 | 413 | 415 };

/** Reads a URL-encoded form body, at most `limit` bytes. */
export async function readForm(request: Request, limit: number = MAX_FORM_BYTES): Promise<FormResult> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { ok: false, status: 415 };
  const body = await readBody(request, limit);
  if (body === 'too-large') return { ok: false, status: 413 };
  if (body === 'unreadable') return { ok: false, status: 400 };
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { ok: false, status: 400 };
  }
  return { ok: true, form: new URLSearchParams(text) };
}

/** The first value of a field, or '' when it is absent. */
export function formField(form: URLSearchParams, name: string): string {
  return form.get(name) ?? '';
}
