/**
 * Double submits of one setup confirmation, without any lock in the flows:
 * many at once in one process, and two OS processes on one SQLite file and
 * on PostgreSQL, released together on a barrier. Every submit carries the
 * same session state; exactly one device may come out, announced once.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTwofold, type Twofold } from '../../../src/core/twofold.js';
import { manualClock } from '../../../src/core/clock.js';
import type { Store } from '../../../src/core/types.js';
import { totp } from '../../../src/devices/totp/index.js';
import { backupCodes } from '../../../src/devices/backup-codes/index.js';
import { generateTOTP } from '../../../src/oath/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { openPostgresStore, openSqliteStore } from '../../../src/store/kysely/index.js';
import { resolveWebConfig } from '../../../src/assembly/options.js';
import { confirmSetup, createAccountKit, readSetup } from '../../../src/flows/account/service.js';
import { deleteUnconfirmedDevice } from '../../../src/flows/account/side-channel.js';
import { confirmCodeSetup, startCodeSetup } from '../../../src/flows/account/code-setup.js';
import { email } from '../../../src/devices/email/index.js';
import { issueBackupCodes } from '../../../src/devices/backup-codes/index.js';
import { createDevelopmentGateway } from '../../../src/gateways/development/index.js';
import { createAccountSealer, newPendingSetup, serializePendingSetup } from '../../../src/flows/account/setup-state.js';
import type { JsonValue } from '../../../src/core/types.js';
import type { PageContext } from '../../../src/web/pages/context.js';
import { postgresTestUrl } from '../../support/env.js';
import { createTestSchema, registerPostgresMissing } from '../../support/postgres.js';
import { runOnBarrier, untilOverlapped } from '../../support/barrier.js';
import { mapSession } from './race-support.js';
import type { SetupRaceReport, SetupRaceTask } from './fixtures/setup-race.js';

const NOW = Date.UTC(2026, 0, 15, 9, 30, 7);
const CORE_SECRET = 'setup-race-core-secret-0123456789abcdef';
const WEB_SECRET = 'setup-race-web-secret-0123456789abcdef';
const FIXTURE = fileURLToPath(new URL('./fixtures/setup-race.ts', import.meta.url));
const RACE_TIMEOUT = { timeout: 180_000 };

let users = 0;

/** A fresh user's setup in progress, as a session holds it, and a right code for its key. */
function pendingSetup(): { readonly userId: string; readonly setup: JsonValue; readonly token: string } {
  const userId = `racer-${process.pid}-${++users}`;
  const { setup, key } = newPendingSetup(createAccountSealer([WEB_SECRET]), { userId, method: 'totp', now: NOW, next: null });
  return { userId, setup: serializePendingSetup(setup), token: generateTOTP(key, { time: NOW / 1000 }) };
}

function instance(store: Store): Twofold {
  return createTwofold({ store, kinds: [totp(), backupCodes()], clock: manualClock(NOW).now, secrets: [CORE_SECRET], logger: { warn() {}, error() {} } });
}

/** Submits the same confirmation `submits` times at once in this process; returns outcomes and events. */
async function submitTogether(twofold: Twofold, submits: number, pending = pendingSetup()) {
  const config = resolveWebConfig({ twofold, secrets: [WEB_SECRET], logger: { warn() {}, error() {} } });
  assert.ok(config.account !== null);
  const kit = createAccountKit(config, config.account);
  let added = 0;
  config.events.on('accountDeviceAdded', () => {
    added++;
  });
  const { userId, setup, token } = pending;
  const user = { id: userId, username: null };
  const requests = await Promise.all(
    Array.from({ length: submits }, async () => {
      const session = mapSession({ [kit.keys.setup]: setup });
      const lookup = await readSetup(kit, session, userId);
      assert.equal(lookup.status, 'active');
      const context = { session, otp: { login: () => Promise.resolve() }, basePath: '' } as unknown as PageContext;
      return { lookup, context, session };
    }),
  );
  const outcomes = await Promise.all(
    requests.map(({ lookup, context }) => confirmSetup(kit, context, new Request('http://localhost/'), user, lookup, { name: 'Phone', token })),
  );
  return { userId, outcomes, added };
}

/** Checks the reports of one cross-process race; returns a summary line. */
async function checkRace(twofold: Twofold, userId: string, reports: readonly SetupRaceReport[]): Promise<string> {
  const outcomes = reports.flatMap((report) => report.outcomes);
  const devices = await twofold.listDevices(userId);
  assert.equal(devices.length, 1, `exactly one device, got ${devices.length}`);
  assert.equal(devices[0]!.confirmed, true);
  const failed = outcomes.filter((outcome) => !outcome.ok);
  assert.deepEqual(failed, [], 'every submit of the right code ends as done');
  assert.deepEqual(new Set(outcomes.map((outcome) => (outcome.ok ? outcome.device : null))), new Set([devices[0]!.persistentId]));
  assert.equal(outcomes.filter((outcome) => outcome.ok && outcome.firstDevice).length, 1, 'one submit turned two-factor authentication on');
  const added = reports.reduce((sum, report) => sum + report.added, 0);
  assert.equal(added, 1, 'the device was announced once');
  return `${reports.length} processes x ${reports[0]!.outcomes.length} submits: ${outcomes.length} ok, ${devices.length} device, ${added} event`;
}

async function raceProcesses(twofold: Twofold, database: { readonly url: string; readonly schema?: string }, submits: number) {
  return untilOverlapped(async () => {
    const { userId, setup, token } = pendingSetup();
    const task: SetupRaceTask = { ...database, userId, setup, token, submits, now: NOW, coreSecret: CORE_SECRET, webSecret: WEB_SECRET };
    const reports = await runOnBarrier<SetupRaceReport>(FIXTURE, [task, task]);
    return { userId, reports, spans: reports.flatMap((report) => report.spans) };
  });
}

describe('setup confirmation races (one process)', () => {
  it('makes one device of 20 simultaneous submits of the same setup, and answers each as done', async () => {
    const twofold = instance(createMemoryStore());
    const { userId, outcomes, added } = await submitTogether(twofold, 20);
    const devices = await twofold.listDevices(userId);
    assert.equal(devices.length, 1);
    assert.equal(devices[0]!.confirmed, true);
    assert.ok(outcomes.every((outcome) => outcome.ok && outcome.device.persistentId === devices[0]!.persistentId), JSON.stringify(outcomes));
    assert.equal(outcomes.filter((outcome) => outcome.ok && outcome.firstDevice).length, 1);
    assert.equal(added, 1);
  });

  it('answers a late resubmit of a finished setup as done, without a second device or event', async () => {
    const twofold = instance(createMemoryStore());
    const pending = pendingSetup();
    const first = await submitTogether(twofold, 1, pending);
    const done = first.outcomes[0]!;
    assert.ok(done.ok && done.firstDevice);
    // The browser's older copy of the session still holds the setup.
    const again = await submitTogether(twofold, 1, pending);
    const devices = await twofold.listDevices(pending.userId);
    assert.equal(devices.length, 1);
    const outcome = again.outcomes[0]!;
    assert.ok(outcome.ok && outcome.device.persistentId === devices[0]!.persistentId && !outcome.firstDevice, JSON.stringify(outcome));
    assert.equal(again.added, 0);
    assert.equal(await deleteUnconfirmedDevice(twofold, pending.userId, devices[0]!.persistentId), false, 'a confirmed device is never removed');
  });

  it('deletes an unconfirmed device only while it is unchanged (compare-and-delete)', async () => {
    const store = createMemoryStore();
    const twofold = instance(store);
    const device = await twofold.createDevice({ userId: 'cad', kind: 'totp', confirmed: false });
    const record = await store.getDevice(device.persistentId.slice(device.persistentId.indexOf('/') + 1));
    assert.ok(record !== null);
    await twofold.confirmDevice('cad', device.persistentId);
    assert.equal(await store.deleteDevice(record.id, record.version), false, 'the version read before the confirmation no longer matches');
    assert.equal(await twofold.deleteDevice('cad', device.persistentId, { onlyUnconfirmed: true }), false);
    assert.equal((await twofold.listDevices('cad')).length, 1);
  });
});

describe('setup confirmation races (two OS processes on one SQLite file)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'twofold-setup-race-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('makes exactly one device when both processes submit the same setup at once', RACE_TIMEOUT, async (t) => {
    const filename = join(directory, 'race.sqlite');
    const { store } = await openSqliteStore({ filename });
    try {
      const twofold = instance(store);
      const { userId, reports } = await raceProcesses(twofold, { url: `sqlite:${filename}` }, 4);
      t.diagnostic(`SQLite: ${await checkRace(twofold, userId, reports)}`);
    } finally {
      await store.close();
    }
  });
});

describe('setup confirmation races (two OS processes on PostgreSQL)', () => {
  const url = postgresTestUrl();
  if (url === null) {
    registerPostgresMissing('makes exactly one device when both processes submit the same setup at once');
    return;
  }
  it('makes exactly one device when both processes submit the same setup at once', RACE_TIMEOUT, async (t) => {
    const schema = await createTestSchema(url);
    const { store } = await openPostgresStore({ connectionString: url, schema: schema.schema });
    try {
      const twofold = instance(store);
      const { userId, reports } = await raceProcesses(twofold, { url, schema: schema.schema }, 4);
      t.diagnostic(`PostgreSQL: ${await checkRace(twofold, userId, reports)}`);
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});

describe('other state changes of the flows at once (one process, no locks)', () => {
  it('confirms a setup by code once of 10 simultaneous submits, and answers each as done', async () => {
    const gateway = createDevelopmentGateway({ environment: 'test', log: () => undefined });
    const twofold = createTwofold({
      store: createMemoryStore(),
      kinds: [totp(), backupCodes(), email({ sender: gateway })],
      clock: manualClock(NOW).now,
      secrets: [CORE_SECRET],
      logger: { warn() {}, error() {} },
    });
    const config = resolveWebConfig({ twofold, secrets: [WEB_SECRET], logger: { warn() {}, error() {} }, account: { methods: ['totp', 'email'] } });
    assert.ok(config.account !== null);
    const kit = createAccountKit(config, config.account);
    let added = 0;
    config.events.on('accountDeviceAdded', () => {
      added++;
    });
    const user = { id: 'code-racer', username: null };
    const started = mapSession({});
    const start = await startCodeSetup(kit, started, user, { method: 'email', destination: 'racer@example.com', next: null });
    assert.ok(start.ok);
    const token = /\b(\d{6,8})\b/.exec(gateway.latest('racer@example.com')?.text ?? '')?.[1];
    assert.ok(token !== undefined, 'the code was sent');
    const setup = started.get(kit.keys.setup) as JsonValue;
    const requests = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const session = mapSession({ [kit.keys.setup]: setup });
        const lookup = await readSetup(kit, session, user.id);
        assert.equal(lookup.status, 'code');
        return { lookup, context: { session, otp: { login: () => Promise.resolve() }, basePath: '' } as unknown as PageContext };
      }),
    );
    const outcomes = await Promise.all(
      requests.map(({ lookup, context }) => confirmCodeSetup(kit, context, new Request('http://localhost/'), user, lookup, { name: 'Mail', token })),
    );
    const devices = await twofold.listDevices(user.id);
    assert.equal(devices.length, 1);
    assert.equal(devices[0]!.confirmed, true);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.ok && outcome.device.persistentId),
      outcomes.map(() => devices[0]!.persistentId),
      JSON.stringify(outcomes),
    );
    assert.equal(added, 1);
  });

  for (const [label, open] of [
    ['one memory store', () => Promise.resolve([createMemoryStore()])],
    ['two connections to one SQLite file', async () => {
      const filename = join(mkdtempSync(join(tmpdir(), 'twofold-codes-race-')), 'codes.sqlite');
      const first = await openSqliteStore({ filename });
      const second = await openSqliteStore({ filename });
      return [first.store, second.store];
    }],
  ] as const) {
    it(`issues the first backup codes of 10 simultaneous requests into one device (${label})`, async () => {
      const stores: readonly Store[] = await open();
      try {
        const instances = stores.map((store) => instance(store));
        const issued = await Promise.all(Array.from({ length: 10 }, (_, index) => issueBackupCodes(instances[index % instances.length]!, 'codes-racer', { count: 3 })));
        const devices = await instances[0]!.listDevices('codes-racer');
        assert.equal(devices.length, 1, `one backup-codes device, got ${devices.length}`);
        assert.ok(issued.every((result) => result.device.persistentId === devices[0]!.persistentId));
        // Exactly one of the sets is live: the last one written.
        const live = [];
        for (const result of issued) {
          // A wrong set's code counts as a failure: clear the back-off so every set is judged on its own.
          await instances[0]!.resetThrottle('codes-racer', devices[0]!.persistentId);
          if ((await instances[0]!.verifyToken('codes-racer', devices[0]!.persistentId, result.codes[0]!)).ok) live.push(result);
        }
        assert.equal(live.length, 1);
      } finally {
        for (const store of stores) await store.close();
      }
    });
  }
});
