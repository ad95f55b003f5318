/**
 * `importFromDjango`: reads django-otp's (and django-two-factor-auth's)
 * device tables and creates the equivalent twofold devices, a batch of users
 * at a time, each batch in one store transaction.
 */
import { randomUUID } from 'node:crypto';
import { TwofoldError } from '../../core/errors.js';
import { createSecretBox, type SecretBox } from '../../core/secrets.js';
import type { Twofold } from '../../core/twofold.js';
import type { DeviceRecord, Store, UserPreferences } from '../../core/types.js';
import { buildRecord, djangoDeviceId, type RecordContext } from './records.js';
import { openDjangoSource, quoteIdentifier, type DjangoRow, type DjangoSource } from './source.js';
import { DJANGO_DEVICE_TABLES, type DjangoDeviceRow, type DjangoDeviceTable } from './tables/index.js';
import { booleanOf } from './tables/common.js';
import { createUserMapper } from './users.js';
import type { DjangoImportNote, DjangoImportOptions, DjangoImportReport, DjangoSkippedRow, DjangoUnmappedUser } from './types.js';

const DEFAULT_BATCH_SIZE = 500;
const BASE_COLUMNS = ['id', 'user_id', 'name', 'confirmed'];
// Read when present: throttling (all devices), timestamps (django-otp ≥ 1.2), cooldown (e-mail, ≥ 1.2).
const OPTIONAL_COLUMNS = ['throttling_failure_count', 'throttling_failure_timestamp', 'created_at', 'last_used_at', 'last_generated_timestamp'];

interface TableQuery {
  readonly table: DjangoDeviceTable;
  readonly devices: string;
  readonly related: string | null;
}

/** One user's devices in a batch, ready to be written. */
interface UserPlan {
  readonly userId: string;
  readonly records: DeviceRecord[];
  primary: string | null;
}

interface Tally {
  created: Record<string, number>;
  alreadyImported: number;
  primaryDevicesSet: number;
  usersImported: number;
}

async function prepareTables(source: DjangoSource): Promise<{ queries: TableQuery[]; found: string[]; missing: string[] }> {
  const present = await source.tables();
  const queries: TableQuery[] = [];
  const found: string[] = [];
  const missing: string[] = [];
  for (const table of DJANGO_DEVICE_TABLES) {
    if (!present.has(table.table)) {
      missing.push(table.table);
      continue;
    }
    found.push(table.table);
    const columns = await source.columns(table.table);
    const absent = [...BASE_COLUMNS, ...table.columns].filter((column) => !columns.has(column));
    if (absent.length > 0) throw new TwofoldError('INVALID_ARGUMENT', `${table.table} lacks the column(s) ${absent.join(', ')}: is this a django-otp table?`);
    const selected = [...BASE_COLUMNS, ...table.columns, ...OPTIONAL_COLUMNS.filter((column) => columns.has(column))].map((column) => `d.${quoteIdentifier(column)}`);
    const name = quoteIdentifier(table.table);
    let join = '';
    if (table.parent !== undefined) {
      const { table: parent, foreignKey, columns: parentColumns } = table.parent;
      if (!present.has(parent)) throw new TwofoldError('INVALID_ARGUMENT', `${table.table} is present but ${parent} is not`);
      selected.push(...parentColumns.map((column) => `p.${quoteIdentifier(column)} as ${quoteIdentifier(`parent_${column}`)}`));
      join = ` left join ${quoteIdentifier(parent)} p on p."id" = d.${quoteIdentifier(foreignKey)}`;
    }
    const devices = `select ${selected.join(', ')} from ${name} d${join} where d."user_id" >= ? and d."user_id" <= ? order by d."id"`;
    let related: string | null = null;
    if (table.related !== undefined) {
      const { table: child, foreignKey, columns: childColumns } = table.related;
      if (!present.has(child)) throw new TwofoldError('INVALID_ARGUMENT', `${table.table} is present but ${child} is not`);
      const picked = [...childColumns, foreignKey].map((column) => `r.${quoteIdentifier(column)}`);
      related = `select ${picked.join(', ')} from ${quoteIdentifier(child)} r join ${name} d on d."id" = r.${quoteIdentifier(foreignKey)} where d."user_id" >= ? and d."user_id" <= ? order by r."id"`;
    }
    queries.push({ table, devices, related });
  }
  return { queries, found, missing };
}

/** Every Django user key owning a device, sorted by the database itself (so range queries agree). */
async function userKeys(source: DjangoSource, queries: readonly TableQuery[]): Promise<unknown[]> {
  if (queries.length === 0) return [];
  const union = queries.map(({ table }) => `select "user_id" as u from ${quoteIdentifier(table.table)}`).join(' union ');
  return (await source.select(`${union} order by 1`)).map((row) => row.u);
}

/** Reads one batch: per Django user, their rows per table, in table order. */
async function readBatch(source: DjangoSource, queries: readonly TableQuery[], low: unknown, high: unknown) {
  const byUser = new Map<string, { table: DjangoDeviceTable; device: DjangoDeviceRow }[]>();
  for (const { table, devices, related } of queries) {
    const children = new Map<string, DjangoRow[]>();
    if (related !== null && table.related !== undefined) {
      for (const row of await source.select(related, [low, high])) {
        const parent = String(row[table.related.foreignKey]);
        children.set(parent, [...(children.get(parent) ?? []), row]);
      }
    }
    for (const row of await source.select(devices, [low, high])) {
      const pk = String(row.id);
      const djangoUser = String(row.user_id);
      const device: DjangoDeviceRow = {
        pk,
        djangoUser,
        name: typeof row.name === 'string' ? row.name : '',
        confirmed: booleanOf(row.confirmed),
        row,
        related: children.get(pk) ?? [],
      };
      byUser.set(djangoUser, [...(byUser.get(djangoUser) ?? []), { table, device }]);
    }
  }
  return byUser;
}

/** Writes one batch: one transaction for all, or user by user when some devices exist already. */
async function writeBatch(store: Store, plans: readonly UserPlan[], now: number, dryRun: boolean, tally: Tally): Promise<void> {
  const preferencesOf = (plan: UserPlan): UserPreferences[] =>
    plan.primary === null ? [] : [{ userId: plan.userId, primaryDeviceId: plan.primary, updatedAt: now }];
  const count = (plan: UserPlan, records: readonly DeviceRecord[]) => {
    for (const record of records) tally.created[record.kind] = (tally.created[record.kind] ?? 0) + 1;
    tally.alreadyImported += plan.records.length - records.length;
    if (records.length > 0) tally.usersImported++;
  };
  if (!dryRun && store.insertDevices !== undefined) {
    try {
      await store.insertDevices(plans.flatMap((plan) => plan.records), plans.flatMap(preferencesOf));
      for (const plan of plans) {
        count(plan, plan.records);
        if (plan.primary !== null) tally.primaryDevicesSet++;
      }
      return;
    } catch {
      // Some devices exist already (an earlier run): go user by user below, each user still atomic.
    }
  }
  for (const plan of plans) {
    const existing = new Set((await store.listDevices(plan.userId)).map((record) => record.id));
    const missing = plan.records.filter((record) => !existing.has(record.id));
    const hadPreferences = plan.primary === null || (await store.getUserPreferences(plan.userId)) !== null;
    count(plan, missing);
    if (!hadPreferences) tally.primaryDevicesSet++;
    if (dryRun || (missing.length === 0 && hadPreferences)) continue;
    if (store.insertDevices !== undefined) {
      await store.insertDevices(missing, hadPreferences ? [] : preferencesOf(plan));
    } else {
      // A store without batches: a crash here leaves part of the user, which the next run completes.
      for (const record of missing) await store.insertDevice(record);
      if (!hadPreferences) await store.putUserPreferences(preferencesOf(plan)[0]!);
    }
  }
}

/**
 * Imported keys are sealed here, and must open in the application: the probe
 * is a throw-away device created through the core, whose envelope must name
 * the same current key as ours. It is deleted at once.
 */
async function checkSecretsMatch(twofold: Twofold, box: SecretBox): Promise<void> {
  const kind = ['totp', 'hotp'].find((name) => twofold.kind(name) !== undefined);
  if (kind === undefined) return;
  const probe = await twofold.createDevice({ userId: `twofold-import-probe-${randomUUID()}`, kind, name: 'import probe', confirmed: false });
  try {
    const sealed = (await twofold.store.getDevice(probe.id))?.secret ?? '';
    if (sealed.split('.')[1] !== box.currentKeyId) {
      throw new TwofoldError('INVALID_CONFIG', 'options.secrets do not match the twofold instance: pass the same secrets, newest first, or imported devices could not be used');
    }
  } finally {
    await twofold.store.deleteDevice(probe.id);
  }
}

function checkOptions(options: DjangoImportOptions): number {
  // Checked at run time too: the options may come from JavaScript or a parsed file.
  const raw: unknown = options;
  if (typeof raw !== 'object' || raw === null) throw new TwofoldError('INVALID_ARGUMENT', 'importFromDjango needs an options object');
  if (typeof (raw as { twofold?: { kind?: unknown } }).twofold?.kind !== 'function') throw new TwofoldError('INVALID_ARGUMENT', 'options.twofold must be a twofold instance');
  if (typeof options.database !== 'string' || options.database === '') {
    throw new TwofoldError('INVALID_ARGUMENT', 'options.database must be an SQLite path or a postgres:// URL');
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new TwofoldError('INVALID_ARGUMENT', 'options.batchSize must be an integer from 1 to 10000');
  }
  return batchSize;
}

/**
 * Imports django-otp's TOTP, HOTP, static and e-mail devices,
 * django-otp-yubikey's local and remote YubiKeys, and
 * django-two-factor-auth's phone and WebAuthn devices into twofold. Reads the Django
 * database only. Safe to run again: devices created by an earlier run are
 * recognised (by an id derived from the source row) and left alone.
 *
 * @example
 * ```ts
 * const report = await importFromDjango({
 *   twofold, secrets: [process.env.TWOFOLD_SECRETS!],
 *   database: 'postgres://readonly@db/django', users: { column: 'username' },
 *   dryRun: true,
 * });
 * console.log(report.created, report.skipped);
 * ```
 */
export async function importFromDjango(options: DjangoImportOptions): Promise<DjangoImportReport> {
  const batchSize = checkOptions(options);
  const { twofold } = options;
  const dryRun = options.dryRun === true;
  const includeUnconfirmed = options.includeUnconfirmed ?? true;
  const context: RecordContext = { box: createSecretBox(options.secrets), now: twofold.clock(), sourceName: options.sourceName ?? 'django' };
  const skipped: DjangoSkippedRow[] = [];
  const notes: DjangoImportNote[] = [];
  const unmappedUsers: DjangoUnmappedUser[] = [];
  const tally: Tally = { created: {}, alreadyImported: 0, primaryDevicesSet: 0, usersImported: 0 };

  // Kind-proposed ids taken by this run, so that two Django rows of one YubiKey make one device.
  const claimedIds = new Map<string, { userId: string; kind: string }>();

  if (!dryRun) await checkSecretsMatch(twofold, context.box);
  const source = await openDjangoSource(options.database, options.schema);
  try {
    const { queries, found, missing } = await prepareTables(source);
    const mapUsers = await createUserMapper(options.users, source);
    const keys = await userKeys(source, queries);
    for (let start = 0; start < keys.length; start += batchSize) {
      const batch = keys.slice(start, start + batchSize);
      const rows = await readBatch(source, queries, batch[0], batch[batch.length - 1]);
      const mapped = await mapUsers(batch);
      const plans = new Map<string, UserPlan>();
      for (const key of batch) {
        const djangoUser = String(key);
        const devices = rows.get(djangoUser) ?? [];
        const userId = mapped.get(djangoUser);
        if (userId === undefined) {
          unmappedUsers.push({ djangoUser, devices: devices.length });
          continue;
        }
        // Two Django users mapped to one host user share one plan (and the first "default" wins).
        const plan = plans.get(userId) ?? { userId, records: [], primary: null };
        plans.set(userId, plan);
        for (const { table, device } of devices) {
          const where = { table: table.table, pk: device.pk, djangoUser };
          const skip = (reason: string) => skipped.push({ ...where, reason });
          if (!device.confirmed && !includeUnconfirmed) {
            skip('unconfirmed (includeUnconfirmed is off)');
            continue;
          }
          const kind = twofold.kind(table.kind);
          if (kind === undefined) {
            skip(`the twofold instance has no ${table.kind} kind registered`);
            continue;
          }
          const mapping = table.map(device);
          if (!mapping.ok) {
            skip(mapping.reason);
            continue;
          }
          // Hashing backup codes is the slow part: skip rows an earlier run already took.
          if (table.kind === 'backup-codes' && (await twofold.store.getDevice(djangoDeviceId(table.table, device.pk, context.sourceName))) !== null) {
            tally.alreadyImported++;
            continue;
          }
          const rowNotes = [...(mapping.notes ?? [])];
          const record = await buildRecord(kind, table.table, device, mapping, userId, context, rowNotes);
          for (const note of rowNotes) notes.push({ ...where, note });
          if ('reason' in record) {
            skip(record.reason);
            continue;
          }
          if (record.id !== djangoDeviceId(table.table, device.pk, context.sourceName)) {
            // An id the kind derived from the device itself (a YubiKey's public id): it may be taken already.
            const taken = claimedIds.get(record.id) ?? (await twofold.store.getDevice(record.id));
            if (taken !== null) {
              const what = `this ${table.kind} device (${typeof record.state.publicId === 'string' ? record.state.publicId : record.id})`;
              if (claimedIds.has(record.id)) skip(`${what} is also another Django row of this import`);
              else if (taken.userId === userId && taken.kind === record.kind) tally.alreadyImported++;
              else skip(`${what} is already registered in twofold${taken.userId === userId ? ' as another kind' : ' to another user'}`);
              continue;
            }
            claimedIds.set(record.id, { userId, kind: record.kind });
          }
          plan.records.push(record);
          // django-two-factor-auth's convention: the device named "default" is the one asked first.
          if (plan.primary === null && device.name === 'default' && device.confirmed) plan.primary = record.id;
        }
      }
      await writeBatch(twofold.store, [...plans.values()], context.now, dryRun, tally);
      options.onProgress?.({
        usersDone: Math.min(start + batchSize, keys.length),
        usersTotal: keys.length,
        devicesCreated: Object.values(tally.created).reduce((sum, n) => sum + n, 0),
      });
    }
    return {
      dryRun,
      usersSeen: keys.length,
      usersImported: tally.usersImported,
      created: tally.created,
      alreadyImported: tally.alreadyImported,
      primaryDevicesSet: tally.primaryDevicesSet,
      unmappedUsers,
      skipped,
      notes,
      tables: { found, missing },
    };
  } finally {
    await source.close();
  }
}
