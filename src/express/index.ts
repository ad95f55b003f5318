/**
 * twofold for Express 5, on top of express-session (any store).
 *
 * ```ts
 * const otp = twofoldExpress(twofold, { verifyPassword, loadUser, isStaff });
 * app.use(session({ secret, resave: false, saveUninitialized: false }));
 * app.use(passport.session());              // when the app uses Passport
 * app.use(otp.router);                      // req.otp; /account/login, /account/setup, ...; /admin
 * app.get('/secret', otp.otpRequired(), handler);
 * app.use('/api', otp.otpRequiredApi());
 * ```
 *
 * {@link twofoldExpress} takes the twofold instance (secrets, environment,
 * issuer, clock and logger come from it) and the host's callbacks, and
 * mounts everything. The lower-level {@link createTwofoldExpress} (pages
 * only, all web options) and `otpAdmin` (`twofold/express/admin`) remain for
 * hosts that assemble the pieces themselves.
 *
 * The pages themselves live in `twofold/web` and speak web-standard
 * `Request` / `Response`; this module only converts between Express and
 * those, and adapts `req.session` to twofold's session interface. The host
 * needs no body parser: twofold reads its own form posts (and also accepts
 * bodies already read by `express.urlencoded()`, `express.json()`,
 * `express.raw()` or `express.text()`, which is what lets the Twilio call
 * webhook check its signature behind any of them).
 *
 * @packageDocumentation
 */
import { Router } from 'express';
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse, Router as ExpressRouter } from 'express';
import { TwofoldError } from '../core/errors.js';
import type { Twofold } from '../core/twofold.js';
import { MAX_FORM_BYTES } from '../web/form.js';
import { apiRefusal, checkOtpAccess, loginRequiredRedirect, type OtpRequiredApiOptions, type OtpRequiredOptions } from '../web/guards.js';
import { resolveWebConfig, type TwofoldWebOptions, type WebConfig } from '../assembly/options.js';
import { resolveTwofoldApp, type TwofoldAppOptions, type TwofoldAppUrls } from '../assembly/app.js';
import type { AdminHandler } from '../flows/admin/handler.js';
import { createRoutes } from '../assembly/routes.js';
import { isSafeRedirect } from '../web/redirect.js';
import type { HostUser } from '../web/user.js';
import { createOtpContext, type MaybePromise, type OtpRequestContext } from '../web/verification.js';
import type { WebEventSource } from '../flows/shared/events.js';
import { answeringUnavailable, decideUnlessUnavailable } from '../web/unavailable.js';
import { defaultGetUser, passportLogIn, passportLogOut } from './passport.js';
import { expressSession } from './session.js';
import { expressStepUpGuard } from './step-up.js';
import { requireFactorsApiGuard, requireFactorsGuard } from '../flows/step-up/guard.js';
import type { Requirement } from '../web/step-up/requirement.js';

export type { OtpRequestContext } from '../web/verification.js';
export type { OtpRequiredApiOptions, OtpRequiredOptions } from '../web/guards.js';
export type { HostUser, TwofoldUser } from '../web/user.js';
export type { TwofoldAppAdminOptions, TwofoldAppOptions, TwofoldAppUrls } from '../assembly/app.js';
export { expressSession } from './session.js';
export type { WebEventName, WebEvents, WebEventListener } from '../flows/shared/events.js';

declare global {
  // Declaration merging is how Express request properties are typed (as express-session and Passport do).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** twofold's verification context for this request (set by twofold's middleware or router). */
      otp: OtpRequestContext;
    }
  }
}

/** Options of {@link createTwofoldExpress}. */
export interface TwofoldExpressOptions<User extends HostUser = HostUser> extends TwofoldWebOptions<User> {
  /** The signed-in user (default: `req.user`, as Passport sets it; its `id` is turned into a string). */
  readonly getUser?: (req: ExpressRequest) => MaybePromise<HostUser | null | undefined>;
  /**
   * Establishes the host's own login once every factor has passed (default:
   * Passport's `req.login`). twofold has already given the session a new id
   * and writes its own state after this returns, so a `logIn` that
   * regenerates the session again (Passport ≥ 0.6) is fine.
   */
  readonly logIn?: (req: ExpressRequest, user: User) => Promise<void>;
  /** Ends the host's own login on sign-out (default: Passport's `req.logout` when present). The session is replaced afterwards anyway. */
  readonly logOut?: (req: ExpressRequest) => Promise<void>;
}

/** What {@link createTwofoldExpress} returns. */
export interface TwofoldExpress {
  /** Sets `req.otp` (lazy: nothing is read until asked). Install after the session (and Passport) middleware. */
  readonly middleware: RequestHandler;
  /** The login and sign-out pages: mount it where `loginUrl` points (`app.use('/account', router)` with `loginUrl: '/account/login'`). */
  readonly router: ExpressRouter;
  /** HTML guard: lets verified users through, redirects others to the login page with `next`. */
  otpRequired(options?: OtpRequiredOptions): RequestHandler;
  /** JSON guard: 401 `{ error: 'login_required' }` for anonymous, 401 `{ error: 'otp_required' }` for unverified users (`setup_required` when the policy makes them set up a device first). */
  otpRequiredApi(options?: OtpRequiredApiOptions): RequestHandler;
  /** Step-up guard: sessions short of `requirement` (one of the `requirements` option) go to the step-up page and come back. */
  requireFactors(requirement: Requirement): RequestHandler;
  /** The JSON variant of `requireFactors`: 401 `login_required`, or 403 `step_up_required` with the ways to satisfy it. */
  requireFactorsApi(requirement: Requirement): RequestHandler;
  /** Subscribes to the web layer's events (`userVerified`, `browserRemembered`, ...); returns the function that unsubscribes. */
  readonly on: WebEventSource['on'];
  /** The checked configuration. */
  readonly config: WebConfig;
}

/**
 * Converts an Express request into a web-standard `Request`: the public URL
 * (honouring `trust proxy`), all headers, and the body, read up to `limit`
 * bytes (or re-encoded when a body parser already consumed it).
 */
export async function toWebRequest(req: ExpressRequest, limit: number = MAX_FORM_BYTES): Promise<Request> {
  let origin: string;
  try {
    origin = new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    origin = 'http://localhost';
  }
  const url = new URL(req.originalUrl, origin);
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') continue;
    try {
      headers.append(name, req.rawHeaders[i + 1]!);
    } catch {
      // A header value the fetch API refuses is not one twofold needs.
    }
  }
  if (req.method === 'GET' || req.method === 'HEAD') return new Request(url, { method: req.method, headers });

  const parsed: unknown = (req as unknown as { body?: unknown }).body;
  if (req.readableEnded && (Buffer.isBuffer(parsed) || typeof parsed === 'string')) {
    // express.raw() or express.text() got there first: the bytes as they came (Twilio's signed form among them).
    return new Request(url, { method: req.method, headers, body: parsed });
  }
  if (req.readableEnded && typeof parsed === 'object' && parsed !== null && /^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    // express.json() got there first: hand the JSON API the same JSON again.
    return new Request(url, { method: req.method, headers, body: JSON.stringify(parsed) });
  }
  if (req.readableEnded && typeof parsed === 'object' && parsed !== null) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value === 'string') form.append(key, value);
      else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') form.append(key, item);
    }
    return new Request(url, { method: req.method, headers, body: form.toString() });
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    headers.set('content-length', String(declared));
    return new Request(url, { method: req.method, headers });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.byteLength;
    if (size > limit) {
      // Stop reading; the page answers 413 from the declared length, and the connection is closed.
      headers.set('content-length', String(size));
      return new Request(url, { method: req.method, headers });
    }
    chunks.push(buffer);
  }
  return new Request(url, { method: req.method, headers, body: Buffer.concat(chunks) });
}

/** Writes a web-standard `Response` to Express. */
export async function sendWebResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.append('Set-Cookie', cookies);
  if (response.status === 413) res.setHeader('Connection', 'close');
  res.end(response.body === null ? undefined : Buffer.from(await response.arrayBuffer()));
}

interface Attached {
  readonly otp: OtpRequestContext;
  readonly config: WebConfig;
}

const attachments = new WeakMap<ExpressRequest, Attached>();

function attachedTo(req: ExpressRequest): Attached {
  const attached = attachments.get(req);
  if (attached === undefined) {
    throw new TwofoldError('INVALID_CONFIG', 'otpRequired needs twofold\'s middleware: app.use(createTwofoldExpress(...).middleware) before it');
  }
  return attached;
}

function checkGuardOptions(options: OtpRequiredOptions): void {
  if (options.loginUrl !== undefined && !isSafeRedirect(options.loginUrl)) {
    throw new TwofoldError('INVALID_CONFIG', `loginUrl must be a same-origin path starting with "/", got ${JSON.stringify(options.loginUrl)}`);
  }
}

function htmlGuard(options: OtpRequiredOptions, attach: (req: ExpressRequest) => Attached): RequestHandler {
  checkGuardOptions(options);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const { otp, config } = attach(req);
    const decision = await decideUnlessUnavailable(() => checkOtpAccess(otp, options, config.requireTwoFactor));
    if (decision instanceof Response) {
      await sendWebResponse(res, decision);
      return;
    }
    if (decision === 'allowed') {
      next();
      return;
    }
    const login = options.loginUrl ?? config.loginUrl;
    await sendWebResponse(res, loginRequiredRedirect(login, options.redirectField ?? config.redirectField, req.originalUrl));
  };
}

function apiGuard(options: OtpRequiredApiOptions, attach: (req: ExpressRequest) => Attached): RequestHandler {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const { otp, config } = attach(req);
    const decision = await decideUnlessUnavailable(() => checkOtpAccess(otp, options, config.requireTwoFactor));
    if (decision instanceof Response) {
      await sendWebResponse(res, decision);
      return;
    }
    if (decision === 'allowed') {
      next();
      return;
    }
    await sendWebResponse(res, apiRefusal(decision, await otp.expiry()));
  };
}

/**
 * Guard for routes and routers (django-otp's `otp_required`): verified users
 * pass; others get a 302 to `loginUrl?next=<requested path>`. With
 * `ifConfigured`, signed-in users without a confirmed device pass too;
 * anonymous users never do. Needs twofold's middleware earlier in the chain.
 */
export function otpRequired(options: OtpRequiredOptions = {}): RequestHandler {
  return htmlGuard(options, attachedTo);
}

/** The JSON variant of {@link otpRequired} for API routes: 401 `{ error: 'login_required' | 'otp_required' }`. */
export function otpRequiredApi(options: OtpRequiredApiOptions = {}): RequestHandler {
  return apiGuard(options, attachedTo);
}

/** How the host's Express app signs people in and out (Passport's `req.user`, `req.login`, `req.logout` by default). */
interface ExpressCallbacks<User extends HostUser> {
  readonly getUser: (req: ExpressRequest) => unknown;
  readonly logIn: (req: ExpressRequest, user: User) => Promise<void>;
  readonly logOut: (req: ExpressRequest) => Promise<void>;
}

/** The middleware, the pages' router and the guards of one checked configuration. */
function expressIntegration<User extends HostUser>(config: WebConfig<User>, callbacks: ExpressCallbacks<User>): TwofoldExpress {
  const { getUser, logIn, logOut } = callbacks;

  function attach(req: ExpressRequest): Attached {
    const existing = attachments.get(req);
    if (existing !== undefined && existing.config === config) return existing;
    const otp = createOtpContext({
      twofold: config.twofold,
      session: expressSession(req),
      getUser: () => getUser(req) as MaybePromise<HostUser | null | undefined>,
      keys: config.keys,
      lifetime: config.verificationLifetime,
    });
    const attached: Attached = { otp, config };
    attachments.set(req, attached);
    req.otp = otp;
    return attached;
  }

  const router = Router();
  for (const route of createRoutes(config)) {
    const handler: RequestHandler = async (req: ExpressRequest, res: ExpressResponse) => {
      const { otp } = attach(req);
      const request = await toWebRequest(req);
      const response = await answeringUnavailable(() =>
        route.handler(request, {
          session: expressSession(req),
          otp,
          logIn: (user) => logIn(req, user),
          logOut: () => logOut(req),
          basePath: req.baseUrl,
          // Honours `trust proxy`, as the host configured it.
          clientAddress: req.ip ?? null,
        }),
      );
      await sendWebResponse(res, response);
    };
    if (route.method === 'GET') router.get(route.path, handler);
    else router.post(route.path, handler);
  }

  return {
    middleware: (req: ExpressRequest, _res: ExpressResponse, next: NextFunction) => {
      attach(req);
      next();
    },
    router,
    otpRequired: (guardOptions = {}) => htmlGuard(guardOptions, attach),
    otpRequiredApi: (guardOptions = {}) => apiGuard(guardOptions, attach),
    requireFactors: (requirement) => expressStepUpGuard(requireFactorsGuard(config, requirement), (req) => attach(req).otp, sendWebResponse),
    requireFactorsApi: (requirement) => expressStepUpGuard(requireFactorsApiGuard(config, requirement), (req) => attach(req).otp, sendWebResponse),
    on: config.events.on,
    config,
  };
}

/**
 * Creates twofold's Express integration from all the web options. Throws
 * `TwofoldError` `INVALID_CONFIG` on bad options. Most apps want
 * {@link twofoldExpress}, which takes the twofold instance and mounts
 * everything (admin included) with one router.
 */
export function createTwofoldExpress<User extends HostUser = HostUser>(options: TwofoldExpressOptions<User>): TwofoldExpress {
  return expressIntegration(resolveWebConfig(options), {
    getUser: options.getUser ?? defaultGetUser,
    logIn: options.logIn ?? passportLogIn,
    logOut: options.logOut ?? passportLogOut,
  });
}

/**
 * The device admin's router for a handler (`otpAdmin` and
 * {@link twofoldExpress} mount it): it adapts the request, `req.session`,
 * the request's verification context and the host's user.
 */
export function adminRouter<User extends HostUser>(
  handle: AdminHandler<User>,
  getUser: (req: ExpressRequest) => MaybePromise<User | null | undefined>,
  otpOf: (req: ExpressRequest) => OtpRequestContext,
): ExpressRouter {
  const router = Router();
  router.use(async (req: ExpressRequest, res: ExpressResponse) => {
    const otp = otpOf(req);
    const request = await toWebRequest(req);
    const response = await handle(request, {
      session: expressSession(req),
      otp,
      user: async () => (await getUser(req)) ?? null,
      basePath: req.baseUrl,
    });
    await sendWebResponse(res, response);
  });
  return router;
}

/** Options of {@link twofoldExpress}: where the pages go and the host's callbacks; everything else has a default. */
export interface TwofoldExpressAppOptions<User extends HostUser = HostUser> extends TwofoldAppOptions<User> {
  /** The signed-in user (default: `req.user`, as Passport sets it). `isStaff` receives it too. */
  readonly getUser?: (req: ExpressRequest) => MaybePromise<User | null | undefined>;
  /** Establishes the host's own login once every factor has passed (default: Passport's `req.login`). */
  readonly logIn?: (req: ExpressRequest, user: User) => Promise<void>;
  /** Ends the host's own login on sign-out (default: Passport's `req.logout` when present). */
  readonly logOut?: (req: ExpressRequest) => Promise<void>;
}

/** What {@link twofoldExpress} returns. */
export interface TwofoldExpressApp extends Omit<TwofoldExpress, 'router'> {
  /**
   * Everything, to mount once at the root after the session (and Passport)
   * middleware, `app.use(otp.router)`: `req.otp` on every request, the pages
   * under `path`, the admin under `adminPath` when `isStaff` is given.
   */
  readonly router: ExpressRouter;
  /** Where the pages are (`urls.login`, `urls.profile`, ...). */
  readonly urls: TwofoldAppUrls;
}

/**
 * twofold for an Express 5 app in one call: the twofold instance (whose
 * secrets, environment, issuer, clock and logger the pages use) and the
 * host's few callbacks. Throws `TwofoldError` `INVALID_CONFIG` on a mistake.
 *
 * @example
 * ```ts
 * const otp = twofoldExpress(twofold, {
 *   verifyPassword: (username, password) => users.checkPassword(username, password),
 *   loadUser: (id) => users.findById(id),
 *   isStaff: (user) => user.isStaff,          // the admin at /admin
 * });
 * app.use(session({ secret, resave: false, saveUninitialized: false }));
 * app.use(passport.session());
 * app.use(otp.router);                         // /account/login, /account/setup, /account/profile, ...
 * app.get('/dashboard', otp.otpRequired(), handler);
 * ```
 */
export function twofoldExpress<User extends HostUser = HostUser>(twofold: Twofold, options: TwofoldExpressAppOptions<User> = {}): TwofoldExpressApp {
  const { getUser: hostGetUser, logIn, logOut, ...appOptions } = options;
  const app = resolveTwofoldApp<User>(twofold, appOptions);
  // Without getUser, req.user is taken to be the host's User, as Passport's typings do.
  const getUser = hostGetUser ?? (defaultGetUser as (req: ExpressRequest) => User | null | undefined);
  const integration = expressIntegration(app.config, { getUser, logIn: logIn ?? passportLogIn, logOut: logOut ?? passportLogOut });
  const router = Router();
  router.use(integration.middleware);
  router.use(app.urls.pages === '' ? '/' : app.urls.pages, integration.router);
  if (app.admin !== null && app.urls.admin !== null) router.use(app.urls.admin, adminRouter(app.admin, getUser, (req) => req.otp));
  return { ...integration, router, urls: app.urls };
}

/** Shorthand for `createTwofoldExpress(options).middleware`, for hosts with their own login pages (they call `req.otp.login(device)`). */
export function otpMiddleware<User extends HostUser = HostUser>(options: TwofoldExpressOptions<User>): RequestHandler {
  return createTwofoldExpress(options).middleware;
}
