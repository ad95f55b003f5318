/**
 * What a page handler receives from the framework adapter, and the helpers
 * the pages share to render a document.
 */
import type { Twofold } from '../../core/twofold.js';
import { inputModeOf, presentationOf } from '../../devices/presentation.js';
import { CSRF_FIELD, csrfToken } from '../csrf.js';
import { htmlResponse, redirectResponse } from '../headers.js';
import type { SafeHtml } from '../html.js';
import type { Message, MessageId } from '../messages.js';
import type { WebConfig } from '../options.js';
import { loginRedirectUrl, safeRedirect, isSafeRedirect } from '../redirect.js';
import type { TwofoldSession } from '../session.js';
import type { HostUser } from '../user.js';
import type { OtpRequestContext } from '../verification.js';
import type { BasePageModel, DeviceChoice, PageUrls } from '../views.js';

/** What a page handler gets besides the request: the framework's side of the conversation. */
export interface PageContext<User extends HostUser = HostUser> {
  /** The host's session. */
  readonly session: TwofoldSession;
  /** This request's verification context (the same object as `req.otp`). */
  readonly otp: OtpRequestContext;
  /** Establishes the host's own login for `user`; called only after every required factor passed. */
  logIn(user: User): Promise<void>;
  /** Ends the host's own login. */
  logOut(): Promise<void>;
  /** Where twofold's pages are mounted: `''` for the root, or e.g. `/account`. */
  readonly basePath: string;
  /** The client's network address (for the `client` sending budgets), when the adapter knows it. */
  readonly clientAddress?: string | null;
  /** The reader's language (`languageFor`), for the codes sent while handling the request; the route table sets it. */
  readonly language?: string;
}

/** What a code sent while handling a request needs to know about it: its reader's language and client address. */
export interface CodeRecipient {
  readonly language?: string;
  readonly client?: string;
}

/** The language and client address of `context` for sending a code (absent ones left out). */
export function codeRecipient(context: Pick<PageContext, 'language' | 'clientAddress'>): CodeRecipient {
  const { language, clientAddress } = context;
  if (language === undefined) return clientAddress === undefined || clientAddress === null ? {} : { client: clientAddress };
  return clientAddress === undefined || clientAddress === null ? { language } : { language, client: clientAddress };
}

/** A page: a web-standard request in, a response out. */
export type PageHandler<User extends HostUser = HostUser> = (request: Request, context: PageContext<User>) => Promise<Response>;

/** The URLs of twofold's routes under `basePath`. */
export function pageUrls(basePath: string): PageUrls {
  return { login: `${basePath}/login`, logout: `${basePath}/logout`, stylesheet: `${basePath}/twofold.css`, script: `${basePath}/twofold.js` };
}

/** A `next` value worth carrying in a form: safe, or nothing. */
export function safeNext(value: unknown): string | null {
  return isSafeRedirect(value) ? value : null;
}

/** The shared helpers of the pages, bound to one configuration. */
export interface PageKit<User extends HostUser> {
  readonly config: WebConfig<User>;
  /** The fields every page model has. */
  base(context: PageContext<User>, next: string | null, errors: readonly Message[], notices: readonly Message[]): BasePageModel;
  /** A full HTML document around `body`, titled by a message, or by a text already in the reader's language (a kind's own words). */
  document(context: PageContext<User>, title: MessageId | { readonly text: string }, body: SafeHtml, status: number): Response;
  /** An error page; `continueTo` replaces "Back to sign-in" with a button to where the user can go on. */
  errorPage(context: PageContext<User>, status: number, message: MessageId, title?: MessageId, continueTo?: { readonly url: string; readonly label: MessageId }): Response;
  /** The user's confirmed devices, with one selected: `selected` if it is theirs, else the most recently used. */
  deviceChoices(userId: string, selected: string | null): Promise<DeviceChoice[]>;
  /** The code field's input mode for the selected device. */
  inputMode(devices: readonly DeviceChoice[]): 'numeric' | 'text';
  /** A 303 redirect to `next` if safe, else `fallback`. */
  redirectTo(next: string | null, fallback: string): Response;
  /** The login page URL, carrying `next`. */
  loginUrl(context: PageContext<User>, next: string | null): string;
}

/** Creates the page helpers. */
export function createPageKit<User extends HostUser>(config: WebConfig<User>): PageKit<User> {
  const { translator, keys, views } = config;
  const twofold: Twofold = config.twofold;

  const kit: PageKit<User> = {
    config,
    base(context, next, errors, notices) {
      return {
        t: (id, params) => translator.text(id, params),
        csrfToken: csrfToken(context.session, keys.csrf),
        csrfField: CSRF_FIELD,
        next,
        redirectField: config.redirectField,
        urls: pageUrls(context.basePath),
        errors,
        notices,
      };
    },
    document(context, title, body, status) {
      const urls = pageUrls(context.basePath);
      const page = views.layout({
        title: typeof title === 'string' ? translator.text(title) : title.text,
        body,
        lang: translator.locale,
        stylesheets: [urls.stylesheet, ...config.stylesheets],
        scripts: [urls.script],
      });
      return htmlResponse(page.html, status, { contentSecurityPolicy: config.contentSecurityPolicy });
    },
    errorPage(context, status, message, title = 'page.error.title', continueTo) {
      const body = views.error({
        page: 'error',
        t: (id, params) => translator.text(id, params),
        title: translator.text(title),
        message: translator.text(message),
        urls: pageUrls(context.basePath),
        continueTo: continueTo === undefined ? null : { url: continueTo.url, label: translator.text(continueTo.label) },
      });
      return kit.document(context, title, body, status);
    },
    async deviceChoices(userId, selected) {
      const devices = (await twofold.listDevices(userId, { confirmed: true })).filter((device) => twofold.kind(device.kind) !== undefined);
      let chosen = devices.find((device) => device.persistentId === selected);
      if (chosen === undefined) {
        for (const device of devices) {
          const used = device.lastUsedAt?.getTime() ?? -1;
          if (chosen === undefined || used > (chosen.lastUsedAt?.getTime() ?? -1)) chosen = device;
        }
      }
      return devices.map((device) => ({
        id: device.persistentId,
        name: device.name,
        kind: device.kind,
        interactive: device.interactive,
        selected: device === chosen,
      }));
    },
    inputMode(devices) {
      const selected = devices.find((device) => device.selected);
      return selected === undefined ? 'numeric' : inputModeOf(presentationOf(twofold.kind(selected.kind)));
    },
    redirectTo(next, fallback) {
      return redirectResponse(safeRedirect(next, fallback));
    },
    loginUrl(context, next) {
      const login = pageUrls(context.basePath).login;
      return next === null ? login : loginRedirectUrl(login, config.redirectField, next);
    },
  };
  return kit;
}
