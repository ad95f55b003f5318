/**
 * "A successful second step of a sign-in costs twofold's store one read and
 * one conditional write": counted at the Store interface while a real Express
 * app answers the code step (the HTML form and the JSON API).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../src/core/twofold.js';
import { totp } from '../../src/devices/totp/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { addTotp, csrfOf, passwordStep, startHost, TEST_SECRET, totpCode, user, type Host } from '../express/support.js';
import { countingStore } from './counting-store.js';

const alice = user('alice');

async function withCountedHost(run: (host: Host, calls: string[]) => Promise<void>): Promise<void> {
  const { store, calls } = countingStore(createMemoryStore());
  // The host's own clock drives this instance too, so codes computed by the test are current.
  const started: { host?: Host } = {};
  const twofold = createTwofold({ store, kinds: [totp()], secrets: [TEST_SECRET], clock: () => started.host!.clock.now(), logger: { warn() {}, error() {} } });
  const host = await startHost({ twofold: { twofold } });
  started.host = host;
  try {
    await addTotp(twofold, alice.id, 'Alice phone', 1);
    await run(host, calls);
  } finally {
    await host.close();
  }
}

describe('cost of the second step of a sign-in over HTTP', () => {
  it('the form: a valid code costs one read (the sign-in methods) and one conditional write', () =>
    withCountedHost(async (host, calls) => {
      const b = host.browser();
      const step = await passwordStep(host, b, alice);
      calls.length = 0;
      const done = await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1) });
      assert.equal(done.status, 303);
      assert.deepEqual(calls, ['listDevicesWithPrimary', 'updateDevice']);
    }));

  it('the form: a wrong code costs one read and one conditional write too', () =>
    withCountedHost(async (host, calls) => {
      const b = host.browser();
      const step = await passwordStep(host, b, alice);
      calls.length = 0;
      const wrong = totpCode(host.clock, 1) === '000000' ? '111111' : '000000';
      const again = await b.post('/account/login', { _csrf: csrfOf(step), token: wrong });
      assert.equal(again.status, 401);
      assert.deepEqual(calls, ['listDevicesWithPrimary', 'updateDevice']);
    }));

  it('the JSON API: a valid code costs one read and one conditional write, the answer included', () =>
    withCountedHost(async (host, calls) => {
      const b = host.browser();
      const step = await passwordStep(host, b, alice);
      calls.length = 0;
      const done = await b.json('/account/api/login/verify', { code: totpCode(host.clock, 1) }, { 'x-csrf-token': csrfOf(step) });
      assert.equal(done.status, 200, done.text);
      assert.equal((JSON.parse(done.text) as { verified: boolean }).verified, true);
      assert.deepEqual(calls, ['listDevicesWithPrimary', 'updateDevice']);
    }));
});
