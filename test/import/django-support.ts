/**
 * Real Django databases for the importer's tests, made by Debian's
 * python3-django-otp through test/import/django_project/make_fixture.py,
 * and the checks every imported scenario must pass.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createTwofold, type Twofold } from '../../src/core/twofold.js';
import type { Store } from '../../src/core/types.js';
import { totp } from '../../src/devices/totp/index.js';
import { hotp } from '../../src/devices/hotp/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { email } from '../../src/devices/email/index.js';
import { phone } from '../../src/devices/phone/index.js';
import { yubikey, yubikeyDeviceId } from '../../src/devices/yubikey/index.js';
import { yubikeyRemote } from '../../src/devices/yubikey-remote/index.js';
import { credentialDeviceId, webauthn, webauthnCeremonies, type WebAuthnCeremonies } from '../../src/devices/webauthn/index.js';
import * as helpers from '@simplewebauthn/server/helpers';
import { createDevelopmentGateway } from '../../src/gateways/development/index.js';
import { generateHOTP } from '../../src/oath/index.js';
import { djangoDeviceId, type DjangoImportReport } from '../../src/import/django/index.js';
import { softAuthenticator } from '../support/soft-webauthn.js';
import { checkImportedWebAuthn, checkImportedYubikey } from './django-new-kinds.js';

/** The Python with django-otp (Debian's); TWOFOLD_PYTHON overrides it. */
export const PYTHON = process.env.TWOFOLD_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./django_project/make_fixture.py', import.meta.url));
export const SECRETS = ['import-test-secret-0123456789-abcdefghijklmnop'];

/** Whether Python can import Django and django-otp (and psycopg2 when asked). */
export function hasDjango(withPostgres = false): boolean {
  const modules = withPostgres ? 'django, django_otp, psycopg2' : 'django, django_otp';
  const result = spawnSync(PYTHON, ['-c', `import ${modules}`], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** One device of the scenario, as the Python side describes it. */
export interface FixtureDevice {
  readonly table: string;
  readonly pk: number;
  readonly user: string;
  readonly name: string;
  readonly key?: string;
  readonly digits?: number;
  readonly step?: number;
  readonly t0?: number;
  readonly confirmed?: boolean;
  readonly usedCodes?: readonly string[];
  readonly lastT?: number;
  readonly drift?: number;
  readonly counter?: number;
  readonly tokens?: readonly string[];
  readonly usedTokens?: readonly string[];
  readonly failures?: number;
  readonly failedAt?: number;
  readonly email?: string | null;
  readonly number?: string;
  readonly method?: string;
  readonly publicId?: string;
  readonly privateId?: string;
  readonly usageCounter?: number;
  readonly sessionCounter?: number;
  readonly service?: string;
}

export interface ScenarioManifest {
  readonly now: number;
  readonly users: Readonly<Record<string, number>>;
  readonly devices: readonly FixtureDevice[];
  readonly unimportable: readonly { table: string; pk: number; why: string }[];
}

/** The origin of the imported WebAuthn credential (two-factor's RP id and the twofold kind's must agree). */
export const WEBAUTHN_ORIGIN = 'https://example.com';
/** The sign count Django last stored for alice's credential. */
export const DJANGO_SIGN_COUNT = 41;

/**
 * Alice's security key, registered "in Django": its credential id and COSE
 * public key go into the fixture as two-factor's plugin stores them.
 */
export const aliceKey = softAuthenticator({ origin: WEBAUTHN_ORIGIN, seed: 'django-import-alice' });
const registration = aliceKey.register({ challenge: 'AAAAAAAAAAAAAAAAAAAAAA', rp: { id: 'example.com' }, user: { id: 'AAAA' } });
const attestation = helpers.decodeAttestationObject(Buffer.from((registration.response as { attestationObject: string }).attestationObject, 'base64url'));
const alicePublicKey = helpers.parseAuthenticatorData(attestation.get('authData')).credentialPublicKey!;
aliceKey.counter = DJANGO_SIGN_COUNT;
const WEBAUTHN_ARGUMENT = JSON.stringify({ keyHandle: aliceKey.credentialId, publicKey: Buffer.from(alicePublicKey).toString('base64url'), signCount: DJANGO_SIGN_COUNT });

/** Runs the fixture script; returns the parsed manifest. */
export function makeFixture(args: readonly string[]): unknown {
  const manifest = join(mkdtempSync(join(tmpdir(), 'twofold-django-')), 'manifest.json');
  const scenario = args.includes('--users') ? [] : ['--webauthn', WEBAUTHN_ARGUMENT];
  const result = spawnSync(PYTHON, [SCRIPT, ...args, ...scenario, '--manifest', manifest], { encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`make_fixture.py failed (${String(result.status)}): ${result.stderr}`);
  return JSON.parse(readFileSync(manifest, 'utf8'));
}

/** A twofold instance with every kind the importer targets, and a clock the test moves. */
export function createTarget(store: Store, start: number): { twofold: Twofold; clock: { now: number }; ceremonies: WebAuthnCeremonies } {
  const clock = { now: start };
  const gateway = createDevelopmentGateway({ log: () => undefined });
  const passkeys = webauthn({ rpId: 'example.com', rpName: 'Example', origins: [WEBAUTHN_ORIGIN] });
  const twofold = createTwofold({
    store,
    secrets: SECRETS,
    clock: () => clock.now,
    logger: { warn: () => undefined, error: () => undefined },
    kinds: [
      totp(),
      hotp(),
      backupCodes(),
      email({ sender: gateway, resolveAddress: ({ userId }) => `${userId}@example.org` }),
      phone({ gateway, methods: ['sms', 'call'] }),
      passkeys,
      yubikey(),
      // Only "default": Django's "corporate" service is not configured here, so its key is reported.
      yubikeyRemote({ services: [{ name: 'default', clientId: '12345', apiKey: 'c2VjcmV0LWFwaS1rZXktMDEyMzQ1Njc=', urls: ['http://127.0.0.1:9/verify'] }] }),
    ],
  });
  return { twofold, clock, ceremonies: webauthnCeremonies(twofold, passkeys) };
}

/** Maps Django users to host ids: everyone but frank, who shows up as unmapped. */
export function scenarioMapping(manifest: ScenarioManifest): (key: string) => string | null {
  const names = new Map(Object.entries(manifest.users).map(([name, id]) => [String(id), name]));
  return (key) => {
    const name = names.get(key);
    return name === undefined || name === 'frank' ? null : `host-${name}`;
  };
}

const KIND_OF: Readonly<Record<string, string>> = {
  otp_totp_totpdevice: 'totp',
  otp_hotp_hotpdevice: 'hotp',
  otp_static_staticdevice: 'backup-codes',
  otp_email_emaildevice: 'email',
  two_factor_phonedevice: 'phone',
  two_factor_webauthn_webauthndevice: 'webauthn',
  otp_yubikey_yubikeydevice: 'yubikey',
  otp_yubikey_remoteyubikeydevice: 'yubikey-remote',
};

/** The persistent id the importer gives a fixture device (YubiKeys: the kinds' own, from the public id). */
export function persistentIdOf(device: { table: string; pk: number; publicId?: string }): string {
  // Kinds whose devices stand for one physical credential name them after it (a YubiKey's public id, a WebAuthn credential id).
  const id =
    device.table === 'two_factor_webauthn_webauthndevice'
      ? credentialDeviceId(aliceKey.credentialId)
      : device.publicId === undefined
        ? djangoDeviceId(device.table, String(device.pk))
        : yubikeyDeviceId(device.publicId);
  return `${KIND_OF[device.table]!}/${id}`;
}

/** What the report of the scenario's first import must say. */
export function checkScenarioReport(report: DjangoImportReport, manifest: ScenarioManifest): void {
  assert.deepEqual(report.created, { totp: 4, hotp: 2, 'backup-codes': 1, email: 2, phone: 2, webauthn: 1, yubikey: 1, 'yubikey-remote': 1 });
  assert.equal(report.usersSeen, 6);
  assert.equal(report.usersImported, 4);
  assert.equal(report.primaryDevicesSet, 3);
  assert.deepEqual(report.unmappedUsers, [{ djangoUser: String(manifest.users.frank), devices: 1 }]);
  const skipped = report.skipped.map((row) => `${row.table}/${row.pk}`).sort();
  assert.deepEqual(skipped, manifest.unimportable.map((row) => `${row.table}/${row.pk}`).sort());
  for (const row of report.skipped) {
    const expected = manifest.unimportable.find((entry) => entry.table === row.table && String(entry.pk) === row.pk)!;
    assert.match(row.reason, new RegExp(expected.why === 'tokens' ? 'at most 50' : expected.why), row.reason);
  }
  assert.ok(report.notes.some((note) => note.table === 'otp_email_emaildevice' && /resolveAddress/.test(note.note)));
  assert.deepEqual(report.tables.missing, []);
}

async function verify(twofold: Twofold, userId: string, id: string, token: string): Promise<string> {
  const result = await twofold.verifyToken(userId, id, token);
  return result.ok ? 'ok' : result.reason;
}

/** Each imported device works as it did in Django, and used codes stay used. */
export async function checkScenarioDevices(target: { twofold: Twofold; clock: { now: number }; ceremonies: WebAuthnCeremonies }, manifest: ScenarioManifest): Promise<void> {
  const { twofold, clock } = target;
  const imported = manifest.devices.filter((device) => device.user !== 'frank');
  for (const device of imported) {
    const userId = `host-${device.user}`;
    const id = persistentIdOf(device);
    clock.now = manifest.now;
    const loaded = await twofold.getDevice(userId, id);
    assert.ok(loaded !== null, `${id} (${device.table} ${device.pk}) was imported`);
    assert.equal(loaded.name, device.name);
    const key = device.key === undefined ? undefined : Uint8Array.from(Buffer.from(device.key, 'hex'));
    if (device.table === 'otp_totp_totpdevice') {
      const real = Math.floor((manifest.now / 1000 - device.t0!) / device.step!);
      const next = device.lastT! >= 0 ? device.lastT! + 1 : real;
      const code = generateHOTP(key!, next, { digits: device.digits! });
      if (device.confirmed === false) {
        assert.equal(await verify(twofold, userId, id, code), 'device-not-found', 'unconfirmed stays unconfirmed');
        continue;
      }
      if (device.failures !== undefined) {
        assert.equal(await verify(twofold, userId, id, code), 'throttled', 'a throttled device stays throttled');
        assert.equal(loaded.lockedUntil?.getTime(), Math.floor(device.failedAt!) + 1000 * 2 ** (device.failures - 1));
        clock.now = Math.floor(device.failedAt!) + 1000 * 2 ** (device.failures - 1);
      }
      assert.equal(await verify(twofold, userId, id, code), 'ok', `next code of ${id}`);
      for (const used of device.usedCodes ?? []) assert.equal(await verify(twofold, userId, id, used), 'replayed-token', 'a code used in Django');
    } else if (device.table === 'otp_hotp_hotpdevice') {
      assert.equal(await verify(twofold, userId, id, generateHOTP(key!, device.counter!, { digits: device.digits! })), 'ok');
      for (const used of device.usedCodes ?? []) assert.equal(await verify(twofold, userId, id, used), 'replayed-token');
    } else if (device.table === 'otp_static_staticdevice') {
      // While the device holds imported codes, a used one is a wrong code (once none is left, it is not even a code).
      for (const token of device.usedTokens!) {
        clock.now += 3_600_000;
        assert.equal(await verify(twofold, userId, id, token), 'invalid-token', 'a token used in Django');
      }
      for (const token of device.tokens!) {
        clock.now += 60_000;
        // As typed, whatever the case: django-otp's lower-case tokens and the hand-made mixed-case one.
        assert.equal(await verify(twofold, userId, id, token === token.toLowerCase() ? token.toUpperCase() : token.toLowerCase()), 'ok', 'a remaining token');
        clock.now += 60_000;
        assert.equal(await verify(twofold, userId, id, token), 'invalid-token', 'a token works once');
      }
    } else if (device.table === 'two_factor_webauthn_webauthndevice') {
      await checkImportedWebAuthn(target.ceremonies, userId, String(manifest.users[device.user]), aliceKey, device.counter!);
    } else if (device.table === 'otp_yubikey_yubikeydevice' || device.table === 'otp_yubikey_remoteyubikeydevice') {
      await checkImportedYubikey(twofold, clock, userId, id, device, loaded.state);
    } else if (device.table === 'otp_email_emaildevice') {
      assert.equal(loaded.state.address, device.email ?? null);
    } else {
      assert.deepEqual([loaded.state.number, loaded.state.method], [device.number, device.method]);
    }
  }
  const primary = async (user: string) => (await twofold.store.getUserPreferences(`host-${user}`))?.primaryDeviceId ?? null;
  const defaultOf = (user: string, table: string) => persistentIdOf(imported.find((d) => d.user === user && d.table === table && d.name === 'default')!).split('/')[1];
  assert.equal(await primary('alice'), defaultOf('alice', 'otp_totp_totpdevice'));
  assert.equal(await primary('bob'), defaultOf('bob', 'two_factor_phonedevice'));
  assert.equal(await primary('carol'), defaultOf('carol', 'otp_totp_totpdevice'));
  assert.equal(await primary('erin'), null);
}
