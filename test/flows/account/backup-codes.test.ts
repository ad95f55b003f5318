import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, startHost, totpCode, user, type Browser, type Host, type Page } from '../../express/support.js';
import { BACKUP_CODES_KIND_NAME } from '../../../src/devices/backup-codes/index.js';
import type { WebEvents } from '../../../src/flows/shared/events.js';
import { accountErrors, reauthenticate, signIn } from './support.js';

const alice = user('alice').id;

function codesOf(html: string): string[] {
  return [...html.matchAll(/<li><code>([^<]*)<\/code><\/li>/g)].map((m) => m[1]!);
}

/** Makes a new set from the backup codes page (answering "replace all?" with yes when asked); the page its redirect shows. */
async function generate(b: Browser): Promise<Page> {
  const issued = await b.post('/account/backup-codes', { _csrf: csrfOf(await b.get('/account/backup-codes')), confirm: 'yes' });
  assert.equal(issued.via?.status, 303, 'the POST redirects');
  assert.equal(issued.via.location, '/account/backup-codes');
  return issued;
}

/** "I have saved my codes". */
async function saved(b: Browser, page: Page): Promise<Page> {
  return b.post('/account/backup-codes', { _csrf: csrfOf(page), action: 'saved' });
}

describe('backup codes', () => {
  let host: Host;
  const generated: WebEvents['backupCodesGenerated'][] = [];
  before(async () => {
    host = await startHost();
    host.otp.config.events.on('backupCodesGenerated', (event) => {
      generated.push(event);
    });
  });
  after(async () => {
    await host.close();
  });

  async function verifiedAlice() {
    await addTotp(host.twofold, alice, 'Phone', 1);
    const b = await signIn(host, 'alice');
    host.clock.advance(30);
    assert.equal((await reauthenticate(b, totpCode(host.clock, 1))).status, 303);
    return b;
  }

  it('shows 10 new codes once, never cached, and only the count afterwards', async () => {
    const b = await verifiedAlice();
    const page = await b.get('/account/backup-codes');
    assert.equal(page.status, 200);
    assert.match(page.text, /You have no unused backup codes/);
    generated.length = 0;
    const issued = await b.post('/account/backup-codes', { _csrf: csrfOf(page), confirm: 'yes' });
    assert.equal(issued.via?.status, 303);
    assert.equal(issued.status, 200);
    assert.equal(issued.headers.get('cache-control'), 'no-store');
    const codes = codesOf(issued.text);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(code, /^[0-9a-hjkmnp-tv-z]{4}(?:-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    assert.doesNotMatch(issued.text, /Any backup codes you had before no longer work/, 'a first set replaces nothing');
    assert.equal(generated.length, 1, 'exactly one event');
    assert.equal(generated[0]!.user.id, alice);
    assert.equal(generated[0]!.count, 10);
    assert.equal(generated[0]!.replaced, false);
    assert.equal(generated[0]!.request.path, '/account/backup-codes');
    assert.equal(JSON.stringify(generated[0]).includes(codes[0]!), false, 'the event carries no code');

    // A reload shows the same set (and makes none); so does the same form sent again from an older tab.
    const reloaded = await b.get('/account/backup-codes');
    assert.deepEqual(codesOf(reloaded.text), codes);
    const resent = await b.post('/account/backup-codes', { _csrf: csrfOf(page), confirm: 'yes' });
    assert.deepEqual(codesOf(resent.text), codes);
    assert.equal(generated.length, 1, 'still exactly one event');
    const done = await saved(b, reloaded);
    assert.equal(done.status, 303);
    assert.equal(done.location, '/account/profile');
    assert.match((await b.get('/account/profile')).text, /Your new backup codes are in place\./);

    const again = await b.get('/account/backup-codes');
    assert.match(again.text, /You have 10 unused backup codes left\./);
    for (const code of codes) assert.equal(again.text.includes(code), false);
    assert.equal((await b.get('/account/profile')).text.includes(codes[0]!), false);
    // Neither the session store nor the device holds a code in the clear.
    const sessions = await host.allSessions();
    const stored = JSON.stringify(await host.twofold.store.listDevices(alice));
    for (const code of codes) {
      assert.equal(sessions.includes(code), false);
      assert.equal(sessions.includes(code.replaceAll('-', '')), false);
      assert.equal(stored.includes(code.replaceAll('-', '')), false);
    }
    await host.twofold.deleteUserDevices(alice);
  });

  it('downloads the codes as a text file right after, in that session only', async () => {
    const b = await verifiedAlice();
    const issued = await generate(b);
    const codes = codesOf(issued.text);
    assert.match(issued.text, /<form class="tf-noprint" method="post" action="\/account\/backup-codes\/download">/);
    const file = await b.post('/account/backup-codes/download', { _csrf: csrfOf(issued) });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(file.headers.get('content-disposition'), 'attachment; filename="backup-codes.txt"');
    assert.equal(file.headers.get('cache-control'), 'no-store');
    assert.match(file.text, /^Backup codes for alice\nEach code works once\. Generated /);
    for (const [index, code] of codes.entries()) assert.match(file.text, new RegExp(`\\n ?${index + 1}\\. ${code}\\n`));

    // Another session of the same user cannot download them.
    const other = await signIn(host, 'alice');
    host.clock.advance(30);
    await reauthenticate(other, totpCode(host.clock, 1));
    const elsewhere = await other.post('/account/backup-codes/download', { _csrf: csrfOf(await other.get('/account/backup-codes')) });
    assert.equal(elsewhere.status, 410);
    assert.equal(elsewhere.text.includes(codes[0]!), false);
    // A GET is not a download.
    assert.equal((await b.get('/account/backup-codes/download')).status, 404);
    // Without the CSRF token: refused.
    assert.equal((await b.post('/account/backup-codes/download', {})).status, 403);

    // Right after means within 300 seconds of generating.
    host.clock.advance(240);
    assert.equal((await b.post('/account/backup-codes/download', { _csrf: csrfOf(issued) })).status, 200, '270 s after: still fine');
    host.clock.advance(31);
    const late = await b.post('/account/backup-codes/download', { _csrf: csrfOf(issued) });
    assert.equal(late.status, 410);
    assert.equal(late.text.includes(codes[0]!), false);
    await host.twofold.deleteUserDevices(alice);
  });

  it('regenerating replaces the whole set: old codes stop working, new ones work once, the count follows use', async () => {
    const b = await verifiedAlice();
    const firstPage = await generate(b);
    const first = codesOf(firstPage.text);
    await saved(b, firstPage);
    // Replacing a set with unused codes asks first, and says what stops working; the plain button only leads to the question.
    const countPage = await b.get('/account/backup-codes');
    assert.match(countPage.text, /<button class="tf-button" type="submit">Generate new backup codes<\/button>/);
    const asked = await b.post('/account/backup-codes', { _csrf: csrfOf(countPage) });
    assert.equal(asked.via?.location, '/account/backup-codes?replace=1');
    assert.match(asked.text, /<h1>Replace all your backup codes\?<\/h1>/);
    assert.match(asked.text, /The 10 backup codes you have now stop working at once/);
    assert.equal(codesOf(asked.text).length, 0, 'nothing made yet');
    const second = await generate(b);
    assert.match(second.text, /Any backup codes you had before no longer work\./);
    const codes = codesOf(second.text);
    const [device] = await host.twofold.listDevices(alice, { kind: BACKUP_CODES_KIND_NAME });
    assert.ok(device !== undefined);
    assert.equal((await host.twofold.listDevices(alice, { kind: BACKUP_CODES_KIND_NAME })).length, 1, 'still one backup-codes device');
    for (const old of first.slice(0, 3)) {
      host.clock.advance(60);
      assert.equal((await host.twofold.verifyToken(alice, device.persistentId, old)).ok, false, old);
    }
    host.clock.advance(60);
    assert.equal((await host.twofold.verifyToken(alice, device.persistentId, codes[0]!)).ok, true);
    host.clock.advance(60);
    assert.equal((await host.twofold.verifyToken(alice, device.persistentId, codes[0]!)).ok, false, 'once only');
    const profile = await b.get('/account/profile');
    assert.match(profile.text, /You have 9 unused backup codes left\./);
    for (const code of codes.slice(1, 9)) {
      host.clock.advance(60);
      assert.equal((await host.twofold.verifyToken(alice, device.persistentId, code)).ok, true);
    }
    assert.match((await b.get('/account/profile')).text, /You have 1 unused backup code left\./);
    // The download of the older set is gone with it: only the newest set can be downloaded.
    await host.twofold.deleteUserDevices(alice);
  });

  it('needs a verified, recent session to generate, and a verified one to see the count', async () => {
    await addTotp(host.twofold, alice, 'Phone', 1);
    const anonymous = host.browser();
    const anonymousGet = await anonymous.get('/account/backup-codes');
    assert.equal(anonymousGet.status, 303);
    assert.match(anonymousGet.location ?? '', /^\/account\/login\?next=/);
    const anonymousPost = await anonymous.post('/account/backup-codes', { _csrf: csrfOf(await anonymous.get('/account/login')) });
    assert.equal(anonymousPost.status, 303);

    const unverified = await signIn(host, 'alice');
    const refused = await unverified.get('/account/backup-codes');
    assert.equal(refused.status, 303);
    assert.equal(refused.location, '/account/reauthenticate?next=%2Faccount%2Fbackup-codes');
    const csrf = csrfOf(await unverified.get('/account/reauthenticate'));
    const post = await unverified.post('/account/backup-codes', { _csrf: csrf });
    assert.equal(post.status, 303);
    assert.equal(codesOf(post.text).length, 0);
    assert.deepEqual(await host.twofold.listDevices(alice, { kind: BACKUP_CODES_KIND_NAME }), []);

    host.clock.advance(30);
    await reauthenticate(unverified, totpCode(host.clock, 1));
    host.clock.advance(901);
    const countPage = await unverified.get('/account/backup-codes');
    assert.equal(countPage.status, 200, 'verified is enough to see the count');
    assert.notEqual(csrfOf(countPage), csrf, 'the CSRF token changed with the session id');
    const stale = await unverified.post('/account/backup-codes', { _csrf: csrfOf(countPage) });
    assert.equal(stale.status, 303);
    assert.equal(stale.location, '/account/reauthenticate?next=%2Faccount%2Fbackup-codes');
    assert.deepEqual(await host.twofold.listDevices(alice, { kind: BACKUP_CODES_KIND_NAME }), []);
    const noToken = await unverified.post('/account/backup-codes', {});
    assert.equal(noToken.status, 403);

    // A user without two-factor authentication has no backup codes to manage.
    const carol = await signIn(host, 'carol');
    const none = await carol.get('/account/backup-codes');
    assert.equal(none.status, 303);
    assert.equal(none.location, '/account/profile');
    assert.deepEqual(accountErrors(none.text), []);
    await host.twofold.deleteUserDevices(alice);
  });
});
