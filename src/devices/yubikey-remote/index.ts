/**
 * The `yubikey-remote` device kind: YubiKeys checked by a validation service
 * speaking the Yubico validation protocol 2.0 (YubiCloud, or a self-hosted
 * yubikey-val), as django-otp-yubikey's `RemoteYubikeyDevice` does. The
 * service holds the AES keys; the device holds only the key's public id.
 *
 * Verification asks the service once ({@link DeviceKind.prepareVerify}),
 * then decides purely against the device's state: a token is accepted only
 * when the service says `OK` and it is not the device's last accepted token
 * nor older than it (counters from the service's answer), so a replay is
 * refused even if the service were to forget, and a replay the service
 * reports is refused whatever the device remembers. A service that cannot
 * be reached, or whose answer cannot be trusted, throws `SERVICE_UNAVAILABLE`
 * (never an acceptance; nothing counted against the user).
 *
 * @packageDocumentation
 */
import { yubikeyPresentation } from '../yubikey/presentation.js';
import { createHash } from 'node:crypto';
import { TwofoldError } from '../../core/errors.js';
import type { DeviceKind, JsonObject, JsonValue, KindCreated, KindPrepareInput, KindVerifyInput, KindVerifyOutcome } from '../../core/types.js';
import { corruptState, invalidOption, readOptionBag, readThrottleFactor } from '../hotp/settings.js';
import type { KeyboardLayout } from '../yubikey/layouts.js';
import { isAfter } from '../yubikey/otp.js';
import { lastPair, stateCounters, statePublicId, type YubikeyCounters } from '../yubikey/state.js';
import {
  diagnoseYubikeyToken,
  readLayoutsConfig,
  readPublicIdOption,
  tokenCandidates,
  typedPublicId,
  yubikeyDeviceId,
  type YubikeyTokenDiagnosis,
} from '../yubikey/token.js';
import { askService, type FetchFunction, type ServiceVerdict } from './client.js';
import { readServices, type YubicoServiceConfig } from './services.js';

export { YubicoServiceError, askService } from './client.js';
export type { FetchFunction, ServiceVerdict, YubicoServiceFailure } from './client.js';
export { YUBICO_STATUSES, judgeResponse, parseResponse, signParameters, verifyRequest } from './protocol.js';
export type { ServerAnswer, YubicoStatus } from './protocol.js';
export { YUBICLOUD_URL, DEFAULT_TIMEOUT_MS, readServices } from './services.js';
export type { YubicoService, YubicoServiceConfig } from './services.js';

/** The kind's name, stored with every remotely validated YubiKey. */
export const YUBIKEY_REMOTE_KIND_NAME = 'yubikey-remote';

/** Kind-level settings, fixed when the kind is registered. */
export interface YubikeyRemoteConfig {
  /** The validation services, by name; devices name theirs (default: {@link YubikeyRemoteConfig.defaultService}). */
  readonly services: readonly YubicoServiceConfig[];
  /** The service of devices created without one. Default `default`, as in django-two-factor-auth. */
  readonly defaultService?: string;
  /** Throttle back-off factor in seconds (see {@link DeviceKind.throttleFactor}). Default 1. */
  readonly throttleFactor?: number;
  /** Keyboard layouts whose tokens are mapped back to modhex. Default: every recognised layout. */
  readonly layouts?: readonly KeyboardLayout[];
  /** The `fetch` to reach the servers with. Default: the global one. */
  readonly fetch?: FetchFunction;
}

/** Options for registering a YubiKey: one of `otp` (preferred) and `publicId`. */
export interface YubikeyRemoteOptions {
  /**
   * A fresh token from the key, checked with the service before the device
   * exists (and used up): proof that whoever registers the key holds it. The
   * public id is taken from it.
   */
  readonly otp?: string;
  /** The key's public id alone, trusted as given (an administrator registering a key). */
  readonly publicId?: string;
  /** Which configured service checks this key. Default: the kind's default service. */
  readonly service?: string;
}

/** What a `yubikey-remote` device keeps: no secret at all. */
export interface YubikeyRemoteState extends JsonObject, YubikeyCounters {
  readonly publicId: string;
  /** The name of the service that checks the key. */
  readonly service: string;
  /** SHA-256 (base64url) of the last accepted OTP, refused again even when the service sent no counters. */
  readonly lastOtpHash: string | null;
}

/** The `yubikey-remote` kind object. */
export interface YubikeyRemoteKind extends DeviceKind<YubikeyRemoteOptions, YubikeyRemoteState> {
  /** Why `input` is not a token of this device, for pages to translate. */
  diagnoseToken(input: unknown, state: YubikeyRemoteState): YubikeyTokenDiagnosis;
}

const OPTION_NAMES = ['otp', 'publicId', 'service'] as const;
const CONFIG_NAMES = ['services', 'defaultService', 'throttleFactor', 'layouts', 'fetch'];

function otpHash(otp: string): string {
  return createHash('sha256').update(otp, 'utf8').digest('base64url');
}

function readVerdict(prepared: JsonValue | undefined): ServiceVerdict {
  const value = prepared as Partial<Record<keyof ServiceVerdict, unknown>> | undefined;
  const status = value?.status;
  if (status !== 'OK' && status !== 'REPLAYED_OTP' && status !== 'BAD_OTP') {
    throw new TwofoldError('INVALID_ARGUMENT', `${YUBIKEY_REMOTE_KIND_NAME}: verify needs the service's answer from prepareVerify`);
  }
  const count = (n: unknown) => (typeof n === 'number' ? n : null);
  return { status, usageCounter: count(value?.usageCounter), sessionCounter: count(value?.sessionCounter) };
}

/** The state after an `OK` for `otp`, or null when the device has already seen it or a later one. */
function advance(state: YubikeyRemoteState, otp: string, verdict: ServiceVerdict): YubikeyRemoteState | null {
  const hash = otpHash(otp);
  if (hash === state.lastOtpHash) return null;
  const { usageCounter, sessionCounter } = verdict;
  if (usageCounter === null || sessionCounter === null) return { ...state, lastOtpHash: hash };
  if (!isAfter({ usageCounter, sessionCounter }, lastPair(state))) return null;
  return { ...state, lastUsageCounter: usageCounter, lastSessionCounter: sessionCounter, lastOtpHash: hash };
}

/** A token's public id when the key is not known yet: the likeliest reading of a whole token. */
/**
 * Creates the `yubikey-remote` kind.
 *
 * @example
 * ```ts
 * const kind = yubikeyRemote({
 *   services: [{ name: 'default', clientId: process.env.YUBICO_CLIENT_ID!, apiKey: process.env.YUBICO_API_KEY! }],
 * });
 * await twofold.createDevice({ userId, kind, options: { otp: touchedToken } });
 * ```
 */
export function yubikeyRemote(config: YubikeyRemoteConfig): YubikeyRemoteKind {
  // Checked at run time too: configuration often comes from untyped sources.
  if (typeof config !== 'object' || (config as YubikeyRemoteConfig | null) === null) throw new TwofoldError('INVALID_CONFIG', `${YUBIKEY_REMOTE_KIND_NAME}: needs a configuration with "services"`);
  for (const key of Object.keys(config)) {
    if (!CONFIG_NAMES.includes(key)) throw new TwofoldError('INVALID_CONFIG', `${YUBIKEY_REMOTE_KIND_NAME}: unknown setting "${key}" (allowed: ${CONFIG_NAMES.join(', ')})`);
  }
  const { services, defaultService } = readServices(config.services, config.defaultService);
  const throttleFactor = readThrottleFactor(YUBIKEY_REMOTE_KIND_NAME, config.throttleFactor);
  const layouts = readLayoutsConfig(YUBIKEY_REMOTE_KIND_NAME, config.layouts);
  const fetcher: FetchFunction = config.fetch ?? ((url, init) => fetch(url, init));
  if (typeof fetcher !== 'function') throw new TwofoldError('INVALID_CONFIG', `${YUBIKEY_REMOTE_KIND_NAME}: "fetch" must be a function`);

  const serviceNamed = (name: string) => {
    const service = services.get(name);
    if (service === undefined) throw new TwofoldError('INVALID_CONFIG', `${YUBIKEY_REMOTE_KIND_NAME}: the device's service "${name}" is no longer configured`);
    return service;
  };

  return {
    name: YUBIKEY_REMOTE_KIND_NAME,
    // The key's AES secret never leaves it, but the typed OTP can be relayed by a look-alike site.
    assurance: () => ({ authenticator: 'single-factor-otp', phishingResistant: false, hardwareBound: true, aal2: true }),
    presentation: yubikeyPresentation({ selfService: true }),
    throttleFactor,

    async create(options: YubikeyRemoteOptions): Promise<KindCreated<YubikeyRemoteState>> {
      const bag = readOptionBag(YUBIKEY_REMOTE_KIND_NAME, options, OPTION_NAMES);
      const service = bag.service ?? defaultService;
      if (typeof service !== 'string' || !services.has(service)) {
        throw invalidOption(YUBIKEY_REMOTE_KIND_NAME, `option "service" must name a configured service (${[...services.keys()].join(', ')})`);
      }
      if ((bag.otp === undefined) === (bag.publicId === undefined)) {
        throw invalidOption(YUBIKEY_REMOTE_KIND_NAME, 'give exactly one of "otp" (a fresh token from the key) and "publicId"');
      }
      if (bag.publicId !== undefined) {
        const publicId = readPublicIdOption(YUBIKEY_REMOTE_KIND_NAME, bag.publicId);
        return { secret: null, state: { publicId, service, lastUsageCounter: null, lastSessionCounter: null, lastOtpHash: null }, id: yubikeyDeviceId(publicId) };
      }
      const publicId = typedPublicId(bag.otp);
      const otp = publicId === null ? undefined : tokenCandidates(bag.otp, publicId, layouts)[0];
      if (publicId === null || otp === undefined) throw invalidOption(YUBIKEY_REMOTE_KIND_NAME, 'option "otp" is not a YubiKey token');
      const blank: YubikeyRemoteState = { publicId, service, lastUsageCounter: null, lastSessionCounter: null, lastOtpHash: null };
      const verdict = await askService(serviceNamed(service), otp, fetcher);
      if (verdict.status !== 'OK') {
        throw invalidOption(YUBIKEY_REMOTE_KIND_NAME, verdict.status === 'REPLAYED_OTP' ? 'option "otp" was already used: touch the key again' : 'the service does not accept option "otp"');
      }
      return { secret: null, state: advance(blank, otp, verdict) ?? blank, id: yubikeyDeviceId(publicId) };
    },

    parseState(state: JsonObject): YubikeyRemoteState {
      const { service, lastOtpHash } = state;
      if (typeof service !== 'string' || service === '') throw corruptState(YUBIKEY_REMOTE_KIND_NAME, '"service" must name a service');
      if (lastOtpHash !== null && (typeof lastOtpHash !== 'string' || !/^[A-Za-z0-9_-]{43}$/u.test(lastOtpHash))) {
        throw corruptState(YUBIKEY_REMOTE_KIND_NAME, '"lastOtpHash" must be null or a SHA-256 in base64url');
      }
      return { publicId: statePublicId(YUBIKEY_REMOTE_KIND_NAME, state), service, ...stateCounters(YUBIKEY_REMOTE_KIND_NAME, state), lastOtpHash };
    },

    normalizeToken(input: string, state: YubikeyRemoteState): string | null {
      // The service is asked about one reading only: the likeliest.
      return tokenCandidates(input, state.publicId, layouts)[0] ?? null;
    },

    async prepareVerify(input: KindPrepareInput<YubikeyRemoteState>): Promise<JsonValue> {
      const verdict = await askService(serviceNamed(input.state.service), input.token, fetcher);
      return { status: verdict.status, usageCounter: verdict.usageCounter, sessionCounter: verdict.sessionCounter };
    },

    verify(input: KindVerifyInput<YubikeyRemoteState>): KindVerifyOutcome<YubikeyRemoteState> {
      const verdict = readVerdict(input.prepared);
      if (verdict.status === 'BAD_OTP') return { match: false, reason: 'invalid' };
      if (verdict.status === 'REPLAYED_OTP') return { match: false, reason: 'replayed' };
      const next = advance(input.state, input.token, verdict);
      return next === null ? { match: false, reason: 'replayed' } : { match: true, state: next };
    },

    diagnoseToken(input: unknown, state: YubikeyRemoteState): YubikeyTokenDiagnosis {
      return diagnoseYubikeyToken(input, state.publicId, layouts);
    },
  };
}
