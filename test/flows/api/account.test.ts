import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, startHost, totpCode, user, type Host } from '../../express/support.js';
import { decodeBase32, parseOtpauthURI } from '../../../src/oath/index.js';
import { issueBackupCodes } from '../../../src/devices/backup-codes/index.js';
import { primaryDevice, setPrimaryDevice } from '../../../src/flows/shared/primary.js';
import type {
  AccountDevicesResponse,
  BackupCodesGenerateResponse,
  ReauthenticateResponse,
  SetupConfirmResponse,
  SetupStartResponse,
} from '../../../src/flows/api/types.js';
import { codeFor, csrfToken, jsonClient, signIn, SESSION_COOKIE, type JsonClient } from '../account/support.js';
import type { Browser } from '../../express/support.js';

const alice = user('alice').id;
const bob = user('bob').id;
const carol = user('carol').id;

/** A signed-in browser, its JSON client and the CSRF token of its session. */
interface Client {
  readonly b: Browser;
  readonly api: JsonClient;
  token: string;
}

describe('account JSON API', () => {
  let host: Host;
  before(async () => {
    host = await startHost();
  });
  after(async () => {
    await host.close();
  });

  async function client(username: string): Promise<Client> {
    const b = await signIn(host, username);
    // A page with a form: the code page for users with 2FA, the setup page for the others.
    const hasDevice = await host.twofold.userHasDevice(user(username).id);
    return { b, api: jsonClient(host, b), token: await csrfToken(b, hasDevice ? '/account/reauthenticate' : '/account/setup') };
  }

  async function reauth(c: Client, seed: number, device?: string): Promise<void> {
    host.clock.advance(30);
    const answer = await c.api.post('/account/api/reauthenticate', { token: totpCode(host.clock, seed), ...(device === undefined ? {} : { device }) }, { 'x-csrf-token': c.token });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const body = answer.body as ReauthenticateResponse & { verified: true };
    c.token = body.csrfToken;
  }

  it('sets up a first device: start gives the key to this session only, confirm verifies and rotates the session', async () => {
    const c = await client('carol');
    const headers = { 'x-csrf-token': c.token };
    const started = await c.api.post('/account/api/setup/start', {}, headers);
    assert.equal(started.status, 200);
    assert.equal(started.headers.get('cache-control'), 'no-store');
    const start = started.body as unknown as SetupStartResponse;
    assert.equal(start.method, 'totp');
    assert.match(start.key, /^[A-Z2-7]{32}$/);
    assert.equal(start.keyFormatted.replaceAll(' ', ''), start.key);
    assert.equal(start.qrCodeUrl, '/account/setup/qr.svg');
    assert.equal(start.defaultName, 'Authenticator app');
    assert.equal(start.expiresAt, new Date(host.clock.now() + 600_000).toISOString());
    const uri = parseOtpauthURI(start.otpauthUri);
    assert.deepEqual([...uri.key], [...decodeBase32(start.key)]);
    assert.equal(start.qrCodeUrl.includes(start.key), false);
    assert.equal((await c.b.get(start.qrCodeUrl)).status, 200, 'the pages and the API share the setup');
    assert.deepEqual(await host.twofold.listDevices(carol), []);

    // Another session of the same user cannot confirm it.
    const other = await client('carol');
    const foreign = await other.api.post('/account/api/setup/confirm', { token: codeFor(decodeBase32(start.key), host.clock) }, { 'x-csrf-token': other.token });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error, 'setup_not_started');

    const wrong = await c.api.post('/account/api/setup/confirm', { token: '12345678' }, headers);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, 'invalid_token');
    assert.equal(wrong.body.failures, 1);
    const throttled = await c.api.post('/account/api/setup/confirm', { token: codeFor(decodeBase32(start.key), host.clock) }, headers);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.body.error, 'throttled');
    assert.equal(throttled.body.retryAt, new Date(host.clock.now() + 1000).toISOString());
    assert.equal(throttled.headers.get('retry-after'), '1');
    host.clock.advance(1);
    const badName = await c.api.post('/account/api/setup/confirm', { token: codeFor(decodeBase32(start.key), host.clock), name: ' ' }, headers);
    assert.equal(badName.status, 400);
    assert.equal(badName.body.error, 'invalid_name');

    const before = c.b.cookie(SESSION_COOKIE);
    const confirmed = await c.api.post('/account/api/setup/confirm', { token: codeFor(decodeBase32(start.key), host.clock) }, headers);
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const body = confirmed.body as unknown as SetupConfirmResponse;
    assert.equal(body.verified, true);
    assert.equal(body.firstDevice, true);
    assert.equal(body.device.name, 'Authenticator app');
    assert.equal(body.device.primary, true);
    assert.equal(body.backupCodesRemaining, null);
    assert.notEqual(c.b.cookie(SESSION_COOKIE), before);
    assert.notEqual(body.csrfToken, c.token);
    assert.equal((JSON.parse((await c.b.get('/whoami')).text) as { verified: boolean }).verified, true);
    // The old token died with the old session id; the new one works.
    assert.equal((await c.api.post('/account/api/backup-codes', {}, headers)).status, 403);
    const codes = await c.api.post('/account/api/backup-codes', {}, { 'x-csrf-token': body.csrfToken });
    assert.equal(codes.status, 200);
    assert.equal((codes.body as unknown as BackupCodesGenerateResponse).codes.length, 10);
    await host.twofold.deleteUserDevices(carol);
  });

  it('starts a setup for a user whose name has a colon: the URI names the account with a hyphen, the QR code is served', async () => {
    const c = await client('carol:admin');
    const started = await c.api.post('/account/api/setup/start', {}, { 'x-csrf-token': c.token });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const start = started.body as unknown as SetupStartResponse;
    assert.equal(parseOtpauthURI(start.otpauthUri).accountName, 'carol-admin');
    assert.equal((await c.b.get(start.qrCodeUrl)).status, 200);
  });

  it('refuses without the CSRF header, from another site, or with another content type, and changes nothing', async () => {
    const c = await client('carol');
    const missing = await c.api.post('/account/api/setup/start', {});
    assert.equal(missing.status, 403);
    assert.equal(missing.body.error, 'csrf');
    const wrong = await c.api.post('/account/api/setup/start', {}, { 'x-csrf-token': 'x'.repeat(43) });
    assert.equal(wrong.status, 403);
    const crossSite = await c.api.post('/account/api/setup/start', {}, { 'x-csrf-token': c.token, origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    const other = await client('bob');
    assert.equal((await c.api.post('/account/api/setup/start', {}, { 'x-csrf-token': other.token })).status, 403, "another session's token");
    const form = await c.b.post('/account/api/setup/start', { method: 'totp' }, { 'x-csrf-token': c.token });
    assert.equal(form.status, 415);
    const notObject = await c.api.post('/account/api/setup/start', ['totp'], { 'x-csrf-token': c.token });
    assert.equal(notObject.status, 400);
    assert.equal(notObject.body.error, 'bad_request');
    const big = await c.api.post('/account/api/setup/start', { method: 'x'.repeat(20_000) }, { 'x-csrf-token': c.token });
    assert.equal(big.status, 413);
    const unknown = await c.api.post('/account/api/setup/start', { method: 'backup-codes' }, { 'x-csrf-token': c.token });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, 'unknown_method');
    assert.equal((await c.b.get('/account/setup/qr.svg')).status, 404, 'no setup was started');
    const anonymous = jsonClient(host, host.browser());
    const noUser = await anonymous.get('/account/api/devices');
    assert.equal(noUser.status, 401);
    assert.equal(noUser.body.error, 'login_required');
  });

  it('lists devices, renames, chooses the primary and removes, with ownership checks (another user\'s id: 404, unchanged)', async () => {
    const first = await addTotp(host.twofold, alice, 'First', 1);
    host.clock.advance(1);
    const second = await addTotp(host.twofold, alice, 'Second', 3);
    const { device: codesDevice } = await issueBackupCodes(host.twofold, alice);
    const bobs = await addTotp(host.twofold, bob, 'Bob phone', 2);
    const c = await client('alice');

    const unverified = await c.api.get('/account/api/devices');
    assert.equal(unverified.status, 401);
    assert.equal(unverified.body.error, 'otp_required');
    await reauth(c, 1);
    const listed = await c.api.get('/account/api/devices');
    assert.equal(listed.status, 200);
    const devices = listed.body as unknown as AccountDevicesResponse;
    assert.equal(devices.enabled, true);
    assert.equal(devices.primary, first.persistentId);
    assert.deepEqual(devices.devices.map((d) => [d.id, d.name, d.kind, d.primary]), [
      [first.persistentId, 'First', 'totp', true],
      [second.persistentId, 'Second', 'totp', false],
    ]);
    assert.equal(typeof devices.devices[0]!.lastUsedAt, 'string');
    assert.equal(devices.devices[1]!.lastUsedAt, null);
    assert.deepEqual(devices.backupCodes, { available: true, remaining: 10 });
    assert.equal(devices.rememberedBrowsers, null);
    assert.deepEqual(devices.setupMethods, ['totp']);
    assert.equal(devices.recentlyVerified, true);
    assert.equal(JSON.stringify(listed.body).includes('otpauth'), false);

    const headers = () => ({ 'x-csrf-token': c.token });
    const renamed = await c.api.post('/account/api/devices/rename', { device: second.persistentId, name: 'Spare' }, headers());
    assert.equal(renamed.status, 200);
    assert.equal((renamed.body.device as { name: string }).name, 'Spare');
    const badName = await c.api.post('/account/api/devices/rename', { device: second.persistentId, name: '' }, headers());
    assert.equal(badName.status, 400);
    assert.equal(badName.body.error, 'invalid_name');
    const typed = await c.api.post('/account/api/devices/rename', { device: second.persistentId, name: 42 }, headers());
    assert.equal(typed.status, 400);
    assert.equal(typed.body.error, 'bad_request');

    for (const [path, body] of [
      ['/account/api/devices/rename', { device: bobs.persistentId, name: 'Mine' }],
      ['/account/api/devices/primary', { device: bobs.persistentId }],
      ['/account/api/devices/remove', { device: bobs.persistentId }],
      ['/account/api/devices/primary', { device: codesDevice.persistentId }],
      ['/account/api/devices/remove', { device: codesDevice.persistentId }],
    ] as const) {
      const answer = await c.api.post(path, body, headers());
      assert.equal(answer.status, 404, `${path} ${JSON.stringify(body)}`);
      assert.equal(answer.body.error, 'device_not_found');
    }
    assert.equal((await host.twofold.getDevice(bob, bobs.persistentId))?.name, 'Bob phone');
    assert.equal((await primaryDevice(host.twofold, bob))?.id, bobs.id);
    assert.notEqual(await host.twofold.getDevice(alice, codesDevice.persistentId), null);

    const made = await c.api.post('/account/api/devices/primary', { device: second.persistentId }, headers());
    assert.equal(made.status, 200);
    assert.equal((made.body.primary as { id: string }).id, second.persistentId);
    const removed = await c.api.post('/account/api/devices/remove', { device: second.persistentId }, headers());
    assert.equal(removed.status, 200);
    assert.equal((removed.body.removed as { id: string }).id, second.persistentId);
    assert.equal((removed.body.primary as { id: string; primary: boolean }).id, first.persistentId, 'the next device was promoted');
    assert.equal((removed.body.primary as { primary: boolean }).primary, true);
    const only = await c.api.post('/account/api/devices/remove', { device: first.persistentId }, headers());
    assert.equal(only.status, 409);
    assert.equal(only.body.error, 'only_device');
    assert.notEqual(await host.twofold.getDevice(alice, first.persistentId), null);
    await host.twofold.deleteUserDevices(alice);
    await host.twofold.deleteUserDevices(bob);
  });

  it('needs a recent code for adding or removing devices, codes and disabling; a stale session gets 403 with the max age', async () => {
    const first = await addTotp(host.twofold, alice, 'First', 1);
    host.clock.advance(1);
    const second = await addTotp(host.twofold, alice, 'Second', 3);
    const c = await client('alice');
    await reauth(c, 1, first.persistentId);
    host.clock.advance(901);
    const headers = { 'x-csrf-token': c.token };
    for (const [path, body] of [
      ['/account/api/setup/start', {}],
      ['/account/api/setup/confirm', { token: '123456' }],
      ['/account/api/devices/remove', { device: second.persistentId }],
      ['/account/api/backup-codes', {}],
      ['/account/api/disable', { confirm: true }],
    ] as const) {
      const answer = await c.api.post(path, body, headers);
      assert.equal(answer.status, 403, path);
      assert.equal(answer.body.error, 'reauthentication_required');
      assert.equal(answer.body.maxAgeSeconds, 900);
    }
    assert.equal((await host.twofold.listDevices(alice)).length, 2);
    // Verified is enough for these.
    assert.equal((await c.api.post('/account/api/devices/rename', { device: second.persistentId, name: 'Spare' }, headers)).status, 200);
    assert.equal((await c.api.get('/account/api/backup-codes')).status, 200);
    const listed = await c.api.get('/account/api/devices');
    assert.equal((listed.body as unknown as AccountDevicesResponse).recentlyVerified, false);

    // Reauthenticating with the chosen device makes it recent again; a wrong code is refused and counted there only.
    const wrong = await c.api.post('/account/api/reauthenticate', { device: second.persistentId, token: '000000' === totpCode(host.clock, 3) ? '111111' : '000000' }, headers);
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_token');
    assert.equal((await host.twofold.getDevice(alice, second.persistentId))?.failureCount, 1);
    assert.equal((await host.twofold.getDevice(alice, first.persistentId))?.failureCount, 0);
    const locked = await c.api.post('/account/api/reauthenticate', { device: second.persistentId, token: totpCode(host.clock, 3) }, headers);
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error, 'throttled');
    assert.equal(locked.headers.get('retry-after'), '1');
    const foreign = await addTotp(host.twofold, bob, 'Bob phone', 2);
    const notMine = await c.api.post('/account/api/reauthenticate', { device: foreign.persistentId, token: totpCode(host.clock, 2) }, headers);
    assert.equal(notMine.status, 404);
    assert.equal((await host.twofold.getDevice(bob, foreign.persistentId))?.failureCount, 0);
    await reauth(c, 1);
    const removed = await c.api.post('/account/api/devices/remove', { device: second.persistentId }, { 'x-csrf-token': c.token });
    assert.equal(removed.status, 200);
    await host.twofold.deleteUserDevices(alice);
    await host.twofold.deleteUserDevices(bob);
  });

  it('generates backup codes once (the count afterwards), and disables only with confirm: true', async () => {
    const phone = await addTotp(host.twofold, alice, 'Phone', 1);
    await setPrimaryDevice(host.twofold, alice, phone.persistentId);
    const c = await client('alice');
    await reauth(c, 1);
    const headers = () => ({ 'x-csrf-token': c.token });
    assert.deepEqual((await c.api.get('/account/api/backup-codes')).body, { remaining: null });
    const generated = await c.api.post('/account/api/backup-codes', {}, headers());
    assert.equal(generated.status, 200);
    assert.equal(generated.headers.get('cache-control'), 'no-store');
    const body = generated.body as unknown as BackupCodesGenerateResponse;
    assert.equal(body.codes.length, 10);
    assert.equal(body.remaining, 10);
    assert.equal(body.replaced, false);
    const count = await c.api.get('/account/api/backup-codes');
    assert.deepEqual(count.body, { remaining: 10 });
    assert.equal(JSON.stringify((await c.api.get('/account/api/devices')).body).includes(body.codes[0]!), false);
    const again = (await c.api.post('/account/api/backup-codes', {}, headers())).body as unknown as BackupCodesGenerateResponse;
    assert.equal(again.replaced, true);
    const [codesDevice] = await host.twofold.listDevices(alice, { kind: 'backup-codes' });
    host.clock.advance(30);
    assert.equal((await host.twofold.verifyToken(alice, codesDevice!.persistentId, body.codes[0]!)).ok, false, 'the old set is dead');
    host.clock.advance(30);
    assert.equal((await host.twofold.verifyToken(alice, codesDevice!.persistentId, again.codes[0]!)).ok, true);
    assert.deepEqual((await c.api.get('/account/api/backup-codes')).body, { remaining: 9 });

    const unconfirmed = await c.api.post('/account/api/disable', {}, headers());
    assert.equal(unconfirmed.status, 400);
    assert.equal(unconfirmed.body.error, 'confirmation_required');
    const truthy = await c.api.post('/account/api/disable', { confirm: 'yes' }, headers());
    assert.equal(truthy.status, 400);
    assert.equal((await host.twofold.listDevices(alice)).length, 2);
    const before = c.b.cookie(SESSION_COOKIE);
    const disabled = await c.api.post('/account/api/disable', { confirm: true }, headers());
    assert.equal(disabled.status, 200);
    assert.equal(disabled.body.disabled, true);
    assert.equal(disabled.body.removedDevices, 2);
    assert.notEqual(c.b.cookie(SESSION_COOKIE), before);
    assert.deepEqual(await host.twofold.listDevices(alice), []);
    const after = await c.api.get('/account/api/devices');
    assert.equal(after.status, 200);
    assert.equal((after.body as unknown as AccountDevicesResponse).enabled, false);
    const nothing = await c.api.post('/account/api/disable', { confirm: true }, { 'x-csrf-token': disabled.body.csrfToken as string });
    assert.equal(nothing.status, 409);
    assert.equal(nothing.body.error, 'two_factor_not_enabled');
  });

  it('asks a user with 2FA for a code before adding a device, and lets a user without it add one after the password alone', async () => {
    await addTotp(host.twofold, alice, 'Phone', 1);
    const c = await client('alice');
    const refused = await c.api.post('/account/api/setup/start', {}, { 'x-csrf-token': c.token });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error, 'otp_required');
    await reauth(c, 1);
    const started = await c.api.post('/account/api/setup/start', { method: 'totp' }, { 'x-csrf-token': c.token });
    assert.equal(started.status, 200);
    assert.equal((started.body as unknown as SetupStartResponse).defaultName, 'Authenticator app');
    const key = decodeBase32((started.body as unknown as SetupStartResponse).key);
    host.clock.advance(30);
    const added = await c.api.post('/account/api/setup/confirm', { token: codeFor(key, host.clock), name: 'Second phone' }, { 'x-csrf-token': c.token });
    assert.equal(added.status, 200);
    assert.equal((added.body as unknown as SetupConfirmResponse).firstDevice, false);
    assert.equal((added.body as unknown as SetupConfirmResponse).device.primary, false, 'the first device stays primary');
    const expired = await c.api.post('/account/api/setup/confirm', { token: '123456' }, { 'x-csrf-token': (added.body as unknown as SetupConfirmResponse).csrfToken });
    assert.equal(expired.status, 400);
    assert.equal(expired.body.error, 'setup_not_started', 'a finished setup is gone');
    await host.twofold.deleteUserDevices(alice);
  });
});
