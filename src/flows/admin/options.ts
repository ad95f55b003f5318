/**
 * The admin's options, what a framework adapter supplies with each request,
 * and the handler's type.
 */
import type { Twofold, TwofoldLogger } from '../../core/twofold.js';
import { type MessageCatalog } from '../../web/messages.js';
import type { TwofoldSession } from '../../web/session.js';
import { type HostUser } from '../../web/user.js';
import type { OtpRequestContext } from '../../web/verification.js';
import { defineRequirement, type Requirement } from '../../web/step-up/requirement.js';
import { type AdminMessageCatalog } from './messages.js';

/** Options of the device admin. */
export interface OtpAdminOptions<User extends HostUser = HostUser> {
  readonly twofold: Twofold;
  /** Whether the signed-in user may use the admin (django's `is_staff`). */
  readonly isStaff: (user: User) => boolean | Promise<boolean>;
  /**
   * Where anonymous users, and staff whose session is not verified, are sent
   * with `?next=` (default `/login`): twofold's OTP sign-in page, which also
   * asks a signed-in user for just the code.
   */
  readonly loginUrl?: string;
  /**
   * What staff must have verified, and how recently, beyond a verified
   * session: a step-up requirement (`defineRequirement`). A staff member
   * short of it is sent to the step-up page, which must serve it (list it
   * in `requirements`; the one-call factories do, with
   * {@link DEFAULT_ADMIN_REQUIREMENT} unless told otherwise). Default here:
   * none (a verified session is enough).
   *
   * @example
   * requirement: defineRequirement('admin', { factor: 'second-factor', within: 15 * 60 }),
   */
  readonly requirement?: Requirement | null;
  /** Where the step-up page is (default: beside `loginUrl`, `<...>/step-up`, when it ends in `/login`). */
  readonly stepUpUrl?: string;
  /** The host's sign-out page, linked from the admin's header (none by default). */
  readonly logoutUrl?: string;
  /** The query field that carries the page to return to (default `next`). */
  readonly redirectField?: string;
  /**
   * Show the key and QR code of devices that are already confirmed (default
   * false). Anyone who sees a key can make codes forever: leave it off unless
   * your staff must re-provision devices and you accept that exposure.
   */
  readonly showSecretsOfConfirmedDevices?: boolean;
  /** Kinds offered by "Add an authenticator", among those registered and able to show a QR code (default: every registered kind whose presentation is set up by `scan`, such as `totp` and `hotp`). */
  readonly creatableKinds?: readonly string[];
  /**
   * Looks a user up by id: the admin then refuses devices for users who do
   * not exist, and names the account in authenticator apps after the user.
   */
  readonly findUser?: (id: string) => Promise<User | null | undefined>;
  /** Users whose id or name contains the query, so that a search also finds users without a device. */
  readonly searchUsers?: (query: string, limit: number) => Promise<readonly User[]>;
  /** Most devices one search reads (default 10 000). */
  readonly maxScan?: number;
  /** Most users one search lists (default 200). */
  readonly maxUsers?: number;
  /** Base session key, as given to the web layer (default `twofold`). */
  readonly sessionKey?: string;
  /** Admin texts replacing the English ones, by id. */
  readonly messages?: Partial<AdminMessageCatalog>;
  /** Web-layer texts replacing the English ones (error pages share them). */
  readonly webMessages?: Partial<MessageCatalog>;
  /** BCP 47 locale (default `en`). */
  readonly locale?: string;
  /** IANA time zone of the dates shown (default `UTC`). */
  readonly timeZone?: string;
  /** Extra stylesheet URLs, after the admin's own. */
  readonly stylesheets?: readonly string[];
  /** Content-Security-Policy of the pages (default: the web layer's, without scripts), or null for none. */
  readonly contentSecurityPolicy?: string | null;
  /** Where failures are reported (default `console`). Never receives keys or codes. */
  readonly logger?: TwofoldLogger;
  /**
   * Keys for sealing new backup codes in the session while the page shows
   * them. Default: twofold's own `secrets`, so every process can read them;
   * only without any does the key live in this process alone (with several
   * processes a reload may then find the codes gone; they still work).
   */
  readonly secrets?: readonly string[];
  /** How long new backup codes stay on their page, reloads included, unless saved sooner (seconds, 60 to 3600; default 600). */
  readonly backupCodesRevealSeconds?: number;
}

/**
 * The admin's requirement in the one-call factories unless the host gives
 * another (or null): a second factor verified less than an hour ago. A
 * session verified in the morning does not open the admin in the afternoon.
 */
export const DEFAULT_ADMIN_REQUIREMENT: Requirement = defineRequirement('admin', { factor: 'second-factor', within: 3600 });

/** What the framework adapter supplies with each request. */
export interface AdminContext<User extends HostUser = HostUser> {
  /** The host's session (the one twofold's sign-in pages use). */
  readonly session: TwofoldSession;
  /** This request's verification context (`req.otp`). */
  readonly otp: OtpRequestContext;
  /** The host's signed-in user, as `isStaff` and `findUser` see users, or null. */
  readonly user: () => Promise<User | null | undefined>;
  /** Where the admin is mounted, e.g. `/admin` (no trailing slash). */
  readonly basePath: string;
}

/** The admin: a request in, a response out. */
export type AdminHandler<User extends HostUser = HostUser> = (request: Request, context: AdminContext<User>) => Promise<Response>;
