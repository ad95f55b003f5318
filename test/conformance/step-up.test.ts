/**
 * The step-up guards and page, the same cases against the Express and the
 * Hono host (hosts.ts): routes asking for a second factor within 12 hours,
 * within 5 minutes, a security key nobody has, and the password; the JSON
 * guard; open redirects; a refused form post.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, browser, csrfOf, deviceOptions, errorsOf, noticesOf, totpCode, type Browser, type Page } from '../express/support.js';
import { EXPRESS, HONO, member, signInWithTotp, type ConformanceHost, type Framework, type Member } from './hosts.js';

const FRAMEWORKS: readonly Framework[] = [EXPRESS, HONO];
const ALICE_SEED = 21;
const RESUBMIT_NOTICE = 'What you sent was not saved. Once you have confirmed it is you, you will be back on the page: submit the form again.';

for (const framework of FRAMEWORKS) {
  describe(`step-up: ${framework.name}`, () => {
    let host: ConformanceHost;
    before(async () => {
      host = await framework.start();
      await addTotp(host.twofold, member('alice').id, 'Alice phone', ALICE_SEED);
    });
    after(() => host.close());

    const signIn = (who: Member): Promise<Browser> => signInWithTotp(host, who, ALICE_SEED);

    /** Enters the current code on a step-up page; returns the answer to the POST. */
    async function enterCode(b: Browser, page: Page, token = totpCode(host.clock, ALICE_SEED)): Promise<Page> {
      const [device] = deviceOptions(page.text)[0]!;
      return b.post('/account/step-up', {
        _csrf: csrfOf(page),
        requirement: /name="requirement" value="([^"]+)"/.exec(page.text)![1],
        next: /name="next" value="([^"]+)"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&'),
        resubmit: page.text.includes('name="resubmit"') ? '1' : undefined,
        device,
        token,
      });
    }

    it('lets a TOTP-verified user through a 12-hour route, asks for a fresh code on a 5-minute one, and comes back', async () => {
      const b = await signIn(member('alice'));
      host.stepUps.length = 0;
      assert.equal((await b.get('/reports')).text, 'reports');
      assert.equal((await b.get('/transfer')).text, 'transfer form', 'the code of the sign-in is recent');

      host.clock.advance(301);
      assert.equal((await b.get('/reports')).status, 200, 'still within 12 hours');
      const refused = await b.get('/transfer');
      assert.equal(refused.status, 302);
      assert.equal(refused.location, '/account/step-up?requirement=recent&next=%2Ftransfer');
      assert.deepEqual(host.stepUps, [{ event: 'stepUpRequested', requirement: 'recent' }]);

      const page = await b.get(refused.location);
      assert.equal(page.status, 200);
      assert.deepEqual(deviceOptions(page.text).map(([, name]) => name), ['Alice phone']);
      assert.match(page.text, /A code from one of these devices, entered in the last 5 minutes: Alice phone\./);
      const done = await enterCode(b, page);
      assert.equal(done.status, 303);
      assert.equal(done.location, '/transfer');
      assert.equal((await b.get('/transfer')).text, 'transfer form');
      assert.deepEqual(host.stepUps.at(-1), { event: 'stepUpSatisfied', requirement: 'recent' });
      assert.equal((await b.get(refused.location)).location, '/transfer', 'already satisfied: straight back');
    });

    it('is written in the language the browser asks for', async () => {
      const b = await signIn(member('alice'));
      host.clock.advance(301);
      const page = await b.get('/account/step-up?requirement=recent&next=%2Ftransfer', { 'accept-language': 'nl' });
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1>Bevestig dat jij het bent<\/h1>/);
      assert.match(page.text, /ingevoerd in de afgelopen 5 minuten: Alice phone/);
    });

    it('refuses a wrong code on the step-up page and keeps asking', async () => {
      const b = await signIn(member('alice'));
      host.clock.advance(301);
      const page = await b.get((await b.get('/transfer')).location!);
      const right = totpCode(host.clock, ALICE_SEED);
      const wrong = await enterCode(b, page, right === '000000' ? '111111' : '000000');
      assert.equal(wrong.via?.status, 303, 'Post/Redirect/Get');
      assert.equal(wrong.status, 200);
      assert.deepEqual(errorsOf(wrong.text), ['That code was not accepted. Check it and try again.']);
      assert.deepEqual(host.stepUps.at(-1), { event: 'stepUpRefused', requirement: 'recent', reason: 'invalid-token' });
      assert.equal((await b.get('/transfer')).status, 302);
    });

    it('answers the JSON guard with 401, then 403 and the ways, then lets the request through', async () => {
      const anonymous = await browser(host.url).get('/api/transfer');
      assert.equal(anonymous.status, 401);
      assert.deepEqual(JSON.parse(anonymous.text), { error: 'login_required' });

      const b = await signIn(member('alice'));
      assert.equal((await b.get('/api/transfer')).status, 200);
      host.clock.advance(301);
      const refused = await b.get('/api/transfer');
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('cache-control'), 'no-store');
      const body = JSON.parse(refused.text) as { error: string; requirement: string; ways: { possible: boolean; factors: { factor: string; within: number; devices: { name: string; kind: string }[] }[] }[] };
      assert.equal(body.error, 'step_up_required');
      assert.equal(body.requirement, 'recent');
      assert.equal(body.ways.length, 1);
      assert.equal(body.ways[0]!.possible, true);
      assert.deepEqual(body.ways[0]!.factors.map((factor) => [factor.factor, factor.within, factor.devices.map((device) => device.name)]), [['second-factor', 300, ['Alice phone']]]);
      assert.deepEqual(host.stepUps.at(-1), { event: 'stepUpRequested', requirement: 'recent' });
    });

    it('keeps next local, whatever is put in it', async () => {
      const b = await signIn(member('alice'));
      host.clock.advance(301);
      const evil = ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'https:evil.example', '/%2F/evil.example', 'javascript:alert(1)'];
      const page = await b.get(`/account/step-up?requirement=recent&next=${encodeURIComponent(evil[0]!)}`);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.text, /evil\.example/, 'an unsafe next is not carried in the form');
      const done = await enterCode(b, page);
      assert.equal(done.location, '/');
      for (const next of evil) {
        const straight = await b.get(`/account/step-up?requirement=recent&next=${encodeURIComponent(next)}`);
        assert.equal(straight.status, 303, next);
        assert.equal(straight.location, '/', next);
      }
      host.clock.advance(301);
      const posted = await b.post('/transfer', { amount: '5' }, { referer: 'https://evil.example/transfer' });
      assert.equal(posted.status, 303);
      assert.equal(posted.location, '/account/step-up?requirement=recent&next=%2F&resubmit=1', 'a foreign Referer is not a place to return to');
    });

    it('tells the user to submit a refused form again, and brings them back to its page', async () => {
      const b = await signIn(member('alice'));
      host.clock.advance(301);
      const posted = await b.post('/transfer', { amount: '5' }, { referer: `${host.url}/transfer?amount=5` });
      assert.equal(posted.status, 303);
      assert.equal(posted.location, '/account/step-up?requirement=recent&next=%2Ftransfer%3Famount%3D5&resubmit=1');
      const page = await b.get(posted.location);
      assert.deepEqual(noticesOf(page.text), [RESUBMIT_NOTICE]);
      const done = await enterCode(b, page);
      assert.equal(done.location, '/transfer?amount=5');
      assert.equal((await b.post('/transfer', { amount: '5' })).text, 'transferred');
    });

    it('offers nothing it cannot accept: no device for a security key; the password only where it is named', async () => {
      const b = await signIn(member('alice'));
      const keys = await b.get('/keys');
      assert.equal(keys.location, '/account/step-up?requirement=key-only&next=%2Fkeys');
      const page = await b.get(keys.location);
      assert.equal(page.status, 200);
      assert.deepEqual(deviceOptions(page.text), [], 'a TOTP app cannot stand in for a security key');
      assert.match(page.text, /None of your devices can confirm this/);
      assert.match(page.text, /href="\/account\/profile"/);
      assert.deepEqual(host.stepUps.at(-1), { event: 'stepUpRefused', requirement: 'key-only', reason: 'no-device' });

      assert.equal((await b.get('/profile-email')).text, 'email', 'the password of the sign-in is recent');
      host.clock.advance(901);
      const password = await b.get((await b.get('/profile-email')).location!);
      assert.deepEqual(deviceOptions(password.text), [], 'the password is asked first; the code of the sign-in still counts');
      assert.match(password.text, /type="password"/, 'the requirement names the password: the page asks for it');
    });

    it('sends anonymous visitors to sign in, and refuses unknown requirements and devices', async () => {
      const anonymous = browser(host.url);
      const refused = await anonymous.get('/transfer?x=1');
      assert.equal(refused.status, 302);
      assert.equal(refused.location, '/account/login?next=%2Ftransfer%3Fx%3D1');
      const page = await anonymous.get('/account/step-up?requirement=recent&next=%2Ftransfer');
      assert.equal(page.status, 303);
      assert.match(page.location ?? '', /^\/account\/login\?next=%2Faccount%2Fstep-up%3Frequirement%3Drecent%26next%3D%252Ftransfer/);

      const b = await signIn(member('alice'));
      assert.equal((await b.get('/account/step-up?requirement=nope')).status, 404);
      host.clock.advance(301);
      const step = await b.get('/account/step-up?requirement=recent');
      const foreign = await b.post('/account/step-up', { _csrf: csrfOf(step), requirement: 'recent', device: 'totp/not-hers', token: totpCode(host.clock, ALICE_SEED) });
      assert.deepEqual(errorsOf(foreign.text), ['That device cannot confirm this. Choose one of the devices listed.']);
      const noCsrf = await b.post('/account/step-up', { requirement: 'recent', device: deviceOptions(step.text)[0]![0], token: totpCode(host.clock, ALICE_SEED) });
      assert.equal(noCsrf.status, 403);
      assert.equal((await b.get('/transfer')).status, 302, 'nothing was verified');
    });
  });
}
