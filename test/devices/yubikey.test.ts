import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CRC_RESIDUE,
  crc16,
  decryptBlock,
  detectLayout,
  hexToModhex,
  modhexDecode,
  modhexEncode,
  modhexToHex,
  parseBlock,
  readTypedToken,
  yubikey,
  yubikeyDeviceId,
  type YubikeyState,
} from '../../src/devices/yubikey/index.js';
import { HOST_LAYOUTS, replug, simulatedKey, tokenWith, touch, typeOn, type SimulatedKey } from '../support/yubikey-simulator.js';
import { assertRejectsTwofold, assertTwofoldError, attempt, createDevice, hex, type TestDevice } from './support.js';

// Yubico's published vectors (yubico-c, test-vectors.txt).
const VECTOR_KEY = hex('ecde18dbe76fbd0c33330f1c354871db');
const VECTOR_TOKEN = 'dteffujehknhfjbrjnlnldnhcujvddbikngjrtgh';
const VECTOR_PRIVATE_ID = hex('8792ebfe26cc');

function deviceFor(kind: ReturnType<typeof yubikey>, key: SimulatedKey): Promise<TestDevice<YubikeyState>> {
  return createDevice(kind, { publicId: key.publicId, privateId: key.privateId, aesKey: key.aesKey });
}

describe('modhex and CRC-16 (published vectors)', () => {
  it('decodes and encodes modhex', () => {
    assert.equal(Buffer.from(modhexDecode('dteffuje')!).toString('hex'), '2d344e83');
    assert.equal(Buffer.from(modhexDecode('hknhfjbrjnlnldnhcujvddbikngjrtgh')!).toString('hex'), '69b6481c8baba2b60e8f22179b58cd56');
    assert.equal(modhexEncode(new TextEncoder().encode('test')), 'ifhgieif');
    assert.equal(hexToModhex('ecde18dbe76fbd0c33330f1c354871db'), 'urtubjtnuihvntcreeeecvbregfjibtn');
    assert.equal(modhexToHex('urtubjtnuihvntcreeeecvbregfjibtn'), 'ecde18dbe76fbd0c33330f1c354871db');
    assert.equal(modhexDecode('abc'), null);
    assert.equal(modhexDecode('cbda'), null);
    assert.equal(modhexDecode('CBDE'), null);
    assert.equal(hexToModhex('0g'), null);
  });

  it('decrypts the vector block and checks its CRC residue', () => {
    const plain = decryptBlock(modhexDecode('hknhfjbrjnlnldnhcujvddbikngjrtgh')!, VECTOR_KEY);
    assert.equal(Buffer.from(plain).toString('hex'), '8792ebfe26cc130030c20011c89f23c8');
    assert.equal(crc16(plain), CRC_RESIDUE);
    const fields = parseBlock(plain)!;
    assert.deepEqual(
      { ...fields, privateId: Buffer.from(fields.privateId).toString('hex') },
      { privateId: '8792ebfe26cc', usageCounter: 19, capsLockTrigger: false, timestamp: 0xc230, sessionCounter: 17, random: 0x9fc8 },
    );
    const flipped = Uint8Array.from(plain);
    flipped[3]! ^= 1;
    assert.equal(parseBlock(flipped), null);
  });
});

describe('yubikey kind', () => {
  const kind = yubikey();

  it('accepts the published vector token once, then refuses it as replayed', async () => {
    const device = await createDevice(kind, { publicId: 'dteffuje', privateId: VECTOR_PRIVATE_ID, aesKey: VECTOR_KEY });
    assert.deepEqual(await attempt(kind, device, VECTOR_TOKEN, 0), {
      match: true,
      state: { publicId: 'dteffuje', lastUsageCounter: 19, lastSessionCounter: 17 },
    });
    assert.deepEqual(await attempt(kind, device, VECTOR_TOKEN, 0), { match: false, reason: 'replayed' });
  });

  it('derives one device id per public id, whoever registers it', async () => {
    const created = await kind.create({ publicId: 'DTEFFUJE', privateId: VECTOR_PRIVATE_ID, aesKey: VECTOR_KEY });
    assert.equal(created.id, yubikeyDeviceId('dteffuje'));
    assert.match(created.id ?? "", /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(yubikeyDeviceId('dteffuje'), yubikeyDeviceId('dteffujf'));
    assert.equal(created.secret!.length, 22, 'AES key and private id, sealed by the core');
    assert.ok(!JSON.stringify(created.state).includes('8792'), 'no private id in the state');
  });

  it('accepts simulated tokens in order, across sessions and a session counter wrap', async () => {
    const key = simulatedKey({ seed: 7 });
    const device = await deviceFor(kind, key);
    for (let i = 0; i < 3; i++) assert.equal((await attempt(kind, device, touch(key), 0)).match, true);
    replug(key);
    assert.equal((await attempt(kind, device, touch(key), 0)).match, true);
    key.sessionCounter = 0xfe;
    const beforeWrap = touch(key); // (u, 0xfe)
    const atWrap = touch(key); // (u, 0xff)
    const afterWrap = touch(key); // (u + 1, 0)
    assert.equal((await attempt(kind, device, beforeWrap, 0)).match, true);
    assert.equal((await attempt(kind, device, atWrap, 0)).match, true);
    assert.equal((await attempt(kind, device, afterWrap, 0)).match, true);
    assert.deepEqual([device.state.lastUsageCounter, device.state.lastSessionCounter], [key.usageCounter, 0]);
  });

  it('refuses replayed and decreasing counters', async () => {
    const key = simulatedKey({ seed: 8, usageCounter: 10 });
    const device = await deviceFor(kind, key);
    const first = tokenWith(key, { usageCounter: 10, sessionCounter: 5 });
    assert.equal((await attempt(kind, device, first, 0)).match, true);
    for (const [usageCounter, sessionCounter] of [[10, 5], [10, 4], [9, 255], [0, 0]] as const) {
      assert.deepEqual(await attempt(kind, device, tokenWith(key, { usageCounter, sessionCounter }), 0), { match: false, reason: 'replayed' }, `${usageCounter}/${sessionCounter}`);
    }
    assert.equal((await attempt(kind, device, tokenWith(key, { usageCounter: 10, sessionCounter: 6 }), 0)).match, true);
    assert.equal((await attempt(kind, device, tokenWith(key, { usageCounter: 11, sessionCounter: 0 }), 0)).match, true);
  });

  it('refuses after the wrap of an exhausted usage counter (0x7fff)', async () => {
    const key = simulatedKey({ seed: 9, usageCounter: 0x7fff });
    const device = await deviceFor(kind, key);
    key.sessionCounter = 0xff;
    assert.equal((await attempt(kind, device, touch(key), 0)).match, true);
    assert.equal(key.usageCounter, 0x7fff, 'the hardware counter stops');
    assert.deepEqual(await attempt(kind, device, touch(key), 0), { match: false, reason: 'replayed' });
  });

  it('ignores the Caps Lock trigger bit when comparing counters', async () => {
    const key = simulatedKey({ seed: 10, usageCounter: 3 });
    const device = await deviceFor(kind, key);
    key.capsLock = true;
    assert.equal((await attempt(kind, device, touch(key), 0)).match, true);
    assert.equal(device.state.lastUsageCounter, 3);
  });

  it('refuses a bad CRC, a wrong private id, another AES key and wrong lengths', async () => {
    const key = simulatedKey({ seed: 11 });
    const device = await deviceFor(kind, key);
    assert.deepEqual(await attempt(kind, device, tokenWith(key, { usageCounter: 1, sessionCounter: 1, corruptCrc: true }), 0), { match: false, reason: 'invalid' });
    const otherId = Uint8Array.from(key.privateId);
    otherId[0]! ^= 0x80;
    assert.deepEqual(await attempt(kind, device, tokenWith(key, { usageCounter: 1, sessionCounter: 1, privateId: otherId }), 0), { match: false, reason: 'invalid' });
    const stranger = simulatedKey({ seed: 12, publicId: key.publicId });
    assert.deepEqual(await attempt(kind, device, touch(stranger), 0), { match: false, reason: 'invalid' });
    const token = touch(key);
    for (const bad of [token.slice(0, -2), `${token}cc`, token.slice(0, -1), '', 'x'.repeat(300)]) {
      assert.deepEqual(await attempt(kind, device, bad, 0), { match: false, reason: 'malformed' });
    }
    const foreign = touch(simulatedKey({ seed: 13 }));
    assert.deepEqual(await attempt(kind, device, foreign, 0), { match: false, reason: 'malformed' }, 'another public id');
    assert.equal((await attempt(kind, device, token, 0)).match, true, 'the refusals consumed nothing');
  });

  it('maps tokens typed on other layouts and with Caps Lock back, Enter included', async () => {
    const key = simulatedKey({ seed: 14 });
    const device = await deviceFor(kind, key);
    for (const layout of Object.keys(HOST_LAYOUTS)) {
      for (const capsLock of [false, true]) {
        const typed = typeOn(touch(key), layout, { capsLock });
        assert.equal((await attempt(kind, device, typed, 0)).match, true, `${layout} caps=${capsLock}`);
      }
    }
    assert.equal(HOST_LAYOUTS.azerty, 'cbdefghijklnrtuv', 'AZERTY types modhex unchanged');
    assert.equal(HOST_LAYOUTS.qwertz, 'cbdefghijklnrtuv', 'QWERTZ types modhex unchanged');
    assert.equal((await attempt(kind, device, `  ${touch(key)}\t\n`, 0)).match, true);
    assert.equal(detectLayout(typeOn(touch(key), 'dvorak'), key.publicId), 'dvorak');
  });

  it('undoes Caps Lock with each layout’s own capitals', () => {
    const readings = (input: string) => readTypedToken(input).map((r) => `${r.layout}:${r.modhex}`);
    // An I is the "i" key on QWERTY, but Dvorak, Colemak and BÉPO type i elsewhere, and Turkish F types ı
    // (capital I) on the "r" key: every reading is kept, and the device's public id picks one.
    assert.deepEqual(readings('I'), ['qwerty:i', 'dvorak:g', 'colemak:l', 'bepo:d', 'turkish-q:i', 'turkish-f:r']);
    assert.deepEqual(readings('ı'), ['turkish-q:i', 'turkish-f:r']);
    assert.deepEqual(readings('ΨΒΔ'), ['greek:cbd']);
    assert.deepEqual(readings('СИВ'), ['cyrillic:cbd']);
    assert.deepEqual(readings('J.X'), ['dvorak:ceb']);
    assert.deepEqual(readings('?'), []);
  });

  it('refuses a layout the site does not map back, and says which one', async () => {
    const strict = yubikey({ layouts: ['qwerty'] });
    const key = simulatedKey({ seed: 15 });
    const device = await deviceFor(strict, key);
    const typed = typeOn(touch(key), 'dvorak');
    assert.deepEqual(await attempt(strict, device, typed, 0), { match: false, reason: 'malformed' });
    assert.deepEqual(strict.diagnoseToken(typed, device.state), { problem: 'layout-not-accepted', layout: 'dvorak', length: 44, expected: 44 });
    assert.equal(strict.diagnoseToken(touch(key), device.state).problem, null);
    assert.deepEqual(strict.diagnoseToken(touch(key).slice(0, 40), device.state), { problem: 'wrong-length', layout: 'qwerty', length: 40, expected: 44 });
    assert.equal(strict.diagnoseToken('пароль!', device.state).problem, 'unknown-characters');
    assert.equal(strict.diagnoseToken(' \n', device.state).problem, 'empty');
    assert.deepEqual(strict.diagnoseToken(touch(simulatedKey({ seed: 16 })), device.state), { problem: 'other-key', layout: 'qwerty', length: 44, expected: 44 });
  });

  it('checks a registration token against the key material and starts the counters there', async () => {
    const key = simulatedKey({ seed: 17, usageCounter: 40 });
    const old = touch(key);
    const fresh = touch(key);
    const device = await createDevice(kind, { publicId: key.publicId, privateId: key.privateId, aesKey: key.aesKey, otp: fresh });
    assert.deepEqual([device.state.lastUsageCounter, device.state.lastSessionCounter], [40, 1]);
    assert.deepEqual(await attempt(kind, device, old, 0), { match: false, reason: 'replayed' });
    assert.deepEqual(await attempt(kind, device, fresh, 0), { match: false, reason: 'replayed' });
    const wrongKey = Uint8Array.from(key.aesKey);
    wrongKey[0]! ^= 1;
    assertTwofoldError(() => kind.create({ publicId: key.publicId, privateId: key.privateId, aesKey: wrongKey, otp: touch(key) }), 'INVALID_OPTIONS', /not a token of this key/);
  });

  it('registers a key from a token alone when the host keeps records of its programmed keys', async () => {
    const known = simulatedKey({ seed: 21, usageCounter: 7 });
    const stranger = simulatedKey({ seed: 22 });
    const asked: string[] = [];
    const withRecords = yubikey({
      programmedKeys: (publicId) => {
        asked.push(publicId);
        return Promise.resolve(publicId === known.publicId ? { privateId: known.privateId, aesKey: known.aesKey } : null);
      },
    });
    // The setup wizard offers it as a key to touch, like the validation-service kind.
    const { presentation } = withRecords;
    assert.ok(presentation !== undefined);
    assert.deepEqual([presentation.setup.steps, presentation.setup.selfService], ['token', true]);
    assert.equal(kind.presentation?.setup.steps, 'none', 'without records: the admin or the CLI registers keys');

    const first = touch(known);
    const typed = typeOn(first, 'dvorak', { enter: true });
    assert.equal((await withRecords.create({ otp: typed })).id, yubikeyDeviceId(known.publicId), 'one device id per key, as for every YubiKey');
    const device = await createDevice(withRecords, { otp: typed });
    assert.deepEqual([device.state.lastUsageCounter, device.state.lastSessionCounter], [7, 0], 'the counters start at the registration token');
    assert.deepEqual(asked, [known.publicId, known.publicId]);
    assert.deepEqual(await attempt(withRecords, device, first, 0), { match: false, reason: 'replayed' }, 'the registration token is used up');
    assert.equal((await attempt(withRecords, device, touch(known), 0)).match, true);

    await assertRejectsTwofold(() => Promise.resolve(withRecords.create({ otp: touch(stranger) })), 'INVALID_OPTIONS', /not among the programmed keys/);
    await assertRejectsTwofold(() => Promise.resolve(withRecords.create({ otp: 'not a token' })), 'INVALID_OPTIONS', /not a YubiKey token/);
    // A record whose key does not make this token (a forged public id in front of another key's block).
    const forged = `${known.publicId}${touch(stranger).slice(stranger.publicId.length)}`;
    await assertRejectsTwofold(() => Promise.resolve(withRecords.create({ otp: forged })), 'INVALID_OPTIONS', /not a token of this key/);
    // Without records a token alone is not enough.
    assertTwofoldError(() => kind.create({ otp: touch(known) }), 'INVALID_OPTIONS', /publicId/);
    assert.throws(() => yubikey({ programmedKeys: 'keys.csv' as never }), /programmedKeys/);
  });

  it('validates options strictly and stored state', () => {
    const good = { publicId: 'vvccccbcgujh', privateId: hex('010203040506'), aesKey: hex('00112233445566778899aabbccddeeff') };
    assertTwofoldError(() => kind.create({ ...good, publicid: 'x' } as never), 'INVALID_OPTIONS', /unknown option "publicid"/);
    assertTwofoldError(() => kind.create({ ...good, publicId: 'abc' }), 'INVALID_OPTIONS', /publicId/);
    assertTwofoldError(() => kind.create({ ...good, publicId: 'c' }), 'INVALID_OPTIONS', /publicId/);
    assertTwofoldError(() => kind.create({ ...good, privateId: hex('0102') }), 'INVALID_OPTIONS', /privateId/);
    assertTwofoldError(() => kind.create({ ...good, aesKey: 'key' as never }), 'INVALID_OPTIONS', /aesKey/);
    assertTwofoldError(() => kind.create(undefined as never), 'INVALID_OPTIONS', /publicId/);
    assert.throws(() => yubikey({ layouts: ['klingon'] as never }), /layouts/);
    assert.throws(() => yubikey({ layout: ['qwerty'] } as never), /unknown setting "layout"/);
    assert.throws(() => yubikey({ throttleFactor: -1 }), /throttleFactor/);
    assert.throws(() => kind.parseState({ publicId: 'x' }), /CORRUPT|corrupt/);
    assert.throws(() => kind.parseState({ publicId: 'cccc', lastUsageCounter: 1, lastSessionCounter: null }), /corrupt/);
    assert.throws(() => kind.parseState({ publicId: 'cccc', lastUsageCounter: 0x8000, lastSessionCounter: 1 }), /corrupt/);
    assert.deepEqual(kind.parseState({ publicId: 'cccc', lastUsageCounter: null, lastSessionCounter: null }), { publicId: 'cccc', lastUsageCounter: null, lastSessionCounter: null });
  });
});
