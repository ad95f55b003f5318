/**
 * The verified state's lifetimes over HTTP, the same for every framework
 * adapter: the HTML guard, the JSON guard and the code page, at exact times
 * with the core's manual clock (just before, at and just after the idle and
 * absolute limits), the rotated session id, the event, and a remembered
 * browser that re-verifies silently.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { ManualClock } from '../../src/index.js';
import type { VerificationExpiredEvent } from '../../src/web/lifetime.js';
import { browser, csrfOf, noticesOf, type Browser } from '../express/support.js';

const MINUTE = 60_000;
const IDLE = 30 * MINUTE;
const ABSOLUTE = 12 * 60 * MINUTE;

/** A test host: twofold's pages under `/account`, `GET /secret` (HTML guard) and `GET /api/data` (JSON guard). */
export interface LifetimeHost {
  readonly url: string;
  readonly clock: ManualClock;
  /** The session cookie's name. */
  readonly sessionCookie: string;
  /** The `verificationExpired` events seen so far. */
  readonly expired: VerificationExpiredEvent[];
  /** A user with one TOTP device (and the remember feature on). */
  readonly username: string;
  readonly password: string;
  /** The TOTP code of that device at the clock's time. */
  code(): string;
  close(): Promise<void>;
}

async function signIn(host: LifetimeHost, options: { readonly remember?: boolean } = {}): Promise<{ readonly b: Browser; readonly at: number }> {
  // A new time step for every sign-in, so that no code is a replay.
  host.clock.advance(30);
  const b = browser(host.url);
  const login = await b.get('/account/login');
  const step = await b.post('/account/login', { _csrf: csrfOf(login), username: host.username, password: host.password });
  assert.equal(step.status, 200);
  const done = await b.post('/account/login', { _csrf: csrfOf(step), token: host.code(), remember: options.remember === true ? 'on' : undefined });
  assert.equal(done.status, 303);
  assert.equal((await b.get('/secret')).status, 200);
  return { b, at: host.clock.now() };
}

async function apiError(b: Browser): Promise<unknown> {
  const page = await b.get('/api/data');
  assert.equal(page.status, 401);
  return JSON.parse(page.text);
}

/** Registers the lifetime tests against `start()`. */
export function lifetimeTests(start: () => Promise<LifetimeHost>): void {
  it('HTML: verified a millisecond before the idle limit (which the request moves on), refused at it with a new session id and a notice on the code page', async () => {
    const host = await start();
    try {
      const { b, at } = await signIn(host);
      host.clock.set(at + IDLE - 1);
      assert.equal((await b.get('/secret')).status, 200);
      const active = at + IDLE - 1;
      host.clock.set(active + IDLE - 1);
      assert.equal((await b.get('/secret')).status, 200, 'the last request restarted the idle time');
      const lastActive = host.clock.now();
      host.clock.set(lastActive + IDLE);
      const sid = b.cookie(host.sessionCookie);
      const refused = await b.get('/secret');
      assert.equal(refused.status, 302);
      assert.equal(refused.location, '/account/login?next=%2Fsecret');
      assert.notEqual(b.cookie(host.sessionCookie), sid, 'the session id was rotated');
      assert.equal(host.expired.length, 1);
      assert.equal(host.expired[0]!.reason, 'idle');
      assert.equal(host.expired[0]!.at.getTime(), lastActive + IDLE);

      const page = await b.get(refused.location);
      assert.equal(page.status, 200);
      assert.deepEqual(noticesOf(page.text), ['Your verification expired after 30 minutes of inactivity. Enter a code again to continue.']);
      assert.deepEqual(noticesOf((await b.get(refused.location)).text), [], 'said once');
      // The host's login stayed: only the code is asked for, and it verifies again.
      assert.doesNotMatch(page.text, /name="password"/);
      const again = await b.post('/account/login', { _csrf: csrfOf(page), token: host.code(), next: '/secret' });
      assert.equal(again.status, 303);
      assert.equal(again.location, '/secret');
      assert.equal((await b.get('/secret')).status, 200);
    } finally {
      await host.close();
    }
  });

  it('the account JSON API says otp_expired too when the verification ran out, then otp_required', async () => {
    const host = await start();
    try {
      const { b, at } = await signIn(host);
      assert.equal((await b.get('/account/api/devices')).status, 200);
      host.clock.set(at + IDLE + 1);
      const expired = await b.get('/account/api/devices');
      assert.equal(expired.status, 401);
      const body = JSON.parse(expired.text) as { error: string; reason?: string; limitSeconds?: number };
      assert.deepEqual([body.error, body.reason, body.limitSeconds], ['otp_expired', 'idle', 1800]);
      const again = JSON.parse((await b.get('/account/api/devices')).text) as { error: string };
      assert.equal(again.error, 'otp_required');
    } finally {
      await host.close();
    }
  });

  it('HTML and JSON: refused a millisecond after the idle limit too; JSON says otp_expired with the reason, once', async () => {
    const host = await start();
    try {
      const late = await signIn(host);
      const json = await signIn(host);
      host.clock.set(late.at + IDLE + 1);
      assert.equal((await late.b.get('/secret')).status, 302);
      host.clock.set(json.at + IDLE - 1);
      assert.equal((await json.b.get('/api/data')).status, 200);
      host.clock.set(json.at + IDLE - 1 + IDLE);
      assert.deepEqual(await apiError(json.b), { error: 'otp_expired', reason: 'idle', limitSeconds: 1800 });
      assert.deepEqual(await apiError(json.b), { error: 'otp_required' });
      assert.deepEqual(
        host.expired.map((event) => event.reason),
        ['idle', 'idle'],
      );
    } finally {
      await host.close();
    }
  });

  it('HTML and JSON: a constantly active session ends exactly 12 hours after its code', async () => {
    const host = await start();
    try {
      const html = await signIn(host);
      const json = await signIn(host);
      const keepActive = async (until: number) => {
        while (host.clock.now() + 20 * MINUTE < until) {
          host.clock.advance(20 * 60);
          assert.equal((await html.b.get('/secret')).status, 200);
          assert.equal((await json.b.get('/api/data')).status, 200);
        }
      };
      await keepActive(json.at + ABSOLUTE);
      host.clock.set(html.at + ABSOLUTE - 1);
      assert.equal((await html.b.get('/secret')).status, 200);
      host.clock.set(html.at + ABSOLUTE);
      assert.equal((await html.b.get('/secret')).status, 302);
      const page = await html.b.get('/account/login?next=%2Fsecret');
      assert.deepEqual(noticesOf(page.text), ['Your verification expired: a code counts for 12 hours. Enter a code again to continue.']);
      host.clock.set(json.at + ABSOLUTE - 1);
      assert.equal((await json.b.get('/api/data')).status, 200);
      host.clock.set(json.at + ABSOLUTE + 1);
      assert.deepEqual(await apiError(json.b), { error: 'otp_expired', reason: 'absolute', limitSeconds: 43_200 });
      assert.deepEqual(
        host.expired.map((event) => event.reason),
        ['absolute', 'absolute'],
      );
    } finally {
      await host.close();
    }
  });

  it('a remembered browser verifies again silently after the idle limit, as it does after any sign-in', async () => {
    const host = await start();
    try {
      const { b, at } = await signIn(host, { remember: true });
      host.clock.set(at + IDLE);
      const refused = await b.get('/secret');
      assert.equal(refused.status, 302);
      const back = await b.get(refused.location!);
      assert.equal(back.status, 302);
      assert.equal(back.location, '/secret');
      assert.equal((await b.get('/secret')).status, 200);
      assert.equal(host.expired.length, 1);
    } finally {
      await host.close();
    }
  });
}
