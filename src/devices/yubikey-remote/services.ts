/**
 * Named validation services, checked when the kind is built so that a typo,
 * a missing "default" service or two services of one name fail at start-up,
 * not at a user's first sign-in.
 */
import { TwofoldError } from '../../core/errors.js';
import { describe } from '../hotp/settings.js';

/** YubiCloud, Yubico's public validation service. */
export const YUBICLOUD_URL = 'https://api.yubico.com/wsapi/2.0/verify';

/** Per-request timeout when none is configured, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** One validation service: a client account and the servers that speak for it. */
export interface YubicoServiceConfig {
  /** How devices refer to the service; the seeds' flows use `default`. */
  readonly name: string;
  /** The client id the service issued (digits, as Yubico issues them). */
  readonly clientId: string | number;
  /** The client's API key, base64 as the service issued it: signs requests and authenticates answers. */
  readonly apiKey: string;
  /** The servers' verify URLs. Default: YubiCloud. `http:` only for loopback hosts, unless `allowHttp`. */
  readonly urls?: readonly string[];
  /** Ask every server at once and take the first trustworthy answer (`parallel`, default), or one after the other (`sequential`). */
  readonly strategy?: 'parallel' | 'sequential';
  /** How long to wait for each server, in milliseconds (100 to 60000). Default 5000. */
  readonly timeoutMs?: number;
  /** The protocol's `sl`: the share of the service's servers (0 to 100) that must agree, or `fast` / `secure`. Default: the service's. */
  readonly syncLevel?: number | 'fast' | 'secure';
  /** Allows `http:` URLs on other hosts than loopback: the OTP then travels in the clear. Default false. */
  readonly allowHttp?: boolean;
}

/** A service as the kind uses it. */
export interface YubicoService {
  readonly name: string;
  readonly clientId: string;
  readonly apiKey: Uint8Array;
  readonly urls: readonly string[];
  readonly strategy: 'parallel' | 'sequential';
  readonly timeoutMs: number;
  readonly syncLevel: string | undefined;
}

const SERVICE_FIELDS = ['name', 'clientId', 'apiKey', 'urls', 'strategy', 'timeoutMs', 'syncLevel', 'allowHttp'];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/u;

function configError(message: string): TwofoldError {
  return new TwofoldError('INVALID_CONFIG', `yubikey-remote: ${message}`);
}

function readService(value: unknown, index: number): YubicoService {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw configError(`services[${index}] must be an object`);
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!SERVICE_FIELDS.includes(key)) throw configError(`services[${index}]: unknown setting "${key}" (allowed: ${SERVICE_FIELDS.join(', ')})`);
  }
  const { name } = config;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/u.test(name)) throw configError(`services[${index}]: "name" must be 1 to 64 letters, digits, "_", "." or "-"`);
  const where = `service "${name}"`;
  const clientId = typeof config.clientId === 'number' ? String(config.clientId) : config.clientId;
  if (typeof clientId !== 'string' || !/^\d{1,20}$/u.test(clientId)) throw configError(`${where}: "clientId" must be the numeric client id the service issued`);
  const apiKey = config.apiKey;
  const keyBytes = typeof apiKey === 'string' && BASE64.test(apiKey) ? Buffer.from(apiKey, 'base64') : null;
  if (keyBytes === null || keyBytes.length < 16) throw configError(`${where}: "apiKey" must be the base64 API key the service issued (at least 16 bytes)`);
  const urls = config.urls ?? [YUBICLOUD_URL];
  if (!Array.isArray(urls) || urls.length === 0 || urls.length > 16) throw configError(`${where}: "urls" must list 1 to 16 verify URLs`);
  const allowHttp = config.allowHttp ?? false;
  if (typeof allowHttp !== 'boolean') throw configError(`${where}: "allowHttp" must be a boolean`);
  const checkedUrls = urls.map((url: unknown) => readUrl(where, url, allowHttp));
  const strategy = config.strategy ?? 'parallel';
  if (strategy !== 'parallel' && strategy !== 'sequential') throw configError(`${where}: "strategy" must be "parallel" or "sequential"`);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isSafeInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000) {
    throw configError(`${where}: "timeoutMs" must be an integer from 100 to 60000, got ${describe(timeoutMs)}`);
  }
  const syncLevel = config.syncLevel;
  const syncOk = syncLevel === undefined || syncLevel === 'fast' || syncLevel === 'secure' || (typeof syncLevel === 'number' && Number.isInteger(syncLevel) && syncLevel >= 0 && syncLevel <= 100);
  if (!syncOk) throw configError(`${where}: "syncLevel" must be 0 to 100, "fast" or "secure"`);
  return { name, clientId, apiKey: new Uint8Array(keyBytes), urls: checkedUrls, strategy, timeoutMs, syncLevel: syncLevel === undefined ? undefined : String(syncLevel) };
}

function readUrl(where: string, value: unknown, allowHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(typeof value === 'string' ? value : '');
  } catch {
    throw configError(`${where}: ${describe(value)} is not a URL`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw configError(`${where}: a verify URL carries no query, fragment or credentials (${url.origin}${url.pathname})`);
  }
  const insecure = url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname) && !allowHttp;
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || insecure) {
    throw configError(`${where}: ${url.origin} must use https (http only for loopback hosts, or with allowHttp)`);
  }
  return url.href;
}

/**
 * Checks the configured services and the default one's name. Throws
 * `INVALID_CONFIG` for a bad service, two services with one name
 * (ambiguous), or a default name no service has (missing).
 */
export function readServices(value: unknown, defaultName: unknown): { services: ReadonlyMap<string, YubicoService>; defaultService: string } {
  if (!Array.isArray(value) || value.length === 0) {
    throw configError('"services" must list at least one validation service, e.g. [{ name: "default", clientId, apiKey }]');
  }
  const services = new Map<string, YubicoService>();
  value.forEach((entry: unknown, index) => {
    const service = readService(entry, index);
    if (services.has(service.name)) throw configError(`two services are named "${service.name}": which one devices mean is ambiguous`);
    services.set(service.name, service);
  });
  const defaultService = defaultName ?? 'default';
  if (typeof defaultService !== 'string' || !services.has(defaultService)) {
    throw configError(`no validation service is named ${describe(defaultService)} (configured: ${[...services.keys()].join(', ')}); name one "default" or set defaultService`);
  }
  return { services, defaultService };
}
