/**
 * Provisioning URIs (`otpauth://`) for kinds used with authenticator apps,
 * with the instance's issuer and image.
 */
import type { ConfigUrlOptions } from './api.js';
import type { CoreContext } from './context.js';
import { load, openSecret } from './device-access.js';
import { TwofoldError } from './errors.js';
import type { Device } from './types.js';

function issuerFor(context: CoreContext, device: Device, override?: string): string | undefined {
  if (override !== undefined) return override;
  const issuer = context.options.issuer;
  const value = typeof issuer === 'function' ? issuer(device) : issuer;
  return value !== undefined && value !== '' ? value : undefined;
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
  const image = urlOptions.image ?? (typeof context.options.image === 'function' ? context.options.image(loaded.device) : context.options.image);
  return kind.configUrl({
    secret,
    state: loaded.state,
    accountName: urlOptions.accountName ?? record.userId,
    issuer: issuerFor(context, loaded.device, urlOptions.issuer),
    image,
  });
}
