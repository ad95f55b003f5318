/**
 * Provisioning URIs (`otpauth://`) for kinds used with authenticator apps,
 * with the instance's issuer and image.
 */
import { sanitizeAccountName } from '../oath/index.js';
import type { ConfigUrlOptions } from './api.js';
import type { CoreContext } from './context.js';
import { deviceOf, load, openSecret } from './device-access.js';
import { TwofoldError } from './errors.js';
import type { Device } from './types.js';

function issuerFor(context: CoreContext, device: Device, override?: string): string | undefined {
  if (override !== undefined) return override;
  const issuer = context.options.issuer;
  const value = typeof issuer === 'function' ? issuer(device) : issuer;
  return value !== undefined && value !== '' ? value : undefined;
}

/**
 * The account name to put into an `otpauth://` URI or QR code: `name` made
 * safe for every authenticator app ({@link sanitizeAccountName}: colons become
 * hyphens, control characters go, white space is folded), else `fallback`
 * cleaned the same way. Hosts pick user names and ids freely (`carol:admin`,
 * `github:12345`), so cleaning here keeps setup from failing on them.
 *
 * @throws TwofoldError `INVALID_ARGUMENT` when neither has a printable character
 * @example
 * ```ts
 * provisioningAccountName('github:12345');       // 'github-12345'
 * provisioningAccountName('\u0001', 'user-7');   // 'user-7'
 * ```
 */
export function provisioningAccountName(name: string, fallback?: string): string {
  if (typeof name !== 'string') throw new TwofoldError('INVALID_ARGUMENT', 'the account name must be a string');
  const clean = sanitizeAccountName(name);
  if (clean !== '') return clean;
  const cleanFallback = typeof fallback === 'string' ? sanitizeAccountName(fallback) : '';
  if (cleanFallback !== '') return cleanFallback;
  throw new TwofoldError('INVALID_ARGUMENT', 'the account name has no printable characters: give an account name an authenticator app can show');
}

/** The provisioning URI of a device (see {@link Twofold.configUrl}). */
export async function configUrl(context: CoreContext, device: Device, urlOptions: ConfigUrlOptions = {}): Promise<string> {
  const record = await context.store.getDevice(device.id);
  if (record === null || record.userId !== device.userId) {
    throw new TwofoldError('DEVICE_NOT_FOUND', `device ${device.persistentId} does not exist`);
  }
  const kind = context.kinds.get(record.kind);
  if (kind?.configUrl === undefined) {
    throw new TwofoldError('INVALID_ARGUMENT', `devices of kind ${record.kind} have no provisioning URI`);
  }
  const loaded = load(context, record, context.now());
  if (loaded === null) throw new TwofoldError('CORRUPT_DEVICE', `device ${device.persistentId} cannot be read`);
  const secret = openSecret(context, record);
  if (secret === undefined) throw new TwofoldError('DECRYPTION_FAILED', `the secret of device ${device.persistentId} cannot be decrypted`);
  const image = urlOptions.image ?? (typeof context.options.image === 'function' ? context.options.image(deviceOf(loaded)) : context.options.image);
  const accountName = provisioningAccountName(urlOptions.accountName ?? record.userId);
  try {
    return kind.configUrl({ secret, state: loaded.state, accountName, issuer: issuerFor(context, deviceOf(loaded), urlOptions.issuer), image });
  } catch (error) {
    // The URI builder reports bad input (an issuer with control characters, a bad image URL) as plain errors.
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new TwofoldError('INVALID_ARGUMENT', `no provisioning URI for device ${device.persistentId}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
