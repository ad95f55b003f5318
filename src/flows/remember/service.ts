/**
 * Remembering a browser, recognising it, and forgetting it.
 *
 * A remember cookie only ever stands in for the *second* factor, only for
 * the user it was issued to, and only after that user's password (or the
 * host's own sign-in) has been checked. It is honoured while all of these
 * hold, checked on the server on every use:
 *
 * - its record exists and the cookie's secret hashes to the stored hash;
 * - its absolute expiry (counted from the code that created it) is in the
 *   future: using it never extends it;
 * - the host's password fingerprint is the same as when it was created;
 * - the device whose code created it still exists, is the user's and is
 *   confirmed, and is not backing off after failed attempts.
 *
 * A cookie that fails any of these (except the back-off) is cleared, its
 * record deleted, and, when it names one of the user's devices, counted as a
 * failed attempt on that device: forged cookies are throttled like guessed
 * codes. Another user's valid cookie in the same browser is left alone.
 */
import type { Twofold, TwofoldLogger } from '../../core/twofold.js';
import { TwofoldError } from '../../core/errors.js';
import type { Device, RememberedBrowserRecord } from '../../core/types.js';
import type { TwofoldUser } from '../../web/user.js';
import { summarizeRequest, userAgentOf, type RememberRejection, type WebEventHub } from '../shared/events.js';
import {
  clearRememberCookieHeader,
  hashPasswordFingerprint,
  hashRememberSecret,
  matchesPasswordFingerprint,
  matchesRememberSecret,
  newRememberSecrets,
  readRememberCookies,
  rememberCookieHeader,
  type RememberCookie,
} from './cookie.js';
import type { RememberConfig } from './options.js';

/** What the remember functions need from the web configuration. */
export interface RememberServices {
  readonly twofold: Twofold;
  readonly remember: RememberConfig;
  readonly events: WebEventHub;
  readonly logger: TwofoldLogger;
}

/** A remember cookie that may skip the second factor. */
export interface RememberedMatch {
  readonly record: RememberedBrowserRecord;
  /** The device that created it (confirmed, the user's, not backing off). */
  readonly device: Device;
}

/** The outcome of {@link findRememberedBrowser}. */
export interface RememberLookup {
  /** The cookie that skips the second factor, or null. */
  readonly match: RememberedMatch | null;
  /** `Set-Cookie` values clearing every refused cookie: send them with the response, whatever it is. */
  readonly setCookies: readonly string[];
}

/** How often expired records are swept away (by the twofold clock), at most. */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const lastPruneByStore = new WeakMap<object, number>();

async function fingerprintOf(remember: RememberConfig, user: TwofoldUser): Promise<string> {
  const fingerprint: unknown = await remember.passwordFingerprint(user);
  if (typeof fingerprint !== 'string' || fingerprint === '') {
    // Fail closed: without a fingerprint a password change could not end remembered browsers.
    throw new TwofoldError('INVALID_CONFIG', 'passwordFingerprint(user) must return a non-empty string');
  }
  return fingerprint;
}

/**
 * Looks for a remember cookie that lets `user` skip the second factor. Call
 * it only once the first factor is established for `user`. Refused cookies
 * are cleared (see `setCookies`), their records deleted and, when they name
 * one of the user's devices, charged to it as a failed attempt.
 */
export async function findRememberedBrowser(services: RememberServices, request: Request, user: TwofoldUser): Promise<RememberLookup> {
  const { twofold, remember, events } = services;
  const { valid, malformed } = readRememberCookies(remember, request);
  const setCookies: string[] = [];
  if (valid.length === 0 && malformed.length === 0) return { match: null, setCookies };
  const store = twofold.store;
  const now = twofold.clock();
  const summary = summarizeRequest(request);
  const devices = await twofold.listDevices(user.id, { confirmed: true });
  const byId = (id: string | null) => (id === null ? undefined : devices.find((device) => device.id === id));
  let fingerprint: string | null = null;

  async function refuse(name: string, reason: RememberRejection, chargedDeviceId: string | null): Promise<void> {
    setCookies.push(clearRememberCookieHeader(remember, request, name));
    const owned = byId(chargedDeviceId);
    const charged = owned === undefined ? null : await twofold.recordFailure(user.id, owned.persistentId);
    events.emit('rememberedBrowserRejected', { user, reason, device: charged, at: new Date(now), request: summary });
  }

  for (const { name } of malformed) await refuse(name, 'malformed', null);

  let match: RememberedMatch | null = null;
  for (const cookie of valid) {
    const outcome = await judge(cookie);
    if (outcome !== null && match === null) match = outcome;
  }
  return { match, setCookies };

  async function judge(cookie: RememberCookie): Promise<RememberedMatch | null> {
    const record = await store.getRememberedBrowser(cookie.recordId);
    if (record === null) {
      await refuse(cookie.name, 'unknown', cookie.deviceId);
      return null;
    }
    const secretMatches = matchesRememberSecret(cookie.secret, record.tokenHash);
    if (record.userId !== user.id) {
      // Someone else's cookie in a shared browser: none of this user's business, unless it is junk.
      if (!secretMatches) await refuse(cookie.name, 'tampered', cookie.deviceId);
      return null;
    }
    if (!secretMatches || cookie.deviceId !== record.deviceId) {
      await refuse(cookie.name, 'tampered', record.deviceId);
      return null;
    }
    if (now >= record.expiresAt) {
      await store.deleteRememberedBrowser(record.id);
      await refuse(cookie.name, 'expired', record.deviceId);
      return null;
    }
    const device = byId(record.deviceId);
    if (device === undefined || twofold.kind(device.kind) === undefined) {
      await store.deleteRememberedBrowser(record.id);
      await refuse(cookie.name, 'device-gone', null);
      return null;
    }
    fingerprint ??= await fingerprintOf(remember, user);
    if (!matchesPasswordFingerprint(record.id, fingerprint, record.passwordHash)) {
      await store.deleteRememberedBrowser(record.id);
      await refuse(cookie.name, 'password-changed', record.deviceId);
      return null;
    }
    // A device backing off after failures vouches for nothing until the delay is over; the cookie stays.
    if (device.lockedUntil !== null) return null;
    return { record, device };
  }
}

/** Records that a matched cookie skipped the second factor (its last use; never its expiry). */
export async function recordRememberedBrowserUse(services: RememberServices, request: Request, user: TwofoldUser, match: RememberedMatch): Promise<void> {
  const now = services.twofold.clock();
  await services.twofold.store.touchRememberedBrowser(match.record.id, now);
  services.events.emit('rememberedBrowserUsed', {
    user,
    device: match.device,
    browserId: match.record.id,
    rememberedAt: new Date(match.record.createdAt),
    expiresAt: new Date(match.record.expiresAt),
    at: new Date(now),
    request: summarizeRequest(request),
  });
}

/**
 * Remembers this browser for `user` after `device` verified a code: stores
 * the record and returns the `Set-Cookie` values to send (the new cookie,
 * and the removal of any older remember cookie of the same user in this
 * browser, whose record is deleted).
 */
export async function rememberBrowser(services: RememberServices, request: Request, user: TwofoldUser, device: Device): Promise<string[]> {
  const { twofold, remember, events } = services;
  const store = twofold.store;
  const now = twofold.clock();
  const fingerprint = await fingerprintOf(remember, user);
  const setCookies: string[] = [];
  for (const cookie of readRememberCookies(remember, request).valid) {
    const old = await store.getRememberedBrowser(cookie.recordId);
    if (old?.userId === user.id && matchesRememberSecret(cookie.secret, old.tokenHash)) {
      await store.deleteRememberedBrowser(old.id);
      setCookies.push(clearRememberCookieHeader(remember, request, cookie.name));
    }
  }
  const { recordId, secret } = newRememberSecrets();
  const expiresAt = now + remember.ageMs;
  await store.insertRememberedBrowser({
    id: recordId,
    userId: user.id,
    deviceId: device.id,
    tokenHash: hashRememberSecret(secret),
    passwordHash: hashPasswordFingerprint(recordId, fingerprint),
    createdAt: now,
    expiresAt,
    lastUsedAt: null,
    userAgent: userAgentOf(request),
  });
  setCookies.push(rememberCookieHeader(remember, request, { recordId, deviceId: device.id, secret }, now, expiresAt));
  events.emit('browserRemembered', {
    user,
    device,
    browserId: recordId,
    expiresAt: new Date(expiresAt),
    at: new Date(now),
    request: summarizeRequest(request),
  });
  await pruneExpired(services, now);
  return setCookies;
}

async function pruneExpired(services: RememberServices, now: number): Promise<void> {
  const store = services.twofold.store;
  const last = lastPruneByStore.get(store);
  if (last !== undefined && now - last < PRUNE_INTERVAL_MS && now >= last) return;
  lastPruneByStore.set(store, now);
  try {
    await store.deleteExpiredRememberedBrowsers(now);
  } catch (error) {
    services.logger.warn(`twofold: pruning expired remembered browsers failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A remembered browser as the profile shows it. */
export interface RememberedBrowser {
  /** Pass it to {@link revokeRememberedBrowser} (the revoke form's `id` field). */
  readonly id: string;
  /** When the code that remembered it was entered. */
  readonly createdAt: Date;
  /** When it last skipped the second factor, or null. */
  readonly lastUsedAt: Date | null;
  /** When it stops working (never extended by use). */
  readonly expiresAt: Date;
  /** The browser's User-Agent when it was remembered (untrusted text: escape it), or ''. */
  readonly userAgent: string;
  /** The device whose code remembered it. */
  readonly device: { readonly persistentId: string; readonly name: string; readonly kind: string };
}

/**
 * A user's remembered browsers that still work (oldest first): expired ones
 * and those whose device is gone are deleted on the way.
 */
export async function listRememberedBrowsers(twofold: Twofold, userId: string): Promise<RememberedBrowser[]> {
  const store = twofold.store;
  const now = twofold.clock();
  const records = await store.listRememberedBrowsers(userId);
  if (records.length === 0) return [];
  const devices = await twofold.listDevices(userId, { confirmed: true });
  const live: RememberedBrowser[] = [];
  for (const record of records) {
    const device = devices.find((candidate) => candidate.id === record.deviceId);
    if (now >= record.expiresAt || device === undefined) {
      await store.deleteRememberedBrowser(record.id);
      continue;
    }
    live.push({
      id: record.id,
      createdAt: new Date(record.createdAt),
      lastUsedAt: record.lastUsedAt === null ? null : new Date(record.lastUsedAt),
      expiresAt: new Date(record.expiresAt),
      userAgent: record.userAgent,
      device: { persistentId: device.persistentId, name: device.name, kind: device.kind },
    });
  }
  return live;
}

/** Forgets one of the user's remembered browsers (the id is untrusted input); returns whether it was theirs. */
export async function revokeRememberedBrowser(twofold: Twofold, userId: string, id: unknown): Promise<boolean> {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(id)) return false;
  const record = await twofold.store.getRememberedBrowser(id);
  if (record?.userId !== userId) return false;
  return twofold.store.deleteRememberedBrowser(id);
}

/** Forgets all of a user's remembered browsers; returns how many. */
export function revokeAllRememberedBrowsers(twofold: Twofold, userId: string): Promise<number> {
  return twofold.store.deleteUserRememberedBrowsers(userId);
}

/**
 * Forgets all of a user's remembered browsers, for flows that end two-factor
 * authentication (disable) or change its foundations (password reset).
 * Same as {@link revokeAllRememberedBrowsers}; returns how many there were.
 */
export function forgetRememberedBrowsers(twofold: Twofold, userId: string): Promise<number> {
  return revokeAllRememberedBrowsers(twofold, userId);
}

/**
 * Deletes the remembered browsers a removed device had created, as soon as
 * it is removed (the check on use would refuse them anyway). Returns the
 * function that stops listening.
 */
export function forgetBrowsersOfRemovedDevices(twofold: Twofold, logger: TwofoldLogger): () => void {
  return twofold.on('deviceRemoved', ({ device }) => {
    twofold.store.deleteDeviceRememberedBrowsers(device.id).catch((error: unknown) => {
      logger.error(`twofold: forgetting the browsers remembered by device ${device.persistentId} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
}
