/**
 * Issue 9, item 2 over HTTP: a code sent for pending sign-in A is refused in
 * a parallel pending sign-in B of the same user (who knows the password),
 * and still works in A. Likewise a code sent for the account pages' step-up
 * in one session is refused in another session.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Device } from '../../../src/core/types.js';
import { codeIn, csrfOf, errorsOf, passwordStep, whoami, withFlowHost } from './support.js';

describe('codes bound to the sign-in that asked for them', () => {
  it('refuses the code of pending sign-in A in pending sign-in B, and accepts it in A', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const mobile: Device = await host.twofold.createDevice({ userId: alice.id, kind: 'phone', name: 'Mobile', options: { number: '+31612345678' } });
      const a = host.browser();
      const stepA = await passwordStep(a, alice);
      assert.equal(host.gateway.outbox().length, 1, 'the code for A went out with the password');
      const codeForA = codeIn(host.gateway.outbox()[0]!);

      // B: someone else with the password, in a session of their own (no new code: the cooldown holds).
      const b = host.browser();
      const stepB = await passwordStep(b, alice);
      const refused = await b.post('/account/login', { _csrf: csrfOf(stepB), device: mobile.persistentId, token: codeForA });
      assert.equal(refused.status, 401);
      assert.deepEqual(errorsOf(refused.text), ['That code was not accepted. Check it and try again.']);
      assert.equal((await whoami(b)).user, null);

      host.clock.advance(2); // past the one-second back-off the refusal caused
      const accepted = await a.post('/account/login', { _csrf: csrfOf(stepA), device: mobile.persistentId, token: codeForA });
      assert.equal(accepted.status, 303);
      assert.equal((await whoami(a)).device, mobile.persistentId);
    }));
});
