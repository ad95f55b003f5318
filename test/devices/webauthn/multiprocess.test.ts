/**
 * Two app processes sharing one SQLite file, and two sharing one PostgreSQL
 * schema: each submits the same WebAuthn assertions several times at once,
 * released together on a barrier. Every assertion's challenge must be
 * accepted exactly once in total.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwofold } from '../../../src/core/twofold.js';
import type { Store } from '../../../src/core/types.js';
import { openPostgresStore, openSqliteStore } from '../../../src/store/kysely/index.js';
import { webauthn, webauthnCeremonies } from '../../../src/devices/webauthn/index.js';
import { postgresTestUrl } from '../../support/env.js';
import { createTestSchema, registerPostgresMissing } from '../../support/postgres.js';
import { softAuthenticator } from '../../support/soft-webauthn.js';
import { SECRET, SESSION_A } from './support.js';
import { runOnBarrier } from '../../support/barrier.js';

const WORKER = join(import.meta.dirname, 'fixtures', 'assertion-race.ts');
const ROUNDS = 4;
const ATTEMPTS = 4;

/** Registers a passkey for alice through `store`, prepares ROUNDS assertions, and races two processes on them. */
async function race(store: Store, database: { url: string; schema?: string }): Promise<number[][]> {
  const kind = webauthn({ rpId: 'example.com', rpName: 'Example', origins: ['https://example.com'] });
  const twofold = createTwofold({ store, kinds: [kind], secrets: [SECRET], logger: { warn: () => undefined, error: () => undefined } });
  const ceremonies = webauthnCeremonies(twofold, kind);
  // A passkey (counter always 0), so that the order in which rounds land cannot look like a clone.
  const passkey = softAuthenticator({ origin: 'https://example.com', synced: true, counts: false, seed: 'race' });
  const creation = await ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
  const registered = await ceremonies.finishRegistration({ userId: 'alice', binding: SESSION_A, response: passkey.register(creation) });
  assert.ok(registered.ok);
  const responses: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const options = await ceremonies.startAuthentication({ userId: 'alice', binding: SESSION_A });
    assert.ok(options !== null);
    responses.push(JSON.stringify(passkey.assert(options)));
  }
  const task = { ...database, secret: SECRET, userId: 'alice', binding: SESSION_A, responses, attempts: ATTEMPTS };
  const reports = await runOnBarrier<{ accepted: number[] }>(WORKER, [task, task], process.env, responses.length);
  return reports.map((report) => report.accepted);
}

function assertOncePerChallenge(accepted: number[][]): void {
  for (let round = 0; round < ROUNDS; round++) {
    const total = accepted.reduce((sum, perProcess) => sum + (perProcess[round] ?? 0), 0);
    assert.equal(total, 1, `round ${round}: accepted ${total} times across both processes (${JSON.stringify(accepted)})`);
  }
}

describe('webauthn across processes', { timeout: 120_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'twofold-webauthn-race-'));
  after(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('accepts each challenge once when two processes share one SQLite file', async () => {
    const filename = join(directory, 'race.sqlite');
    const { store } = await openSqliteStore({ filename });
    try {
      assertOncePerChallenge(await race(store, { url: `sqlite:${filename}` }));
    } finally {
      await store.close();
    }
  });

  const url = postgresTestUrl();
  if (url === null) {
    registerPostgresMissing('accepts each challenge once when two processes share one PostgreSQL schema');
  } else {
    it('accepts each challenge once when two processes share one PostgreSQL schema', async () => {
      const schema = await createTestSchema(url);
      const { store } = await openPostgresStore({ connectionString: url, schema: schema.schema });
      try {
        assertOncePerChallenge(await race(store, { url, schema: schema.schema }));
      } finally {
        await store.close();
        await schema.drop();
      }
    });
  }
});
