/**
 * The relying-party configuration of the `webauthn` kind, checked once at
 * start: a mismatch between the rp id and the origins would otherwise only
 * show as every ceremony failing in the browser.
 */
import { isIP } from 'node:net';
import { TwofoldError } from '../../core/errors.js';

/** Whether the authenticator must verify the user (PIN, biometrics), as WebAuthn names it. */
export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';

/** What happens to an assertion whose signature counter did not increase. */
export type CounterRegressionPolicy = 'refuse' | 'accept';

/**
 * Attestation policy. `'none'` (the default) accepts any authenticator and
 * asks the browser for no attestation. `trusted` asks for a direct
 * attestation and accepts only authenticators whose certificate chain ends
 * at one of `rootCertificates` (PEM), and, when `aaguids` is given, whose
 * AAGUID is listed.
 */
export type AttestationPolicy =
  | 'none'
  | {
      readonly trusted: {
        /** PEM root certificates of the vendors you trust (from the FIDO Metadata Service or the vendor). */
        readonly rootCertificates: readonly string[];
        /** Authenticator models allowed (AAGUIDs, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`); all models chaining to a root when absent. */
        readonly aaguids?: readonly string[];
      };
    };

/** Configuration of {@link webauthn}: the relying party and its policies. */
export interface WebAuthnConfig {
  /**
   * The relying party id: your site's registrable domain or a parent of the
   * host the pages are on (`example.com` for `https://login.example.com`), no
   * scheme, no port. Credentials are bound to it for good: changing it later
   * makes every registered key unusable. `localhost` during development.
   */
  readonly rpId: string;
  /** The name authenticators show ("Example Inc."). */
  readonly rpName: string;
  /**
   * Every origin pages run the ceremonies on, exactly as browsers send it:
   * `https://host[:port]`, the host being the rp id or a subdomain of it.
   * `http://` is allowed only for `localhost`. Behind a proxy, list the
   * public origin users see, never the internal one.
   */
  readonly origins: readonly string[];
  /** Default `preferred`: asked for, not demanded. `required` refuses authenticators without PIN or biometrics. */
  readonly userVerification?: UserVerificationRequirement;
  /** Seconds a ceremony's challenge stays valid (30 to 3600). Default 300. */
  readonly challengeTimeoutSeconds?: number;
  /** Default `refuse`: an assertion whose counter went backwards is rejected (and reported either way). */
  readonly counterRegression?: CounterRegressionPolicy;
  /** Default `'none'`. */
  readonly attestation?: AttestationPolicy;
  /** Whether to ask for a discoverable credential (passkey). Default `preferred`. */
  readonly residentKey?: 'required' | 'preferred' | 'discouraged';
  /** Throttle back-off factor in seconds after failed assertions (see `DeviceKind.throttleFactor`). Default 1. */
  readonly throttleFactor?: number;
}

/** A {@link WebAuthnConfig} after checking, with every default filled in. */
export interface ResolvedWebAuthnConfig {
  readonly rpId: string;
  readonly rpName: string;
  /** Normalised (`URL.origin`), without duplicates. */
  readonly origins: readonly string[];
  readonly userVerification: UserVerificationRequirement;
  readonly challengeTimeoutMs: number;
  readonly counterRegression: CounterRegressionPolicy;
  readonly attestation: 'none' | { readonly rootCertificates: readonly string[]; readonly aaguids: readonly string[] | null };
  readonly residentKey: 'required' | 'preferred' | 'discouraged';
  readonly throttleFactor: number;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function invalid(message: string): TwofoldError {
  return new TwofoldError('INVALID_CONFIG', `webauthn: ${message}`);
}

function checkRpId(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalid('rpId must be a domain name such as "example.com" (or "localhost")');
  if (value.includes('://') || value.includes('/')) throw invalid(`rpId ${JSON.stringify(value)} must be a bare domain: no scheme, no path`);
  if (isIP(value.replace(/^\[|\]$/g, '')) !== 0) throw invalid(`rpId ${JSON.stringify(value)} is an IP address: WebAuthn needs a domain name`);
  if (value.includes(':')) throw invalid(`rpId ${JSON.stringify(value)} must not have a port`);
  const rpId = value.toLowerCase();
  if (rpId.length > 253 || !rpId.split('.').every((label) => LABEL.test(label))) {
    throw invalid(`rpId ${JSON.stringify(value)} is not a valid domain name`);
  }
  return rpId;
}

// localhost and its subdomains are secure contexts over plain http in browsers.
function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

function checkOrigin(value: unknown, rpId: string): string {
  if (typeof value !== 'string') throw invalid('origins must be strings such as "https://example.com"');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`origin ${JSON.stringify(value)} is not a URL (expected "https://host[:port]")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`origin ${JSON.stringify(value)} must use https`);
  if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '' || value.endsWith('?') || value.endsWith('#')) {
    throw invalid(`origin ${JSON.stringify(value)} must be only scheme, host and port, as in "${url.origin}"`);
  }
  const host = url.hostname;
  if (url.protocol === 'http:' && !isLocalhost(host)) {
    throw invalid(`origin ${JSON.stringify(value)} uses http: browsers allow WebAuthn over http only on localhost; use https`);
  }
  if (host !== rpId && !host.endsWith(`.${rpId}`)) {
    throw invalid(`origin ${JSON.stringify(value)} is not on the rp id "${rpId}" or a subdomain of it: browsers would refuse every ceremony there`);
  }
  return url.origin;
}

function checkAttestation(value: unknown): ResolvedWebAuthnConfig['attestation'] {
  if (value === undefined || value === 'none') return 'none';
  const trusted = typeof value === 'object' && value !== null ? (value as { trusted?: unknown }).trusted : undefined;
  if (typeof trusted !== 'object' || trusted === null) throw invalid('attestation must be "none" or { trusted: { rootCertificates, aaguids? } }');
  const { rootCertificates, aaguids } = trusted as { rootCertificates?: unknown; aaguids?: unknown };
  // An AAGUID alone is self-asserted by the authenticator: only a verified chain makes it mean anything.
  if (!Array.isArray(rootCertificates) || rootCertificates.length === 0) {
    throw invalid('a trusted attestation needs rootCertificates (PEM); allowed AAGUIDs alone prove nothing');
  }
  for (const pem of rootCertificates) {
    if (typeof pem !== 'string' || !pem.includes('-----BEGIN CERTIFICATE-----')) throw invalid('rootCertificates must be PEM certificates');
  }
  if (aaguids === undefined) return { rootCertificates: [...(rootCertificates as string[])], aaguids: null };
  if (!Array.isArray(aaguids) || aaguids.length === 0 || !aaguids.every((aaguid) => typeof aaguid === 'string' && AAGUID.test(aaguid.toLowerCase()))) {
    throw invalid('aaguids must be a non-empty list of AAGUIDs such as "cb69481e-8ff7-4039-93ec-0a2729a154a8"');
  }
  return { rootCertificates: [...(rootCertificates as string[])], aaguids: (aaguids as string[]).map((aaguid) => aaguid.toLowerCase()) };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, what: string): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(`${what} must be one of ${allowed.map((item) => `"${item}"`).join(', ')}`);
}

/**
 * Checks a {@link WebAuthnConfig} and fills in defaults.
 *
 * @throws TwofoldError `INVALID_CONFIG` naming the first problem (an origin
 *   outside the rp id, http on a host other than localhost, an IP address or
 *   a port as rp id, ...).
 */
export function resolveWebAuthnConfig(config: WebAuthnConfig): ResolvedWebAuthnConfig {
  if (typeof config !== 'object' || (config as unknown) === null) throw invalid('the configuration must be an object with rpId, rpName and origins');
  const rpId = checkRpId(config.rpId);
  const { rpName } = config;
  if (typeof rpName !== 'string' || rpName.trim() === '' || rpName.length > 64) throw invalid('rpName must be 1 to 64 characters');
  const originList: unknown = config.origins;
  if (!Array.isArray(originList) || originList.length === 0) {
    throw invalid(`origins must list at least one origin, such as "https://${rpId}"`);
  }
  const origins = [...new Set(originList.map((origin) => checkOrigin(origin, rpId)))];
  const timeout = config.challengeTimeoutSeconds ?? 300;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 30 || timeout > 3600) {
    throw invalid('challengeTimeoutSeconds must be an integer from 30 to 3600');
  }
  const throttleFactor = config.throttleFactor ?? 1;
  if (typeof throttleFactor !== 'number' || !Number.isFinite(throttleFactor) || throttleFactor < 0) {
    throw invalid('throttleFactor must be a finite number >= 0');
  }
  return {
    rpId,
    rpName: rpName.trim(),
    origins,
    userVerification: oneOf(config.userVerification, ['required', 'preferred', 'discouraged'], 'preferred', 'userVerification'),
    challengeTimeoutMs: timeout * 1000,
    counterRegression: oneOf(config.counterRegression, ['refuse', 'accept'], 'refuse', 'counterRegression'),
    attestation: checkAttestation(config.attestation),
    residentKey: oneOf(config.residentKey, ['required', 'preferred', 'discouraged'], 'preferred', 'residentKey'),
    throttleFactor,
  };
}
