/**
 * The flows' own requirements, against the Express and the Hono host: the
 * account's "turn off" given a requirement of the host's (the password and a
 * code within 5 minutes, met on the step-up page, which serves it without
 * being told), the other account actions keeping the default, and the
 * admin's freshness (a second factor within the hour by default).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, deviceOptions, totpCode, type Browser, type Page } from '../express/support.js';
import { EXPRESS, HONO, hiddenValue, member, signInWithTotp, type ConformanceHost, type Framework, type Member } from './hosts.js';

const FRAMEWORKS: readonly Framework[] = [EXPRESS, HONO];
const SEEDS: Readonly<Record<string, number>> = { alice: 31, root: 32 };

for (const framework of FRAMEWORKS) {
  describe(`the flows' requirements: ${framework.name}`, () => {
    let host: ConformanceHost;
    before(async () => {
      host = await framework.start();
      for (const [username, seed] of Object.entries(SEEDS)) await addTotp(host.twofold, member(username).id, `${username} phone`, seed);
    });
    after(() => host.close());

    const signIn = (who: Member): Promise<Browser> => signInWithTotp(host, who, SEEDS[who.username]!);

    function stepUpPost(b: Browser, page: Page, fields: Readonly<Record<string, string>>): Promise<Page> {
      return b.post('/account/step-up', { _csrf: csrfOf(page), requirement: hiddenValue(page, 'requirement'), next: hiddenValue(page, 'next'), ...fields });
    }

    it("asks for the host's requirement before turning two-factor off, on the step-up page; the other actions keep the default", async () => {
      const alice = member('alice');
      const b = await signIn(alice);
      assert.equal((await b.get('/account/disable')).status, 200, 'the password and the code of the sign-in are recent');
      host.clock.advance(301);
      assert.equal((await b.get('/account/setup')).status, 200, 'adding a device keeps the default: a code within 15 minutes');
      const refused = await b.get('/account/disable');
      assert.equal(refused.status, 303);
      assert.equal(refused.location, '/account/step-up?requirement=account-disable&next=%2Faccount%2Fdisable');

      const profile = await b.get('/account/profile');
      const api = await b.json('/account/api/disable', {}, { 'x-csrf-token': csrfOf(profile) });
      assert.equal(api.status, 403);
      const body = JSON.parse(api.text) as { error: string; requirement: string; maxAgeSeconds?: number };
      assert.equal(body.error, 'reauthentication_required');
      assert.equal(body.requirement, 'account-disable');
      assert.equal(body.maxAgeSeconds, undefined, "a requirement of the host's is named, not reduced to an age");

      const page = await b.get(refused.location);
      assert.equal(page.status, 200, 'the step-up page serves the account requirement without it being listed');
      assert.match(page.text, /type="password"/);
      const codeStep = await stepUpPost(b, page, { action: 'password', password: alice.password });
      assert.equal(codeStep.via?.status, 303, 'the password alone is not enough: back to the page for the code');
      assert.doesNotMatch(codeStep.text, /type="password"/, 'the password is not asked twice');
      const [device] = deviceOptions(codeStep.text)[0]!;
      const done = await stepUpPost(b, codeStep, { device, token: totpCode(host.clock, SEEDS.alice!) });
      assert.equal(done.location, '/account/disable');
      assert.equal((await b.get('/account/disable')).status, 200);
    });

    it('asks staff for a second factor again after an hour before the admin opens', async () => {
      const b = await signIn(member('root'));
      assert.equal((await b.get('/admin')).status, 200);
      // Active staff (the idle limit is 30 minutes): the hour counts from the code, not from the last page.
      host.clock.advance(1200);
      assert.equal((await b.get('/admin')).status, 200);
      host.clock.advance(1200);
      assert.equal((await b.get('/admin')).status, 200);
      host.clock.advance(1200);
      const refused = await b.get('/admin');
      assert.equal(refused.status, 302);
      assert.equal(refused.location, '/account/step-up?requirement=admin&next=%2Fadmin');
      assert.equal((await b.get('/whoami')).text, JSON.stringify({ verified: true }), 'still verified: only the admin asks again');
      const page = await b.get(refused.location);
      assert.match(page.text, /entered in the last 1 hour: root phone/);
      const [device] = deviceOptions(page.text)[0]!;
      const done = await stepUpPost(b, page, { device, token: totpCode(host.clock, SEEDS.root!) });
      assert.equal(done.location, '/admin');
      assert.equal((await b.get('/admin')).status, 200);
    });
  });
}
