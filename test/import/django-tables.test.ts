import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DJANGO_DEVICE_TABLES,
  djangoDeviceId,
  djangoWebAuthnUserHandle,
  djangoYubikeyPublicId,
  type DjangoDeviceRow,
  type DjangoDeviceTable,
} from '../../src/import/django/index.js';
import { booleanOf, integerOf, timeOf } from '../../src/import/django/tables/common.js';
import { quoteIdentifier } from '../../src/import/django/source.js';

function table(name: string): DjangoDeviceTable {
  return DJANGO_DEVICE_TABLES.find((entry) => entry.table === name)!;
}

function row(fields: Record<string, unknown>, related: Record<string, unknown>[] = []): DjangoDeviceRow {
  return { pk: '1', djangoUser: '7', name: 'default', confirmed: true, row: { id: 1, user_id: 7, ...fields }, related };
}

const KEY = '2a2bbba1092ffdd25a328ad1a0a5f5d61d7aacc4';
const TOTP_ROW = { key: KEY, step: 30, t0: 0, digits: 6, tolerance: 1, drift: 0, last_t: 59_000_000 };

describe('Django importer: reading values', () => {
  it('reads Django datetimes from SQLite text (UTC) and from pg Dates, to the millisecond', () => {
    assert.equal(timeOf('2026-12-06 20:32:55.093023'), Date.UTC(2026, 11, 6, 20, 32, 55, 93));
    assert.equal(timeOf('2026-12-06 20:32:55'), Date.UTC(2026, 11, 6, 20, 32, 55));
    assert.equal(timeOf('2026-12-06 20:32:55.5+01:00'), Date.UTC(2026, 11, 6, 19, 32, 55, 500));
    assert.equal(timeOf('2026-12-06T20:32:55Z'), Date.UTC(2026, 11, 6, 20, 32, 55));
    assert.equal(timeOf(new Date(1_800_000_000_123)), 1_800_000_000_123);
    for (const bad of [null, undefined, '', 'yesterday', 42, new Date(Number.NaN)]) assert.equal(timeOf(bad), null);
  });

  it('reads integers and booleans as drivers return them', () => {
    assert.equal(integerOf(5), 5);
    assert.equal(integerOf(5n), 5);
    assert.equal(integerOf('-1'), -1);
    assert.equal(integerOf('59886305'), 59_886_305);
    for (const bad of [1.5, 'x', null, 2n ** 60n, '99999999999999999']) assert.equal(integerOf(bad), null);
    assert.deepEqual([true, 1, 1n, false, 0, null].map(booleanOf), [true, true, true, false, false, false]);
  });

  it('quotes plain identifiers only', () => {
    assert.equal(quoteIdentifier('auth_user'), '"auth_user"');
    for (const bad of ['auth user', 'x"; drop table y; --', '', '1abc']) assert.throws(() => quoteIdentifier(bad), /plain SQL identifier/);
  });

  it('derives one stable 22-character id per source row', () => {
    const id = djangoDeviceId('otp_totp_totpdevice', '1');
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(djangoDeviceId('otp_totp_totpdevice', '1'), id);
    assert.notEqual(djangoDeviceId('otp_totp_totpdevice', '2'), id);
    assert.notEqual(djangoDeviceId('otp_hotp_hotpdevice', '1'), id);
    assert.notEqual(djangoDeviceId('otp_totp_totpdevice', '1', 'shop'), id);
  });
});

describe('Django importer: table mappers', () => {
  it('TOTP: carries last_t and drift, lowers a large tolerance with a note, refuses what cannot verify', () => {
    const totp = table('otp_totp_totpdevice');
    const mapped = totp.map(row({ ...TOTP_ROW, tolerance: 30, drift: 3 }));
    assert.ok(mapped.ok);
    assert.deepEqual((mapped.options as { tolerance: number }).tolerance, 10);
    assert.equal(mapped.notes?.length, 2);
    const state = mapped.state!({ drift: 0, lastStep: null });
    assert.deepEqual(state, { drift: 3, lastStep: 59_000_000 });
    const fresh = totp.map(row({ ...TOTP_ROW, last_t: -1 }));
    assert.ok(fresh.ok);
    assert.equal(fresh.state!({ lastStep: null }).lastStep, null);
    const refused = (fields: Record<string, unknown>) => {
      const result = totp.map(row({ ...TOTP_ROW, ...fields }));
      return result.ok ? null : result.reason;
    };
    assert.match(refused({ key: '00112233445566778899' })!, /10 bytes/);
    assert.match(refused({ key: 'xyz' })!, /not hex/);
    assert.match(refused({ key: 'abc' })!, /not hex/);
    assert.match(refused({ step: 300 })!, /300 s/);
    assert.match(refused({ digits: 10 })!, /10 digits/);
    assert.match(refused({ tolerance: -1 })!, /tolerance/);
  });

  it('HOTP: the counter is the next one expected', () => {
    const mapped = table('otp_hotp_hotpdevice').map(row({ key: KEY, digits: 8, tolerance: 5, counter: '12' }));
    assert.ok(mapped.ok);
    assert.deepEqual({ ...(mapped.options as object), key: undefined }, { key: undefined, digits: 8, tolerance: 5, counter: 12 });
  });

  it('static: tokens become imported codes; blank ones are left out with a note; none or too many are refused', () => {
    const statics = table('otp_static_staticdevice');
    const mapped = statics.map(row({}, [{ id: 1, token: 'usvfwyb4' }, { id: 2, token: '   ' }, { id: 3, token: 'MixedCase1' }]));
    assert.ok(mapped.ok);
    assert.deepEqual(mapped.options, { codes: [], importedCodes: ['usvfwyb4', 'MixedCase1'] });
    assert.deepEqual(mapped.notes, ['static token 2 is not a usable code and was left out']);
    const none = statics.map(row({}, []));
    assert.ok(!none.ok && /no unused tokens/.test(none.reason));
    const many = statics.map(row({}, Array.from({ length: 51 }, (_, i) => ({ id: i, token: `t${i}` }))));
    assert.ok(!many.ok && /51 tokens/.test(many.reason));
  });

  it('e-mail and phone: address, number and method', () => {
    const mail = table('otp_email_emaildevice');
    const own = mail.map(row({ email: ' a@example.org ' }));
    assert.ok(own.ok);
    assert.deepEqual(own.options, { address: 'a@example.org' });
    const inherited = mail.map(row({ email: null }));
    assert.ok(inherited.ok);
    assert.deepEqual(inherited.options, {});
    assert.match(inherited.notes![0]!, /resolveAddress/);
    const phone = table('two_factor_phonedevice');
    const sms = phone.map(row({ number: '+31612345678', method: 'sms' }));
    assert.ok(sms.ok);
    assert.deepEqual(sms.options, { number: '+31612345678', method: 'sms' });
    const fax = phone.map(row({ number: '+31612345678', method: 'fax' }));
    assert.ok(!fax.ok && /unknown method/.test(fax.reason));
    const empty = phone.map(row({ number: '', method: 'sms' }));
    assert.ok(!empty.ok);
  });
});

describe('Django importer: YubiKey and WebAuthn rows', () => {
  const PRIVATE_ID = '8792ebfe26cc';
  const AES_KEY = 'ecde18dbe76fbd0c33330f1c354871db';

  it('gives a local YubiKey the public id django-otp-yubikey derives from the primary key, and its counters', () => {
    assert.equal(djangoYubikeyPublicId(1), 'cccccccb');
    assert.equal(djangoYubikeyPublicId(0x01020304), 'cbcdcecf');
    const mapped = table('otp_yubikey_yubikeydevice').map({ ...row({ private_id: PRIVATE_ID, key: AES_KEY, session: 3, counter: 7 }), pk: '258' });
    assert.ok(mapped.ok);
    const options = mapped.options as { publicId: string; privateId: Uint8Array; aesKey: Uint8Array };
    assert.equal(options.publicId, 'cccccbcd', '258 = 0x00000102');
    assert.equal(Buffer.from(options.privateId).toString('hex'), PRIVATE_ID);
    assert.equal(Buffer.from(options.aesKey).toString('hex'), AES_KEY);
    // django's "session" is the usage counter, its "counter" the session counter.
    assert.deepEqual(mapped.state!({ publicId: 'x', lastUsageCounter: null, lastSessionCounter: null }), { publicId: 'x', lastUsageCounter: 3, lastSessionCounter: 7 });
  });

  it('reports local YubiKeys with unusable key material or counters', () => {
    const yubikeyTable = table('otp_yubikey_yubikeydevice');
    const good = { private_id: PRIVATE_ID, key: AES_KEY, session: 0, counter: 0 };
    for (const bad of [{ private_id: '8792ebfe26' }, { key: AES_KEY.slice(2) }, { key: 'zz'.repeat(16) }, { session: 0x8000 }, { counter: 256 }, { counter: -1 }]) {
      const mapped = yubikeyTable.map(row({ ...good, ...bad }));
      assert.equal(mapped.ok, false, JSON.stringify(bad));
    }
  });

  it('names the remote YubiKey its Django service, and says which one when the kind lacks it', () => {
    const remote = table('otp_yubikey_remoteyubikeydevice');
    const service = { parent_name: 'corporate', parent_api_id: 777, parent_base_url: '', parent_api_version: '1.1' };
    const mapped = remote.map(row({ service_id: 2, public_id: 'vvccccbcgujh', ...service }));
    assert.ok(mapped.ok);
    assert.deepEqual(mapped.options, { publicId: 'vvccccbcgujh', service: 'corporate' });
    assert.match(mapped.refusalHint ?? '', /"corporate" \(client id 777, YubiCloud\)/);
    assert.match(mapped.notes?.[0] ?? '', /protocol 1\.1/);
    assert.equal(remote.map(row({ service_id: null, public_id: 'vvccccbcgujh', parent_name: null })).ok, false);
    assert.equal(remote.map(row({ service_id: 2, public_id: ' ', ...service })).ok, false);
  });

  it('carries a WebAuthn credential over with its counter and two-factor’s user handle', () => {
    const webauthnTable = table('two_factor_webauthn_webauthndevice');
    const publicKey = Buffer.alloc(77, 1);
    const mapped = webauthnTable.map(row({ key_handle: 'ab+/cd==', public_key: publicKey.toString('base64'), sign_count: 12 }));
    assert.ok(mapped.ok);
    const options = mapped.options as Record<string, unknown>;
    assert.equal(options.credentialId, 'ab-_cd');
    assert.deepEqual(Buffer.from(options.publicKey as Uint8Array), publicKey);
    assert.equal(options.counter, 12);
    assert.equal(options.backupEligible, null, 'learnt at the first assertion');
    // sha1("7") in hex, as bytes: what two-factor put in user.id.
    assert.equal(Buffer.from(options.userHandle as string, 'base64url').toString(), '902ba3cda1883801594b6e1b452790cc53948fda');
    assert.equal(djangoWebAuthnUserHandle('7'), options.userHandle);
    for (const bad of [{ sign_count: -1 }, { sign_count: 2 ** 32 }, { key_handle: 'not base64!' }, { public_key: null }]) {
      assert.equal(webauthnTable.map(row({ key_handle: 'abcd', public_key: 'AQID', sign_count: 0, ...bad })).ok, false, JSON.stringify(bad));
    }
  });
});
