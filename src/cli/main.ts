/**
 * The `twofold` command line: database migrations and the account chores an
 * operator needs on a server (django-otp's `addstatictoken`,
 * django-two-factor-auth's `two_factor_status` / `two_factor_disable`).
 *
 * Configuration comes from the environment: `DATABASE_URL` (default: the
 * SQLite file `twofold.sqlite` in the current directory) and `TWOFOLD_SECRETS`
 * (comma-separated encryption secrets, newest first).
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { createTwofold, type Twofold } from '../core/twofold.js';
import { isTwofoldError } from '../core/errors.js';
import { generateSecret } from '../core/secrets.js';
import { totp } from '../devices/totp/index.js';
import { hotp } from '../devices/hotp/index.js';
import { backupCodes } from '../devices/backup-codes/index.js';
import { addBackupCode } from '../devices/backup-codes/manage.js';
import { yubikey } from '../devices/yubikey/index.js';
import { yubikeyCommand } from './yubikey.js';
import { migrateToLatest, openStore } from '../store/kysely/index.js';
import { importCommand } from './import-django.js';

/** Where the CLI writes; injectable for tests. */
export interface CliIO {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The SQLite file used when `DATABASE_URL` is not set. */
export const DEFAULT_DATABASE_URL = 'sqlite:twofold.sqlite';

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly help: string;
  readonly options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(args: { positionals: string[]; values: Record<string, string | boolean | undefined>; io: CliIO }): Promise<number>;
}

const ENVIRONMENT_HELP = `Environment:
  DATABASE_URL     postgres://user:pass@host/db, or sqlite:path/to/file.sqlite
                   (default: ${DEFAULT_DATABASE_URL})
  TWOFOLD_SECRETS  encryption secrets for device keys, comma-separated, newest first
                   (create one with: twofold genkey)`;

async function withTwofold<T>(io: CliIO, work: (twofold: Twofold) => Promise<T>): Promise<T> {
  const url = io.env.DATABASE_URL !== undefined && io.env.DATABASE_URL !== '' ? io.env.DATABASE_URL : DEFAULT_DATABASE_URL;
  const secrets = (io.env.TWOFOLD_SECRETS ?? io.env.TWOFOLD_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const { store } = await openStore(url);
  try {
    const twofold = createTwofold({
      store,
      kinds: [totp(), hotp(), backupCodes(), yubikey()],
      secrets,
      environment: io.env.NODE_ENV,
      logger: { warn: (m) => io.err(`warning: ${m}`), error: (m) => io.err(`error: ${m}`) },
    });
    return await work(twofold);
  } finally {
    await store.close();
  }
}

function formatDate(date: Date | null): string {
  return date === null ? 'never' : date.toISOString().replace('.000Z', 'Z');
}

const commands: Record<string, Command> = {
  migrate: {
    summary: 'Create or update twofold’s database tables',
    usage: 'twofold migrate',
    help: 'Applies every pending migration to the database named by DATABASE_URL. Safe to run repeatedly.',
    async run({ io }) {
      const url = io.env.DATABASE_URL !== undefined && io.env.DATABASE_URL !== '' ? io.env.DATABASE_URL : DEFAULT_DATABASE_URL;
      const { store, db } = await openStore(url, { migrate: false });
      try {
        const applied = await migrateToLatest(db);
        io.out(applied.length === 0 ? 'Database is up to date.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}`);
      } finally {
        await store.close();
      }
      return 0;
    },
  },

  devices: {
    summary: 'List a user’s devices',
    usage: 'twofold devices <user>',
    help: 'Prints each device of the user: persistent id, kind, name, whether it is confirmed, last use and throttling state. Never prints keys.',
    async run({ positionals, io }) {
      const [user] = positionals;
      if (user === undefined || positionals.length !== 1) return usageError(io, 'devices');
      return withTwofold(io, async (twofold) => {
        const devices = await twofold.listDevices(user);
        if (devices.length === 0) {
          io.out(`${user} has no devices.`);
          return 0;
        }
        for (const device of devices) {
          const flags = [device.confirmed ? 'confirmed' : 'unconfirmed'];
          if (device.lockedUntil !== null) flags.push(`locked until ${formatDate(device.lockedUntil)}`);
          else if (device.failureCount > 0) flags.push(`${device.failureCount} recent failure(s)`);
          if (device.kind === 'backup-codes') {
            const codes = device.state.codes;
            flags.push(`${Array.isArray(codes) ? codes.length : 0} code(s) left`);
          }
          io.out(`${device.persistentId}  ${device.kind}  "${device.name}"  ${flags.join(', ')}  last used ${formatDate(device.lastUsedAt)}`);
        }
        return 0;
      });
    },
  },

  addstatictoken: {
    summary: 'Add a backup code for a user and print it',
    usage: 'twofold addstatictoken <user> [--token CODE]',
    help: 'Adds one backup code to the user’s backup-code device, creating the device ("Backup codes") if the user has none, and prints the code. Without --token a random code is generated. The code is stored only as a hash: note it now.',
    options: { token: { type: 'string', short: 't' } },
    async run({ positionals, values, io }) {
      const [user] = positionals;
      if (user === undefined || positionals.length !== 1) return usageError(io, 'addstatictoken');
      const token = typeof values.token === 'string' ? values.token : undefined;
      return withTwofold(io, async (twofold) => {
        const { code } = await addBackupCode(twofold, user, token);
        io.out(code);
        return 0;
      });
    },
  },

  status: {
    summary: 'Show whether two-factor authentication is on for users',
    usage: 'twofold status <user>...',
    help: 'Prints "<user>: enabled" when the user has at least one confirmed device, otherwise "<user>: disabled".',
    async run({ positionals, io }) {
      if (positionals.length === 0) return usageError(io, 'status');
      return withTwofold(io, async (twofold) => {
        for (const user of positionals) io.out(`${user}: ${(await twofold.userHasDevice(user)) ? 'enabled' : 'disabled'}`);
        return 0;
      });
    },
  },

  disable: {
    summary: 'Turn two-factor authentication off for users (deletes their devices)',
    usage: 'twofold disable <user>...',
    help: 'Deletes every device of each user, confirmed or not, including backup codes, and forgets their remembered browsers and primary-device choice. Use it when a user has lost all their devices and has proven who they are some other way.',
    async run({ positionals, io }) {
      if (positionals.length === 0) return usageError(io, 'disable');
      return withTwofold(io, async (twofold) => {
        for (const user of positionals) {
          const removed = await twofold.deleteUserDevices(user);
          // A remembered browser must not outlive the factors it stood for.
          const forgotten = await twofold.store.deleteUserRememberedBrowsers(user);
          await twofold.store.deleteUserPreferences(user);
          io.out(`${user}: removed ${removed} device(s)${forgotten > 0 ? `, forgot ${forgotten} remembered browser(s)` : ''}`);
        }
        return 0;
      });
    },
  },

  genkey: {
    summary: 'Print a new random encryption secret',
    usage: 'twofold genkey',
    help: 'Prints 32 random bytes, base64url-encoded, for TWOFOLD_SECRETS. To rotate, put the new secret first and keep the old ones after it, then run `twofold reencrypt`.',
    run({ io }) {
      io.out(generateSecret());
      return Promise.resolve(0);
    },
  },

  import: importCommand,
  yubikey: yubikeyCommand(withTwofold),

  reencrypt: {
    summary: 'Re-encrypt device secrets with the newest key',
    usage: 'twofold reencrypt',
    help: 'Rewrites every device secret sealed with an older key (a later entry of TWOFOLD_SECRETS) with the first one. Afterwards the older keys can be removed.',
    async run({ io }) {
      return withTwofold(io, async (twofold) => {
        const count = await twofold.reencryptSecrets();
        io.out(`Re-encrypted ${count} device secret(s).`);
        return 0;
      });
    },
  },
};

function commandHelp(name: string): string {
  const command = commands[name]!;
  return `Usage: ${command.usage}\n\n${command.summary}.\n\n${command.help}\n\n${ENVIRONMENT_HELP}`;
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const list = Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join('\n');
  return `Usage: twofold <command> [arguments]\n\nCommands:\n${list}\n\nRun "twofold <command> --help" for details.\n\n${ENVIRONMENT_HELP}`;
}

function usageError(io: CliIO, name: string): number {
  io.err(`Usage: ${commands[name]!.usage}\nRun "twofold ${name} --help" for details.`);
  return 2;
}

/**
 * Runs the CLI with `argv` (without the node and script paths) and returns
 * the exit code: 0 success, 1 failure, 2 usage error.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && topic in commands) io.out(commandHelp(topic));
    else io.out(mainHelp());
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    io.err(`Unknown command "${name}".\n\n${mainHelp()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\nUsage: ${command.usage}`);
    return 2;
  }
  if (parsed.values.help === true) {
    io.out(commandHelp(name));
    return 0;
  }
  try {
    return await command.run({ positionals: parsed.positionals, values: parsed.values, io });
  } catch (error) {
    io.err(`twofold ${name}: ${isTwofoldError(error) || error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** Entry point when run as a program. */
async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  });
  process.exitCode = code;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
