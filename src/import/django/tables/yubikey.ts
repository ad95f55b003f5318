/**
 * django-otp-yubikey's devices. `otp_yubikey_yubikeydevice` (keys validated
 * locally, with their AES key) becomes a `yubikey` device;
 * `otp_yubikey_remoteyubikeydevice` (keys checked by a validation service,
 * `otp_yubikey_validationservice`) becomes a `yubikey-remote` device naming
 * the twofold service of the same name. Both kinds derive the device id from
 * the public id, so a key already registered in twofold is reported, never
 * registered twice.
 */
import { MAX_SESSION_COUNTER, MAX_USAGE_COUNTER, modhexEncode } from '../../../devices/yubikey/index.js';
import { integerOf, type DjangoDeviceTable } from './common.js';

/** Bytes of exactly `length` hex-encoded bytes, or null. */
function hexBytes(value: unknown, length: number): Uint8Array | null {
  if (typeof value !== 'string' || !new RegExp(`^[0-9a-fA-F]{${length * 2}}$`).test(value)) return null;
  return Uint8Array.from(Buffer.from(value, 'hex'));
}

/**
 * The public id of a local django-otp-yubikey device: its primary key as four
 * big-endian bytes in modhex (`YubikeyDevice.public_id()`), which is what the
 * key was programmed to type.
 *
 * @example djangoYubikeyPublicId(1) === 'cccccccb'
 */
export function djangoYubikeyPublicId(pk: number): string {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, pk);
  return modhexEncode(bytes);
}

export const yubikeyTable: DjangoDeviceTable = {
  table: 'otp_yubikey_yubikeydevice',
  kind: 'yubikey',
  columns: ['private_id', 'key', 'session', 'counter'],
  map({ pk, row }) {
    const id = integerOf(pk);
    if (id === null || id < 0 || id > 0xffffffff) return { ok: false, reason: 'the primary key does not fit the 4 bytes of a public id' };
    const privateId = hexBytes(row.private_id, 6);
    const aesKey = hexBytes(row.key, 16);
    if (privateId === null || aesKey === null) return { ok: false, reason: 'private_id is not 6 hex-encoded bytes or key is not 16' };
    // django-otp-yubikey's "session" is the key's non-volatile usage counter, its "counter" the per-session one.
    const usage = integerOf(row.session);
    const session = integerOf(row.counter);
    if (usage === null || session === null || usage < 0 || usage > MAX_USAGE_COUNTER || session < 0 || session > MAX_SESSION_COUNTER) {
      return { ok: false, reason: `session ${String(row.session)} / counter ${String(row.counter)} are not a YubiKey's counters` };
    }
    return {
      ok: true,
      options: { publicId: djangoYubikeyPublicId(id), privateId, aesKey },
      // django accepts only a pair strictly after (session, counter), as twofold does after its last pair: (0, 0) included.
      state: (created) => ({ ...created, lastUsageCounter: usage, lastSessionCounter: session }),
    };
  },
};

export const remoteYubikeyTable: DjangoDeviceTable = {
  table: 'otp_yubikey_remoteyubikeydevice',
  kind: 'yubikey-remote',
  columns: ['service_id', 'public_id'],
  parent: { table: 'otp_yubikey_validationservice', foreignKey: 'service_id', columns: ['name', 'api_id', 'base_url', 'api_version'] },
  map({ row }) {
    const service = row.parent_name;
    if (typeof service !== 'string' || service === '') return { ok: false, reason: 'the device names no validation service' };
    if (typeof row.public_id !== 'string' || row.public_id.trim() === '') return { ok: false, reason: 'the public id is empty' };
    // Client id, API key and URLs are the host's configuration of the kind: matched by name, never copied (the key is a secret).
    const where = typeof row.parent_base_url === 'string' && row.parent_base_url !== '' ? `, ${row.parent_base_url}` : ', YubiCloud';
    const described = `Django's validation service "${service}" (client id ${String(row.parent_api_id)}${where})`;
    const notes = row.parent_api_version === '2.0' ? [] : [`${described} spoke protocol ${String(row.parent_api_version)}; twofold speaks 2.0`];
    return {
      ok: true,
      options: { publicId: row.public_id, service },
      notes,
      refusalHint: `configure ${described} on the yubikey-remote kind under that name`,
    };
  },
};
