/**
 * What the admin may reveal about a device's key, and how.
 *
 * The rule (OWASP ASVS 14.2.6, NIST SP 800-63B §3.1.4.2): the key and its QR
 * code are shown only while the device is unconfirmed, i.e. while it is being
 * set up. Once confirmed they are never shown again, unless the host opts in
 * (django-otp's `OTP_ADMIN_HIDE_SENSITIVE_DATA`, inverted so that the safe
 * choice is the default).
 */
import { provisioningAccountName } from '../../core/provisioning.js';
import type { Twofold } from '../../core/twofold.js';
import type { Device } from '../../core/types.js';
import { encodeBase32, parseOtpauthURI, sanitizeAccountName } from '../../oath/index.js';

/** Whether the device's kind can produce an `otpauth://` URI at all. */
export function hasProvisioningUri(twofold: Twofold, device: Device): boolean {
  return twofold.kind(device.kind)?.configUrl !== undefined;
}

/** Whether the key of `device` may be shown under this policy. */
export function mayRevealSecret(device: Device, showSecretsOfConfirmedDevices: boolean): boolean {
  return !device.confirmed || showSecretsOfConfirmedDevices;
}

/** A base32 key in groups of four, as people copy it by hand: `JBSW Y3DP EHPK 3PXP`. */
export function groupKey(base32: string): string {
  return (base32.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * The name an authenticator app shows for the account: the user's name made
 * safe for `otpauth://` labels by the core's {@link provisioningAccountName}
 * (as on the account pages), else the user id, else `user`.
 */
export function accountNameFor(userId: string, username: string | null): string {
  // The admin always gets a QR code, even for an id with nothing printable in it.
  return provisioningAccountName(username ?? '', sanitizeAccountName(userId) === '' ? 'user' : userId);
}

/** The key of a device, read back from its provisioning URI. */
export interface RevealedKey {
  readonly base32: string;
  readonly digits: number;
  readonly algorithm: string;
  /** TOTP: seconds per code. */
  readonly period: number | null;
  /** HOTP: the next counter. */
  readonly counter: number | null;
}

/**
 * Reads the key and settings of `device` from its provisioning URI. Call only
 * after {@link mayRevealSecret} said yes. Throws what `configUrl` throws.
 */
export async function revealKey(twofold: Twofold, device: Device, accountName: string): Promise<RevealedKey> {
  const uri = await twofold.configUrl(device, { accountName });
  const parsed = parseOtpauthURI(uri);
  const counter = parsed.counter;
  return {
    base32: encodeBase32(parsed.key),
    digits: parsed.digits ?? 6,
    algorithm: parsed.algorithm ?? 'SHA1',
    // A counter makes an HOTP key; without one the key is time-based (30 s unless the URI says otherwise).
    period: counter === undefined ? (parsed.period ?? 30) : null,
    counter: counter === undefined ? null : Number(counter),
  };
}
