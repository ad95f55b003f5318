/**
 * `twofold import django`: moves devices from a django-otp /
 * django-two-factor-auth database into the twofold database named by
 * DATABASE_URL, with the secrets in TWOFOLD_SECRETS. See
 * docs/migrating-from-django.md.
 */
import { createTwofold } from '../core/twofold.js';
import { TwofoldError } from '../core/errors.js';
import { totp } from '../devices/totp/index.js';
import { hotp } from '../devices/hotp/index.js';
import { backupCodes } from '../devices/backup-codes/index.js';
import { email } from '../devices/email/index.js';
import { phone } from '../devices/phone/index.js';
import { yubikey } from '../devices/yubikey/index.js';
import { yubikeyRemote } from '../devices/yubikey-remote/index.js';
import { webauthn } from '../devices/webauthn/index.js';
import { importFromDjango, type DjangoImportReport } from '../import/django/index.js';
import { openStore } from '../store/kysely/index.js';

/** The CLI's I/O, as in main.ts. */
interface ImportIO {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** A command-line option, as main.ts's parseArgs takes it. */
interface OptionSpec {
  readonly type: 'string' | 'boolean';
}

/** Lists longer than this are cut in the printed report. */
const MAX_LISTED = 50;

// Importing creates devices and never sends anything; a send here would be a bug, so it fails loudly.
const refuseToSend = (): Promise<never> => Promise.reject(new TwofoldError('INVALID_CONFIG', 'the import command never sends messages'));

function readBatchSize(value: string | boolean | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const size = Number(value);
  if (!/^[0-9]+$/.test(value) || size < 1 || size > 10_000) throw new TwofoldError('INVALID_ARGUMENT', '--batch-size must be an integer from 1 to 10000');
  return size;
}

/**
 * The kinds the import creates devices of. Only `create()` and the state
 * checks run here, so what serves verification (gateways, the WebAuthn
 * relying party, the YubiKey services' credentials) is a placeholder: the
 * application's own configuration takes over. Remote YubiKeys name their
 * service, so the application's service names must be given to import them.
 */
function importKinds(yubikeyServices: string | undefined) {
  const gateway = { sendSms: refuseToSend, makeCall: refuseToSend, send: refuseToSend };
  const kinds = [
    totp(),
    hotp(),
    backupCodes(),
    email({ sender: gateway, resolveAddress: () => null }),
    phone({ gateway, methods: ['sms', 'call'] }),
    yubikey(),
    webauthn({ rpId: 'localhost', rpName: 'twofold import', origins: ['http://localhost'] }),
  ];
  if (yubikeyServices === undefined) return kinds;
  const names = yubikeyServices.split(',').map((name) => name.trim()).filter((name) => name !== '');
  // Never used to call a service: the import only registers public ids.
  const services = names.map((name) => ({ name, clientId: '1', apiKey: 'aW1wb3J0LW9ubHktbm90LWEta2V5', urls: ['http://127.0.0.1:9/verify'] }));
  return [...kinds, yubikeyRemote({ services, defaultService: names[0] })];
}

function printList<T>(io: ImportIO, title: string, items: readonly T[], line: (item: T) => string): void {
  if (items.length === 0) return;
  io.out(`${title} (${items.length}):`);
  for (const item of items.slice(0, MAX_LISTED)) io.out(`  ${line(item)}`);
  if (items.length > MAX_LISTED) io.out(`  … and ${items.length - MAX_LISTED} more`);
}

function printReport(io: ImportIO, report: DjangoImportReport): void {
  if (report.dryRun) io.out('Dry run: nothing was written. Without --dry-run, this import would make:');
  const created = Object.entries(report.created)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${kind} ${count}`);
  io.out(`Django tables read: ${report.tables.found.join(', ') || 'none'}`);
  io.out(`Users with devices: ${report.usersSeen}, given new devices: ${report.usersImported}, not mapped: ${report.unmappedUsers.length}`);
  io.out(`Devices created: ${created.length === 0 ? 'none' : created.join(', ')}`);
  io.out(`Already imported by an earlier run: ${report.alreadyImported}`);
  io.out(`Primary devices set from "default": ${report.primaryDevicesSet}`);
  printList(io, 'Rows not imported', report.skipped, (row) => `${row.table} ${row.pk} (Django user ${row.djangoUser}): ${row.reason}`);
  printList(io, 'Notes', report.notes, (row) => `${row.table} ${row.pk} (Django user ${row.djangoUser}): ${row.note}`);
  printList(io, 'Django users without a twofold user', report.unmappedUsers, (user) => `${user.djangoUser} (${user.devices} device row(s))`);
}

/** The `import` command (only `import django` for now). */
export const importCommand = {
  summary: 'Import devices from django-otp / django-two-factor-auth',
  usage: 'twofold import django --database <sqlite path|postgres url> --user-column <column> [--dry-run] [options]',
  help: `Reads the Django database (read-only) and creates the equivalent twofold devices in DATABASE_URL: TOTP, HOTP, static tokens (as backup codes), e-mail, phone and WebAuthn devices and YubiKeys, with used codes, counters and throttling carried over; "default" devices become primary. Safe to run again: what an earlier run created is recognised and left alone.

Options:
  --database URL        the Django database: an SQLite file (path, sqlite: or file: URL) or postgres://...
  --schema NAME         PostgreSQL schema of Django's tables (default: the search_path)
  --user-column NAME    column of the Django user table that holds the twofold user id (e.g. username, email)
  --user-table NAME     the Django user table (default auth_user)
  --user-key NAME       its primary key column (default id)
  --dry-run             report what would be created, and every row that cannot be, without writing
  --batch-size N        Django users per transaction (default 500)
  --source-name NAME    names this Django database in the device ids (default django; keep it across runs)
  --skip-unconfirmed    leave unconfirmed Django devices out
  --yubikey-services A,B  names of the validation services your yubikey-remote kind configures (remote YubiKeys
                        keep the name of their Django service; without this they are reported, not imported)`,
  options: {
    database: { type: 'string' },
    schema: { type: 'string' },
    'user-column': { type: 'string' },
    'user-table': { type: 'string' },
    'user-key': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'batch-size': { type: 'string' },
    'source-name': { type: 'string' },
    'skip-unconfirmed': { type: 'boolean' },
    'yubikey-services': { type: 'string' },
  } satisfies Record<string, OptionSpec> as Record<string, OptionSpec>,
  async run({ positionals, values, io }: { positionals: string[]; values: Record<string, string | boolean | undefined>; io: ImportIO }): Promise<number> {
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name]) : undefined);
    const database = text('database');
    const column = text('user-column');
    if (positionals.length !== 1 || positionals[0] !== 'django' || database === undefined || column === undefined) {
      io.err(`Usage: ${importCommand.usage}\nRun "twofold import --help" for details.`);
      return 2;
    }
    const batchSize = readBatchSize(values['batch-size']);
    const url = io.env.DATABASE_URL !== undefined && io.env.DATABASE_URL !== '' ? io.env.DATABASE_URL : 'sqlite:twofold.sqlite';
    const secrets = (io.env.TWOFOLD_SECRETS ?? io.env.TWOFOLD_SECRET ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (secrets.length === 0) throw new TwofoldError('INVALID_CONFIG', 'set TWOFOLD_SECRETS to the secrets your application uses: imported keys are encrypted with the first');
    const { store } = await openStore(url);
    try {
      const twofold = createTwofold({
        store,
        secrets,
        environment: io.env.NODE_ENV,
        logger: { warn: (m) => io.err(`warning: ${m}`), error: (m) => io.err(`error: ${m}`) },
        kinds: importKinds(text('yubikey-services')),
      });
      const userTable = text('user-table');
      const userKey = text('user-key');
      const schema = text('schema');
      const sourceName = text('source-name');
      const report = await importFromDjango({
        twofold,
        secrets,
        database,
        users: { column, ...(userTable === undefined ? {} : { table: userTable }), ...(userKey === undefined ? {} : { key: userKey }) },
        dryRun: values['dry-run'] === true,
        includeUnconfirmed: values['skip-unconfirmed'] !== true,
        ...(schema === undefined ? {} : { schema }),
        ...(sourceName === undefined ? {} : { sourceName }),
        ...(batchSize === undefined ? {} : { batchSize }),
        onProgress: (p) => io.out(`… ${p.usersDone}/${p.usersTotal} users, ${p.devicesCreated} device(s)`),
      });
      printReport(io, report);
      return 0;
    } finally {
      await store.close();
    }
  },
};
