/**
 * What the Hono tests share: a cookie session kept in a Map (enough to prove
 * the adapter, not a production store), the host login of a list of people
 * (password, user lookup, `userId` in the session), and serving an app with
 * @hono/node-server on 127.0.0.1 at a random port.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { serve } from '@hono/node-server';
import type { JsonValue } from '../../src/core/types.js';
import type { OtpRequestContext, TwofoldHonoOptions, TwofoldSession } from '../../src/hono/index.js';

/** The Hono environment of the test apps: twofold's request context and the session. */
export type AppEnv = { Variables: { otp: OtpRequestContext; session: TwofoldSession } };

/** What a session holds. */
export type SessionData = Record<string, JsonValue>;

/** Keeps each session in `store` under a random id in the `sid` cookie; a changed session is saved (and the cookie set) after the handler. */
export function mapSessions(store: Map<string, SessionData>): MiddlewareHandler<AppEnv> {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const cookie = getCookie(c, 'sid');
    let id = cookie !== undefined && store.has(cookie) ? cookie : null;
    let data: SessionData = id === null ? {} : structuredClone(store.get(id)!);
    const changes = { dirty: false };
    c.set('session', {
      get: (key) => data[key],
      set: (key, value) => {
        data[key] = value;
        changes.dirty = true;
      },
      delete: (key) => {
        if (key in data) {
          data = Object.fromEntries(Object.entries(data).filter(([name]) => name !== key));
          changes.dirty = true;
        }
      },
      regenerate: (keep) => {
        if (id !== null) store.delete(id);
        data = Object.fromEntries(Object.entries(data).filter(([key]) => keep === 'all' || keep.includes(key)));
        id = null;
        changes.dirty = true;
        return Promise.resolve();
      },
    });
    await next();
    if (changes.dirty) {
      id ??= randomBytes(24).toString('base64url');
      store.set(id, structuredClone(data));
      setCookie(c, 'sid', id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    }
  };
}

/** Someone who signs in with a username and password. */
export interface Person {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

/**
 * The options of `createTwofoldHono` for a host whose own login is the
 * session's `userId`, with `people` as its accounts: twofold's login page
 * checks their passwords, and signing in or out sets or clears `userId`.
 */
export function peopleLogin<P extends Person>(
  people: readonly P[],
): Pick<TwofoldHonoOptions<AppEnv, P>, 'session' | 'getUser' | 'verifyPassword' | 'loadUser' | 'logIn' | 'logOut' | 'loginUrl'> {
  return {
    session: (c) => c.get('session'),
    getUser: (c) => people.find((person) => person.id === c.get('session').get('userId')) ?? null,
    verifyPassword: (username, password) => Promise.resolve(people.find((p) => p.username === username && p.password === password) ?? null),
    loadUser: (id) => Promise.resolve(people.find((p) => p.id === id) ?? null),
    logIn: (c, person) => {
      c.get('session').set('userId', person.id);
      return Promise.resolve();
    },
    logOut: (c) => {
      c.get('session').delete('userId');
      return Promise.resolve();
    },
    loginUrl: '/account/login',
  };
}

/** A Hono app being served. */
export interface ServedApp {
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  readonly close: () => Promise<void>;
}

/** Serves `app` on 127.0.0.1 at a random port. */
export async function serveHono(app: Hono<AppEnv>): Promise<ServedApp> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
