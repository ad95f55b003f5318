/**
 * The cached device statements can never drift from Kysely: for every shape
 * (each of the 2^8 combinations of columns an update sets, each listing
 * filter) and random values, the SQL and parameters equal what Kysely builds
 * from the query chain the store used before the cache, on SQLite and on
 * PostgreSQL with a schema and a table prefix. A plugin that rewrites values
 * makes its shapes fall back to Kysely, which still gives the same answer.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DummyDriver,
  Kysely,
  OperationNodeTransformer,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  ValueNode,
  sql,
} from 'kysely';
import type { CompiledQuery, Dialect, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { createDeviceStatements } from '../../src/store/kysely/compiled-statements.js';
import { COLUMNS } from '../../src/store/kysely/device-rows.js';
import { tableNames } from '../../src/store/kysely/schema.js';
import type { SqlDialect, TwofoldDatabase } from '../../src/store/kysely/schema.js';
import { CHANGE_FIELDS } from '../../src/store/validate.js';
import type { CheckedChanges } from '../../src/store/validate.js';
import { seededRandom } from '../support/random.js';
import type { Random } from '../support/random.js';

function compileOnly(dialect: SqlDialect): Kysely<TwofoldDatabase> {
  const kind: Dialect =
    dialect === 'sqlite'
      ? {
          createAdapter: () => new SqliteAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new SqliteIntrospector(db),
          createQueryCompiler: () => new SqliteQueryCompiler(),
        }
      : {
          createAdapter: () => new PostgresAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new PostgresIntrospector(db),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        };
  return new Kysely<TwofoldDatabase>({ dialect: kind });
}

// The statements exactly as store.ts built them with Kysely before the cache.
function referenceStatements(db: Kysely<TwofoldDatabase>, prefix: string, dialect: SqlDialect) {
  const { devices: table, userPreferences: preferencesTable } = tableNames(prefix);
  const sqlBoolean = (value: boolean): boolean | number => (dialect === 'sqlite' ? (value ? 1 : 0) : value);
  const listing = (owner: string, confirmed: boolean | undefined, kind: string | undefined, withPrimary: boolean) => {
    let select = withPrimary
      ? db
          .selectFrom(table)
          .select(COLUMNS)
          .select((eb) => eb.selectFrom(preferencesTable).select('primary_device_id').where('user_id', '=', owner).as('primary_device_id'))
          .where('user_id', '=', owner)
      : db.selectFrom(table).select(COLUMNS).where('user_id', '=', owner);
    if (confirmed !== undefined) select = select.where('confirmed', '=', sqlBoolean(confirmed));
    if (kind !== undefined) select = select.where('kind', '=', kind);
    return select.orderBy('created_at').orderBy('id').compile();
  };
  return {
    getDevice: (id: string) => db.selectFrom(table).select(COLUMNS).where('id', '=', id).compile(),
    listDevices: (owner: string, confirmed: boolean | undefined, kind: string | undefined) => listing(owner, confirmed, kind, false),
    listDevicesWithPrimary: (owner: string, confirmed: boolean | undefined, kind: string | undefined) => listing(owner, confirmed, kind, true),
    updateDevice: (key: string, version: number, checked: CheckedChanges, state: string | undefined) =>
      db
        .updateTable(table)
        .set({
          ...(checked.name === undefined ? {} : { name: checked.name }),
          ...(checked.confirmed === undefined ? {} : { confirmed: sqlBoolean(checked.confirmed) }),
          ...(checked.lastUsedAt === undefined ? {} : { last_used_at: checked.lastUsedAt }),
          ...(checked.secret === undefined ? {} : { secret: checked.secret }),
          ...(state === undefined ? {} : { state }),
          ...(checked.failureCount === undefined ? {} : { failure_count: checked.failureCount }),
          ...(checked.lastFailureAt === undefined ? {} : { last_failure_at: checked.lastFailureAt }),
          ...(checked.lastChallengeAt === undefined ? {} : { last_challenge_at: checked.lastChallengeAt }),
          version: sql<number>`${sql.ref('version')} + 1`,
        })
        .where('id', '=', key)
        .where('version', '=', version)
        .compile(),
  };
}

const text = (random: Random, label: string): string => `${label}-${random.bytes(random.int(1, 12)).toString('base64url')}`;
const integer = (random: Random): number => random.int(0, 2 ** 31 - 1);
const nullable = (random: Random): number | null => (random.int(3) === 0 ? null : integer(random));

function randomChange(random: Random, field: (typeof CHANGE_FIELDS)[number]): unknown {
  switch (field) {
    case 'name':
      return text(random, 'name');
    case 'confirmed':
      return random.int(2) === 1;
    case 'secret':
      return random.int(3) === 0 ? null : text(random, 'secret');
    case 'state':
      return { n: integer(random) };
    case 'failureCount':
      return integer(random);
    default:
      return nullable(random);
  }
}

function assertSame(actual: CompiledQuery, expected: CompiledQuery, what: string, schema?: string): void {
  assert.equal(actual.sql, expected.sql, what);
  if (schema !== undefined) assert.ok(actual.sql.includes(`"${schema}".`), `${what}: the schema is applied`);
  assert.deepEqual(actual.parameters, expected.parameters, what);
  assert.equal(actual.query.kind, expected.query.kind, what);
}

const SETUPS: readonly { dialect: SqlDialect; prefix: string; schema?: string }[] = [
  { dialect: 'sqlite', prefix: 'twofold_' },
  { dialect: 'postgres', prefix: 'twofold_' },
  { dialect: 'postgres', prefix: 'tenant_', schema: 'auth' },
  { dialect: 'sqlite', prefix: 'x_', schema: 'main' },
];

function setupDatabase(setup: (typeof SETUPS)[number]): Kysely<TwofoldDatabase> {
  const db = compileOnly(setup.dialect);
  return setup.schema === undefined ? db : db.withSchema(setup.schema);
}

describe('compiled device statements', () => {
  for (const setup of SETUPS) {
    const label = `${setup.dialect}, prefix ${setup.prefix}${setup.schema === undefined ? '' : `, schema ${setup.schema}`}`;

    it(`${label}: every update shape equals Kysely's statement for random values`, () => {
      const db = setupDatabase(setup);
      const names = tableNames(setup.prefix);
      const cached = createDeviceStatements(db, names.devices, names.userPreferences, setup.dialect);
      const reference = referenceStatements(db, setup.prefix, setup.dialect);
      const random = seededRandom(`compiled update ${label}`);
      for (let shape = 0; shape < 2 ** CHANGE_FIELDS.length; shape++) {
        for (let round = 0; round < 3; round++) {
          const changes: Record<string, unknown> = {};
          CHANGE_FIELDS.forEach((field, bit) => {
            if ((shape & (1 << bit)) !== 0) changes[field] = randomChange(random, field);
          });
          const checked = changes as CheckedChanges;
          const state = checked.state === undefined ? undefined : JSON.stringify(checked.state);
          const id = text(random, 'id');
          const version = integer(random);
          const what = `shape ${shape} (seed ${random.seed})`;
          assertSame(cached.updateDevice(id, version, checked, state), reference.updateDevice(id, version, checked, state), what, setup.schema);
        }
      }
    });

    it(`${label}: every listing shape and getDevice equal Kysely's statements for random values`, () => {
      const db = setupDatabase(setup);
      const names = tableNames(setup.prefix);
      const cached = createDeviceStatements(db, names.devices, names.userPreferences, setup.dialect);
      const reference = referenceStatements(db, setup.prefix, setup.dialect);
      const random = seededRandom(`compiled listings ${label}`);
      for (let round = 0; round < 5; round++) {
        for (const confirmed of [undefined, true, false]) {
          for (const withKind of [false, true]) {
            const owner = text(random, 'user');
            const kind = withKind ? text(random, 'kind') : undefined;
            const what = `confirmed ${String(confirmed)}, kind ${withKind} (seed ${random.seed})`;
            assertSame(cached.listDevices(owner, confirmed, kind), reference.listDevices(owner, confirmed, kind), what);
            assertSame(cached.listDevicesWithPrimary(owner, confirmed, kind), reference.listDevicesWithPrimary(owner, confirmed, kind), what, setup.schema);
          }
        }
        const id = text(random, 'id');
        assertSame(cached.getDevice(id), reference.getDevice(id), `getDevice (seed ${random.seed})`);
      }
    });
  }

  it('gives every call its own parameters and query id, never a placeholder', () => {
    const db = compileOnly('sqlite');
    const names = tableNames('twofold_');
    const cached = createDeviceStatements(db, names.devices, names.userPreferences, 'sqlite');
    const first = cached.updateDevice('a', 1, { lastUsedAt: 5 }, undefined);
    const second = cached.updateDevice('b', 2, { lastUsedAt: 6 }, undefined);
    assert.equal(first.sql, second.sql);
    assert.deepEqual(first.parameters, [5, 'a', 1]);
    assert.deepEqual(second.parameters, [6, 'b', 2]);
    assert.notEqual(first.queryId, second.queryId);
    for (const value of [...first.parameters, ...second.parameters]) assert.notEqual(typeof value, 'object');
  });

  it('falls back to Kysely for shapes a plugin rewrites, with the same result', () => {
    // A host plugin that rewrites string values: the cached form could not know it, so Kysely builds every call.
    class UpperCaseStrings extends OperationNodeTransformer {
      protected override transformValue(node: ValueNode): ValueNode {
        return typeof node.value === 'string' ? ValueNode.create(node.value.toUpperCase()) : node;
      }
    }
    const plugin: KyselyPlugin = {
      transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => new UpperCaseStrings().transformNode(args.node),
      transformResult: (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => Promise.resolve(args.result),
    };
    const db = compileOnly('postgres').withPlugin(plugin);
    const names = tableNames('twofold_');
    const cached = createDeviceStatements(db, names.devices, names.userPreferences, 'postgres');
    const reference = referenceStatements(db, 'twofold_', 'postgres');
    assertSame(cached.getDevice('abc'), reference.getDevice('abc'), 'getDevice');
    assert.deepEqual(cached.getDevice('abc').parameters, ['ABC']);
    assertSame(cached.updateDevice('id', 3, { name: 'n', failureCount: 1 }, undefined), reference.updateDevice('id', 3, { name: 'n', failureCount: 1 }, undefined), 'update');
  });
});
