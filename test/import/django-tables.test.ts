import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DJANGO_DEVICE_TABLES, djangoDeviceId, type DjangoDeviceRow, type DjangoDeviceTable } from '../../src/import/django/index.js';
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
