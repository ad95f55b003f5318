/**
 * The step-up page on the lower-level Express factory, with a device that
 * sends its codes: only the devices that can meet the requirement are
 * offered, "Send me a code" sends one (Post/Redirect/Get), failures are
 * throttled, and the right code leads back to `next`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, deviceOptions, errorsOf, noticesOf, totpCode } from '../../express/support.js';
import { defineRequirement } from '../../../src/web/step-up/index.js';
import { passwordStep, withFlowHost } from '../login/support.js';

const PAGER = defineRequirement('pager', { factor: 'second-factor', kinds: ['sent'], within: 300 });
const SEED = 31;

describe('the step-up page with a device that sends codes', () => {
  it('offers only the pager, sends it a code, throttles wrong codes and returns to next', () =>
    withFlowHost({ twofold: { requirements: [PAGER] } }, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', SEED);
      const pager = await host.twofold.createDevice({ userId: alice.id, kind: 'sent', name: 'Alice pager' });
      const heard: string[] = [];
      host.otp.on('stepUpSatisfied', ({ requirement, device }) => void heard.push(`satisfied ${requirement} ${device?.name ?? 'password'}`));
      host.otp.on('stepUpRefused', ({ requirement, reason }) => void heard.push(`refused ${requirement} ${reason}`));

      host.clock.advance(30);
      const b = host.browser();
      const step = await passwordStep(b, alice, '/secret');
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), device: phone.persistentId, token: totpCode(host.clock, SEED), next: '/secret' })).status, 303);

      // The sign-in may have sent the pager a code (when it came first): past its cooldown.
      host.clock.advance(61);
      const sentBefore = host.sent.length;
      const page = await b.get('/account/step-up?requirement=pager&next=%2Fsecret');
      assert.equal(page.status, 200);
      assert.deepEqual(deviceOptions(page.text), [[pager.persistentId, 'Alice pager', true]], 'the TOTP app cannot meet a rule for the pager');
      assert.match(page.text, /value="challenge"/, 'the pager sends codes');

      const sent = await b.post('/account/step-up', { _csrf: csrfOf(page), requirement: 'pager', next: '/secret', device: pager.persistentId, action: 'challenge' });
      assert.equal(sent.via?.status, 303, 'Post/Redirect/Get');
      assert.equal(sent.status, 200);
      assert.equal(host.sent.length, sentBefore + 1);
      assert.equal(noticesOf(sent.text).length, 1, 'where the code went');
      const code = host.sent.at(-1)!;

      const wrong = code === '000000' ? '111111' : '000000';
      const refused = await b.post('/account/step-up', { _csrf: csrfOf(sent), requirement: 'pager', next: '/secret', device: pager.persistentId, token: wrong });
      assert.deepEqual(errorsOf(refused.text), ['That code was not accepted. Check it and try again.']);
      const throttled = await b.post('/account/step-up', { _csrf: csrfOf(refused), requirement: 'pager', next: '/secret', device: pager.persistentId, token: code });
      assert.match(errorsOf(throttled.text)[0] ?? '', /^Verification is paused after 1 failed attempt/);
      assert.deepEqual(heard, ['refused pager invalid-token', 'refused pager throttled']);

      host.clock.advance(2);
      const done = await b.post('/account/step-up', { _csrf: csrfOf(throttled), requirement: 'pager', next: '/secret', device: pager.persistentId, token: code });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/secret');
      assert.equal(heard.at(-1), 'satisfied pager Alice pager');
      assert.equal((await b.get('/account/step-up?requirement=pager&next=%2Fsecret')).location, '/secret');
    }));
});
