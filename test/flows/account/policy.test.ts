/**
 * The enforcement policy and the setup wizard together: a user the host
 * requires to use two-factor authentication signs in with the password,
 * is sent through setup, and lands on the page they asked for, verified.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csrfOf, startHost, user, type Host } from '../../express/support.js';
import { codeFor, keyOf } from './support.js';

describe('setup required by the policy', () => {
  let host: Host;
  before(async () => {
    host = await startHost({ twofold: { requireTwoFactor: (account) => account.id === user('carol').id } });
  });
  after(async () => {
    await host.close();
  });

  it('takes the user from the password through setup to the page they asked for', async () => {
    const b = host.browser();
    const refused = await b.get('/secret');
    assert.equal(refused.status, 302);
    const login = await b.get(refused.location ?? '');
    const signedIn = await b.post('/account/login', {
      _csrf: csrfOf(login),
      username: 'carol',
      password: user('carol').password,
      next: '/secret',
    });
    assert.equal(signedIn.status, 303, signedIn.text);
    assert.equal(signedIn.location, '/account/setup?next=%2Fsecret');
    assert.equal((await b.get('/secret')).status, 302, 'no page before setup');

    const welcome = await b.get(signedIn.location);
    assert.equal(welcome.status, 200);
    await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp', next: '/secret' });
    const keyPage = await b.get('/account/setup');
    const done = await b.post('/account/setup', { _csrf: csrfOf(keyPage), action: 'confirm', name: 'Phone', token: codeFor(keyOf(keyPage), host.clock) });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/secret');
    assert.equal((await b.get('/secret')).text, 'secret page');
  });
});
