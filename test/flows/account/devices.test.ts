import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, startHost, totpCode, user, type Host } from '../../express/support.js';
import { issueBackupCodes } from '../../../src/devices/backup-codes/index.js';
import { primaryDevice, setPrimaryDevice } from '../../../src/flows/shared/primary.js';
import { accountErrors, accountNotices, reauthenticate, signIn } from './support.js';

const alice = user('alice').id;
const bob = user('bob').id;

describe('several named devices', () => {
  let host: Host;
  before(async () => {
    host = await startHost();
  });
  after(async () => {
    await host.close();
  });

  async function verifiedAlice(seed = 1, device?: string) {
    const b = await signIn(host, 'alice');
    host.clock.advance(30);
    const verified = await reauthenticate(b, totpCode(host.clock, seed), device === undefined ? {} : { device });
    assert.equal(verified.status, 303, verified.text);
    return b;
  }

  it('renames a device of the user, refuses bad names, and answers 404 to another user\'s device without changing it', async () => {
    const phone = await addTotp(host.twofold, alice, 'Phone', 1);
    host.clock.advance(1);
    const bobs = await addTotp(host.twofold, bob, 'Bob phone', 2);
    const b = await verifiedAlice();
    const form = await b.get(`/account/devices/rename?device=${encodeURIComponent(phone.persistentId)}`);
    assert.equal(form.status, 200);
    assert.match(form.text, /It is now called Phone\./);
    assert.match(form.text, /<input id="tf-name" name="name"[^>]*value="Phone"/);

    const renamed = await b.post('/account/devices/rename', { _csrf: csrfOf(form), device: phone.persistentId, name: '  Work phone ' });
    assert.equal(renamed.status, 303);
    assert.equal(renamed.location, '/account/profile');
    assert.equal((await host.twofold.getDevice(alice, phone.persistentId))?.name, 'Work phone');
    const profile = await b.get('/account/profile');
    assert.deepEqual(accountNotices(profile.text), ['The device is now called Work phone.']);
    assert.deepEqual(accountNotices((await b.get('/account/profile')).text), [], 'a notice is shown once');

    const bad = await b.post('/account/devices/rename', { _csrf: csrfOf(form), device: phone.persistentId, name: '' });
    assert.equal(bad.status, 400);
    assert.deepEqual(accountErrors(bad.text), ['Give the device a name.']);

    assert.equal((await b.get(`/account/devices/rename?device=${encodeURIComponent(bobs.persistentId)}`)).status, 404);
    const idor = await b.post('/account/devices/rename', { _csrf: csrfOf(form), device: bobs.persistentId, name: 'Owned' });
    assert.equal(idor.status, 404);
    assert.equal((await host.twofold.getDevice(bob, bobs.persistentId))?.name, 'Bob phone');
    for (const made_up of ['', 'totp/nope', 'nonsense', `hotp/${bobs.id}`]) {
      assert.equal((await b.post('/account/devices/rename', { _csrf: csrfOf(form), device: made_up, name: 'X' })).status, 404, made_up);
    }
    await host.twofold.deleteUserDevices(alice);
    await host.twofold.deleteUserDevices(bob);
  });

  it('chooses the primary device, refusing backup codes and other users\' devices', async () => {
    const first = await addTotp(host.twofold, alice, 'First', 1);
    host.clock.advance(1);
    const second = await addTotp(host.twofold, alice, 'Second', 3);
    host.clock.advance(1);
    const { device: codes } = await issueBackupCodes(host.twofold, alice);
    const bobs = await addTotp(host.twofold, bob, 'Bob phone', 2);
    assert.equal((await primaryDevice(host.twofold, alice))?.id, first.id, 'without a choice, the oldest device is primary');
    const b = await verifiedAlice();
    const profile = await b.get('/account/profile');
    const made = await b.post('/account/devices/primary', { _csrf: csrfOf(profile), device: second.persistentId });
    assert.equal(made.status, 303);
    assert.equal((await primaryDevice(host.twofold, alice))?.id, second.id);
    const after = await b.get('/account/profile');
    assert.deepEqual(accountNotices(after.text), ['Second is now your primary device.']);
    assert.match(after.text, /Sign-in asks first for a code from Second\./);
    assert.match(after.text, /<span class="tf-account-device-name">Second<\/span><span class="tf-account-badge">Primary<\/span>/);

    assert.equal((await b.post('/account/devices/primary', { _csrf: csrfOf(after), device: codes.persistentId })).status, 404);
    assert.equal((await b.post('/account/devices/primary', { _csrf: csrfOf(after), device: bobs.persistentId })).status, 404);
    assert.equal((await primaryDevice(host.twofold, alice))?.id, second.id);
    assert.equal((await primaryDevice(host.twofold, bob))?.id, bobs.id);
    assert.equal((await b.post('/account/devices/primary', { device: first.persistentId })).status, 403, 'CSRF token required');
    assert.equal((await primaryDevice(host.twofold, alice))?.id, second.id);
    await host.twofold.deleteUserDevices(alice);
    await host.twofold.deleteUserDevices(bob);
  });

  it('removes a device after a confirmation, promotes the next one when the primary goes, and never the only one', async () => {
    const first = await addTotp(host.twofold, alice, 'First', 1);
    host.clock.advance(1);
    const second = await addTotp(host.twofold, alice, 'Second', 3);
    host.clock.advance(1);
    const third = await addTotp(host.twofold, alice, 'Third', 4);
    host.clock.advance(1);
    await setPrimaryDevice(host.twofold, alice, second.persistentId);
    const bobs = await addTotp(host.twofold, bob, 'Bob phone', 2);
    const b = await verifiedAlice(1, first.persistentId);

    const confirm = await b.get(`/account/devices/remove?device=${encodeURIComponent(second.persistentId)}`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Remove Second\? Its codes stop working at once\./);
    assert.match(confirm.text, /Second is your primary device: First takes its place\./);
    // A post without the confirmation button's value changes nothing.
    const bare = await b.post('/account/devices/remove', { _csrf: csrfOf(confirm), device: second.persistentId });
    assert.equal(bare.status, 400);
    assert.equal((await host.twofold.listDevices(alice)).length, 3);

    const removed = await b.post('/account/devices/remove', { _csrf: csrfOf(confirm), device: second.persistentId, confirm: 'yes' });
    assert.equal(removed.status, 303);
    assert.equal(await host.twofold.getDevice(alice, second.persistentId), null);
    assert.equal((await primaryDevice(host.twofold, alice))?.id, first.id, 'the next device was promoted');
    assert.deepEqual(accountNotices((await b.get('/account/profile')).text), ['Second was removed.']);

    const idor = await b.post('/account/devices/remove', { _csrf: csrfOf(confirm), device: bobs.persistentId, confirm: 'yes' });
    assert.equal(idor.status, 404);
    assert.notEqual(await host.twofold.getDevice(bob, bobs.persistentId), null);
    assert.equal((await b.get(`/account/devices/remove?device=${encodeURIComponent(bobs.persistentId)}`)).status, 404);

    // The session was verified with First: removing Third keeps it verified.
    assert.equal((await b.post('/account/devices/remove', { _csrf: csrfOf(confirm), device: third.persistentId, confirm: 'yes' })).status, 303);
    const only = await b.get(`/account/devices/remove?device=${encodeURIComponent(first.persistentId)}`);
    assert.equal(only.status, 200);
    assert.doesNotMatch(only.text, /name="confirm"/, 'no remove button for the only device');
    assert.match(only.text, /This is your only device, so it cannot be removed on its own\./);
    const refused = await b.post('/account/devices/remove', { _csrf: csrfOf(confirm), device: first.persistentId, confirm: 'yes' });
    assert.equal(refused.status, 409);
    assert.notEqual(await host.twofold.getDevice(alice, first.persistentId), null);
    await host.twofold.deleteUserDevices(alice);
    await host.twofold.deleteUserDevices(bob);
  });

  it('asks for a recent code before removing a device, and does not count a remembered-browser factor', async () => {
    const first = await addTotp(host.twofold, alice, 'First', 1);
    host.clock.advance(1);
    const second = await addTotp(host.twofold, alice, 'Second', 3);
    host.clock.advance(1);
    const b = await verifiedAlice();
    host.clock.advance(901);
    const page = await b.get(`/account/devices/remove?device=${encodeURIComponent(second.persistentId)}`);
    assert.equal(page.status, 303);
    assert.equal(page.location, `/account/reauthenticate?next=${encodeURIComponent(`/account/devices/remove?device=${encodeURIComponent(second.persistentId)}`)}`);
    const post = await b.post('/account/devices/remove', { _csrf: csrfOf(await b.get('/account/profile')), device: second.persistentId, confirm: 'yes' });
    assert.equal(post.status, 303);
    assert.match(post.location ?? '', /^\/account\/reauthenticate\?next=/);
    assert.equal((await host.twofold.listDevices(alice)).length, 2);
    // Still verified (not recent): renaming and choosing the primary device work.
    const rename = await b.post('/account/devices/rename', { _csrf: csrfOf(await b.get('/account/profile')), device: second.persistentId, name: 'Spare' });
    assert.equal(rename.status, 303);

    // A session verified only by a remembered browser: the factor is there, but it is not a code.
    const sid = decodeURIComponent(b.cookie('connect.sid')!).slice(2).split('.')[0]!;
    const stored = await new Promise<{ twofold: { factors: { method: string; at: number }[] } }>((resolve, reject) => {
      host.sessions.get(sid, (error, data) => (error || data === null || data === undefined ? reject(new Error('no session')) : resolve(data as never)));
    });
    stored.twofold.factors = stored.twofold.factors.map((factor) => ({ ...factor, method: 'remembered-browser', at: host.clock.now() }));
    await new Promise<void>((resolve, reject) => {
      host.sessions.set(sid, stored as never, (error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()));
    });
    const whoami = JSON.parse((await b.get('/whoami')).text) as { verified: boolean; factors: { method: string }[] };
    assert.equal(whoami.verified, true);
    assert.equal(whoami.factors.at(-1)?.method, 'remembered-browser');
    const remembered = await b.get(`/account/devices/remove?device=${encodeURIComponent(second.persistentId)}`);
    assert.equal(remembered.status, 303, 'a remembered browser is not a recent code');
    assert.match(remembered.location ?? '', /^\/account\/reauthenticate/);
    assert.equal((await b.get('/account/disable')).status, 303);
    assert.equal((await b.get('/account/profile')).status, 200, 'but the session is verified for viewing');
    assert.notEqual(await host.twofold.getDevice(alice, first.persistentId), null);
    await host.twofold.deleteUserDevices(alice);
  });

  it('sends an unverified session with devices to the confirmation page, and back afterwards', async () => {
    await addTotp(host.twofold, alice, 'First', 1);
    const b = await signIn(host, 'alice');
    const profile = await b.get('/account/profile');
    assert.equal(profile.status, 303);
    assert.equal(profile.location, '/account/reauthenticate?next=%2Faccount%2Fprofile');
    const page = await b.get(profile.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /autocomplete="one-time-code"/);
    assert.match(page.text, /inputmode="numeric"/);
    assert.match(page.text, /<input type="hidden" name="next" value="\/account\/profile">/);
    host.clock.advance(30);
    const wrong = await b.post('/account/reauthenticate', { _csrf: csrfOf(page), token: '000000' === totpCode(host.clock, 1) ? '111111' : '000000', next: '/account/profile' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(accountErrors(wrong.text), ['That code was not accepted. Check it and try again.']);
    const throttled = await b.post('/account/reauthenticate', { _csrf: csrfOf(page), token: totpCode(host.clock, 1), next: '/account/profile' });
    assert.equal(throttled.status, 429);
    host.clock.advance(1);
    const before = b.cookie('connect.sid');
    const ok = await b.post('/account/reauthenticate', { _csrf: csrfOf(page), token: totpCode(host.clock, 1), next: '//evil.example' });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/account/profile', 'an unsafe next is ignored');
    assert.notEqual(b.cookie('connect.sid'), before, 'the session id was rotated');
    assert.equal((await b.get('/account/profile')).status, 200);
    await host.twofold.deleteUserDevices(alice);
  });

  it('checks a reauthentication code only against the chosen device, never another user\'s', async () => {
    await addTotp(host.twofold, alice, 'First', 1);
    const bobs = await addTotp(host.twofold, bob, 'Bob phone', 2);
    const b = await signIn(host, 'alice');
    host.clock.advance(30);
    const page = await b.get('/account/reauthenticate');
    const foreign = await b.post('/account/reauthenticate', { _csrf: csrfOf(page), device: bobs.persistentId, token: totpCode(host.clock, 2) });
    assert.equal(foreign.status, 400);
    assert.equal((await host.twofold.getDevice(bob, bobs.persistentId))?.failureCount, 0, 'nothing was counted on Bob\'s device');
    assert.equal((JSON.parse((await b.get('/whoami')).text) as { verified: boolean }).verified, false);
    await host.twofold.deleteUserDevices(alice);
    await host.twofold.deleteUserDevices(bob);
  });
});
