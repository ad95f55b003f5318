/**
 * The demo's "Change password" page (`examples/demo/password.ts`) over HTTP:
 * who may open it, CSRF, the rules and the error summary, and what a change
 * does to sessions and to "remember this browser".
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createDemoApp, type DemoApp } from '../../examples/demo/app.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordChangeProblems, type PasswordChangeInput } from '../../examples/demo/password.js';
import { manualClock, type ManualClock } from '../../src/core/clock.js';
import { listRememberedBrowsers } from '../../src/flows/remember/index.js';
import { generateTOTP } from '../../src/oath/index.js';
import { browser, csrfOf, errorsOf, inputValue, noticesOf, type Browser, type Page } from '../express/support.js';

const quiet = { warn: () => undefined, error: (message: string) => console.error(message) };
const SESSION_COOKIE = 'twofold_demo_sid';
const TOTP_KEY = new Uint8Array(Buffer.alloc(20, 7));

interface Running {
  readonly demo: DemoApp;
  readonly url: string;
  readonly clock: ManualClock;
  readonly dataDir: string;
}

let running: Running | null = null;

function demo(): Running {
  assert.ok(running !== null, 'the demo did not start');
  return running;
}

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'twofold-demo-password-'));
  // On a TOTP step boundary, so that advancing 30 s is exactly the next code.
  const clock = manualClock(Date.UTC(2026, 2, 1, 9, 0, 0));
  const app = await createDemoApp({ dataDir, clock: clock.now, env: {}, logger: quiet });
  running = { demo: app, url: await app.listen(0), clock, dataDir };
});

after(async () => {
  if (running === null) return;
  await running.demo.close();
  rmSync(running.dataDir, { recursive: true, force: true });
  running = null;
});

function passwordOf(username: string): string {
  const seed = demo().demo.seedUsers.find((candidate) => candidate.username === username);
  assert.ok(seed !== undefined, `the demo seeds ${username}`);
  return seed.password;
}

/** The password step; follows the redirect to the next step, if any. */
async function passwordStep(client: Browser, username: string, password: string): Promise<Page> {
  const form = await client.get('/login');
  const answer = await client.post('/login', { _csrf: csrfOf(form), username, password });
  return answer.status === 303 && answer.location?.startsWith('/login') === true ? client.get(answer.location) : answer;
}

/** Signs in a user without a device (the password alone). */
async function signInWithPassword(username: string, password = passwordOf(username)): Promise<Browser> {
  const client = browser(demo().url);
  const answer = await passwordStep(client, username, password);
  assert.equal(answer.status, 303, `${username} is signed in by the password alone`);
  assert.equal(answer.location, '/');
  return client;
}

function code(offsetSteps = 0): string {
  return generateTOTP(TOTP_KEY, { time: demo().clock.now() / 1000 + offsetSteps * 30 });
}

async function changePassword(client: Browser, fields: Readonly<Record<string, string>>): Promise<Page> {
  const form = await client.get('/password');
  assert.equal(form.status, 200);
  return client.post('/password', { _csrf: csrfOf(form), ...fields });
}

describe('the demo\'s change-password rules', () => {
  const valid: PasswordChangeInput = {
    username: 'bob',
    current: 'bob-demo-password',
    next: 'purple tractor sings',
    confirmation: 'purple tractor sings',
    currentIsRight: true,
  };
  const problems = (change: Partial<PasswordChangeInput>) => passwordChangeProblems({ ...valid, ...change }).map((p) => `${p.field}: ${p.text}`);

  it('accepts a right current password and a new one typed twice', () => {
    assert.deepEqual(problems({}), []);
  });

  it('names every field that is wrong, once each, in the order of the form', () => {
    assert.deepEqual(problems({ current: '', next: '', confirmation: '' }), [
      'current: Enter your current password.',
      'new: Enter a new password.',
      'confirm: Enter the new password a second time.',
    ]);
    assert.deepEqual(problems({ currentIsRight: false, next: 'short', confirmation: 'shorter' }), [
      'current: Your current password is not right.',
      'new: Your new password needs at least 8 characters.',
      'confirm: The two new passwords are not the same.',
    ]);
  });

  it('counts characters as a person does, and stops where the sign-in form stops', () => {
    assert.equal(PASSWORD_MIN_LENGTH, 8);
    assert.deepEqual(problems({ next: '1234567', confirmation: '1234567' }), ['new: Your new password needs at least 8 characters.']);
    assert.deepEqual(problems({ next: '12345678', confirmation: '12345678' }), []);
    // Seven accented letters written as letter + combining accent: 14 code units, 7 characters.
    const accented = 'e\u0301'.repeat(7);
    assert.deepEqual(problems({ next: accented, confirmation: accented }), ['new: Your new password needs at least 8 characters.']);
    const longest = 'x'.repeat(PASSWORD_MAX_LENGTH);
    assert.deepEqual(problems({ next: longest, confirmation: longest }), []);
    assert.deepEqual(problems({ next: `${longest}x`, confirmation: `${longest}x` }), ['new: Your new password can have at most 1024 characters.']);
  });

  it('refuses the username (in any case) and the current password as the new one', () => {
    assert.deepEqual(problems({ username: 'carol-smith', next: 'Carol-Smith', confirmation: 'Carol-Smith' }), [
      'new: Your new password must not be your username.',
    ]);
    assert.deepEqual(problems({ next: valid.current, confirmation: valid.current }), ['new: Your new password must differ from the current one.']);
  });
});

describe('the demo\'s change-password page', () => {
  it('sends anonymous visitors to the sign-in page and back, and is linked from home and the profile', async () => {
    const anonymous = browser(demo().url);
    const page = await anonymous.get('/password');
    assert.equal(page.status, 302);
    assert.equal(page.location, '/login?next=%2Fpassword');
    assert.equal((await anonymous.post('/password', { current_password: 'x' })).status, 302);

    const client = await signInWithPassword('bob');
    assert.match((await client.get('/')).text, /<a href="\/password">Change password/);
    assert.match((await client.get('/profile')).text, /<nav class="demo-nav"[\s\S]*<a href="\/password">Change password/);
  });

  it('labels every field, asks browsers for the right autofill, and carries the CSRF token', async () => {
    const client = await signInWithPassword('bob');
    const page = await client.get('/password');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.match(page.text, /<title>Change password<\/title>/);
    for (const [id, name, autocomplete] of [
      ['demo-current-password', 'current_password', 'current-password'],
      ['demo-new-password', 'new_password', 'new-password'],
      ['demo-confirm-password', 'confirm_password', 'new-password'],
    ] as const) {
      assert.match(page.text, new RegExp(`<label for="${id}">`), `label of ${name}`);
      assert.match(page.text, new RegExp(`<input id="${id}" name="${name}" type="password" autocomplete="${autocomplete}"`), name);
    }
    assert.match(page.text, /<input type="text" name="username" value="bob" autocomplete="username" hidden readonly>/);
    assert.match(csrfOf(page), /^[A-Za-z0-9_-]{43}$/);
    assert.doesNotMatch(page.text, /role="alert"/);
  });

  it('refuses a post without the session\'s token, or from another site, and changes nothing', async () => {
    const client = await signInWithPassword('bob');
    const form = await client.get('/password');
    const fields = { current_password: passwordOf('bob'), new_password: 'a brand new secret', confirm_password: 'a brand new secret' };
    assert.equal((await client.post('/password', fields)).status, 403);
    assert.equal((await client.post('/password', { ...fields, _csrf: 'A'.repeat(43) })).status, 403);
    const crossSite = await client.post('/password', { ...fields, _csrf: csrfOf(form) }, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.status, 403);
    assert.match(crossSite.text, /Nothing was changed/);
    assert.equal((await demo().demo.users.verifyPassword('bob', passwordOf('bob')))?.id, 'bob', 'the password is unchanged');
  });

  it('lists every problem in a summary linking to its field, marks the fields, and never writes a password back', async () => {
    const client = await signInWithPassword('bob');
    const page = await changePassword(client, { current_password: 'not-bobs-password', new_password: 'bob', confirm_password: 'something else' });
    assert.equal(page.status, 400);
    assert.match(page.text, /<title>Error: Change password<\/title>/);
    assert.deepEqual(errorsOf(page.text), [
      'Your current password is not right.',
      'Your new password needs at least 8 characters.',
      'The two new passwords are not the same.',
    ]);
    for (const id of ['demo-current-password', 'demo-new-password', 'demo-confirm-password']) {
      assert.match(page.text, new RegExp(`<li><a href="#${id}">`), `the summary links to ${id}`);
      assert.match(page.text, new RegExp(`<span class="demo-field-error" id="${id}-error">`), `the error is next to ${id}`);
      assert.match(page.text, new RegExp(`<input id="${id}"[^>]*aria-describedby="[^"]*${id}-error"[^>]*aria-invalid="true">`), `${id} is marked`);
    }
    for (const typed of ['not-bobs-password', 'something else']) assert.ok(!page.text.includes(typed), `"${typed}" is not on the page`);
    assert.equal(inputValue(page.text, 'current_password'), undefined);
    assert.equal((await demo().demo.users.verifyPassword('bob', passwordOf('bob')))?.id, 'bob', 'the password is unchanged');

    const same = await changePassword(client, { current_password: passwordOf('bob'), new_password: passwordOf('bob'), confirm_password: passwordOf('bob') });
    assert.deepEqual(errorsOf(same.text), ['Your new password must differ from the current one.']);
  });

  it('stores a new scrypt hash, gives the session a new id, keeps the user signed in, and says so once', async () => {
    const { demo: app } = demo();
    const fingerprint = app.users.passwordFingerprint('bob');
    const bob = await signInWithPassword('bob');
    const before = bob.cookie(SESSION_COOKIE);
    const form = await bob.get('/password');
    const changed = await bob.post('/password', {
      _csrf: csrfOf(form),
      current_password: passwordOf('bob'),
      new_password: 'bob-second-password',
      confirm_password: 'bob-second-password',
    });
    assert.equal(changed.status, 303);
    assert.equal(changed.location, '/');
    assert.notEqual(bob.cookie(SESSION_COOKIE), before, 'a new session id');
    assert.notEqual(app.users.passwordFingerprint('bob'), fingerprint, 'the fingerprint of remember cookies changed');
    assert.equal(await app.users.verifyPassword('bob', passwordOf('bob')), null, 'the old password no longer works');
    assert.equal((await app.users.verifyPassword('bob', 'bob-second-password'))?.id, 'bob');
    const db = new BetterSqlite3(app.databaseFile, { readonly: true });
    try {
      const row = db.prepare<[string], { password_hash: string }>('select password_hash from demo_users where id = ?').get('bob');
      assert.match(row?.password_hash ?? '', /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/, 'a slow, salted hash');
    } finally {
      db.close();
    }

    const home = await bob.get('/');
    assert.match(home.text, /Signed in as <strong>bob<\/strong>/);
    assert.deepEqual(noticesOf(home.text), [
      'Your password is changed. Browsers remembered for two-factor sign-in will ask for a code again, and any other browser signed in as you has been signed out.',
    ]);
    assert.deepEqual(noticesOf((await bob.get('/')).text), [], 'the notice is shown once');
    const again = await bob.get('/password');
    assert.notEqual(csrfOf(again), csrfOf(form), 'the CSRF token changed with the session');
    assert.equal((await bob.post('/password', { _csrf: csrfOf(form), current_password: 'bob-second-password' })).status, 403, 'the old token is dead');
  });

  it('signs out the user\'s other browsers and forgets remembered ones; a remembered browser then asks for the code again', async () => {
    const { demo: app, clock } = demo();
    const device = await app.twofold.createDevice({ userId: 'alice', kind: 'totp', name: 'Alice’s phone', options: { key: TOTP_KEY } });

    // Browser one: password, code, "remember this browser".
    const laptop = browser(demo().url);
    const step = await passwordStep(laptop, 'alice', passwordOf('alice'));
    assert.match(step.text, /name="remember"/);
    const verified = await laptop.post('/login', { _csrf: csrfOf(step), device: device.persistentId, token: code(), remember: 'on', action: 'verify' });
    assert.equal(verified.status, 303);
    const rememberCookie = verified.headers
      .getSetCookie()
      .map((line) => line.split('=')[0]!)
      .find((name) => name.startsWith('twofold_remember_'));
    assert.ok(rememberCookie !== undefined, 'a remember cookie was set');
    assert.equal((await listRememberedBrowsers(app.twofold, 'alice')).length, 1);
    // Browser two: signed in too (by a later code); browser three: half-way through a sign-in.
    clock.advance(30);
    const phone = browser(demo().url);
    const phoneStep = await passwordStep(phone, 'alice', passwordOf('alice'));
    assert.equal((await phone.post('/login', { _csrf: csrfOf(phoneStep), device: device.persistentId, token: code(), action: 'verify' })).status, 303);
    assert.match((await phone.get('/')).text, /Signed in as <strong>alice<\/strong>/);
    const halfway = browser(demo().url);
    assert.match((await passwordStep(halfway, 'alice', passwordOf('alice'))).text, /id="tf-token"/);
    // Someone else's session is none of this change's business.
    const bystander = await signInWithPassword('bob', 'bob-second-password');

    const changed = await changePassword(laptop, {
      current_password: passwordOf('alice'),
      new_password: 'alice-second-password',
      confirm_password: 'alice-second-password',
    });
    assert.equal(changed.status, 303);
    assert.match((await laptop.get('/')).text, /Signed in as <strong>alice<\/strong>\. <span class="demo-ok">Verified<\/span>/, 'still signed in and verified');
    assert.match((await phone.get('/')).text, /You are not signed in/, 'the other browser is signed out');
    const resumed = await halfway.get('/login');
    assert.doesNotMatch(resumed.text, /id="tf-token"/, 'the sign-in in progress is gone');
    assert.match((await bystander.get('/')).text, /Signed in as <strong>bob<\/strong>/);
    assert.deepEqual(await listRememberedBrowsers(app.twofold, 'alice'), []);

    // The remember cookie is still in the laptop's jar, but it no longer skips the code.
    const signOutForm = await laptop.get('/logout');
    await laptop.post('/logout', { _csrf: csrfOf(signOutForm) });
    assert.ok(laptop.cookie(rememberCookie) !== undefined, 'the browser still holds the remember cookie');
    const again = await passwordStep(laptop, 'alice', 'alice-second-password');
    assert.equal(again.status, 200, 'the code is asked for again');
    assert.match(again.text, /id="tf-token"/);
    assert.equal(laptop.cookie(rememberCookie), undefined, 'the refused cookie was cleared');
  });

  it('ends remembered browsers through the fingerprint alone when the password changes elsewhere', async () => {
    const { demo: app, clock } = demo();
    clock.advance(30);
    const laptop = browser(demo().url);
    const step = await passwordStep(laptop, 'alice', 'alice-second-password');
    const [device] = await app.twofold.listDevices('alice', { confirmed: true });
    assert.ok(device !== undefined);
    await laptop.post('/login', { _csrf: csrfOf(step), device: device.persistentId, token: code(), remember: 'on', action: 'verify' });
    const signOut = async () => laptop.post('/logout', { _csrf: csrfOf(await laptop.get('/logout')) });
    await signOut();
    const remembered = await passwordStep(laptop, 'alice', 'alice-second-password');
    assert.equal(remembered.status, 303, 'the remembered browser skips the code');
    assert.equal(remembered.location, '/');
    await signOut();

    // As a password reset or an administrator would: only the hash changes, the records stay.
    assert.equal(await app.users.setPassword('alice', 'alice-third-password'), true);
    assert.equal((await listRememberedBrowsers(app.twofold, 'alice')).length, 1);
    const refused = await passwordStep(laptop, 'alice', 'alice-third-password');
    assert.equal(refused.status, 200);
    assert.match(refused.text, /id="tf-token"/, 'the code is asked for again');
    assert.deepEqual(await listRememberedBrowsers(app.twofold, 'alice'), [], 'the stale record was deleted on use');
    assert.equal(await app.users.setPassword('nobody', 'whatever-password'), false);
  });
});
