/**
 * The step-up page asking for the password (only when the requirement names
 * it), throttled per user, and "lock" dropping the elevation while keeping
 * the sign-in: the same cases against the Express and the Hono host.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, deviceOptions, errorsOf, type Browser, type Page } from '../express/support.js';
import { STEP_UP_PASSWORD_LIMITS } from '../../src/flows/step-up/index.js';
import { EXPRESS, HONO, hiddenValue, member, signInWithTotp, type ConformanceHost, type Framework, type Member } from './hosts.js';

const FRAMEWORKS: readonly Framework[] = [EXPRESS, HONO];
const SEEDS: Readonly<Record<string, number>> = { alice: 23, root: 24 };

/** The session cookie's value, whatever the framework calls it. */
function sessionCookies(b: Browser): string {
  return [...b.cookies()].map(([name, value]) => `${name}=${value}`).sort().join('; ');
}

for (const framework of FRAMEWORKS) {
  describe(`step-up password and lock: ${framework.name}`, () => {
    let host: ConformanceHost;
    before(async () => {
      host = await framework.start();
      await addTotp(host.twofold, member('alice').id, 'Alice phone', SEEDS.alice!);
      await addTotp(host.twofold, member('root').id, 'Root phone', SEEDS.root!);
    });
    after(() => host.close());

    const signIn = (who: Member): Promise<Browser> => signInWithTotp(host, who, SEEDS[who.username]!);

    function postPassword(b: Browser, page: Page, password: string): Promise<Page> {
      return b.post('/account/step-up', {
        _csrf: csrfOf(page),
        requirement: hiddenValue(page, 'requirement'),
        next: hiddenValue(page, 'next'),
        action: 'password',
        password,
      });
    }

    it('asks for the password only when the requirement names it, records it, rotates the session and goes back', async () => {
      const alice = member('alice');
      const b = await signIn(alice);
      host.clock.advance(901);
      const codeOnly = await b.get((await b.get('/transfer')).location!);
      assert.doesNotMatch(codeOnly.text, /type="password"/, 'a requirement without the password never shows the password step');
      const smuggled = await postPassword(b, codeOnly, alice.password);
      assert.equal(smuggled.via?.status, 303);
      const refused = await b.get('/profile-email');
      assert.equal(refused.status, 302, 'a password posted where none is asked for records nothing');
      assert.equal(refused.location, '/account/step-up?requirement=password-and-code&next=%2Fprofile-email');
      const page = await b.get(refused.location);
      assert.match(page.text, /<input id="tf-password" name="password" type="password" autocomplete="current-password"/);
      assert.match(page.text, /name="username" value="alice" autocomplete="username" hidden/);
      assert.deepEqual(deviceOptions(page.text), [], 'the password first: the code of the sign-in still counts for the other rule');
      assert.doesNotMatch(page.text, /Sign out, then sign in again/);

      const wrong = await postPassword(b, page, 'not-her-password');
      assert.equal(wrong.via?.status, 303, 'Post/Redirect/Get');
      assert.deepEqual(errorsOf(wrong.text), ['That password is not right. Check it (it is case-sensitive) and try again.']);
      assert.match(wrong.text, /aria-invalid="true"/);
      assert.deepEqual(host.stepUps.at(-1), { event: 'stepUpRefused', requirement: 'password-and-code', reason: 'invalid-password' });
      const otherAccount = await postPassword(b, wrong, member('carol').password);
      assert.deepEqual(errorsOf(otherAccount.text), ['That password is not right. Check it (it is case-sensitive) and try again.'], "another account's password is a wrong one");

      const before = sessionCookies(b);
      const done = await postPassword(b, otherAccount, alice.password);
      assert.equal(done.status, 303);
      assert.equal(done.location, '/profile-email');
      assert.notEqual(sessionCookies(b), before, 'the session id rotates when the password is recorded');
      assert.deepEqual(host.stepUps.at(-1), { event: 'stepUpSatisfied', requirement: 'password-and-code' });
      assert.equal((await b.get('/profile-email')).text, 'email');
      host.clock.advance(899);
      assert.equal((await b.get('/profile-email')).text, 'email', 'within 15 minutes of the password');
      host.clock.advance(1);
      assert.equal((await b.get('/profile-email')).status, 302, 'exactly 15 minutes later it is asked again');
    });

    it('throttles password attempts per user, across sessions', async () => {
      const root = member('root');
      const first = await signIn(root);
      const b = await signIn(root);
      host.clock.advance(901);
      const elsewhere = await first.get((await first.get('/profile-email')).location!);
      const wrongElsewhere = await postPassword(first, elsewhere, 'wrong-elsewhere');
      assert.equal(errorsOf(wrongElsewhere.text).length, 1);
      const page = await b.get((await b.get('/profile-email')).location!);
      assert.match(page.text, /type="password"/);
      const limit = STEP_UP_PASSWORD_LIMITS[0]!.limit;
      let last = page;
      for (let attempt = 1; attempt < limit; attempt += 1) last = await postPassword(b, last, `wrong-${attempt}`);
      const throttled = await postPassword(b, last, root.password);
      assert.match(errorsOf(throttled.text)[0] ?? '', /^Too many passwords were tried\. You can try again /);
      assert.deepEqual(host.stepUps.at(-1), { event: 'stepUpRefused', requirement: 'password-and-code', reason: 'throttled' });
      assert.equal((await b.get('/profile-email')).status, 302, 'the right password was not even checked');
      host.clock.advance(15 * 60);
      const done = await postPassword(b, throttled, root.password);
      assert.equal(done.location, '/profile-email', 'the window passed');
    });

    it('locks: the elevation goes, the sign-in stays, the session id rotates', async () => {
      const b = await signIn(member('alice'));
      assert.equal((await b.get('/transfer')).text, 'transfer form');
      const profile = await b.get('/account/profile');
      assert.match(profile.text, /<form method="post" action="\/account\/step-up\/lock">/);
      assert.equal((await b.post('/account/step-up/lock', {})).status, 403, 'no CSRF token, no lock');
      assert.equal((await b.get('/transfer')).text, 'transfer form');

      const before = sessionCookies(b);
      const locked = await b.post('/account/step-up/lock', { _csrf: csrfOf(profile) });
      assert.equal(locked.status, 303);
      assert.equal(locked.location, '/');
      assert.notEqual(sessionCookies(b), before);
      assert.equal((await b.get('/whoami')).text, JSON.stringify({ verified: false }), 'still signed in, no longer verified');
      assert.equal((await b.get('/transfer')).location, '/account/step-up?requirement=recent&next=%2Ftransfer');
      assert.equal((await b.get('/reports')).location, '/account/step-up?requirement=daily&next=%2Freports', 'even the 12-hour page asks again');
    });
  });
}
