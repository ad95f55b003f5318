/**
 * Issue 9, item 1, end to end over HTTP: password plus one backup code is a
 * recovery path (the account pages count the backup code as a recent
 * verification), so backup codes are recovery-sized: 80 bits, shown in four
 * groups of four, typed in any spelling. Codes of the earlier 10-character
 * format keep working.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addBackupCode, issueBackupCodes } from '../../../src/devices/backup-codes/manage.js';
import { addTotp, csrfOf, passwordStep, whoami, withFlowHost, type FlowBrowser, type FlowUser } from './support.js';

const NEW_FORMAT = /^[0-9a-hjkmnp-tv-z]{4}(?:-[0-9a-hjkmnp-tv-z]{4}){3}$/;

async function signInWithBackupCode(b: FlowBrowser, user: FlowUser, typed: string): Promise<number> {
  await passwordStep(b, user);
  const page = await b.get('/account/login/backup');
  assert.equal(page.status, 200);
  const answer = await b.post('/account/login/backup', { _csrf: csrfOf(page), token: typed });
  // Accepted: 303 to the page that says how many codes are left (followed, as a browser does).
  return (answer.via ?? answer).status;
}

function codesOf(html: string): string[] {
  return [...html.matchAll(/<li><code>([^<]*)<\/code><\/li>/g)].map((m) => m[1]!);
}

describe('recovery with password and one backup code', () => {
  it('signs in with a new-format code typed loosely, then issues a new set and turns 2FA off', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Lost phone', 1);
      host.clock.advance(1);
      const { codes } = await issueBackupCodes(host.twofold, alice.id);
      for (const code of codes) assert.match(code, NEW_FORMAT);

      // Upper case, spaces instead of dashes, and Crockford's look-alikes typed for 0 and 1.
      const typed = codes[0]!.toUpperCase().replaceAll('-', ' ').replaceAll('0', 'O').replaceAll('1', 'I');
      const b = host.browser();
      assert.equal(await signInWithBackupCode(b, alice, typed), 303);
      assert.equal((await whoami(b)).user, alice.id);

      // The account pages take it as a recent verification: a new set of codes, at once.
      const profile = await b.get('/account/profile');
      assert.equal(profile.status, 200);
      assert.match(profile.text, /You have 9 unused backup codes left\./);
      const codesPage = await b.get('/account/backup-codes');
      assert.equal(codesPage.status, 200);
      // Nine codes are still unused, so the page asks before replacing them.
      const asked = await b.post('/account/backup-codes', { _csrf: csrfOf(codesPage) });
      assert.match(asked.text, /The 9 backup codes you have now stop working at once/);
      const issued = await b.post('/account/backup-codes', { _csrf: csrfOf(asked), confirm: 'yes' });
      assert.equal(issued.status, 200);
      const fresh = codesOf(issued.text);
      assert.equal(fresh.length, 10);
      for (const code of fresh) assert.match(code, NEW_FORMAT);
      assert.equal((await host.twofold.matchToken(alice.id, codes[1]!)).ok, false, 'the old set is gone');

      // And it can turn two-factor off.
      const disable = await b.get('/account/disable');
      assert.equal(disable.status, 200);
      const off = await b.post('/account/disable', { _csrf: csrfOf(disable), understand: 'yes' });
      assert.equal(off.status, 303);
      assert.deepEqual(await host.twofold.listDevices(alice.id), []);
    }));

  it('refuses the same code twice and a code that differs in one character', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      const { codes } = await issueBackupCodes(host.twofold, alice.id, { count: 2 });
      assert.equal(await signInWithBackupCode(host.browser(), alice, codes[0]!), 303);
      host.clock.advance(5);
      assert.equal(await signInWithBackupCode(host.browser(), alice, codes[0]!), 401);
      host.clock.advance(5);
      const last = codes[1]!.at(-1) === 'z' ? 'y' : 'z';
      assert.equal(await signInWithBackupCode(host.browser(), alice, `${codes[1]!.slice(0, -1)}${last}`), 401);
    }));

  it('still accepts a code of the earlier 10-character format', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Phone', 1);
      const { code } = await addBackupCode(host.twofold, alice.id, 'k7m2p-9qxa4');
      const b = host.browser();
      assert.equal(await signInWithBackupCode(b, alice, code.toUpperCase()), 303);
      assert.equal((await whoami(b)).user, alice.id);
    }));
});
