/**
 * The device statements of a sign-in, compiled by Kysely once per shape and
 * reused. Building and compiling a query with Kysely (immutable nodes, an
 * expression builder, a visitor pass per plugin and one for the compiler)
 * cost about 85 µs of main-thread CPU per HTTP second step, more than the
 * statements take to run. A statement's SQL text depends only on its shape
 * (which filters are present, which columns an update sets), never on the
 * values, which are all parameters.
 *
 * So each shape is built once with Kysely itself, from the same builder code
 * as before, with placeholder objects in place of the values: whatever the
 * host's plugins (`withSchema`, ...) do to the query is in the kept SQL. The
 * placeholders' positions in `parameters` say where each value goes; a call
 * then only fills a new parameter array. A placeholder is a fresh object,
 * which no value (a string, number or null) can be. Before a shape is kept it
 * is built once more from sample values and must give exactly the SQL and
 * parameters that the cached form gives for them; a shape that does not
 * (a plugin that inlines or rewrites values) is built by Kysely on every
 * call, as before.
 */
import { createQueryId, sql } from 'kysely';
import type { Compilable, CompiledQuery, Kysely, RootOperationNode } from 'kysely';
import type { CheckedChanges } from '../validate.js';
import { COLUMNS } from './device-rows.js';
import { booleanToDriver } from './driver-values.js';
import type { DevicesTableName, SqlDialect, TwofoldDatabase, UserPreferencesTableName } from './schema.js';

/** A shape's kept compilation: `slots[i]` is the argument that parameter `i` holds, or -1 for a constant. */
interface Template {
  readonly sql: string;
  readonly query: RootOperationNode;
  readonly slots: readonly number[];
  readonly constants: readonly unknown[];
}

/** Builds the query of one shape from its arguments (absent ones are `undefined`). */
export type StatementBuilder = (args: readonly unknown[]) => Compilable;

function compileTemplate(build: StatementBuilder, shapeArgs: readonly unknown[], probe: readonly unknown[]): Template | null {
  const placeholders = shapeArgs.map((arg, index) => (arg === undefined ? undefined : Object.freeze({ twofoldArgument: index })));
  const compiled = build(placeholders).compile();
  const slots = compiled.parameters.map((value) => (value === undefined ? -1 : placeholders.indexOf(value as never)));
  const constants = compiled.parameters.map((value, index) => (slots[index] === -1 ? value : undefined));
  const template: Template = { sql: compiled.sql, query: compiled.query, slots, constants };
  // Every present argument must be a parameter (not inlined, not rewritten), and the
  // kept form must equal Kysely's own for sample values of the real types.
  const used = new Set(slots);
  if (placeholders.some((placeholder, index) => placeholder !== undefined && !used.has(index))) return null;
  const sample = shapeArgs.map((arg, index) => (arg === undefined ? undefined : probe[index]));
  const expected = build(sample).compile();
  const actual = instantiate(template, sample);
  const same =
    expected.sql === actual.sql &&
    expected.parameters.length === actual.parameters.length &&
    expected.parameters.every((value, index) => Object.is(value, actual.parameters[index]));
  return same ? template : null;
}

function instantiate(template: Template, args: readonly unknown[]): CompiledQuery {
  const { slots, constants } = template;
  const parameters = new Array<unknown>(slots.length);
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index]!;
    parameters[index] = slot === -1 ? constants[index] : args[slot];
  }
  return { sql: template.sql, query: template.query, parameters, queryId: createQueryId() };
}

/**
 * Compiles statements of one builder, one template per shape. The shape of
 * a call is the set of its arguments that are not `undefined`, as a bitmask.
 * `probe` holds a sample value of each argument's type.
 */
export function statementFamily(build: StatementBuilder, probe: readonly unknown[]): (args: readonly unknown[]) => CompiledQuery {
  const templates = new Map<number, Template | null>();
  return (args) => {
    let shape = 0;
    for (let index = 0; index < args.length; index++) if (args[index] !== undefined) shape |= 1 << index;
    let template = templates.get(shape);
    if (template === undefined) {
      template = compileTemplate(build, args, probe);
      templates.set(shape, template);
    }
    return template === null ? build(args).compile() : instantiate(template, args);
  };
}

/** The device statements of one store. */
export interface DeviceStatements {
  getDevice(id: string): CompiledQuery;
  listDevices(owner: string, confirmed: boolean | undefined, kind: string | undefined): CompiledQuery;
  /** The listing plus the owner's primary device id (a scalar subquery) on every row. */
  listDevicesWithPrimary(owner: string, confirmed: boolean | undefined, kind: string | undefined): CompiledQuery;
  /** The compare-and-swap; `state` is the serialised `changes.state`. */
  updateDevice(id: string, version: number, changes: CheckedChanges, state: string | undefined): CompiledQuery;
}

/** Arguments of an update, in this order after the id and the expected version. */
const UPDATE_COLUMNS = ['name', 'confirmed', 'last_used_at', 'secret', 'state', 'failure_count', 'last_failure_at', 'last_challenge_at'] as const;

/** The builders of the device statements, on `db` (exported so that a test can compare them with the cached forms). */
export function deviceStatementBuilders(db: Kysely<TwofoldDatabase>, table: DevicesTableName, preferencesTable: UserPreferencesTableName) {
  const listing = (withPrimary: boolean): StatementBuilder => (args) => {
    const [owner, confirmed, kind] = args as [string, boolean | number | undefined, string | undefined];
    let select = withPrimary
      ? db
          .selectFrom(table)
          .select(COLUMNS)
          // The preference rides along as a scalar subquery on the primary key: one statement, one round trip.
          .select((eb) => eb.selectFrom(preferencesTable).select('primary_device_id').where('user_id', '=', owner).as('primary_device_id'))
      : db.selectFrom(table).select(COLUMNS);
    select = select.where('user_id', '=', owner);
    if (confirmed !== undefined) select = select.where('confirmed', '=', confirmed);
    if (kind !== undefined) select = select.where('kind', '=', kind);
    return select.orderBy('created_at').orderBy('id');
  };
  return {
    getDevice: ((args) => db.selectFrom(table).select(COLUMNS).where('id', '=', args[0] as string)) satisfies StatementBuilder,
    listDevices: listing(false),
    listDevicesWithPrimary: listing(true),
    updateDevice: ((args) => {
      const set: Record<string, unknown> = {};
      UPDATE_COLUMNS.forEach((column, index) => {
        if (args[index + 2] !== undefined) set[column] = args[index + 2];
      });
      return db
        .updateTable(table)
        .set({ ...set, version: sql<number>`${sql.ref('version')} + 1` })
        .where('id', '=', args[0] as string)
        .where('version', '=', args[1] as number);
    }) satisfies StatementBuilder,
  };
}

/** Creates the cached device statements of a store. */
export function createDeviceStatements(
  db: Kysely<TwofoldDatabase>,
  table: DevicesTableName,
  preferencesTable: UserPreferencesTableName,
  dialect: SqlDialect,
): DeviceStatements {
  const sqlBoolean = (value: boolean | undefined): boolean | number | undefined => (value === undefined ? value : booleanToDriver(dialect, value));
  const builders = deviceStatementBuilders(db, table, preferencesTable);
  const listProbe = ['probe-user', sqlBoolean(true), 'probe-kind'];
  const getDevice = statementFamily(builders.getDevice, ['probe-id']);
  const listDevices = statementFamily(builders.listDevices, listProbe);
  const listDevicesWithPrimary = statementFamily(builders.listDevicesWithPrimary, listProbe);
  const updateDevice = statementFamily(builders.updateDevice, ['probe-id', 7, 'probe name', sqlBoolean(true), 11, 'probe secret', '{}', 2, 13, 17]);
  return {
    getDevice: (id) => getDevice([id]),
    listDevices: (owner, confirmed, kind) => listDevices([owner, sqlBoolean(confirmed), kind]),
    listDevicesWithPrimary: (owner, confirmed, kind) => listDevicesWithPrimary([owner, sqlBoolean(confirmed), kind]),
    updateDevice: (id, version, changes, state) =>
      updateDevice([
        id,
        version,
        changes.name,
        sqlBoolean(changes.confirmed),
        changes.lastUsedAt,
        changes.secret,
        state,
        changes.failureCount,
        changes.lastFailureAt,
        changes.lastChallengeAt,
      ]),
  };
}
