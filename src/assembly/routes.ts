/**
 * twofold's pages as a route table that every framework adapter mounts the
 * same way: `GET|POST /login`, `GET|POST /logout`, `GET /twofold.css`, `GET /twofold.js`, under
 * a prefix of the host's choosing.
 */
import { TWOFOLD_CSS } from '../web/html.js';
import { clientScriptResponse } from '../web/client-script.js';
import { ceremonyScriptPath, ceremonyScriptResponse, type CeremonyScriptPath } from '../web/ceremony-script.js';
import { ceremonyKinds } from '../devices/presentation.js';
import { ACCOUNT_CSS } from '../flows/account/css.js';
import { createAccountRoutes, type AccountRoutePath } from './account-routes.js';
import { createLoginRoutes, type LoginRoutePath } from './login-routes.js';
import { LOGIN_CSS } from '../flows/login/views.js';
import type { WebConfig } from '../web/options.js';
import type { HostUser } from '../web/user.js';
import { createPageKit, type PageHandler } from '../web/pages/context.js';
import { createLoginHandlers } from './login-page.js';
import { createLogoutHandlers } from '../web/pages/logout.js';
import { withRequestScope } from '../web/request-scope.js';
import { noteClientAddress } from '../web/client-address.js';
import type { PageContext } from '../web/pages/context.js';
import { TWILIO_CALL_PATH } from '../web/pages/twilio-call.js';
import { preSessionCsrf } from '../web/pre-session-csrf.js';
import { createStepUpPages, LOCK_PATH, STEP_UP_PATH } from '../flows/step-up/pages.js';
import { ASSURANCE_API_PATH, createAssuranceHandler } from '../flows/step-up/assurance-api.js';

export { createLoginHandlers, MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH } from './login-page.js';
export type { LoginHandlers } from './login-page.js';

/** One route of twofold's pages, relative to where they are mounted. */
export interface TwofoldRoute<User extends HostUser = HostUser> {
  readonly method: 'GET' | 'POST';
  readonly path: '/login' | '/logout' | '/twofold.css' | '/twofold.js' | CeremonyScriptPath | typeof STEP_UP_PATH | typeof LOCK_PATH | typeof ASSURANCE_API_PATH | typeof TWILIO_CALL_PATH | AccountRoutePath | LoginRoutePath;
  readonly handler: PageHandler<User>;
}

/** Serves twofold's stylesheet (cacheable: it holds nothing private). */
export function stylesheetHandler(): Promise<Response> {
  return Promise.resolve(
    new Response(`${TWOFOLD_CSS}${ACCOUNT_CSS}${LOGIN_CSS}`, {
      status: 200,
      headers: {
        'Content-Type': 'text/css; charset=utf-8',
        'Cache-Control': 'public, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      },
    }),
  );
}

/** Twilio's call webhook, when configured: no CSRF check and no session (Twilio's signature is the authentication). */
function twilioCallRoutes<User extends HostUser>(config: WebConfig<User>): readonly TwofoldRoute<User>[] {
  const handle = config.twilioCalls;
  if (handle === null) return [];
  return [
    { method: 'POST', path: TWILIO_CALL_PATH, handler: (request) => handle(request) },
    // Answered here, not by the handler: a host's own handleCallRequest-like function may expect POST only.
    { method: 'GET', path: TWILIO_CALL_PATH, handler: () => Promise.resolve(postOnly()) },
  ];
}

/** 405 for a GET on a POST-only endpoint (a person opening the webhook's URL, a link checker). */
function postOnly(): Response {
  return new Response('Method Not Allowed', {
    status: 405,
    headers: { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** The browser script of each registered ceremony kind (WebAuthn), at its hashed file name. */
function ceremonyScriptRoutes<User extends HostUser>(config: WebConfig<User>): readonly TwofoldRoute<User>[] {
  return ceremonyKinds(config.twofold).map(({ ceremony }) => {
    // Read once, when the routes are built: a missing optional package is said at start, not on a sign-in.
    const script = ceremony.script();
    const response = () => Promise.resolve(ceremonyScriptResponse(script));
    return { method: 'GET', path: ceremonyScriptPath(script), handler: response };
  });
}

/** Whether a route serves a ceremony script (no session, no CSRF cookie: it is public and cached). */
function isCeremonyScript(route: { readonly path: string }): boolean {
  return /^\/twofold-[^/]+\.js$/.test(route.path);
}

/** The routes of twofold's pages for one configuration. */
export function createRoutes<User extends HostUser>(config: WebConfig<User>): readonly TwofoldRoute<User>[] {
  const { translator } = config;
  const inLanguage = translator.inLanguage?.bind(translator);
  if (inLanguage === undefined) return routesInScope(config);
  // Every page is written in the reader's language: the pages are built once per language (the `languages` option's
  // list bounds them) over a translator bound to it, rather than finding the language in an AsyncLocalStorage, which
  // on Node 20 would slow every promise of the process.
  const tables = new Map<string, readonly TwofoldRoute<User>[]>();
  const tableIn = (language: string): readonly TwofoldRoute<User>[] => {
    let table = tables.get(language);
    if (table === undefined) {
      table = routeTable({ ...config, translator: inLanguage(language) });
      tables.set(language, table);
    }
    return table;
  };
  return tableIn(translator.locale).map((route, index) => ({
    ...route,
    handler: (request: Request, context: PageContext<User>) => {
      const language = config.languageFor(request);
      // A code sent while handling it is charged to the client's address; events name it too.
      noteClientAddress(request, context.clientAddress ?? null);
      return withPreSessionCsrf(config, tableIn(language)[index]!, request, { ...context, language });
    },
  }));
}

/**
 * The routes over a host's own translator without `inLanguage`: each runs
 * inside `withLanguage` (and `withClientAddress`), where that translator can
 * read `currentLanguage()`. Such a host pays for the AsyncLocalStorage.
 */
function routesInScope<User extends HostUser>(config: WebConfig<User>): readonly TwofoldRoute<User>[] {
  return routeTable(config).map((route) => ({
    ...route,
    handler: (request: Request, context: PageContext<User>) => {
      const language = config.languageFor(request);
      const clientAddress = context.clientAddress ?? null;
      noteClientAddress(request, clientAddress);
      return withRequestScope({ language, clientAddress }, () => withPreSessionCsrf(config, route, request, { ...context, language }));
    },
  }));
}

/** The routes' handlers over `config` as it is (its translator writes every page). */
function routeTable<User extends HostUser>(config: WebConfig<User>): readonly TwofoldRoute<User>[] {
  const kit = createPageKit(config);
  const login = createLoginHandlers(kit);
  const logout = createLogoutHandlers(kit);
  const stepUp = createStepUpPages(kit);
  return [
    { method: 'GET', path: '/login', handler: login.show },
    { method: 'POST', path: '/login', handler: login.submit },
    { method: 'GET', path: '/logout', handler: logout.show },
    { method: 'POST', path: '/logout', handler: logout.submit },
    { method: 'GET', path: '/twofold.css', handler: stylesheetHandler },
    { method: 'GET', path: '/twofold.js', handler: () => Promise.resolve(clientScriptResponse()) },
    { method: 'GET', path: STEP_UP_PATH, handler: stepUp.show },
    { method: 'POST', path: STEP_UP_PATH, handler: stepUp.submit },
    { method: 'POST', path: LOCK_PATH, handler: stepUp.lock },
    { method: 'GET', path: ASSURANCE_API_PATH, handler: createAssuranceHandler(config) },
    ...createAccountRoutes(config, kit),
    ...createLoginRoutes(config, kit),
    ...twilioCallRoutes(config),
    ...ceremonyScriptRoutes(config),
  ];
}

/** Runs a route with its CSRF token in a cookie while the session holds nothing (no session stored for anonymous visitors). */
async function withPreSessionCsrf<User extends HostUser>(
  config: WebConfig<User>,
  route: TwofoldRoute<User>,
  request: Request,
  context: PageContext<User>,
): Promise<Response> {
  if (route.path === '/twofold.css' || route.path === '/twofold.js' || route.path === TWILIO_CALL_PATH || isCeremonyScript(route)) return route.handler(request, context);
  const csrf = preSessionCsrf(request, context.session, config.keys, (await context.otp.user()) !== null);
  return csrf.finish(await route.handler(request, { ...context, session: csrf.session }));
}
