/**
 * The guide docs/guide-express-passport.md, run: the example app it ends
 * with (examples/express-passport) signs a user in with Passport's session
 * through twofold's pages, sets up an authenticator app, and then asks for
 * the code at the next sign-in. The guide must show the example's twofold
 * code exactly, so that what a reader copies is what this test runs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type ExampleApp } from '../../examples/express-passport/app.js';
import { manualClock } from '../../src/core/clock.js';
import { browser, csrfOf, listen, type Started } from '../express/support.js';
import { codeFor, keyOf } from '../flows/account/support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SECRET = 'example-guide-secret-0123456789abcdefghij';

/** The example's marked regions, with imports written as a reader of the guide writes them. */
function markedRegions(source: string): string[] {
  const regions: string[] = [];
  const pattern = /\/\/ --- twofold: (?!end)[a-z]+ ---\n([\s\S]*?)\s*\/\/ --- twofold: end ---/g;
  for (const match of source.matchAll(pattern)) {
    const code = match[1]!
      .replace(/'\.\.\/\.\.\/src\/index\.js'/g, "'twofold'")
      .replace(/'\.\.\/\.\.\/src\/([a-z/-]+)\/index\.js'/g, "'twofold/$1'")
      .replace(/'\.\.\/\.\.\/src\/([a-z/-]+)\.js'/g, "'twofold/$1'");
    const lines = code.split('\n').filter((line) => !line.endsWith('// tests only'));
    regions.push(lines.map((line) => line.replace(/^ {2}/, '')).join('\n').trim());
  }
  return regions;
}

describe('guide: twofold in an Express app with Passport', () => {
  const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  let dir: string;
  let example: ExampleApp;
  let server: Started;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twofold-guide-'));
    example = await createApp({ databaseFile: join(dir, 'twofold.sqlite'), secrets: [SECRET], sessionSecret: 'guide-session-secret', clock: clock.now });
    server = await listen(example.app);
  });
  after(async () => {
    await server.close();
    await example.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows exactly the code the example runs', () => {
    const guide = readFileSync(join(ROOT, 'docs', 'guide-express-passport.md'), 'utf8');
    const source = readFileSync(join(ROOT, 'examples', 'express-passport', 'app.ts'), 'utf8');
    const regions = markedRegions(source);
    assert.equal(regions.length, 4, 'imports, setup, mount and guard');
    for (const region of regions) {
      assert.ok(guide.includes(region), `the guide does not show this code of the example:\n${region}`);
    }
  });

  it('signs in with the password alone until a device is set up, then asks for the code', async () => {
    const b = browser(server.url);
    const refused = await b.get('/dashboard');
    assert.equal(refused.status, 302);
    assert.equal(refused.location, '/account/login?next=%2Fdashboard');

    const login = await b.get(refused.location);
    assert.equal(login.status, 200);
    const wrong = await b.post('/account/login', { _csrf: csrfOf(login), username: 'alice', password: 'wrong', next: '/dashboard' });
    assert.equal(wrong.status, 401);
    const signedIn = await b.post('/account/login', { _csrf: csrfOf(wrong), username: 'alice', password: 'correct horse battery staple', next: '/dashboard' });
    assert.equal(signedIn.status, 303, 'no device yet: the password is enough');
    assert.equal(signedIn.location, '/dashboard');
    assert.equal((await b.get('/dashboard')).text, 'Dashboard of alice');
    assert.match((await b.get('/')).text, /Hello alice/, 'Passport knows the user (req.user)');

    const welcome = await b.get('/account/setup');
    assert.equal((await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' })).status, 303);
    const keyPage = await b.get('/account/setup');
    const key = keyOf(keyPage);
    const done = await b.post('/account/setup', { _csrf: csrfOf(keyPage), action: 'confirm', name: 'Phone', token: codeFor(key, clock) });
    assert.equal(done.status, 303);
    assert.match((await b.get('/account/profile')).text, /Phone/);

    const logoutPage = await b.get('/account/logout');
    assert.equal((await b.post('/account/logout', { _csrf: csrfOf(logoutPage) })).status, 303);
    assert.equal((await b.get('/dashboard')).status, 302, 'signed out');

    clock.advance(30);
    const again = await b.get('/account/login?next=%2Fdashboard');
    const tokenStep = await b.post('/account/login', { _csrf: csrfOf(again), username: 'alice', password: 'correct horse battery staple', next: '/dashboard' });
    assert.equal(tokenStep.status, 200, `now the code is asked for: ${tokenStep.text.slice(0, 2000)}`);
    assert.match(tokenStep.text, /autocomplete="one-time-code"/);
    assert.equal((await b.get('/dashboard')).status, 302, 'not signed in between the password and the code');
    const verified = await b.post('/account/login', { _csrf: csrfOf(tokenStep), token: codeFor(key, clock), next: '/dashboard' });
    assert.equal(verified.status, 303);
    assert.equal(verified.location, '/dashboard');
    assert.equal((await b.get('/dashboard')).text, 'Dashboard of alice');
  });
});
