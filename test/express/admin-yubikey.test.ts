/**
 * YubiKeys in the admin (issue 14): a key registered by the CLI or the API
 * appears among the user's devices by its kind's label, with no QR code
 * (it has no provisioning URI), and can be renamed and deleted like any
 * device; the admin's "Add an authenticator" does not offer it (a key is
 * registered with its key material, not by scanning).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAdminHost, type AdminHost } from './admin-harness.js';
import { csrfOf } from './support.js';
import { simulatedKey, touch } from '../support/yubikey-simulator.js';

describe('YubiKeys in the admin', () => {
  let host: AdminHost;
  before(async () => {
    host = await startAdminHost();
  });
  after(() => host.close());

  it('lists a registered key by its kind, without a QR code, and deletes it', async () => {
    const key = simulatedKey({ seed: 61 });
    const device = await host.twofold.createDevice({
      userId: 'u2',
      kind: 'yubikey',
      name: 'Blue key',
      options: { publicId: key.publicId, privateId: key.privateId, aesKey: key.aesKey, otp: touch(key) },
    });
    const staff = await host.signInVerified('sam');
    const user = await staff.get('/admin/user?id=u2');
    assert.equal(user.status, 200);
    assert.match(user.text, /Blue key/);
    assert.match(user.text, /YubiKey/);
    assert.doesNotMatch(user.text, /<option value="yubikey"/, '"Add an authenticator" offers the kinds that are scanned');
    const page = await staff.get(`/admin/devices/${device.persistentId}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /qr\.svg/);
    const qr = await staff.get(`/admin/devices/${device.persistentId}/qr.svg`);
    assert.notEqual(qr.status, 200, 'no QR code for a key');
    const deleted = await staff.post(`/admin/devices/${device.persistentId}/delete`, { _csrf: csrfOf(page) });
    assert.equal(deleted.status, 303, deleted.text);
    assert.equal(await host.twofold.getDevice('u2', device.persistentId), null);
  });
});
