import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOtpauthURI, decodeHex, parseOtpauthURI } from '../../src/oath/index.js';
import type { HashAlgorithm, OtpauthURIOptions } from '../../src/oath/index.js';
import { seeded } from '../support/random.js';

const DJANGO_KEY = decodeHex('2a2bbba1092ffdd25a328ad1a0a5f5d61d7aacc4');
const DJANGO_SECRET = 'FIV3XIIJF765EWRSRLI2BJPV2YOXVLGE';

describe('createOtpauthURI', () => {
  it('writes TOTP URIs with every parameter explicit', () => {
    assert.equal(
      createOtpauthURI({ type: 'totp', key: DJANGO_KEY, accountName: 'alice' }),
      `otpauth://totp/alice?secret=${DJANGO_SECRET}&algorithm=SHA1&digits=6&period=30`,
    );
    assert.equal(
      createOtpauthURI({ type: 'totp', key: DJANGO_KEY, accountName: 'alice@example.com', issuer: 'ACME Co' }),
      `otpauth://totp/ACME%20Co:alice%40example.com?secret=${DJANGO_SECRET}&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30`,
    );
    assert.equal(
      createOtpauthURI({ type: 'totp', key: DJANGO_KEY, accountName: 'bob', issuer: 'X', algorithm: 'SHA256', digits: 8, period: 60 }),
      `otpauth://totp/X:bob?secret=${DJANGO_SECRET}&issuer=X&algorithm=SHA256&digits=8&period=60`,
    );
  });

  it('removes colons from the issuer, percent-encodes per RFC 3986, and adds the image', () => {
    assert.equal(
      createOtpauthURI({
        type: 'totp',
        key: DJANGO_KEY,
        accountName: 'alice',
        issuer: 'Very: Trustworthy Source',
        image: 'https://test.invalid/sq uare.png?x=1&y=2',
      }),
      `otpauth://totp/Very%20Trustworthy%20Source:alice?secret=${DJANGO_SECRET}&issuer=Very%20Trustworthy%20Source` +
        '&algorithm=SHA1&digits=6&period=30&image=https://test.invalid/sq%20uare.png%3Fx%3D1%26y%3D2',
    );
    assert.equal(
      createOtpauthURI({ type: 'totp', key: DJANGO_KEY, accountName: "Zoë O'Brien (admin)*!", issuer: 'a/b&c=d+e#f' }),
      `otpauth://totp/a%2Fb%26c%3Dd%2Be%23f:Zo%C3%AB%20O%27Brien%20%28admin%29%2A%21?secret=${DJANGO_SECRET}` +
        '&issuer=a%2Fb%26c%3Dd%2Be%23f&algorithm=SHA1&digits=6&period=30',
    );
    assert.equal(
      createOtpauthURI({ type: 'totp', key: DJANGO_KEY, accountName: 'alice', issuer: '' }),
      `otpauth://totp/alice?secret=${DJANGO_SECRET}&algorithm=SHA1&digits=6&period=30`,
      'an empty issuer is no issuer',
    );
    assert.equal(
      createOtpauthURI({ type: 'totp', key: DJANGO_KEY, accountName: 'alice', issuer: ':::' }),
      `otpauth://totp/alice?secret=${DJANGO_SECRET}&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('writes HOTP URIs with the counter', () => {
    assert.equal(
      createOtpauthURI({ type: 'hotp', key: DJANGO_KEY, accountName: 'alice', issuer: 'ACME', counter: 5 }),
      `otpauth://hotp/ACME:alice?secret=${DJANGO_SECRET}&issuer=ACME&algorithm=SHA1&digits=6&counter=5`,
    );
    assert.equal(
      createOtpauthURI({ type: 'hotp', key: DJANGO_KEY, accountName: 'alice' }),
      `otpauth://hotp/alice?secret=${DJANGO_SECRET}&algorithm=SHA1&digits=6&counter=0`,
    );
    assert.match(
      createOtpauthURI({ type: 'hotp', key: DJANGO_KEY, accountName: 'a', counter: 2n ** 64n - 1n }),
      /&counter=18446744073709551615$/,
    );
  });

  it('writes the secret as unpadded upper-case base32', () => {
    const uri = createOtpauthURI({ type: 'totp', key: new TextEncoder().encode('f'), accountName: 'a' });
    assert.match(uri, /\?secret=MY&/);
  });

  it('rejects bad options', () => {
    const base: OtpauthURIOptions = { type: 'totp', key: DJANGO_KEY, accountName: 'alice' };
    const bad: [Partial<Record<keyof OtpauthURIOptions, unknown>>, ErrorConstructor][] = [
      [{ type: 'motp' }, RangeError],
      [{ key: new Uint8Array(0) }, RangeError],
      [{ key: 'secret' }, TypeError],
      [{ accountName: '' }, RangeError],
      [{ accountName: 'a:b' }, RangeError],
      [{ accountName: 'line\nbreak' }, RangeError],
      [{ accountName: 'nul\u0000' }, RangeError],
      [{ accountName: 'del\u007f' }, RangeError],
      [{ accountName: 'c1\u0085' }, RangeError],
      [{ accountName: 42 }, TypeError],
      [{ accountName: 'lone \ud800 surrogate' }, RangeError],
      [{ issuer: 'tab\there' }, RangeError],
      [{ issuer: 7 }, TypeError],
      [{ digits: 9 }, RangeError],
      [{ algorithm: 'MD5' }, RangeError],
      [{ period: 0 }, RangeError],
      [{ period: 1.5 }, RangeError],
      [{ image: '' }, RangeError],
      [{ image: 'https://x/\r\n' }, RangeError],
      [{ type: 'hotp', counter: -1 }, RangeError],
      [{ type: 'hotp', counter: 2n ** 64n }, RangeError],
    ];
    for (const [override, error] of bad) {
      assert.throws(() => createOtpauthURI({ ...base, ...override } as OtpauthURIOptions), error, JSON.stringify(override, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    }
  });
});

describe('parseOtpauthURI', () => {
  it('reads the Key Uri Format examples', () => {
    assert.deepEqual(parseOtpauthURI('otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example'), {
      type: 'totp',
      key: Uint8Array.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]),
      accountName: 'alice@google.com',
      issuer: 'Example',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    const acme = parseOtpauthURI(
      'otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
    );
    assert.equal(acme.issuer, 'ACME Co');
    assert.equal(acme.accountName, 'john.doe@email.com');
    assert.equal(acme.key.length, 20);
  });

  it('reads an encoded colon, spaces before the account, and an issuer from the label only', () => {
    const parsed = parseOtpauthURI('otpauth://totp/Big%20Corporation%3A%20alice%40bigco.com?secret=JBSWY3DPEHPK3PXP');
    assert.equal(parsed.issuer, 'Big Corporation');
    assert.equal(parsed.accountName, 'alice@bigco.com');
    // django-otp's form (%3A) and two-factor's form (": ").
    assert.equal(parseOtpauthURI(`otpauth://totp/Very%20Trustworthy%20Source%3Aalice?secret=${DJANGO_SECRET}&algorithm=SHA1&digits=6&period=30&issuer=Very%20Trustworthy%20Source&image=https://test.invalid/sq%20uare.png%3Fx%3D1%26y%3D2`).image, 'https://test.invalid/sq uare.png?x=1&y=2');
    const twoFactor = parseOtpauthURI('otpauth://totp/testserver%3A%20bouke%40example.com?secret=JBSWY3DPEHPK3PXP&digits=6&issuer=testserver');
    assert.equal(twoFactor.accountName, 'bouke@example.com');
    assert.equal(twoFactor.issuer, 'testserver');
  });

  it('prefers the issuer parameter, accepts lower-case and padded secrets and parameter names in any case', () => {
    const parsed = parseOtpauthURI('OTPAUTH://TOTP/Old:alice?SECRET=jbswy3dpehpk3pxp&Issuer=New&algorithm=sha256&digits=8&period=60&foo=bar');
    assert.equal(parsed.issuer, 'New');
    assert.equal(parsed.algorithm, 'SHA256');
    assert.equal(parsed.digits, 8);
    assert.equal(parsed.period, 60);
    assert.equal(parseOtpauthURI('otpauth://totp/a?secret=MY======').key.length, 1);
    assert.equal(parseOtpauthURI('otpauth://totp/a+b?secret=MY&issuer=c+d').issuer, 'c+d', '+ is literal (RFC 3986)');
  });

  it('reads HOTP counters, as a bigint beyond 2^53 - 1', () => {
    assert.equal(parseOtpauthURI('otpauth://hotp/a?secret=MY&counter=7').counter, 7);
    assert.equal(parseOtpauthURI('otpauth://hotp/a?secret=MY&counter=18446744073709551615').counter, 2n ** 64n - 1n);
    assert.equal(parseOtpauthURI('otpauth://hotp/a?secret=MY&counter=9007199254740992').counter, 2n ** 53n);
    assert.equal(parseOtpauthURI('otpauth://hotp/a?secret=MY&counter=9007199254740991').counter, Number.MAX_SAFE_INTEGER);
  });

  it('rejects malformed URIs with a TypeError that does not contain the secret', () => {
    const malformed = [
      'http://totp/a?secret=JBSWY3DPEHPK3PXP',
      'otpauth://motp/a?secret=JBSWY3DPEHPK3PXP',
      'otpauth://totp/a',
      'otpauth://totp/a?issuer=x',
      'otpauth://totp/a?secret=',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PX1',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXP',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=5',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=six',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=MD5',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=0',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=-30',
      'otpauth://totp/?secret=JBSWY3DPEHPK3PXP',
      'otpauth://totp/Issuer:?secret=JBSWY3DPEHPK3PXP',
      'otpauth://totp/a%ZZ?secret=JBSWY3DPEHPK3PXP',
      'otpauth://totp/a%0Ab?secret=JBSWY3DPEHPK3PXP',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP#fragment',
      'otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP',
      'otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=-1',
      'otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551616',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&image=',
      ' otpauth://totp/a?secret=JBSWY3DPEHPK3PXP',
    ];
    for (const uri of malformed) {
      assert.throws(() => parseOtpauthURI(uri), (error: unknown) => {
        assert.ok(error instanceof TypeError, uri);
        assert.ok(!error.message.includes('JBSWY3DPEHPK3P'), `message leaks the secret: ${error.message}`);
        return true;
      });
    }
    assert.throws(() => parseOtpauthURI(undefined as unknown as string), TypeError);
  });

  it('inverts createOtpauthURI on 1000 random devices', seeded((random) => {
    const algorithms: HashAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
    const alphabet = ['a', 'Z', '0', ' ', '@', '.', '-', '_', '~', '%', '+', '&', '=', '?', '/', '#', 'é', '中', '😀', "'", '(', '*'];
    const randomText = (length: number): string => Array.from({ length }, () => alphabet[random.int(alphabet.length)]!).join('');
    for (let i = 0; i < 1000; i++) {
      const type = i % 2 === 0 ? 'totp' : 'hotp';
      // Leading spaces of an account name are indistinguishable from the optional spaces after the colon.
      const accountName = `x${randomText(random.int(0, 12))}`;
      const issuer = i % 3 === 0 ? undefined : `i${randomText(random.int(0, 8))}`;
      const options: OtpauthURIOptions = {
        type,
        key: new Uint8Array(random.bytes(random.int(1, 65))),
        accountName,
        algorithm: algorithms[random.int(3)]!,
        digits: random.int(6, 9),
        ...(issuer === undefined ? {} : { issuer }),
        ...(type === 'totp' ? { period: random.int(1, 300) } : { counter: random.int(0, 2 ** 40) }),
        ...(i % 5 === 0 ? { image: `https://example.test/${randomText(6)}.png` } : {}),
      };
      const parsed = parseOtpauthURI(createOtpauthURI(options));
      assert.deepEqual(parsed, options);
    }
  }));
});
