/**
 * `twofold yubikey add | list | remove`: registering keys an organisation
 * programmed itself (local validation, the `yubikey` kind) and managing any
 * user's YubiKeys from a server's shell.
 */
import { readFileSync } from 'node:fs';
import type { Twofold } from '../core/twofold.js';
import { isTwofoldError } from '../core/errors.js';
import { YUBIKEY_KIND_NAME, yubikeyDeviceId } from '../devices/yubikey/index.js';
import { YUBIKEY_REMOTE_KIND_NAME } from '../devices/yubikey-remote/index.js';
import { formatPersistentId } from '../core/persistent-id.js';

/** Where the command writes (the CLI's own I/O). */
export interface YubikeyCommandIO {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Opens twofold (with the `yubikey` kind registered) for the duration of `work`. */
export type WithTwofold = <T>(io: YubikeyCommandIO, work: (twofold: Twofold) => Promise<T>) => Promise<T>;

type Values = Record<string, string | boolean | undefined>;

const USAGE = `twofold yubikey add --user USER --public-id MODHEX --private-id HEX (--aes-key HEX | --aes-key-file PATH) [--name NAME] [--otp TOKEN]
       twofold yubikey list --user USER
       twofold yubikey remove --user USER (--public-id MODHEX | --device PERSISTENT_ID)`;

const HELP = `add     registers a programmed YubiKey for local validation: its public id (modhex,
        the start of every token), its 6-byte private id and 16-byte AES key in hex.
        With --otp, a fresh token from the key is checked against them first and no
        older token will be accepted. A key can be registered to one user only.
        --aes-key-file reads the hex key from a file ("-" is not supported), which keeps
        it out of the shell history and the process list.
list    lists the user's YubiKeys (both kinds): persistent id, kind, public id, name,
        last accepted counters, last use. Never prints keys.
remove  deletes one of the user's YubiKeys, named by public id or persistent id.`;

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function hexBytes(name: string, value: string, length: number): Uint8Array {
  const clean = value.trim().replace(/[\s:]/gu, '');
  if (!/^[0-9a-fA-F]*$/u.test(clean) || clean.length !== length * 2) {
    throw new Error(`--${name} must be ${length} bytes in hexadecimal (${length * 2} hex digits)`);
  }
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

function formatDate(date: Date | null): string {
  return date === null ? 'never' : date.toISOString().replace('.000Z', 'Z');
}

async function add(twofold: Twofold, user: string, values: Values, io: YubikeyCommandIO): Promise<number> {
  const keyFile = text(values, 'aes-key-file');
  const aesKeyText = keyFile !== undefined ? readFileSync(keyFile, 'utf8') : text(values, 'aes-key');
  const publicId = text(values, 'public-id');
  const privateId = text(values, 'private-id');
  if (publicId === undefined || privateId === undefined || aesKeyText === undefined) return -1;
  const otp = text(values, 'otp');
  const name = text(values, 'name');
  try {
    const device = await twofold.createDevice({
      userId: user,
      kind: YUBIKEY_KIND_NAME,
      ...(name === undefined ? {} : { name }),
      options: {
        publicId,
        privateId: hexBytes('private-id', privateId, 6),
        aesKey: hexBytes('aes-key', aesKeyText, 16),
        ...(otp === undefined ? {} : { otp }),
      },
    });
    io.out(device.persistentId);
    return 0;
  } catch (error) {
    if (isTwofoldError(error, 'DEVICE_EXISTS')) {
      io.err(`twofold yubikey add: the YubiKey ${publicId} is already registered (remove it first)`);
      return 1;
    }
    throw error;
  }
}

async function list(twofold: Twofold, user: string, io: YubikeyCommandIO): Promise<number> {
  const devices = (await twofold.listDevices(user)).filter((d) => d.kind === YUBIKEY_KIND_NAME || d.kind === YUBIKEY_REMOTE_KIND_NAME);
  if (devices.length === 0) {
    io.out(`${user} has no YubiKeys.`);
    return 0;
  }
  for (const device of devices) {
    const { publicId, lastUsageCounter, lastSessionCounter } = device.state;
    const counters =
      typeof lastUsageCounter === 'number' && typeof lastSessionCounter === 'number' ? `counters ${lastUsageCounter}/${lastSessionCounter}` : 'no token yet';
    io.out(`${device.persistentId}  ${device.kind}  ${typeof publicId === 'string' ? publicId : '?'}  "${device.name}"  ${device.confirmed ? 'confirmed' : 'unconfirmed'}, ${counters}  last used ${formatDate(device.lastUsedAt)}`);
  }
  return 0;
}

async function remove(twofold: Twofold, user: string, values: Values, io: YubikeyCommandIO): Promise<number> {
  const publicId = text(values, 'public-id');
  const persistentId = text(values, 'device');
  if ((publicId === undefined) === (persistentId === undefined)) return -1;
  // A public id names the device of either kind (they share the derived id).
  const candidates =
    persistentId !== undefined
      ? [persistentId]
      : [YUBIKEY_KIND_NAME, YUBIKEY_REMOTE_KIND_NAME].map((kind) => formatPersistentId(kind, yubikeyDeviceId(publicId!.trim().toLowerCase())));
  for (const candidate of candidates) {
    if (await twofold.deleteDevice(user, candidate)) {
      io.out(`Removed ${candidate}.`);
      return 0;
    }
  }
  io.err(`twofold yubikey remove: ${user} has no such YubiKey`);
  return 1;
}

/** The `yubikey` command of the CLI, given the CLI's way to open twofold. Usage problems exit with 2. */
export function yubikeyCommand(withTwofold: WithTwofold) {
  return {
    summary: 'Register, list and remove YubiKeys',
    usage: USAGE,
    help: HELP,
    options: {
      user: { type: 'string' },
      'public-id': { type: 'string' },
      'private-id': { type: 'string' },
      'aes-key': { type: 'string' },
      'aes-key-file': { type: 'string' },
      otp: { type: 'string' },
      name: { type: 'string' },
      device: { type: 'string' },
    } as Record<string, { type: 'string' | 'boolean'; short?: string }>,
    async run({ positionals, values, io }: { positionals: string[]; values: Values; io: YubikeyCommandIO }): Promise<number> {
      const [action] = positionals;
      const user = text(values, 'user');
      const usage = () => {
        io.err(`Usage: ${USAGE}\nRun "twofold yubikey --help" for details.`);
        return 2;
      };
      if (positionals.length !== 1 || user === undefined || !['add', 'list', 'remove'].includes(action ?? '')) return usage();
      const code = await withTwofold(io, (twofold) => {
        if (action === 'add') return add(twofold, user, values, io);
        if (action === 'list') return list(twofold, user, io);
        return remove(twofold, user, values, io);
      });
      return code < 0 ? usage() : code;
    },
  };
}
