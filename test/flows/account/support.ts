/**
 * Helpers for the account-page tests, on the real Express test host of
 * `test/express/support.ts`: sign in with the host's own password login
 * (no second factor), read the key off the setup page as a person would,
 * compute codes at the host's clock, and talk JSON to the API with the same
 * cookie jar as the page browser.
 */
import assert from 'node:assert/strict';
import { decodeBase32, generateHOTP, generateTOTP } from '../../../src/oath/index.js';
import { csrfOf, unescapeHtml, user, type Browser, type Host, type Page } from '../../express/support.js';
import type { ManualClock } from '../../../src/core/clock.js';

/** The express-session cookie of the test host. */
export const SESSION_COOKIE = 'connect.sid';

/** A new browser signed in by the host's own password login (twofold has verified nothing). */
export async function signIn(host: Pick<Host, 'browser'>, username: string): Promise<Browser> {
  const b = host.browser();
  const account = user(username);
  const page = await b.post('/host-login', { username: account.username, password: account.password });
  assert.equal(page.status, 200, page.text);
  return b;
}

/** The key shown on a setup page, as bytes (read from the text a person would type). */
export function keyOf(page: Page): Uint8Array {
  const match = /<code class="tf-account-key"[^>]*>([^<]*)<\/code>/.exec(page.text);
  if (match === null) throw new Error(`no key on the page (status ${page.status}):\n${page.text}`);
  return decodeBase32(unescapeHtml(match[1]!).replaceAll(' ', ''));
}

/** The TOTP code of `key` at the clock's time, `offsetSteps` steps later. */
export function codeFor(key: Uint8Array, clock: ManualClock, offsetSteps = 0): string {
  return generateTOTP(key, { time: clock.now() / 1000 + offsetSteps * 30 });
}

/** The HOTP code of `key` at `counter`. */
export function hotpCodeFor(key: Uint8Array, counter: number): string {
  return generateHOTP(key, counter);
}

/** The texts of an account page's error summary. */
export function accountErrors(html: string): string[] {
  const summary = /<div class="tf-alert tf-alert-error" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  if (summary === null) return [];
  const items = [...summary[1]!.matchAll(/<li>(?:<a [^>]*>)?([^<]*)(?:<\/a>)?<\/li>/g)].map((m) => unescapeHtml(m[1]!));
  if (items.length > 0) return items;
  return [...summary[1]!.matchAll(/<p>([^<]*)<\/p>/g)].map((m) => unescapeHtml(m[1]!));
}

/** The texts of an account page's notices. */
export function accountNotices(html: string): string[] {
  return [...html.matchAll(/<div class="tf-alert tf-alert-notice" role="status"><p>([^<]*)<\/p><\/div>/g)].map((m) => unescapeHtml(m[1]!));
}

/** What {@link enrol} did. */
export interface Enrolment {
  readonly key: Uint8Array;
  /** The persistent id of the new device. */
  readonly device: string;
  /** The final answer (a 303). */
  readonly response: Page;
}

/**
 * Goes through the setup wizard in `b` (which must be allowed to add a
 * device) with the code of the current step, and checks it worked.
 */
export async function enrol(host: Host, b: Browser, options: { readonly name?: string; readonly method?: string } = {}): Promise<Enrolment> {
  const welcome = await b.get('/account/setup');
  assert.equal(welcome.status, 200, welcome.text);
  const started = await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: options.method ?? 'totp' });
  assert.equal(started.status, 303, started.text);
  const keyPage = await b.get('/account/setup');
  const key = keyOf(keyPage);
  const response = await b.post('/account/setup', {
    _csrf: csrfOf(keyPage),
    action: 'confirm',
    name: options.name ?? 'Phone',
    token: options.method === 'hotp' ? hotpCodeFor(key, 0) : codeFor(key, host.clock),
  });
  assert.equal(response.status, 303, response.text);
  const location = response.location ?? '';
  const device = decodeURIComponent(/device=([^&]+)/.exec(location)?.[1] ?? '');
  return { key, device, response };
}

/** Verifies `b`'s session again with a code on the "confirm it is you" page. Returns the answer. */
export async function reauthenticate(b: Browser, token: string, fields: Readonly<Record<string, string>> = {}): Promise<Page> {
  const page = await b.get('/account/reauthenticate');
  return b.post('/account/reauthenticate', { _csrf: csrfOf(page), token, ...fields });
}

/** The CSRF token of `b`'s session, read from a page. */
export async function csrfToken(b: Browser, path = '/account/profile'): Promise<string> {
  return csrfOf(await b.get(path));
}

/** A JSON answer. */
export interface JsonPage {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** JSON requests in the cookie jar of a page browser. */
export interface JsonClient {
  get(path: string): Promise<JsonPage>;
  post(path: string, body: unknown, headers?: Readonly<Record<string, string>>): Promise<JsonPage>;
}

/** A JSON client sharing `b`'s session cookie (and keeping it up to date when the session id changes). */
export function jsonClient(host: Pick<Host, 'url'>, b: Browser): JsonClient {
  async function send(path: string, init: RequestInit): Promise<JsonPage> {
    const headers = new Headers(init.headers);
    const cookie = b.cookie(SESSION_COOKIE);
    if (cookie !== undefined) headers.set('cookie', `${SESSION_COOKIE}=${cookie}`);
    const response = await fetch(new URL(path, host.url), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      if (pair!.slice(0, index).trim() === SESSION_COOKIE) b.setCookie(SESSION_COOKIE, pair!.slice(index + 1).trim());
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }
  return {
    get: (path) => send(path, { method: 'GET' }),
    post: (path, body, headers = {}) =>
      send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
  };
}
