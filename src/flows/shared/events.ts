/**
 * Events of the web layer, on top of the core's (`twofold.on('verified')`
 * says a code was right; these say what it meant for a session): a session
 * became verified, and what happened to remembered browsers. A host sends
 * the "your backup code was used" or "a new browser was remembered" e-mail
 * from here.
 *
 * Payloads carry a summary of the request, never the request itself: its
 * headers hold the session cookie and the remember cookie, and a listener
 * that logs its argument must not leak them.
 */
import { clientAddressOf } from '../../web/client-address.js';
import type { TwofoldLogger } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import type { VerificationExpiredEvent } from '../../web/lifetime.js';
import type { OtpMethod } from '../../web/state.js';
import type { TwofoldUser } from '../../web/user.js';

/** What a listener learns about the request behind an event (no cookies, no body, no query). */
export interface RequestSummary {
  /** `GET` or `POST`. */
  readonly method: string;
  /** The path of the URL (without the query, which may carry `next`). */
  readonly path: string;
  /** The `User-Agent` header (at most 512 characters), or null. */
  readonly userAgent: string | null;
  /**
   * The client's network address as the framework adapter sees it (Express:
   * `req.ip`, which honours `trust proxy`; Hono: the `clientAddress` option
   * or the socket), or null when unknown. For "was this you?" notifications.
   */
  readonly clientAddress: string | null;
}

/** Which flow verified a session. */
export type VerificationFlow =
  /** The login wizard (password, then a code, a backup code or a remembered browser). */
  | 'login'
  /** The verify-only page, for a user the host signed in some other way. */
  | 'verify'
  /** The JSON API (`POST <prefix>/api/login`, `POST <prefix>/api/login/verify`). */
  | 'api';

/** Why a remember cookie was refused (and cleared). */
export type RememberRejection =
  /** Not a cookie twofold could have written. */
  | 'malformed'
  /** Its secret or its device does not match the record it names. */
  | 'tampered'
  /** No record: revoked, pruned, or made up. */
  | 'unknown'
  /** Its time ran out (counted from the second factor that created it). */
  | 'expired'
  /** The password changed since (the host's `passwordFingerprint` differs). */
  | 'password-changed'
  /** The device that created it was removed or is no longer confirmed. */
  | 'device-gone';

/** The web layer's events and their payloads. */
export interface WebEvents {
  /**
   * A session became verified: a code, a backup code or a remembered browser
   * completed the second factor. Not emitted for a password-only sign-in.
   */
  userVerified: {
    readonly user: TwofoldUser;
    /** The device that verified (for `remembered-browser`: the device that created the cookie). */
    readonly device: Device;
    readonly method: OtpMethod;
    readonly flow: VerificationFlow;
    /** For a backup code: how many unused codes are left (tell the user to print new ones); otherwise null. */
    readonly backupCodesRemaining: number | null;
    readonly at: Date;
    readonly request: RequestSummary;
  };
  /** A browser was remembered after a code (a new remember cookie was issued). */
  browserRemembered: {
    readonly user: TwofoldUser;
    readonly device: Device;
    /** The remembered browser's id (as listed on the profile). */
    readonly browserId: string;
    readonly expiresAt: Date;
    readonly at: Date;
    readonly request: RequestSummary;
  };
  /** A remember cookie skipped the second factor. */
  rememberedBrowserUsed: {
    readonly user: TwofoldUser;
    readonly device: Device;
    readonly browserId: string;
    readonly rememberedAt: Date;
    readonly expiresAt: Date;
    readonly at: Date;
    readonly request: RequestSummary;
  };
  /**
   * A remember cookie presented for this user was refused and cleared; when
   * it named one of the user's devices, a failed attempt was counted on it.
   */
  rememberedBrowserRejected: {
    readonly user: TwofoldUser;
    readonly reason: RememberRejection;
    /** The device charged with the failure, or null. */
    readonly device: Device | null;
    readonly at: Date;
    readonly request: RequestSummary;
  };
  /**
   * A verified session ran past its idle or absolute limit: its factors were
   * dropped and its id rotated; the host's login stays, so the user is asked
   * for a second factor again. No request summary: it is noticed wherever the
   * verification is first consulted (a guard, a page, `req.otp`).
   */
  verificationExpired: VerificationExpiredEvent;
}

/** The name of one of the {@link WebEvents}. */
export type WebEventName = keyof WebEvents;

/** A listener; it may be async. Whatever it throws or rejects with is logged and never changes the response. */
export type WebEventListener<E extends WebEventName> = (payload: WebEvents[E]) => void | Promise<void>;

/** Subscribing to the web layer's events. */
export interface WebEventSource {
  /** Adds a listener; returns the function that removes it. (A plain function: it can be passed around detached.) */
  readonly on: <E extends WebEventName>(event: E, listener: WebEventListener<E>) => () => void;
}

/** The emitter behind {@link WebEventSource}. */
export interface WebEventHub extends WebEventSource {
  emit<E extends WebEventName>(event: E, payload: WebEvents[E]): void;
  /** Whether anyone listens to `event` (a payload that costs something to build is then spared). */
  listening(event: WebEventName): boolean;
}

/** Longest user agent passed to listeners and stored. */
export const MAX_USER_AGENT_LENGTH = 512;

/** The user agent of a request, without control characters, at most {@link MAX_USER_AGENT_LENGTH} characters; '' when absent. */
export function userAgentOf(request: Request): string {
  // Header values are byte strings (no surrogates); control characters would break a log line or a page.
  // eslint-disable-next-line no-control-regex
  return (request.headers.get('user-agent') ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_USER_AGENT_LENGTH);
}

/** The request summary given to listeners. */
export function summarizeRequest(request: Request): RequestSummary {
  const agent = userAgentOf(request);
  return {
    method: request.method,
    path: pathOf(request.url),
    userAgent: agent === '' ? null : agent,
    clientAddress: clientAddressOf(request) ?? null,
  };
}

/** The path of an absolute URL as `Request` gives it (already normalized), without parsing it again. */
function pathOf(url: string): string {
  const authority = /^https?:\/\//i.exec(url);
  if (authority === null) return new URL(url).pathname;
  const slash = url.indexOf('/', authority[0].length);
  if (slash < 0) return '/';
  const end = url.slice(slash).search(/[?#]/);
  return end < 0 ? url.slice(slash) : url.slice(slash, slash + end);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates a hub that reports listener failures through `logger`. */
export function createWebEventHub(logger: TwofoldLogger): WebEventHub {
  const listeners = new Map<WebEventName, Set<(payload: never) => void | Promise<void>>>();
  const report = (event: string, error: unknown) => {
    logger.error(`twofold: a listener for "${event}" failed: ${describe(error)}`);
  };
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = listener as (payload: never) => void | Promise<void>;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    listening(event) {
      return (listeners.get(event)?.size ?? 0) > 0;
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          const result = (listener as (payload: WebEvents[typeof event]) => void | Promise<void>)(payload);
          if (result instanceof Promise) result.catch((error: unknown) => report(event, error));
        } catch (error) {
          report(event, error);
        }
      }
    },
  };
}
