/**
 * Issue 9, item 5 at the HTTP edge: while the database is unreachable the
 * pages answer 503 with Retry-After (from the store's STORE_UNAVAILABLE),
 * never a 500, and work again once it is back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TwofoldError } from '../../../src/core/errors.js';
import { unavailableResponse } from '../../../src/web/unavailable.js';
import { addTotp, csrfOf, withFlowHost } from './support.js';

describe('an unreachable database at the HTTP edge', () => {
  it('answers 503 + Retry-After during the outage and signs in again after it', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      type Listing = (...args: never[]) => Promise<unknown>;
      const store = host.twofold.store as { listDevices: Listing; listDevicesWithPrimary: Listing };
      const working = { listDevices: store.listDevices, listDevicesWithPrimary: store.listDevicesWithPrimary };
      // The outage, as the SQL stores report it (connection refused, pool wait exceeded), on both ways of listing.
      const down = (operation: string) => () =>
        Promise.reject(new TwofoldError('STORE_UNAVAILABLE', `${operation}: the database is unavailable`, { retryAfterSeconds: 7 }));
      store.listDevices = down('listDevices');
      store.listDevicesWithPrimary = down('listDevicesWithPrimary');
      const b = host.browser();
      const login = await b.get('/account/login');
      const refused = await b.post('/account/login', { _csrf: csrfOf(login), username: alice.username, password: alice.password });
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '7');
      assert.equal(refused.headers.get('cache-control'), 'no-store');

      Object.assign(store, working);
      const again = await b.get('/account/login');
      const up = await b.post('/account/login', { _csrf: csrfOf(again), username: alice.username, password: alice.password });
      assert.equal(up.status, 200, 'the code step');
    }));

  it('leaves every other error to the host (no 503 for a bug)', () => {
    assert.equal(unavailableResponse(new TwofoldError('STORE_ERROR', 'corrupt row')), null);
    assert.equal(unavailableResponse(new Error('boom')), null);
    assert.equal(unavailableResponse(new TwofoldError('STORE_UNAVAILABLE', 'down'))?.headers.get('retry-after'), '5');
  });
});
