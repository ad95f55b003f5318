/**
 * twofold for Hono. Hono already speaks web-standard `Request` / `Response`,
 * so this adapter only wires twofold's pages and guards to Hono's routing and
 * context. Hono has no built-in session: the host adapts the session it uses
 * to twofold's {@link TwofoldSession} interface (five small functions).
 *
 * ```ts
 * const otp = createTwofoldHono({ twofold, session: (c) => c.get('session'), getUser, verifyPassword, loadUser, logIn });
 * app.use(otp.middleware);                   // c.get('otp')
 * app.route('/account', otp.routes);         // GET|POST /account/login, /account/logout
 * app.get('/secret', otp.otpRequired(), (c) => c.text('secret'));
 * ```
 *
 * @packageDocumentation
 */
import { Hono } from 'hono';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { TwofoldError } from '../core/errors.js';
import { apiRefusal, checkOtpAccess, loginRequiredRedirect, type OtpRequiredApiOptions, type OtpRequiredOptions } from '../web/guards.js';
import { resolveWebConfig, type TwofoldWebOptions, type WebConfig } from '../assembly/options.js';
import { createRoutes } from '../assembly/routes.js';
import { isSafeRedirect } from '../web/redirect.js';
import type { TwofoldSession } from '../web/session.js';
import type { HostUser } from '../web/user.js';
import { createOtpContext, type MaybePromise, type OtpRequestContext } from '../web/verification.js';
import type { WebEventSource } from '../flows/shared/events.js';
import { answeringUnavailable, decideUnlessUnavailable } from '../web/unavailable.js';

export type { OtpRequestContext } from '../web/verification.js';
export type { OtpRequiredApiOptions, OtpRequiredOptions } from '../web/guards.js';
export type { TwofoldSession } from '../web/session.js';
export type { HostUser, TwofoldUser } from '../web/user.js';

/** The Hono environment twofold needs: `c.get('otp')`. Intersect it with your own. */
export interface TwofoldHonoEnv extends Env {
  Variables: { otp: OtpRequestContext };
}

/** Options of {@link createTwofoldHono}. */
export interface TwofoldHonoOptions<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser> extends TwofoldWebOptions<User> {
  /** The request's session, adapted to twofold's interface (its `regenerate` must set the new cookie). */
  readonly session: (c: Context<E>) => TwofoldSession;
  /** The signed-in user, or null. */
  readonly getUser: (c: Context<E>) => MaybePromise<HostUser | null | undefined>;
  /** Establishes the host's own login once every factor has passed. Required with `verifyPassword`. */
  readonly logIn?: (c: Context<E>, user: User) => Promise<void>;
  /** Ends the host's own login on sign-out (the session is replaced afterwards anyway). */
  readonly logOut?: (c: Context<E>) => Promise<void>;
  /**
   * The client's network address, for the `client` sending budgets (behind a
   * proxy: the address your proxy reports, e.g. from `X-Forwarded-For` as
   * your proxy sets it). Default: the socket's address under
   * `@hono/node-server`, else unknown (client budgets then do not apply).
   */
  readonly clientAddress?: (c: Context<E>) => string | null | undefined;
}

/** What {@link createTwofoldHono} returns. */
export interface TwofoldHono<E extends TwofoldHonoEnv = TwofoldHonoEnv> {
  /** Sets `c.get('otp')` (lazy). Install after your session middleware. */
  readonly middleware: MiddlewareHandler<E>;
  /** The login and sign-out pages: `app.route('/account', routes)` with `loginUrl: '/account/login'`. */
  readonly routes: Hono<E>;
  /** HTML guard: verified users pass, others are redirected to the login page with `next`. */
  otpRequired(options?: OtpRequiredOptions): MiddlewareHandler<E>;
  /** JSON guard: 401 `{ error: 'login_required' | 'otp_required' | 'setup_required' }`. */
  otpRequiredApi(options?: OtpRequiredApiOptions): MiddlewareHandler<E>;
  /** Subscribes to the web layer's events (`userVerified`, ...); returns the function that unsubscribes. */
  readonly on: WebEventSource['on'];
  /** The checked configuration. */
  readonly config: WebConfig;
}

/**
 * The request for twofold's handlers. A middleware of the host that read the
 * body through Hono (`c.req.parseBody()`, `c.req.text()`, ...) leaves it in
 * Hono's cache: twofold gets the same bytes again, so its forms and the
 * Twilio call webhook (whose signature covers every posted parameter) work
 * behind such a middleware too. A form only kept as `FormData` comes back
 * URL-encoded, the way it was posted.
 */
async function requestOf<E extends Env>(c: Context<E>): Promise<Request> {
  const raw = c.req.raw;
  const cached = Object.keys(c.req.bodyCache);
  if (!raw.bodyUsed || cached.length === 0) return raw;
  const headers = new Headers(raw.headers);
  headers.delete('content-length');
  let body: string | ArrayBuffer;
  if (cached.length === 1 && cached[0] === 'formData') {
    const params = new URLSearchParams();
    for (const [name, value] of await c.req.formData()) if (typeof value === 'string') params.append(name, value);
    body = params.toString();
  } else {
    body = await c.req.arrayBuffer();
  }
  return new Request(raw.url, { method: raw.method, headers, body });
}

/** The peer address `@hono/node-server` exposes through `c.env.incoming`, or null under other runtimes. */
function nodeSocketAddress<E extends Env>(c: Context<E>): string | null {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null) return null;
  const incoming: unknown = (env as { incoming?: unknown }).incoming;
  if (typeof incoming !== 'object' || incoming === null) return null;
  const socket: unknown = (incoming as { socket?: unknown }).socket;
  if (typeof socket !== 'object' || socket === null) return null;
  const address: unknown = (socket as { remoteAddress?: unknown }).remoteAddress;
  return typeof address === 'string' && address !== '' ? address : null;
}

/** Creates twofold's Hono integration. Throws `TwofoldError` `INVALID_CONFIG` on bad options. */
export function createTwofoldHono<E extends TwofoldHonoEnv = TwofoldHonoEnv, User extends HostUser = HostUser>(
  options: TwofoldHonoOptions<E, User>,
): TwofoldHono<E> {
  const config = resolveWebConfig(options);
  const { logIn, logOut } = options;
  if (config.passwordLogin !== null && logIn === undefined) {
    throw new TwofoldError('INVALID_CONFIG', 'verifyPassword needs logIn(c, user): how your app signs a user in');
  }
  const contexts = new WeakMap<Request, OtpRequestContext>();

  function attach(c: Context<E>): OtpRequestContext {
    let otp = contexts.get(c.req.raw);
    if (otp === undefined) {
      otp = createOtpContext({
        twofold: config.twofold,
        session: options.session(c),
        getUser: () => options.getUser(c),
        keys: config.keys,
        lifetime: config.verificationLifetime,
      });
      contexts.set(c.req.raw, otp);
    }
    c.set('otp', otp);
    return otp;
  }

  const routes = new Hono<E>();
  for (const route of createRoutes(config)) {
    routes.on(route.method, route.path, async (c) => {
      const path = c.req.path;
      const basePath = path.endsWith(route.path) ? path.slice(0, path.length - route.path.length) : '';
      const request = await requestOf(c);
      return answeringUnavailable(() =>
        route.handler(request, {
          session: options.session(c),
          otp: attach(c),
          logIn: (user) => {
            if (logIn === undefined) throw new TwofoldError('INVALID_CONFIG', 'logIn is not configured');
            return logIn(c, user);
          },
          logOut: () => (logOut === undefined ? Promise.resolve() : logOut(c)),
          basePath,
          clientAddress: options.clientAddress === undefined ? nodeSocketAddress(c) : (options.clientAddress(c) ?? null),
        }),
      );
    });
  }

  return {
    middleware: async (c, next) => {
      attach(c);
      await next();
    },
    routes,
    otpRequired(guardOptions = {}) {
      if (guardOptions.loginUrl !== undefined && !isSafeRedirect(guardOptions.loginUrl)) {
        throw new TwofoldError('INVALID_CONFIG', `loginUrl must be a same-origin path starting with "/", got ${JSON.stringify(guardOptions.loginUrl)}`);
      }
      return async (c, next) => {
        const decision = await decideUnlessUnavailable(() => checkOtpAccess(attach(c), guardOptions, config.requireTwoFactor));
        if (decision instanceof Response) return decision;
        if (decision === 'allowed') {
          await next();
          return;
        }
        const url = new URL(c.req.url);
        return loginRequiredRedirect(
          guardOptions.loginUrl ?? config.loginUrl,
          guardOptions.redirectField ?? config.redirectField,
          url.pathname + url.search,
        );
      };
    },
    otpRequiredApi(guardOptions = {}) {
      return async (c, next) => {
        const otp = attach(c);
        const decision = await decideUnlessUnavailable(() => checkOtpAccess(otp, guardOptions, config.requireTwoFactor));
        if (decision instanceof Response) return decision;
        if (decision === 'allowed') {
          await next();
          return;
        }
        return apiRefusal(decision, await otp.expiry());
      };
    },
    on: config.events.on,
    config,
  };
}
